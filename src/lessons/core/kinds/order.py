"""Put items in order, first to last. Answer: the list of item ids.

Partial credit: the share of pairs of items that stand in the right order relative to each other.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any

from lessons.core.kinds.base import INVALID, ItemList, Outcome, all_text, ratio_outcome


class Order(ItemList):
    blank = "  position: ____"
    name = "order"
    schema = {"required": ["items", "answer"], "properties": {
        "items": {"type": "array", "minItems": 2, "items": {"$ref": "#/definitions/item"}},
        "answer": {"type": "array", "minItems": 2, "items": {"type": "string"}}}}
    expected = "a list of item ids"
    container = (list, tuple)
    hint = "Give each item its own position, using every position once."
    how_to = "Put the items in order, first to last."
    row_label = "Position:"
    empty_hint = "Give each item a position (1 = first), then press Check."

    def shuffled(self, q, rng):
        from dataclasses import replace

        items = list(q.items)
        rng.shuffle(items)
        return replace(q, items=tuple(items))

    def problems(self, q: dict, released: bool) -> list[tuple[str, str]]:
        out = self.item_problems(q)
        if released:
            return out
        ids, ans = [item["id"] for item in q["items"]], q["answer"]
        if sorted(ans) != sorted(ids):
            missing, extra = sorted(set(ids) - set(ans)), sorted(set(ans) - set(ids))
            out.append(("answer", f"the order must list every item once (missing {missing}, unknown {extra}) "
                                  "-> list each item id exactly once"))
        elif list(ans) == ids:
            out.append(("items", "items are listed in the answer's order, so learners would see the answer "
                                 "-> list them in a different order"))
        return out

    def fits(self, answer: Any) -> bool:
        return isinstance(answer, (list, tuple)) and all_text(answer)

    def score(self, q, answer: Any) -> Outcome:
        ids = list(q.answer)
        if sorted(answer) != sorted(ids):
            return Outcome(0, q.points, INVALID, self.hint)
        where = {item: i for i, item in enumerate(answer)}
        pairs = list(combinations(ids, 2))
        good = sum(1 for a, b in pairs if where[a] < where[b])
        return ratio_outcome(good / len(pairs) * q.points, q.points, "pairs in the right order", len(pairs), good)

    def answer_text(self, q) -> str:
        text = q.item_text
        return " → ".join(text[i] for i in q.answer)

    def wrong_parts(self, q, recorded: Any) -> list[str]:
        """The whole order given, first to last, in the items' words (a class tends to share one wrong order)."""
        if not isinstance(recorded, (list, tuple)) or list(recorded) == list(q.answer):
            return []
        text = q.item_text
        return [" → ".join(str(text.get(i, i))[:40] for i in recorded)]

    def choices(self, q) -> list[str]:
        return [str(i) for i in range(1, len(q.items) + 1)]

    def from_form(self, q, value: Any) -> Any:
        """{item id: position} -> the item ids first to last; an incomplete or doubled placing is not an order
        (checking it says 'give each item its own position')."""
        if not isinstance(value, dict):
            return value
        chosen = {i: value.get(i) or None for i, _ in q.items}
        if all(v is None for v in chosen.values()):
            return []
        positions = self.choices(q)
        if any(v not in positions for v in chosen.values()) or len(set(chosen.values())) != len(chosen):
            return {"positions": chosen}
        return sorted(chosen, key=lambda i: int(str(chosen[i])))

    def to_form(self, q, answer: Any) -> Any:
        ids = {i for i, _ in q.items}
        placed = enumerate(answer if isinstance(answer, list) else (), 1)
        return {i: str(pos) for pos, i in placed if isinstance(i, str) and i in ids and pos <= len(ids)}

    def wrong_answer(self, q, rng):
        order = [i for i, _ in q.items]
        rng.shuffle(order)
        return order


KIND = Order()
