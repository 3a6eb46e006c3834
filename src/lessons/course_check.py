"""`lessons check`: validate every quiz bank, the data package and the Try-it exercises, and show coverage.

Teachers run it after editing a quiz. It prints each problem with the file, the question id,
the field and what to do, and exits 1 if there were any.
"""
from __future__ import annotations

import sys
from collections import Counter

from lessons.kinds import names
from lessons.quizbank import LEVELS, BankError, QuizBank, load_all

OBJECTIVES = {
    1: "what the agreement changed and did not",
    2: "the voices in the article",
    3: "facts, opinions, predictions, recommendations",
    4: "analogies and causal arguments",
    5: "the history 2003-2021",
    6: "forecasts against what happened",
    7: "reading the article as a source",
    8: "pandas and matplotlib on small tables",
}


def coverage_table(banks: list[QuizBank]) -> str:
    """Objectives by questions: how many questions check each objective, per level."""
    counts = Counter((q.objective, q.level) for b in banks for q in b.questions)
    head = f"{'objective':<52}" + "".join(f"{lvl[:5]:>7}" for lvl in LEVELS) + f"{'total':>7}"
    lines = [head, "-" * len(head)]
    for obj, text in OBJECTIVES.items():
        row = [counts[(obj, lvl)] for lvl in LEVELS]
        lines.append(f"{obj}. {text:<49}" + "".join(f"{n:>7}" for n in row) + f"{sum(row):>7}")
    totals = [sum(counts[(o, lvl)] for o in OBJECTIVES) for lvl in LEVELS]
    lines.append(f"{'all':<52}" + "".join(f"{n:>7}" for n in totals) + f"{sum(totals):>7}")
    return "\n".join(lines)


def kinds_line(banks: list[QuizBank]) -> str:
    """Questions per kind, in one line."""
    counts = Counter(q.kind for b in banks for q in b.questions)
    return ", ".join(f"{k} {counts[k]}" for k in names())


def run_check(quiet: bool = False) -> int:
    """Validate banks and data; print problems (and the coverage table); return 0 or 1."""
    problems: list[str] = []
    banks: list[QuizBank] = []
    try:
        banks = load_all()
    except BankError as exc:
        problems.extend(exc.problems)
    try:
        from lessons.data import TABLES, DataError, check_foreign_keys, read_rows

        for name in TABLES:
            read_rows(name)
        problems.extend(check_foreign_keys())
    except DataError as exc:
        problems.append(str(exc))
    if not problems:  # the Try-it solutions run on the tables, so check them once the tables are sound
        from lessons.exercises import exercise_problems

        problems.extend(exercise_problems())
    if problems:
        print(f"lessons check: {len(problems)} problem(s) found:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print("Fix these, then run 'lessons check' again.", file=sys.stderr)
        return 1
    from lessons.option_order import key_position_warnings

    warnings = [w for bank in banks for w in key_position_warnings(bank)]
    for warning in warnings:
        print(f"warning: {warning}")
    if not quiet:
        n = sum(len(b.questions) for b in banks)
        print(f"OK: {len(banks)} quiz banks, {n} questions; data package valid.")
        print(f"Kinds: {kinds_line(banks)}")
        print()
        print(coverage_table(banks))
    return 0
