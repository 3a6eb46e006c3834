"""The hand-in service's storage: one SQLite file in the service's own folder (its volume on Kubernetes).

Every hand-in is a row, never replaced: the hub account that sent it (from the hub token, never from
the file), the **service's** receipt time (UTC), the bytes, their sha256, and two things read from the
file for the teacher's status only (the display name typed in the notebook, the questions answered per
quiz). Refusals are counted per account and reason (bounded: 5,000 refused requests are one row), so
the teacher sees them. Each write is one SQLite transaction: a hand-in is stored whole or not at all.
The folder is made 0700 and the file 0600: only the service's account reads them.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

DB_NAME = "hand-ins.sqlite"
SCHEMA = """
CREATE TABLE IF NOT EXISTS hand_ins (
  id TEXT PRIMARY KEY, account TEXT NOT NULL, received_at TEXT NOT NULL, size INTEGER NOT NULL,
  sha256 TEXT NOT NULL, name TEXT NOT NULL, answered TEXT NOT NULL, content BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS hand_ins_account ON hand_ins (account, received_at);
CREATE TABLE IF NOT EXISTS refusals (
  account TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL, last_at TEXT NOT NULL,
  PRIMARY KEY (account, reason));
"""


class StoreFull(Exception):
    """The account has reached the number of hand-ins it may keep."""


@dataclass(frozen=True)
class Receipt:
    """What the service says about one hand-in (never its content)."""

    id: str
    account: str
    received_at: str  # ISO 8601, UTC, the service's clock
    size: int
    sha256: str
    name: str = ""  # the display name typed in the notebook (never used as identity)
    answered: dict | None = None  # quiz id -> questions answered

    def to_json(self) -> dict:
        return {"id": self.id, "account": self.account, "received_at": self.received_at, "bytes": self.size,
                "sha256": self.sha256, "name": self.name, "answered": self.answered or {}}


@dataclass(frozen=True)
class Refusal:
    """How often one account was refused for one reason (e.g. 'too large', 'too many')."""

    account: str
    reason: str
    count: int
    last_at: str


def _receipt(row: tuple) -> Receipt:
    """A Receipt from a row (id, account, received_at, size, sha256, name, answered JSON)."""
    return Receipt(id=row[0], account=row[1], received_at=row[2], size=row[3], sha256=row[4], name=row[5],
                   answered=json.loads(row[6]))


def now_utc() -> str:
    """The service's clock, UTC, ISO 8601 to the microsecond."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class Store:
    """The SQLite file of the hand-in service (thread-safe: one connection behind a lock)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(self.folder, 0o700)
        path = self.folder / DB_NAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        os.close(fd)
        os.chmod(path, 0o600)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def add(self, account: str, content: bytes, name: str, answered: dict, limit: int) -> Receipt:
        """Keep one hand-in, received now; raise StoreFull when the account already has ``limit``."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (count,) = self._db.execute("SELECT COUNT(*) FROM hand_ins WHERE account = ?", (account,)).fetchone()
                if count >= limit:
                    raise StoreFull(count)
                receipt = Receipt(f"h-{secrets.token_hex(8)}", account, now_utc(), len(content),
                                  hashlib.sha256(content).hexdigest(), name, answered)
                self._db.execute("INSERT INTO hand_ins VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 (receipt.id, account, receipt.received_at, receipt.size, receipt.sha256, name,
                                  json.dumps(answered), content))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return receipt

    def refuse(self, account: str, reason: str) -> None:
        """Count one refused request of this account for this reason."""
        with self._lock:
            self._db.execute("INSERT INTO refusals VALUES (?, ?, 1, ?) ON CONFLICT (account, reason) "
                             "DO UPDATE SET count = count + 1, last_at = excluded.last_at",
                             (account, reason, now_utc()))

    def count(self, account: str) -> int:
        with self._lock:
            return self._db.execute("SELECT COUNT(*) FROM hand_ins WHERE account = ?", (account,)).fetchone()[0]

    def receipts(self, account: str | None = None) -> list[Receipt]:
        """Receipts of one account (or of everyone), oldest first."""
        query = "SELECT id, account, received_at, size, sha256, name, answered FROM hand_ins"
        args: tuple = ()
        if account is not None:
            query, args = query + " WHERE account = ?", (account,)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY received_at, id", args).fetchall()
        return [_receipt(row) for row in rows]

    def content(self, hand_in_id: str) -> tuple[Receipt, bytes] | None:
        """One hand-in with its bytes, or None."""
        with self._lock:
            row = self._db.execute("SELECT id, account, received_at, size, sha256, name, answered, content "
                                   "FROM hand_ins WHERE id = ?", (hand_in_id,)).fetchone()
        return (_receipt(row), bytes(row[7])) if row else None

    def refusals(self) -> list[Refusal]:
        with self._lock:
            rows = self._db.execute("SELECT account, reason, count, last_at FROM refusals "
                                    "ORDER BY account, reason").fetchall()
        return [Refusal(*row) for row in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
