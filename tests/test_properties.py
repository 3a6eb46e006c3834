"""Property-based tests (Hypothesis): whatever arrives, checking and grading never raise and stay in bounds.

The default run uses a fixed, bounded profile (derandomized, so every run tries the same inputs; about
30 s in all on this machine). For a longer search set LESSONS_HYPOTHESIS=long (thousands of examples per
property, random seeds):  LESSONS_HYPOTHESIS=long .venv/bin/python -m pytest tests/test_properties.py
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from lessons.core import answers_file
from lessons.cli import main
from lessons.teacher.grading import GradeRequest, grade
from lessons.core.quizbank import BankError, load_all, load_bank, parse_bank
from lessons.teacher.safe_csv import FORMULA_START
from lessons.core.scoring import check_answer

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pinned-course"
KEY = FIXTURE / "quizzes"
PINNED = load_all(KEY)
COURSE = load_all()
QUESTIONS = [q for bank in [*PINNED, *COURSE] for q in bank.questions]
SCHEMA = json.loads(answers_file.SCHEMA_PATH.read_text(encoding="utf-8"))

settings.register_profile("bounded", max_examples=30, derandomize=True, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("long", max_examples=2000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
PROFILE = settings.get_profile("long" if os.environ.get("LESSONS_HYPOTHESIS") == "long" else "bounded")

# Any JSON value: scalars (with floats of every kind Python's json reads, NaN and infinities included),
# lists and mappings of them, nested.
SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner,
                                                                                         max_size=5), max_leaves=20)


def near_answers(q) -> st.SearchStrategy:
    """Values close to a right answer (option texts, item ids, categories) mixed with anything."""
    words = [*q.options, *(i for i, _ in q.items), *q.categories, "True", "2500", "2 500", "2,500"]
    word = st.sampled_from(words) | st.text(max_size=8) if words else st.text(max_size=8)
    ids = [i for i, _ in q.items] or ["x"]
    return st.one_of(
        JSON, word, st.lists(word | JSON, max_size=6),
        st.dictionaries(st.sampled_from(ids) | st.text(max_size=4), word | JSON, max_size=6),
        st.lists(st.sampled_from(ids), max_size=len(ids) + 1),
    )


@settings(PROFILE, max_examples=max(PROFILE.max_examples, 300))  # checking is fast: more examples for free
@given(data=st.data())
def test_checking_any_json_value_never_raises_and_stays_in_bounds(data):
    q = data.draw(st.sampled_from(QUESTIONS))
    answer = data.draw(near_answers(q))
    outcome = check_answer(q, answer)
    assert 0 <= outcome.score <= q.points
    assert outcome.status in ("correct", "partial", "wrong", "empty", "invalid", "recorded")


def _closed(schema: dict) -> dict:
    """The shipped schema's object with no extra properties (hypothesis-jsonschema then draws far faster)."""
    return {**schema, "additionalProperties": False}


# From the answers-file schema the package ships: the top level and the learner as they are (closed), the
# quizzes left to the strategy below so that they hold the key's quiz and question ids; each entry from the
# schema's 'entry' definition with its answers (any JSON value) drawn separately.
_TOP = {k: v for k, v in SCHEMA.items() if k not in ("$id", "definitions")}
_TOP = _closed({**_TOP, "properties": {**_TOP["properties"], "learner": _closed(_TOP["properties"]["learner"]),
                                        "quizzes": {"type": "object", "maxProperties": 0}}})
_ENTRY = SCHEMA["definitions"]["entry"]
_HISTORY_ITEM = _ENTRY["properties"]["history"]["items"]
_ENTRY = _closed({**_ENTRY, "properties": {
    **_ENTRY["properties"], "answer": {"type": "null"}, "correct": {"type": "boolean"},
    "history": {**_ENTRY["properties"]["history"], "maxItems": 3,
                "items": _closed({**_HISTORY_ITEM, "properties": {**_HISTORY_ITEM["properties"],
                                                                  "answer": {"type": "null"}}})}}})
TOP_LEVELS = from_schema(_TOP)
ENTRIES = from_schema(_ENTRY)
ANSWERS = JSON | st.sampled_from(["Green", "a", "p", "2500", "=1+1"])


@st.composite
def entries(draw):
    """A schema-valid entry with any answer values; now and then any JSON value instead of an entry."""
    if draw(st.integers(0, 9)) == 0:
        return draw(JSON)
    entry = draw(ENTRIES)
    entry["answer"] = draw(ANSWERS)
    for item in entry.get("history", []):
        item["answer"] = draw(ANSWERS)
    return entry


QUIZ_IDS = [b.quiz for b in PINNED]
QIDS = {b.quiz: [q.id for q in b.questions] for b in PINNED}


@st.composite
def answers_files(draw) -> dict:
    """A schema-valid answers file whose quizzes hold the key's question ids with any answer values;
    sometimes with quizzes and questions the key does not know, or for another course."""
    doc = draw(TOP_LEVELS)
    doc["course"] = draw(st.sampled_from(["pinned-mini", "pinned-mini", doc["course"]]))
    for quiz in draw(st.lists(st.sampled_from([*QUIZ_IDS, "unknown-quiz"]), unique=True, max_size=3)):
        qids = QIDS.get(quiz, ["q"])
        chosen = draw(st.lists(st.sampled_from([*qids, "unknown-question"]), unique=True, max_size=len(qids) + 1))
        doc["quizzes"][quiz] = {qid: draw(entries()) for qid in chosen}
    return doc


def any_input() -> st.SearchStrategy:
    """Bytes of a file: any bytes, any JSON document, or a schema-valid answers file (as bytes)."""
    as_bytes = lambda doc: json.dumps(doc).encode()  # noqa: E731
    return st.one_of(st.binary(max_size=200), JSON.map(as_bytes), answers_files().map(as_bytes),
                     answers_files().map(lambda d: b"\xef\xbb\xbf" + as_bytes(d)))


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


@PROFILE
@given(files=st.lists(any_input(), min_size=1, max_size=4))
def test_grading_any_files_never_raises_and_accounts_for_every_file(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "handins"
        folder.mkdir()
        paths = []
        for n, raw in enumerate(files):
            path = folder / f"{n}.json"
            path.write_bytes(raw)
            paths.append(str(path))
        book = grade(GradeRequest([folder], PINNED, policy="best"))
        # every input lands exactly once: in the gradebook, or (not graded) as exactly one problem line
        for path in paths:
            graded = [r for r in book.results if r.file == path]
            refused = [p for p in book.problems if p.file == path and not p.question]
            assert len(graded) == 1 or (not graded and len(refused) == 1), (path, graded, refused)
        assert book.files_read == len(files)
        assert all("internal error" not in p.reason for p in book.problems)
        for r in book.results:
            assert 0 <= r.total <= book.max_total
            assert all(0 <= (s or 0) <= q.points for s, (_, q) in zip(r.scores, book.questions))


@PROFILE
@given(files=st.lists(answers_files(), min_size=1, max_size=3), name=st.text(max_size=20),
       policy=st.sampled_from(["first", "best", "last"]))
def test_written_files_hold_no_live_formula_and_totals_stay_in_bounds(files, name, policy):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "handins"
        folder.mkdir()
        for n, doc in enumerate(files):
            doc["learner"]["name"] = name if n == 0 else doc["learner"]["name"]
            (folder / f"{n}.json").write_text(json.dumps(doc), encoding="utf-8")
        out = Path(tmp) / "out"
        status = main(["grade", str(folder), "--key", str(KEY), "--out", str(out), "--policy", policy,
                       "--no-report", "--feedback", "--lms", "moodle"])
        assert status in (0, 3)
        for csv_file in out.glob("*.csv"):
            for row in read_rows(csv_file):
                for cell in row:
                    assert not cell.startswith(FORMULA_START) or _is_number(cell), (csv_file.name, cell)
        for row in csv.DictReader((out / "gradebook.csv").open(encoding="utf-8", newline="")):
            assert 0 <= float(row["total"]) <= float(row["max"])


def _widgets(widget) -> list:
    """Every widget under this one."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _widgets(child)
    return found


_LEARNERS = iter(range(10 ** 9))


def _view(quiz: str):
    """A fresh practice view of a fixture quiz for a new learner (so every example starts from the same page)."""
    from lessons.notebook.quiz_view import QuizView
    from lessons.notebook.responses import ResponseStore

    bank = next(b for b in PINNED if b.quiz == quiz)
    return QuizView(bank, ResponseStore(f"Property Tester {next(_LEARNERS)}"), "practice")


def _any_answer_for(question) -> st.SearchStrategy:
    """Any answer the page could send for this question: its form's values, and anything else JSON holds."""
    form = question.form
    texts = st.sampled_from(form.get("options") or form.get("choices") or ["x"]) | st.text(max_size=10)
    shaped = (st.lists(texts, max_size=4) if form["control"] in ("radio", "checkbox")
              else st.dictionaries(st.sampled_from([i for i, _ in form["items"]] or ["x"]), texts, max_size=6)
              if form["control"] == "select" else st.text(max_size=40))
    return shaped | JSON_VALUE


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                                     max_size=3), max_leaves=8)


@pytest.fixture(scope="module")
def answers_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("view-answers")
    return folder


@PROFILE
@given(data=st.data())
def test_quiz_view_check_handler_never_raises_whatever_the_widgets_hold(data, answers_folder, monkeypatch):
    from lessons.notebook.question_widget import QuizQuestion

    monkeypatch.setenv("LESSONS_RESPONSES_DIR", str(answers_folder))
    view = _view(data.draw(st.sampled_from(QUIZ_IDS)))
    questions = [w for w in _widgets(view.box) if isinstance(w, QuizQuestion)]
    assert questions
    for _ in range(data.draw(st.integers(1, 3))):  # a few clicks, as a learner tries again
        question = questions[data.draw(st.integers(0, len(questions) - 1))]
        message = data.draw(st.fixed_dictionaries({"event": st.sampled_from(["check", "explain", "other"]),
                                                   "answer": _any_answer_for(question)}) | JSON_VALUE)
        question._on_front_end(question, message, [])  # called directly: ipywidgets would swallow an exception
    assert "Score:" in view.score.value


# A quiz bank is edited by hand by teachers: whatever a file holds, loading it gives a bank or a BankError
# naming the file, never another exception.
JSON_LIKE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
                         lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                                                    max_size=4), max_leaves=20)
BANK_FIELDS = ["quiz", "title", "lesson", "scoring", "mode", "questions", "id", "kind", "prompt", "options",
               "answer", "items", "categories", "tolerance", "explanation", "objective", "level", "source", "hint"]


def bank_shaped() -> st.SearchStrategy:
    """Documents near a real bank: the course's own bank with fields replaced by any value."""
    real = yaml.safe_load((load_all()[1].path).read_text(encoding="utf-8"))

    return st.tuples(st.none() | st.integers(0, 20), st.sampled_from(BANK_FIELDS), JSON_LIKE).map(
        lambda t: _replace(real, *t))


def _replace(real: dict, where, field: str, value):
    doc = json.loads(json.dumps(real))
    target = doc if where is None else doc["questions"][where % len(doc["questions"])]
    target[field] = value
    return doc


@settings(PROFILE)
@given(doc=st.one_of(JSON_LIKE, bank_shaped()))
def test_any_bank_document_gives_a_bank_or_a_bank_error(doc):
    path = Path("quizzes") / "99-any.yaml"
    try:
        bank = parse_bank(doc, path)
    except BankError as exc:
        assert "99-any.yaml" in str(exc)
    else:
        assert bank.questions is not None


@settings(PROFILE)
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bank_file_gives_a_bank_or_a_bank_error(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "98-any.yaml"
        path.write_bytes(raw)
        try:
            load_bank(path)
        except BankError as exc:
            assert "98-any.yaml" in str(exc)
