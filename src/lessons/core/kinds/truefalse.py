"""True or false. Answer: a JSON boolean. All or nothing."""
from __future__ import annotations

from typing import Any

from lessons.core.kinds.base import CORRECT, WRONG, Control, Kind, Outcome, chosen_labels

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

    def control(self, q) -> Control:
        from lessons.notebook.controls import ChoiceGroup

        group = ChoiceGroup(options=list(LABELS), value=[], multiple=False, label=q.prompt)
        return (group, lambda: (group.value[0] == "True") if group.value else None,
                lambda a: setattr(group, "value", [("True" if a else "False")] if isinstance(a, bool) else []))

    def wrong_answer(self, q, rng):
        return not q.answer

    def option_labels(self, q) -> tuple[str, ...]:
        return LABELS

    def recorded(self, q, answer: Any) -> Any:
        return answer

    def wrong_parts(self, q, recorded: Any) -> list[str]:
        return [p for p in chosen_labels(recorded) if p != chosen_labels(q.answer)[0]]


KIND = TrueFalse()
