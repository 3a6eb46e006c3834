"""The class exchange as a shared folder, for a one-machine hub where every learner is a Unix user.

It follows nbgrader's exchange model (nbgrader/exchange/default/release_assignment.py makes the course's
``inbound`` folder mode 2733 with set-group-id: learners can create files in it but not list it). Here,
in ``EXCHANGE/inbound`` (owned by the teacher, group = the teacher's group, mode 3733):

* **Who handed in is the file's owner** (its uid, as the kernel recorded it when the learner's process
  created it), never a name typed in the file nor the name of the file: a file named for another
  account than its owner's is refused ("named for another account") and listed in ``lessons status``.
* **Every hand-in is kept**, each in a file of its own, ``<account>+<UTC time>+<random>.json``, written
  under a hidden temporary name and then linked to its final name (``os.link`` never replaces a file):
  nothing is ever overwritten, and nbgrader's ``collect --before-duedate`` rule applies (the teacher takes
  each learner's last hand-in received by the deadline, ``lessons.exchange.collection``).
* **The time is the receiver's: the file's status-change time** (``st_ctime``). The kernel sets it to its
  own clock whenever the file is created, written, renamed or has its mode changed, and no system call
  lets an unprivileged user set it (``utime`` sets the access and modification times, which a learner
  can forge, and moves ``st_ctime`` to now). So a learner can only make a hand-in look later (by
  touching it after the deadline), never earlier. The time in the file's name and ``handed_in_at``
  inside it are the learner's claim and are not used.
* **No squatting**: the folder is set-group-id and sticky, ``-wx`` for others, so a learner cannot list
  it, nor replace, rename or delete another's file; each hand-in's name carries 16 random hex digits, so
  no file or folder a classmate makes in advance can block it. What is not a hand-in (a folder, a link,
  a file with another name) is listed in ``lessons status`` under the account that made it.
* **Private**: a hand-in is mode 0640 and takes the teacher's group (set-group-id): readable by its
  learner and the teacher's group, by no other learner.
* **Limits** (``limits()``; the hand-in service's defaults): bytes per hand-in and hand-ins per learner.
  The Hand in button refuses beyond them with a sentence (the count from the learner's own record of
  their hand-ins, ``hand-ins.log`` beside their answers); the teacher's side applies them again whatever
  a learner wrote by hand: a larger file is not read, and hand-ins past the count (in receipt order) are
  refused. A shared folder cannot stop a learner filling the disk: set a disk quota for learners on the
  exchange's file system, or use the hand-in service.
* Where every learner's server runs as one Unix account (Zero to JupyterHub, DockerSpawner), owners
  cannot tell learners apart: the Hand in button refuses to use the folder there (``$JUPYTERHUB_USER``
  is not the Unix account) and says to use the hand-in service.

The exchange is configured once for the hub: ``$LESSONS_EXCHANGE``, else the file named by
``$LESSONS_EXCHANGE_CONFIG`` or ``/etc/lessons/exchange.json`` (``{"exchange": "/srv/lessons-exchange"}``).
"""
from __future__ import annotations

import grp
import json
import os
import pwd
import re
import secrets
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from lessons.core.learner_ids import responses_dir
from lessons.exchange.service_requests import Limits, too_large

EXCHANGE_ENV = "LESSONS_EXCHANGE"
CONFIG_ENV = "LESSONS_EXCHANGE_CONFIG"
DEFAULT_CONFIG = Path("/etc/lessons/exchange.json")
INBOUND = "inbound"
INBOUND_MODE = stat.S_ISGID | stat.S_ISVTX | 0o733
ROOT_MODE = 0o755
HANDIN_MODE = 0o640
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
HAND_IN_NAME = re.compile(r"(?P<account>[^+/]{1,64})\+(?P<stamp>\d{8}T\d{12}Z)\+(?P<token>[0-9a-f]{16})\.json")
LOG = "hand-ins.log"


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


def limits() -> Limits:
    """Bytes per hand-in and hand-ins per learner: the hand-in service's, or ``$LESSONS_EXCHANGE_MAX_BYTES``
    and ``$LESSONS_EXCHANGE_MAX_HAND_INS`` (set the same for the learners' servers and the teacher)."""
    defaults = Limits()
    try:
        size = int(os.environ.get("LESSONS_EXCHANGE_MAX_BYTES") or defaults.max_bytes)
        count = int(os.environ.get("LESSONS_EXCHANGE_MAX_HAND_INS") or defaults.max_hand_ins)
    except ValueError:
        return defaults
    return Limits(max(1, size), max(1, count))


def inbound(exchange: Path) -> Path:
    """The folder hand-ins go to."""
    return Path(exchange) / INBOUND


def account_of(uid: int) -> str:
    """The Unix account name of a uid (``uid-<n>`` when it has none)."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid-{uid}"


def unix_account() -> str:
    """The account this process runs as: who a hand-in written now will belong to."""
    return account_of(os.geteuid())


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


def make_private(folder: Path) -> int:
    """Make the teacher's course folder 0700 (the full key, marks and grades live there); return its old mode."""
    old = stat.S_IMODE(folder.stat().st_mode)
    os.chmod(folder, 0o700)
    return old


def _refuse_shared_account(account: str) -> None:
    hub = os.environ.get("JUPYTERHUB_USER", "").strip()
    if hub and hub != account:
        raise ExchangeError(f"This hub runs your server as the Unix account '{account}', not as '{hub}': the shared "
                            "class folder tells learners apart by Unix account only, so it takes no hand-ins here. "
                            "Use 'Download my answers' and give the file to your teacher; ask them to set up the "
                            "hand-in service (LESSONS_EXCHANGE_URL).")


def _log(log: Path | None) -> Path:
    return log or responses_dir() / LOG


def my_hand_ins(exchange: Path, log: Path | None = None) -> list[Path]:
    """This learner's hand-ins still in the exchange (from their own record of file names)."""
    try:
        names = _log(log).read_text(encoding="utf-8").split()
    except OSError:
        return []
    box = inbound(exchange)
    return [box / n for n in names if HAND_IN_NAME.fullmatch(n) and os.path.lexists(box / n)]


def _file_name(account: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")  # the learner's clock: a hint, never the receipt
    return f"{account}+{stamp}+{secrets.token_hex(8)}.json"


def _write_new(box: Path, name: str, data: bytes) -> Path:
    tmp = box / f".{secrets.token_hex(8)}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, HANDIN_MODE)
    except PermissionError:
        raise ExchangeError(f"You cannot write to the class exchange {box}: tell your teacher.") from None
    try:
        os.fchmod(fd, HANDIN_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, box / name)  # never replaces: a name that exists fails
    finally:
        tmp.unlink(missing_ok=True)
    return box / name


def hand_in(data: bytes, exchange: Path, log: Path | None = None, limit: Limits | None = None) -> Path:
    """Write a new hand-in for this Unix account; return its path. Every earlier hand-in is kept.

    Raises ExchangeError (in words) when the exchange is missing or not writable, on a hub whose servers
    share one account, or beyond the limits.
    """
    limit = limit or limits()
    account = unix_account()
    _refuse_shared_account(account)
    if not HAND_IN_NAME.fullmatch(_file_name(account)):
        raise ExchangeError(f"Your Unix account name {account!r} cannot name a hand-in: tell your teacher.")
    if len(data) > limit.max_bytes:
        raise ExchangeError(too_large(len(data), limit).message)
    box = inbound(exchange)
    if not box.is_dir():
        raise ExchangeError(f"The class exchange {box} does not exist: tell your teacher "
                            "(they create it with 'lessons exchange-setup').")
    done = len(my_hand_ins(exchange, log))
    if done >= limit.max_hand_ins:
        raise ExchangeError(f"You have handed in {done:,} times; the limit per learner is {limit.max_hand_ins:,}: "
                            "nothing more was saved. Your teacher has your hand-ins; ask them if you need to hand in "
                            "again.")
    target = _write_new(box, _file_name(account), data)
    record = _log(log)
    record.parent.mkdir(parents=True, exist_ok=True)
    with record.open("a", encoding="utf-8") as handle:
        handle.write(target.name + "\n")
    return target


@dataclass(frozen=True)
class Found:
    """One hand-in in the exchange (teacher side): its owner is the learner, its status-change time the receipt."""

    account: str
    path: Path
    received: datetime
    size: int


@dataclass(frozen=True)
class Refused:
    """An entry of the exchange not taken as a hand-in: who made it, a short reason, and the sentence."""

    account: str
    path: Path
    reason: str
    message: str


def received_at(info: os.stat_result) -> datetime:
    """The receipt time of a file: its status-change time, UTC, to the microsecond (floored)."""
    return EPOCH + timedelta(microseconds=info.st_ctime_ns // 1000)


def _judge(path: Path, info: os.stat_result, limit: Limits) -> Found | Refused:
    owner, name = account_of(info.st_uid), path.name
    if not stat.S_ISREG(info.st_mode):
        kind = "folder" if stat.S_ISDIR(info.st_mode) else "link" if stat.S_ISLNK(info.st_mode) else "special file"
        return Refused(owner, path, "not a hand-in", f"{name!r} is a {kind} made by {owner}, not a hand-in; "
                       "it blocks no one (every hand-in has a name of its own): remove it")
    if name.startswith("."):
        return Refused(owner, path, "unfinished", f"{name!r} by {owner} is an unfinished hand-in (a temporary file)")
    match = HAND_IN_NAME.fullmatch(name)
    if match is None:
        return Refused(owner, path, "not a hand-in", f"{name!r} by {owner} is not named as a hand-in: not taken")
    if match["account"] != owner:
        return Refused(owner, path, "named for another account",
                       f"{name!r} is owned by {owner} but named for {match['account']!r}: not taken as "
                       f"{match['account']}'s hand-in")
    if info.st_size > limit.max_bytes:
        return Refused(owner, path, "too large", f"{name!r} by {owner} is {info.st_size:,} bytes, over the "
                       f"limit of {limit.max_bytes:,}: not read")
    return Found(owner, path, received_at(info), info.st_size)


def scan(exchange: Path, limit: Limits | None = None) -> tuple[list[Found], list[Refused]]:
    """Every hand-in in the exchange and every entry refused (teacher side: the folder must be listable)."""
    limit = limit or limits()
    box = inbound(exchange) if inbound(exchange).is_dir() else Path(exchange)
    try:
        names = sorted(os.listdir(box))
    except FileNotFoundError:
        raise ExchangeError(f"{box} does not exist: is {exchange} the class exchange?") from None
    except PermissionError:
        raise ExchangeError(f"{box} cannot be listed by you: run this as the teacher who owns the exchange.") from None
    found: dict[str, list[Found]] = {}
    refused: list[Refused] = []
    for name in names:
        try:
            info = os.lstat(box / name)
        except OSError:
            continue  # removed meanwhile
        item = _judge(box / name, info, limit)
        if isinstance(item, Refused):
            refused.append(item)
        else:
            found.setdefault(item.account, []).append(item)
    taken = []
    for account, items in sorted(found.items()):
        items.sort(key=lambda f: (f.received, f.path.name))
        taken += items[:limit.max_hand_ins]
        refused += [Refused(account, f.path, "too many", f"{f.path.name!r} by {account} is hand-in "
                            f"{i:,}; the limit per learner is {limit.max_hand_ins:,}: not taken")
                    for i, f in enumerate(items[limit.max_hand_ins:], start=limit.max_hand_ins + 1)]
    return taken, refused


def read_found(item: Found, limit: Limits | None = None) -> tuple[bytes, datetime] | None:
    """The bytes of a hand-in and its receipt time as of the read (a change while reading only makes it
    later); None when it is no longer a regular file or cannot be read. Links are never followed."""
    limit = limit or limits()
    try:
        fd = os.open(item.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = handle.read(limit.max_bytes + 1)
        after = os.fstat(fd)
    if len(data) > limit.max_bytes or account_of(after.st_uid) != item.account:
        return None
    return data, received_at(after)
