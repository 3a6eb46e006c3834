"""The course's identity, read from ``course.yaml`` in the course folder (see ``lessons.core.paths``).

Nothing about a particular course is written in the package's Python: its id (written into every
answers file, checked by the grader), title, learning objectives, the article it reads and its
lessons all come from ``course.yaml``. Point ``LESSONS_COURSE_DIR`` at another folder to run another
course with the same package.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,60}$"


class CourseError(ValueError):
    """course.yaml cannot be used; the message names the file, the field and what to do."""


@dataclass(frozen=True)
class Lesson:
    """One lesson: its number (a quiz bank's ``lesson``) and its notebook's file name."""

    number: str
    notebook: str = ""


@dataclass(frozen=True)
class Course:
    """What course.yaml says about the course."""

    id: str
    title: str
    folder: Path
    objectives: dict[int, str] = field(default_factory=dict)
    lessons: tuple[Lesson, ...] = ()
    article: dict = field(default_factory=dict)
    raw: dict = field(default_factory=dict, repr=False, compare=False)


def parse_course(data: Any, folder: Path, where: str = "course.yaml") -> Course:
    """Check course.yaml's data and return the course; raise CourseError naming each problem."""
    import re

    if not isinstance(data, dict):
        raise CourseError(f"{where}: must hold a mapping with 'id', 'title', 'objectives' and 'lessons'")
    problems = []
    ident, title = data.get("id"), data.get("title")
    if not isinstance(ident, str) or not re.match(ID_PATTERN, ident):
        problems.append(f"{where}: field 'id': {ident!r} -> use lower-case letters, digits and '-' "
                        "(it is written into every answers file, so keep it once learners have started)")
    if not isinstance(title, str) or not title.strip():
        problems.append(f"{where}: field 'title': missing -> give the course's title")
    objectives: dict[int, str] = {}
    raw_objectives = data.get("objectives") or {}
    if not isinstance(raw_objectives, dict):
        problems.append(f"{where}: field 'objectives': must map numbers to what learners can do, e.g. 1: ...")
        raw_objectives = {}
    for number, text in raw_objectives.items():
        if type(number) is not int or number < 1 or not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: field 'objectives': {number!r}: {text!r} -> a whole number from 1, then the text")
        else:
            objectives[number] = text.strip()
    lessons = []
    for n, item in enumerate(data.get("lessons") or [], 1):
        if isinstance(item, dict) and isinstance(item.get("number"), str):
            lessons.append(Lesson(item["number"], str(item.get("notebook", ""))))
        else:
            problems.append(f"{where}: field 'lessons[{n}]': {item!r} -> write {{number: \"01\", notebook: 01-name.ipynb}}")
    if problems:
        raise CourseError("\n".join(problems))
    article = data.get("article")
    return Course(id=str(ident), title=str(title).strip(), folder=folder, objectives=objectives, lessons=tuple(lessons),
                  article=article if isinstance(article, dict) else {}, raw=data)


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Course:
    import yaml

    file = Path(path)
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CourseError(f"{file}: cannot be read ({str(exc).splitlines()[0]}) -> fix the YAML") from None
    return parse_course(data, file.parent, str(file))


def load_course(folder: Path | None = None) -> Course:
    """The course in ``folder`` (default: the course folder the package finds); read once per change."""
    if folder is None:
        from lessons.core.paths import course_dir

        folder = course_dir()
    path = Path(folder) / "course.yaml"
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise CourseError(f"{path} is missing -> a course folder holds course.yaml, quizzes/ and data/") from None
    return _load(str(path.resolve()), mtime)


def course_of_banks(banks) -> Course | None:
    """The course whose folder holds these quiz banks (``<course>/quizzes/*.yaml``), if it has a course.yaml."""
    for folder in sorted({b.path.resolve().parent.parent for b in banks}):
        try:
            return load_course(folder)
        except CourseError:
            continue
    return None
