"""`lessons grade`: the command-line glue, as a list of steps: the command's options become a grading
request; ``lessons.teacher.grading.grade`` turns it into a read-only gradebook; the writers (gradebook,
items, problems, written answers, feedback, Moodle, report) only read that."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lessons.core.paths import course_dir
from lessons.core.quizbank import BankError, QuizBank, load_all
from lessons.teacher.grading import GradeRequest, Gradebook, grade, item_statistics
from lessons.teacher.grading.accounts import identity_note
from lessons.teacher.grading.outputs import (_fmt, _write_csv, moodle_id_number, percent_text, quiz_cells,  # noqa: F401
                                             marks_missing, problem_lines, problems_per_file, write_feedback, write_gradebook,
                                             write_items, write_moodle, write_problems, write_written)


class GradeRefused(Exception):
    """Nothing can be graded as asked; the message says why and what to do (exit status 2)."""


def run_grade(args: argparse.Namespace) -> int:
    """Grade; print a summary; exit 0 when every file was clean, 3 when some had problems, 2 on a bad key
    or when no answers file was found."""
    started = time.perf_counter()
    try:
        book = grade(grade_request(args))
        if book.files_read == 0:
            raise GradeRefused(f"found no answers files in {', '.join(args.paths)}: looked for *.json files and "
                               ".zip archives there and in every folder below. Check the path, or collect the "
                               "class's files first; nothing was written.")
    except GradeRefused as exc:
        print(f"lessons grade: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    items = write_outputs(book, out, feedback=args.feedback, lms=args.lms)
    graded_at = time.perf_counter()
    print_summary(book, out, graded_at - started)
    if book.assessment is None:
        _hint_assessment(args)
    if not args.no_report:
        from lessons.teacher.grading.report import write_report

        write_report(book, items, out / "report.html")
        print(f"Report: {out}/report.html ({time.perf_counter() - graded_at:.2f} s)")
    return print_problems(book, out)


def grade_request(args: argparse.Namespace) -> GradeRequest:
    """The request the options make: the key's banks, the quizzes chosen, the assessment, policy and marks."""
    key = Path(args.key) if args.key else None
    banks = load_key(key)
    if getattr(args, "assessment", False):
        assessment, chosen = assessed_banks(banks, key, args.quiz)
    else:
        assessment, chosen = None, chosen_banks(banks, args.quiz)
    chosen = without_learner_copies(chosen, assessment is None and not args.quiz)
    marks = getattr(args, "marks", None)
    return GradeRequest([Path(p) for p in args.paths], chosen, args.policy,
                        skip_quizzes={b.quiz for b in banks} - {b.quiz for b in chosen}, assessment=assessment,
                        marks=Path(marks) if marks else None, set_by_answers=not args.quiz and assessment is None,
                        exercise_points=exercise_points(key))


def exercise_points(key: Path | None) -> dict[str, tuple[str, float]]:
    """The Try-it exercises that give points, from exercises.yaml in the course folder beside the key."""
    from lessons.teacher.grading.exercise_points import ExercisePointsError, read_exercise_points

    try:
        return read_exercise_points(key.parent if key else course_dir())
    except ExercisePointsError as exc:
        raise GradeRefused(str(exc)) from None


def load_key(key: Path | None) -> list[QuizBank]:
    """The full quiz banks to grade against (never a learner release, whose answers are removed)."""
    try:
        banks = load_all(key)
    except BankError as exc:
        raise GradeRefused("the answer key has problems:\n  - " + "\n  - ".join(exc.problems)) from None
    return banks


COPY_HELP = ("give the full quiz banks of your own copy of the course: --quiz-banks YOUR-COURSE/course/quizzes "
             "(an installed package or a release holds the graded quizzes without their answers)")


def without_learner_copies(chosen: list[QuizBank], any_quiz: bool) -> list[QuizBank]:
    """The banks to grade, less those that are a learner's copy (answers removed). Practice grading of every
    quiz sets them aside with a note; grading them by name (--assessment, --quiz) is refused: they cannot grade."""
    copies = [b.quiz for b in chosen if b.released]
    if not copies:
        return chosen
    if not any_quiz or len(copies) == len(chosen):
        raise GradeRefused(f"{', '.join(copies)}: these quiz banks are a learner's copy (answers removed), so they "
                           f"cannot grade; {COPY_HELP}.")
    print(f"Note: {', '.join(copies)} left aside: a learner's copy here (answers removed); to grade it, {COPY_HELP}.")
    return [b for b in chosen if not b.released]


def chosen_banks(banks: list[QuizBank], quiz: list[str] | None) -> list[QuizBank]:
    """The banks ``--quiz`` names (a lesson number or a quiz id), or all of them."""
    if not quiz:
        return banks
    chosen = [b for b in banks if b.lesson in quiz or b.quiz in quiz]
    if not chosen:
        raise GradeRefused(f"no quiz matches --quiz {quiz}; use lesson numbers such as 07.")
    return chosen


def assessed_banks(banks: list[QuizBank], key: Path | None, quiz: list[str] | None) -> tuple[str, list[QuizBank]]:
    """The assessment's id and the banks it covers (those ``--quiz`` names, when given)."""
    from lessons.core.assessment import AssessmentError, read_assessment

    folder = key.parent if key else course_dir()
    try:
        assessment = read_assessment(folder)
    except (AssessmentError, OSError) as exc:
        raise GradeRefused(str(exc)) from None
    if assessment is None:
        raise GradeRefused(f"{folder / 'course.yaml'} names no assessed quiz ('assessment:'); "
                           "grade practice answers without --assessment.")
    chosen = [b for b in banks if assessment.covers(b.quiz, b.lesson)]
    if quiz:
        chosen = [b for b in chosen if b.lesson in quiz or b.quiz in quiz]
    return assessment.id, chosen


def write_outputs(book: Gradebook, out: Path, feedback: bool = False, lms: str | None = None) -> list[dict]:
    """Write every CSV and Markdown output into ``out``; return the item statistics (the report's too)."""
    write_gradebook(book, out)
    items = item_statistics(book)
    write_items(items, out)
    write_problems(book, out)
    write_written(book, out)
    if feedback:
        write_feedback(book, out)
    if lms == "moodle":
        write_moodle(book, out)
    return items


def print_summary(book: Gradebook, out: Path, seconds: float) -> None:
    """What was graded, against what, and how answers were counted."""
    set_names = ", ".join(b.quiz for b in book.banks if b.quiz in book.set_quizzes) or "none"
    counted = ("the final answer" if book.assessment and not book.policy
               else f"policy {book.policy}" if book.policy else "each bank's scoring")
    what = f"assessment {book.assessment}" if book.assessment else "practice answers"
    print(f"Graded {len(book.results)} learner(s) from {book.files_read} file(s) in {seconds:.2f} s "
          f"-> {out}/gradebook.csv, items.csv, problems.csv, written-answers.md")
    print(f"Graded {what}; quizzes set: {set_names} ({_fmt(book.max_total)} points{points_note(book)}); "
          f"counted: {counted}.")
    to_mark = sum(len(marks_missing(book, r)) for r in book.results)
    if to_mark:
        print(f"{to_mark} written answer(s) to mark: each counts 0 until marked (shown as 'to mark', the maximum "
              "already holds its points): lessons marks ... --out marks.csv, then grade with --marks marks.csv.")
    print(identity_note(book.results))


def points_note(book: Gradebook) -> str:
    """', of them 4 written and 2 from Try-it exercises': what in the maximum is not marked by the machine."""
    written = sum(q.points for b in book.banks if b.quiz in book.set_quizzes for q in b.questions if not q.auto_scored)
    parts = [f"{_fmt(written)} written" if written else "",
             f"{_fmt(book.exercise_max)} from Try-it exercises" if book.exercise_max else ""]
    shown = " and ".join(p for p in parts if p)
    return f", of them {shown}" if shown else ""


def print_problems(book: Gradebook, out: Path) -> int:
    """The problems on stderr, each file's first few (all are in problems-all.csv); the exit status (3 when
    there were any, else 0)."""
    for line in problem_lines(book.problems):
        print(line, file=sys.stderr)
    if book.problems:
        files = len(problems_per_file(book.problems))
        print(f"{len(book.problems):,} problem(s) in {files:,} file(s); see {out}/problems.csv (each file's first "
              f"problems) and problems-all.csv (every one). The other files were graded.", file=sys.stderr)
        return 3
    return 0


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
