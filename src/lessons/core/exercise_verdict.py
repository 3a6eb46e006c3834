"""Comparing a learner's Try-it result with the expected one, in plain words (no display, no saving).

``compare`` never raises, whatever the learner made: a result that cannot be compared is a ``Verdict``
saying what to make instead. See ``lessons.core.exercise_bank`` for the exercises themselves.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from lessons.core.exercise_bank import Exercise


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: right or not yet, and what to look at, in plain words."""

    right: bool
    message: str
    waiting: bool = False  # nothing to check yet (the learner has not written the result)

    @property
    def status(self) -> str:
        """'right', 'not-yet' or 'waiting' (the CSS class and the symbol follow it)."""
        return "right" if self.right else ("waiting" if self.waiting else "not-yet")


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _describe(value: Any) -> str:
    """What kind of thing a result is, never its size or value: a table of 5 rows, said to a learner whose
    answer is the number 5, would give the answer away."""
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return "a table"
    if isinstance(value, pd.Series):
        return "a column"
    if _is_number(value):
        return "a number"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def _counts(value: Any) -> dict | None:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        value = value.stack()
    if isinstance(value, pd.Series) and all(_is_number(v) for v in value.tolist()):
        return {k: v for k, v in value.items() if v}
    if isinstance(value, dict) and all(_is_number(v) for v in value.values()):
        return {k: v for k, v in value.items() if v}
    return None


def compare(exercise: Exercise, value: Any, expected: Any) -> Verdict:
    """Compare a learner's result with the expected one; never raises, whatever the learner made."""
    import pandas as pd

    look = f" Look at: {exercise.look_at}"
    try:
        if exercise.compare == "number":
            if isinstance(value, (pd.Series, pd.DataFrame)):
                return Verdict(False, f"Your result is {_describe(value)}; this exercise asks for one number "
                                      "(len(...) counts rows, .sum() adds a column up)." + look)
            if not _is_number(value):
                return Verdict(False, f"Your result is {_describe(value)}, not a number." + look)
            if abs(float(value) - float(expected)) < 1e-9:
                return Verdict(True, f"Right: {value}.")
            return Verdict(False, f"Your number is {value}; that is not it yet." + look)
        if exercise.compare == "rows":
            if not isinstance(value, (pd.Series, pd.DataFrame)):
                return Verdict(False, f"Your result is {_describe(value)}; this exercise asks for the rows of "
                                      "a table (a filter such as table[table[\"column\"] == value])." + look)
            mine, want = set(value.index.tolist()), set(expected.index.tolist())
            if mine == want:
                return Verdict(True, f"Right: the {len(want)} rows the question asks for.")
            extra, gone = len(mine - want), len(want - mine)
            parts = [f"You kept {len(mine)} rows; the answer keeps {len(want)}."]
            if extra:
                parts.append(f"{extra} of yours should not be there.")
            if gone:
                parts.append(f"{gone} are missing.")
            return Verdict(False, " ".join(parts) + look)
        mine_counts, want_counts = _counts(value), _counts(expected)
        if mine_counts is None:
            return Verdict(False, f"Your result is {_describe(value)}; this exercise asks for a count per "
                                  "label (value_counts() or pd.crosstab give one)." + look)
        if want_counts is None:  # the solution gives no counts ('lessons check' says so): as any failed comparison
            raise TypeError("the expected result is not a count per label")
        if mine_counts == want_counts:
            return Verdict(True, f"Right: {len(want_counts)} counts, all as they should be.")
        wrong = [k for k in sorted(set(mine_counts) | set(want_counts), key=str)
                 if mine_counts.get(k) != want_counts.get(k)]
        first = wrong[0]
        return Verdict(False, f"{len(wrong)} of your counts differ from the answer; for example {first!r}: you "
                              f"have {mine_counts.get(first, 0)}." + look)
    except Exception as exc:  # a learner's object may do anything when compared
        return Verdict(False, f"Your result could not be compared ({type(exc).__name__}). Make it a table, "
                              "a column or a number." + look)
