"""The hand-in service's storage (lessons.exchange.service_store): a real SQLite file in a private folder;
every hand-in kept with the service's time, the per-learner limit, refusals counted (bounded)."""
from __future__ import annotations

import stat
import threading
from datetime import datetime, timedelta, timezone

import pytest

from lessons.exchange.service_store import DB_NAME, Store, StoreFull


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "data")
    yield opened
    opened.close()


def test_every_hand_in_is_kept_with_the_services_time(store):
    before = datetime.now(timezone.utc)
    first = store.add("ana", b"one", "Ana", {"q": 1}, limit=5)
    second = store.add("ana", b"two", "Ben Okafor", {}, limit=5)  # a forged display name is only a name
    after = datetime.now(timezone.utc)
    assert [r.id for r in store.receipts("ana")] == [first.id, second.id]
    for receipt in (first, second):
        assert before <= datetime.fromisoformat(receipt.received_at) <= after
    assert store.content(first.id)[1] == b"one" and store.content(second.id)[1] == b"two"
    assert store.receipts("ben") == [] and store.content("h-nothing") is None
    assert first.sha256 == "7692c3ad3540bb803c020b3aee66cd8887123234ea0c6e7143c0add73ff431ed"  # sha256(b"one")


def test_the_limit_per_learner_refuses_the_next_and_keeps_the_rest(store):
    for n in range(3):
        store.add("ana", b"%d" % n, "", {}, limit=3)
    with pytest.raises(StoreFull):
        store.add("ana", b"more", "", {}, limit=3)
    assert store.count("ana") == 3
    store.add("ben", b"b", "", {}, limit=3)  # another learner is not held back
    assert store.count("ben") == 1


def test_refusals_are_counted_per_account_and_reason(store):
    for _ in range(5_000):
        store.refuse("ana", "too many")
    store.refuse("ana", "too large")
    counts = {(r.account, r.reason): r.count for r in store.refusals()}
    assert counts == {("ana", "too many"): 5_000, ("ana", "too large"): 1}  # two rows, not 5,001


def test_the_folder_and_file_are_private(tmp_path):
    opened = Store(tmp_path / "data")
    opened.close()
    assert stat.S_IMODE((tmp_path / "data").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "data" / DB_NAME).stat().st_mode) == 0o600


def test_a_reopened_store_has_every_hand_in(tmp_path):
    opened = Store(tmp_path / "data")
    receipt = opened.add("ana", b"kept", "", {}, limit=5)
    opened.close()
    again = Store(tmp_path / "data")
    assert [r.id for r in again.receipts()] == [receipt.id]
    again.close()


def test_concurrent_hand_ins_never_pass_the_limit(store):
    """Twenty threads, one learner, limit 7: exactly 7 kept, 13 refused (repeated to show no race)."""
    for round_ in range(10):
        account, refused = f"learner{round_}", []

        def hand_in() -> None:
            try:
                store.add(account, b"x", "", {}, limit=7)
            except StoreFull:
                refused.append(1)

        threads = [threading.Thread(target=hand_in) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert store.count(account) == 7 and len(refused) == 13
    times = [datetime.fromisoformat(r.received_at) for r in store.receipts()]
    assert times == sorted(times) and times[-1] - times[0] < timedelta(minutes=1)
