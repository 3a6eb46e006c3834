"""Where the teacher's guides of this installation are (``lessons guide``).

They are Markdown files of the course folder, shipped inside the package too (``lessons/guides``), so a
pip, Binder or hub install has them: the course folder in use is looked in first, then the package's copy.
"""
from __future__ import annotations

from pathlib import Path

GUIDES = {
    "teacher-guide": "teacher-guide.md",
    "syllabus": "syllabus.md",
    "answers-file": "answers-file.md",
    "quiz-banks": "quizzes/README.md",
    "codebook": "data/codebook.md",
}


def guide_paths() -> dict[str, Path]:
    """Each guide found: its short name -> the file."""
    from lessons.core.paths import PACKAGE_DIR, CourseNotFound, course_dir

    here = PACKAGE_DIR
    folders = [here / "guides", here.parent.parent / "course"]
    try:
        folders.insert(0, course_dir())
    except CourseNotFound:
        pass
    found = {}
    for name, relative in GUIDES.items():
        path = next((f / relative for f in folders if (f / relative).is_file()), None)
        if path is not None:
            found[name] = path
    return found
