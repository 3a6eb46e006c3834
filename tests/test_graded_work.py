"""Graded work that is really graded (issue 19): the final answer counts, practice kept apart, feedback
only for what was graded, percent over what was set, numbers as written, a report read at a glance,
and the teacher's rough edges. Numbers are worked out by hand on a two-learner fixture below.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT
from lessons.cli import main
from lessons.core.assessment import write_learner_course
from lessons.core.number_text import read_number
from lessons.core.quizbank import load_all, load_bank
from lessons.core.answers_file import FORMAT, VERSION as SCHEMA_VERSION
from lessons.notebook.responses import ResponseStore
from lessons.core.scoring import check_answer

PINNED = ROOT / "tests" / "fixtures" / "pinned-course"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def handin(ident: str, quizzes: dict, course: str = "pinned-mini") -> dict:
    return {"format": FORMAT, "schema_version": SCHEMA_VERSION, "course": course, "package_version": "0",
            "learner": {"id": ident, "name": ident.title()}, "saved_at": "2026-11-29T10:00:00.000+00:00",
            "quizzes": quizzes}


def entry(*answers) -> dict:
    """An answer saved len(answers) times; the last one is the final answer."""
    return {"answer": answers[-1], "attempts": len(answers),
            "history": [{"answer": a, "at": f"2026-11-29T10:0{i}:00.000+00:00"} for i, a in enumerate(answers)]}


ALL_RIGHT = {"s1": entry("Green"), "m1": entry(["a", "b"]), "t1": entry(True), "n1": entry("2500")}


@pytest.fixture
def course(tmp_path) -> Path:
    """The pinned fixture course with quiz pinned-a (lesson 91, 6 machine-marked points) assessed as round r1."""
    folder = tmp_path / "course"
    shutil.copytree(PINNED / "quizzes", folder / "quizzes")
    (folder / "data").mkdir()
    text = (PINNED / "course.yaml").read_text(encoding="utf-8")
    (folder / "course.yaml").write_text(text + "assessment:\n  id: r1\n  quizzes: [\"91\"]\n", encoding="utf-8")
    return folder


@pytest.fixture
def handins(tmp_path) -> Path:
    """amy and bo. pinned-a under round r1 (points: s1 2, m1 2, t1 1, n1 1):
    amy: s1 Green then Red -> final Red 0 (best would give 2); m1 [a] -> (1 - 0) / 2 * 2 = 1; t1 True 1;
         n1 '2 500' (a space separates thousands) 1. Total 3 of 7 (6 + w1's 1 written point) = 42.86 %.
    bo:  s1 Green 2; m1 [a, b, c] -> (2 - 1) / 2 * 2 = 1; t1 True 1; n1 'two thousand' -> not read: 0 and a
         problem line. Total 4 of 7 = 57.14 %. Median of 42.857 and 57.143 = 50.00 %.
    Both practised pinned-a with every answer right (amy also pinned-b), and bo answered a round r0:
    none of that counts for r1."""
    folder = tmp_path / "handins"
    folder.mkdir()
    amy = handin("amy", {
        "pinned-a": ALL_RIGHT,
        "pinned-b": {"k1": entry({"u": "U"})},
        "pinned-a@r1": {"s1": entry("Green", "Red"), "m1": entry(["a"]), "t1": entry(True), "n1": entry("2 500")},
    })
    bo = handin("bo", {
        "pinned-a": ALL_RIGHT,
        "pinned-a@r0": ALL_RIGHT,
        "pinned-a@r1": {"s1": entry("Green"), "m1": entry(["a", "b", "c"]), "t1": entry(True),
                        "n1": entry("two thousand")},
    })
    for doc in (amy, bo):
        (folder / f"{doc['learner']['id']}-answers.json").write_text(json.dumps(doc), encoding="utf-8")
    (folder / "current-learner.json").write_text(json.dumps({"name": "Amy", "id": "amy"}))  # copied from a hub
    return folder


def grade_cli(capsys, *args: str) -> tuple[int, str]:
    status = main(["grade", *args])
    return status, capsys.readouterr().out


def test_assessment_counts_the_final_answer_and_only_the_rounds_answers(tmp_path, capsys, course, handins):
    out = tmp_path / "results"
    status, stdout = grade_cli(capsys, str(handins), "--key", str(course / "quizzes"), "--assessment",
                               "--out", str(out), "--feedback", "--lms", "moodle")
    assert status == 3  # one problem: bo's unreadable number
    # pinned-a: 6 machine-marked points + w1 written 1 = 7, with or without marks (nobody wrote w1 here)
    assert "quizzes set: pinned-a (7 points, of them 1 written); counted: the final answer" in stdout
    rows = {r["learner_id"]: r for r in read_csv(out / "gradebook.csv")}
    assert (rows["amy"]["pinned-a"], rows["amy"].get("pinned-b", ""), rows["amy"]["total"]) == ("3", "", "3")
    assert (rows["bo"]["pinned-a"], rows["bo"].get("pinned-b", ""), rows["bo"]["total"]) == ("4", "", "4")
    # 3 / 7 = 42.857 -> 42.86; 4 / 7 = 57.143 -> 57.14
    assert rows["amy"]["max"] == "7" and (rows["amy"]["percent"], rows["bo"]["percent"]) == ("42.86", "57.14")
    moodle = {r["ID number"]: r for r in read_csv(out / "gradebook-moodle.csv")}
    assert (moodle["amy"]["pinned-a"], moodle["amy"].get("pinned-b", ""), moodle["bo"]["Percent"]) == ("3", "", "57.14")
    problems = read_csv(out / "problems.csv")
    assert [(p["learner"], p["question"]) for p in problems] == [("bo", "n1")]  # current-learner.json is no problem
    assert "'two thousand'" in problems[0]["reason"]
    items = {r["question"]: r for r in read_csv(out / "items.csv") if r["quiz"] == "pinned-a"}
    assert float(items["s1"]["share_correct"]) == 0.5  # amy's final Red, bo's Green
    assert items["s1"]["options_chosen"] == "Red: 1 | Green: 1 | Blue: 0"
    amy = (out / "feedback" / "amy.md").read_text(encoding="utf-8")
    assert "Which colour is the answer? — **not right**" in amy and "You wrote “2 500”" in amy
    assert "Pinned B" not in amy and "x is a fact" not in amy  # no other quiz's explanations
    assert "You wrote “two thousand”" in (out / "feedback" / "bo.md").read_text(encoding="utf-8")
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "Median 50.00%</strong> of the 7.00 points set, over 2 learners" in report
    assert "No chart:</strong> 2 learners graded" in report
    assert re.search(r'<td class="num">1</td><td>pinned-a</td><td>s1</td><td>[^<]*</td><td><bdi dir="auto">Red</bdi>',
                     report)
    assert "<th>pinned-a (of 7.00)</th>" in report and '<td class="num">3.00</td>' in report
    assert "pinned-b (of" not in report


def test_practice_grading_leaves_assessed_answers_aside_and_sets_what_was_answered(tmp_path, capsys, course, handins):
    (handins / "bo-answers.json").unlink()
    out = tmp_path / "results"
    status, stdout = grade_cli(capsys, str(handins), "--key", str(course / "quizzes"), "--out", str(out),
                               "--no-report", "--policy", "best")
    assert status == 0 and "(91, assessment r1) are saved apart from practice answers; grade them with --assessment" in stdout
    row = read_csv(out / "gradebook.csv")[0]
    # practice pinned-a all right: 2 + 2 + 1 + 1 = 6; pinned-b k1 {u: U} only: 1 of 2 items = 1 point of 2
    # of 15 (14 machine-marked + w1 1): 7 / 15 = 46.67 %
    assert (row["pinned-a"], row["pinned-b"], row["total"], row["max"], row["percent"]) == ("6", "1", "7", "15", "46.67")


def test_no_report_problem_heading_left_empty(tmp_path, capsys, course, handins):
    (handins / "bo-answers.json").unlink()
    out = tmp_path / "results"
    status, _ = grade_cli(capsys, str(handins), "--key", str(course / "quizzes"), "--assessment", "--out", str(out))
    assert status == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "No problems: every file was read and graded in full." in report and "<ul>" not in report
    assert "Median 42.86%</strong> of the 7.00 points set, over 1 learner " in report


def test_feedback_covers_only_the_quizzes_graded(tmp_path, capsys):
    banks = load_all()
    b01 = next(b for b in banks if b.lesson == "01")
    b07 = next(b for b in banks if b.lesson == "07")
    answers = {q.id: entry(q.options[0]) for q in b01.questions if q.kind == "single"}
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(handin("ann", {b01.quiz: answers}, "us-iraq-2021")), encoding="utf-8")
    for extra in ((), ("--quiz", "01")):
        out = tmp_path / f"out{len(extra)}"
        status, _ = grade_cli(capsys, str(folder), "--out", str(out), "--feedback", "--no-report", *extra)
        assert status == 0
        text = (out / "feedback" / "ann.md").read_text(encoding="utf-8")
        assert b01.questions[0].explanation in text
        assert not [q.id for q in b07.questions if q.explanation in text]
        row = read_csv(out / "gradebook.csv")[0]
        written = sum(q.points for q in b01.questions if not q.auto_scored)  # in the maximum, marked or not
        assert row.get(b07.quiz, "") == "" and float(row["max"]) == b01.max_points + written


def test_practised_answers_never_appear_in_the_assessed_quiz(tmp_path, course):
    from lessons.notebook.quiz_view import QuizView

    learner = tmp_path / "learner-course"
    assert write_learner_course(course, learner) == ["pinned-a"]
    assessed = load_bank(learner / "quizzes" / "91-pinned-a.yaml")
    assert (assessed.answers_id, assessed.mode, assessed.scoring) == ("pinned-a@r1", "assessment", "last")
    store = ResponseStore("Cleo")
    store.record("pinned-a", "s1", "Green")  # practised under the plain id
    view = QuizView(assessed, store, "assessment")
    assert view.latest == {}
    assert "the one that counts" in view.box.children[0].value
    store.record(assessed.answers_id, "s1", "Blue")
    assert QuizView(assessed, store, "assessment").latest == {"s1": "Blue"}
    assert store.load()["quizzes"]["pinned-a"]["s1"]["answer"] == "Green"


# Numbers as written: the rule in lessons.core.number_text, on a question whose key is 2500 (a whole number of
# 1,000 or more, so '2,500' and '2.500' are thousands) and on one whose key is 2.5.
@pytest.mark.parametrize("typed, value", [
    ("2500", 2500), ("2 500", 2500), ("2\u00a0500", 2500), ("2\u2009500", 2500), ("2\u202f500", 2500),
    ("٢٥٠٠", 2500), ("۲۵۰۰", 2500), ("٢٬٥٠٠", 2500), ("2,500", 2500), ("2.500", 2500), ("2,500.0", 2500),
    ("2.500,0", 2500), ("2500 soldiers", 2500), ("−2 500", -2500), ("1.234.567", 1234567),
    ("two thousand", None), ("2 50", None), ("2,50,0", None), ("", None),
])
def test_numbers_as_people_write_them(typed, value):
    assert read_number(typed, "soldiers", whole_number=True) == value


@pytest.mark.parametrize("typed, value", [("2,5", 2.5), ("2.5", 2.5), ("٢٫٥", 2.5), ("0,375", 0.375),
                                          ("2.500", None), ("2,500", None)])
def test_a_decimal_mark_is_read_only_where_it_cannot_be_misread(typed, value):
    assert read_number(typed) == value


def test_a_number_question_accepts_a_space_or_arabic_digits():
    bank = load_bank(PINNED / "quizzes" / "91-pinned-a.yaml")
    q = bank.question("n1")
    for typed in ("2 500", "٢٥٠٠", "2\u202f500", "2.500"):
        assert check_answer(q, typed).status == "correct", typed
    assert check_answer(q, "lots").status == "invalid"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["", "troops", "%"]), st.booleans())
def test_reading_a_number_never_raises(text, unit, whole):
    value = read_number(text, unit, whole)
    assert value is None or isinstance(value, float)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9), st.sampled_from([" ", "\u00a0", "\u2009", "\u202f", ",", "."]),
       st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"]))
def test_whole_numbers_grouped_in_thousands_read_back(n, separator, digits):
    grouped = f"{n:,}".replace(",", separator).translate(str.maketrans("0123456789", digits))
    assert read_number(grouped, whole_number=True) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=999), st.integers(min_value=1, max_value=99))
def test_a_decimal_comma_reads_like_a_decimal_point(whole, hundredths):
    assert read_number(f"{whole},{hundredths:02d}") == read_number(f"{whole}.{hundredths:02d}") == float(
        f"{whole}.{hundredths:02d}")


def test_release_fits_graded_work(tmp_path):
    import nbformat

    out = tmp_path / "release"
    run = subprocess.run([sys.executable, "-m", "lessons", "release", "--assessment", str(out)],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    start = nbformat.read(out / "notebooks" / "00-start-here.ipynb", as_version=4)
    text = "\n".join(c.source for c in start.cells)
    assert "Nothing here counts" not in text and "these quizzes count: Debate workshop: final quiz (lesson 07)" in text
    final = nbformat.read(out / "notebooks" / "07-workshop.ipynb", as_version=4)
    sources = [c.source for c in final.cells]
    quiz = next(i for i, s in enumerate(sources) if 'show_quiz("07")' in s)  # the whole quiz
    assert sources[quiz - 1].startswith("**This quiz is graded.**")
    assert not any(s.startswith("## Key points") for s in sources[quiz:])
    assert text.count("## Graded work in this copy") == 1
    for nb in (start, final):
        nbformat.validate(nb)
        assert len({c.id for c in nb.cells}) == len(nb.cells)
    # no item of the assessed sorting question is in a released table
    tables = "\n".join(p.read_text(encoding="utf-8") for p in (out / "course" / "data").glob("*.csv"))
    bank = next(b for b in load_all() if b.lesson == "07")
    for q in bank.questions:
        if q.kind == "classify":
            for _, text in q.items:
                assert text.rstrip(".") not in tables, text


def test_keys_give_letters_and_render_markdown_and_handouts_label_items(tmp_path):
    from lessons.teacher.printed_keys import write_keys

    write_keys(tmp_path / "md")
    write_keys(tmp_path / "html", fmt="html")
    key = (tmp_path / "md" / "key-07-workshop.md").read_text(encoding="utf-8")
    assert "**Answer:** B, D (US soldiers could still be in Iraq after 2021" in key  # keys mixed among the options
    assert re.search(r"\*\*Answer:\*\* a\) .+ → Salah Pachachi; b\) .+ → Sajjad Allawi; c\) .+; d\) .+ → Ammar Al-Dulaimi", key)
    page = (tmp_path / "html" / "key-07-workshop.html").read_text(encoding="utf-8")
    assert "<strong>Answer:</strong>" in page and "<em>Objective 1" in page and "<code>f07-changed</code>" in page
    assert "**" not in page and "`" not in page
    handout = (tmp_path / "md" / "handout-07-workshop.md").read_text(encoding="utf-8")
    assert re.search(r"   d\) With less military tension, the government could turn to the pandemic .+  →  _+", handout)
    assert re.search(r"   b\) .+  position: ____", handout)
    case = handout.split("Write your closing argument")[1]
    assert case.count("_" * 40) >= 10


def test_moodle_id_number_is_the_student_id_typed_not_a_slug_of_a_name():
    from lessons.teacher.grading_cli import moodle_id_number
    from lessons.core.learner_ids import learner_id

    assert moodle_id_number(learner_id("S1234567"), "S1234567") == "S1234567"  # the slug would be 's1234567'
    assert moodle_id_number(learner_id("2021-0042"), " 2021-0042 ") == "2021-0042"
    assert moodle_id_number(learner_id("Ana López"), "Ana López") == learner_id("Ana López")  # a name: its file id


def test_release_results_and_submissions_are_not_committed():
    lines = (ROOT / ".gitignore").read_text().split()
    assert {"release/", "results/", "submissions/"} <= set(lines)


def test_a_lesson_assessed_by_the_teacher_loses_the_recap_that_answers_its_quiz(tmp_path, monkeypatch, capsys):
    """Finding 5: lesson 01's "Key points" cell right under its quiz says the joint statement names no troop
    number and about 2,500 troops stayed, which answers the quiz; a release that assesses 01 leaves it out."""
    import nbformat

    from lessons.teacher.release import write_release

    course = tmp_path / "course"
    shutil.copytree(ROOT / "course", course)
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(text.replace('quizzes: ["07"]', 'quizzes: ["01", "07"]'), encoding="utf-8")
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(course))
    assert write_release(tmp_path / "release") == 0
    capsys.readouterr()
    source = nbformat.read(ROOT / "notebooks" / "01-agreement.ipynb", as_version=4)
    assert any(c.source.startswith("## Key points") and "2,500" in c.source for c in source.cells)
    released = nbformat.read(tmp_path / "release" / "notebooks" / "01-agreement.ipynb", as_version=4)
    sources = [c.source for c in released.cells]
    quiz = max(i for i, s in enumerate(sources) if 'show_quiz("01"' in s)
    assert sources[quiz - 1].startswith("**This quiz is graded.**")
    assert not any(s.startswith("## Key points") for s in sources[quiz:])
    banks = {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in (tmp_path / "release" / "course" / "quizzes").glob("*.yaml")}
    assert banks["01-agreement.yaml"]["assessment"] == "2021-final" and "assessment" not in banks["02-timeline.yaml"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", str(text).lower().replace("’", "'"))


def _runs(text: str, n: int) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_assessed_match_and_order_items_are_not_read_off_the_released_tables():
    """An assessed match or order item worded like a row of a released table is answered by looking the row up
    (a quotation's speaker, an event's date), not by the lesson's skill (issue 19). So no item shares four
    words in a row with any cell of course/data/*.csv, and an order question holds an item that no dated
    table (timeline, troops) holds, whose place a learner works out from the article."""
    data = ROOT / "course" / "data"
    cells = {name: [cell for row in csv.reader((data / f"{name}.csv").open(encoding="utf-8")) for cell in row]
             for name in (p.stem for p in data.glob("*.csv"))}
    table_runs = set().union(*(_runs(c, 4) for cs in cells.values() for c in cs))
    dated_runs = set().union(*(_runs(c, 3) for name in ("timeline", "troops") for c in cells[name]))
    assessed = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))["assessment"]["quizzes"]
    problems, checked = [], 0
    for bank in load_all():
        if bank.lesson not in assessed:
            continue
        for q in bank.questions:
            if q.kind not in ("match", "order"):
                continue
            checked += 1
            for item_id, text in q.items:
                shared = _runs(text, 4) & table_runs
                if shared:
                    problems.append(f"{q.id}/{item_id}: {text!r} shares {' '.join(sorted(shared)[0])!r} with a table")
            if q.kind == "order" and all(_runs(text, 3) & dated_runs for _, text in q.items):
                problems.append(f"{q.id}: every item is worded like a dated row: the tables give the order")
    assert checked >= 2, "the assessed quizzes hold no match or order question: nothing was checked"
    assert not problems, "\n".join(problems)
