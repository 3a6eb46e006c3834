"""Reading the teacher's marks sheet for written answers (written by ``lessons marks``), as part of a
grading request: a row with an unknown learner or question, points that are not a number, negative or
over the maximum is a problem (named with its line); the rest count."""
from __future__ import annotations

import csv
import math
from pathlib import Path

from lessons.teacher.grading.results import Mark, Problem, QuestionTable

COLUMNS = ["learner_id", "name", "quiz", "question", "max_points", "prompt", "answer", "rubric", "points", "comment"]
MAX_SHEET_BYTES = 20_000_000
NEEDED = {"learner_id", "quiz", "question", "points"}


def read_sheet(path: Path) -> list[dict]:
    """The sheet's rows as mappings by column name (a spreadsheet's byte-order mark allowed)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def read_marks(path: Path, table: QuestionTable, learners: set[str]) -> tuple[dict[tuple[str, int], Mark], list[Problem]]:
    """Marks keyed by (learner id, question index in ``table``), and the rows set aside.

    ``learners``: the learners graded (a mark for anyone else is a problem).
    """
    rows, problem = _sheet_rows(path)
    if problem:
        return {}, [problem]
    marks: dict[tuple[str, int], Mark] = {}
    problems: list[Problem] = []
    for line, row in enumerate(rows, start=2):
        found = _mark_of_row(row, f"{path} line {line}", table, learners)
        if isinstance(found, Problem):
            problems.append(found)
        elif found is not None:
            key, mark = found
            if key in marks:
                problems.append(Problem(f"{path} line {line}", "second row for this learner and question; the first "
                                        "one counts", key[0], table.questions[key[1]][1].id))
                continue
            marks[key] = mark
    return marks, problems


def _sheet_rows(path: Path) -> tuple[list[dict], Problem | None]:
    """The rows, or the one problem that stops the whole sheet from being read."""
    label = str(path)
    try:
        if path.stat().st_size > MAX_SHEET_BYTES:
            return [], Problem(label, f"marks file is over {MAX_SHEET_BYTES:,} bytes; is it the right file?")
        rows = read_sheet(path)
    except UnicodeDecodeError:
        return [], Problem(label, "marks file is not UTF-8 text (a spreadsheet may have saved it as UTF-16 or in "
                                  "another encoding): save it as 'CSV UTF-8' and grade again")
    except csv.Error:
        return [], Problem(label, "marks file is not a CSV file the grader can read (a cell longer than 131,072 "
                                  "characters, or broken quotes): write it again with 'lessons marks'")
    except OSError as exc:
        return [], Problem(label, f"marks file cannot be opened ({exc.strerror or 'unreadable'}); check the path")
    if rows and not NEEDED <= set(rows[0]):
        return [], Problem(label, "marks file lacks the columns learner_id, quiz, question, points; "
                                  "write it with 'lessons marks' and fill it in")
    return rows, None


def _mark_of_row(row: dict, where: str, table: QuestionTable,
                 learners: set[str]) -> tuple[tuple[str, int], Mark] | Problem | None:
    """One row's mark with its key, the problem with the row, or None when it is not marked yet."""
    learner = (row.get("learner_id") or "").strip()
    quiz, qid = (row.get("quiz") or "").strip(), (row.get("question") or "").strip()
    text = (row.get("points") or "").strip()
    comment = (row.get("comment") or "").strip()
    if not text and not comment:
        return None  # not marked yet
    i = table.index.get((quiz, qid))
    if learner not in learners:
        return Problem(where, f"unknown learner {learner!r} (no hand-in graded for them); row ignored", learner, qid)
    if i is None or table.questions[i][1].auto_scored:
        return Problem(where, f"unknown written question {quiz}/{qid}; row ignored", learner, qid)
    q = table.questions[i][1]
    try:
        points = float(text.replace(",", ".")) if text else 0.0
    except ValueError:
        points = math.nan
    if not math.isfinite(points):
        return Problem(where, f"points {text!r} is not a number; write 0 to {q.points:g}", learner, qid)
    if points < 0 or points > q.points:
        return Problem(where, f"points {text} outside 0 to {q.points:g} (the question's maximum); row ignored",
                       learner, qid)
    return (learner, i), Mark(points, comment)
