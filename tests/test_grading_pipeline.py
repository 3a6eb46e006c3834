"""The grading pipeline's shape: a request in, a read-only gradebook out; the teacher's marks are part of the
request; the grader's fast entry check gives the verdicts of the kind's own.

The key is tests/fixtures/pinned-course (every figure below is worked out in tests/test_grading_pinned.py's
docstring): under 'best', ann scores 6 + 8 = 14 and dan 2 + 1 + 1 + 5 = 9; the written question w1 (1 point,
pinned-a) is answered by ann and dan only.
"""
from __future__ import annotations

import csv
import dataclasses
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.core.answers_file import check_entry, sound_entry
from lessons.core.kinds import kind_of
from lessons.core.quizbank import load_all
from lessons.teacher.grading import GradeRequest, ScoreCache, grade

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pinned-course"
KEY = load_all(FIXTURE / "quizzes")
HANDINS = FIXTURE / "handins"


def _sheet(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["learner_id", "quiz", "question", "points", "comment"])
        writer.writerows(rows)
    return path


def test_a_gradebook_is_read_only():
    book = grade(GradeRequest([HANDINS], KEY, policy="best"))
    ann = next(r for r in book.results if r.learner_id == "ann")
    assert isinstance(book.results, tuple) and isinstance(book.problems, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        ann.total = 0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        book.set_quizzes = frozenset()  # type: ignore[misc]
    with pytest.raises(TypeError):
        ann.quiz_scores["pinned-a"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        ann.scores[0] = 0  # type: ignore[index]
    assert ann.total == 14  # 6 + 8, as graded


def test_the_marks_are_part_of_the_request_and_grading_keeps_no_state(tmp_path):
    """Marks w1: ann 0.5, dan 1 (each at most the question's 1 point). The maximum counts w1 with or without
    marks (an answer not marked yet counts 0): 14 + 1 = 15."""
    sheet = _sheet(tmp_path / "marks.csv", [("ann", "pinned-a", "w1", "0.5", "clear"), ("dan", "pinned-a", "w1", "1", "")])
    plain = grade(GradeRequest([HANDINS], KEY, policy="best"))
    marked = grade(GradeRequest([HANDINS], KEY, policy="best", marks=sheet))
    again = grade(GradeRequest([HANDINS], KEY, policy="best"))
    totals = {r.learner_id: r.total for r in marked.results}
    assert (totals["ann"], totals["dan"]) == (14.5, 10)  # 14 + 0.5; 9 + 1
    assert marked.max_total == 15 and plain.max_total == 15
    assert marked.results[0].quiz_scores["pinned-a"] == 6.5  # ann: 6 + 0.5
    assert [(r.learner_id, r.total) for r in again.results] == [(r.learner_id, r.total) for r in plain.results]
    assert dict(marked.marks)[("ann", marked.index[("pinned-a", "w1")])].comment == "clear"


def test_a_bad_marks_row_is_a_problem_line_of_the_same_grading(tmp_path):
    sheet = _sheet(tmp_path / "marks.csv", [("ann", "pinned-a", "w1", "3", ""), ("zed", "pinned-a", "w1", "1", "")])
    book = grade(GradeRequest([HANDINS], KEY, policy="best", marks=sheet))
    reasons = [p.reason for p in book.problems if p.file.startswith(str(sheet))]
    assert len(reasons) == 2 and "outside 0 to 1" in reasons[0] and "unknown learner 'zed'" in reasons[1]
    assert next(r.total for r in book.results if r.learner_id == "ann") == 14  # the row set aside adds nothing


KINDS = sorted({q.kind: q for bank in [*KEY, *load_all()] for q in bank.questions}.values(), key=lambda q: q.kind)
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                         max_size=4), max_leaves=12)
ANSWER = JSON | st.sampled_from(["Green", "True", "2500", "a", "fact"]) | st.lists(st.sampled_from(["a", "b", "p"]))
ENTRY = st.one_of(JSON, st.fixed_dictionaries(
    {"answer": ANSWER}, optional={"attempts": st.integers(-2, 5) | JSON,
                                  "history": st.lists(st.fixed_dictionaries({"answer": ANSWER}) | JSON, max_size=3) | JSON}))


@settings(max_examples=300, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(entry=ENTRY, which=st.integers(0, len(KINDS) - 1))
def test_the_graders_entry_check_gives_the_kinds_own_verdict(entry, which):
    """The grader asks a kind about each distinct answer once (ScoreCache.acceptor): for any entry, whatever
    arrives, that gives the same verdict as asking the kind every time, and checking the entry never raises."""
    kind = kind_of(KINDS[which])
    cache = ScoreCache()
    copy = json.loads(json.dumps(entry, allow_nan=True)) if not isinstance(entry, float) else entry
    assert sound_entry(kind, entry, cache.acceptor(kind)) == sound_entry(kind, entry)
    assert sound_entry(kind, copy, cache.acceptor(kind)) == sound_entry(kind, copy)  # a second time: remembered
    used, faults = check_entry(kind, entry, cache.acceptor(kind))
    assert (used is entry and faults == []) == sound_entry(kind, entry)
