"""A second, tiny course (tests/fixtures/second-course) runs through the same package with
LESSONS_COURSE_DIR: check, the quiz view, an answers file, grade, release and key. Its answers files
are refused by the first course and the first course's by it. Proves no course fact lives in Python."""
from __future__ import annotations

import csv
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessons.core import answers_file
from lessons.cli import main
from lessons.core.course import load_course
from lessons.notebook.quiz_view import QuizView
from lessons.core.quizbank import find_bank, load_all
from lessons.notebook.responses import ResponseStore
from synthetic import synthetic_answers_file

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "second-course"


@pytest.fixture
def second(tmp_path, monkeypatch) -> Path:
    """A copy of the second course (course/ and notebooks/), selected with LESSONS_COURSE_DIR."""
    copy = tmp_path / "rivers"
    shutil.copytree(FIXTURE, copy)
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(copy / "course"))
    monkeypatch.chdir(tmp_path)
    return copy / "course"


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def question_box(view, qid):
    return next(c for c in view.box.children if f"lessons-q-{qid}" in getattr(c, "_dom_classes", ()))


def answer(view, qid, value) -> str:
    """Put ``value`` on screen (an option is picked as the page sends it: a list of one) and press Check."""
    box = question_box(view, qid)
    box.answer = [value] if box.form["control"] in ("radio", "checkbox") else value
    box.click()
    return box.feedback


def test_no_course_fact_is_written_in_the_package():
    hits = [str(p.relative_to(ROOT)) for p in (ROOT / "src" / "lessons").rglob("*")
            if p.is_file() and p.suffix in (".py", ".json") and "us-iraq-2021" in p.read_text(encoding="utf-8")]
    assert hits == []


def test_check_reads_the_second_course(second, capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "Rivers: a two-lesson test course (rivers-101): 2 quiz banks, 7 questions" in out
    assert "1. name the parts of a river" in out and "what the agreement changed" not in out
    # an objective the course does not have is a problem with a way out
    bank = second / "quizzes" / "01-parts.yaml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("objective: 1", "objective: 7", 1), encoding="utf-8")
    assert main(["check"]) == 1
    assert "'objective': 7 is not an objective in course.yaml -> use one of [1, 2]" in capsys.readouterr().err


def test_quiz_view_answers_file_grade_and_refusals(second, tmp_path, isolated_answers):
    store = ResponseStore("River Learner")
    parts = QuizView(find_bank("01"), store, "practice")
    assert "Correct." in answer(parts, "r01-source", "At its source")
    answer(parts, "r01-mouth-sea", "True")  # wrong
    table = QuizView(find_bank("02"), store, "practice")
    assert "Correct." in answer(table, "r02-longest", "6 700")  # within 50 km
    doc = answers_file.parse(store.path.read_bytes(), "answers")
    assert doc["course"] == "rivers-101" == load_course().id
    # the download link of the first quiz followed the answers saved in the second
    link = parts.download.link.widget.value
    import base64

    linked = json.loads(base64.b64decode(link.split("base64,")[1].split("'")[0]))
    assert "r02-longest" in linked["quizzes"]["02-table"]

    handins = tmp_path / "handins"
    handins.mkdir()
    (handins / "river.json").write_bytes(store.export_bytes())
    first_course = load_all(ROOT / "course" / "quizzes")
    other = synthetic_answers_file(first_course, 7, random.Random(7), skill=1.0)
    assert other["course"] == "us-iraq-2021"
    (handins / "first-course.json").write_text(json.dumps(other), encoding="utf-8")

    out = tmp_path / "results"
    assert main(["grade", str(handins), "--out", str(out), "--no-report"]) == 3  # one file refused
    rows = read_csv(out / "gradebook.csv")
    assert [r["learner_id"] for r in rows] == ["river-learner"]
    assert rows[0]["01-parts"] == "1" and rows[0]["02-table"] == "1" and rows[0]["total"] == "2"
    problems = read_csv(out / "problems.csv")
    assert len(problems) == 1 and "first-course.json" in problems[0]["file"]
    assert "the key is for course 'rivers-101'" in problems[0]["reason"]

    # and the first course refuses the second course's answers file
    out1 = tmp_path / "results-first"
    assert main(["grade", str(handins / "river.json"), "--out", str(out1), "--no-report",
                 "--quiz-banks", str(ROOT / "course" / "quizzes")]) == 3
    assert read_csv(out1 / "gradebook.csv") == []
    assert "the key is for course 'us-iraq-2021'" in read_csv(out1 / "problems.csv")[0]["reason"]


def test_release_and_key_of_the_second_course(second, tmp_path, capsys):
    release = tmp_path / "release"
    assert main(["release", str(release), "--assessment"]) == 0
    assert sorted(p.name for p in (release / "notebooks").glob("*.ipynb")) == ["01-parts.ipynb", "02-table.ipynb"]
    learner_bank = (release / "course" / "quizzes" / "02-table.yaml").read_text(encoding="utf-8")
    assert "spring-test" in learner_bank and "6650" not in learner_bank and "The Nile, about" not in learner_bank
    assert "At its source" in (release / "course" / "quizzes" / "01-parts.yaml").read_text(encoding="utf-8")
    keys = tmp_path / "keys"
    assert main(["key", "--out", str(keys)]) == 0
    assert sorted(p.name for p in keys.iterdir()) == ["handout-01-parts.md", "handout-02-table.md",
                                                      "key-01-parts.md", "key-02-table.md"]
    key = (keys / "key-02-table.md").read_text(encoding="utf-8")
    assert "6650 (± 50) km" in key and "Nile → Congo → Danube" in key


def test_the_command_line_in_a_fresh_process_uses_the_course_named_by_the_environment(second, tmp_path):
    env = {"LESSONS_COURSE_DIR": str(second), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "LESSONS_RESPONSES_DIR": str(tmp_path / "answers")}
    done = subprocess.run([sys.executable, "-m", "lessons", "check", "--quiet"], capture_output=True, text=True,
                          env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    store = subprocess.run([sys.executable, "-c", "from lessons.notebook.responses import ResponseStore as S; "
                            "s = S('Pat'); s.record('01-parts', 'r01-source', 'At its source'); print(s.load()['course'])"],
                           capture_output=True, text=True, env=env, cwd=tmp_path)
    assert store.stdout.strip() == "rivers-101", store.stderr
