"""Quiz banks: the course's banks are valid, and each kind of malformed bank is rejected clearly."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lessons.core.quizbank import BankError, load_all, load_bank

GOOD = {
    "quiz": "99-test", "title": "T", "lesson": "99",
    "questions": [{"id": "q-one", "kind": "single", "prompt": "Pick one?", "options": ["a", "b"], "answer": "a",
                   "explanation": "Because.", "objective": 1, "level": "remember", "source": "P1"}],
}


def write(tmp_path: Path, data, name="99-test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def with_question(**changes) -> dict:
    q = dict(GOOD["questions"][0], **changes)
    return dict(GOOD, questions=[{k: v for k, v in q.items() if v is not None}])


def rejected(tmp_path, data) -> str:
    with pytest.raises(BankError) as info:
        load_bank(write(tmp_path, data))
    return str(info.value)


def test_course_banks_are_valid_and_large_enough():
    banks = load_all()
    questions = [q for b in banks for q in b.questions]
    assert len(banks) == 8 and len(questions) >= 60
    assert {q.kind for q in questions} == {"single", "multiple", "truefalse", "number", "match", "classify", "order", "text"}
    above = [q for q in questions if q.level in ("apply", "analyse", "evaluate")]
    assert len(above) * 3 >= len(questions)
    for objective in range(1, 9):
        assert sum(q.objective == objective for q in questions) >= 3, objective


def test_good_bank_loads(tmp_path):
    bank = load_bank(write(tmp_path, GOOD))
    assert bank.question("q-one").answer == "a"


def test_bad_yaml_names_file_and_line(tmp_path):
    msg = rejected(tmp_path, "quiz: x\nquestions: [\n  - id: a\n   kind: :")
    assert "99-test.yaml" in msg and "not valid YAML" in msg and "line" in msg


def test_unknown_kind(tmp_path):
    msg = rejected(tmp_path, with_question(kind="essay"))
    assert "question q-one" in msg and "'kind'" in msg and "essay" in msg


def test_duplicate_id(tmp_path):
    data = dict(GOOD, questions=GOOD["questions"] * 2)
    msg = rejected(tmp_path, data)
    assert "q-one" in msg and "used twice" in msg


def test_missing_answer(tmp_path):
    msg = rejected(tmp_path, with_question(answer=None))
    assert "q-one" in msg and "answer" in msg and "add the missing field" in msg


def test_answer_not_among_options(tmp_path):
    msg = rejected(tmp_path, with_question(answer="c"))
    assert "q-one" in msg and "'answer'" in msg and "not one of the options" in msg


def test_negative_tolerance(tmp_path):
    msg = rejected(tmp_path, with_question(kind="number", options=None, answer=5, tolerance=-1))
    assert "'tolerance'" in msg and "below zero" in msg


def test_order_with_missing_item(tmp_path):
    items = [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}, {"id": "c", "text": "C"}]
    msg = rejected(tmp_path, with_question(kind="order", options=None, items=items, answer=["c", "a"]))
    assert "'answer'" in msg and "missing ['b']" in msg


def test_order_listed_in_answer_order_is_rejected(tmp_path):
    items = [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]
    msg = rejected(tmp_path, with_question(kind="order", options=None, items=items, answer=["a", "b"]))
    assert "learners would see the answer" in msg


def test_match_item_without_category(tmp_path):
    items = [{"id": "a", "text": "A"}, {"id": "b", "text": "B"}]
    msg = rejected(tmp_path, with_question(kind="match", options=None, items=items, categories=["x", "y"],
                                           answer={"a": "x", "b": "z"}))
    assert "'z'" in msg and "not a category" in msg


def test_unknown_field_is_named(tmp_path):
    msg = rejected(tmp_path, with_question(explanaton="typo"))
    assert "q-one" in msg and "explanaton" in msg and "check its spelling" in msg


def test_lessons_check_cli_reports_and_exits_nonzero(tmp_path):
    course = tmp_path / "course"
    (course / "quizzes").mkdir(parents=True)
    root = Path(__file__).resolve().parents[1] / "course"
    (course / "course.yaml").write_text((root / "course.yaml").read_text())
    (course / "data").symlink_to(root / "data")
    write(course / "quizzes", with_question(answer="nope"))
    env = {"LESSONS_COURSE_DIR": str(course), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "lessons", "check"], capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert "99-test.yaml: question q-one: field 'answer'" in run.stderr
    ok = subprocess.run([sys.executable, "-m", "lessons", "check"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "8 quiz banks, 75 questions" in ok.stdout and "objective" in ok.stdout


def test_learners_see_the_hint_and_teachers_the_source(tmp_path):
    """'hint' is what the quiz view points a learner to; 'source' (what decides the item) stays in the key."""
    from lessons.teacher.printed_keys import key_markdown
    from lessons.notebook.quiz_view import feedback_html
    from lessons.core.scoring import check_answer

    address = "https://www.state.gov/joint-statement-on-the-u-s-iraq-strategic-dialogue-2/"
    bank = load_bank(write(tmp_path, with_question(source=f"P1; {address}", hint="Lesson 01, section 'Agreed'")))
    q = bank.questions[0]
    shown = feedback_html(q, check_answer(q, "b"), attempts=1, mode="practice")
    assert "Look again at Lesson 01, section &#x27;Agreed&#x27;" in shown and address not in shown
    assert f"source: P1; {address}" in key_markdown(bank)
    plain = load_bank(write(tmp_path, with_question(source="P4"))).questions[0]   # no hint: the source is shown
    assert "Look again at P4 and try again" in feedback_html(plain, check_answer(plain, "b"), 1, "practice")
    assert "field 'hint'" in rejected(tmp_path, with_question(hint=""))
