"""A hostile pile (issue 25): names with a right-to-left override, UTF-16, NaN, a 4.9 MB answer, a file with
10,000 unknown question ids, a zip of 20,000 members nearly all not answers files, times like "yesterday" and
year 9999, a number 5,000 digits long. Nothing crashes and nothing is credited wrongly (issue 14 already);
here: outside text never turns a CSV row around, problems are summarised per file on screen and in
problems.csv, every zip member is counted and listed, messages are in words, and times are checked.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.cli import main
from lessons.core.answers_file import read_time, saved_time, time_problems
from lessons.teacher.grading.inputs import source_file
from lessons.teacher.grading.outputs import on_screen, problem_lines
from lessons.teacher.grading.results import Problem
from lessons.teacher.safe_csv import FORMULA_START, safe_cell

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pinned-course"
KEY = FIXTURE / "quizzes"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
ZIP_OTHERS = 19_997  # members of members.zip that are not answers files (3 more are): 20,000 in all, the limit


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def doc_of(ident: str, name: str, **changes) -> dict:
    doc = json.loads((FIXTURE / "handins" / "ann-answers.json").read_text(encoding="utf-8"))
    doc["learner"] = {"id": ident, "name": name}
    doc.update(changes)
    return doc


@pytest.fixture(scope="module")
def pile(tmp_path_factory) -> dict:
    """Grade the six fixture learners plus the hostile files once; keep what came out."""
    tmp = tmp_path_factory.mktemp("pile")
    folder = tmp / "handins"
    shutil.copytree(FIXTURE / "handins", folder)
    write = lambda name, doc: (folder / name).write_text(json.dumps(doc), encoding="utf-8")  # noqa: E731
    write("rlo.json", doc_of("zed", "Zed \u202eliveE"))
    write("formula.json", doc_of("yan", "\u202e=2+3"))
    (folder / "utf16.json").write_bytes(json.dumps(doc_of("uta", "Uta")).encode("utf-16"))
    nan = doc_of("nia", "Nia")
    nan["quizzes"]["pinned-a"]["n1"] = {"answer": float("nan"), "attempts": 1}
    write("nan.json", nan)  # json.dumps writes NaN, which Python's json reads back
    long = doc_of("wes", "Wes")
    long["quizzes"]["pinned-a"]["w1"] = {"answer": "word " * 980_000, "attempts": 1}  # 4.9 MB of text
    write("long.json", long)
    unknown = doc_of("uma", "Uma")
    unknown["quizzes"]["pinned-a"].update({f"q{n}": {"answer": "x", "attempts": 1} for n in range(10_000)})
    write("unknown-ids.json", unknown)
    write("yesterday.json", doc_of("yet", "Yet", saved_at="yesterday"))
    forged = doc_of("ann", "Ann Archer", saved_at="9999-12-31T00:00:00.000+00:00")
    forged["quizzes"] = {"pinned-a": {"s1": {"answer": "Red", "attempts": 1}}}
    write("forged-ann.json", forged)
    digits = json.dumps(doc_of("dig", "Dig")).replace('"attempts": 2', '"attempts": ' + "9" * 5000, 1)
    (folder / "digits.json").write_text(digits, encoding="utf-8")
    with zipfile.ZipFile(folder / "members.zip", "w") as archive:
        for n in range(3):
            archive.writestr(f"m{n}.json", json.dumps(doc_of(f"m{n}", f"M{n}")))
        for n in range(ZIP_OTHERS):
            archive.writestr(f"junk/{n}.{'png' if n % 2 else 'txt'}", b"x")
    out, sheet = tmp / "out", tmp / "marks.csv"
    import io
    from contextlib import redirect_stderr, redirect_stdout

    err, said = io.StringIO(), io.StringIO()
    with redirect_stderr(err), redirect_stdout(said):
        status = main(["grade", str(folder), "--quiz-banks", str(KEY), "--out", str(out), "--policy", "last",
                       "--lms", "moodle", "--no-report"])
        marks_status = main(["marks", str(folder), "--quiz-banks", str(KEY), "--out", str(sheet)])
    return {"folder": folder, "out": out, "sheet": sheet, "status": status, "marks_status": marks_status,
            "err": err.getvalue(), "said": said.getvalue()}


def test_nothing_crashes_and_the_class_is_graded(pile):
    assert pile["status"] == 3 and pile["marks_status"] == 0
    graded = {r["learner_id"]: r for r in read_csv(pile["out"] / "gradebook.csv")}
    assert {"ann", "ben", "cat", "dan", "eve", "fay", "zed", "yan", "nia", "wes", "uma", "yet", "m0", "m1",
            "m2"} <= set(graded)
    assert "uta" not in graded and "dig" not in graded


def test_no_csv_cell_holds_a_bidirectional_control_or_starts_a_formula(pile):
    files = [*pile["out"].glob("*.csv"), pile["sheet"]]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not BIDI.search(text), f"{path.name} holds a bidirectional control"
    book = {r["learner_id"]: r for r in read_csv(pile["out"] / "gradebook.csv")}
    assert book["zed"]["name"] == "Zed liveE"  # the override removed, the letters kept
    assert book["yan"]["name"] == "'=2+3"  # once the override is gone it would start a formula: made plain text


def test_one_file_with_ten_thousand_unknown_ids_is_one_summary(pile):
    lines = [line for line in pile["err"].splitlines() if "unknown-ids.json" in line or "q9" in line]
    assert lines[0].endswith("unknown-ids.json: 10,000"), lines[:2]
    assert len(pile["err"].splitlines()) < 60, "the screen shows each file's first problems, not every one"
    rows = [r for r in read_csv(pile["out"] / "problems.csv") if r["file"].endswith("unknown-ids.json")]
    assert len(rows) == 4 and {r["problems_in_file"] for r in rows} == {"10000"}
    assert rows[-1]["reason"].startswith("and 9,997 more (9,997 × unknown question id in quiz pinned-a")
    every = [r for r in read_csv(pile["out"] / "problems-all.csv") if r["file"].endswith("unknown-ids.json")]
    assert len(every) == 10_000 and len({r["question"] for r in every}) == 10_000


def test_every_zip_member_is_counted_and_listed(pile):
    assert f"members.zip: {ZIP_OTHERS:,}" in pile["err"]
    listed = [r["file"] for r in read_csv(pile["out"] / "problems-all.csv") if "members.zip!" in r["file"]]
    assert len(listed) == ZIP_OTHERS == len(set(listed))
    assert sorted(listed)[:2] == sorted(f"{pile['folder'] / 'members.zip'}!junk/{n}.{'png' if n % 2 else 'txt'}"
                                        for n in range(ZIP_OTHERS))[:2]
    summary = [r for r in read_csv(pile["out"] / "problems.csv") if r["file"].startswith(str(pile["folder"] / "members.zip"))]
    assert len(summary) == 4 and summary[-1]["problems_in_file"] == str(ZIP_OTHERS)


def test_messages_are_in_words(pile):
    reasons = {Path(r["file"]).name: r["reason"] for r in read_csv(pile["out"] / "problems-all.csv")}
    assert "thousands of digits" in reasons["digits.json"]
    assert "set_int_max_str_digits" not in pile["err"] and "Exceeds the limit" not in pile["err"]
    assert "not UTF-8" in reasons["utf16.json"]
    assert "could not be read as a number" in reasons["nan.json"]


def test_times_are_checked_and_a_forged_time_does_not_win(pile):
    every = read_csv(pile["out"] / "problems-all.csv")
    yet = [r["reason"] for r in every if r["file"].endswith("yesterday.json")]
    assert yet == ["field 'saved_at' is 'yesterday', not a date and time such as 2026-11-29T10:00:00Z; the file "
                   "was changed by hand or is damaged: it is graded, but this time is not used"]
    forged = [r["reason"] for r in every if r["file"].endswith("forged-ann.json")]
    assert len(forged) == 1 and "second file for learner 'ann'" in forged[0]
    ann = next(r for r in read_csv(pile["out"] / "gradebook.csv") if r["learner_id"] == "ann")
    assert ann["file"].endswith("ann-answers.json") and ann["total"] == "14"  # pinned: ann 14 under 'last'


def test_a_huge_written_answer_fits_a_spreadsheet_cell(pile):
    (row,) = [r for r in read_csv(pile["sheet"]) if r["learner_id"] == "wes"]
    assert len(row["answer"]) < 32_767 and "4,900,000 characters long" in row["answer"]
    assert (pile["out"] / "written-answers.md").stat().st_size < 200_000


# --- the same rules for any text that arrives --------------------------------------------------------------
outside_text = st.text(st.characters(codec="utf-8"), max_size=60) | st.sampled_from(
    ["\u202e=cmd|' /C calc'!A0", "\u2066\u202e@SUM(1)", "\x1b[31mred", "\u202eevil.json"])


@settings(max_examples=300, deadline=None)
@given(outside_text)
def test_a_csv_cell_never_holds_a_bidi_control_nor_starts_a_formula(text):
    cell = safe_cell(text)
    assert not BIDI.search(cell)
    assert not cell.startswith(FORMULA_START) or cell.startswith("'")


@settings(max_examples=300, deadline=None)
@given(outside_text, outside_text, outside_text)
def test_a_problem_line_on_screen_never_obeys_a_control(file, learner, reason):
    lines = problem_lines([Problem(file, reason, learner), Problem(file, reason)])
    assert lines and not any(re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", line) for line in lines)
    assert on_screen("a\u202eb") == "a\\u202eb"


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                        max_size=3), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(json_values, json_values)
def test_any_time_field_gives_a_time_or_a_problem_line_never_an_error(saved, exported):
    from datetime import datetime, timedelta, timezone

    doc = {"saved_at": saved, "exported_at": exported}
    later = datetime.now(timezone.utc) + timedelta(days=1)
    wrong = [v for v in (saved, exported) if read_time(v) is None or read_time(v) > later]
    assert len(time_problems(doc)) == len(wrong)
    assert saved_time(doc).tzinfo is not None and saved_time(doc) <= later


@given(st.dates().map(lambda d: d.isoformat() + "T10:00:00Z"))
def test_a_time_in_the_future_is_a_problem_and_never_the_newer_file(when):
    from datetime import datetime, timezone

    from datetime import timedelta

    future = read_time(when) > datetime.now(timezone.utc) + timedelta(days=1)
    assert bool(time_problems({"saved_at": when})) == future
    # a future time counts as the earliest time there is (it never wins); any other is the time itself
    # (year 1 is a real, if odd, time: it must come back as itself, not be taken for the "earliest" mark)
    earliest = datetime.min.replace(tzinfo=timezone.utc)
    assert saved_time({"saved_at": when}) == (earliest if future else read_time(when))


def test_a_members_source_is_its_archive():
    assert source_file("/a/b.zip!x/y.json") == "/a/b.zip" and source_file("/a/B.ZIP!y") == "/a/B.ZIP"
    assert source_file("/a/b.json") == "/a/b.json"


def isolated(html: str, text: str) -> bool:
    """Every occurrence of ``text`` in the page sits inside a <bdi> element."""
    for at in [m.start() for m in re.finditer(re.escape(text), html)]:
        before = html[:at]
        if before.rfind("<bdi") < before.rfind("</bdi>") or before.rfind("<bdi") == -1:
            return False
    return True


def test_the_report_isolates_every_outside_string(tmp_path, capsys):
    """Before: a name with U+202E reached report.html as bare text and turned the rest of its row around."""
    folder = tmp_path / "handins"
    folder.mkdir()
    (folder / "rlo.json").write_text(json.dumps(doc_of("zed", "Zed \u202eliveE")), encoding="utf-8")
    bad = doc_of("yan", "Yan")
    bad["quizzes"]["pinned-a"]["zz\u202eq"] = {"answer": "x", "attempts": 1}
    (folder / "\u202ebad.json").write_text(json.dumps(bad), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["grade", str(folder), "--quiz-banks", str(KEY), "--out", str(out), "--policy", "last"]) == 3
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("\u202e") >= 3  # the name (twice: the behind list and the table), the file, the question id
    assert isolated(html, "\u202e")
    assert "<bdi dir=\"auto\">Zed \u202eliveE</bdi>" in html


@pytest.mark.parametrize("sheet, words", [
    ("learner_id,quiz,question,points\nann,pinned-a,w1,1\n".encode("utf-16"), "save it as 'CSV UTF-8'"),
    (b"learner_id,quiz,question,points,comment\nann,pinned-a,w1,1," + b"x" * 200_000 + b"\n", "a cell longer than"),
], ids=["utf-16", "huge-cell"])
def test_a_marks_sheet_that_cannot_be_read_is_named_in_words(tmp_path, capsys, sheet, words):
    """Before: the reason was Python's own ('utf-16' ... 'utf-8' codec can't decode byte 0xff; field larger than
    field limit (131072))."""
    path = tmp_path / "marks.csv"
    path.write_bytes(sheet)
    out = tmp_path / "out"
    assert main(["grade", str(FIXTURE / "handins"), "--quiz-banks", str(KEY), "--out", str(out), "--marks", str(path),
                 "--no-report"]) == 3
    (row,) = read_csv(out / "problems.csv")
    assert words in row["reason"] and "codec" not in row["reason"] and "field limit" not in row["reason"]


ROUND = FIXTURE.parent / "pinned-round"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(outside_text, outside_text, outside_text), min_size=1, max_size=4))
def test_any_names_and_answers_render_a_report_with_every_outside_string_isolated(learners):
    """Names, written answers and number answers from outside: the report renders, and any bidirectional control
    sits inside a <bdi> (never bare in the page)."""
    import tempfile

    from lessons.core.quizbank import load_all
    from lessons.teacher.grading import GradeRequest, grade, item_statistics
    from lessons.teacher.grading.report import render_report

    with tempfile.TemporaryDirectory() as tmp:
        for n, (name, text, number) in enumerate(learners):
            doc = {"format": "lessons-submission", "schema_version": 1, "course": "pinned-round",
                   "package_version": "1", "learner": {"id": f"l{n}", "name": name[:200]},
                   "saved_at": "2026-11-29T10:00:00Z",
                   "quizzes": {"round@r1": {"w1": {"answer": text, "attempts": 1},
                                            "n1": {"answer": number, "attempts": 1},
                                            "s1": {"answer": name or "Red", "attempts": 1}}}}
            Path(tmp, f"l{n}.json").write_text(json.dumps(doc), encoding="utf-8")
        banks = load_all(ROUND / "quizzes")
        book = grade(GradeRequest([Path(tmp)], banks, assessment="r1"))
        page = render_report(book, item_statistics(book), charts=False)
    assert isolated(page, "\u202e") and isolated(page, "\u2066")
    assert "<script" not in page.lower().replace("&lt;script", "")
