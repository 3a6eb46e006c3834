"""Try-it exercises in the learner's notebook: ``check("03-paragraphs-per-speaker")`` says in plain words
whether a learner's result is right and, if not, what to look at; it records in the answers file that the
exercise was tried.

The exercises (``course/exercises.yaml``) and their loader are ``lessons.core.exercise_bank``; comparing a
result is ``lessons.core.exercise_verdict``. This module reads the learner's variable, saves the attempt
and shows the verdict.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from lessons.core.exercise_bank import (COMPARE, Exercise, ExerciseError, expected_result, find_exercise,
                                        load_exercises, parse_exercises)
from lessons.core.exercise_verdict import Verdict, compare

__all__ = ["COMPARE", "MISSING", "CheckResult", "Exercise", "ExerciseError", "Verdict", "check", "compare", "evaluate",
           "expected_result", "find_exercise", "load_exercises", "parse_exercises", "verdict_html"]

MISSING = object()


def evaluate(exercise_id: str, value: Any, folder: Path | None = None) -> Verdict:
    """Right or not yet, for a learner's result (no saving, no display)."""
    exercise = find_exercise(exercise_id, folder)
    if value is MISSING:
        return Verdict(False, f"There is no `{exercise.name}` yet. In the empty cell above, write "
                              f"`{exercise.name} = ` and your code, run that cell, then run this check again.",
                       waiting=True)
    return compare(exercise, value, expected_result(exercise, folder))


def _record(exercise_id: str, right: bool) -> str:
    """Save the attempt in the learner's answers file; a note for the learner on what happened."""
    from lessons.core.learner_ids import current
    from lessons.notebook.responses import ResponseStore

    saved = current()
    if saved is None:
        return "Not saved: no name is given yet (run ask_name() from lesson 00 to give it)."
    try:
        ResponseStore(saved[0]).record_exercise(exercise_id, right)  # the page's download links follow
    except OSError as exc:
        return f"Not saved: the answers folder could not be written ({exc})."
    return "Saved in your answers file."


HEADS = {"right": ("✔ Right.", "#1a7f37"), "not-yet": ("✘ Not yet.", "#b3261e"), "waiting": ("➜ Your turn.", "#1a5fb4")}


def _words_html(text: str) -> str:
    """Escape the message; `code` in it becomes <code>code</code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def verdict_html(exercise: Exercise, verdict: Verdict, note: str) -> str:
    """The check's output: a symbol and words (colour only adds to them)."""
    head, colour = HEADS[verdict.status]
    return (f"<div class='lessons-check lessons-check-{verdict.status}' role='status'>"
            f"<b style='color:{colour}'>{head}</b> {_words_html(verdict.message.removeprefix('Right: '))} "
            f"<small>({html.escape(exercise.id)}. {html.escape(note)})</small></div>")


class CheckResult:
    """What ``check`` shows: HTML in a notebook, plain text elsewhere."""

    def __init__(self, exercise: Exercise, verdict: Verdict, note: str):
        self.exercise, self.verdict, self.note = exercise, verdict, note

    @property
    def right(self) -> bool:
        """True when the result was right."""
        return self.verdict.right

    def _repr_html_(self) -> str:
        return verdict_html(self.exercise, self.verdict, self.note)

    def __repr__(self) -> str:
        head = HEADS[self.verdict.status][0][2:]
        return f"{head} {self.verdict.message.removeprefix('Right: ')} ({self.exercise.id}. {self.note})"


def _from_notebook(name: str) -> Any:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with the package's dependencies
        return MISSING
    shell = get_ipython()
    return MISSING if shell is None else shell.user_ns.get(name, MISSING)


def check(exercise_id: str, value: Any = MISSING) -> CheckResult:
    """Check a Try-it result, e.g. ``check("03-paragraphs-per-speaker")``.

    Without ``value`` the result is read from the notebook variable the exercise names. The attempt
    is saved in the learner's answers file (the teacher sees exercises done; they are not graded).
    """
    exercise = find_exercise(exercise_id)
    if value is MISSING:
        value = _from_notebook(exercise.name)
    verdict = evaluate(exercise_id, value)
    note = _record(exercise.id, verdict.right) if value is not MISSING else "Nothing saved yet."
    return CheckResult(exercise, verdict, note)
