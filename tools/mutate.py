#!/usr/bin/env python3
"""Named mutations: deliberate mistakes in the grading numbers that the fast tests must catch (run: make mutate).

Each mutation is applied to a fresh copy of the repository (never to this checkout), then the fast tests
run against the copy. A mutation the tests do not catch "survives" and the script exits 1. A pattern that no
longer matches exactly one place in src/lessons/ (the code moved or changed) is reported and also exits 1:
update the pattern, so the mutation keeps testing what it names.
These are the eight changes of issue 14, finding 11, that once survived the fast test suite.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAST_TESTS = ["tests/test_grading_pinned.py", "tests/test_scoring.py", "tests/test_grading.py", "tests/test_quiz_view.py"]

# name -> list of (regex, replacement); every regex must match exactly once in the package's code
MUTATIONS: dict[str, list[tuple[str, str]]] = {
    "share correct x0.9": [(r"round\((points\[i\] / \(answered\[i\] \* q\.points\))", r"round(0.9 * \1")],
    "discrimination halved": [(r"(\(upper_pts\[i\] - lower_pts\[i\]\)) / \(k \* q\.points\)",
                               r"\1 / (2 * k * q.points)")],
    "upper/lower group 27% -> 50%": [(r"(?<![\w.])0\.27(?!\d)", "0.5")],
    "mean attempts changed": [(r"round\(attempts\[i\] / answered\[i\]", "round((attempts[i] + 1) / answered[i]")],
    "option counts doubled": [(r"(options\[i\]\[choice\] \+= )1\b", r"\g<1>2"),
                              (r"(options\[i\]\.update\(choice_labels\(choice\)\))",
                               r"\1; options[i].update(choice_labels(choice))")],
    "gradebook percent / 10": [(r"100 \* points / maximum", "10 * points / maximum")],  # lessons.teacher.grading.results.percent
    "quiz view score ignores one kind": [(r"for q in answered if q\.auto_scored\)",
                                          "for q in answered if q.auto_scored and q.kind != 'order')")],
    "report counts right options as wrong": [(r"\(r\.scores\[i\] or 0\) < q\.points", "(r.scores[i] or 0) <= q.points")],
}


def copy_repository(dest: Path) -> None:
    """The files the tests need: package, tests, course, notebooks, project file."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".venv", "mutants", ".git")
    for name in ("src", "tests", "course", "notebooks", "bench", "tools"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "Makefile"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)


def apply(copy: Path, edits: list[tuple[str, str]]) -> str:
    """Apply each edit where its pattern matches once in the package; return '' or why it could not."""
    sources = sorted((copy / "src" / "lessons").rglob("*.py"))
    for pattern, replacement in edits:
        hits = [(p, m) for p in sources for m in re.finditer(pattern, p.read_text(encoding="utf-8"))]
        if len(hits) != 1:
            return f"pattern {pattern!r} matches {len(hits)} places (expected 1): update tools/mutate.py"
        path = hits[0][0]
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(pattern, replacement, text, count=1), encoding="utf-8")
    return ""


def run_tests(copy: Path, tests: list[str]) -> tuple[bool, str]:
    """Run the fast tests against the copy's package; True when they pass (the mutant survived)."""
    env = {**os.environ, "PYTHONPATH": str(copy / "src")}
    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-m", "not browser and not slow",
                          "-p", "no:randomly", *tests], cwd=copy, env=env, capture_output=True, text=True)
    failed = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return run.returncode == 0, (failed[0] if failed else run.stdout.strip().splitlines()[-1] if run.stdout else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="run only these mutations (default: all)")
    parser.add_argument("--tests", nargs="*", default=FAST_TESTS, help="test files to run (default: the fast ones)")
    args = parser.parse_args()
    chosen = {n: e for n, e in MUTATIONS.items() if not args.names or n in args.names}
    bad = 0
    with tempfile.TemporaryDirectory(prefix="mutate-") as tmp:
        base = Path(tmp) / "clean"
        copy_repository(base)
        probe = subprocess.run([sys.executable, "-c", "import lessons; print(lessons.__file__)"], cwd=base,
                               env={**os.environ, "PYTHONPATH": str(base / "src")}, capture_output=True, text=True)
        if not probe.stdout.startswith(str(base)):
            print(f"the copy's package is not the one imported ({probe.stdout.strip()}); cannot mutate", file=sys.stderr)
            return 2
        passed, detail = run_tests(base, args.tests)
        if not passed:
            print(f"the fast tests fail without any mutation ({detail}); fix them first", file=sys.stderr)
            return 2
        for name, edits in chosen.items():
            copy = Path(tmp) / re.sub(r"\W+", "-", name)
            shutil.copytree(base, copy)
            t0 = time.perf_counter()
            why = apply(copy, edits)
            if why:
                print(f"NOT APPLIED  {name}: {why}")
                bad += 1
                continue
            survived, detail = run_tests(copy, args.tests)
            verdict = "SURVIVED" if survived else "killed  "
            print(f"{verdict}     {name:<40} {time.perf_counter() - t0:5.1f} s  {detail}", flush=True)
            bad += survived
            shutil.rmtree(copy)
    print(f"{len(chosen) - bad} of {len(chosen)} named mutations killed by the fast tests.")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
