"""`lessons release`: a learner copy for graded work.

OUT/course/ is the course as learners get it (``lessons.core.assessment``): the quizzes named under
``assessment`` in course.yaml without any answer, explanation or model answer, in assessment mode,
saving answers under their own quiz id; practice quizzes as they are; the data. OUT/notebooks/ holds
the notebooks. Notebooks opened from OUT/notebooks find OUT/course first (see lessons.core.paths).
The teacher keeps the full banks and grades with them (``lessons grade --assessment``).
"""
from __future__ import annotations

import hashlib
import re
import shutil
import sys
from pathlib import Path


from lessons.core.assessment import AssessmentError, learner_bank, read_assessment, write_learner_course
from lessons.core.paths import course_dir, notebooks_dir
from lessons.core.quizbank import load_all

MARKER = "RELEASE.txt"
QUIZ_CALL = re.compile(r"""show_quiz\(\s*["'](\d\d)["']""")


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


def mark_notebooks(folder: Path, assessed: dict[str, str]) -> int:
    """Fit the released notebooks to graded work: a note above each assessed quiz, the list of what
    counts in lesson 00, and no "Key points" recap below an assessed quiz. ``assessed``: lesson -> title.
    Returns the number of notebooks changed."""
    import nbformat

    changed = 0
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        calls = [QUIZ_CALL.search(c.source) if c.cell_type == "code" else None for c in nb.cells]
        whole_00 = [i for i, m in enumerate(calls) if m and m.group(1) == "00" and "only=" not in nb.cells[i].source]
        first_00 = next((i for i, m in enumerate(calls) if m and m.group(1) == "00"), None)
        note_at = whole_00[0] if whole_00 else first_00  # where lesson 00 says what counts: its whole quiz
        out, graded_quiz_seen, touched = [], False, False
        for index, (cell, found) in enumerate(zip(nb.cells, calls)):
            lesson = found.group(1) if found else None
            if lesson in assessed:
                out.append(nbformat.v4.new_markdown_cell(QUIZ_NOTE, id=_cell_id(path.name, "graded-quiz", str(index))))
                graded_quiz_seen = touched = True
            elif index == note_at:
                note = nbformat.v4.new_markdown_cell(_graded_note(list(assessed.values())),
                                                     id=_cell_id(path.name, "graded-work"))
                heading = len(out) - 1 if out and out[-1].cell_type == "markdown" else len(out)
                out.insert(heading, note)  # above the practice quiz's heading
                touched = True
            if graded_quiz_seen and cell.cell_type == "markdown" and cell.source.startswith("## Key points"):
                continue  # a recap right under a graded quiz would answer it
            out.append(cell)
        if touched:
            if any(c.cell_type == "markdown" and "Nothing here counts" in c.source for c in out):
                for c in out:
                    if c.cell_type == "markdown":
                        c.source = c.source.replace("Nothing here counts.", "This quiz is practice: it does not count.")
            nb.cells = out
            nbformat.write(nb, path)
            changed += 1
    return changed


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
    titles = {b.lesson: f"{b.title} (lesson {b.lesson})" for b in banks if b.quiz in assessed}
    mark_notebooks(out / "notebooks", titles)
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
