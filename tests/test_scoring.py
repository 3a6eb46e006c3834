"""Checking answers: every kind and its edges (no answer, case and spaces, tolerance, partial credit, order)."""
from __future__ import annotations

import pytest

from lessons.core.quizbank import Question
from lessons.core.scoring import check_answer, parse_number


def q(kind, **kw) -> Question:
    return Question(id="x", kind=kind, prompt="?", objective=1, level="remember", source="P1", **kw)


SINGLE = q("single", options=("Shift + Enter", "Tab"), answer="Shift + Enter")
MULTI = q("multiple", options=("a", "b", "c", "d"), answer=("a", "b"), points=2)
TF = q("truefalse", answer=False)
NUM = q("number", answer=2500, tolerance=100, unit="soldiers")
MATCH = q("match", items=(("i1", "one"), ("i2", "two")), categories=("x", "y"), answer={"i1": "x", "i2": "y"})
CLASSIFY = q("classify", items=(("a", "A"), ("b", "B"), ("c", "C"), ("d", "D")),
             categories=("fact", "opinion", "prediction", "recommendation"),
             answer={"a": "fact", "b": "opinion", "c": "prediction", "d": "recommendation"})
ORDER = q("order", items=(("c", "C"), ("a", "A"), ("b", "B")), answer=("a", "b", "c"))
TEXT = q("text")


@pytest.mark.parametrize("question", [SINGLE, MULTI, TF, NUM, MATCH, CLASSIFY, ORDER, TEXT])
@pytest.mark.parametrize("empty", [None, "", "   ", [], {}])
def test_no_answer_is_empty_not_wrong(question, empty):
    assert check_answer(question, empty).status == "empty"


def test_single():
    assert check_answer(SINGLE, "Shift + Enter").status == "correct"
    assert check_answer(SINGLE, "Tab").status == "wrong"
    assert check_answer(SINGLE, "shift + enter").status == "invalid"


def test_multiple_partial_credit_rule():
    assert check_answer(MULTI, ["a", "b"]).score == 2
    half = check_answer(MULTI, ["a"])
    assert half.status == "partial" and half.score == 1
    assert check_answer(MULTI, ["a", "c"]).score == 0      # one right minus one wrong
    assert check_answer(MULTI, ["a", "b", "c"]).score == 1  # (2 - 1) / 2 of 2 points
    assert check_answer(MULTI, ["c", "d"]).status == "wrong"
    assert check_answer(MULTI, ["z"]).status == "invalid"


def test_truefalse():
    assert check_answer(TF, False).status == "correct"
    assert check_answer(TF, True).status == "wrong"
    assert check_answer(TF, "False").status == "invalid"


@pytest.mark.parametrize("typed,status", [
    ("2500", "correct"), ("2,500", "correct"), (" 2400 ", "correct"), ("2600", "correct"),
    ("2600.1", "wrong"), ("2399", "wrong"), ("2500 soldiers", "correct"), ("about", "invalid"), ("2.5k", "invalid"),
])
def test_number_tolerance_bounds(typed, status):
    assert check_answer(NUM, typed).status == status


def test_number_direction_hint():
    assert check_answer(NUM, "9000").detail == "too high"
    assert parse_number("1,234.5") == 1234.5 and parse_number(True) is None


def test_match_and_classify_partial():
    assert check_answer(MATCH, {"i1": "x", "i2": "y"}).status == "correct"
    part = check_answer(CLASSIFY, {"a": "fact", "b": "fact", "c": "prediction", "d": "fact"})
    assert part.status == "partial" and part.score == pytest.approx(0.5)
    assert check_answer(MATCH, {"i1": "y", "i2": "x"}).status == "wrong"
    assert check_answer(MATCH, ["x"]).status == "invalid"


def test_order_pairs_rule():
    assert check_answer(ORDER, ["a", "b", "c"]).status == "correct"
    one_swap = check_answer(ORDER, ["b", "a", "c"])
    assert one_swap.status == "partial" and one_swap.score == pytest.approx(2 / 3, abs=1e-3)
    assert check_answer(ORDER, ["c", "b", "a"]).status == "wrong"
    assert check_answer(ORDER, ["a", "a", "c"]).status == "invalid"


def test_text_is_recorded_never_marked():
    out = check_answer(TEXT, "Any words at all")
    assert out.status == "recorded" and out.max_score == 0


def test_released_question_without_key_is_recorded():
    released = q("single", options=("a", "b"), answer=None)
    assert check_answer(released, "a").status == "recorded"
