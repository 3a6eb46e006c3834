"""Try-it exercises: ``check("03-paragraphs-per-speaker")`` says in plain words whether a learner's
result is right and, if not, what to look at; it records in the answers file that the exercise was tried.

The exercises are described in ``course/exercises.yaml`` (one entry per "Try it" in the notebooks).
Each gives the name the learner's result goes in, the code of the solution (the same text the notebook
folds away), and how results are compared: ``number`` (one number), ``rows`` (which rows a filtered
table keeps; the columns are the learner's choice) or ``counts`` (a count per label, as
``value_counts`` or ``crosstab`` give). The solution is run on the course's own tables, so the answer
is never typed in twice. The exercises file is course material, trusted like the notebooks.
"""
from __future__ import annotations

import html
import numbers
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

COMPARE = ("number", "rows", "counts")
MISSING = object()


class ExerciseError(ValueError):
    """The exercises file has a problem; the message names the file, the exercise and what to do."""


@dataclass(frozen=True)
class Exercise:
    """One Try-it exercise."""

    id: str
    lesson: str
    name: str  # the variable the learner puts the result in
    task: str
    solution: str
    compare: str
    look_at: str
    points: float = 0.0


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


def _exercises_path(folder: Path | None = None) -> Path:
    from lessons.core.paths import course_dir

    return Path(folder or course_dir()) / "exercises.yaml"


def parse_exercises(data: Any, name: str = "exercises.yaml") -> tuple[dict[str, str], dict[str, Exercise]]:
    """Check an exercises file already read from YAML; ExerciseError names the file, the exercise and the fix."""
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise ExerciseError(f"{name}: needs 'tables' (variable -> table) and a list 'exercises'")
    tables = data.get("tables") or {}
    if not isinstance(tables, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in tables.items()):
        raise ExerciseError(f"{name}: 'tables' must map a variable name to a table name, e.g. 'claims: claims'")
    found: dict[str, Exercise] = {}
    for n, raw in enumerate(data["exercises"], 1):
        label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{n}"
        where = f"{name}: exercise {label}"
        if not isinstance(raw, dict):
            raise ExerciseError(f"{where}: must be a mapping of fields (id, lesson, name, task, solution, ...)")
        fields = ("id", "lesson", "name", "task", "solution", "compare", "look_at")
        missing = [k for k in fields if not isinstance(raw.get(k), (str, int, float)) or str(raw.get(k)).strip() == ""]
        if missing:
            raise ExerciseError(f"{where}: missing or not text: {', '.join(missing)} -> add them")
        if raw["compare"] not in COMPARE:
            raise ExerciseError(f"{where}: compare {raw['compare']!r} -> use one of {', '.join(COMPARE)}")
        if not str(raw["name"]).isidentifier():
            raise ExerciseError(f"{where}: name {raw['name']!r} -> use a Python name such as 'armed_groups'")
        points = raw.get("points", 0)
        if not isinstance(points, (int, float)) or isinstance(points, bool) or points < 0:
            raise ExerciseError(f"{where}: points {points!r} -> use 0 (ungraded) or a positive number")
        if str(raw["id"]) in found:
            raise ExerciseError(f"{where}: the id is used twice -> give each exercise its own id")
        found[str(raw["id"])] = Exercise(str(raw["id"]), str(raw["lesson"]), str(raw["name"]), str(raw["task"]).strip(),
                                         str(raw["solution"]).strip(), raw["compare"], str(raw["look_at"]).strip(),
                                         float(points))
    return dict(tables), found


@lru_cache(maxsize=4)
def _read(path: str) -> tuple[dict[str, str], dict[str, Exercise]]:
    import yaml

    name = Path(path).name
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExerciseError(f"{name}: cannot be read ({exc}) -> check it is UTF-8 YAML") from None
    return parse_exercises(data, name)


def load_exercises(folder: Path | None = None) -> dict[str, Exercise]:
    """Every exercise of the course, by id."""
    return _read(str(_exercises_path(folder)))[1]


def find_exercise(exercise_id: str, folder: Path | None = None) -> Exercise:
    """One exercise; a LookupError naming the close ids when there is no such exercise."""
    found = load_exercises(folder)
    if exercise_id in found:
        return found[exercise_id]
    import difflib

    close = difflib.get_close_matches(str(exercise_id), list(found), n=3, cutoff=0.5)
    lesson = [e for e in found if e.startswith(str(exercise_id)[:3])]
    names = close or lesson or list(found)
    raise LookupError(f"There is no exercise {exercise_id!r}. Exercises with a close name: {', '.join(names)}.")


def expected_result(exercise: Exercise, folder: Path | None = None) -> Any:
    """What the exercise's solution gives when run on the course's tables."""
    import pandas as pd

    from lessons.core.data import load_table

    tables = _read(str(_exercises_path(folder)))[0]
    namespace: dict[str, Any] = {"pd": pd, "load_table": load_table}
    for variable, table in tables.items():
        if variable in exercise.solution:
            namespace[variable] = load_table(table)
    lines = exercise.solution.splitlines()
    exec("\n".join(lines[:-1]), namespace)  # noqa: S102 - course material, like a notebook cell
    return eval(lines[-1], namespace)  # noqa: S307


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _describe(value: Any) -> str:
    import pandas as pd

    if isinstance(value, pd.DataFrame):
        return f"a table of {len(value)} rows"
    if isinstance(value, pd.Series):
        return f"a column of {len(value)} values"
    if _is_number(value):
        return f"the number {value}"
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


def exercise_problems(folder: Path | None = None) -> list[str]:
    """Problems with the course's exercises (for ``lessons check``): a bad file, or a solution that fails."""
    path = _exercises_path(folder)
    if not path.is_file():
        return []  # a course without Try-it checks
    try:
        found = load_exercises(folder)
    except ExerciseError as exc:
        return [str(exc)]
    problems = []
    for exercise in found.values():
        try:
            expected = expected_result(exercise, folder)
        except Exception as exc:  # a teacher's edit to a solution: say which and why
            problems.append(f"{path.name}: exercise {exercise.id}: the solution fails ({type(exc).__name__}: {exc}) "
                            "-> run it in the lesson and correct it")
            continue
        if not compare(exercise, expected, expected).right:
            problems.append(f"{path.name}: exercise {exercise.id}: the solution's result does not suit "
                            f"compare: {exercise.compare} -> change compare or the solution")
    return problems
