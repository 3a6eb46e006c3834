"""A number, typed as text. Right when within ``tolerance`` of the key (inclusive). All or nothing."""
from __future__ import annotations

from typing import Any

from lessons.core.kinds.base import CORRECT, INVALID, WRONG, Kind, Outcome, is_empty, short_value
from lessons.core.number_text import read_number

CLOSE_ENOUGH = 1e-9  # float rounding: 2400.0000000001 still counts as 2400 with tolerance 100
THOUSANDS_FROM = 1000  # a key this large and whole makes '2,500' / '2.500' mean thousands


def parse_number(text: Any, unit: str = "", whole_number: bool = False) -> float | None:
    """Read a number as a learner writes it (see ``lessons.core.number_text``). None if it cannot be read."""
    try:
        return read_number(text, unit, whole_number)
    except OverflowError:  # a JSON integer too large for a float
        return None


def thousands_likely(q) -> bool:
    """'2,500' / '2.500' is read as thousands when the key is a whole number of 1,000 or more."""
    try:
        key = float(q.answer)
    except (TypeError, ValueError, OverflowError):
        return False
    return key.is_integer() and abs(key) >= THOUSANDS_FROM


def read_answer_number(q, answer: Any) -> float | None:
    """The number in a learner's answer to a number question, read by the course's rule."""
    return parse_number(answer, q.unit, thousands_likely(q))


class Number(Kind):
    name = "number"
    schema = {"required": ["answer", "tolerance"], "properties": {
        "answer": {"type": "number"}, "tolerance": {"type": "number"}, "unit": {"type": "string"}}}
    expected = "a number or the text typed"
    plain_types = frozenset({str, int, float})
    hint = "Type a number, such as 2500 or 2 500 (for a decimal: 2.5 or 2,5)."
    how_to = "Give a number."
    empty_hint = "Type a number in the box, then press Check."

    def problems(self, q: dict, released: bool) -> list[tuple[str, str]]:
        if not released and q.get("tolerance", 0) < 0:
            return [("tolerance", f"{q['tolerance']} is below zero -> use 0 for an exact answer or a positive margin")]
        return []

    def fits(self, answer: Any) -> bool:
        return isinstance(answer, (str, int, float)) and not isinstance(answer, bool)

    def score(self, q, answer: Any) -> Outcome:
        pts = q.points
        value = read_answer_number(q, answer)
        if value is None:
            return Outcome(0, pts, INVALID, self.hint)
        if abs(value - float(q.answer)) <= q.tolerance + CLOSE_ENOUGH:
            return Outcome(pts, pts, CORRECT)
        return Outcome(0, pts, WRONG, "too high" if value > q.answer else "too low")

    def prompt_suffix(self, q) -> str:
        return f" ({q.unit})" if q.unit else ""

    def answer_text(self, q) -> str:
        tol = f" (± {q.tolerance:g})" if q.tolerance else ""
        return f"{q.answer:g}{tol} {q.unit}".strip()

    def form(self, q) -> dict:
        return {"control": "text", "label": f"Answer ({q.unit}):" if q.unit else "Answer:", "placeholder": "a number"}

    def to_form(self, q, answer: Any) -> Any:
        return str(answer) if isinstance(answer, (str, int, float)) and not isinstance(answer, bool) else ""

    def recorded(self, q, answer: Any) -> Any:
        return None if is_empty(answer) else str(answer)[:100]

    def reading_problem(self, q, answer: Any) -> str:
        if is_empty(answer) or read_answer_number(q, answer) is not None:
            return ""
        return (f"field 'answer': {short_value(str(answer))} could not be read as a number, so it scored 0; "
                "read it and change the mark by hand if it is right")

    def wrong_parts(self, q, recorded: Any) -> list[str]:
        """The number read (12,000 however it was written), or the text when it cannot be read."""
        if recorded is None:
            return []
        value = read_answer_number(q, recorded)
        return [f"{value:,.10g}" if value is not None else f"“{' '.join(str(recorded).split())[:40]}” (not read)"]

    def feedback_echo(self, recorded: Any) -> str:
        return f"You wrote “{' '.join(str(recorded).split())[:40]}”. " if recorded is not None else ""

    def wrong_answer(self, q, rng):
        return str(q.answer + q.tolerance + rng.randint(1, 500))


KIND = Number()
