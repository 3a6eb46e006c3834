"""Match each item to one of the question's categories. Answer: {item id: category}.

Partial credit: the share of items placed in the right category.
"""
from __future__ import annotations

from typing import Any

from lessons.core.kinds.base import ItemList, Outcome, all_text, ratio_outcome

ITEM = {"$ref": "#/definitions/item"}


class Match(ItemList):
    name = "match"
    schema = {"required": ["items", "categories", "answer"], "properties": {
        "items": {"type": "array", "minItems": 2, "items": ITEM},
        "categories": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}},
        "answer": {"type": "object", "additionalProperties": {"type": "string"}}}}
    expected = "a mapping of item ids to categories"
    container = (dict,)
    hint = "Place each item in a category."
    how_to = "Match each item to one of: {cats}."
    empty_hint = "Choose a category for each item, then press Check."

    def problems(self, q: dict, released: bool) -> list[tuple[str, str]]:
        out = self.item_problems(q)
        if released:
            return out
        ids = [item["id"] for item in q["items"]]
        ans = q["answer"]
        categories = q.get("categories") or list(self.default_categories)
        missing = [i for i in ids if i not in ans]
        extra = [k for k in ans if k not in ids]
        if missing:
            out.append(("answer", f"items {missing} have no category -> place every item"))
        if extra:
            out.append(("answer", f"{extra} are not item ids -> use the ids listed under 'items'"))
        for item_id, cat in ans.items():
            if cat not in categories:
                out.append(("answer", f"item {item_id!r} is placed in {cat!r}, which is not a category "
                                      f"-> use one of {categories}"))
        return out

    def fits(self, answer: Any) -> bool:
        return isinstance(answer, dict) and all_text(answer.keys()) and all_text(answer.values())

    def score(self, q, answer: Any) -> Outcome:
        placed = sum(1 for item, cat in q.answer.items() if answer.get(item) == cat)
        return ratio_outcome(placed / len(q.answer) * q.points, q.points, "items placed right", len(q.answer), placed)

    def wrong_parts(self, q, recorded: Any) -> list[str]:
        """Each item placed in a category that is not its own: 'item → category chosen'."""
        if not isinstance(recorded, dict):
            return []
        text = q.item_text
        return [f"{str(text[i])[:60]} → {recorded.get(i) or '(none)'}" for i, right in q.answer.items()
                if recorded.get(i) != right]

    def answer_text(self, q) -> str:
        text = q.item_text
        return "; ".join(f"{text[i]} → {c}" for i, c in q.answer.items())

    def wrong_answer(self, q, rng):
        return {i: rng.choice(q.categories) for i, _ in q.items}


KIND = Match()
