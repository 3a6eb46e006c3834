"""Multiple choice: tick every right option. Answer: a list of option texts.

Partial credit: (right options ticked - wrong options ticked) / number of right options, never below 0.
"""
from __future__ import annotations

from typing import Any

from lessons.core.kinds.base import CORRECT, INVALID, PARTIAL, WRONG, OptionList, Outcome, all_text


class Multiple(OptionList):
    name = "multiple"
    schema = {"required": ["options", "answer"], "properties": {
        "options": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}},
        "answer": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}
    expected = "a list of option texts"
    container = (list, tuple)
    hint = "Tick options from the list."
    how_to = "Tick every option that is right."
    empty_hint = "Tick the options you think are right, then press Check."

    def problems(self, q: dict, released: bool) -> list[tuple[str, str]]:
        answers = q.get("answer") or []
        out = self.option_problems(q, released, answers)
        if not released and len(set(answers)) != len(answers):
            out.append(("answer", "an option is listed twice -> list each correct option once"))
        return out

    def fits(self, answer: Any) -> bool:
        return isinstance(answer, (list, tuple)) and all_text(answer)

    def score(self, q, answer: Any) -> Outcome:
        pts = q.points
        if any(a not in q.options for a in answer):
            return Outcome(0, pts, INVALID, self.hint)
        chosen, right = set(answer), set(q.answer)
        hits, misses = len(chosen & right), len(chosen - right)
        score = max(0.0, (hits - misses) / len(right)) * pts
        if chosen == right:
            return Outcome(pts, pts, CORRECT)
        status = PARTIAL if score > 0 else WRONG
        return Outcome(round(score, 4), pts, status,
                       f"{hits} of {len(right)} right options ticked, {misses} wrong one(s) ticked")

    def answer_text(self, q) -> str:
        return "; ".join(q.answer)

    def to_form(self, q, answer: Any) -> Any:
        ticked = answer if isinstance(answer, list) else []
        return [o for o in q.options if o in ticked]

    def wrong_answer(self, q, rng):
        return rng.sample(list(q.options), k=rng.randint(1, len(q.options)))


KIND = Multiple()
