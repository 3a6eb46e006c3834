"""Sort statements into categories, by default the four kinds of claim. Scored like ``match``."""
from __future__ import annotations

from lessons.core.kinds.match import ITEM, Match

CLAIM_KINDS = ("fact", "opinion", "prediction", "recommendation")


class Classify(Match):
    name = "classify"
    schema = {"required": ["items", "answer"], "properties": {
        "items": {"type": "array", "minItems": 2, "items": ITEM},
        "categories": {"type": "array", "minItems": 2, "items": {"type": "string", "minLength": 1}},
        "answer": {"type": "object", "additionalProperties": {"type": "string"}}}}
    how_to = "Sort each statement into one of: {cats}."
    empty_hint = "Choose a kind for each statement, then press Check."
    default_categories = CLAIM_KINDS


KIND = Classify()
