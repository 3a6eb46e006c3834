"""`lessons grade`: the command-line glue; the grading itself is ``lessons.teacher.grading`` (inputs, policy,
statistics, outputs, report)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lessons.teacher.grading import grade, item_statistics
from lessons.teacher.grading.accounts import identity_note
from lessons.teacher.grading.outputs import (_fmt, _write_csv, moodle_id_number, percent_text, quiz_cells,  # noqa: F401
                                     problem_lines, problems_per_file, write_feedback, write_gradebook,
                                     write_moodle, write_problems, write_written)
from lessons.core.paths import course_dir
from lessons.core.quizbank import BankError, load_all


def _hint_assessment(args: argparse.Namespace) -> None:
    """After grading practice answers: say so when the course names graded work, graded with --assessment."""
    from lessons.core.assessment import AssessmentError, read_assessment

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
        print("lessons grade: these quiz banks are a learner's copy (answers removed), so they cannot grade; give the "
              "full quiz banks of your own copy of the course: --quiz-banks YOUR-COURSE/course/quizzes",
              file=sys.stderr)
        return 2
    skip: set[str] = set()
    assessment = None
    if getattr(args, "assessment", False):
        from lessons.core.assessment import AssessmentError, read_assessment

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
        from lessons.teacher.marks import apply_marks, read_marks

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
    write_problems(book, out)
    write_written(book, out)
    if args.feedback:
        write_feedback(book, out)
    if args.lms == "moodle":
        write_moodle(book, out)
    graded_at = time.perf_counter()
    print(f"Graded {len(book.results)} learner(s) from {book.files_read} file(s) in {graded_at - started:.2f} s "
          f"-> {out}/gradebook.csv, items.csv, problems.csv, written-answers.md")
    print(f"Graded {what}; quizzes set: {set_names} ({_fmt(book.max_total)} points); counted: {counted}.")
    print(identity_note(book.results))
    if assessment is None:
        _hint_assessment(args)
    if not args.no_report:
        from lessons.teacher.grading.report import write_report

        write_report(book, items, out / "report.html")
        print(f"Report: {out}/report.html ({time.perf_counter() - graded_at:.2f} s)")
    for line in problem_lines(book.problems):
        print(line, file=sys.stderr)
    if book.problems:
        files = len(problems_per_file(book.problems))
        print(f"{len(book.problems):,} problem(s) in {files:,} file(s); see {out}/problems.csv (each file's first "
              f"problems) and problems-all.csv (every one). The other files were graded.", file=sys.stderr)
        return 3
    return 0
