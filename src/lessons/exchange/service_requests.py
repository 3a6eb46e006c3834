"""What the hand-in service accepts from a request, and the sentence it answers with when it refuses.

Pure functions of what arrived (headers, query arguments, the body, the sender's account): they never
raise and never touch storage, so every request, whatever it holds, gets an answer with a status and
a sentence (``tests/test_service_requests.py`` checks it with Hypothesis). Nothing in a hand-in is
trusted for identity or time: the account is the hub account of the token, the time the service's.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from lessons.core import answers_file

DEFAULT_MAX_BYTES = 2_000_000  # a whole course's answers file is about 60 kB
DEFAULT_MAX_HAND_INS = 200  # per learner: a learner handing in after every answer stays far below
HAND_IN_LABEL = "Your hand-in"
FORBIDDEN_QUERY = ("account", "user", "learner", "name", "received_at", "handed_in_at", "time", "as")


@dataclass(frozen=True)
class Limits:
    """The service's limits (from its command line or environment)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_hand_ins: int = DEFAULT_MAX_HAND_INS


@dataclass(frozen=True)
class Refused:
    """A refusal: HTTP status, a short reason kept in the teacher's counts, and the sentence for the sender."""

    status: int
    reason: str
    message: str


@dataclass(frozen=True)
class Accepted:
    """A hand-in that may be kept: the display name typed in the notebook and questions answered per quiz."""

    name: str
    answered: dict = field(default_factory=dict)


def too_large(size: int, limits: Limits) -> Refused:
    return Refused(413, "too large", f"{HAND_IN_LABEL} is {size:,} bytes; the limit is {limits.max_bytes:,} bytes "
                   "per hand-in. Nothing was saved. An answers file is far smaller (about 60 kB for the whole "
                   "course): hand in with the Hand in button under a quiz.")


def too_many(count: int, limits: Limits) -> Refused:
    return Refused(429, "too many", f"You have handed in {count:,} times, the limit per learner is "
                   f"{limits.max_hand_ins:,}: nothing more was saved. Your teacher sees every hand-in you made "
                   "and this refusal; ask them if you need to hand in again.")


def declared_size(headers: Mapping[str, str]) -> int | None:
    """The body size the request announces (Content-Length), or None when it announces none or nonsense."""
    value = str(headers.get("Content-Length", "") or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 20 else None


def check_query(arguments: Mapping[str, object]) -> Refused | None:
    """A hand-in takes no query argument; naming an account or a time is refused in words."""
    names = sorted(str(k) for k in arguments)
    if not names:
        return None
    claimed = [n for n in names if n.lower() in FORBIDDEN_QUERY]
    if claimed:
        return Refused(400, "claimed account or time",
                       f"A hand-in cannot say whose it is or when it was made ({', '.join(claimed)[:80]} given): "
                       "it is the hub account of the token that sends it, received at the service's time. "
                       "Nothing was saved.")
    return Refused(400, "unknown argument", f"A hand-in takes no arguments ({', '.join(names)[:80]} given). "
                   "Nothing was saved.")


def check_body(body: bytes, size_seen: int, limits: Limits) -> Accepted | Refused:
    """Whether the body (``size_seen`` bytes arrived, only the first ``max_bytes`` kept) may be kept."""
    if size_seen > limits.max_bytes:
        return too_large(size_seen, limits)
    try:
        doc = answers_file.parse(bytes(body), HAND_IN_LABEL, deep=False)
    except answers_file.AnswersFileError as exc:
        return Refused(400, "not an answers file", f"{exc} Nothing was saved.")
    except Exception as exc:  # noqa: BLE001 - a parser bug must still give the sender an answer
        return Refused(400, "not an answers file", f"{HAND_IN_LABEL} could not be read ({type(exc).__name__}). "
                       "Nothing was saved.")
    learner = doc.get("learner")
    learner = learner if isinstance(learner, dict) else {}
    return Accepted(str(learner.get("name") or "")[:200], answered_counts(doc))


def answered_counts(doc: dict) -> dict[str, int]:
    """Questions answered per quiz id (for the teacher's status)."""
    counts = {}
    quizzes = doc.get("quizzes")
    for quiz, entries in (quizzes.items() if isinstance(quizzes, dict) else []):
        if isinstance(entries, dict):
            counts[str(quiz)[:200]] = sum(1 for e in entries.values()
                                          if isinstance(e, dict) and e.get("answer") not in (None, "", [], {}))
    return counts
