"""The answers file: its format, and the one place that reads, checks, builds and merges it.

One learner's answers live in one JSON document (``course/answers-file.md`` describes it; the JSON
Schema is ``schemas/answers-file.schema.json``). The same document is saved on every answer by the
learner's store (``lessons.notebook.responses``), downloaded or exported for handing in, and read back by the
grader (``lessons.teacher.grading``): both depend on this module, neither on the other.

Adding an optional top-level field is one change: add it to the schema's ``properties`` with a
``description`` and, if learners may load a file back into their store, ``x-merge`` (``entries``: a
mapping of id -> entry with ``last_at``, the newer entry of each id wins; ``keep``: the value already
saved wins, the loaded one fills a gap). Files without the field stay valid; nothing else changes.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

FORMAT = "lessons-submission"  # the format's name inside every file (kept: files already written carry it)
VERSION = 1  # "schema_version"; a file of another version is refused with a message, never misread
MAX_BYTES = 5_000_000  # larger than any real answers file (a full course is about 60 kB): refuse, don't read
MAX_HISTORY = 50  # attempts kept per question: the first always, and the latest 49
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "answers-file.schema.json"
NAME = "answers file"  # what learners and teachers call it, in every message


class AnswersFileError(ValueError):
    """Bytes are not a usable answers file; the message names the file, says why and what to do."""


def now_iso() -> str:
    """The time now, UTC, ISO 8601 to the millisecond (how every time in the file is written)."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def empty(name: str, ident: str, course: str, package_version: str) -> dict:
    """An answers file with no answers yet."""
    return {
        "format": FORMAT, "schema_version": VERSION, "course": course,
        "package_version": package_version, "learner": {"id": ident, "name": name},
        "saved_at": now_iso(), "quizzes": {},
    }


def looks_usable(doc: Any) -> bool:
    """The loose test the learner's store applies to its own file before writing to it."""
    return isinstance(doc, dict) and doc.get("format") == FORMAT and isinstance(doc.get("quizzes"), dict)


def to_bytes(doc: dict, exported: bool = False) -> bytes:
    """The document as written to disk (``exported``: stamped with the time it was handed over)."""
    if exported:
        doc = {**doc, "exported_at": now_iso()}
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def add_attempt(entry: dict | None, answer: Any, when: str) -> dict:
    """A question's entry with one more attempt: the latest answer, the count, the history (capped)."""
    entry = entry or {"answer": None, "attempts": 0, "first_at": when, "history": []}
    entry["answer"] = answer
    entry["attempts"] = int(entry.get("attempts", 0)) + 1
    entry["last_at"] = when
    history = entry.setdefault("history", [])
    history.append({"answer": answer, "at": when})
    if len(history) > MAX_HISTORY:
        del history[1:len(history) - MAX_HISTORY + 1]  # keep the first attempt
    return entry


def _newer(theirs: Any, ours: Any) -> bool:
    return ours is None or (isinstance(theirs, dict) and isinstance(ours, dict)
                            and str(theirs.get("last_at", "")) > str(ours.get("last_at", "")))


def merge_rules() -> dict[str, str]:
    """Optional top-level field -> how it merges (from the schema's ``x-merge``)."""
    return {name: spec["x-merge"] for name, spec in _schema()["properties"].items() if "x-merge" in spec}


def merge(ours: dict, incoming: dict) -> int:
    """Bring a loaded answers file into ``ours`` (changed in place); return how many entries were taken.

    Quizzes and every ``entries`` field: the newer entry of each question or id wins. ``keep`` fields:
    ours wins, theirs fills a gap.
    """
    taken = 0
    for quiz, entries in (incoming.get("quizzes") or {}).items():
        mine = ours["quizzes"].setdefault(quiz, {})
        for qid, entry in entries.items():
            if _newer(entry, mine.get(qid)):
                mine[qid] = entry
                taken += 1
    for name, rule in merge_rules().items():
        theirs = incoming.get(name)
        if theirs is None:
            continue
        if rule == "entries" and isinstance(theirs, dict):
            mine = ours.setdefault(name, {})
            for key, entry in theirs.items():
                if _newer(entry, mine.get(key)):
                    mine[key] = entry
                    taken += 1
        elif name not in ours:
            ours[name] = theirs
    ours["saved_at"] = now_iso()
    return taken


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=2)
def _validator(deep: bool = True):
    """The compiled schema; ``deep=False`` leaves each answer entry to ``check_entry`` (the grader's way)."""
    import fastjsonschema  # compiled here, once per process (no code is saved to disk or read back)

    schema = {k: v for k, v in json.loads(json.dumps(_schema())).items() if k != "$id"}
    if not deep:
        schema["properties"]["quizzes"] = {"type": "object"}
    return fastjsonschema.compile(schema)


def parse(raw: bytes, label: str = "the file", deep: bool = True) -> dict:
    """Decode and validate an answers file's bytes; raise AnswersFileError naming the problem."""
    import fastjsonschema

    if len(raw) == 0:
        raise AnswersFileError(f"{label} is empty: download your answers again and hand in that file.")
    if len(raw) > MAX_BYTES:
        raise AnswersFileError(f"{label} is {len(raw):,} bytes, larger than any {NAME} "
                               f"({MAX_BYTES:,} at most): check that it is the right file.")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Notepad adds one) is not damage
    except UnicodeDecodeError:
        raise AnswersFileError(f"{label} is not UTF-8 text: it is not an {NAME}.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnswersFileError(f"{label} is not valid JSON ({exc.msg} at line {exc.lineno}): "
                               "it may be damaged; download your answers again.") from None
    except ValueError:  # an integer of more than 4,300 digits (Python will not read it; no answer needs it)
        raise AnswersFileError(f"{label} holds a number thousands of digits long, which no answer needs: "
                               f"it is not an {NAME} as the course writes it (made by hand or damaged).") from None
    except RecursionError:
        raise AnswersFileError(f"{label} is nested too deeply to be an {NAME} (lists or mappings inside "
                               "each other hundreds of times): it was made by hand or is damaged.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise AnswersFileError(f"{label} is JSON but not an {NAME} from this course.")
    if doc.get("schema_version") != VERSION:
        version = doc.get("schema_version")
        shown = repr(version)[:20] if isinstance(version, (int, float, str, type(None))) else type(version).__name__
        raise AnswersFileError(f"{label} has format version {shown}; this package "
                               f"reads version {VERSION}: update the package or ask your teacher.")
    try:
        _validator(deep)(doc)
    except fastjsonschema.JsonSchemaValueException as exc:
        name = exc.name or ""
        where = name.removeprefix("data").lstrip(".") or "the top level"
        detail = exc.message.removeprefix(name).strip()
        raise AnswersFileError(f"{label}: {where} {detail} (the file was changed by hand or is damaged)") from None
    return doc


TIME_FIELDS = ("saved_at", "exported_at", "handed_in_at")  # the file's own times (top level)
CLOCK_SLACK = timedelta(days=1)  # a learner's clock may run fast; a time further ahead than this is wrong


def read_time(value: Any) -> datetime | None:
    """An ISO 8601 date and time as the course writes it (no offset: UTC), or None when it is not one."""
    if type(value) is not str or not 10 <= len(value) <= 40:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    try:
        return when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)
    except OverflowError:  # year 1 with an offset east of UTC, or year 9999 west of it
        return None


def time_problems(doc: dict, now: datetime | None = None) -> list[str]:
    """A reason per time at the top of a parsed answers file that is not a date and time, or lies in the future.

    Such a time is not used: a file whose ``saved_at`` cannot be trusted is taken as older than any other file
    of the same learner (see ``saved_time``).
    """
    from lessons.core.kinds.base import short_value

    now = now or datetime.now(timezone.utc)
    reasons = []
    for name in TIME_FIELDS:
        if name not in doc:
            continue
        when = read_time(doc[name])
        if when is None:
            reasons.append(f"field '{name}' is {short_value(doc[name])}, not a date and time such as "
                           "2026-11-29T10:00:00Z; the file was changed by hand or is damaged: it is graded, "
                           "but this time is not used")
        elif when > now + CLOCK_SLACK:
            reasons.append(f"field '{name}' is {when:%Y-%m-%d %H:%M} UTC, in the future; the learner's clock is "
                           "wrong or the file was changed by hand: it is graded, but this time is not used")
    return reasons


def saved_time(doc: dict, now: datetime | None = None) -> datetime:
    """When the file was last saved (UTC), for picking the newer of two files; the earliest time when unknown
    or wrong (unreadable, or in the future: a file cannot win by claiming year 9999)."""
    when = read_time(doc.get("saved_at"))
    if when is None or when > (now or datetime.now(timezone.utc)) + CLOCK_SLACK:
        return datetime.min.replace(tzinfo=timezone.utc)
    return when


_NO_HISTORY: list = []  # an entry without 'history' (never changed)
_MISSING = object()


def sound_entry(kind, entry: Any, accepts: Callable[[Any], bool] | None = None) -> bool:
    """Whether an entry can be used as it is: a mapping with an 'answer' the question's ``kind`` accepts
    (null, or the right type and shape), 'attempts' a whole number 0 or more, 'history' a list of mappings
    each with an accepted 'answer'. An answer of one of the kind's plain JSON types is taken at once;
    any other is asked of ``accepts`` (``kind.accepts``, or a function giving the same verdicts faster)."""
    if type(entry) is not dict:
        return False
    answer, attempts = entry.get("answer", _MISSING), entry.get("attempts", 0)
    history = entry.get("history", _NO_HISTORY)
    if answer is _MISSING or type(attempts) is not int or attempts < 0 or type(history) is not list:
        return False
    plain, accepts = kind.plain_types, accepts or kind.accepts
    if answer is not None and type(answer) not in plain and not accepts(answer):
        return False
    for item in history:
        tried = item.get("answer", _MISSING) if type(item) is dict else _MISSING
        if tried is not None and type(tried) not in plain and (tried is _MISSING or not accepts(tried)):
            return False
    return True


def check_entry(kind, entry: Any, accepts: Callable[[Any], bool] | None = None) -> tuple[dict | None, list[str]]:
    """One question's entry, checked field by field against the question's ``kind``.

    Returns the entry as the grader uses it (answer, attempts, history; an answer of the wrong type or
    shape replaced by null, so it scores 0) or None when nothing in it can be used, and one reason per
    fault, each naming the field. A sound entry (``sound_entry``) is returned as it is. ``accepts``:
    as for ``sound_entry``.
    """
    if sound_entry(kind, entry, accepts):
        return entry, []  # the usual case, used as it is
    from lessons.core.kinds.base import short_value

    if type(entry) is not dict:
        return None, [f"the entry is {short_value(entry)}, not a mapping with 'answer' and 'attempts'; scored 0"]
    if "answer" not in entry:
        return None, ["field 'answer' is missing; scored 0"]
    attempts, history = entry.get("attempts", 0), entry.get("history", [])
    reasons = []
    if type(attempts) is not int or attempts < 0:
        reasons.append(f"field 'attempts' is {short_value(attempts)}: it must be a whole number, 0 or more; counted as 0")
        attempts = 0
    answer = entry["answer"]
    why = kind.answer_problem(answer)
    if why:
        reasons.append(f"field 'answer' {why}; scored 0")
        answer = None
    if type(history) is not list:
        reasons.append(f"field 'history' is {short_value(history)}, not a list; ignored")
        history = []
    kept = []
    for n, item in enumerate(history):
        if type(item) is not dict or "answer" not in item:
            reasons.append(f"field 'history[{n}]' is not a mapping with an 'answer'; that attempt scored 0")
            kept.append({"answer": None})
            continue
        why = kind.answer_problem(item["answer"])
        if why:
            reasons.append(f"field 'history[{n}].answer' {why}; that attempt scored 0")
        kept.append({"answer": None if why else item["answer"]})
    return {"answer": answer, "attempts": attempts, "history": kept}, reasons
