"""The teacher's view of either exchange (the hand-in service or the shared folder): one row per learner,
and collecting.

``lessons status`` against the service prints one row per learner, whatever they sent: their hub
account, the display name in their last hand-in, how many hand-ins the service keeps for them, the last
one's time (the service's clock), how many came after ``--deadline``, how many requests were refused
(too large, too many, not theirs...) and the questions of each quiz answered in the last hand-in. 5,000
requests by one learner are one row. With the shared folder the account is each file's owner and the
time its status-change time; what was refused there (files named for another account, folders, files
over the limit) is also listed in sentences under the table. ``lessons collect`` writes a fresh
collection (``lessons.exchange.collection``) of each account's last on-time hand-in.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lessons.exchange.backends import Exchange, ExchangeError, Receipt, Refusals
from lessons.exchange.collection import CollectionError, write_collection
from lessons.teacher.safe_csv import write_csv


@dataclass
class LearnerRow:
    """One learner's line in the status."""

    account: str
    name: str = ""
    hand_ins: int = 0
    last: datetime | None = None
    late: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    answered: dict = field(default_factory=dict)  # of the last hand-in


def learner_rows(receipts: list[Receipt], refusals: list[Refusals], deadline: datetime | None) -> list[LearnerRow]:
    """One row per account that handed in or was refused, sorted by account."""
    rows: dict[str, LearnerRow] = {}
    for r in sorted(receipts, key=lambda r: r.received_at):
        row = rows.setdefault(r.account, LearnerRow(r.account))
        row.hand_ins += 1
        row.late += bool(deadline and r.received_at > deadline)
        row.name, row.last, row.answered = r.name, r.received_at, r.answered
    for refused in refusals:
        rows.setdefault(refused.account, LearnerRow(refused.account)).refused = dict(refused.counts)
    return [rows[a] for a in sorted(rows)]


def status_table(rows: list[LearnerRow], quizzes: list[str]) -> tuple[list[str], list[list[str]]]:
    """Header and lines of the status (also shown by the teacher's notebook)."""
    header = ["account", "name", "hand_ins", "last_received", "late", "refused", *quizzes]
    body = [[r.account, r.name, str(r.hand_ins), r.last.isoformat(timespec="seconds") if r.last else "",
             str(r.late), _refused_text(r.refused), *(str(r.answered.get(q, 0)) for q in quizzes)] for r in rows]
    return header, body


def _refused_text(counts: dict[str, int]) -> str:
    if not counts:
        return "0"
    return f"{sum(counts.values())} (" + ", ".join(f"{reason}: {n}" for reason, n in sorted(counts.items())) + ")"


def _quizzes(rows: list[LearnerRow]) -> list[str]:
    from lessons.teacher.class_status import quiz_columns, Row

    return quiz_columns([Row(r.account, r.name, "", answered=r.answered) for r in rows])


def _print_table(header: list[str], body: list[list[str]]) -> None:
    widths = [max([len(h), *(len(b[i]) for b in body)]) for i, h in enumerate(header)]
    for line in [header, *body]:
        print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())


def run_status(exchange: Exchange, csv_out: Path | None, deadline: datetime | None) -> int:
    """`lessons status` on either exchange: 0, or 2 when it refuses (not a teacher) or cannot be read."""
    try:
        receipts, refusals = exchange.everyone()
    except ExchangeError as exc:
        print(f"lessons status: {exc}", file=sys.stderr)
        return 2
    rows = learner_rows(receipts, refusals, deadline)
    header, body = status_table(rows, _quizzes(rows))
    if csv_out:
        write_csv(Path(csv_out), header, body)
    refused = sum(1 for r in rows if r.refused)
    print(f"{len(receipts)} hand-in(s) by {sum(1 for r in rows if r.hand_ins)} learner(s) at {exchange.where}; "
          f"{refused} learner(s) had requests refused. Times are the exchange's; columns after 'refused': "
          "questions answered per quiz in the last hand-in.")
    if body:
        _print_table(header, body)
    for line in same_names(receipts):
        print(line)
    _print_refused(exchange)
    return 0


def same_names(receipts: list[Receipt]) -> list[str]:
    """A line for each name typed in the hand-ins of more than one account (one learner naming another,
    or two learners of one name): each is graded as its own account, and the teacher should know."""
    from lessons.core.learner_ids import LearnerIdError, name_key

    accounts: dict[str, set[str]] = {}
    shown: dict[str, str] = {}
    for r in receipts:
        try:
            key = name_key(r.name)
        except LearnerIdError:
            continue  # no name typed (or not a name)
        accounts.setdefault(key, set()).add(r.account)
        shown.setdefault(key, r.name)
    return [f"same name: {shown[key]!r} is typed in hand-ins of {', '.join(sorted(who))}: each is graded as its "
            "own account ('lessons grade' lists it as a problem); check who is who"
            for key, who in sorted(accounts.items()) if len(who) > 1]


SHOWN_REFUSALS = 20  # sentences printed under the status; the counts per learner are in the table


def _print_refused(exchange: Exchange) -> None:
    """The shared folder: what was not taken and why (squats, files named for another account...), not
    every file past the limit (their count is in the table)."""
    listed = [r for r in getattr(exchange, "refused", list)() if r.reason != "too many"]
    for r in listed[:SHOWN_REFUSALS]:
        print(f"refused: {r.message}")
    if len(listed) > SHOWN_REFUSALS:
        print(f"refused: ... and {len(listed) - SHOWN_REFUSALS:,} more (per learner in the 'refused' column)")


def run_collect(exchange: Exchange, out: Path, deadline: datetime | None) -> int:
    """`lessons collect` on either exchange: 0 done, 2 when refused or the folder is not fresh."""
    try:
        summary = write_collection(out, exchange.collect(deadline), deadline)
        _, refusals = exchange.everyone()
    except (ExchangeError, CollectionError) as exc:
        print(f"lessons collect: {exc}", file=sys.stderr)
        return 2
    print(f"Collected {len(summary.taken)} hand-in(s) from {exchange.where} into {out} (list: {out}/collected.csv; "
          "times are when the exchange received each hand-in).")
    for t in summary.late:
        print(f"late: {t.account} handed in at {t.received_at.isoformat(timespec='seconds')}, after the deadline, "
              "and never before it; collected, marked late")
    passed: dict[str, int] = {}
    for p in summary.passed_over:
        passed[p.account] = passed.get(p.account, 0) + 1
    for account, count in sorted(passed.items()):
        print(f"late hand-ins not taken: {account}: {count} (a later or an on-time hand-in of theirs was taken)")
    for r in refusals:
        print(f"refused: {r.account}: {_refused_text(r.counts)}")
    return 0
