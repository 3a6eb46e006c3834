"""The one atomic writer (lessons.core.atomic_file): old file or new, never half of one; a unique temporary
name per write, so two writers of the same file at the same moment never share (or steal) one."""
from __future__ import annotations

import os
import stat
import threading

import pytest

from lessons.core import atomic_file
from lessons.core.learner_ids import current, save_current

ROUNDS = 300  # writes per thread: a shared temporary name is caught long before this (see the learner id test)


def _hammer(write, threads: int = 4) -> list[BaseException]:
    """Run ``write(n, k)`` ROUNDS times in each of ``threads`` threads at once; return what they raised."""
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def run(n: int) -> None:
        start.wait()
        for k in range(ROUNDS):
            try:
                write(n, k)
            except BaseException as exc:  # noqa: BLE001 - collected and asserted on below
                errors.append(exc)

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return errors


def test_writes_the_bytes_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "gradebook.csv"
    atomic_file.write_bytes(target, b"old")
    atomic_file.write_text(target, "new \u00e9")
    assert target.read_bytes() == "new \u00e9".encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["gradebook.csv"]


def test_mode_is_the_umask_default_unless_given(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_file.write_bytes(tmp_path / "plain", b"x")
        atomic_file.write_bytes(tmp_path / "private", b"x", mode=0o600)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "plain").stat().st_mode) == 0o640  # 0o666 less the umask, as open() gives
    assert stat.S_IMODE((tmp_path / "private").stat().st_mode) == 0o600


def test_a_failed_replacement_leaves_the_target_and_no_temporary_file(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()  # a folder where the file should go: os.replace cannot put a file there
    with pytest.raises(OSError):
        atomic_file.write_bytes(target, b"x")
    assert target.is_dir() and [p.name for p in tmp_path.iterdir()] == ["taken"]


def test_many_writers_of_one_file_at_once_never_fail_and_leave_one_whole_file(tmp_path):
    target = tmp_path / "shared.json"
    payloads = {(n, k): f'{{"writer": {n}, "round": {k}, "pad": "{"x" * 2000}"}}' for n in range(4) for k in range(ROUNDS)}
    errors = _hammer(lambda n, k: atomic_file.write_text(target, payloads[(n, k)]))
    assert errors == []
    assert target.read_text(encoding="utf-8") in payloads.values()
    assert [p.name for p in tmp_path.iterdir()] == ["shared.json"]


def test_two_kernels_saving_the_learner_at_once_never_collide(tmp_path):
    """The learner id file had one fixed temporary name ('current-learner.tmp'): a second writer truncated
    the first's, and the first's os.replace took it away from under the second (FileNotFoundError)."""
    errors = _hammer(lambda n, k: save_current(f"Learner {n}", tmp_path))
    assert errors == []
    assert current(tmp_path) in {(f"Learner {n}", f"learner-{n}") for n in range(4)}
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*.tmp"))
