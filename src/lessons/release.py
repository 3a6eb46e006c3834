"""`lessons release --assessment OUT`: a learner copy for graded work.

OUT/course/ holds the quiz banks with every answer, explanation and model answer removed and
``mode: assessment`` set, plus the data; OUT/notebooks/ holds the notebooks. Notebooks opened from
OUT/notebooks find OUT/course first (see lessons.paths), so learners see no key and no feedback.
The teacher keeps the full banks and grades with them.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from lessons.paths import course_dir, repository_root
from lessons.quizbank import KEY_FIELDS, load_all

MARKER = "RELEASE.txt"


def stripped_bank(raw: dict) -> dict:
    """A copy of a bank with no answer, explanation or model answer, in assessment mode."""
    out = {k: v for k, v in raw.items() if k != "questions"}
    out.update(mode="assessment", released=True)
    out["questions"] = [{k: v for k, v in q.items() if k not in KEY_FIELDS} for q in raw["questions"]]
    return out


def write_release(out: Path, force: bool = False) -> int:
    """Write the learner copy; refuse to overwrite anything that is not an earlier release."""
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            print(f"lessons release: {out} exists and is not an earlier release; choose an empty folder.", file=sys.stderr)
            return 2
        if not force:
            print(f"lessons release: {out} holds an earlier release; add --force to replace it.", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    source = course_dir()
    banks = load_all()
    course = out / "course"
    (course / "quizzes").mkdir(parents=True)
    shutil.copy2(source / "course.yaml", course / "course.yaml")
    shutil.copytree(source / "data", course / "data")
    for bank in banks:
        text = yaml.safe_dump(stripped_bank(bank.raw), allow_unicode=True, sort_keys=False, width=110)
        (course / "quizzes" / bank.path.name).write_text(text, encoding="utf-8")
    root = repository_root()
    notebooks = root / "notebooks" if root else None
    if notebooks and notebooks.is_dir():
        shutil.copytree(notebooks, out / "notebooks")
    (out / MARKER).write_text(
        "Learner copy for graded work, made by 'lessons release --assessment'.\n"
        "Quiz banks here hold no answers or explanations; quizzes run in assessment mode.\n"
        "Keep the full quiz banks for grading: lessons grade SUBMISSIONS --out RESULTS\n", encoding="utf-8")
    load_all(course / "quizzes")  # the release must itself be a valid set of banks
    print(f"Wrote the learner copy to {out}: {len(banks)} quiz banks without answers"
          f"{', notebooks' if notebooks and notebooks.is_dir() else ''}, data.")
    return 0
