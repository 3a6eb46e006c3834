"""`lessons check`: validate every quiz bank, the data package and the Try-it exercises, and show coverage.

Teachers run it after editing a quiz. It prints each problem with the file, the question id,
the field and what to do, and exits 1 if there were any.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from lessons.core.course import Course, CourseError, load_course
from lessons.core.exercise_bank import ExerciseError, exercises_path, expected_result, load_exercises
from lessons.core.exercise_verdict import compare
from lessons.core.kinds import names
from lessons.core.quizbank import LEVELS, BankError, QuizBank, load_all


def course_problems(course: Course, banks: list[QuizBank]) -> list[str]:
    """What course.yaml and the quiz banks disagree on: objectives and lessons."""
    problems = []
    for bank in banks:
        for q in bank.questions:
            if course.objectives and q.objective not in course.objectives:
                problems.append(f"{bank.path.name}: question {q.id}: field 'objective': {q.objective} is not an "
                                f"objective in course.yaml -> use one of {sorted(course.objectives)}")
    if course.lessons:
        listed = {lesson.number for lesson in course.lessons}
        for bank in banks:
            if bank.lesson not in listed:
                problems.append(f"{bank.path.name}: field 'lesson': {bank.lesson!r} is not a lesson in course.yaml "
                                "-> add it under 'lessons' or fix the number")
        for number in sorted(listed - {b.lesson for b in banks}):
            problems.append(f"course.yaml: lesson {number!r} has no quiz bank -> add quizzes/{number}-....yaml "
                            "or remove the lesson")
    return problems


def coverage_table(banks: list[QuizBank], objectives: dict[int, str]) -> str:
    """Objectives by questions: how many questions check each objective, per level."""
    counts = Counter((q.objective, q.level) for b in banks for q in b.questions)
    head = f"{'objective':<52}" + "".join(f"{lvl[:5]:>7}" for lvl in LEVELS) + f"{'total':>7}"
    lines = [head, "-" * len(head)]
    for obj, text in objectives.items():
        row = [counts[(obj, lvl)] for lvl in LEVELS]
        lines.append(f"{obj}. {text:<49}" + "".join(f"{n:>7}" for n in row) + f"{sum(row):>7}")
    totals = [sum(counts[(o, lvl)] for o in objectives) for lvl in LEVELS]
    lines.append(f"{'all':<52}" + "".join(f"{n:>7}" for n in totals) + f"{sum(totals):>7}")
    return "\n".join(lines)


def kinds_line(banks: list[QuizBank]) -> str:
    """Questions per kind, in one line."""
    counts = Counter(q.kind for b in banks for q in b.questions)
    return ", ".join(f"{k} {counts[k]}" for k in names())


def exercise_problems(folder: Path | None = None) -> list[str]:
    """Problems with the course's exercises (for ``lessons check``): a bad file, or a solution that fails."""
    path = exercises_path(folder)
    if not path.is_file():
        return []  # a course without Try-it checks
    try:
        found = load_exercises(folder)
    except ExerciseError as exc:
        return [str(exc)]
    problems = []
    for exercise in found.values():
        try:
            expected = expected_result(exercise, folder)
        except Exception as exc:  # a teacher's edit to a solution: say which and why
            problems.append(f"{path.name}: exercise {exercise.id}: the solution fails ({type(exc).__name__}: {exc}) "
                            "-> run it in the lesson and correct it")
            continue
        if not compare(exercise, expected, expected).right:
            problems.append(f"{path.name}: exercise {exercise.id}: the solution's result does not suit "
                            f"compare: {exercise.compare} -> change compare or the solution")
    return problems


def data_problems() -> list[str]:
    """Problems with the data package: a table that does not read, a foreign key that points nowhere."""
    from lessons.core.data import DataError, check_foreign_keys, read_rows, table_names

    try:
        for name in table_names():
            read_rows(name)
        return check_foreign_keys()
    except DataError as exc:
        return [str(exc)]


def course_and_banks() -> tuple[Course | None, list[QuizBank], list[str]]:
    """The course and its banks as far as they load, and every problem found in them and the data."""
    problems: list[str] = []
    banks: list[QuizBank] = []
    course = None
    try:
        course = load_course()
    except CourseError as exc:
        problems.extend(str(exc).splitlines())
    try:
        banks = load_all()
    except BankError as exc:
        problems.extend(exc.problems)
    if course is not None:
        problems.extend(course_problems(course, banks))
    problems.extend(data_problems())
    if not problems:  # the Try-it solutions run on the tables, so check them once the tables are sound
        problems.extend(exercise_problems())
    return course, banks, problems


def run_check(quiet: bool = False) -> int:
    """Validate banks and data; print problems (and the coverage table); return 0 or 1."""
    course, banks, problems = course_and_banks()
    if problems or course is None:
        print(f"lessons check: {len(problems)} problem(s) found:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print("Fix these, then run 'lessons check' again.", file=sys.stderr)
        return 1
    from lessons.core.option_order import key_position_warnings

    for warning in (w for bank in banks for w in key_position_warnings(bank)):
        print(f"warning: {warning}")
    if not quiet:
        n = sum(len(b.questions) for b in banks)
        print(f"OK: {course.title} ({course.id}): {len(banks)} quiz banks, {n} questions; data package valid.")
        print(f"Kinds: {kinds_line(banks)}")
        print()
        print(coverage_table(banks, course.objectives))
    return 0
