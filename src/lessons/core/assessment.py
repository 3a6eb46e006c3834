"""What learners get: the course folder with no key for the quizzes that are assessed.

The teacher names the assessed quizzes and the round of assessment once, in ``course/course.yaml``::

    assessment:
      id: 2021-final        # a new id for each round: answers from another round never count
      quizzes: ["07"]       # lesson numbers (or quiz ids)

Two things learners can read are written from the teacher's full course by ``write_learner_course``:
the wheel (``hatch_build.py`` calls it when the package is built) and ``lessons release``. In both,
an assessed bank keeps only what the quiz view draws (``questions.LEARNER_FIELDS``: prompts, options,
items, units; no answer, explanation, model answer, source, tolerance, objective or level), runs in
assessment mode, counts the final answer, and carries the assessment id; practice banks
keep their keys (that is what practice is). The teacher's repository keeps the full banks: they are
the key ``lessons grade`` reads. It needs only PyYAML and ``lessons.core.questions``, so the build hook can
use it from the source tree before the package is installed.
"""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from lessons.core.questions import LEARNER_FIELDS

SEPARATOR = "@"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}$")


class AssessmentError(ValueError):
    """The ``assessment`` block of course.yaml cannot be used; the message says what to fix."""


@dataclass(frozen=True)
class Assessment:
    """One round of graded work: its id and the quizzes (lesson numbers or quiz ids) it assesses."""

    id: str
    quizzes: tuple[str, ...]

    def covers(self, quiz: str, lesson: str) -> bool:
        """True when the quiz with this id and lesson number is assessed."""
        return quiz in self.quizzes or lesson in self.quizzes


def parse_assessment(course: Any, where: str = "course.yaml") -> Assessment | None:
    """The assessment named in course.yaml's data, or None when nothing is assessed."""
    block = course.get("assessment") if isinstance(course, dict) else None
    if block is None:
        return None
    if not isinstance(block, dict) or not isinstance(block.get("quizzes", []), list):
        raise AssessmentError(f"{where}: 'assessment' must hold 'id' and a list 'quizzes', "
                              "for example: assessment: {id: 2021-final, quizzes: ['07']}")
    quizzes = tuple(str(q) for q in block.get("quizzes") or ())
    ident = str(block.get("id", ""))
    if quizzes and not ID_PATTERN.match(ident):
        raise AssessmentError(f"{where}: assessment id {ident!r} -> use lower-case letters, digits and '-' "
                              "(for example 2021-final), and a new id for each round of graded work")
    return Assessment(ident, quizzes) if quizzes else None


def read_assessment(course_folder: Path) -> Assessment | None:
    """The assessment of the course folder holding course.yaml (None if nothing is assessed)."""
    path = Path(course_folder) / "course.yaml"
    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe; C when available (as quiz banks are read)
    return parse_assessment(yaml.load(path.read_text(encoding="utf-8"), Loader=safe), str(path))


def assessed_quiz_id(quiz: str, assessment_id: str) -> str:
    """The quiz id answers of an assessed quiz are saved under: ``07-workshop@2021-final``."""
    return f"{quiz}{SEPARATOR}{assessment_id}"


def split_quiz_id(key: str) -> tuple[str, str | None]:
    """``'07-workshop@2021-final'`` -> ``('07-workshop', '2021-final')``; a practice id -> (id, None)."""
    quiz, sep, round_id = key.partition(SEPARATOR)
    return (quiz, round_id) if sep else (key, None)


def learner_bank(raw: dict, assessment_id: str) -> dict:
    """A bank as learners get it for graded work: no key, assessment mode, the final answer counts."""
    out = {k: v for k, v in raw.items() if k not in ("questions", "scoring", "mode")}
    out.update(mode="assessment", scoring="last", released=True, assessment=assessment_id)
    out["questions"] = [{k: v for k, v in q.items() if k in LEARNER_FIELDS} for q in raw["questions"]]
    return out


def write_learner_course(source: Path, dest: Path) -> list[str]:
    """Copy the course folder ``source`` to ``dest`` as learners get it; return the assessed quiz ids.

    ``dest`` must not exist yet. Practice banks and the data are copied as they are.
    """
    source, dest = Path(source), Path(dest)
    assessment = read_assessment(source)
    (dest / "quizzes").mkdir(parents=True)
    shutil.copy2(source / "course.yaml", dest / "course.yaml")
    shutil.copytree(source / "data", dest / "data")
    if (source / "exercises.yaml").is_file():  # Try-it checks (lessons.notebook.exercises): no graded key in them
        shutil.copy2(source / "exercises.yaml", dest / "exercises.yaml")
    assessed: list[str] = []
    for path in sorted((source / "quizzes").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if assessment and isinstance(raw, dict) and assessment.covers(str(raw.get("quiz")), str(raw.get("lesson"))):
            text = yaml.safe_dump(learner_bank(raw, assessment.id), allow_unicode=True, sort_keys=False, width=110)
            (dest / "quizzes" / path.name).write_text(text, encoding="utf-8")
            assessed.append(str(raw["quiz"]))
        else:
            shutil.copy2(path, dest / "quizzes" / path.name)
    return assessed
