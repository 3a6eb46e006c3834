"""Checking one answer against the key, in plain Python (no widgets, no plotting).

Each kind of question checks its own answers (``lessons.core.kinds``); this module is the one call
the rest of the package uses. Answers are JSON values so that they can be saved and graded later:
single -> option text; multiple -> list of option texts; truefalse -> bool;
number -> the text the learner typed; match/classify -> {item id: category};
order -> list of item ids, first to last; text -> the written answer.

Partial credit (stated here, in the teacher guide and in every feedback line):
- multiple: (right options ticked - wrong options ticked) / number of right options, never below 0;
- match and classify: the share of items placed in the right category;
- order: the share of pairs of items that stand in the right order relative to each other;
- every other kind: all or nothing.
"""
from __future__ import annotations

from typing import Any

from lessons.core.kinds import kind_of
from lessons.core.kinds.base import CORRECT, EMPTY, INVALID, PARTIAL, RECORDED, WRONG, Outcome
from lessons.core.kinds.base import is_empty as _is_empty
from lessons.core.kinds.number import parse_number, read_answer_number, thousands_likely
from lessons.core.questions import Question

__all__ = ["CORRECT", "EMPTY", "INVALID", "PARTIAL", "RECORDED", "WRONG", "Outcome", "answer_problem", "check_answer",
           "correct_answer_text", "is_empty", "parse_number",
           "read_answer_number", "thousands_likely"]


def is_empty(q: Question, answer: Any) -> bool:
    """True when the learner has given nothing to check."""
    return _is_empty(answer)


def answer_problem(q: Question, answer: Any) -> str:
    """'' when the answer has the type and shape the question's kind takes (or is null), else why not."""
    return kind_of(q).answer_problem(answer)


def check_answer(q: Question, answer: Any) -> Outcome:
    """Score one answer. Never raises on learner input: bad input gives status 'invalid'."""
    return kind_of(q).check(q, answer)


def correct_answer_text(q: Question) -> str:
    """The key written out for a teacher's answer key (never shown to learners in assessment mode)."""
    return kind_of(q).key_text(q)
