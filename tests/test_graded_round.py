"""The graded round end to end for the teacher (issue 25): its written answers reach the marking sheet,
one grade command everywhere it is printed.
"""
from __future__ import annotations

import csv
import os
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT
from lessons.cli import main
from lessons.core.answers_file import FORMAT, VERSION

PINNED = ROOT / "tests" / "fixtures" / "pinned-course"
GRADE_COMMAND = "lessons grade handins --assessment --out results --marks marks.csv --feedback"
MARKS_COMMAND = "lessons marks handins --assessment --out marks.csv"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def entry(answer) -> dict:
    return {"answer": answer, "attempts": 1, "history": [{"answer": answer, "at": "2026-11-29T10:00:00.000+00:00"}]}


@pytest.fixture
def round_course(tmp_path) -> Path:
    """The pinned fixture course with pinned-a (lesson 91; w1 is written, 1 point) assessed as round r1."""
    folder = tmp_path / "course"
    shutil.copytree(PINNED / "quizzes", folder / "quizzes")
    text = (PINNED / "course.yaml").read_text(encoding="utf-8")
    (folder / "course.yaml").write_text(text + "assessment:\n  id: r1\n  quizzes: [\"91\"]\n", encoding="utf-8")
    return folder


def test_marks_with_assessment_puts_the_rounds_written_answers_on_the_sheet(tmp_path, capsys, round_course):
    """Before: 'lessons marks' had no --assessment and wrote "0 written answer(s)" for a graded round."""
    handins = tmp_path / "handins"
    handins.mkdir()
    for ident, text in (("amy", "The role changed."), ("bo", "Fewer troops.")):
        doc = {"format": FORMAT, "schema_version": VERSION, "course": "pinned-mini", "package_version": "0",
               "learner": {"id": ident, "name": ident.title()}, "saved_at": "2026-11-29T10:00:00.000+00:00",
               "quizzes": {"pinned-a": {"w1": entry("practice text")}, "pinned-a@r1": {"w1": entry(text)}}}
        (handins / f"{ident}.json").write_text(json.dumps(doc), encoding="utf-8")
    sheet = tmp_path / "marks.csv"
    assert main(["marks", str(handins), "--quiz-banks", str(round_course / "quizzes"), "--assessment",
                 "--out", str(sheet)]) == 0
    said = capsys.readouterr().out
    assert "2 written answer(s) from 2 learner(s) (graded round r1)" in said
    assert f"then: lessons grade {handins} --assessment --out results --marks {sheet} --feedback" in said
    assert sorted((r["learner_id"], r["question"], r["answer"]) for r in read_csv(sheet)) == [
        ("amy", "w1", "The role changed."), ("bo", "w1", "Fewer troops.")]  # the round's answers, not practice
    practice = tmp_path / "practice.csv"
    assert main(["marks", str(handins), "--quiz-banks", str(round_course / "quizzes"), "--out", str(practice)]) == 0
    said = capsys.readouterr().out
    assert {r["answer"] for r in read_csv(practice)} == {"practice text"}
    assert "saved apart: lessons marks ... --assessment" in said


def test_one_grade_command_for_graded_work_wherever_it_is_printed(capsys):
    """Before: the guide's hub step, class-status.ipynb and 'collect --help' printed a grade command without
    --assessment, which graded nothing of the round ("quizzes set: none")."""
    guide = (ROOT / "course" / "teacher-guide.md").read_text(encoding="utf-8")
    notebook = "".join("".join(c["source"]) for c in json.loads(
        (ROOT / "course" / "teacher" / "class-status.ipynb").read_text(encoding="utf-8"))["cells"])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    with pytest.raises(SystemExit):
        main(["collect", "--help"])
    collect_help = capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["grade", "--help"])
    grade_help = capsys.readouterr().out
    for where, text in (("teacher guide", guide), ("class-status.ipynb", notebook), ("README", readme),
                        ("collect --help", collect_help), ("grade --help", grade_help)):
        grades = re.findall(r"lessons grade [^\n`#]*--assessment[^\n`#]*--marks[^\n`#]*", text)
        assert grades and all(g.strip() == GRADE_COMMAND for g in grades), (where, grades)
        assert MARKS_COMMAND in text, where


# --- every figure of a small graded round, worked out by hand -----------------------------------------------------
# tests/fixtures/pinned-round: quiz 'round' (lesson 95) assessed as round r1; only answers saved under 'round@r1'
# count (each learner also practised s1 with Red: left aside), the final answer counts.
#   Key: s1 single [2] Green; o1 order [3] p, q, r (3 pairs); n1 number [1] 100 +- 0; w1 written [2]; w2 written [1].
#   Quiz maximum = 2 + 3 + 1 machine-marked + 2 + 1 written = 9, with or without marks (issue 25).
#   Try-it exercises (exercises.yaml): e95-count gives 1 point (lesson 95 is set); e95-free none; e94-other 2 points,
#   but lesson 94's quiz is not set: never counts. Maximum of the round = 9 + 1 = 10.
#   amy: s1 Green 2; o1 p,q,r 3; n1 "100" 1; w1 and w2 written; e95-count right (+1); explanation of s1 shown at
#        2026-11-29 10:05. Machine 6 + exercise 1 = 7 -> 7 / 10 = 70.00 %; answered 5 of 5; to mark 2.
#   bo:  s1 Red 0; o1 q,p,r: pairs p<q wrong, p<r right, q<r right -> 2/3 x 3 = 2; n1 "90" 0; w1 written; no w2;
#        e95-count not right. 2 -> 20.00 %; answered 4 of 5; to mark 1.
#   cy:  s1 Blue 0 only. 0 -> 0.00 %; answered 1 of 5; to mark 0.
# Marks: amy w1 2, bo w1 1 (amy's w2 left empty: still to mark). Maximum still 10:
#   amy 7 + 2 = 9 -> 90.00 %, to mark 1; bo 2 + 1 = 3 -> 30.00 %, to mark 0; cy 0 -> 0.00 %.
ROUND = ROOT / "tests" / "fixtures" / "pinned-round"
WITHOUT_MARKS = {"amy": ("6", "7", "10", "70.00", "5 of 5", "2", "1"), "bo": ("2", "2", "10", "20.00", "4 of 5", "1", "0"),
                 "cy": ("0", "0", "10", "0.00", "1 of 5", "0", "0")}
WITH_MARKS = {"amy": ("8", "9", "10", "90.00", "5 of 5", "1", "1"), "bo": ("3", "3", "10", "30.00", "4 of 5", "0", "0"),
              "cy": ("0", "0", "10", "0.00", "1 of 5", "0", "0")}
COLUMNS = ("round", "total", "max", "percent", "answered", "to_mark", "exercise_points")


def grade_round(tmp_path: Path, name: str, *extra: str) -> Path:
    out = tmp_path / name
    status = main(["grade", str(ROUND / "handins"), "--quiz-banks", str(ROUND / "quizzes"), "--assessment",
                   "--out", str(out), "--feedback", *extra])
    assert status == 0
    return out


def gradebook(out: Path) -> dict[str, tuple]:
    return {r["learner_id"]: tuple(r[c] for c in COLUMNS) for r in read_csv(out / "gradebook.csv")}


def fill_marks(tmp_path: Path) -> Path:
    sheet = tmp_path / "marks.csv"
    assert main(["marks", str(ROUND / "handins"), "--quiz-banks", str(ROUND / "quizzes"), "--assessment",
                 "--out", str(sheet)]) == 0
    rows = read_csv(sheet)
    assert [(r["learner_id"], r["question"], r["max_points"]) for r in rows] == [
        ("amy", "w1", "2"), ("amy", "w2", "1"), ("bo", "w1", "2")]
    for r in rows:
        r["points"] = {("amy", "w1"): "2", ("bo", "w1"): "1"}.get((r["learner_id"], r["question"]), "")
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return sheet


def test_the_maximum_is_the_same_with_or_without_marks_and_unmarked_answers_are_to_mark(tmp_path, capsys):
    """Before: the maximum was 6 without --marks and 9 with (a learner read 33 % or 23 %), unmarked answers
    counted 0 without a word, and exercise points were in no total."""
    before = gradebook(grade_round(tmp_path, "before"))
    said = capsys.readouterr().out
    assert "quizzes set: round (10 points, of them 3 written and 1 from Try-it exercises)" in said
    assert "3 written answer(s) to mark" in said
    after = gradebook(grade_round(tmp_path, "after", "--marks", str(fill_marks(tmp_path))))
    assert (before, after) == (WITHOUT_MARKS, WITH_MARKS)


def test_feedback_and_gradebook_say_what_is_to_mark_and_when_an_explanation_was_shown(tmp_path, capsys):
    out = grade_round(tmp_path, "out", "--marks", str(fill_marks(tmp_path)))
    rows = {r["learner_id"]: r for r in read_csv(out / "gradebook.csv")}
    assert rows["amy"]["explanations_shown"] == "round/s1 2026-11-29 10:05"
    assert rows["bo"]["explanations_shown"] == rows["cy"]["explanations_shown"] == ""
    amy = (out / "feedback" / "amy.md").read_text(encoding="utf-8")
    assert "Total: 9 of 10 points (90.00%). 1 written answer still to mark: not counted yet." in amy
    assert "Try-it exercises: 1 of 1 points." in amy and "## Pinned round: 8 of 9" in amy
    assert "One thing you would check. — **to mark: your teacher has not marked it yet (up to 1 points)**" in amy
    assert "Argue one side in two sentences. — **marked 2 of 2**" in amy


def test_the_report_of_the_round_says_who_is_behind_and_the_hardest_question(tmp_path, capsys):
    """Lowest first: cy 0.00 % (1 of 5 answered), bo 30.00 % (4 of 5): both behind; amy 90.00 %, 5 of 5.
    Share right: s1 2 / (3 answered x 2) = 33.33 %, its wrong answers Red (bo) and Blue (cy), one each (Red
    first: bo comes before cy); n1 1 / (2 x 1) = 50.00 %, wrong '90'; o1 (3 + 2) / (2 x 3) = 83.33 %, wrong
    'Event q -> Event p -> Event r'. Written: w1 marked (2 + 1) / (2 x 2) = 75.00 %; w2 1 to mark."""
    from test_grading_pinned import report_tables

    out = grade_round(tmp_path, "out", "--marks", str(fill_marks(tmp_path)))
    tables = report_tables(out / "report.html")
    behind = next(rows for heading, rows in tables.items() if heading.startswith("Who is behind"))
    assert [(r["learner"], r["answered"], r["%"], r["to mark"]) for r in behind] == [
        ("cy", "1 of 5", "0.00%", ""), ("bo", "4 of 5", "30.00%", ""), ("amy", "5 of 5", "90.00%", "1")]
    hardest = next(rows for heading, rows in tables.items() if heading.startswith("Hardest"))
    assert [(r["question"], r["share right"], r["commonest wrong answer"], r["learners"]) for r in hardest] == [
        ("s1", "33.33%", "Red", "1"), ("n1", "50.00%", "90", "1"), ("o1", "83.33%", "Event q → Event p → Event r", "1"),
        ("w1", "75.00%", "marked", ""), ("w2", "", "1 to mark", "1")]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count('<tr class="behind">') == 2
    assert "Behind: 2</strong> (<bdi dir=\"auto\">Cy Cole</bdi>, <bdi dir=\"auto\">Bo Brown</bdi>)" in html
    assert "Hardest question:</strong> s1 (single), 33.33% right" in html


# --- done: lesson 07's graded round, release -> hand in -> collect -> marks -> grade, with the guide's commands ---
# The learners (Unix accounts on a one-machine hub, the guide's folder exchange) answer the graded quiz of lesson 07
# (9 machine-marked questions of 1 point, written f07-case 1 and f07-close-reading 3: 13 points) in the release:
#   daemon (Ana): every machine-marked question right (9), both written answers; marked case 1, close reading 2
#        -> 12 / 13 = 92.31 %; answered 11 of 11
#   bin (Ben): right on f07-troops-2020 (2700), f07-source-use, f07-fair, f07-plot-read (4); wrong on the other five:
#        f07-changed and f07-evidence-motion tick only a wrong option ((0 - 1) / 2 -> 0), match and classify every
#        item misplaced (0), the order reversed (no pair right: 0); close reading marked 1 -> 5 / 13 = 38.46 %;
#        answered 10 of 11
#   sys (Cy): f07-changed wrong (the same option as Ben), f07-source-use right (1), f07-troops-2020 "2,000" (0: |2000 - 2700| = 700 > the tolerance 200)
#        -> 1 / 13 = 7.69 %; answered 3 of 11
# Hardest: f07-changed 1 / (3 x 1) = 33.33 %, its commonest wrong answer the option Ben and Cy ticked (2 learners).
CLASS_07 = {"daemon": "Ana López", "bin": "Ben Okafor", "sys": "Cy Dlamini"}


def guide_commands() -> list[list[str]]:
    """The teacher's commands of the guide's JupyterHub section (folder exchange), as argument lists."""
    import shlex

    guide = (ROOT / "course" / "teacher-guide.md").read_text(encoding="utf-8")
    hub = guide[guide.index("### In a classroom on JupyterHub"):guide.index("### On Binder")]
    lines = [line.split("#")[0].strip() for block in re.findall(r"```bash\n(.*?)```", hub, re.S)
             for line in block.splitlines()]
    commands = [shlex.split(line)[1:] for line in lines if line.startswith(("lessons ", ".venv/bin/lessons "))]
    return [c for c in commands if c[0] in ("release", "collect", "marks", "grade")]


def answers_07(bank, account: str) -> dict:
    """What each learner answers (see above), by question id."""
    q = {x.id: x for x in bank.questions}
    right = {i: (list(x.answer) if isinstance(x.answer, tuple) else x.answer) for i, x in q.items() if x.auto_scored}
    wrong_tick = [next(o for o in q["f07-changed"].options if o not in q["f07-changed"].answer)]
    if account == "daemon":
        return {**right, "f07-case": "For: c13 and e26; against: f04, answered.", "f07-close-reading": "A prediction."}
    if account == "sys":
        return {"f07-changed": wrong_tick, "f07-source-use": right["f07-source-use"], "f07-troops-2020": "2,000"}

    def misplaced(key: dict, categories) -> dict:
        return {item: next(c for c in categories if c != cat) for item, cat in key.items()}
    return {**{i: right[i] for i in ("f07-troops-2020", "f07-source-use", "f07-fair", "f07-plot-read")},
            "f07-changed": wrong_tick,
            "f07-evidence-motion": [next(o for o in q["f07-evidence-motion"].options
                                         if o not in q["f07-evidence-motion"].answer)],
            "f07-match-paraphrase": misplaced(q["f07-match-paraphrase"].answer, q["f07-match-paraphrase"].categories),
            "f07-classify": misplaced(q["f07-classify"].answer, q["f07-classify"].categories),
            "f07-order-article": list(reversed(q["f07-order-article"].answer)),
            "f07-close-reading": "It is an opinion."}


def test_the_guides_commands_take_lesson_07_from_release_to_the_report(tmp_path, monkeypatch, capsys):
    from lessons.core.assessment import assessed_quiz_id, read_assessment
    from lessons.core.quizbank import load_all
    from lessons.exchange.folder import setup_exchange
    from lessons.notebook.hand_in_button import handin_bytes
    from lessons.notebook.responses import ResponseStore
    from test_exchange import hand_in_as
    from test_grading_pinned import report_tables

    commands = guide_commands()
    assert [c[0] for c in commands] == ["release", "collect", "marks", "grade"]
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="lessons-round-"))
    os.chmod(shared, 0o755)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LESSONS_EXCHANGE", str(shared / "exchange"))
    monkeypatch.delenv("LESSONS_EXCHANGE_URL", raising=False)
    try:
        assert main(commands[0]) == 0  # release release/ --assessment
        released = {b.quiz: b for b in load_all(tmp_path / "release" / "course" / "quizzes")}["07-workshop"]
        assert released.released and all(q.answer is None for q in released.questions)
        setup_exchange(shared / "exchange")  # the hub administrator's step
        key = {b.quiz: b for b in load_all()}["07-workshop"]
        round_id = read_assessment(ROOT / "course").id
        for account, name in CLASS_07.items():
            store = ResponseStore(name, folder=tmp_path / "homes" / account)
            for qid, answer in answers_07(key, account).items():
                assert qid in {q.id for q in released.questions}
                store.record(assessed_quiz_id("07-workshop", round_id), qid, answer)
            data = handin_bytes(store, "2026-11-30T08:50:00.000+00:00")
            assert hand_in_as(account, data, shared / "exchange", shared).startswith(f"{account}+")
        capsys.readouterr()
        assert main(commands[1]) == 0  # collect --out handins --deadline ...
        assert main(commands[2]) == 0  # marks handins --assessment --out marks.csv
        sheet = tmp_path / "marks.csv"
        rows = read_csv(sheet)
        assert sorted((r["learner_id"], r["question"]) for r in rows) == [
            ("bin", "f07-close-reading"), ("daemon", "f07-case"), ("daemon", "f07-close-reading")]
        marks = {("daemon", "f07-case"): "1", ("daemon", "f07-close-reading"): "2", ("bin", "f07-close-reading"): "1"}
        for r in rows:
            r["points"] = marks[(r["learner_id"], r["question"])]
        with sheet.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        assert main(commands[3]) == 0, capsys.readouterr().err  # grade handins --assessment ... --marks marks.csv
    finally:
        shutil.rmtree(shared, ignore_errors=True)
    book = {r["learner_id"]: (r["07-workshop"], r["total"], r["max"], r["percent"], r["answered"], r["to_mark"])
            for r in read_csv(tmp_path / "results" / "gradebook.csv")}
    assert book == {"daemon": ("12", "12", "13", "92.31", "11 of 11", "0"),
                    "bin": ("5", "5", "13", "38.46", "10 of 11", "0"),
                    "sys": ("1", "1", "13", "7.69", "3 of 11", "0")}
    tables = report_tables(tmp_path / "results" / "report.html")
    behind = next(rows for heading, rows in tables.items() if heading.startswith("Who is behind"))
    assert [r["name"] for r in behind] == ["Cy Dlamini", "Ben Okafor", "Ana López"]
    hardest = next(rows for heading, rows in tables.items() if heading.startswith("Hardest"))[0]
    changed = {q.id: q for q in key.questions}["f07-changed"]
    wrong = next(o for o in changed.options if o not in changed.answer)
    assert (hardest["question"], hardest["share right"], hardest["commonest wrong answer"], hardest["learners"]) == (
        "f07-changed", "33.33%", wrong, "2")


def test_a_learners_copy_grades_practice_and_says_how_to_grade_the_round(tmp_path, monkeypatch, capsys):
    """An installed package (or a release) holds the graded quiz without its answers. Before: 'lessons grade'
    refused everything with it, and said '(--key)', an option no longer listed."""
    from lessons.core.quizbank import load_all

    monkeypatch.chdir(tmp_path)
    assert main(["release", "release/", "--assessment"]) == 0
    copy = tmp_path / "release" / "course" / "quizzes"
    b01 = {b.quiz: b for b in load_all()}["01-agreement"]
    single = next(q for q in b01.questions if q.kind == "single")
    doc = {"format": FORMAT, "schema_version": VERSION, "course": "us-iraq-2021", "package_version": "1",
           "learner": {"id": "ann", "name": "Ann"}, "saved_at": "2026-11-29T10:00:00.000+00:00",
           "quizzes": {b01.quiz: {single.id: entry(single.answer)}}}
    (tmp_path / "ann.json").write_text(json.dumps(doc), encoding="utf-8")
    capsys.readouterr()
    assert main(["grade", str(tmp_path / "ann.json"), "--quiz-banks", str(copy), "--out", "practice"]) == 0
    said = capsys.readouterr().out
    assert "Note: 07-workshop left aside: a learner's copy here (answers removed); to grade it, give the full " \
           "quiz banks of your own copy of the course: --quiz-banks YOUR-COURSE/course/quizzes" in said
    (row,) = read_csv(tmp_path / "practice" / "gradebook.csv")
    assert row["01-agreement"] == f"{single.points:g}" and row.get("07-workshop", "") == ""
    assert main(["grade", str(tmp_path / "ann.json"), "--quiz-banks", str(copy), "--assessment", "--out", "round"]) == 2
    err = capsys.readouterr().err
    assert "07-workshop: these quiz banks are a learner's copy" in err and "--quiz-banks YOUR-COURSE" in err
    assert "--key" not in err


def test_the_class_status_notebook_shows_the_graded_rounds_items(tmp_path):
    """Before: the notebook graded practice answers only, so during lesson 07's graded round its item table
    had no row for the round (the answers are saved under '07-workshop@2021-final')."""
    from lessons.teacher.class_notebook import _items_of_files
    from test_report_browser import class_of

    class_of(3, tmp_path / "in")
    shown = _items_of_files(sorted((tmp_path / "in").glob("*.json")))
    assert "Graded round 2021-final: item statistics so far (3 learner(s))" in shown
    round_table = shown[shown.index("lessons-class-round-items"):shown.index("Item statistics so far")]
    assert round_table.count("<td>07-workshop</td>") == 11  # every question of the round was answered by someone
    assert "Item statistics so far (3 learner(s))" in shown  # practice, as before
