"""The response store: learner ids, atomic saves, damaged files, two writers, kills at random moments."""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import signal
import time

import pytest

from lessons.core.answers_file import AnswersFileError, parse
from lessons.core.learner_ids import LearnerIdError, learner_id, save_current, current
from lessons.notebook.responses import ResponseStore


@pytest.mark.parametrize("name,ident", [("Ana Lopez", "ana-lopez"), ("  S-1024 ", "s-1024"), ("Ana López", "ana-lopez--"),
                                        ("O'Brien, Kate", "o-brien-kate--")])
def test_learner_ids(name, ident):
    assert learner_id(name) == ident if not ident.endswith("--") else learner_id(name).startswith(ident)


@pytest.mark.parametrize("bad,words", [
    ("a\x00b", "control character"), ("x" * 10_000, "10000 characters"), ("     ", "empty"), ("-- _", "no letters"),
])
def test_unsafe_names_get_a_clear_message(bad, words, isolated_answers):
    with pytest.raises(LearnerIdError, match=words.replace("(", r"\(")):
        ResponseStore(bad)
    assert not isolated_answers.exists() or all(p.parent == isolated_answers for p in isolated_answers.rglob("*"))


def test_current_learner_round_trip(isolated_answers):
    assert current() is None
    assert save_current("Ana López") == learner_id("Ana López")
    assert current() == ("Ana López", learner_id("Ana López"))


def test_record_restores_answers_attempts_and_times(isolated_answers):
    store = ResponseStore("Ana")
    store.record("01-agreement", "a01-what-ends", "x")
    store.record("01-agreement", "a01-what-ends", "The US combat mission in Iraq")
    again = ResponseStore("Ana").entries("01-agreement")["a01-what-ends"]
    assert again["answer"] == "The US combat mission in Iraq" and again["attempts"] == 2
    assert [h["answer"] for h in again["history"]] == ["x", "The US combat mission in Iraq"]
    assert not list(isolated_answers.glob("*.tmp"))
    parse(store.export_bytes())  # a saved file is a valid answers file to hand in


def test_damaged_file_is_moved_aside_not_overwritten(isolated_answers):
    store = ResponseStore("Ana")
    store.record("q", "a", 1)
    store.path.write_bytes(b'{"format": "lessons-submission", "quizzes": {tru')
    damaged = store.path.read_bytes()
    fresh = ResponseStore("Ana")
    saved = fresh.save_answer("q", "b", 2)
    aside = list(isolated_answers.glob("ana.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_bytes() == damaged
    assert "could not be read" in saved.notice and aside[0].name in saved.notice  # returned to the view
    assert fresh.entries("q") .keys() == {"b"}


def _writer(folder: str, quiz: str, n: int) -> None:
    os.environ["LESSONS_RESPONSES_DIR"] = folder
    store = ResponseStore("Same Learner")
    for i in range(n):
        store.record(quiz, f"q{i}", i)


def test_two_processes_lose_nothing(isolated_answers):
    ctx = mp.get_context("fork")
    procs = [ctx.Process(target=_writer, args=(str(isolated_answers), quiz, 60)) for quiz in ("one", "two")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    doc = ResponseStore("Same Learner").load()
    assert len(doc["quizzes"]["one"]) == 60 and len(doc["quizzes"]["two"]) == 60


def _acknowledging_writer(folder: str, pipe) -> None:
    os.environ["LESSONS_RESPONSES_DIR"] = folder
    store = ResponseStore("Killed")
    i = 0
    while True:
        store.record("k", f"q{i}", i)
        pipe.send(i)  # acknowledged: record() returned
        i += 1


def test_sigkill_at_random_moments_never_loses_an_acknowledged_answer(isolated_answers):
    ctx = mp.get_context("fork")
    rng = random.Random(2021)
    acknowledged: set[int] = set()
    kills = 0
    for round_ in range(200):
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_acknowledging_writer, args=(str(isolated_answers), child))
        proc.start()
        child.close()
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join()
        kills += proc.exitcode == -signal.SIGKILL
        while parent.poll():
            try:
                acknowledged.add(f"{round_}:{parent.recv()}")
            except EOFError:
                break
        doc = json.loads((isolated_answers / "killed.json").read_text()) if (isolated_answers / "killed.json").exists() else {"quizzes": {}}
        saved = doc["quizzes"].get("k", {})
        # each round restarts numbering, so the file holds, for every i acknowledged this round, q{i}
        for tag in [a for a in acknowledged if a.startswith(f"{round_}:")]:
            assert f"q{tag.split(':')[1]}" in saved, (round_, tag)
    assert kills == 200
    assert acknowledged, "the writer never got to acknowledge an answer"


def test_merge_takes_newer_entries(isolated_answers, tmp_path):
    a = ResponseStore("Ana")
    a.record("q", "x", "old", when="2026-01-01T00:00:00.000+00:00")
    other = json.loads(a.export_bytes())
    other["quizzes"]["q"]["x"] = {"answer": "new", "attempts": 3, "last_at": "2026-02-01T00:00:00.000+00:00"}
    other["quizzes"]["q"]["y"] = {"answer": "y", "attempts": 1, "last_at": "2026-02-01T00:00:00.000+00:00"}
    assert a.merge(other) == 2
    assert a.entries("q")["x"]["answer"] == "new"


@pytest.mark.parametrize("raw,words", [
    (b"", "empty"), (b"\xff\xfe", "not UTF-8"), (b"{not json", "not valid JSON"), (b"[]", "not an answers file"),
    (json.dumps({"format": "lessons-submission", "schema_version": 2}).encode(), "version 2"),
])
def test_bad_handin_files_are_explained(raw, words):
    with pytest.raises(AnswersFileError, match=words):
        parse(raw, "answers.json")
