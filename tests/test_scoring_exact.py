"""Every branch of checking, compared as whole outcomes (score, maximum, status, sentence), worked out by hand.

The questions are the pinned fixture's (tests/fixtures/pinned-course/quizzes), whose points differ from 1 so
that a score and a maximum cannot be confused. These tests were written to kill the mutants mutmut found
alive (a None for a 0, a maximum left out, a sentence changed): a learner sees the sentence, a teacher the score.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from lessons.core.quizbank import load_all
from lessons.core.scoring import Outcome, answer_problem, check_answer, is_empty

KEY = Path(__file__).resolve().parent / "fixtures" / "pinned-course" / "quizzes"
Q = {q.id: q for bank in load_all(KEY) for q in bank.questions}

NUMBER_HINT = "Type a number, such as 2500 or 2 500 (for a decimal: 2.5 or 2,5)."
CASES = [
    # single s1, 2 points, key Green
    ("s1", "Green", Outcome(2, 2, "correct")),
    ("s1", "Red", Outcome(0, 2, "wrong")),
    ("s1", "green", Outcome(0, 2, "invalid", "That is not one of the options.")),
    ("s1", ["Green"], Outcome(0, 2, "invalid", "That is not one of the options.")),
    ("s1", "  ", Outcome(0, 2, "empty", "No answer given yet.")),
    # multiple m1, 2 points, key a b: (right ticked - wrong ticked) / 2 right options * 2 points
    ("m1", ["b", "a"], Outcome(2, 2, "correct")),
    ("m1", ["a"], Outcome(1, 2, "partial", "1 of 2 right options ticked, 0 wrong one(s) ticked")),
    ("m1", ["a", "b", "c"], Outcome(1, 2, "partial", "2 of 2 right options ticked, 1 wrong one(s) ticked")),
    ("m1", ["a", "c"], Outcome(0, 2, "wrong", "1 of 2 right options ticked, 1 wrong one(s) ticked")),
    ("m1", ["c", "d", "a"], Outcome(0, 2, "wrong", "1 of 2 right options ticked, 2 wrong one(s) ticked")),
    ("m1", ["a", "z"], Outcome(0, 2, "invalid", "Tick options from the list.")),
    ("m1", "a", Outcome(0, 2, "invalid", "Tick options from the list.")),
    ("m1", [], Outcome(0, 2, "empty", "No answer given yet.")),
    # truefalse t1, 1 point, key True
    ("t1", True, Outcome(1, 1, "correct")),
    ("t1", False, Outcome(0, 1, "wrong")),
    ("t1", "True", Outcome(0, 1, "invalid", "Answer True or False.")),
    ("t1", 1, Outcome(0, 1, "invalid", "Answer True or False.")),
    # number n1, 1 point, key 2500 +- 100: 2400 and 2600 are in, 2399 and 2601 out
    ("n1", "2400", Outcome(1, 1, "correct")),
    ("n1", 2600, Outcome(1, 1, "correct")),
    ("n1", "2,500 soldiers", Outcome(1, 1, "correct")),
    ("n1", "2601", Outcome(0, 1, "wrong", "too high")),
    ("n1", 2399.5, Outcome(0, 1, "wrong", "too low")),
    ("n1", "lots", Outcome(0, 1, "invalid", NUMBER_HINT)),
    ("n1", True, Outcome(0, 1, "invalid", NUMBER_HINT)),
    ("n1", 10 ** 400, Outcome(0, 1, "invalid", NUMBER_HINT)),
    # written w1: never marked by the machine, worth 0 here
    ("w1", "My answer.", Outcome(0, 0, "recorded", "Recorded for your teacher to read.")),
    ("w1", " ", Outcome(0, 0, "empty", "Write your answer first.")),
    ("w1", ["My answer."], Outcome(0, 0, "invalid", "A written answer must be text.")),
    # classify c1, 3 points: share of the 3 items placed right
    ("c1", {"x": "fact", "y": "opinion", "z": "prediction"}, Outcome(3, 3, "correct")),
    ("c1", {"x": "fact", "y": "fact", "z": "prediction"}, Outcome(2, 3, "partial", "2 of 3 items placed right")),
    ("c1", {"x": "fact"}, Outcome(1, 3, "partial", "1 of 3 items placed right")),
    ("c1", {"x": "opinion", "y": "fact", "z": "fact"}, Outcome(0, 3, "wrong", "0 of 3 items placed right")),
    ("c1", {"x": ["fact"]}, Outcome(0, 3, "invalid", "Place each item in a category.")),
    ("c1", {"x": None}, Outcome(0, 3, "empty", "No answer given yet.")),
    # match k1, 2 points
    ("k1", {"u": "U", "v": "U"}, Outcome(1, 2, "partial", "1 of 2 items placed right")),
    ("k1", ["u", "U"], Outcome(0, 2, "invalid", "Place each item in a category.")),
    # order o1, 3 points, key p q r: share of the 3 pairs in the right order
    ("o1", ["p", "q", "r"], Outcome(3, 3, "correct")),
    ("o1", ["q", "p", "r"], Outcome(2, 3, "partial", "2 of 3 pairs in the right order")),
    ("o1", ["q", "r", "p"], Outcome(1, 3, "partial", "1 of 3 pairs in the right order")),
    ("o1", ["r", "q", "p"], Outcome(0, 3, "wrong", "0 of 3 pairs in the right order")),
    ("o1", ["p", "q"], Outcome(0, 3, "invalid", "Give each item its own position, using every position once.")),
    ("o1", ["p", "q", "q"], Outcome(0, 3, "invalid", "Give each item its own position, using every position once.")),
    ("o1", [None, "p", "q"], Outcome(0, 3, "invalid", "Give each item its own position, using every position once.")),
]


@pytest.mark.parametrize("qid, answer, expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_outcome_of_every_branch(qid, answer, expected):
    assert check_answer(Q[qid], answer) == expected


def test_fraction_and_a_question_worth_nothing():
    assert check_answer(Q["m1"], ["a"]).fraction == 0.5
    assert check_answer(Q["o1"], ["q", "r", "p"]).fraction == pytest.approx(1 / 3)
    free = replace(Q["s1"], points=0.0)
    assert check_answer(free, "Green") == Outcome(0, 0, "correct") and check_answer(free, "Green").fraction == 0


def test_a_learner_copy_records_without_marking():
    for qid, answer in (("s1", "Red"), ("o1", ["r", "q", "p"]), ("n1", "7")):
        released = replace(Q[qid], answer=None)
        assert check_answer(released, answer) == Outcome(0, Q[qid].points, "recorded", "Answer recorded.")
    assert check_answer(replace(Q["o1"], answer=None), [1]).status == "invalid"


@pytest.mark.parametrize("qid, answer, reason", [
    ("s1", "Green", ""), ("s1", None, ""),
    ("s1", 3, "has the wrong type for a single question (expected the text of one option, got a number)"),
    ("o1", [None], "has the wrong shape for an order question (expected a list of item ids, got a list holding "
                   "something other than text)"),
    ("o1", {"p": 1}, "has the wrong type for an order question (expected a list of item ids, got a mapping)"),
    ("m1", [True], "has the wrong shape for a multiple question (expected a list of option texts, got a list "
                   "holding something other than text)"),
    ("k1", {"u": 2}, "has the wrong shape for a match question (expected a mapping of item ids to categories, "
                     "got a mapping holding something other than text)"),
    ("t1", "yes", "has the wrong type for a truefalse question (expected true or false, got text)"),
    ("n1", False, "has the wrong type for a number question (expected a number or the text typed, got true/false)"),
    ("w1", None, ""), ("w1", [], "has the wrong type for a text question (expected text, got a list)"),
])
def test_answer_problem_names_the_kind_what_it_takes_and_what_came(qid, answer, reason):
    assert answer_problem(Q[qid], answer) == reason


@pytest.mark.parametrize("answer, empty", [
    (None, True), ("", True), ("  \n", True), ([], True), ({}, True), ({"x": None, "y": ""}, True),
    ("a", False), (0, False), (False, False), ([None], False), ({"x": "fact"}, False), (0.0, False),
])
def test_what_counts_as_no_answer(answer, empty):
    assert is_empty(Q["s1"], answer) is empty


def test_partial_credit_keeps_four_decimals():
    # 1 of 3 pairs right on a 1-point order question: 1/3 = 0.3333 (four decimals, as stated in the feedback)
    one_point = replace(Q["o1"], points=1.0)
    assert check_answer(one_point, ["q", "r", "p"]) == Outcome(0.3333, 1, "partial", "1 of 3 pairs in the right order")
    # 1 of 3 right options ticked, none wrong, 1 point: (1 - 0) / 3 = 0.3333
    three_right = replace(Q["m1"], answer=("a", "b", "c"), points=1.0)
    assert check_answer(three_right, ["a"]) == Outcome(0.3333, 1, "partial",
                                                       "1 of 3 right options ticked, 0 wrong one(s) ticked")


def test_thousands_are_read_only_where_the_key_makes_them_likely():
    from lessons.core.scoring import parse_number, read_answer_number

    assert parse_number("2,500") is None and parse_number("2,500", whole_number=True) == 2500
    assert parse_number("2500 XXXX") is None and parse_number("2500 soldiers", "soldiers") == 2500
    # key 1000 (whole, 1,000 or more): '1,000' is a thousand; key 7: '2,500' cannot be read either way
    assert check_answer(replace(Q["n1"], answer=1000, tolerance=0.0), "1,000") == Outcome(1, 1, "correct")
    assert check_answer(replace(Q["n1"], answer=7, tolerance=0.0), "2,500").status == "invalid"
    assert check_answer(replace(Q["n1"], answer=2.5, tolerance=0.0), "2,500").status == "invalid"
    assert read_answer_number(replace(Q["n1"], answer=None), "2,500") is None  # a learner copy has no key to go by
