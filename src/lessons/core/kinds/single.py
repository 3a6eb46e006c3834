"""Single choice: pick one option. Answer: the option's text. All or nothing."""
from __future__ import annotations

from typing import Any

from lessons.core.kinds.base import CORRECT, INVALID, WRONG, OptionList, Outcome


class Single(OptionList):
    name = "single"
    schema = {"required": ["options", "answer"], "properties": {
        "options": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}},
        "answer": {"type": "string"}}}
    expected = "the text of one option"
    plain_types = frozenset({str})
    hint = "That is not one of the options."
    how_to = "Choose one option."
    empty_hint = "Choose one of the options, then press Check."
    single_choice = True

    def problems(self, q: dict, released: bool) -> list[tuple[str, str]]:
        return self.option_problems(q, released, [q.get("answer")])

    def fits(self, answer: Any) -> bool:
        return isinstance(answer, str)

    def score(self, q, answer: Any) -> Outcome:
        if answer not in q.options:
            return Outcome(0, q.points, INVALID, self.hint)
        return Outcome(q.points, q.points, CORRECT) if answer == q.answer else Outcome(0, q.points, WRONG)

    def from_form(self, q, value: Any) -> Any:
        """The one option picked; none picked is no answer, more than one is not an option."""
        if isinstance(value, list) and len(value) <= 1:
            return value[0] if value else None
        return value

    def to_form(self, q, answer: Any) -> Any:
        return [answer] if isinstance(answer, str) and answer in q.options else []

    def wrong_answer(self, q, rng):
        return rng.choice([o for o in q.options if o != q.answer])


KIND = Single()
