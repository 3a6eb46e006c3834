"""The class exchange, whichever carries it: one small interface, two backends (nbgrader's ExchangeFactory idea).

* ``ServiceExchange``: the hand-in service run by JupyterHub (``$LESSONS_EXCHANGE_URL``); the account
  is the hub account of the token, the time the service's. For any hub, Kubernetes included.
* ``FolderExchange``: the shared folder of a one-machine hub where every learner is a Unix user
  (``$LESSONS_EXCHANGE`` or ``/etc/lessons/exchange.json``, see ``folder.py``).

``configured()`` picks the service when its address is set, else the folder, else None (no Hand in
button: learners download their answers). Both give the teacher ``HandIn`` records (account from the
backend, never from the file) for ``collection.write_collection``.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from lessons.exchange import folder
from lessons.exchange.collection import HandIn
from lessons.exchange.service_client import ServiceClient, ServiceError, configured_url, parse_time


class ExchangeError(RuntimeError):
    """The exchange refused or cannot be used; the message is the sentence to show."""


@dataclass(frozen=True)
class Receipt:
    """One hand-in as the exchange recorded it (no content)."""

    account: str
    received_at: datetime  # UTC, the receiver's clock
    size: int
    ref: str  # the service's id, or the file's path
    name: str = ""  # the display name typed in the notebook
    answered: dict = field(default_factory=dict)  # quiz id -> questions answered


@dataclass(frozen=True)
class Refusals:
    """How often an account was refused, by reason."""

    account: str
    counts: dict[str, int]


@dataclass(frozen=True)
class HandedIn:
    """The answer to a hand-in: the receipt and the sentence for the learner."""

    receipt: Receipt
    message: str


class Exchange(Protocol):
    """What the Hand in button, ``lessons status``, ``lessons collect`` and the class notebook use."""

    where: str  # the address or folder, for messages

    def hand_in(self, content: bytes) -> HandedIn: ...
    def mine(self) -> list[Receipt]: ...
    def everyone(self) -> tuple[list[Receipt], list[Refusals]]: ...  # teacher
    def collect(self, deadline: datetime | None = None) -> list[HandIn]: ...  # teacher


def _receipt(doc: dict) -> Receipt:
    return Receipt(str(doc.get("account", "")), parse_time(str(doc.get("received_at"))), int(doc.get("bytes") or 0),
                   str(doc.get("id", "")), str(doc.get("name") or ""), dict(doc.get("answered") or {}))


class ServiceExchange:
    """The hand-in service, through its client (every refusal becomes an ExchangeError with its sentence)."""

    def __init__(self, url: str, token: str | None = None):
        self.client = ServiceClient(url, token)
        self.where = url

    def hand_in(self, content: bytes) -> HandedIn:
        try:
            reply = self.client.hand_in(content)
        except ServiceError as exc:
            raise ExchangeError(str(exc)) from None
        return HandedIn(_receipt(reply.doc["receipt"]), reply.message)

    def mine(self) -> list[Receipt]:
        try:
            return [_receipt(d) for d in self.client.mine()]
        except ServiceError as exc:
            raise ExchangeError(str(exc)) from None

    def everyone(self) -> tuple[list[Receipt], list[Refusals]]:
        try:
            doc = self.client.class_view()
        except ServiceError as exc:
            raise ExchangeError(str(exc)) from None
        counts: dict[str, dict[str, int]] = {}
        for r in doc.get("refusals") or []:
            counts.setdefault(str(r.get("account")), {})[str(r.get("reason"))] = int(r.get("count") or 0)
        return [_receipt(d) for d in doc.get("hand_ins") or []], [Refusals(a, c) for a, c in sorted(counts.items())]

    def collect(self, deadline: datetime | None = None) -> list[HandIn]:
        """Every hand-in as a HandIn; only those ``write_collection`` takes under ``deadline`` carry their
        content (fetched one by one: a class's 200 hand-ins each are never all in memory at once)."""
        try:
            receipts = [(d, _receipt(d)) for d in self.client.class_view().get("hand_ins") or []]
            wanted = chosen_ids([r for _, r in receipts], deadline)
            contents = {ref: self.client.content(ref) for ref in wanted}
        except ServiceError as exc:
            raise ExchangeError(str(exc)) from None
        for ref, content in contents.items():
            expected = next(d.get("sha256") for d, r in receipts if r.ref == ref)
            if hashlib.sha256(content).hexdigest() != expected:
                raise ExchangeError(f"Hand-in {ref} arrived damaged (its sha256 differs from the receipt's): "
                                    "collect again.")
        return [HandIn(r.account, r.received_at, contents.get(r.ref, b""), f"{self.where} {r.ref}")
                for _, r in receipts]


def chosen_ids(receipts: list[Receipt], deadline: datetime | None) -> set[str]:
    """The hand-in each account's collection takes (the rule of ``collection.write_collection``): its last
    one received by the deadline, else (only late ones) its last; ties of time go to the later in the list."""
    best: dict[str, tuple[bool, datetime, int, str]] = {}
    for order, r in enumerate(receipts):
        key = (not (deadline is not None and r.received_at > deadline), r.received_at, order, r.ref)
        if r.account not in best or key[:3] > best[r.account][:3]:
            best[r.account] = key
    return {key[3] for key in best.values()}


class FolderExchange:
    """The shared folder (``folder.py``): the account is the file's owner, the time its status-change time."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.where = str(path)

    def hand_in(self, content: bytes) -> HandedIn:
        try:
            target = folder.hand_in(content, self.path)
            info = target.lstat()
        except (folder.ExchangeError, OSError) as exc:
            raise ExchangeError(str(exc)) from None
        when, limit = folder.received_at(info), folder.limits()
        count = len(folder.my_hand_ins(self.path))
        receipt = Receipt(folder.unix_account(), when, len(content), str(target))
        return HandedIn(receipt, f"Handed in at {when.strftime('%H:%M:%S')} UTC as {receipt.account} (hand-in "
                        f"{count} of at most {limit.max_hand_ins}). Every hand-in is kept: "
                        "your teacher takes your last one before the deadline.")

    def _scan(self) -> tuple[list[folder.Found], list[folder.Refused]]:
        try:
            return folder.scan(self.path)
        except folder.ExchangeError as exc:
            raise ExchangeError(str(exc)) from None

    def mine(self) -> list[Receipt]:
        receipts = []
        for path in folder.my_hand_ins(self.path):
            try:
                info = path.lstat()
            except OSError:
                continue
            receipts.append(Receipt(folder.account_of(info.st_uid), folder.received_at(info), info.st_size, str(path)))
        return receipts

    def everyone(self) -> tuple[list[Receipt], list[Refusals]]:
        found, refused = self._scan()
        receipts = []
        for item in found:
            read = folder.read_found(item)
            name, answered = _shown(read[0]) if read else ("", {})
            receipts.append(Receipt(item.account, read[1] if read else item.received, item.size, str(item.path),
                                    name, answered))
        counts: dict[str, dict[str, int]] = {}
        for r in refused:
            reasons = counts.setdefault(r.account, {})
            reasons[r.reason] = reasons.get(r.reason, 0) + 1
        return receipts, [Refusals(a, c) for a, c in sorted(counts.items())]

    def refused(self) -> list[folder.Refused]:
        """Every entry not taken, with its sentence (for the teacher)."""
        return self._scan()[1]

    def collect(self, deadline: datetime | None = None) -> list[HandIn]:
        """Every hand-in the folder holds (``deadline`` unused: each is read from the teacher's own disk)."""
        found, _ = self._scan()
        taken = []
        for item in found:
            read = folder.read_found(item)
            if read is not None:
                taken.append(HandIn(item.account, read[1], read[0], str(item.path)))
        return taken


def _shown(content: bytes) -> tuple[str, dict]:
    """The display name and questions answered per quiz in a hand-in ('' and {} when it is no answers file)."""
    from lessons.core.answers_file import AnswersFileError, parse

    try:
        doc = parse(content, "hand-in", deep=False)
    except AnswersFileError:
        return "", {}
    answered = {quiz: sum(1 for e in entries.values() if isinstance(e, dict) and e.get("answer") not in (None, "", [], {}))
                for quiz, entries in doc.get("quizzes", {}).items() if isinstance(entries, dict)}
    return str(doc["learner"].get("name", "")), answered


def from_target(target: str | Path | None) -> ServiceExchange | FolderExchange | None:
    """The exchange named on a command line (an http(s) address or a folder), else the configured one."""
    text = str(target or "").strip()
    if text.startswith(("http://", "https://")):
        return ServiceExchange(text)
    if text:
        return FolderExchange(Path(text))
    return configured()


def configured() -> ServiceExchange | FolderExchange | None:
    """The hub's exchange: the service when ``$LESSONS_EXCHANGE_URL`` is set, else the folder, else None."""
    url = configured_url()
    if url:
        return ServiceExchange(url)
    path = folder.configured_exchange()
    return FolderExchange(path) if path else None
