"""The order in which a question's options are shown: shuffled, stable per learner and question.

Answers stay stored as option text and item ids, so grading never depends on the order shown.
A bank pins the written order of a question with ``shuffle: false`` (for "All of the above",
a scale). ``key_position_warnings`` finds banks whose keys sit in the same written position
(so printed handouts and keys in the written order would read "always A").
"""
from __future__ import annotations

import hashlib
import random
from collections import Counter
from dataclasses import replace

from lessons.core.kinds import kind_of
from lessons.core.kinds.base import OptionList
from lessons.core.questions import Question, QuizBank


def _rng(seed: str, quiz: str, qid: str) -> random.Random:
    digest = hashlib.sha256("\x1f".join((seed, quiz, qid)).encode("utf-8")).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def pinned(q: Question) -> bool:
    """True when the bank keeps this question's options in the written order."""
    return getattr(q, "shuffle", True) is False


def shown_question(q: Question, seed: str, quiz: str) -> Question:
    """The question with its options, order items or categories in the order ``seed`` gives
    (each kind says what it shuffles: ``Kind.shuffled``).

    ``seed`` is the learner's id in a notebook and the teacher's seed on a handout; the same
    seed, quiz and question always give the same order.
    """
    if pinned(q):
        return q
    return kind_of(q).shuffled(q, _rng(seed, quiz, q.id))


def shown_bank(bank: QuizBank, seed: str) -> QuizBank:
    """The bank with every question in the order ``seed`` gives (questions keep their order)."""
    return replace(bank, questions=tuple(shown_question(q, seed, bank.quiz) for q in bank.questions))


def key_positions(bank: QuizBank) -> list[tuple[Question, list[int]]]:
    """For each question whose key is among options: (question, written positions of its key, from 0)."""
    out = []
    for q in bank.questions:
        kind = kind_of(q)
        if isinstance(kind, OptionList) and q.answer is not None:
            out.append((q, kind.key_positions(q)))
    return out


def key_position_warnings(bank: QuizBank) -> list[str]:
    """Warnings when the keys' written positions are skewed over a bank.

    Single choice: more than half of at least three keys in one position. Multiple choice: every
    key (at least two questions) is the leading options (A, B, ...).
    """
    warnings = []
    positions = key_positions(bank)
    singles = [p[0] for q, p in positions if kind_of(q).single_choice and p]
    if len(singles) >= 3:
        where, count = Counter(singles).most_common(1)[0]
        if count * 2 > len(singles):
            warnings.append(f"{bank.path.name}: {count} of {len(singles)} single-choice answers are option "
                            f"{chr(65 + where)} in the written order -> move the right option to different "
                            "places (learners see a shuffled order, but a handout printed without --seed "
                            "and anyone reading the file see the pattern)")
    multiples = [p for q, p in positions if not kind_of(q).single_choice and p]
    if len(multiples) >= 2 and all(p == list(range(len(p))) for p in multiples):
        warnings.append(f"{bank.path.name}: every multiple-choice key is the first options in the written "
                        f"order ({len(multiples)} questions) -> mix the right options among the others")
    return warnings
