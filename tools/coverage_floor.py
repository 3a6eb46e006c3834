#!/usr/bin/env python3
"""The coverage of the grading tools, each against the floor of issue 14 (run by make test after pytest --cov).

Reads the .coverage file pytest-cov wrote and prints one line per module: lines, missed, percent, and
whether it meets the floor (90 % of lines). Prints only; with --strict it exits 1 when a module is below.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = 90.0
# scoring (with the question kinds it delegates to), grading (all its parts), report, release, answer key,
# check and the command line
MODULES = ["scoring.py", "kinds/", "grading.py", "grading/", "grading_cli.py", "safe_csv.py", "handin.py",
           "answers_file.py", "report.py", "release.py", "answer_key.py", "course_check.py", "cli.py"]


def main() -> int:
    import coverage

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strict", action="store_true", help="exit 1 when a module is below the floor")
    args = parser.parse_args()
    data_file = ROOT / ".coverage"
    if not data_file.exists():
        print("coverage: no .coverage file; run pytest with --cov=lessons first", file=sys.stderr)
        return 0
    cov = coverage.Coverage(data_file=str(data_file))
    cov.load()
    package = ROOT / "src" / "lessons"
    rows, below = [], []
    for measured in sorted(cov.get_data().measured_files()):
        path = Path(measured)
        try:
            relative = path.resolve().relative_to(package.resolve()).as_posix()
        except ValueError:
            continue
        if not any(relative == m or (m.endswith("/") and relative.startswith(m)) for m in MODULES):
            continue
        _, statements, _, missing, _ = cov.analysis2(measured)
        percent = 100.0 * (len(statements) - len(missing)) / len(statements) if statements else 100.0
        rows.append((relative, len(statements), len(missing), percent))
        if percent < FLOOR:
            below.append(relative)
    print(f"\nCoverage of the grading tools (floor {FLOOR:.0f} % of lines each):")
    for name, lines, missed, percent in rows:
        print(f"  {name:<28} {lines:>5} lines {missed:>4} missed {percent:6.1f} %  "
              f"{'ok' if percent >= FLOOR else 'BELOW the floor'}")
    if below:
        print(f"  below the floor: {', '.join(below)}")
    return 1 if below and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
