"""A written answer: recorded for the teacher to read, never marked by the machine (worth no machine points)."""
from __future__ import annotations

from typing import Any

from lessons.core.kinds.base import EMPTY, INVALID, RECORDED, Kind, Outcome, is_empty

SYNTHETIC = "A written answer about the agreement and its sources."
WRITTEN_LINES = 10  # answer lines a handout gives a written argument


class Text(Kind):
    name = "text"
    auto_scored = False
    schema = {"properties": {
        "model_answer": {"type": "string"},
        "min_words": {"type": "integer", "minimum": 0},
        "rubric": {
            "description": "what the teacher looks for, shown to the learner too: criteria with points",
            "type": "array", "minItems": 1,
            "items": {"type": "object", "required": ["criterion", "points"], "additionalProperties": False,
                      "properties": {"criterion": {"type": "string", "minLength": 3},
                                     "points": {"type": "number", "minimum": 0}}}}}}
    expected = "text"
    plain_types = frozenset({str})
    hint = "A written answer must be text."
    how_to = "Write a short answer."

    def handout_space(self, q) -> list[str]:
        """A written argument gets ten lines on a handout."""
        return [""] + ["   " + "_" * 62] * WRITTEN_LINES + [""]

    def check(self, q, answer: Any) -> Outcome:
        if is_empty(answer):
            return Outcome(0, 0, EMPTY, "Write your answer first.")
        if not isinstance(answer, str):
            return Outcome(0, 0, INVALID, self.hint)
        return Outcome(0, 0, RECORDED, "Recorded for your teacher to read.")

    def how_to_answer(self, q) -> str:
        line = self.how_to
        if q.rubric:
            line += " Your teacher looks for: " + "; ".join(f"{c} ({p:g} pt)" for c, p in q.rubric) + "."
        return line

    def fits(self, answer: Any) -> bool:
        return isinstance(answer, str)

    def key_text(self, q) -> str:
        return q.model_answer or "(read and marked by the teacher)"

    def form(self, q) -> dict:
        return {"control": "textarea", "label": "Answer:", "placeholder": "Write your answer here"}

    def to_form(self, q, answer: Any) -> Any:
        return answer if isinstance(answer, str) else ""

    def synthetic_answer(self, q, rng, right: bool) -> str:
        return SYNTHETIC


KIND = Text()
