"""A collection: the hand-ins a teacher takes from an exchange, one file per account, and their manifest.

Both exchanges (the shared folder and the hub service) give their hand-ins to ``write_collection`` as
``HandIn`` records: the **account** that handed in (the file's Unix owner, or the hub account of the
request; never a name typed inside the file), the **receiver's** time (UTC, never a time read from the
file), the bytes, and a ``ref`` saying where it came from. ``write_collection``:

* writes into a fresh folder only (a missing or empty one): a re-collection never mixes in files of an
  earlier one, so a hand-in the exchange no longer holds is never graded;
* takes each account's last on-time hand-in (with ``deadline``: received at or before it); an account
  with only late hand-ins gets its last one, marked late; late hand-ins passed over are listed;
* files ``<account>.json`` (mode 0600, folder 0700: the teacher's only), the account made file-safe
  (``file_name``: plain names stay, any other gets a hash, so two accounts never share a file);
* writes the manifest ``collected.csv`` (account, file, received_at, late, hand_ins, sha256), which
  ``lessons grade`` reads to know whose each file is (``read_manifest``);
* builds everything in a private temporary folder beside ``out`` and renames it into place: the folder
  appears whole or not at all.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import secrets
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

MANIFEST = "collected.csv"
COLUMNS = ["account", "file", "received_at", "late", "hand_ins", "sha256"]
FILE_MODE = 0o600
FOLDER_MODE = 0o700
PLAIN_ACCOUNT = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")  # "'" too, so read_manifest can undo it exactly


class CollectionError(RuntimeError):
    """The collection cannot be written; the message names the folder and says what to do."""


@dataclass(frozen=True)
class HandIn:
    """One hand-in as the receiver saw it."""

    account: str  # who handed in: the file's owner or the hub account, never a name from the file
    received_at: datetime  # UTC, the receiver's clock
    content: bytes
    ref: str  # where it came from (a path in the exchange, a receipt id), for messages


@dataclass(frozen=True)
class Taken:
    """One row of the manifest: the hand-in collected for an account."""

    account: str
    file: str
    received_at: datetime
    late: bool
    hand_ins: int  # every hand-in of this account, on time or late
    sha256: str
    ref: str = ""


@dataclass(frozen=True)
class PassedOver:
    """A late hand-in not collected because the account has a later-chosen one."""

    account: str
    received_at: datetime
    ref: str


@dataclass(frozen=True)
class CollectionSummary:
    """What ``write_collection`` wrote: one Taken per account (sorted), and the late hand-ins passed over."""

    folder: Path
    taken: tuple[Taken, ...] = ()
    passed_over: tuple[PassedOver, ...] = field(default=())

    @property
    def late(self) -> tuple[Taken, ...]:
        """The accounts whose collected hand-in is late (they had no on-time one)."""
        return tuple(t for t in self.taken if t.late)


def as_utc(when: datetime) -> datetime:
    """The time in UTC; a time without a zone is read as UTC (one beyond year 1 or 9999 in UTC is clamped)."""
    if when.tzinfo is None:
        return when.replace(tzinfo=timezone.utc)
    try:
        return when.astimezone(timezone.utc)
    except OverflowError:
        edge = datetime.min if when.year == 1 else datetime.max
        return edge.replace(tzinfo=timezone.utc)


def file_name(account: str) -> str:
    """``<account>.json`` for a plain account (lower-case letters, digits, '.', '_', '-', no '--', not
    starting with '.'); any other gets a slug, '--' and a hash of the account, so no two accounts share
    a name (plain names never contain '--'; hashed ones always do)."""
    if PLAIN_ACCOUNT.fullmatch(account) and "--" not in account:
        return f"{account}.json"
    digest = hashlib.sha256(account.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    slug = re.sub(r"[^a-z0-9]+", "-", account.lower()).strip("-")[:40].strip("-")
    return f"{slug or 'account'}--{digest}.json"


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text (a leading apostrophe before a formula start), undone by ``_uncell``."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _stamp(when: datetime) -> str:
    return as_utc(when).isoformat(timespec="microseconds")


@dataclass
class _Account:
    count: int = 0
    on_time: tuple[datetime, int, HandIn] | None = None
    late: list[tuple[datetime, int, HandIn]] = field(default_factory=list)


def _choose(hand_ins: Iterable[HandIn], deadline: datetime | None) -> tuple[list[tuple[HandIn, bool, int]], list[PassedOver]]:
    """Per account: (the hand-in taken, late?, count); and the late hand-ins passed over."""
    accounts: dict[str, _Account] = {}
    for order, item in enumerate(hand_ins):
        when = as_utc(item.received_at)
        seen = accounts.setdefault(item.account, _Account())
        seen.count += 1
        key = (when, order, item)
        if deadline is not None and when > deadline:
            seen.late.append(key)
        elif seen.on_time is None or key[:2] > seen.on_time[:2]:
            seen.on_time = key
    chosen, passed = [], []
    for account in sorted(accounts):
        seen = accounts[account]
        late = sorted(seen.late, key=lambda k: k[:2])
        pick = seen.on_time or late.pop()
        chosen.append((pick[2], seen.on_time is None, seen.count))
        passed += [PassedOver(account, when, item.ref) for when, _, item in late]
    return chosen, passed


def _check_fresh(out: Path) -> None:
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise CollectionError(f"{out} exists and is not a folder: collect into a new folder, "
                              "for example handins-2026-11-30.")
    if out.is_dir() and any(out.iterdir()):
        raise CollectionError(f"{out} is not empty: collect into a new folder (for example handins-2026-11-30), "
                              "so files from an earlier collection are never mixed in and graded.")


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), FILE_MODE)
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _manifest_bytes(taken: list[Taken]) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for t in taken:
        writer.writerow([_cell(t.account), t.file, _stamp(t.received_at), "yes" if t.late else "no",
                         t.hand_ins, t.sha256])
    return text.getvalue().encode("utf-8", "surrogatepass")


def _fill(tmp: Path, chosen: list[tuple[HandIn, bool, int]]) -> list[Taken]:
    taken = []
    for item, late, count in chosen:
        name = file_name(item.account)
        _write_private(tmp / name, item.content)
        taken.append(Taken(item.account, name, as_utc(item.received_at), late, count,
                           hashlib.sha256(item.content).hexdigest(), item.ref))
    _write_private(tmp / MANIFEST, _manifest_bytes(taken))
    return taken


def write_collection(out: Path, hand_ins: Iterable[HandIn], deadline: datetime | None) -> CollectionSummary:
    """Write the collection into ``out`` (missing or empty; see the module docstring); return its summary.

    Raises CollectionError (in words) when ``out`` is not empty or cannot be written.
    """
    out = Path(out)
    _check_fresh(out)
    chosen, passed = _choose(hand_ins, as_utc(deadline) if deadline else None)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.parent / f".{out.name}.collecting-{secrets.token_hex(6)}"
        tmp.mkdir(mode=FOLDER_MODE)
    except OSError as exc:
        raise CollectionError(f"cannot create the collection folder {out}: {exc.strerror or exc}") from None
    try:
        os.chmod(tmp, FOLDER_MODE)
        taken = _fill(tmp, chosen)
        os.rename(tmp, out)  # over a missing or empty folder only: the collection appears whole
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise CollectionError(f"cannot write the collection into {out} ({exc.strerror or exc}): "
                              "collect into a new, empty folder.") from None
    return CollectionSummary(out, tuple(taken), tuple(passed))


@dataclass(frozen=True)
class ManifestRow:
    """One line of a manifest as read back: whose the file is."""

    account: str
    file: str
    received_at: str
    late: bool


def read_manifest(folder: Path) -> list[ManifestRow] | None:
    """The rows of ``folder/collected.csv``, or None when the folder has no manifest (collected by hand).

    Raises CollectionError when the manifest is there but unreadable or not a manifest.
    """
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return None
    try:
        text = path.read_bytes().decode("utf-8", "surrogatepass")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CollectionError(f"{path} cannot be read ({exc}): collect again into a new folder.") from None
    header = text.splitlines()[0].split(",") if text else []
    if "account" not in header:
        return None  # written by an older 'lessons collect' (no accounts): read as collected by hand
    if not set(COLUMNS) <= set(header):
        raise CollectionError(f"{path} is not a collection manifest (columns {', '.join(COLUMNS)}): "
                              "collect again with 'lessons collect' into a new folder.")
    return [ManifestRow(_uncell(r["account"] or ""), r["file"] or "", r["received_at"] or "", r["late"] == "yes")
            for r in rows]
