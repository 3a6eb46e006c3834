"""Hand-in files: read one back (with clear messages) and export one from a terminal."""
from __future__ import annotations

import json
import sys
from functools import lru_cache
from pathlib import Path

from lessons.learner import LearnerIdError, current
from lessons.responses import FORMAT, SCHEMA_VERSION, ResponseStore

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "submission.schema.json"
MAX_BYTES = 5_000_000


class SubmissionError(ValueError):
    """A file is not a usable hand-in file; the message says why and what to do."""


@lru_cache(maxsize=2)
def _validator(deep: bool = True):
    """The compiled schema; ``deep=False`` leaves each answer entry to the caller (the grader checks it)."""
    from lessons.schema_cache import compiled_validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    if not deep:
        schema["properties"]["quizzes"] = {"type": "object"}
    return compiled_validator(schema)


def parse_submission(raw: bytes, label: str = "the file", deep: bool = True) -> dict:
    """Decode and validate a hand-in file's bytes; raise SubmissionError naming the problem."""
    import fastjsonschema

    if len(raw) == 0:
        raise SubmissionError(f"{label} is empty: download your answers again and hand in that file.")
    if len(raw) > MAX_BYTES:
        raise SubmissionError(f"{label} is {len(raw):,} bytes, larger than any answers file "
                              f"({MAX_BYTES:,} at most): check that it is the right file.")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Notepad adds one) is not damage
    except UnicodeDecodeError:
        raise SubmissionError(f"{label} is not UTF-8 text: it is not an answers file.") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SubmissionError(f"{label} is not valid JSON ({exc.msg} at line {exc.lineno}): "
                              "it may be damaged; download your answers again.") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise SubmissionError(f"{label} is not an answers file ({str(exc)[:80]}).") from None
    except RecursionError:
        raise SubmissionError(f"{label} is nested too deeply to be an answers file (lists or mappings inside "
                              "each other hundreds of times): it was made by hand or is damaged.") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SubmissionError(f"{label} is JSON but not an answers file from this course.")
    if doc.get("schema_version") != SCHEMA_VERSION:
        version = doc.get("schema_version")
        shown = repr(version)[:20] if isinstance(version, (int, float, str, type(None))) else type(version).__name__
        raise SubmissionError(f"{label} has format version {shown}; this package "
                              f"reads version {SCHEMA_VERSION}: update the package or ask your teacher.")
    try:
        _validator(deep)(doc)
    except fastjsonschema.JsonSchemaValueException as exc:
        where = exc.name.removeprefix("data").lstrip(".") or "the top level"
        detail = exc.message.removeprefix(exc.name).strip()
        raise SubmissionError(f"{label}: {where} {detail} (the file was changed by hand or is damaged)") from None
    return doc


def export_submission(name: str | None, out: Path | None) -> int:
    """`lessons export`: write the learner's hand-in file; 0 on success."""
    if name is None:
        saved = current()
        if saved is None:
            print("No learner name is saved on this machine. Give one: lessons export --learner 'Your Name'",
                  file=sys.stderr)
            return 2
        name = saved[0]
    try:
        store = ResponseStore(name)
    except LearnerIdError as exc:
        print(f"lessons export: {exc}", file=sys.stderr)
        return 2
    if not store.path.exists():
        print(f"No answers saved yet for {name!r} in {store.folder}.", file=sys.stderr)
        return 1
    data = store.submission_bytes()
    out = out or Path(f"{store.id}-answers.json")
    if out.exists() and out.read_bytes() != data:
        backup = out.with_name(out.name + ".previous")
        out.replace(backup)
        print(f"Kept the earlier file as {backup}")
    out.write_bytes(data)
    print(f"Wrote {out} ({len(data):,} bytes) for {name}.")
    if store.notice:
        print(store.notice)
    return 0
