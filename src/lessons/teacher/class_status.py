"""The teacher's side of the class exchange: who has handed in, and collecting the hand-ins.

``lessons status EXCHANGE`` prints one row per hand-in (learner, when, questions answered per quiz);
``lessons collect EXCHANGE --out DIR`` copies the latest hand-in of each learner into DIR (for
``lessons grade``), lists late ones (after ``--deadline``) without dropping them, and writes
``collected.csv``. Nothing in a hand-in is executed; a bad file is listed with its reason.
"""
from __future__ import annotations

import csv
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lessons.exchange.folder import ExchangeError, HandIn, list_handins, owner_problem
from lessons.core.answers_file import MAX_BYTES, AnswersFileError, parse
from lessons.teacher.safe_csv import safe_row


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
        with Path(csv_out).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(safe_row(r) for r in [header, *body])
    print(f"{len(body)} hand-in(s) in {exchange}. Columns after the time: questions answered per quiz.")
    if body:
        _print_table(header, body)
    return 0


def parse_deadline(text: str) -> datetime:
    """An ISO 8601 time; without a zone it is read as UTC."""
    when = datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _stamp_time(row: Row) -> datetime | None:
    try:
        return parse_deadline(row.handed_in_at)
    except ValueError:
        return None


def collect(exchange: Path, out: Path, deadline: datetime | None = None) -> list[Row]:
    """Copy each learner's latest hand-in into ``out`` as ``<user>.json``; return the rows (late flagged)."""
    rows = class_rows(exchange)
    out.mkdir(parents=True, exist_ok=True)
    for row in rows:
        if row.problem or row.path is None:
            continue
        when = _stamp_time(row)
        row.late = bool(deadline and when and when > deadline)
        tmp = out / f".{row.user}.json.tmp"
        shutil.copyfile(row.path, tmp)
        tmp.replace(out / f"{row.user}.json")
    with (out / "collected.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["user", "name", "handed_in_at", "late", "file", "problem"])
        for r in rows:
            taken = "" if r.problem else f"{r.user}.json"
            writer.writerow(safe_row([r.user, r.name, r.handed_in_at, "yes" if r.late else "", taken, r.problem]))
    return rows


def run_collect(exchange: Path, out: Path, deadline_text: str | None) -> int:
    """`lessons collect`: 0 when every hand-in was taken, 3 when some were not, 2 on bad input."""
    try:
        deadline = parse_deadline(deadline_text) if deadline_text else None
    except ValueError:
        print(f"lessons collect: --deadline {deadline_text!r} is not a time; write it like 2026-11-30T09:00 "
              "(UTC) or 2026-11-30T10:00+01:00.", file=sys.stderr)
        return 2
    try:
        rows = collect(exchange, out, deadline)
    except ExchangeError as exc:
        print(f"lessons collect: {exc}", file=sys.stderr)
        return 2
    taken = [r for r in rows if not r.problem]
    late = [r for r in taken if r.late]
    print(f"Collected {len(taken)} hand-in(s) from {exchange} into {out} (list: {out}/collected.csv).")
    for r in late:
        print(f"late: {r.user} ({r.name}) handed in at {r.handed_in_at}, after the deadline; collected, not dropped")
    for r in rows:
        if r.problem:
            print(f"problem: {r.user}: {r.problem}", file=sys.stderr)
    return 3 if len(taken) < len(rows) else 0
