"""Synthetic hand-in files for tests and the grading benchmark (seeded, so runs repeat)."""
from __future__ import annotations

import json
import random
from pathlib import Path

from lessons import __version__
from lessons.kinds import kind_of
from lessons.quizbank import QuizBank
from lessons.responses import COURSE_ID, FORMAT, SCHEMA_VERSION


def submission(banks: list[QuizBank], n: int, rng: random.Random, skill: float | None = None) -> dict:
    """One learner's file; ``skill`` is their chance of answering each question rightly."""
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
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "course": COURSE_ID, "package_version": __version__,
            "learner": {"id": f"learner-{n:05d}", "name": f"Learner {n:05d}"},
            "saved_at": "2026-11-28T10:00:00.000+00:00", "quizzes": quizzes}


def write_submissions(banks: list[QuizBank], folder: Path, count: int, seed: int = 2021) -> list[Path]:
    """Write ``count`` synthetic hand-in files into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"learner-{n:05d}-answers.json"
        path.write_text(json.dumps(submission(banks, n, rng)), encoding="utf-8")
        paths.append(path)
    return paths
