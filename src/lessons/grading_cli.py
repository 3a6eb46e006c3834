"""`lessons grade`: write the gradebook, item analysis, problems, written answers (and report)."""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from lessons.grading import Gradebook, grade, item_statistics
from lessons.learner import learner_id
from lessons.paths import course_dir
from lessons.quizbank import BankError, load_all
from lessons.safe_csv import write_csv


def _write_csv(path: Path, header: list[str], rows: list[list] | list[dict]) -> None:
    """Every text cell made safe for spreadsheets (hand-in content can start with '=')."""
    write_csv(path, header, rows)


def _fmt(x: float) -> str:
    """Points with two decimals at most: 9.25, 9.5, 10 (never 9.2499)."""
    return f"{round(x, 2):g}"


def percent_text(points: float, book: Gradebook) -> str:
    """Percent of the points of the quizzes set, two decimals; empty when nothing was set."""
    return f"{100 * points / book.max_total:.2f}" if book.max_total else ""


def quiz_cells(book: Gradebook, r) -> list[str]:
    """A learner's score per quiz; empty for a quiz that was not set (never 0)."""
    return [_fmt(r.quiz_scores[b.quiz]) if b.quiz in book.set_quizzes else "" for b in book.banks]


def write_gradebook(book: Gradebook, out: Path) -> None:
    """gradebook.csv: a row per learner, a column per quiz, total, percent, written answers, Try-it exercises
    done right (shown, not graded), status and source file."""
    quizzes = [b.quiz for b in book.banks]
    rows = []
    for r in book.results:
        answered = sum(x is not None for x in r.scores) + len(r.written)
        status = "no answers" if answered == 0 else ("graded with problems" if r.problems else "graded")
        rows.append([r.learner_id, r.name, *quiz_cells(book, r), _fmt(r.total),
                     _fmt(book.max_total), percent_text(r.total, book), len(r.written), r.exercises_done, status, r.file])
    _write_csv(out / "gradebook.csv", ["learner_id", "name", *quizzes, "total", "max", "percent",
                                       "written_answers", "exercises_done", "status", "file"], rows)


ID_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def moodle_id_number(learner_id: str, name: str) -> str:
    """The learner's id as they typed it when it is an id (a student number such as 'S1234567', case kept),
    else the learner id of the answers file. Never a slug made from a name with spaces."""
    typed = (name or "").strip()
    return typed if ID_NUMBER.fullmatch(typed) and any(ch.isdigit() for ch in typed) else learner_id


def write_moodle(book: Gradebook, out: Path) -> None:
    """gradebook-moodle.csv for Moodle's 'Import grades from CSV': map 'ID number' to the user's ID number.

    The ID number is the student id the learner typed (see ``moodle_id_number``); quizzes not set are left
    empty (an empty cell leaves Moodle's grade alone, a 0 would overwrite it).
    """
    quizzes = [b.quiz for b in book.banks]
    rows = [[moodle_id_number(r.learner_id, r.name), r.name, *quiz_cells(book, r), percent_text(r.total, book)]
            for r in book.results]
    _write_csv(out / "gradebook-moodle.csv", ["ID number", "Full name", *quizzes, "Percent"], rows)


def write_written(book: Gradebook, out: Path) -> None:
    """written-answers.md: every written answer, grouped by question, for the teacher to read."""
    lines = ["# Written answers", "", "Read and mark these by hand; the machine never marks them.", ""]
    for bank in book.banks:
        for q in bank.questions:
            if q.auto_scored:
                continue
            i = book.index[(bank.quiz, q.id)]
            answers = [(r, r.written[i]) for r in book.results if i in r.written]
            lines += [f"## {bank.quiz} / {q.id}", "", f"> {q.prompt}", "",
                      f"{len(answers)} answer(s). Points a good answer might make: {q.explanation}", ""]
            if q.rubric:
                lines += ["Rubric:", *(f"- {c} ({p:g} pt)" for c, p in q.rubric), ""]
            for r, text in answers:
                safe = " ".join(text.split()).replace("<", "&lt;")
                lines.append(f"- **{r.name or r.learner_id}** ({r.learner_id}): {safe}")
            lines.append("")
    (out / "written-answers.md").write_text("\n".join(lines), encoding="utf-8")


def write_feedback(book: Gradebook, out: Path) -> None:
    """feedback/<learner>.md: score, and per question of the quizzes set right or wrong with the explanation.

    Only the quizzes graded this time appear: another quiz's explanations would give its answers away.
    """
    folder = out / "feedback"
    folder.mkdir(exist_ok=True)
    for r in book.results:
        lines = [f"# Feedback for {r.name or r.learner_id}", "",
                 f"Total: {_fmt(r.total)} of {_fmt(book.max_total)} points ({percent_text(r.total, book)}%).", ""]
        for bank in book.banks:
            if bank.quiz not in book.set_quizzes:
                continue
            lines += [f"## {bank.title}: {_fmt(r.quiz_scores[bank.quiz])} of {_fmt(bank.max_points)}", ""]
            for q in bank.questions:
                i = book.index[(bank.quiz, q.id)]
                mark = book.marks.get((r.learner_id, i))
                if not q.auto_scored and mark is not None:
                    state = f"marked {_fmt(mark.points)} of {_fmt(q.points)}" + (f": {mark.comment}" if mark.comment else "")
                elif not q.auto_scored:
                    state = "written answer: your teacher reads it" if i in r.written else "not answered"
                elif r.scores[i] is None:
                    state = "not answered"
                else:
                    s = r.scores[i]
                    state = "right" if s >= q.points else ("partly right" if s > 0 else "not right")
                typed = book.kinds[i].feedback_echo(r.choices[i])
                lines.append(f"- {q.prompt} — **{state}**. {typed}{q.explanation} ({q.source})")
            lines.append("")
        (folder / f"{learner_id(r.learner_id)}.md").write_text("\n".join(lines), encoding="utf-8")


def _hint_assessment(args: argparse.Namespace) -> None:
    """After grading practice answers: say so when the course names graded work, graded with --assessment."""
    from lessons.learner_copy import AssessmentError, read_assessment

    key = getattr(args, "key", None)
    try:
        named = read_assessment(Path(key).parent if key else course_dir())
    except (AssessmentError, OSError, ValueError):
        return
    if named is not None:
        print(f"Note: answers to the graded quizzes ({', '.join(named.quizzes)}, assessment {named.id}) are "
              "saved apart from practice answers; grade them with --assessment.")


def run_grade(args: argparse.Namespace) -> int:
    """Grade; print a summary; exit 0 when every file was clean, 3 when some had problems, 2 on a bad key
    or when no answers file was found."""
    started = time.perf_counter()
    try:
        banks = load_all(Path(args.key) if args.key else None)
    except BankError as exc:
        print("lessons grade: the answer key has problems:\n  - " + "\n  - ".join(exc.problems), file=sys.stderr)
        return 2
    if any(b.released for b in banks):
        print("lessons grade: the key is a learner release (answers removed); use the full quiz banks (--key).",
              file=sys.stderr)
        return 2
    skip: set[str] = set()
    assessment = None
    if getattr(args, "assessment", False):
        from lessons.learner_copy import AssessmentError, read_assessment

        folder = Path(args.key).parent if args.key else course_dir()
        try:
            assessment = read_assessment(folder)
        except (AssessmentError, OSError) as exc:
            print(f"lessons grade: {exc}", file=sys.stderr)
            return 2
        if assessment is None:
            print(f"lessons grade: {folder / 'course.yaml'} names no assessed quiz ('assessment:'); "
                  "grade practice answers without --assessment.", file=sys.stderr)
            return 2
        chosen = [b for b in banks if assessment.covers(b.quiz, b.lesson)]
        if args.quiz:
            chosen = [b for b in chosen if b.lesson in args.quiz or b.quiz in args.quiz]
        skip = {b.quiz for b in banks} - {b.quiz for b in chosen}
        banks = chosen
    elif args.quiz:
        chosen = [b for b in banks if b.lesson in args.quiz or b.quiz in args.quiz]
        if not chosen:
            print(f"lessons grade: no quiz matches --quiz {args.quiz}; use lesson numbers such as 07.", file=sys.stderr)
            return 2
        skip = {b.quiz for b in banks} - {b.quiz for b in chosen}
        banks = chosen
    out = Path(args.out)
    book = grade([Path(p) for p in args.paths], banks, args.policy, skip_quizzes=skip,
                 assessment=assessment.id if assessment else None)
    if book.files_read == 0:
        print(f"lessons grade: found no answers files in {', '.join(args.paths)}: looked for *.json files and .zip "
              "archives there and in every folder below. Check the path, or collect the class's files first; "
              "nothing was written.", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    if not args.quiz and assessment is None:
        book.mark_set(book.answered_quizzes())  # nothing named what was set: the quizzes anyone answered
    if getattr(args, "marks", None):
        from lessons.marks import apply_marks, read_marks

        marks, mark_problems = read_marks(Path(args.marks), book)
        apply_marks(book, marks)
        book.problems.extend(mark_problems)
    set_names = ", ".join(b.quiz for b in book.banks if b.quiz in book.set_quizzes) or "none"
    counted = ("the final answer" if assessment and not args.policy
               else f"policy {args.policy}" if args.policy else "each bank's scoring")
    what = f"assessment {assessment.id}" if assessment else "practice answers"
    write_gradebook(book, out)
    items = item_statistics(book)
    _write_csv(out / "items.csv", list(items[0].keys()), items)
    _write_csv(out / "problems.csv", ["file", "learner", "question", "reason"],
               [[p.file, p.learner, p.question, p.reason] for p in book.problems])
    write_written(book, out)
    if args.feedback:
        write_feedback(book, out)
    if args.lms == "moodle":
        write_moodle(book, out)
    graded_at = time.perf_counter()
    print(f"Graded {len(book.results)} learner(s) from {book.files_read} file(s) in {graded_at - started:.2f} s "
          f"-> {out}/gradebook.csv, items.csv, problems.csv, written-answers.md")
    print(f"Graded {what}; quizzes set: {set_names} ({_fmt(book.max_total)} points); counted: {counted}.")
    if assessment is None:
        _hint_assessment(args)
    if not args.no_report:
        from lessons.report import write_report

        write_report(book, items, out / "report.html")
        print(f"Report: {out}/report.html ({time.perf_counter() - graded_at:.2f} s)")
    for p in book.problems:
        where = f" [{p.learner}{' / ' + p.question if p.question else ''}]" if p.learner else ""
        print(f"problem: {p.file}{where}: {p.reason}", file=sys.stderr)
    if book.problems:
        print(f"{len(book.problems)} problem(s); see {out}/problems.csv. The other files were graded.", file=sys.stderr)
        return 3
    return 0
