"""True or false. Answer: a JSON boolean. All or nothing."""
from __future__ import annotations

from typing import Any

from lessons.core.kinds.base import CORRECT, WRONG, Kind, Outcome, chosen_labels

LABELS = ("True", "False")


class TrueFalse(Kind):
    name = "truefalse"
    schema = {"required": ["answer"], "properties": {"answer": {"type": "boolean"}}}
    expected = "true or false"
    plain_types = frozenset({bool})
    hint = "Answer True or False."
    how_to = "True or false?"
    empty_hint = "Choose True or False, then press Check."
    single_choice = True

    def fits(self, answer: Any) -> bool:
        return isinstance(answer, bool)

    def score(self, q, answer: Any) -> Outcome:
        return Outcome(q.points, q.points, CORRECT) if answer is q.answer else Outcome(0, q.points, WRONG)

    def answer_text(self, q) -> str:
        return "True" if q.answer else "False"

    def detail_lines(self, q) -> list[str]:
        return ["True / False"]

    def detail_html(self, q) -> str:
        return "<ul><li>True</li><li>False</li></ul>"

    def form(self, q) -> dict:
        return {"control": "radio", "options": list(LABELS)}

    def from_form(self, q, value: Any) -> Any:
        """["True"] -> True, ["False"] -> False, nothing picked -> no answer."""
        if value in ([], None):
            return None
        if isinstance(value, list) and len(value) == 1 and value[0] in LABELS:
            return value[0] == LABELS[0]
        return value

    def to_form(self, q, answer: Any) -> Any:
        return [LABELS[0] if answer else LABELS[1]] if isinstance(answer, bool) else []

    def wrong_answer(self, q, rng):
        return not q.answer

    def option_labels(self, q) -> tuple[str, ...]:
        return LABELS

    def recorded(self, q, answer: Any) -> Any:
        return answer

    def wrong_parts(self, q, recorded: Any) -> list[str]:
        return [p for p in chosen_labels(recorded) if p != chosen_labels(q.answer)[0]]


KIND = TrueFalse()
