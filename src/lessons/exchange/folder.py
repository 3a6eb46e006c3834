"""The class exchange: a shared folder on a JupyterHub where each learner hands in their answers file.

It follows nbgrader's exchange model (nbgrader/exchange/default/release_assignment.py makes the
course's ``inbound`` folder mode 2733 with set-group-id: learners can create files in it but not
list it, and files take the teacher's group). Here, in ``EXCHANGE/inbound``:

* the folder is owned by the teacher, group = the teacher's group, mode 3733: set-group-id (new
  files belong to the teacher's group), sticky (only a file's owner may replace, rename or delete it),
  and ``-wx`` for others (a learner can create a file but cannot list the folder);
* a hand-in is ``<user>.json``, written by its learner as a temporary file (mode 0640: readable by
  its owner and the teacher's group, by no other learner) and renamed over the learner's previous
  hand-in, so it is replaced atomically; nbgrader leaves its files world-readable and relies on
  unguessable names; here the mode keeps them from other learners;
* the teacher (the folder's owner, or a member of its group) reads every file.

The exchange is configured once for the hub: ``$LESSONS_EXCHANGE``, else the file named by
``$LESSONS_EXCHANGE_CONFIG`` or ``/etc/lessons/exchange.json`` (``{"exchange": "/srv/lessons-exchange"}``).
Without one, nothing here is used and the Hand in button is not shown.
"""
from __future__ import annotations

import getpass
import grp
import json
import os
import pwd
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from lessons.core import atomic_file
from lessons.core.learner_ids import LearnerIdError, learner_id

EXCHANGE_ENV = "LESSONS_EXCHANGE"
CONFIG_ENV = "LESSONS_EXCHANGE_CONFIG"
DEFAULT_CONFIG = Path("/etc/lessons/exchange.json")
INBOUND = "inbound"
INBOUND_MODE = stat.S_ISGID | stat.S_ISVTX | 0o733
ROOT_MODE = 0o755
HANDIN_MODE = 0o640
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


class ExchangeError(RuntimeError):
    """The exchange cannot be used; the message says why and what to do."""


def configured_exchange() -> Path | None:
    """The class exchange folder set for this hub, or None when there is none."""
    value = os.environ.get(EXCHANGE_ENV, "").strip()
    if not value:
        config = Path(os.environ.get(CONFIG_ENV) or DEFAULT_CONFIG)
        try:
            value = str(json.loads(config.read_text(encoding="utf-8")).get("exchange") or "").strip()
        except (OSError, ValueError, AttributeError):
            value = ""
    return Path(value).expanduser() if value else None


def inbound(exchange: Path) -> Path:
    """The folder hand-ins go to."""
    return Path(exchange) / INBOUND


def hub_user() -> str:
    """The learner's account name on the hub ($JUPYTERHUB_USER, else the Unix user), file-safe."""
    name = os.environ.get("JUPYTERHUB_USER") or getpass.getuser()
    try:
        return learner_id(name)
    except LearnerIdError:
        return f"uid-{os.getuid()}"


def now_stamp() -> str:
    """The time now, UTC, ISO 8601 to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def setup_exchange(exchange: Path, group: str | None = None) -> Path:
    """Create (or repair) the exchange with the modes above; return the inbound folder.

    Run it as the teacher (or as root, then ``group`` names the teacher's group).
    """
    exchange = Path(exchange)
    exchange.mkdir(parents=True, exist_ok=True)
    box = inbound(exchange)
    box.mkdir(exist_ok=True)
    if group:
        gid = grp.getgrnam(group).gr_gid
        os.chown(exchange, -1, gid)
        os.chown(box, -1, gid)
    os.chmod(exchange, ROOT_MODE)
    os.chmod(box, INBOUND_MODE)
    return box


def hand_in(data: bytes, exchange: Path, user: str | None = None) -> Path:
    """Write this learner's hand-in into the exchange atomically; return its path.

    The file replaces only the learner's own earlier hand-in. Raises ExchangeError (in words) when
    the folder is missing or not writable, or when a file of that name belongs to someone else.
    """
    user = user or hub_user()
    box = inbound(exchange)
    if not box.is_dir():
        raise ExchangeError(f"The class exchange {box} does not exist: tell your teacher "
                            "(they create it with 'lessons exchange-setup').")
    target = box / f"{user}.json"
    try:
        atomic_file.write_bytes(target, data, mode=HANDIN_MODE)
    except atomic_file.NotReplaced:
        raise ExchangeError(f"A hand-in named {target.name} exists and is not yours, so it was not replaced: "
                            "tell your teacher; your answers are still saved here.") from None
    except PermissionError:
        raise ExchangeError(f"You cannot write to the class exchange {box}: tell your teacher.") from None
    return target


@dataclass
class HandIn:
    """One file found in the exchange."""

    user: str  # from the file name
    path: Path
    owner: str  # the Unix account that owns the file
    modified: datetime  # the file's time (UTC)
    received: datetime  # when the exchange received it: the file's status-change time (UTC), see below


def _owner(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid-{uid}"


def _safe(name: str) -> str:
    try:
        return learner_id(name)
    except LearnerIdError:
        return name


def list_handins(exchange: Path) -> list[HandIn]:
    """Every answers file handed in to the exchange (teacher side: the folder must be readable)."""
    box = inbound(exchange) if inbound(exchange).is_dir() else Path(exchange)
    try:
        names = sorted(os.listdir(box))
    except FileNotFoundError:
        raise ExchangeError(f"{box} does not exist: is {exchange} the class exchange?") from None
    except PermissionError:
        raise ExchangeError(f"{box} cannot be listed by you: run this as the teacher who owns the exchange.") from None
    found = []
    for name in names:
        if name.startswith(".") or not name.endswith(".json"):
            continue
        path = box / name
        try:
            info = path.lstat()
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode):
            continue
        found.append(HandIn(name[:-5], path, _owner(info.st_uid),
                            datetime.fromtimestamp(info.st_mtime, timezone.utc),
                            EPOCH + timedelta(microseconds=info.st_ctime_ns // 1000)))
    return found


def owner_problem(item: HandIn, all_items: list[HandIn]) -> str:
    """Why a hand-in may not be the named learner's ('' when it is).

    When every file has one owner (a hub whose servers all run as one account) the system cannot
    tell learners apart, so no file is flagged.
    """
    owners = {h.owner for h in all_items}
    if len(owners) <= 1 or _safe(item.owner) == item.user:
        return ""
    return f"file {item.path.name} is owned by {item.owner!r}, not by {item.user!r}: not taken as {item.user}'s hand-in"
