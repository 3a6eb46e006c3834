"""The collection record both exchanges write (lessons.exchange.collection), on real files.

Pinned by hand on small fixtures; Hypothesis for whatever accounts, bytes and times arrive.
"""
from __future__ import annotations

import csv
import hashlib
import os
import stat
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.exchange.collection import (MANIFEST, CollectionError, HandIn, file_name, read_manifest,
                                         write_collection)

UTC = timezone.utc
DEADLINE = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
PROFILE = settings(max_examples=60 if os.environ.get("LESSONS_HYPOTHESIS") != "long" else 2000,
                   derandomize=os.environ.get("LESSONS_HYPOTHESIS") != "long", deadline=None, database=None,
                   suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def at(hh: int, mm: int) -> datetime:
    return datetime(2026, 11, 30, hh, mm, tzinfo=UTC)


def hand(account: str, when: datetime, text: str) -> HandIn:
    return HandIn(account, when, text.encode(), f"{account}@{when:%H%M}")


def manifest_rows(folder: Path) -> list[dict]:
    with (folder / MANIFEST).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_last_on_time_hand_in_is_taken_late_ones_listed(tmp_path):
    # ana: 08:50 and 08:55 on time, 09:30 late -> 08:55 taken, 09:30 listed as passed over; 3 hand-ins
    # ben: 09:10 and 09:20, both late -> 09:20 taken, marked late; 09:10 passed over; 2 hand-ins
    # cy: one at 09:00 exactly (the deadline itself is on time) -> taken, not late; 1 hand-in
    items = [hand("ana", at(8, 55), "ana-2"), hand("ana", at(8, 50), "ana-1"), hand("ana", at(9, 30), "ana-late"),
             hand("ben", at(9, 20), "ben-2"), hand("ben", at(9, 10), "ben-1"), hand("cy", at(9, 0), "cy-1")]
    out = tmp_path / "handins"
    summary = write_collection(out, items, DEADLINE)
    assert (out / "ana.json").read_bytes() == b"ana-2"
    assert (out / "ben.json").read_bytes() == b"ben-2"
    assert (out / "cy.json").read_bytes() == b"cy-1"
    assert [(t.account, t.late, t.hand_ins) for t in summary.taken] == [("ana", False, 3), ("ben", True, 2),
                                                                        ("cy", False, 1)]
    assert [(p.account, p.received_at) for p in summary.passed_over] == [("ana", at(9, 30)), ("ben", at(9, 10))]
    rows = manifest_rows(out)
    assert [r["account"] for r in rows] == ["ana", "ben", "cy"]
    assert rows[0] == {"account": "ana", "file": "ana.json", "received_at": "2026-11-30T08:55:00.000000+00:00",
                       "late": "no", "hand_ins": "3", "sha256": hashlib.sha256(b"ana-2").hexdigest()}
    assert rows[1]["late"] == "yes" and rows[1]["hand_ins"] == "2"
    assert sorted(os.listdir(out)) == ["ana.json", "ben.json", "collected.csv", "cy.json"]


def test_without_deadline_the_last_is_taken_and_ties_go_to_the_later_arrival(tmp_path):
    same = at(8, 0)
    summary = write_collection(tmp_path / "c", [hand("ana", same, "first"), hand("ana", same, "second"),
                                                hand("ana", at(7, 0), "older")], None)
    assert (tmp_path / "c" / "ana.json").read_bytes() == b"second"
    assert summary.taken[0].hand_ins == 3 and not summary.taken[0].late and summary.passed_over == ()


def test_files_are_the_teachers_only(tmp_path):
    out = tmp_path / "handins"
    write_collection(out, [hand("ana", at(8, 0), "x")], None)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    for path in out.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_refuses_a_folder_that_is_not_empty_and_leaves_it_untouched(tmp_path):
    out = tmp_path / "handins"
    out.mkdir()
    (out / "mallory.json").write_text("an earlier collection's forgery")
    with pytest.raises(CollectionError, match=r"is not empty: collect into a new folder"):
        write_collection(out, [hand("ana", at(8, 0), "x")], None)
    assert os.listdir(out) == ["mallory.json"]
    assert not [p for p in tmp_path.iterdir() if p.name != "handins"]  # no temporary folder left behind


def test_an_empty_folder_is_used(tmp_path):
    out = tmp_path / "handins"
    out.mkdir(mode=0o755)
    write_collection(out, [hand("ana", at(8, 0), "x")], None)
    assert (out / "ana.json").read_bytes() == b"x" and stat.S_IMODE(out.stat().st_mode) == 0o700


def test_account_names_are_made_safe_and_never_collide():
    assert file_name("ana") == "ana.json"
    assert file_name("ana.lopez_2") == "ana.lopez_2.json"
    odd = ["../etc/passwd", "Ana", "ana--" + "0" * 16, "", ".", "..", "collected", "a/b", "a\x00b", "ANA"]
    names = [file_name(a) for a in odd]
    assert len(set(names)) == len(odd)
    for name in names:
        assert "/" not in name and "\x00" not in name and not name.startswith(".") and name.endswith(".json")


def test_manifest_keeps_any_account_exactly(tmp_path):
    accounts = ["=cmd|'/c calc'!A1", "'quoted", "line\nbreak", "comma,semi;", "ana"]
    write_collection(tmp_path / "c", [hand(a, at(8, 0), a) for a in accounts], None)
    rows = read_manifest(tmp_path / "c")
    assert sorted(r.account for r in rows) == sorted(accounts)
    raw = (tmp_path / "c" / MANIFEST).read_text(encoding="utf-8")
    assert "\n=cmd" not in raw and "\r\n=cmd" not in raw  # a spreadsheet shows it as text, never runs it


def test_a_folder_without_manifest_or_with_an_older_one_is_unverified(tmp_path):
    assert read_manifest(tmp_path) is None
    (tmp_path / MANIFEST).write_text("user,name,handed_in_at,late,file,problem\nana,Ana,,,ana.json,\n")
    assert read_manifest(tmp_path) is None


ACCOUNTS = st.text(max_size=12) | st.sampled_from(["ana", "ben", "Ana", "ana--x", "..", "collected.csv"])
EDGES = st.sampled_from([datetime.min.replace(tzinfo=timezone(timedelta(hours=14))),
                         datetime.max.replace(tzinfo=timezone(timedelta(hours=-14))), datetime.min, datetime.max])
TIMES = st.datetimes(timezones=st.none() | st.timezones()) | EDGES
HAND_INS = st.lists(st.builds(HandIn, ACCOUNTS, TIMES, st.binary(max_size=64), st.text(max_size=8)), max_size=12)


@PROFILE
@given(HAND_INS, st.none() | TIMES)
def test_any_hand_ins_never_raise_and_one_file_per_account(items, deadline):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        summary = write_collection(out, items, deadline)
        accounts = {i.account for i in items}
        assert {t.account for t in summary.taken} == accounts
        assert len({t.file for t in summary.taken}) == len(accounts)
        assert sorted(os.listdir(out)) == sorted([*(t.file for t in summary.taken), MANIFEST])
        assert sum(t.hand_ins for t in summary.taken) == len(items)
        assert len(summary.passed_over) <= len(items) - len(accounts)
        read = read_manifest(out)
        assert [(r.account, r.file, r.late) for r in read] == [(t.account, t.file, t.late) for t in summary.taken]
        for t in summary.taken:
            assert hashlib.sha256((out / t.file).read_bytes()).hexdigest() == t.sha256
            mine = [i for i in items if i.account == t.account]
            on_time = [i for i in mine if deadline is None or _utc(i.received_at) <= _utc(deadline)]
            assert t.late == (not on_time)
            assert t.received_at == max(_utc(i.received_at) for i in (on_time or mine))


def _utc(when: datetime) -> datetime:
    if when.tzinfo is None:
        return when.replace(tzinfo=UTC)
    try:
        return when.astimezone(UTC)
    except OverflowError:  # beyond the calendar in UTC: clamped, as the receiver does
        return (datetime.min if when.year == 1 else datetime.max).replace(tzinfo=UTC)


def test_many_collections_in_a_row_never_mix(tmp_path):
    # 30 collections of the same exchange minus one more account each time: each holds exactly its own
    accounts = [f"u{i:02d}" for i in range(30)]
    for n in range(30):
        out = tmp_path / f"c{n}"
        write_collection(out, [hand(a, at(8, 0) + timedelta(minutes=n), a) for a in accounts[n:]], None)
        assert len(os.listdir(out)) == 30 - n + 1
