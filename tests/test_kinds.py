"""Question kinds as units: each kind answers for itself, any JSON value is handled, and a kind
defined here (in the tests only) goes through the bank, the check, the view, grading and the key."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lessons.core import kinds
from lessons.teacher.printed_keys import key_markdown
from lessons.teacher.grading import GradeRequest, grade, item_statistics
from lessons.core.kinds.base import CORRECT, INVALID, WRONG, Kind, Outcome
from lessons.notebook.quiz_view import QuizView
from lessons.core.quizbank import BankError, load_all, load_bank
from lessons.notebook.responses import ResponseStore
from lessons.core.scoring import check_answer, correct_answer_text, parse_number

ROOT = Path(__file__).resolve().parents[1]
BANK_QUESTIONS = [q for b in load_all() for q in b.questions]

# JSON values a damaged or hand-edited answers file can hold, plus what a widget may hand back
ODD_VALUES = [None, True, False, 0, -1, 1.5, 10 ** 400, float("nan"), float("inf"), "", "   ", "x", "2500",
              "٢٥٠٠", "\x00", [], [None], [1, "a"], [[1]], [{"a": 1}], ["a"] * 9, [True, False], {}, {"a": None},
              {"a": [1]}, {"": ""}, {"x": {"y": []}}, [[], {}], "a" * 10_000]


def test_every_kind_is_registered_once_and_the_banks_use_only_registered_kinds():
    assert kinds.names() == ("single", "multiple", "truefalse", "number", "match", "classify", "order", "text")
    assert {q.kind for q in BANK_QUESTIONS} <= set(kinds.names())


def test_no_code_outside_the_kinds_tests_a_question_kind():
    hits = []
    for path in (ROOT / "src" / "lessons").rglob("*.py"):
        if "kinds" in path.relative_to(ROOT / "src" / "lessons").parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bkind\s*(==|!=)|\bkind\s+(not\s+)?in\s*[(\[{'\"A-Z_]", line):  # not 'for kind in ...'
                hits.append(f"{path.name}:{n}: {line.strip()}")
    assert hits == []


@pytest.mark.parametrize("q", BANK_QUESTIONS, ids=lambda q: q.id)
def test_any_json_value_is_checked_without_raising(q):
    kind = kinds.kind_of(q)
    for value in ODD_VALUES:
        out = check_answer(q, value)
        assert isinstance(out, Outcome) and out.status in ("correct", "partial", "wrong", "empty", "invalid",
                                                            "recorded"), (value, out)
        assert 0 <= out.score <= out.max_score
        assert kind.accepts(value) in (True, False)


@pytest.mark.parametrize("name", kinds.names())
def test_any_saved_value_is_restored_into_the_form_without_raising(name):
    q = next(q for q in BANK_QUESTIONS if q.kind == name)
    kind = kinds.kind_of(q)
    assert kind.form(q)["control"] in ("radio", "checkbox", "text", "textarea", "select")
    for value in ODD_VALUES:
        kind.from_form(q, kind.to_form(q, value))  # restored, then read back as the page would send it
        kind.from_form(q, value)  # any value the page could send
    right = kind.synthetic_answer(q, None, True)
    assert check_answer(q, kind.from_form(q, kind.to_form(q, right))).status in ("correct", "recorded")  # round trip


def test_bugs_found_on_the_way_a_mixed_order_answer_and_a_huge_number():
    order = next(q for q in BANK_QUESTIONS if q.kind == "order")
    assert check_answer(order, [1, *list(order.answer)[1:]]).status == "invalid"  # raised TypeError before
    number = next(q for q in BANK_QUESTIONS if q.kind == "number")
    assert check_answer(number, 10 ** 400).status == "invalid"  # raised OverflowError before
    assert parse_number(10 ** 400) is None


def test_released_question_keys_and_option_counts_come_from_the_kind():
    for q in BANK_QUESTIONS:
        kind = kinds.kind_of(q)
        assert correct_answer_text(q) == kind.key_text(q)
        assert kind.option_labels(q) == {"single": q.options, "multiple": q.options,
                                         "truefalse": ("True", "False")}.get(q.kind, ())


# --- a kind that exists only in this test file ---------------------------------------------------------------

class OneWord(Kind):
    """Answer with one word; right when it is the key's word, in any case."""

    name = "oneword"
    schema = {"required": ["answer"], "properties": {"answer": {"type": "string", "pattern": "^\\S+$"}}}
    expected = "one word"
    how_to = "Give one word."
    hint = "Type a single word."

    def fits(self, answer):
        return isinstance(answer, str)

    def score(self, q, answer):
        if len(answer.split()) != 1:
            return Outcome(0, q.points, INVALID, self.hint)
        right = answer.strip().casefold() == q.answer.casefold()
        return Outcome(q.points if right else 0, q.points, CORRECT if right else WRONG)

    def form(self, q):
        return {"control": "text", "label": "Word:"}

    def wrong_answer(self, q, rng):
        return "elsewhere"


BANK = {
    "quiz": "98-words", "title": "One word", "lesson": "98",
    "questions": [
        {"id": "w-capital", "kind": "oneword", "prompt": "Which city is Iraq's capital?", "answer": "Baghdad",
         "explanation": "Baghdad is the capital.", "objective": 1, "level": "remember", "source": "P1", "points": 2},
        {"id": "w-year", "kind": "single", "prompt": "Which year was the agreement?", "options": ["2020", "2021"],
         "answer": "2021", "explanation": "July 2021.", "objective": 1, "level": "remember", "source": "P1"},
    ],
}


@pytest.fixture
def oneword_bank(tmp_path):
    path = tmp_path / "98-words.yaml"
    path.write_text(json.dumps(BANK), encoding="utf-8")  # JSON is YAML
    with pytest.raises(BankError, match="unknown kind 'oneword'"):
        load_bank(path)
    kinds.register(OneWord())
    try:
        yield load_bank(path)
    finally:
        kinds.unregister("oneword")


def test_a_kind_defined_in_a_test_goes_through_bank_check_view_grade_and_key(oneword_bank, tmp_path):
    bank = oneword_bank
    q = bank.question("w-capital")
    # the bank: the kind's own schema fragment is applied
    bad = json.loads(json.dumps(BANK))
    bad["questions"][0]["answer"] = "two words"
    (tmp_path / "bad.yaml").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(BankError, match="w-capital: field 'answer'"):
        load_bank(tmp_path / "bad.yaml")
    # the check
    assert check_answer(q, " baghdad ").status == "correct"
    assert check_answer(q, "Basra").status == "wrong"
    assert check_answer(q, "two words").status == "invalid"
    # the view: the kind's form in a question widget, clicks as the page sends them, saved into the answers file
    store = ResponseStore("Word Tester")
    view = QuizView(bank, store, "practice")
    box = next(c for c in view.box.children if "lessons-q-w-capital" in c._dom_classes)
    assert "Give one word." in box.prompt and box.form == {"control": "text", "label": "Word:"}
    box.answer = "Basra"
    box.click()
    assert "Not yet" in box.feedback
    box.answer = "BAGHDAD"
    box.click()
    assert "Correct." in box.feedback and "Score: 2 of 3 points" in view.score.value
    # grading the saved answers file: 'best' takes the right second attempt, 'first' the wrong first one
    best = grade(GradeRequest([store.path], [bank], policy="best"))
    first = grade(GradeRequest([store.path], [bank], policy="first"))
    assert best.problems == () and best.results[0].total == 2 and first.results[0].total == 0
    items = {row["question"]: row for row in item_statistics(best)}
    assert items["w-capital"]["share_correct"] == 1.0 and items["w-capital"]["options_chosen"] == ""
    # the key and the handout
    key = key_markdown(bank)
    assert "**Answer:** Baghdad" in key and "Give one word. [2 pt]" in key


@pytest.mark.parametrize("name", kinds.names())
def test_a_kinds_plain_types_are_a_true_shortcut_for_fits(name):
    """The grader accepts an answer of a kind's ``plain_types`` without asking ``fits``: every such value fits."""
    kind = kinds.kind_of(name)
    plain = [v for v in ODD_VALUES if type(v) in kind.plain_types]
    assert all(kind.fits(v) for v in plain), [v for v in plain if not kind.fits(v)][:3]
    assert all(type(v) in (str, int, float, bool, list, dict) for v in plain)
    assert not kind.plain_types & {list, dict, type(None)}  # a container's contents must still be looked at
