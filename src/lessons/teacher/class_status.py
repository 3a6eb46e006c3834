"""What the teacher's views of the class share: the deadline's format and the order of quiz columns.

``lessons status`` and ``lessons collect`` run on either exchange (the hand-in service or the shared
folder, ``lessons.exchange.backends``) through ``lessons.teacher.class_summary``: one row per learner,
and a fresh collection (``lessons.exchange.collection``) of each learner's last hand-in received by the
deadline. Times are the exchange's (when it received a hand-in), never a time written inside the file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path


@dataclass
class Row:
    """What the teacher sees of one learner's hand-in (for ordering quiz columns)."""

    user: str
    name: str
    handed_in_at: str
    answered: dict[str, int] = field(default_factory=dict)  # quiz id -> questions answered
    problem: str = ""
    path: Path | None = None
    late: bool = False


def quiz_columns(rows: list[Row]) -> list[str]:
    """Quiz ids in course order (the course's banks), then any others found in hand-ins."""
    try:
        from lessons.core.quizbank import load_all

        order = [b.quiz for b in load_all()]
    except Exception:  # the status works without a loadable course
        order = []
    seen = {q for r in rows for q in r.answered}
    return [q for q in order if q in seen] + sorted(seen - set(order))


def parse_deadline(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is read as UTC."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
