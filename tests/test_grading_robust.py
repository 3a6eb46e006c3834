"""Any pile of files: one file's fault is that file's line in problems.csv, everyone else is graded (issue 14, 1-10).

Each test grades the pinned fixture's six learners plus one bad file, in-process through ``lessons.cli.main``,
and checks that the bad file has a problem line naming the field, the six are graded as always, and the exit
status says there were problems.
"""
from __future__ import annotations

import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from lessons.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pinned-course"
KEY = FIXTURE / "quizzes"
SIX = ["ann", "ben", "cat", "dan", "eve", "fay"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def class_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "handins"
    shutil.copytree(FIXTURE / "handins", folder)
    return folder


def good_doc(ident: str = "zed", name: str = "Zed Zane") -> dict:
    doc = json.loads((FIXTURE / "handins" / "ann-answers.json").read_text(encoding="utf-8"))
    doc["learner"] = {"id": ident, "name": name}
    return doc


def grade_folder(tmp_path: Path, capsys, *paths: Path, extra: tuple[str, ...] = ()) -> tuple[int, Path, str]:
    out = tmp_path / "out"
    status = main(["grade", *map(str, paths), "--key", str(KEY), "--out", str(out), "--policy", "best",
                   "--no-report", *extra])
    return status, out, capsys.readouterr().err


def problems_of(out: Path) -> list[dict]:
    return read_csv(out / "problems.csv")


def graded_ids(out: Path) -> list[str]:
    return [r["learner_id"] for r in read_csv(out / "gradebook.csv")]


def test_finding_1_a_very_deeply_nested_file_is_a_problem_line(tmp_path, capsys):
    folder = class_folder(tmp_path)
    (folder / "deep.json").write_bytes(b"[" * 100_000 + b"]" * 100_000)
    doc = good_doc()
    text = json.dumps(doc).replace('"answer": "Green"', '"answer": ' + "[" * 50_000 + "]" * 50_000, 1)
    (folder / "deep-answer.json").write_text(text, encoding="utf-8")
    status, out, err = grade_folder(tmp_path, capsys, folder)
    assert status == 3
    reasons = {Path(p["file"]).name: p["reason"] for p in problems_of(out)}
    assert "nested too deeply" in reasons["deep.json"] and "nested too deeply" in reasons["deep-answer.json"]
    assert graded_ids(out) == SIX
    assert "deep.json" in err


@pytest.mark.parametrize("kind_qid, answer, field_word", [
    ("pinned-b/o1", [None, "p", "q"], "order"),
    ("pinned-b/o1", [["p"], "q", "r"], "order"),
    ("pinned-b/o1", ["p", "q", 3], "order"),
    ("pinned-a/m1", [["a"], {"b": 1}], "multiple"),
    ("pinned-a/s1", {"Green": True}, "single"),
    ("pinned-a/n1", [2500], "number"),
    ("pinned-a/n1", "9" * 5000, "number"),
    ("pinned-b/c1", {"x": ["fact"], "y": None}, "classify"),
    ("pinned-b/k1", ["u", "U"], "match"),
    ("pinned-a/t1", "true", "truefalse"),
    ("pinned-a/w1", {"text": "hello"}, "text"),
])
def test_finding_2_any_json_value_as_an_answer_is_a_problem_line_not_a_crash(tmp_path, capsys, kind_qid, answer,
                                                                             field_word):
    quiz, qid = kind_qid.split("/")
    folder = class_folder(tmp_path)
    doc = good_doc()
    doc["quizzes"][quiz][qid] = {"answer": answer, "attempts": 1}
    (folder / "odd.json").write_text(json.dumps(doc), encoding="utf-8")
    status, out, err = grade_folder(tmp_path, capsys, folder)
    assert status == 3
    (line,) = [p for p in problems_of(out) if p["file"].endswith("odd.json")]
    assert line["learner"] == "zed" and line["question"] == qid
    assert "'answer'" in line["reason"] and field_word in line["reason"] and "scored 0" in line["reason"]
    assert graded_ids(out) == [*SIX, "zed"]
    zed = next(r for r in read_csv(out / "gradebook.csv") if r["learner_id"] == "zed")
    assert zed["status"] == "graded with problems"


def test_finding_2_history_entries_are_checked_too(tmp_path, capsys):
    folder = class_folder(tmp_path)
    doc = good_doc()
    doc["quizzes"]["pinned-b"]["o1"]["history"] = [{"answer": [None, None, None], "at": "x"},
                                                   {"answer": ["p", "q", "r"], "at": "y"}]
    (folder / "odd.json").write_text(json.dumps(doc), encoding="utf-8")
    status, out, _ = grade_folder(tmp_path, capsys, folder)
    (line,) = [p for p in problems_of(out) if p["file"].endswith("odd.json")]
    assert "history[0]" in line["reason"] and status == 3


def _write_key(folder: Path, questions: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "01-only.yaml").write_text(
        "quiz: only\ntitle: Only\nlesson: '01'\nquestions:\n" + questions, encoding="utf-8")
    return folder


WRITTEN = """  - id: essay
    kind: text
    prompt: "Write about it."
    explanation: "Points to make."
    objective: 1
    level: evaluate
    source: "P1"
"""
ZERO_SINGLE = """  - id: free
    kind: single
    prompt: "A question worth nothing."
    options: ["Yes", "No"]
    answer: "Yes"
    points: 0
    explanation: "Just practice."
    objective: 1
    level: remember
    source: "P1"
"""


@pytest.mark.parametrize("questions", [WRITTEN, ZERO_SINGLE, WRITTEN + ZERO_SINGLE], ids=["written", "zero", "both"])
def test_finding_3_a_key_worth_zero_points_grades_and_reports(tmp_path, capsys, questions):
    key = _write_key(tmp_path / "key", questions)
    doc = good_doc("amy", "Amy")
    doc["quizzes"] = {"only": {"essay": {"answer": "My view.", "attempts": 1}, "free": {"answer": "No", "attempts": 1}}}
    if "free" not in questions:
        del doc["quizzes"]["only"]["free"]
    if "essay" not in questions:
        del doc["quizzes"]["only"]["essay"]
    (tmp_path / "amy.json").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    status = main(["grade", str(tmp_path / "amy.json"), "--key", str(key), "--out", str(out), "--feedback",
                   "--lms", "moodle"])
    assert status == 0, capsys.readouterr().err
    (row,) = read_csv(out / "gradebook.csv")
    # the essay's 1 point (written) is in the maximum, marked or not (issue 25); unmarked, it is 'to mark'
    assert (row["total"], row["max"], row["to_mark"]) == ("0", *(("1", "1") if "essay" in questions else ("0", "0")))
    assert (out / "report.html").stat().st_size > 1000
    items = read_csv(out / "items.csv")
    assert all(i["share_correct"] == "" and i["discrimination"] == "" for i in items)


EVIL = ['=HYPERLINK("http://example.com","click")', "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1", "-2+3",
        "\t=1+1", "\r=1+1"]


def test_finding_4_spreadsheet_formulas_from_hand_ins_are_neutralised_in_every_csv(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # so that file names in problems.csv and gradebook.csv start with the folder's '='
    folder = Path("=cmd|' calc'!A0")
    folder.mkdir()
    for n, evil in enumerate(EVIL):
        doc = good_doc(f"evil-{n}", evil)
        doc["quizzes"]["pinned-a"]["w1"] = {"answer": evil, "attempts": 1}
        doc["quizzes"][f"=unknown{n}"] = {"q": {"answer": 1, "attempts": 1}}
        (folder / f"{n}.json").write_text(json.dumps(doc), encoding="utf-8")
    out = tmp_path / "out"
    status = main(["grade", str(folder), "--key", str(KEY), "--out", str(out), "--no-report",
                   "--lms", "moodle"])
    marks_status = main(["marks", str(folder), "--key", str(KEY), "--out", str(tmp_path / "marks.csv")])
    assert status == 3 and marks_status in (0, 3)
    written = [out / "gradebook.csv", out / "items.csv", out / "problems.csv", out / "gradebook-moodle.csv",
               tmp_path / "marks.csv"]
    names_seen = 0
    for path in written:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(FORMULA_START) or _is_number(cell), (path.name, cell)
                    names_seen += cell.lstrip("'") in EVIL
    assert names_seen >= 3 * len(EVIL)  # gradebook, Moodle export and marks sheet keep the text, made harmless


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def test_finding_5_a_hand_in_for_another_course_is_a_problem_line(tmp_path, capsys):
    folder = class_folder(tmp_path)
    doc = good_doc()
    doc["course"] = "another-course"
    (folder / "other.json").write_text(json.dumps(doc), encoding="utf-8")
    status, out, _ = grade_folder(tmp_path, capsys, folder)
    assert status == 3
    (line,) = problems_of(out)
    assert line["file"].endswith("other.json")
    assert "'course'" in line["reason"] and "another-course" in line["reason"] and "pinned-mini" in line["reason"]
    assert graded_ids(out) == SIX


def test_finding_6_a_zip_inside_a_zip_is_reported(tmp_path, capsys):
    inner = tmp_path / "inner.zip"
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("zed.json", json.dumps(good_doc()))
    outer = tmp_path / "class.zip"
    with zipfile.ZipFile(outer, "w") as z:
        for path in sorted((FIXTURE / "handins").glob("*.json")):
            z.write(path, f"class/{path.name}")
        z.write(inner, "class/late/inner.zip")
    status, out, _ = grade_folder(tmp_path, capsys, outer)
    assert status == 3
    (line,) = problems_of(out)
    assert line["file"].endswith("inner.zip") and "zip" in line["reason"]
    assert graded_ids(out) == SIX


@pytest.mark.parametrize("attempts, word", [(-5, "-5"), (1.5, "1.5"), ("2", "'2'"), (None, "None")])
def test_finding_7_a_bad_attempts_count_is_named_as_such(tmp_path, capsys, attempts, word):
    folder = class_folder(tmp_path)
    doc = good_doc()
    doc["quizzes"]["pinned-a"]["s1"]["attempts"] = attempts
    (folder / "odd.json").write_text(json.dumps(doc), encoding="utf-8")
    status, out, _ = grade_folder(tmp_path, capsys, folder)
    (line,) = problems_of(out)
    assert "'attempts'" in line["reason"] and word in line["reason"] and "wrong type" not in line["reason"]
    assert line["question"] == "s1" and status == 3


def test_finding_8_a_file_with_a_utf8_byte_order_mark_is_read(tmp_path, capsys):
    folder = class_folder(tmp_path)
    (folder / "notepad.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(good_doc()).encode("utf-8"))
    status, out, err = grade_folder(tmp_path, capsys, folder)
    assert status == 0, err
    assert graded_ids(out) == [*SIX, "zed"]


def test_finding_9_symbolic_links_are_listed_not_followed(tmp_path, capsys):
    folder = class_folder(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "zed.json").write_text(json.dumps(good_doc()), encoding="utf-8")
    (folder / "link.json").symlink_to(outside / "zed.json")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    status, out, _ = grade_folder(tmp_path, capsys, folder)
    assert status == 3
    lines = {Path(p["file"]).name: p["reason"] for p in problems_of(out)}
    assert set(lines) == {"link.json", "linked-folder"}
    assert all("symbolic link" in reason and "not followed" in reason for reason in lines.values())
    assert graded_ids(out) == SIX


def test_finding_10_an_empty_folder_exits_non_zero_and_says_what_it_looked_for(tmp_path, capsys):
    empty = tmp_path / "submissions"
    empty.mkdir()
    (empty / "notes.txt").write_text("not an answers file", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "gradebook.csv").write_text("earlier results\n", encoding="utf-8")
    status = main(["grade", str(empty), "--key", str(KEY), "--out", str(out)])
    err = capsys.readouterr().err
    assert status != 0 and status != 3
    assert "no answers files" in err and ".json" in err and ".zip" in err and str(empty) in err
    assert (out / "gradebook.csv").read_text(encoding="utf-8") == "earlier results\n"  # nothing overwritten


def test_a_number_too_long_for_python_is_a_problem_not_a_crash(tmp_path, capsys):
    folder = class_folder(tmp_path)
    text = json.dumps(good_doc()).replace('"attempts": 1', '"attempts": ' + "9" * 5000, 1)
    (folder / "long.json").write_text(text, encoding="utf-8")
    status, out, _ = grade_folder(tmp_path, capsys, folder)
    (line,) = problems_of(out)
    assert line["file"].endswith("long.json") and status == 3
    assert graded_ids(out) == SIX


def test_archive_and_size_limits_are_problem_lines(tmp_path, capsys, monkeypatch):
    import lessons.teacher.grading.inputs as inputs

    good = json.dumps(good_doc()).encode()
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(tmp_path / "many.zip", "w") as z:
        for n in range(5):
            z.writestr(f"{n}.json", good)
    with zipfile.ZipFile(tmp_path / "mixed.zip", "w") as z:
        z.writestr("notes.txt", "not an answers file: counted and listed (issue 25)")
        z.writestr("big.json", good + b" " * 200)
        z.writestr("a.json", good)
        z.writestr("b.json", good)
    (tmp_path / "big-plain.json").write_bytes(good + b" " * 200)
    monkeypatch.setattr(inputs, "MAX_ZIP_MEMBERS", 4)
    monkeypatch.setattr(inputs, "MAX_BYTES", len(good) + 100)
    monkeypatch.setattr(inputs, "MAX_ZIP_TOTAL", len(good) + 10)
    status, out, _ = grade_folder(tmp_path, capsys, *(tmp_path / n for n in
                                                      ("broken.zip", "many.zip", "mixed.zip", "big-plain.json")))
    assert status == 3
    reasons = {Path(p["file"]).name: p["reason"] for p in problems_of(out)}
    assert "not a readable zip archive" in reasons["broken.zip"]
    assert "archive holds 5 files (limit 4)" in reasons["many.zip"]
    assert "over the" in reasons["mixed.zip!big.json"] and "over the" in reasons["big-plain.json"]
    assert "archive expands past" in reasons["mixed.zip!b.json"]
    assert "not an answers file" in reasons["mixed.zip!notes.txt"]
    assert graded_ids(out) == ["zed"]  # mixed.zip's a.json, the one member within every limit
