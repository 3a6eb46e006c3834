"""Which Try-it exercises give points, read from the course's ``exercises.yaml`` (its optional ``points``).

An exercise is checked in the learner's own notebook (``lessons.notebook.exercises``), which records in the
answers file whether it came out right; the grader cannot check it again (the learner's result is not in the
file), so it takes that record as it is. Exercises without points (all of the course's, as shipped) change
nothing. The file is course material, checked in full by ``lessons check``; here only ids, lessons and points
are read.
"""
from __future__ import annotations

import math
from pathlib import Path

import yaml


class ExercisePointsError(ValueError):
    """exercises.yaml cannot be read for its points; the message names the file, the exercise and the fix."""


def read_exercise_points(folder: Path) -> dict[str, tuple[str, float]]:
    """Exercises of ``folder/exercises.yaml`` that give points: id -> (lesson, points); {} without the file."""
    path = folder / "exercises.yaml"
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ExercisePointsError(f"{path} cannot be read ({exc}); run 'lessons check' to see what to fix") from None
    found: dict[str, tuple[str, float]] = {}
    for n, item in enumerate((data or {}).get("exercises") or [], 1) if isinstance(data, dict) else ():
        if not isinstance(item, dict):
            continue
        points = item.get("points", 0)
        if isinstance(points, bool) or not isinstance(points, (int, float)) or not math.isfinite(points) or points < 0:
            raise ExercisePointsError(f"{path}: exercise {item.get('id', f'#{n}')}: points {points!r} -> use 0 "
                                      "(ungraded) or a positive number")
        if points > 0:
            found[str(item.get("id"))] = (str(item.get("lesson")), float(points))
    return found
