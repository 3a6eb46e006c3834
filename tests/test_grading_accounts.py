"""Grading keyed by account (lessons.teacher.grading.accounts): in a collected folder the learner is the
account in collected.csv, never the learner typed in the file.

The key and answers are the pinned fixture's (tests/test_grading_pinned.py works the scores out by hand;
under --policy last: ann 14 of 14, ben 5, cat 1).
"""
from __future__ import annotations

import csv
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from lessons.cli import main
from lessons.exchange.collection import HandIn, write_collection

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pinned-course"
KEY = FIXTURE / "quizzes"
WHEN = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)


def answers(learner: str, typed_id: str | None = None, typed_name: str | None = None,
            handed_in_at: str | None = None) -> bytes:
    """A fixture learner's answers, with the learner typed in the file replaced (a forgery) when asked."""
    doc = json.loads((FIXTURE / "handins" / f"{learner}-answers.json").read_text(encoding="utf-8"))
    if typed_id is not None:
        doc["learner"] = {"id": typed_id, "name": typed_name}
        doc["saved_at"] = "2026-11-29T23:59:00.000+00:00"  # later than the fixture's: a choice by saved_at takes it
    if handed_in_at:
        doc["handed_in_at"] = handed_in_at
    return json.dumps(doc).encode()


def collect(out: Path, items: list[tuple[str, bytes]]) -> Path:
    write_collection(out, [HandIn(account, WHEN, data, account) for account, data in items], None)
    return out


def grade(tmp_path: Path, capsys, *folders: Path) -> tuple[int, dict, list[str], str]:
    out = tmp_path / "results"
    code = main(["grade", *map(str, folders), "--key", str(KEY), "--out", str(out), "--policy", "last",
                 "--no-report"])
    printed = capsys.readouterr().out
    with (out / "gradebook.csv").open(encoding="utf-8", newline="") as handle:
        book = {r["learner_id"]: r for r in csv.DictReader(handle)}
    with (out / "problems.csv").open(encoding="utf-8", newline="") as handle:
        problems = [r["reason"] for r in csv.DictReader(handle)]
    return code, book, problems, printed


def test_a_forger_naming_a_classmate_is_graded_as_the_forger(tmp_path, capsys):
    # account mal hands in cat's (wrong) answers under ann's typed id and name, with a forged early time;
    # account ann hands in her own. ann keeps her 14; mal gets cat's 1, shown beside the name he typed.
    folder = collect(tmp_path / "handins", [("ann", answers("ann")),
                                            ("mal", answers("cat", "ann", "Ann Archer", "2026-11-01T00:00:00Z"))])
    code, book, problems, printed = grade(tmp_path, capsys, folder)
    assert code == 3
    assert {k: (r["total"], Path(r["file"]).name) for k, r in book.items()} == {"ann": ("14", "ann.json"),
                                                                              "mal": ("1", "mal.json")}
    assert {k: (r["total"], r["name"], r["identity"]) for k, r in book.items()} == {
        "ann": ("14", "Ann Archer", "account"), "mal": ("1", "Ann Archer", "account")}
    assert problems == ["handed in by account 'mal' but names 'ann' (typed learner 'Ann Archer'): graded as mal"]
    assert "all 2 learner(s) from the account that handed in" in printed


def test_two_accounts_typing_one_name_are_each_graded_as_themselves(tmp_path, capsys):
    # u1 (ann's answers: 14) and u2 (ben's: 5) both type "Ann Archer" (id ann, no account of that name)
    folder = collect(tmp_path / "handins", [("u1", answers("ann")), ("u2", answers("ben", "ann", "Ann Archer"))])
    code, book, problems, _ = grade(tmp_path, capsys, folder)
    assert {k: r["total"] for k, r in book.items()} == {"u1": "14", "u2": "5"}
    assert sorted(problems) == [
        "handed in by account 'u1' but names 'Ann Archer', as the file of account 'u2' does: graded as u1",
        "handed in by account 'u2' but names 'Ann Archer', as the file of account 'u1' does: graded as u2"]


def test_one_account_in_two_collections_is_never_a_silent_choice(tmp_path, capsys):
    first = collect(tmp_path / "monday", [("ann", answers("ann")), ("cat", answers("cat"))])
    second = collect(tmp_path / "tuesday", [("ann", answers("ben", "ann", "Ann Archer"))])
    code, book, problems, _ = grade(tmp_path, capsys, first, second)
    assert code == 3 and set(book) == {"cat"}  # ann: two files, neither graded; cat: 1
    assert len(problems) == 2 and all("account 'ann' has 2 collected files" in p and "none graded" in p
                                      for p in problems)


def test_a_file_added_to_a_collection_by_hand_is_not_graded(tmp_path, capsys):
    folder = collect(tmp_path / "handins", [("ann", answers("ann"))])
    (folder / "extra.json").write_bytes(answers("cat"))
    code, book, problems, _ = grade(tmp_path, capsys, folder)
    assert set(book) == {"ann"} and code == 3
    assert problems == ["not listed in its folder's collected.csv: not graded (a file added by hand to a "
                        "collection? collect again into a new folder)"]


def test_folders_collected_by_hand_keep_typed_ids_and_say_they_are_not_verified(tmp_path, capsys):
    loose = tmp_path / "downloads"
    loose.mkdir()
    for learner in ("ann", "cat"):
        shutil.copy(FIXTURE / "handins" / f"{learner}-answers.json", loose)
    code, book, problems, printed = grade(tmp_path, capsys, loose)
    assert code == 0 and problems == []
    assert {k: (r["total"], r["identity"]) for k, r in book.items()} == {
        "ann": ("14", "typed, not verified"), "cat": ("1", "typed, not verified")}
    assert "0 learner(s) from the account that handed in (collected.csv); 2 as typed in the file, not verified" \
        in printed


def test_a_hand_collected_file_cannot_take_an_account_graded_from_a_collection(tmp_path, capsys):
    folder = collect(tmp_path / "handins", [("ann", answers("ann"))])
    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "forged.json").write_bytes(answers("cat", "ann", "Ann Archer"))
    code, book, problems, _ = grade(tmp_path, capsys, folder, loose)
    assert {k: r["total"] for k, r in book.items()} == {"ann": "14"}
    assert len(problems) == 1 and "an account graded from collected.csv" in problems[0]


# A collected folder arrives from outside too: whatever its manifest holds, grading never raises.
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MANIFEST_LINES = st.lists(st.lists(st.text(max_size=12) | st.sampled_from(["ann", "ann.json", "yes", "no", "x.json"]),
                                   max_size=7).map(lambda cells: ",".join(cells)), max_size=6)


LONG = os.environ.get("LESSONS_HYPOTHESIS") == "long"


@settings(max_examples=2000 if LONG else 40, derandomize=not LONG, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(header=st.sampled_from(["account,file,received_at,late,hand_ins,sha256", "account,file", "", "user,file"]),
       lines=MANIFEST_LINES, raw=st.binary(max_size=200), use_raw=st.booleans())
def test_any_manifest_never_raises(tmp_path, header, lines, raw, use_raw):
    from lessons.core.quizbank import load_all
    from lessons.teacher.grading import GradeRequest, grade

    folder = tmp_path / "any"
    folder.mkdir(exist_ok=True)
    (folder / "ann.json").write_bytes(answers("ann"))
    (folder / "collected.csv").write_bytes(raw if use_raw else "\n".join([header, *lines]).encode("utf-8", "replace"))
    book = grade(GradeRequest([folder], load_all(KEY), policy="last"))
    # ann's file is graded (as an account or as typed) or listed as a problem, never lost silently
    assert len(book.results) + len({p.file for p in book.problems}) >= 1
