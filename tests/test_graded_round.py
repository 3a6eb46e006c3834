"""The graded round end to end for the teacher (issue 25): its written answers reach the marking sheet,
one grade command everywhere it is printed.
"""
from __future__ import annotations

import csv
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
    assert "2 written answer(s) from 2 learner(s) (graded round r1)" in said and "--assessment --marks" in said
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
    for where, text in (("teacher guide", guide), ("class-status.ipynb", notebook), ("README", readme),
                        ("collect --help", collect_help)):
        grades = re.findall(r"lessons grade [^\n`#]*--marks[^\n`#]*", text)
        assert grades and all(g.strip() == GRADE_COMMAND for g in grades), (where, grades)
        assert MARKS_COMMAND in text, where
