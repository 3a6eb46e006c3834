"""The class exchange, `lessons status/collect/marks` and `grade --marks`, on real files (no hub needed).

The permission checks between real Unix users run in test_hub.py (root only)."""
from __future__ import annotations

import csv
import json
import os
import stat
from pathlib import Path

import pytest

from lessons import cli
from lessons.exchange.folder import ExchangeError, configured_exchange, hand_in, inbound, setup_exchange
from lessons.notebook.hand_in_button import handin_bytes, press_hand_in
from lessons.core.learner_ids import save_current
from lessons.core.quizbank import load_all
from lessons.notebook.responses import ResponseStore
from lessons.core.learner_ids import learner_id

ANA_ID = learner_id("Ana López")  # an accented name gets a hashed id

QUIZ = "00-start-here"
CHOICE, WRITTEN = "s00-run-cell", "s00-why-here"


def right_answer(qid: str):
    bank = next(b for b in load_all() if b.quiz == QUIZ)
    return next(q for q in bank.questions if q.id == qid).answer


def wrong_answer(qid: str):
    """An option that is not the key (an answer that is no option at all is a problem line of its own)."""
    bank = next(b for b in load_all() if b.quiz == QUIZ)
    q = next(q for q in bank.questions if q.id == qid)
    return next(o for o in q.options if o != q.answer)


def make_handin(exchange: Path, user: str, name: str, right: bool, text: str, folder: Path, when: str) -> Path:
    """A learner's real answers file, handed in under ``user`` with the time ``when``."""
    store = ResponseStore(name, folder=folder / user)
    store.record(QUIZ, CHOICE, right_answer(CHOICE) if right else wrong_answer(CHOICE))
    if text:
        store.record(QUIZ, WRITTEN, text)
    return hand_in(handin_bytes(store, when), exchange, user=user)


@pytest.fixture
def class_exchange(tmp_path):
    """An exchange with three learners' hand-ins: ana (right, written), ben (wrong, written), cy (right)."""
    exchange = tmp_path / "exchange"
    setup_exchange(exchange)
    make_handin(exchange, "ana", "Ana López", True, "Because the agreement ends combat.", tmp_path, "2026-11-30T08:50:00.000+00:00")
    make_handin(exchange, "ben", "Ben Okafor", False, "Not sure <b>why</b>.", tmp_path, "2026-11-30T09:10:00.000+00:00")
    make_handin(exchange, "cy", "Cy", True, "", tmp_path, "2026-11-30T08:00:00.000+00:00")
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


def test_setup_uses_nbgrader_inbound_modes_and_handin_is_private(tmp_path):
    box = setup_exchange(tmp_path / "ex")
    assert stat.S_IMODE(box.stat().st_mode) == 0o3733  # setgid + sticky, others may write but not list
    path = hand_in(b'{"a": 1}', tmp_path / "ex", user="ana")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == b'{"a": 1}'
    again = hand_in(b'{"a": 2}', tmp_path / "ex", user="ana")
    assert again == path and path.read_bytes() == b'{"a": 2}'
    assert sorted(os.listdir(box)) == ["ana.json"]  # no temporary file left behind


def test_handin_without_exchange_folder_says_so(tmp_path):
    with pytest.raises(ExchangeError, match="does not exist"):
        hand_in(b"{}", tmp_path / "nowhere", user="ana")


def test_button_hidden_without_exchange_and_press_writes_stamped_file(tmp_path, monkeypatch):
    from lessons.notebook.hand_in_button import handin_button

    monkeypatch.delenv("LESSONS_EXCHANGE", raising=False)
    monkeypatch.setenv("LESSONS_EXCHANGE_CONFIG", str(tmp_path / "absent.json"))
    assert handin_button() is None
    exchange = tmp_path / "ex"
    setup_exchange(exchange)
    monkeypatch.setenv("LESSONS_EXCHANGE", str(exchange))
    monkeypatch.setenv("JUPYTERHUB_USER", "ana")
    assert handin_button() is not None
    assert "Save your name first" in press_hand_in()
    save_current("Ana López")
    ResponseStore("Ana López").record(QUIZ, CHOICE, "x")
    message = press_hand_in()
    assert message.startswith("✔ Handed in") and "ana.json" in message
    doc = json.loads((inbound(exchange) / "ana.json").read_text())
    assert doc["learner"]["id"] == ANA_ID and doc["handed_in_at"] == doc["exported_at"]


def test_status_counts_answers_per_quiz(class_exchange, capsys):
    assert cli.main(["status", str(class_exchange)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("3 hand-in(s)")
    assert lines[1].split()[:4] == ["user", "name", "handed_in_at", QUIZ]
    ana = next(line for line in lines if line.startswith("ana "))
    assert "2026-11-30T08:50:00" in ana and ana.split()[-1] == "2"  # choice + written
    cy = next(line for line in lines if line.startswith("cy "))
    assert cy.split()[-1] == "1"


def file_clock_after(moment_ns: int, folder: Path) -> None:
    """Return once a new file in ``folder`` gets a status-change time later than ``moment_ns`` (the kernel's
    file clock ticks every few milliseconds; this waits for one tick so two hand-ins have distinct times)."""
    probe = folder / ".clock-probe"
    for _ in range(100_000):
        probe.write_bytes(b"")
        if probe.stat().st_ctime_ns > moment_ns:
            probe.unlink()
            return
        probe.unlink()
    raise AssertionError("the file clock did not move")


def test_collect_takes_receipt_times_lists_late_without_dropping(class_exchange, tmp_path, capsys):
    from datetime import datetime, timedelta, timezone

    box = inbound(class_exchange)
    last_on_time = max((box / f"{u}.json").stat().st_ctime_ns for u in ("ana", "ben", "cy"))
    # the deadline: the last of the three receipt times, rounded UP to the microsecond (a float of seconds
    # rounded to the nearest microsecond could fall just before it and make that hand-in late)
    deadline = (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=-(-last_on_time // 1000))).isoformat()
    # ben hands in again after the deadline; his file's own handed_in_at says 08:00 (forged): the receipt counts
    file_clock_after(last_on_time + 1000, tmp_path)
    make_handin(class_exchange, "ben", "Ben Okafor", True, "Later.", tmp_path, "2026-11-30T08:00:00.000+00:00")
    out = tmp_path / "collected"
    assert cli.main(["collect", str(class_exchange), "--out", str(out), "--deadline", deadline]) == 0
    printed = capsys.readouterr().out
    assert "Collected 3 hand-in(s)" in printed
    # one file per learner in this exchange: ben's earlier file was replaced, so his only hand-in is late
    assert "late: ben handed in at" in printed and "late: ana" not in printed
    assert sorted(p.name for p in out.glob("*.json")) == ["ana.json", "ben.json", "cy.json"]
    rows = list(csv.DictReader((out / "collected.csv").open()))
    assert {r["account"]: r["late"] for r in rows} == {"ana": "no", "ben": "yes", "cy": "no"}
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert cli.main(["collect", str(class_exchange), "--out", str(out)]) == 2
    assert "is not empty: collect into a new folder" in capsys.readouterr().err
    assert cli.main(["collect", str(class_exchange), "--out", str(tmp_path / "c2"), "--deadline", "soon"]) == 2


def test_marks_sheet_and_grade_with_marks(class_exchange, tmp_path, capsys):
    handins = tmp_path / "handins"
    assert cli.main(["collect", str(class_exchange), "--out", str(handins)]) == 0
    sheet = tmp_path / "marks.csv"
    assert cli.main(["marks", str(handins), "--out", str(sheet)]) == 0
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    # a collected folder: learners are the accounts that handed in, not the ids typed in the files
    assert [(r["learner_id"], r["question"]) for r in rows] == [("ana", WRITTEN), ("ben", WRITTEN)]
    assert rows[1]["answer"] == "Not sure <b>why</b>." and rows[0]["rubric"] and rows[0]["max_points"] == "1"
    rows[0]["points"], rows[0]["comment"] = "1", "Clear reason."
    rows[1]["points"] = "0.5"
    extra = dict(rows[0], learner_id="nobody", points="1")  # unknown learner
    over = dict(rows[1], points="3")  # over the maximum: the first ben row counts, this is a problem
    bad = dict(rows[0], question="s00-run-cell", points="1")  # not a written question
    words = dict(rows[0], learner_id="cy", question=WRITTEN, points="one")  # not a number
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*rows, extra, over, bad, words])
    # writing the sheet again keeps what the teacher filled in
    kept = tmp_path / "again.csv"
    kept.write_bytes(sheet.read_bytes())
    assert cli.main(["marks", str(handins), "--out", str(kept)]) == 0
    assert [r["points"] for r in csv.DictReader(kept.open(encoding="utf-8"))] == ["1", "0.5"]
    results = tmp_path / "results"
    code = cli.main(["grade", str(handins), "--out", str(results), "--quiz", "00", "--marks", str(sheet),
                     "--feedback", "--no-report"])
    assert code == 3  # the bad rows are problems
    book = {r["learner_id"]: r for r in csv.DictReader((results / "gradebook.csv").open())}
    # 00-start-here: auto-marked max 4 (one choice question answered here) + written s00-why-here max 1
    # + written s00-close-reading max 3 (its rubric: three criteria of 1 point)
    assert {k: (r["total"], r["max"], r["name"], r["identity"]) for k, r in book.items()} == {
        "ana": ("2", "8", "Ana López", "account"), "ben": ("0.5", "8", "Ben Okafor", "account"),
        "cy": ("1", "8", "Cy", "account")}
    problems = [r["reason"] for r in csv.DictReader((results / "problems.csv").open())]
    assert len(problems) == 4
    assert any("unknown learner 'nobody'" in p for p in problems)
    assert any("outside 0 to 1" in p for p in problems)
    assert any("unknown written question" in p for p in problems)
    assert any("'one' is not a number" in p for p in problems)
    feedback = (results / "feedback" / "ana.md").read_text()
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

    book = grade(GradeRequest([inbound(class_exchange)], load_all()))
    sheet = tmp_path / "marks.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([COLUMNS, *rows])
    before = {r.learner_id: r.total for r in book.results}
    book = grade(GradeRequest([inbound(class_exchange)], load_all(), marks=sheet))  # the marks are part of the request
    for r in book.results:  # only marks within 0..max were added
        assert before[r.learner_id] <= r.total <= before[r.learner_id] + 1
    sheet.write_bytes(raw)
    read_marks(sheet, book.table, {r.learner_id for r in book.results})


@BOUNDED
@given(raw=st.binary(max_size=300), name=st.from_regex(r"[a-z][a-z0-9-]{0,10}", fullmatch=True))
def test_status_and_collect_read_any_file_in_the_exchange(class_exchange, tmp_path, raw, name):
    from lessons.teacher.class_status import class_rows, collect, status_table

    (inbound(class_exchange) / f"{name}.json").write_bytes(raw)
    header, body = status_table(class_exchange)
    assert len(body) == len(class_rows(class_exchange))
    out = tmp_path / "out"
    if out.exists():
        import shutil

        shutil.rmtree(out)
    summary, refused = collect(class_exchange, out)
    assert len(summary.taken) + len(refused) == len(body)
    assert all((out / t.file).is_file() for t in summary.taken)
