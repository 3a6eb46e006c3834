"""The teacher's status of the hand-in service (lessons.teacher.class_summary): one row per learner,
however many requests they sent; and which exchange a command line or the environment names."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from lessons.exchange.backends import (FolderExchange, Receipt, Refusals, ServiceExchange, chosen_ids, configured,
                                      from_target)
from lessons.exchange.collection import HandIn, write_collection
from lessons.teacher.class_summary import learner_rows, same_names, status_table

T0 = datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc)


def test_five_thousand_requests_are_one_row_with_their_counts():
    receipts = [Receipt("ana", T0 - timedelta(minutes=5), 100, "h-a1", "Ana", {"07": 3})]
    receipts += [Receipt("ben", T0 + timedelta(seconds=s), 100, f"h-b{s}", "Ana López", {"07": 1}) for s in range(200)]
    refusals = [Refusals("ben", {"too many": 4_799, "too large": 1}), Refusals("cy", {"not a teacher: collect": 2})]
    rows = learner_rows(receipts, refusals, T0)
    header, body = status_table(rows, ["07"])
    assert header == ["account", "name", "hand_ins", "last_received", "late", "refused", "07"]
    assert body == [
        ["ana", "Ana", "1", "2026-11-30T08:55:00+00:00", "0", "0", "3"],
        # 200 kept, all after 09:00 (the first at 09:00:00 exactly is on time: 199 late); 4,799 + 1 refused
        ["ben", "Ana López", "200", "2026-11-30T09:03:19+00:00", "199", "4800 (too large: 1, too many: 4799)", "1"],
        ["cy", "", "0", "", "0", "2 (not a teacher: collect: 2)", "0"],
    ]


def test_a_name_typed_by_two_accounts_is_named_in_the_status():
    receipts = [Receipt("ana", T0, 100, "1", "Ana López"), Receipt("cy", T0, 100, "2", "ana  LÓPEZ"),
                Receipt("cy", T0, 100, "3", "Cy"), Receipt("ben", T0, 100, "4", ""), Receipt("ben", T0, 100, "5", "Ben")]
    # "Ana López" and "ana  LÓPEZ" are one name (case and spaces aside): ana and cy; Cy and Ben one account each
    assert same_names(receipts) == ["same name: 'Ana López' is typed in hand-ins of ana, cy: each is graded as its "
                                    "own account ('lessons grade' lists it as a problem); check who is who"]


def test_the_exchange_is_the_service_when_its_address_is_set(monkeypatch, tmp_path):
    monkeypatch.delenv("LESSONS_EXCHANGE_URL", raising=False)
    monkeypatch.setenv("LESSONS_EXCHANGE", str(tmp_path))
    assert isinstance(configured(), FolderExchange)
    monkeypatch.setenv("LESSONS_EXCHANGE_URL", "http://hub.example.edu/services/lessons-exchange/")
    chosen = configured()
    assert isinstance(chosen, ServiceExchange) and chosen.where == "http://hub.example.edu/services/lessons-exchange"
    assert isinstance(from_target(str(tmp_path)), FolderExchange)
    assert isinstance(from_target("https://hub/services/x"), ServiceExchange)


def test_the_service_fetches_exactly_the_hand_ins_the_collection_takes(tmp_path):
    """chosen_ids (which hand-ins' bytes the teacher's client fetches) picks what write_collection takes."""
    at = [T0 + timedelta(minutes=m) for m in (-9, -5, -5, 3, 7)]
    receipts = [Receipt("ana", at[0], 1, "a1"), Receipt("ana", at[1], 1, "a2"), Receipt("ana", at[2], 1, "a3"),
                Receipt("ana", at[3], 1, "a4"),  # late
                Receipt("ben", at[3], 1, "b1"), Receipt("ben", at[4], 1, "b2")]  # only late ones
    # ana: last on time is a3 (a2 and a3 at the same time: the later in the list); ben: his last, b2
    assert chosen_ids(receipts, T0) == {"a3", "b2"}
    assert chosen_ids(receipts, None) == {"a4", "b2"}
    summary = write_collection(tmp_path / "c", [HandIn(r.account, r.received_at, r.ref.encode(), r.ref)
                                                for r in receipts], T0)
    assert {(tmp_path / "c" / t.file).read_bytes().decode() for t in summary.taken} == {"a3", "b2"}
