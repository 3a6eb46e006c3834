"""`lessons release`: a learner copy for graded work.

OUT/course/ is the course as learners get it (``lessons.core.assessment``): the quizzes named under
``assessment`` in course.yaml without any answer, explanation or model answer, in assessment mode,
saving answers under their own quiz id; practice quizzes as they are; the data. OUT/notebooks/ holds
the notebooks. Notebooks opened from OUT/notebooks find OUT/course first (see lessons.core.paths).
The teacher keeps the full banks and grades with them (``lessons grade --assessment``).

The notebooks are fitted to graded work by their cells' metadata (``metadata.lessons``: which quiz a cell
shows, or its role), as nbgrader reads ``metadata.nbgrader``: rewording a lesson cannot change a release.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path
from typing import Any

from lessons.core.assessment import AssessmentError, learner_bank, read_assessment, write_learner_course
from lessons.core.paths import course_dir, notebooks_dir
from lessons.core.quizbank import load_all

MARKER = "RELEASE.txt"


def _cell_id(*parts: str) -> str:
    return hashlib.sha1("/".join(parts).encode()).hexdigest()[:8]


def _graded_note(titles: list[str]) -> str:
    return ("## Graded work in this copy\n"
            f"In this copy of the course these quizzes count: {'; '.join(titles)}. They show no feedback: "
            "your teacher grades them later, and the last answer you save to each question is the one that "
            "counts. Hand in your answers when your teacher asks (see *How your answers are saved*).\n\n"
            "Every other quiz, like the one below, is practice: check your answers as often as you like; "
            "practice answers never count for a graded quiz.")


QUIZ_NOTE = ("**This quiz is graded.** There is no feedback here: press *Save answer* for each question; you can "
             "change an answer until you hand in, and the last answer you save is the one that counts.")


ROLES = {
    "recap": "a 'Key points' recap: left out below a graded quiz (it would answer it)",
    "practice-note": "says the practice quiz does not count: left out of a graded copy",
    "practice-quiz": "the practice quiz where the course says what counts: the list of graded quizzes goes above it",
}


def cell_marks(cell: Any) -> tuple[str | None, str | None]:
    """What a cell's metadata says it is, for release: ``(quiz, role)``.

    ``metadata.lessons.quiz`` (e.g. "07"): the cell shows that quiz (all of it or some questions);
    ``metadata.lessons.role``: one of ``ROLES``. Nothing else of a cell (its words, its code) is read."""
    marks = cell.get("metadata", {}).get("lessons")
    if not isinstance(marks, dict):
        return None, None
    quiz, role = marks.get("quiz"), marks.get("role")
    return (quiz if isinstance(quiz, str) else None), (role if isinstance(role, str) and role in ROLES else None)


def graded_cells(cells: list, name: str, assessed: dict[str, str]) -> tuple[list, bool]:
    """The cells of one notebook fitted to graded work (``assessed``: quiz lesson -> title), and whether any changed."""
    import nbformat

    out: list = []
    graded_quiz_seen = touched = False
    for index, cell in enumerate(cells):
        quiz, role = cell_marks(cell)
        if quiz in assessed:
            out.append(nbformat.v4.new_markdown_cell(QUIZ_NOTE, id=_cell_id(name, "graded-quiz", str(index))))
            graded_quiz_seen = touched = True
        elif role == "practice-quiz":
            out.append(nbformat.v4.new_markdown_cell(_graded_note(list(assessed.values())),
                                                     id=_cell_id(name, "graded-work")))
            touched = True
        if role == "practice-note" or (role == "recap" and graded_quiz_seen):
            touched = True
            continue
        out.append(cell)
    return out, touched


def mark_notebooks(folder: Path, assessed: dict[str, str]) -> int:
    """Fit the released notebooks to graded work, by their cells' metadata (``cell_marks``): a note above each
    cell that shows an assessed quiz, the list of what counts above the practice quiz, no practice note, and
    no recap below an assessed quiz. ``assessed``: lesson -> title. Returns the number of notebooks changed."""
    import nbformat

    changed = 0
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        cells, touched = graded_cells(nb.cells, path.name, assessed)
        if touched:
            nb.cells = cells
            nbformat.write(nb, path)
            changed += 1
    return changed


def unmarked(folder: Path, assessed: dict[str, str]) -> list[str]:
    """What a graded copy would miss because no cell is marked for it (said as warnings by ``write_release``)."""
    import nbformat

    quizzes: set[str] = set()
    roles: set[str] = set()
    for path in sorted(folder.glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            quiz, role = cell_marks(cell)
            quizzes.add(quiz or "")
            roles.add(role or "")
    missing = [f"no notebook cell is marked as showing quiz {lesson} (cell metadata lessons.quiz: \"{lesson}\"): "
               "it gets no 'This quiz is graded' note" for lesson in sorted(set(assessed) - quizzes)]
    if "practice-quiz" not in roles:
        missing.append("no notebook cell is marked as the practice quiz (cell metadata lessons.role: "
                       "\"practice-quiz\"): no notebook lists the graded quizzes")
    return missing


def stripped_bank(raw: dict, assessment_id: str = "graded") -> dict:
    """A copy of a bank with no answer, explanation or model answer, in assessment mode."""
    return learner_bank(raw, assessment_id)


def _folder_refusal(out: Path, force: bool) -> str:
    """Why ``out`` cannot take the release ('' when it can): it holds something else, or an earlier release
    without --force."""
    if not (out.exists() and any(out.iterdir())):
        return ""
    if not (out / MARKER).exists():
        return f"{out} exists and is not an earlier release; choose an empty folder."
    return "" if force else f"{out} holds an earlier release; add --force to replace it."


def write_release(out: Path, force: bool = False) -> int:
    """Write the learner copy; refuse to overwrite anything that is not an earlier release."""
    notebooks = notebooks_dir()
    refusal = _folder_refusal(out, force) if notebooks else (
        "the lesson notebooks are not in this installation; reinstall the course package, or run from the "
        "course's repository.")
    if refusal or notebooks is None:
        print(f"lessons release: {refusal}", file=sys.stderr)
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
    titles = {b.lesson: f"{b.title} (lesson {b.lesson})" for b in banks if b.quiz in assessed}
    mark_notebooks(out / "notebooks", titles)
    for warning in unmarked(out / "notebooks", titles):
        print(f"lessons release: warning: {warning}", file=sys.stderr)
    (out / MARKER).write_text(
        f"Learner copy for graded work (assessment {assessment.id}), made by 'lessons release'.\n"
        f"Assessed quizzes, held here without answers or explanations: {', '.join(assessed)}.\n"
        "The other quizzes are practice and keep their feedback.\n"
        "Grade with the full quiz banks: lessons grade --assessment ANSWERS-FILES --out RESULTS\n", encoding="utf-8")
    load_all(course / "quizzes")  # the release must itself be a valid set of banks
    print(f"Wrote the learner copy to {out}: assessment {assessment.id}, {len(assessed)} assessed quiz(zes) "
          f"without answers ({', '.join(assessed)}), {len(banks) - len(assessed)} practice quiz(zes)"
          f", {len(list(notebooks.glob('*.ipynb')))} notebooks, data.\n"
          "The package learners install must be built from this course.yaml too (teacher guide: Graded work).")
    return 0
