"""The shared-folder exchange, `lessons status/collect/marks` and `grade --marks`, on real files (no hub needed).

The learners here are real Unix accounts of this machine (daemon, bin, sys, nobody): a child process
drops to the account with setuid and hands in, so the kernel records the owner as it would on a hub.
That needs root (CI runs as root; elsewhere these tests skip and say so). The whole class on a real
JupyterHub with accounts made for it is tests/test_hub.py.
"""
from __future__ import annotations

import csv
import json
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from conftest import need_or_skip
from lessons import cli
from lessons.core.learner_ids import save_current
from lessons.core.quizbank import load_all
from lessons.exchange import folder
from lessons.exchange.folder import ExchangeError, configured_exchange, hand_in, inbound, setup_exchange
from lessons.notebook.hand_in_button import handin_bytes, press_hand_in
from lessons.notebook.responses import ResponseStore

QUIZ = "00-start-here"
CHOICE, WRITTEN = "s00-run-cell", "s00-why-here"
# the class: account -> (name typed in the notebook, right answer?, written answer)
CLASS = {"daemon": ("Ana López", True, "Because the agreement ends combat."),
         "bin": ("Ben Okafor", False, "Not sure <b>why</b>."),
         "sys": ("Cy", True, "")}


def right_answer(qid: str):
    bank = next(b for b in load_all() if b.quiz == QUIZ)
    return next(q for q in bank.questions if q.id == qid).answer


def wrong_answer(qid: str):
    """An option that is not the key (an answer that is no option at all is a problem line of its own)."""
    bank = next(b for b in load_all() if b.quiz == QUIZ)
    q = next(q for q in bank.questions if q.id == qid)
    return next(o for o in q.options if o != q.answer)


def answers_bytes(name: str, right: bool, text: str, folder_: Path, when: str = "2026-11-30T08:50:00.000+00:00") -> bytes:
    """A learner's real answers file as the Hand in button makes it."""
    store = ResponseStore(name, folder=folder_)
    store.record(QUIZ, CHOICE, right_answer(CHOICE) if right else wrong_answer(CHOICE))
    if text:
        store.record(QUIZ, WRITTEN, text)
    return handin_bytes(store, when)


def as_account(account: str, action) -> str:
    """Run ``action()`` in a child process as the Unix account; return what it returned, or its ExchangeError
    or OSError as 'refused: <message>'."""
    need_or_skip(os.geteuid() == 0, "handing in as other Unix accounts needs root (CI runs as root)")
    entry = pwd.getpwnam(account)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: become the learner, act, report, exit without pytest's clean-up
        code = 0
        try:
            os.close(read)
            os.setgroups([])
            os.setgid(entry.pw_gid)
            os.setuid(entry.pw_uid)
            os.environ.pop("JUPYTERHUB_USER", None)
            try:
                result = str(action())
            except (ExchangeError, OSError) as exc:
                result = f"refused: {exc}"
            os.write(write, result.encode("utf-8", "replace"))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, f"the child as {account} failed"
    return b"".join(chunks).decode("utf-8")


@pytest.fixture
def shared():
    """A folder every account can reach (pytest's tmp_path is root's only): the exchange and learners' records."""
    base = Path(tempfile.mkdtemp(prefix="lessons-exchange-"))
    os.chmod(base, 0o755)
    try:
        yield base
    finally:
        shutil.rmtree(base, ignore_errors=True)


def learner_log(base: Path, account: str) -> Path:
    """The learner's own record of hand-ins (in their answers folder on a hub): writable by them only."""
    home = base / "homes" / account
    home.mkdir(parents=True, exist_ok=True)
    os.chown(home, pwd.getpwnam(account).pw_uid, -1)
    os.chmod(home.parent, 0o755)
    return home / folder.LOG


def hand_in_as(account: str, data: bytes, exchange: Path, base: Path) -> str:
    log = learner_log(base, account)
    return as_account(account, lambda: hand_in(data, exchange, log=log).name)


@pytest.fixture
def class_exchange(shared, tmp_path):
    """An exchange with three learners' hand-ins: daemon (Ana, right, written), bin (Ben, wrong, written), sys (Cy)."""
    exchange = shared / "exchange"
    setup_exchange(exchange)
    for account, (name, right, text) in CLASS.items():
        result = hand_in_as(account, answers_bytes(name, right, text, tmp_path / account), exchange, shared)
        assert result.startswith(f"{account}+"), result
    return exchange


def test_exchange_is_configured_by_env_or_file(tmp_path, monkeypatch):
    monkeypatch.delenv("LESSONS_EXCHANGE", raising=False)
    monkeypatch.setenv("LESSONS_EXCHANGE_CONFIG", str(tmp_path / "absent.json"))
    assert configured_exchange() is None
    config = tmp_path / "exchange.json"
    config.write_text(json.dumps({"exchange": "/srv/x"}))
    monkeypatch.setenv("LESSONS_EXCHANGE_CONFIG", str(config))
    assert configured_exchange() == Path("/srv/x")
    monkeypatch.setenv("LESSONS_EXCHANGE", str(tmp_path / "env"))
    assert configured_exchange() == tmp_path / "env"
    config.write_text("not json")
    monkeypatch.delenv("LESSONS_EXCHANGE")
    assert configured_exchange() is None


def test_setup_modes_and_every_hand_in_is_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    box = setup_exchange(tmp_path / "ex")
    assert stat.S_IMODE(box.stat().st_mode) == 0o3733  # setgid + sticky, others may write but not list
    log = tmp_path / "me" / folder.LOG
    first = hand_in(b'{"a": 1}', tmp_path / "ex", log=log)
    second = hand_in(b'{"a": 2}', tmp_path / "ex", log=log)
    assert first != second and first.read_bytes() == b'{"a": 1}' and second.read_bytes() == b'{"a": 2}'
    assert stat.S_IMODE(first.stat().st_mode) == 0o640
    assert first.name.startswith(folder.unix_account() + "+") and folder.HAND_IN_NAME.fullmatch(first.name)
    assert sorted(os.listdir(box)) == sorted([first.name, second.name])  # no temporary file left behind
    assert folder.my_hand_ins(tmp_path / "ex", log) == [first, second]


def test_handin_without_exchange_folder_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with pytest.raises(ExchangeError, match="does not exist"):
        hand_in(b"{}", tmp_path / "nowhere", log=tmp_path / "log")


def test_a_hub_whose_servers_share_one_account_is_refused(tmp_path, monkeypatch):
    setup_exchange(tmp_path / "ex")
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")  # the hub says ana; the Unix account is this test's
    with pytest.raises(ExchangeError, match=r"tells learners apart by Unix account only, so it takes no hand-ins here"):
        hand_in(b"{}", tmp_path / "ex", log=tmp_path / "log")
    assert os.listdir(inbound(tmp_path / "ex")) == []


def test_limits_per_hand_in_and_per_learner_say_so(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    monkeypatch.setenv("LESSONS_EXCHANGE_MAX_BYTES", "100")
    monkeypatch.setenv("LESSONS_EXCHANGE_MAX_HAND_INS", "2")
    setup_exchange(tmp_path / "ex")
    log = tmp_path / "log"
    with pytest.raises(ExchangeError, match=r"Your hand-in is 101 bytes; the limit is 100 bytes per hand-in\. "
                                            r"Nothing was saved"):
        hand_in(b"x" * 101, tmp_path / "ex", log=log)
    hand_in(b"{}", tmp_path / "ex", log=log)
    hand_in(b"{}", tmp_path / "ex", log=log)
    with pytest.raises(ExchangeError, match=r"You have handed in 2 times; the limit per learner is 2: nothing more"):
        hand_in(b"{}", tmp_path / "ex", log=log)
    assert len(os.listdir(inbound(tmp_path / "ex"))) == 2


def test_button_hidden_without_exchange_and_press_hands_in(tmp_path, monkeypatch):
    from lessons.notebook.hand_in_button import handin_button

    monkeypatch.delenv("LESSONS_EXCHANGE_URL", raising=False)
    monkeypatch.delenv("LESSONS_EXCHANGE", raising=False)
    monkeypatch.setenv("LESSONS_EXCHANGE_CONFIG", str(tmp_path / "absent.json"))
    assert handin_button() is None
    exchange = tmp_path / "ex"
    setup_exchange(exchange)
    monkeypatch.setenv("LESSONS_EXCHANGE", str(exchange))
    monkeypatch.setenv("JUPYTERHUB_USER", folder.unix_account())
    assert handin_button() is not None
    assert "Save your name first" in press_hand_in()
    save_current("Ana López")
    ResponseStore("Ana López").record(QUIZ, CHOICE, "x")
    message = press_hand_in()
    assert message.startswith("✔ Handed in at ") and f"as {folder.unix_account()} (hand-in 1 of at most" in message
    assert "Every hand-in is kept" in message
    (path,) = inbound(exchange).iterdir()
    doc = json.loads(path.read_text())
    assert doc["handed_in_at"] == doc["exported_at"]


def test_status_is_one_row_per_account_with_names_typed(class_exchange, capsys):
    assert cli.main(["status", str(class_exchange)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("3 hand-in(s) by 3 learner(s)")
    assert lines[1].split()[:6] == ["account", "name", "hand_ins", "last_received", "late", "refused"]
    rows = {line.split()[0]: line for line in lines[2:]}
    assert set(rows) == {"bin", "daemon", "sys"}
    assert "Ana López" in rows["daemon"] and rows["daemon"].split()[-1] == "2"  # choice + written
    assert rows["sys"].split()[-1] == "1"


def file_clock_after(moment_ns: int, where: Path) -> None:
    """Return once a new file in ``where`` gets a status-change time later than ``moment_ns`` (the kernel's
    file clock ticks every few milliseconds; this waits for one tick so two hand-ins have distinct times)."""
    probe = where / ".clock-probe"
    for _ in range(100_000):
        probe.write_bytes(b"")
        later = probe.stat().st_ctime_ns > moment_ns
        probe.unlink()
        if later:
            return
    raise AssertionError("the file clock did not move")


def test_collect_takes_the_last_on_time_hand_in_by_receipt_time(class_exchange, shared, tmp_path, capsys):
    from datetime import datetime, timedelta, timezone

    box = inbound(class_exchange)
    last_on_time = max(os.lstat(box / n).st_ctime_ns for n in os.listdir(box))
    # the deadline: the last of the three receipt times, rounded UP to the microsecond
    deadline = (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=-(-last_on_time // 1000))).isoformat()
    # bin hands in again after the deadline, right this time, and forges an early handed_in_at: both hand-ins
    # are kept; the late one is listed and the on-time one (wrong) collected
    file_clock_after(last_on_time + 1000, shared)
    late = answers_bytes("Ben Okafor", True, "Later.", tmp_path / "bin2", when="2026-11-01T00:00:00.000+00:00")
    assert hand_in_as("bin", late, class_exchange, shared).startswith("bin+")
    out = tmp_path / "collected"
    assert cli.main(["collect", str(class_exchange), "--out", str(out), "--deadline", deadline]) == 0
    printed = capsys.readouterr().out
    assert "Collected 3 hand-in(s)" in printed
    assert "late hand-ins not taken: bin: 1" in printed and "late: " not in printed
    rows = {r["account"]: r for r in csv.DictReader((out / "collected.csv").open())}
    assert {a: (r["late"], r["hand_ins"]) for a, r in rows.items()} == {
        "bin": ("no", "2"), "daemon": ("no", "1"), "sys": ("no", "1")}
    assert json.loads((out / "bin.json").read_text())["quizzes"][QUIZ][CHOICE]["answer"] == wrong_answer(CHOICE)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert cli.main(["collect", str(class_exchange), "--out", str(out)]) == 2
    assert "is not empty: collect into a new folder" in capsys.readouterr().err
    assert cli.main(["collect", str(class_exchange), "--out", str(tmp_path / "c2"), "--deadline", "soon"]) == 2


def test_what_a_learner_does_by_hand_is_refused_and_shown(class_exchange, shared, capsys, monkeypatch):
    """Files and folders made by hand in the inbound folder: named for a classmate, a folder squat, a link,
    too large, too many. None is taken; each is listed under the account that made it."""
    monkeypatch.setenv("LESSONS_EXCHANGE_MAX_BYTES", "100000")
    monkeypatch.setenv("LESSONS_EXCHANGE_MAX_HAND_INS", "3")
    box = inbound(class_exchange)
    stamp = "20261130T085000000000Z"

    def by_hand():
        os.mkdir(box / f"daemon+{stamp}+{'0' * 16}.json")  # a folder squat with a classmate's hand-in name
        (box / f"daemon+{stamp}+{'1' * 16}.json").write_text("{}")  # a file named for daemon
        os.symlink("/etc/shadow", box / f"nobody+{stamp}+{'2' * 16}.json")  # a link to what nobody cannot read
        (box / f"nobody+{stamp}+{'3' * 16}.json").write_bytes(b"x" * 100_001)  # over the size limit
        for i in range(5):  # five hand-ins: the first 3 (in receipt order) count, 2 are too many
            (box / f"nobody+{stamp}+{i + 4:016x}.json").write_text("{}")
        return "done"

    assert as_account("nobody", by_hand) == "done"
    table = shared / "status.csv"
    assert cli.main(["status", str(class_exchange), "--csv", str(table)]) == 0
    printed = capsys.readouterr().out
    nobody = next(r for r in csv.DictReader(table.open(encoding="utf-8")) if r["account"] == "nobody")
    # refused: folder 1 + link 1 = 2 'not a hand-in', named for daemon 1, too large 1, too many 5 - 3 = 2:
    # 6 in all; hand-ins kept: 3
    assert nobody["hand_ins"] == "3"
    assert nobody["refused"] == "6 (named for another account: 1, not a hand-in: 2, too large: 1, too many: 2)"
    assert f"refused: 'daemon+{stamp}+{'0' * 16}.json' is a folder made by nobody, not a hand-in; it blocks no one" \
        in printed
    assert f"refused: 'daemon+{stamp}+{'1' * 16}.json' is owned by nobody but named for 'daemon': not taken as " \
           "daemon's hand-in" in printed
    assert "is a link made by nobody, not a hand-in" in printed
    assert "is 100,001 bytes, over the limit of 100,000: not read" in printed
    # daemon's own hand-in still goes in and is the one collected
    taken = folder.scan(class_exchange)[0]
    assert [f.path.name for f in taken if f.account == "daemon"] and all(f.account != "root" for f in taken)


def test_marks_sheet_and_grade_with_marks(class_exchange, tmp_path, capsys):
    handins = tmp_path / "handins"
    assert cli.main(["collect", str(class_exchange), "--out", str(handins)]) == 0
    sheet = tmp_path / "marks.csv"
    assert cli.main(["marks", str(handins), "--out", str(sheet)]) == 0
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    # a collected folder: learners are the accounts that handed in, not the ids typed in the files
    assert [(r["learner_id"], r["question"]) for r in rows] == [("bin", WRITTEN), ("daemon", WRITTEN)]
    assert rows[0]["answer"] == "Not sure <b>why</b>." and rows[1]["rubric"] and rows[1]["max_points"] == "1"
    rows[1]["points"], rows[1]["comment"] = "1", "Clear reason."
    rows[0]["points"] = "0.5"
    extra = dict(rows[1], learner_id="nobody", points="1")  # unknown learner
    over = dict(rows[0], points="3")  # over the maximum: the first bin row counts, this is a problem
    bad = dict(rows[1], question="s00-run-cell", points="1")  # not a written question
    words = dict(rows[1], learner_id="sys", question=WRITTEN, points="one")  # not a number
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, extra, over, bad, words])
    # writing the sheet again keeps what the teacher filled in
    kept = tmp_path / "again.csv"
    kept.write_bytes(sheet.read_bytes())
    assert cli.main(["marks", str(handins), "--out", str(kept)]) == 0
    assert [r["points"] for r in csv.DictReader(kept.open(encoding="utf-8"))] == ["0.5", "1"]
    results = tmp_path / "results"
    code = cli.main(["grade", str(handins), "--out", str(results), "--quiz", "00", "--marks", str(sheet),
                     "--feedback", "--no-report"])
    assert code == 3  # the bad rows are problems
    book = {r["learner_id"]: r for r in csv.DictReader((results / "gradebook.csv").open())}
    # 00-start-here: auto-marked max 4 (one choice question answered here) + written s00-why-here max 1
    # + written s00-close-reading max 3 (its rubric: three criteria of 1 point)
    assert {k: (r["total"], r["max"], r["name"], r["identity"]) for k, r in book.items()} == {
        "daemon": ("2", "8", "Ana López", "account"), "bin": ("0.5", "8", "Ben Okafor", "account"),
        "sys": ("1", "8", "Cy", "account")}
    problems = [r["reason"] for r in csv.DictReader((results / "problems.csv").open())]
    assert len(problems) == 4
    assert any("unknown learner 'nobody'" in p for p in problems)
    assert any("outside 0 to 1" in p for p in problems)
    assert any("unknown written question" in p for p in problems)
    assert any("'one' is not a number" in p for p in problems)
    feedback = (results / "feedback" / "daemon.md").read_text()
    assert "marked 1 of 1: Clear reason." in feedback


def test_teacher_guide_link_has_the_form_the_hub_test_follows():
    """The guide's nbgitpuller link has the parameters tests/test_hub.py uses, and its urlpath folder is
    the repository's last part (nbgitpuller's default target folder)."""
    import re
    import urllib.parse

    from hub_server import pull_link

    guide = (Path(__file__).resolve().parents[1] / "course" / "teacher-guide.md").read_text(encoding="utf-8")
    link = re.search(r"https://hub\.example\.edu/hub/user-redirect/git-pull\?\S+", guide).group(0)
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
    ours = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(pull_link("http://h", "/srv/course-release",
                                                                        "notebooks/00-index.ipynb")).query))
    assert set(query) == set(ours) == {"repo", "branch", "urlpath"}
    assert query["urlpath"].split("/")[2] == query["repo"].rstrip("/").split("/")[-1]
    assert ours["urlpath"] == "lab/tree/course-release/notebooks/00-index.ipynb"
    assert "lessons exchange-setup" in guide and "LESSONS_EXCHANGE" in guide and "--marks marks.csv" in guide


def test_exchange_setup_makes_the_course_folder_private(tmp_path, capsys):
    course = tmp_path / "lessons"
    course.mkdir(mode=0o755)
    assert cli.main(["exchange-setup", str(tmp_path / "ex"), "--course", str(course)]) == 0
    assert stat.S_IMODE(course.stat().st_mode) == 0o700
    assert "private (mode 700, was 755): it holds the full answer key" in capsys.readouterr().out


# Outside input: whatever a marks sheet or a file in the exchange holds, reading it never raises.
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

BOUNDED = settings(max_examples=20, derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
CELL = st.one_of(st.text(max_size=12), st.sampled_from(["1", "0.5", "-1", "nan", "inf", "1e309", "", "ana-lopez",
                                                         QUIZ, WRITTEN, CHOICE, "ben-okafor"]))


@BOUNDED
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=12), max_size=8), raw=st.binary(max_size=200))
def test_reading_any_marks_sheet_never_raises(class_exchange, tmp_path, rows, raw):
    from lessons.teacher.grading import GradeRequest, grade
    from lessons.teacher.marks import COLUMNS, read_marks

    files = [f.path for f in folder.scan(class_exchange)[0]]
    book = grade(GradeRequest(files, load_all()))
    sheet = tmp_path / "marks.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([COLUMNS, *rows])
    before = {r.learner_id: r.total for r in book.results}
    book = grade(GradeRequest(files, load_all(), marks=sheet))  # the marks are part of the request
    for r in book.results:  # only marks within 0..max were added
        assert before[r.learner_id] <= r.total <= before[r.learner_id] + 1
    sheet.write_bytes(raw)
    read_marks(sheet, book.table, {r.learner_id for r in book.results})


@BOUNDED
@given(raw=st.binary(max_size=300), name=st.text(min_size=1, max_size=40).filter(
    lambda n: "/" not in n and "\x00" not in n and n not in (".", "..")))
def test_status_and_collect_read_any_file_in_the_exchange(class_exchange, tmp_path, raw, name):
    from lessons.exchange.backends import FolderExchange
    from lessons.teacher.class_summary import learner_rows

    try:
        (inbound(class_exchange) / name).write_bytes(raw)
    except OSError:
        return  # a name this file system refuses (too long in bytes)
    exchange = FolderExchange(class_exchange)
    receipts, refusals = exchange.everyone()
    assert len(learner_rows(receipts, refusals, None)) >= 3
    out = tmp_path / "out"
    if out.exists():
        shutil.rmtree(out)
    from lessons.exchange.collection import write_collection

    summary = write_collection(out, exchange.collect(), None)
    assert {t.account for t in summary.taken} == {"bin", "daemon", "sys"}  # root's file is named as no hand-in
