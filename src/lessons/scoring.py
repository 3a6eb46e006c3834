"""Checking one answer against the key, in plain Python (no widgets, no plotting).

Answers are JSON values so that they can be saved and graded later:
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

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from lessons.number_text import read_number
from lessons.quizbank import Question

CORRECT, PARTIAL, WRONG, EMPTY, INVALID, RECORDED = (
    "correct", "partial", "wrong", "empty", "invalid", "recorded")


@dataclass(frozen=True)
class Outcome:
    """What checking one answer gave: points, a status and a sentence for the learner."""

    score: float
    max_score: float
    status: str
    detail: str = ""

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


def parse_number(text: Any, unit: str = "", whole_number: bool = False) -> float | None:
    """Read a number as a learner writes it (see ``lessons.number_text``). None if it cannot be read."""
    return read_number(text, unit, whole_number)


def thousands_likely(q: Question) -> bool:
    """'2,500' / '2.500' is read as thousands when the key is a whole number of 1,000 or more."""
    try:
        key = float(q.answer)
    except (TypeError, ValueError):
        return False
    return key.is_integer() and abs(key) >= 1000


def read_answer_number(q: Question, answer: Any) -> float | None:
    """The number in a learner's answer to a number question, read by the course's rule."""
    return parse_number(answer, q.unit, thousands_likely(q))


def is_empty(q: Question, answer: Any) -> bool:
    """True when the learner has given nothing to check."""
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, (list, tuple, dict)):
        if isinstance(answer, dict):
            return not any(v for v in answer.values())
        return len(answer) == 0
    return False


def _shape(value: Any) -> str:
    """A few words for a JSON value's type, for messages (never the value itself: it may be huge or deep)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _all_text(values) -> bool:
    return all(isinstance(v, str) for v in values)


# What each kind's answer must be (a JSON value as saved in an answers file); null is always "no answer".
ANSWER_SHAPES = {
    "single": ("the text of one option", lambda a: isinstance(a, str)),
    "text": ("text", lambda a: isinstance(a, str)),
    "truefalse": ("true or false", lambda a: isinstance(a, bool)),
    "number": ("a number or the text typed", lambda a: isinstance(a, (str, int, float)) and not isinstance(a, bool)),
    "multiple": ("a list of option texts", lambda a: isinstance(a, (list, tuple)) and _all_text(a)),
    "order": ("a list of item ids", lambda a: isinstance(a, (list, tuple)) and _all_text(a)),
    "match": ("a mapping of item ids to categories",
              lambda a: isinstance(a, dict) and _all_text(a.keys()) and _all_text(a.values())),
    "classify": ("a mapping of item ids to categories",
                 lambda a: isinstance(a, dict) and _all_text(a.keys()) and _all_text(a.values())),
}


def answer_problem(q: Question, answer: Any) -> str:
    """'' when the answer has the type and shape the question's kind takes (or is null), else why not."""
    expected, fits = ANSWER_SHAPES.get(q.kind, ("", lambda a: True))
    if answer is None or fits(answer):
        return ""
    container = {"multiple": (list, tuple), "order": (list, tuple), "match": dict, "classify": dict}.get(q.kind)
    if container and isinstance(answer, container):  # the right container, holding something other than text
        return (f"has the wrong shape for {_a(q.kind)} question (expected {expected}, got {_shape(answer)} "
                "holding something other than text)")
    return f"has the wrong type for {_a(q.kind)} question (expected {expected}, got {_shape(answer)})"


def _a(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def _ratio(score: float, points: float, right: str, total: int, part: int) -> Outcome:
    if part == total:
        return Outcome(points, points, CORRECT)
    status = PARTIAL if score > 0 else WRONG
    return Outcome(round(score, 4), points, status, f"{part} of {total} {right}")


HINTS = {  # what to do, for a learner whose answer cannot be checked
    "single": "That is not one of the options.", "truefalse": "Answer True or False.",
    "number": "Type a number, such as 2500 or 2 500 (for a decimal: 2.5 or 2,5).",
    "multiple": "Tick options from the list.", "match": "Place each item in a category.",
    "classify": "Place each item in a category.", "order": "Give each item its own position, using every position once.",
    "text": "A written answer must be text.",
}


def check_answer(q: Question, answer: Any) -> Outcome:
    """Score one answer. Never raises on learner input: bad input gives status 'invalid'."""
    pts = q.points
    if q.kind == "text":
        if is_empty(q, answer):
            return Outcome(0, 0, EMPTY, "Write your answer first.")
        if not isinstance(answer, str):
            return Outcome(0, 0, INVALID, HINTS["text"])
        return Outcome(0, 0, RECORDED, "Recorded for your teacher to read.")
    if is_empty(q, answer):
        return Outcome(0, pts, EMPTY, "No answer given yet.")
    if answer_problem(q, answer):
        return Outcome(0, pts, INVALID, HINTS[q.kind])
    if q.answer is None:
        return Outcome(0, pts, RECORDED, "Answer recorded.")
    if q.kind == "single":
        if answer not in q.options:
            return Outcome(0, pts, INVALID, HINTS["single"])
        return Outcome(pts, pts, CORRECT) if answer == q.answer else Outcome(0, pts, WRONG)
    if q.kind == "truefalse":
        if not isinstance(answer, bool):
            return Outcome(0, pts, INVALID, HINTS["truefalse"])
        return Outcome(pts, pts, CORRECT) if answer is q.answer else Outcome(0, pts, WRONG)
    if q.kind == "number":
        value = read_answer_number(q, answer)
        if value is None:
            return Outcome(0, pts, INVALID, HINTS["number"])
        if abs(value - float(q.answer)) <= q.tolerance + 1e-9:
            return Outcome(pts, pts, CORRECT)
        return Outcome(0, pts, WRONG, "too high" if value > q.answer else "too low")
    if q.kind == "multiple":
        if not isinstance(answer, (list, tuple)) or any(a not in q.options for a in answer):
            return Outcome(0, pts, INVALID, HINTS["multiple"])
        chosen, right = set(answer), set(q.answer)
        hits, misses = len(chosen & right), len(chosen - right)
        score = max(0.0, (hits - misses) / len(right)) * pts
        if chosen == right:
            return Outcome(pts, pts, CORRECT)
        status = PARTIAL if score > 0 else WRONG
        return Outcome(round(score, 4), pts, status,
                       f"{hits} of {len(right)} right options ticked, {misses} wrong one(s) ticked")
    if q.kind in ("match", "classify"):
        if not isinstance(answer, dict):
            return Outcome(0, pts, INVALID, HINTS["match"])
        placed = sum(1 for item, cat in q.answer.items() if answer.get(item) == cat)
        return _ratio(placed / len(q.answer) * pts, pts, "items placed right", len(q.answer), placed)
    if q.kind == "order":
        ids = list(q.answer)
        if sorted(answer) != sorted(ids):
            return Outcome(0, pts, INVALID, HINTS["order"])
        where = {item: i for i, item in enumerate(answer)}
        pairs = list(combinations(ids, 2))
        good = sum(1 for a, b in pairs if where[a] < where[b])
        return _ratio(good / len(pairs) * pts, pts, "pairs in the right order", len(pairs), good)
    raise ValueError(f"unknown question kind {q.kind!r}")


def correct_answer_text(q: Question) -> str:
    """The key written out for a teacher's answer key (never shown to learners in assessment mode)."""
    if q.kind == "text":
        return q.model_answer or "(read and marked by the teacher)"
    if q.answer is None:
        return "(not in this copy)"
    if q.kind == "single":
        return str(q.answer)
    if q.kind == "multiple":
        return "; ".join(q.answer)
    if q.kind == "truefalse":
        return "True" if q.answer else "False"
    if q.kind == "number":
        tol = f" (± {q.tolerance:g})" if q.tolerance else ""
        return f"{q.answer:g}{tol} {q.unit}".strip()
    text = q.item_text
    if q.kind in ("match", "classify"):
        return "; ".join(f"{text[i]} → {c}" for i, c in q.answer.items())
    return " → ".join(text[i] for i in q.answer)
