"""Marks for written answers: a CSV sheet the teacher fills in, read back by ``lessons grade --marks``.

``lessons marks HANDINS --out marks.csv`` writes one row per learner and written question with the
answer text and the question's rubric (its ``rubric``, else its model answer). The teacher fills
``points`` (0 up to ``max_points``) and ``comment``. Writing the sheet again keeps every point and
comment already filled in. Reading it back is part of a grading request (``--marks``): see
``lessons.teacher.grading.marks_sheet``.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from lessons.core import atomic_file
from lessons.core.quizbank import BankError, QuizBank, load_all
from lessons.teacher.grading import GradeRequest, Gradebook, grade
from lessons.teacher.grading.marks_sheet import COLUMNS, MAX_SHEET_BYTES, read_marks, read_sheet  # noqa: F401
from lessons.teacher.grading.outputs import cut_answer
from lessons.teacher.grading.results import Mark  # noqa: F401
from lessons.teacher.safe_csv import safe_cell



def rubric_of(question) -> str:
    """What the teacher marks against: the question's rubric, else its model answer and explanation."""
    rubric = getattr(question, "rubric", None)
    if rubric:
        if isinstance(rubric, str):
            return rubric
        parts = []
        for item in rubric:  # (criterion, points) pairs, or plain criteria
            if isinstance(item, (tuple, list)) and len(item) == 2:
                parts.append(f"{item[0]} ({item[1]:g} pt)" if isinstance(item[1], (int, float)) else str(item[0]))
            else:
                parts.append(str(item))
        return "; ".join(parts)
    return " ".join(x for x in (question.model_answer, question.explanation) if x)


def sheet_rows(book: Gradebook) -> list[dict]:
    """One row per learner and written answer, points and comment empty."""
    rows = []
    for r in book.results:
        for i in sorted(r.written):
            bank, q = book.questions[i]
            rows.append({"learner_id": r.learner_id, "name": r.name, "quiz": bank.quiz, "question": q.id,
                         "max_points": f"{q.points:g}", "prompt": q.prompt, "answer": cut_answer(r.written[i]),
                         "rubric": rubric_of(q), "points": "", "comment": ""})
    return rows


def write_sheet(book: Gradebook, out: Path) -> tuple[int, int]:
    """Write the marking sheet, keeping points and comments of an existing one; return (rows, kept)."""
    rows = sheet_rows(book)
    kept = 0
    if out.exists():
        old: dict[tuple, dict] = {}
        for r in read_sheet(out):  # the first row of a learner and question counts, as in read_marks
            old.setdefault((r.get("learner_id"), r.get("quiz"), r.get("question")), r)
        for row in rows:
            before = old.get((row["learner_id"], row["quiz"], row["question"]))
            if before and ((before.get("points") or "").strip() or (before.get("comment") or "").strip()):
                row["points"], row["comment"] = before.get("points") or "", before.get("comment") or ""
                kept += 1
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in rows)  # answers may start with '='
    atomic_file.write_text(out, buffer.getvalue())
    return len(rows), kept


def assessed_banks(banks: list[QuizBank], folder: Path) -> tuple[list[QuizBank], set[str], str]:
    """The banks of the graded round named in ``folder``'s course.yaml, the other quizzes (left aside) and the
    round's id; AssessmentError (or OSError) when course.yaml cannot be read, LookupError when it names none."""
    from lessons.core.assessment import read_assessment

    assessment = read_assessment(folder)
    if assessment is None:
        raise LookupError(f"{folder / 'course.yaml'} names no graded round ('assessment:'); "
                          "leave out --assessment to work on practice answers")
    chosen = [b for b in banks if assessment.covers(b.quiz, b.lesson)]
    return chosen, {b.quiz for b in banks} - {b.quiz for b in chosen}, assessment.id


def run_marks_sheet(paths: list[Path], out: Path, key: Path | None = None, assessment: bool = False) -> int:
    """`lessons marks`: write the sheet (with ``assessment``: the written answers of the graded round);
    0, or 2 when the key or the round cannot be read."""
    from lessons.core.assessment import AssessmentError
    from lessons.core.paths import course_dir
    from lessons.teacher.grading.outputs import problem_lines

    try:
        banks: list[QuizBank] = load_all(key)
    except BankError as exc:
        print("lessons marks: the quiz banks have problems:\n  - " + "\n  - ".join(exc.problems), file=sys.stderr)
        return 2
    skip: set[str] = set()
    round_id = None
    if assessment:
        try:
            banks, skip, round_id = assessed_banks(banks, key.parent if key else course_dir())
        except (AssessmentError, OSError, LookupError) as exc:
            print(f"lessons marks: {exc}", file=sys.stderr)
            return 2
    book = grade(GradeRequest(paths, banks, skip_quizzes=skip, assessment=round_id))
    count, kept = write_sheet(book, out)
    learners = len({r.learner_id for r in book.results})
    what = f"graded round {round_id}" if round_id else "practice answers"
    grade_command = (f"lessons grade {' '.join(map(str, paths))}{' --assessment' if round_id else ''} --out results "
                     f"--marks {out} --feedback")
    print(f"Wrote {out}: {count} written answer(s) from {learners} learner(s) ({what})"
          + (f"; kept {kept} mark(s) already filled in" if kept else "")
          + f". Fill in 'points' and 'comment', then: {grade_command}")
    if not round_id:
        _hint_round(key)
    for line in problem_lines(book.problems):
        print(line, file=sys.stderr)
    return 0


def _hint_round(key: Path | None) -> None:
    """After a sheet of practice answers: the course's graded round is marked with --assessment."""
    from lessons.core.assessment import AssessmentError, read_assessment
    from lessons.core.paths import course_dir

    try:
        named = read_assessment(key.parent if key else course_dir())
    except (AssessmentError, OSError, ValueError):
        return
    if named is not None:
        print(f"Note: this sheet holds practice answers. The written answers of the graded round ({named.id}: "
              f"{', '.join(named.quizzes)}) are saved apart: lessons marks ... --assessment --out marks.csv")
