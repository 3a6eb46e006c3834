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

from dataclasses import dataclass, field
from datetime import datetime, timezone
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
    def collect(self) -> list[HandIn]: ...  # teacher


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

    def collect(self) -> list[HandIn]:
        try:
            items = self.client.collection()
        except ServiceError as exc:
            raise ExchangeError(str(exc)) from None
        return [HandIn(str(d["account"]), parse_time(str(d["received_at"])), content, f"{self.where} {d['id']}")
                for d, content in items]


class FolderExchange:
    """The shared folder (``folder.py``): the account is the file's learner, its owner checked there."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.where = str(path)

    def hand_in(self, content: bytes) -> HandedIn:
        try:
            target = folder.hand_in(content, self.path)
        except folder.ExchangeError as exc:
            raise ExchangeError(str(exc)) from None
        when = datetime.fromtimestamp(target.stat().st_mtime, timezone.utc)
        receipt = Receipt(folder.hub_user(), when, len(content), str(target))
        return HandedIn(receipt, f"Handed in at {when.strftime('%H:%M:%S')} UTC as {receipt.account} "
                        f"(file {target.name}). Handing in again replaces this hand-in.")

    def _items(self) -> list[folder.HandIn]:
        try:
            return folder.list_handins(self.path)
        except folder.ExchangeError as exc:
            raise ExchangeError(str(exc)) from None

    def mine(self) -> list[Receipt]:
        target = folder.inbound(self.path) / f"{folder.hub_user()}.json"
        try:
            info = target.stat()
        except OSError:
            return []
        return [Receipt(folder.hub_user(), datetime.fromtimestamp(info.st_mtime, timezone.utc), info.st_size,
                        str(target))]

    def everyone(self) -> tuple[list[Receipt], list[Refusals]]:
        items = self._items()
        receipts, refused = [], []
        for item in items:
            problem = folder.owner_problem(item, items)
            if problem:
                refused.append(Refusals(item.user, {problem: 1}))
                continue
            receipts.append(Receipt(item.user, item.received, item.path.stat().st_size, str(item.path)))
        return receipts, refused

    def collect(self) -> list[HandIn]:
        items = self._items()
        taken = []
        for item in items:
            if folder.owner_problem(item, items):
                continue
            try:
                content = item.path.read_bytes()
            except OSError as exc:
                raise ExchangeError(f"{item.path} cannot be read ({exc.strerror}): run this as the teacher.") from None
            taken.append(HandIn(item.user, item.received, content, str(item.path)))
        return taken


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
