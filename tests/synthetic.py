"""Synthetic answers files for tests and the grading benchmark (seeded, so runs repeat).

Not part of the package: the tests and ``bench/run.py`` import it from ``tests/``. Each kind gives its own
right or wrong answer (``Kind.synthetic_answer``); the file's frame comes from ``lessons.core.answers_file``.
"""
from __future__ import annotations

import json
import random
from pathlib import Path

from lessons import __version__
from lessons.core import answers_file
from lessons.core.course import course_of_banks, load_course
from lessons.core.kinds import kind_of
from lessons.core.quizbank import QuizBank


def synthetic_answers_file(banks: list[QuizBank], n: int, rng: random.Random, skill: float | None = None,
                           course: str | None = None) -> dict:
    """One learner's answers file; ``skill`` is their chance of answering each question rightly.

    ``course`` defaults to the id in the course.yaml beside the banks (else the course the package finds).
    """
    skill = rng.random() if skill is None else skill
    quizzes = {}
    for bank in banks:
        entries = {}
        for q in bank.questions:
            if rng.random() < 0.1:
                continue  # skipped question
            first = kind_of(q).synthetic_answer(q, rng, rng.random() < skill * 0.8)
            last = kind_of(q).synthetic_answer(q, rng, rng.random() < skill)
            at = f"2026-11-{1 + n % 28:02d}T10:{n % 60:02d}:00.000+00:00"
            entries[q.id] = {"answer": last, "attempts": 2, "first_at": at, "last_at": at,
                             "history": [{"answer": first, "at": at}, {"answer": last, "at": at}]}
        quizzes[bank.quiz] = entries
    if course is None:
        found = course_of_banks(banks)
        course = found.id if found else load_course().id
    doc = answers_file.empty(f"Learner {n:05d}", f"learner-{n:05d}", course, __version__)
    doc.update(saved_at="2026-11-28T10:00:00.000+00:00", quizzes=quizzes)
    return doc


def write_answers_files(banks: list[QuizBank], folder: Path, count: int, seed: int = 2021) -> list[Path]:
    """Write ``count`` synthetic answers files into ``folder``."""
    rng = random.Random(seed)
    found = course_of_banks(banks)
    course = found.id if found else load_course().id
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"learner-{n:05d}-answers.json"
        path.write_text(json.dumps(synthetic_answers_file(banks, n, rng, course=course)), encoding="utf-8")
        paths.append(path)
    return paths
