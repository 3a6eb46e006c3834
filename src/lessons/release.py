"""`lessons release`: a learner copy for graded work.

OUT/course/ is the course as learners get it (``lessons.learner_copy``): the quizzes named under
``assessment`` in course.yaml without any answer, explanation or model answer, in assessment mode,
saving answers under their own quiz id; practice quizzes as they are; the data. OUT/notebooks/ holds
the notebooks. Notebooks opened from OUT/notebooks find OUT/course first (see lessons.paths).
The teacher keeps the full banks and grades with them (``lessons grade --assessment``).
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path


from lessons.learner_copy import AssessmentError, learner_bank, read_assessment, write_learner_course
from lessons.paths import course_dir, notebooks_dir
from lessons.quizbank import load_all

MARKER = "RELEASE.txt"


def stripped_bank(raw: dict, assessment_id: str = "graded") -> dict:
    """A copy of a bank with no answer, explanation or model answer, in assessment mode."""
    return learner_bank(raw, assessment_id)


def write_release(out: Path, force: bool = False) -> int:
    """Write the learner copy; refuse to overwrite anything that is not an earlier release."""
    notebooks = notebooks_dir()
    if notebooks is None:
        print("lessons release: the lesson notebooks are not in this installation; reinstall the course "
              "package, or run from the course's repository.", file=sys.stderr)
        return 2
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            print(f"lessons release: {out} exists and is not an earlier release; choose an empty folder.", file=sys.stderr)
            return 2
        if not force:
            print(f"lessons release: {out} holds an earlier release; add --force to replace it.", file=sys.stderr)
            return 2
    source = course_dir()
    try:
        assessment = read_assessment(source)
    except AssessmentError as exc:
        print(f"lessons release: {exc}", file=sys.stderr)
        return 2
    if assessment is None:
        print(f"lessons release: {source / 'course.yaml'} names no assessed quiz. Add, for example,\n"
              "  assessment:\n    id: 2021-final\n    quizzes: [\"07\"]\n"
              "then rebuild the package learners install and run this again.", file=sys.stderr)
        return 2
    banks = load_all()
    if any(b.released for b in banks):
        print(f"lessons release: the quiz banks in {source} are already a learner copy; run this from the "
              "teacher's course (the repository with the full banks).", file=sys.stderr)
        return 2
    if out.exists():
        shutil.rmtree(out)
    course = out / "course"
    assessed = write_learner_course(source, course)
    shutil.copytree(notebooks, out / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (out / MARKER).write_text(
        f"Learner copy for graded work (assessment {assessment.id}), made by 'lessons release'.\n"
        f"Assessed quizzes, held here without answers or explanations: {', '.join(assessed)}.\n"
        "The other quizzes are practice and keep their feedback.\n"
        "Grade with the full quiz banks: lessons grade --assessment SUBMISSIONS --out RESULTS\n", encoding="utf-8")
    load_all(course / "quizzes")  # the release must itself be a valid set of banks
    print(f"Wrote the learner copy to {out}: assessment {assessment.id}, {len(assessed)} assessed quiz(zes) "
          f"without answers ({', '.join(assessed)}), {len(banks) - len(assessed)} practice quiz(zes)"
          f", {len(list(notebooks.glob('*.ipynb')))} notebooks, data.\n"
          "The package learners install must be built from this course.yaml too (teacher guide: Graded work).")
    return 0
