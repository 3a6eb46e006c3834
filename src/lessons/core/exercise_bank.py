"""The course's Try-it exercises (``course/exercises.yaml``): the model and the loader.

Each exercise gives the name the learner's result goes in, the code of the solution (the same text the
notebook folds away), and how results are compared: ``number`` (one number), ``rows`` (which rows a
filtered table keeps; the columns are the learner's choice) or ``counts`` (a count per label, as
``value_counts`` or ``crosstab`` give). The solution is run on the course's own tables
(``expected_result``), so the answer is never typed in twice. The exercises file is course material,
trusted like the notebooks. Comparing a result is ``lessons.core.exercise_verdict``; the learner's
``check()`` is ``lessons.notebook.exercises``; ``lessons check`` runs every solution (``lessons.teacher.course_check``).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

COMPARE = ("number", "rows", "counts")


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


def exercises_path(folder: Path | None = None) -> Path:
    """The exercises file of the course in ``folder`` (default: the course in use)."""
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
    return _read(str(exercises_path(folder)))[1]


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

    tables = _read(str(exercises_path(folder)))[0]
    namespace: dict[str, Any] = {"pd": pd, "load_table": load_table}
    for variable, table in tables.items():
        if variable in exercise.solution:
            namespace[variable] = load_table(table)
    lines = exercise.solution.splitlines()
    exec("\n".join(lines[:-1]), namespace)  # noqa: S102 - course material, like a notebook cell
    return eval(lines[-1], namespace)  # noqa: S307
