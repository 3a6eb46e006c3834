"""`lessons grade`, `lessons release`, `lessons key`: real files, real processes, every kind of bad input."""
from __future__ import annotations

import contextlib
import csv
import io
import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from lessons.cli import main
from lessons.teacher.grading import GradeRequest, grade, item_statistics
from lessons.core.quizbank import load_all
from lessons.teacher.printed_keys import answer_letters
from lessons.core.scoring import correct_answer_text
from synthetic import synthetic_answers_file, write_answers_files

BANKS = load_all()


def lessons(*args) -> subprocess.CompletedProcess:
    """`lessons ARGS` run in this process (so coverage sees the teacher tools), reported like a subprocess."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([*args])
        except SystemExit as exc:  # argparse's own exits (bad arguments, --help)
            code = exc.code if isinstance(exc.code, int) else 2
    return subprocess.CompletedProcess(["lessons", *args], code, out.getvalue(), err.getvalue())


def lessons_process(*args) -> subprocess.CompletedProcess:
    """`lessons ARGS` as a real process (the installed entry point, as a teacher runs it)."""
    return subprocess.run([sys.executable, "-m", "lessons", *args], capture_output=True, text=True)


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def perfect(n: int = 1, name: str | None = None) -> dict:
    doc = synthetic_answers_file(BANKS, n, random.Random(n), skill=1.0)
    if name:
        doc["learner"]["name"] = name
    return doc


def test_perfect_submission_scores_full_marks_and_ignores_correct_flags(tmp_path):
    doc = perfect()
    for entries in doc["quizzes"].values():
        for entry in entries.values():
            entry["correct"] = False  # a flag in the file must never change the grade
    book = grade(GradeRequest([_write(tmp_path / "a.json", doc)], BANKS))
    expected = sum(q.points for b in BANKS for q in b.questions if q.auto_scored and q.id in doc["quizzes"][b.quiz])
    assert book.results[0].total == pytest.approx(expected)


def test_a_lie_about_correctness_does_not_help(tmp_path):
    doc = perfect()
    q = BANKS[1].questions[0]
    doc["quizzes"][BANKS[1].quiz][q.id] = {"answer": "All US military presence in Iraq", "attempts": 1, "correct": True}
    book = grade(GradeRequest([_write(tmp_path / "a.json", doc)], BANKS, policy="last"))
    assert book.results[0].scores[book.index[(BANKS[1].quiz, q.id)]] == 0


def test_policies_first_best_last(tmp_path):
    q = BANKS[1].question("a01-what-ends")
    doc = perfect()
    doc["quizzes"]["01-agreement"] = {q.id: {"answer": "Advising", "attempts": 3, "history": [
        {"answer": "All US military presence in Iraq", "at": "1"}, {"answer": q.answer, "at": "2"},
        {"answer": "US training of Iraqi forces", "at": "3"}]}}
    path = _write(tmp_path / "a.json", doc)
    def score(policy):
        book = grade(GradeRequest([path], BANKS, policy))
        return book.results[0].scores[book.index[("01-agreement", q.id)]]
    scores = {p: score(p) for p in ("first", "best", "last")}
    assert scores == {"first": 0, "best": 1, "last": 0}


def _write(path: Path, doc) -> Path:
    path.write_bytes(doc if isinstance(doc, bytes) else json.dumps(doc).encode())
    return path


def test_every_kind_of_bad_input_is_listed_and_the_rest_graded(tmp_path):
    [_write(tmp_path / f"good{i}.json", perfect(i)) for i in range(3)]
    other = perfect(7)
    other["schema_version"] = 2
    unknown = perfect(8)
    unknown["quizzes"]["99-nope"] = {"x": {"answer": 1, "attempts": 1}}
    unknown["quizzes"]["01-agreement"]["no-such-question"] = {"answer": "a", "attempts": 1}
    wrong_type = perfect(9)
    wrong_type["quizzes"]["01-agreement"]["a01-troop-cap"]["answer"] = ["not", "a", "bool"]
    duplicate = perfect(0)
    duplicate["saved_at"] = "2020-01-01T00:00:00.000+00:00"  # older than good0
    bad = {
        "notjson.json": b"{this is not json", "empty.json": b"", "latin1.json": "{\"é\": 1}".encode("latin-1"),
        "huge.json": b" " * 5_000_001, "version2.json": other, "unknown.json": unknown, "types.json": wrong_type,
        "dup.json": duplicate, "badshape.json": {"format": "lessons-submission", "schema_version": 1},
    }
    for name, doc in bad.items():
        _write(tmp_path / name, doc)
    out = tmp_path / "out"
    run = lessons_process("grade", str(tmp_path), "--out", str(out), "--no-report")
    assert run.returncode == 3, run.stderr
    problems = read_csv(out / "problems.csv")
    reasons = {Path(p["file"]).name: p["reason"] for p in problems}
    assert "not valid JSON" in reasons["notjson.json"]
    assert "empty" in reasons["empty.json"]
    assert "not UTF-8" in reasons["latin1.json"]
    assert "over the" in reasons["huge.json"]
    assert "version 2" in reasons["version2.json"]
    assert "second file for learner 'learner-00000'" in reasons["dup.json"]
    assert "field" in reasons["badshape.json"] or "learner" in reasons["badshape.json"]
    unknown_rows = [p for p in problems if p["file"].endswith("unknown.json")]
    assert {"unknown quiz id '99-nope'; its answers were ignored", "unknown question id in quiz 01-agreement; ignored"} <= {p["reason"] for p in unknown_rows}
    assert any(p["question"] == "a01-troop-cap" and "wrong type" in p["reason"] for p in problems)
    book = read_csv(out / "gradebook.csv")
    ids = {r["learner_id"]: r for r in book}
    assert set(ids) == {"learner-00000", "learner-00001", "learner-00002", "learner-00008", "learner-00009"}
    assert ids["learner-00008"]["status"] == "graded with problems" and ids["learner-00001"]["status"] == "graded"
    assert "problem:" in run.stderr


def test_learner_with_no_answers_and_quiz_nobody_answered(tmp_path):
    empty = perfect(1)
    empty["quizzes"] = {}
    docs = [perfect(2), perfect(3)]
    for d in docs:
        d["quizzes"].pop("05-analogies")
    for i, d in enumerate([empty, *docs]):
        _write(tmp_path / f"{i}.json", d)
    out = tmp_path / "out"
    assert lessons("grade", str(tmp_path), "--out", str(out)).returncode == 0
    rows = {r["learner_id"]: r for r in read_csv(out / "gradebook.csv")}
    assert rows["learner-00001"]["status"] == "no answers" and rows["learner-00001"]["total"] == "0"
    items = [r for r in read_csv(out / "items.csv") if r["quiz"] == "05-analogies"]
    assert items and all(r["answered"] == "0" and r["share_correct"] == "" for r in items)
    assert (out / "report.html").stat().st_size > 10_000


def test_names_are_escaped_in_the_report_and_ids_are_safe_in_feedback(tmp_path):
    doc = perfect(4, name="<script>alert(1)</script>")
    _write(tmp_path / "x.json", doc)
    out = tmp_path / "out"
    assert lessons("grade", str(tmp_path / "x.json"), "--out", str(out), "--feedback", "--lms", "moodle").returncode == 0
    report = (out / "report.html").read_text()
    assert "<script>alert" not in report and "&lt;script&gt;" in report
    assert (out / "feedback" / "learner-00004.md").exists()
    moodle = read_csv(out / "gradebook-moodle.csv")
    assert moodle[0]["ID number"] == "learner-00004" and "07-workshop" in moodle[0]


def test_zip_archives_path_escapes_and_bombs(tmp_path):
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("ok/a.json", json.dumps(perfect(1)))
        z.writestr("../../escape.json", json.dumps(perfect(2)))
        z.writestr("/abs.json", json.dumps(perfect(3)))
        z.writestr("bomb.json", b"0" * 4_000_000)
    out = tmp_path / "out"
    run = lessons("grade", str(archive), "--out", str(out), "--no-report")
    assert run.returncode == 3
    reasons = [p["reason"] for p in read_csv(out / "problems.csv")]
    assert sum("unsafe path" in r for r in reasons) == 2
    assert any("zip bomb" in r for r in reasons)
    assert [r["learner_id"] for r in read_csv(out / "gradebook.csv")] == ["learner-00001"]
    assert not (tmp_path.parent / "escape.json").exists()


def test_item_statistics_discriminate(tmp_path):
    write_answers_files(BANKS, tmp_path, 60)
    book = grade(GradeRequest([tmp_path], BANKS))
    items = item_statistics(book)
    discs = [i["discrimination"] for i in items if i["discrimination"] != ""]
    assert len(book.results) == 60 and sum(d > 0 for d in discs) > 0.8 * len(discs)


def test_release_holds_no_answer_or_explanation_of_an_assessed_quiz(tmp_path):
    out = tmp_path / "release"
    run = lessons("release", "--assessment", str(out))
    assert run.returncode == 0, run.stderr
    assessed = {"07-workshop"}  # course.yaml: assessment quizzes ["07"]
    text = "\n".join(p.read_text(encoding="utf-8") for p in (out / "course" / "quizzes").glob("*.yaml"))
    for bank in BANKS:
        for q in bank.questions:
            if bank.quiz not in assessed:
                assert q.explanation in text, q.id  # practice quizzes keep their feedback
                continue
            assert q.explanation not in text, q.id
            if q.model_answer:
                assert q.model_answer not in text
            if q.kind in ("match", "classify", "order"):
                assert correct_answer_text(q) not in text
    for path in (out / "course" / "quizzes").glob("*.yaml"):
        data = yaml.safe_load(path.read_text())
        if data["quiz"] in assessed:
            assert (data["mode"], data["scoring"], data["assessment"]) == ("assessment", "last", "2021-final")
            assert all("answer" not in q and "explanation" not in q for q in data["questions"])
        else:
            assert data.get("mode", "practice") == "practice"
    assert (out / "notebooks" / "01-agreement.ipynb").exists()
    # a notebook opened from the release finds the release's banks, the assessed one in assessment mode
    probe = lessons_probe(out / "notebooks")
    assert probe == ["assessment", str(out / "course")]
    assert lessons("release", "--assessment", str(out)).returncode == 2        # no silent overwrite
    assert lessons("release", "--assessment", str(out), "--force").returncode == 0
    # grading refuses the release as the key of the assessed quiz (practice quizzes still grade from it)
    assert lessons("grade", str(tmp_path), "--out", str(tmp_path / "g"), "--key", str(out / "course" / "quizzes"),
                   "--assessment").returncode == 2


def lessons_probe(cwd: Path) -> list[str]:
    code = "from lessons.core.quizbank import find_bank; from lessons.core.paths import course_dir; print(find_bank('07').mode); print(course_dir())"
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True).stdout.split()


def test_keys_and_handouts_match_the_banks(tmp_path):
    assert lessons("key", "--out", str(tmp_path / "keys")).returncode == 0
    for bank in BANKS:
        key = (tmp_path / "keys" / f"key-{bank.path.stem}.md").read_text()
        handout = (tmp_path / "keys" / f"handout-{bank.path.stem}.md").read_text()
        for q in bank.questions:
            assert q.prompt in key and q.prompt in handout
            assert answer_letters(q) in key
            assert q.explanation not in handout
            if q.kind in ("match", "classify", "order"):
                assert correct_answer_text(q) not in handout
    assert lessons("key", "--out", str(tmp_path / "html"), "--format", "html").returncode == 0
    assert "<html" in (tmp_path / "html" / "handout-01-agreement.html").read_text()


def test_two_processes_grade_exactly_like_one(tmp_path, monkeypatch):
    import lessons.teacher.grading.run as grading  # where the threshold lives

    write_answers_files(BANKS, tmp_path / "subs", 40)
    dup = json.loads((tmp_path / "subs" / "learner-00003-answers.json").read_text())
    dup["saved_at"] = "2026-11-29T00:00:00.000+00:00"  # newer than the others (a time in the future never wins)
    _write(tmp_path / "subs" / "zz-dup.json", dup)
    serial = grade(GradeRequest([tmp_path / "subs"], BANKS, workers=1))
    monkeypatch.setattr(grading, "PARALLEL_FROM", 10)
    parallel = grade(GradeRequest([tmp_path / "subs"], BANKS, workers=2))
    assert [(r.learner_id, r.total, r.file) for r in serial.results] == [(r.learner_id, r.total, r.file) for r in parallel.results]
    assert item_statistics(serial) == item_statistics(parallel)
    assert sorted((p.file, p.reason) for p in serial.problems) == sorted((p.file, p.reason) for p in parallel.problems)
    assert any("zz-dup.json" in r.file for r in parallel.results)


def test_grading_one_quiz_only(tmp_path):
    _write(tmp_path / "a.json", perfect(1))
    out = tmp_path / "out"
    assert lessons("grade", str(tmp_path / "a.json"), "--out", str(out), "--quiz", "07", "--no-report").returncode == 0
    (row,) = read_csv(out / "gradebook.csv")
    b07 = load_all()[-1]  # its maximum: the machine-marked points and the written ones (to mark), 9 + 4 = 13
    assert "01-agreement" not in row and row["max"] == f"{b07.max_points + sum(q.points for q in b07.questions if not q.auto_scored):g}" == "13"
    assert read_csv(out / "problems.csv") == []
    assert lessons("grade", str(tmp_path), "--out", str(out), "--quiz", "99").returncode == 2
