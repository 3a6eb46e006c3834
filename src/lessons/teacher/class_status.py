"""The teacher's side of the class exchange: who has handed in, and collecting the hand-ins.

``lessons status EXCHANGE`` prints one row per hand-in (learner, when, questions answered per quiz);
``lessons collect EXCHANGE --out DIR`` writes a fresh collection into DIR (for ``lessons grade``) with
``lessons.exchange.collection``: each learner's last hand-in received by ``--deadline`` (late ones listed;
a learner with only late ones gets their last, marked late) and the manifest ``collected.csv``. Times are
the exchange's (when the file arrived), never a time written inside the file. Nothing in a hand-in is
executed; a file not taken is listed with its reason.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lessons.exchange.collection import CollectionError, CollectionSummary, write_collection
from lessons.exchange.collection import HandIn as CollectedHandIn
from lessons.exchange.folder import ExchangeError, HandIn, list_handins, owner_problem
from lessons.core.answers_file import MAX_BYTES, AnswersFileError, parse
from lessons.teacher.safe_csv import write_csv


@dataclass
class Row:
    """What the teacher sees of one hand-in."""

    user: str
    name: str
    handed_in_at: str
    answered: dict[str, int] = field(default_factory=dict)  # quiz id -> questions answered
    problem: str = ""
    path: Path | None = None
    late: bool = False


def _answered(doc: dict) -> dict[str, int]:
    counts = {}
    for quiz, entries in doc.get("quizzes", {}).items():
        if isinstance(entries, dict):
            counts[quiz] = sum(1 for e in entries.values()
                               if isinstance(e, dict) and e.get("answer") not in (None, "", [], {}))
    return counts


def read_row(item: HandIn, everyone: list[HandIn]) -> Row:
    """Read one handed-in answers file into a Row (a bad file gives a Row with its problem)."""
    row = Row(item.user, "", item.modified.isoformat(timespec="seconds"), path=item.path)
    row.problem = owner_problem(item, everyone)
    try:
        with item.path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        doc = parse(raw, item.path.name, deep=False)
    except PermissionError:
        row.problem = row.problem or f"{item.path.name} cannot be read by you (owner {item.owner})"
        return row
    except (OSError, AnswersFileError) as exc:
        row.problem = row.problem or str(exc)
        return row
    row.name = str(doc["learner"].get("name", ""))
    stamp = doc.get("handed_in_at")
    if isinstance(stamp, str) and stamp:
        row.handed_in_at = stamp
    row.answered = _answered(doc)
    return row


def class_rows(exchange: Path) -> list[Row]:
    """One Row per file in the exchange, sorted by user."""
    items = list_handins(exchange)
    return [read_row(item, items) for item in items]


def quiz_columns(rows: list[Row]) -> list[str]:
    """Quiz ids in course order (the course's banks), then any others found in hand-ins."""
    try:
        from lessons.core.quizbank import load_all

        order = [b.quiz for b in load_all()]
    except Exception:  # the status works without a loadable course
        order = []
    seen = {q for r in rows for q in r.answered}
    return [q for q in order if q in seen] + sorted(seen - set(order))


def status_table(exchange: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the class status (also shown by the teacher notebook)."""
    rows = class_rows(exchange)
    quizzes = quiz_columns(rows)
    header = ["user", "name", "handed_in_at", *quizzes, "problem"]
    body = [[r.user, r.name, r.handed_in_at, *(str(r.answered.get(q, 0)) for q in quizzes), r.problem]
            for r in rows]
    return header, body


def _print_table(header: list[str], body: list[list[str]]) -> None:
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(header)]
    for line in [header, *body]:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())


def run_status(exchange: Path, csv_out: Path | None = None) -> int:
    """`lessons status`: print who has handed in; 0, or 2 when the exchange cannot be read."""
    try:
        header, body = status_table(exchange)
    except ExchangeError as exc:
        print(f"lessons status: {exc}", file=sys.stderr)
        return 2
    if csv_out:
        write_csv(Path(csv_out), header, body)
    print(f"{len(body)} hand-in(s) in {exchange}. Columns after the time: questions answered per quiz.")
    if body:
        _print_table(header, body)
    return 0


def parse_deadline(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is read as UTC."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def hand_ins(exchange: Path) -> tuple[list[CollectedHandIn], list[Row]]:
    """Every hand-in the exchange holds as the collection takes it, and the rows not taken (with problems)."""
    items = list_handins(exchange)
    found, refused = [], []
    for item in items:
        row = read_row(item, items)
        content = _read_bytes(item.path) if not row.problem else None
        if content is None:
            row.problem = row.problem or f"{item.path.name} cannot be read by you (owner {item.owner})"
            refused.append(row)
            continue
        found.append(CollectedHandIn(item.user, item.received, content, str(item.path)))
    return found, refused


def _read_bytes(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def collect(exchange: Path, out: Path, deadline: datetime | None = None) -> tuple[CollectionSummary, list[Row]]:
    """Write a fresh collection of the exchange into ``out`` (see lessons.exchange.collection); return
    its summary and the hand-ins not taken, each with its problem."""
    found, refused = hand_ins(exchange)
    return write_collection(out, found, deadline), refused


def _when(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def run_collect(exchange: Path, out: Path, deadline_text: str | None) -> int:
    """`lessons collect`: 0 when every hand-in was taken, 3 when some were not, 2 on bad input."""
    try:
        deadline = parse_deadline(deadline_text) if deadline_text else None
    except ValueError:
        print(f"lessons collect: --deadline {deadline_text!r} is not a time; write it like 2026-11-30T09:00 "
              "(UTC) or 2026-11-30T10:00+01:00.", file=sys.stderr)
        return 2
    try:
        summary, refused = collect(exchange, out, deadline)
    except (ExchangeError, CollectionError) as exc:
        print(f"lessons collect: {exc}", file=sys.stderr)
        return 2
    print(f"Collected {len(summary.taken)} hand-in(s) from {exchange} into {out} (list: {out}/collected.csv; "
          "times are when the exchange received each file).")
    for t in summary.late:
        print(f"late: {t.account} handed in at {_when(t.received_at)}, after the deadline, and never before it; "
              "collected, marked late")
    for p in summary.passed_over:
        print(f"late hand-in not taken: {p.account} at {_when(p.received_at)} (their last on-time one was taken)")
    for r in refused:
        print(f"problem: {r.user}: {r.problem}", file=sys.stderr)
    return 3 if refused else 0
