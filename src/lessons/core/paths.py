"""Where the course's files live at run time.

The course folder (quiz banks, data) is found, in this order:
1. the folder named by the environment variable ``LESSONS_COURSE_DIR``;
2. a ``course/`` folder holding ``course.yaml`` beside the working directory or one of
   its parents (a repository checkout, or a released assessment copy);
3. the copy shipped inside the installed package (``lessons/course``);
4. the repository's ``course/`` next to ``src/`` (an editable install).
"""
from __future__ import annotations

import os
from pathlib import Path

COURSE_ENV = "LESSONS_COURSE_DIR"
PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/lessons (or site-packages/lessons)
MARKER = "course.yaml"


class CourseNotFound(RuntimeError):
    """The course files could not be found anywhere."""


def _nearest_course_from(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / "course"
        if (candidate / MARKER).is_file():
            return candidate
    return None


def course_dir() -> Path:
    """Return the folder holding ``course.yaml``, ``quizzes/`` and ``data/``."""
    override = os.environ.get(COURSE_ENV)
    if override:
        path = Path(override).expanduser()
        if not (path / MARKER).is_file():
            raise CourseNotFound(
                f"{COURSE_ENV}={override} does not hold {MARKER}; point it at a course folder "
                "(one with course.yaml, quizzes/ and data/) or unset it."
            )
        return path
    found = _nearest_course_from(Path.cwd())
    if found:
        return found
    here = PACKAGE_DIR
    for candidate in (here / "course", here.parent.parent / "course"):
        if (candidate / MARKER).is_file():
            return candidate
    raise CourseNotFound(
        "The course files (course.yaml, quizzes/, data/) were not found. Reinstall the package "
        f"with 'pip install .' from the repository, or set {COURSE_ENV}."
    )


def quizzes_dir() -> Path:
    """The folder of quiz banks, one YAML file per lesson."""
    return course_dir() / "quizzes"


def data_dir() -> Path:
    """The folder of CSV tables and datapackage.json."""
    return course_dir() / "data"


def notebooks_dir() -> Path | None:
    """The lesson notebooks: the ``notebooks/`` folder beside the course folder in use (a repository
    checkout, a released copy, or the copy shipped inside the installed package), else the package's or
    the repository's own, when they belong to the same course (same id in course.yaml)."""
    here = PACKAGE_DIR
    try:
        course = course_dir()
    except CourseNotFound:
        course = None
    if course is not None and any((course.parent / "notebooks").glob("*.ipynb")):
        return course.parent / "notebooks"
    for candidate in (here / "notebooks", here.parent.parent / "notebooks"):
        if any(candidate.glob("*.ipynb")) and (course is None or _same_course(course, candidate.parent / "course")):
            return candidate
    return None


def _course_id(folder: Path) -> str | None:
    """The ``id`` a course folder's course.yaml states (None when it cannot be read). Only the id: checking
    the whole file is ``lessons.core.course``'s job, which sits above this module (it asks it for the folder)."""
    import yaml

    try:
        text = (folder / MARKER).read_text(encoding="utf-8")
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe; C when available
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    ident = data.get("id") if isinstance(data, dict) else None
    return ident if isinstance(ident, str) else None


def _same_course(a: Path, b: Path) -> bool:
    ident = _course_id(a)
    return ident is not None and ident == _course_id(b)


def repository_root() -> Path | None:
    """The repository checkout this package runs from, if any (editable install or tests)."""
    here = PACKAGE_DIR
    root = here.parent.parent
    return root if (root / "pyproject.toml").is_file() and (root / "notebooks").is_dir() else None
