"""Try-it checks: plain-words verdicts, saved in the answers file, counted in the gradebook; rubrics;
check-in questions; charts carrying their description; a helpful message for a mistyped table name."""
from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons.cli import main as cli
from lessons.core.data import DataError, load_table
from lessons.core.answers_file import parse as parse_answers_file
from lessons.notebook.exercises import (ExerciseError, check, compare, evaluate, expected_result, find_exercise,
                               load_exercises, parse_exercises)
from lessons.core.learner_ids import save_current
from lessons.core.quizbank import BankError, find_bank, parse_bank
from lessons.core.quiz_text import how_to_answer
from lessons.notebook.responses import ResponseStore


@pytest.mark.parametrize("exercise", load_exercises().values(), ids=lambda e: e.id)
def test_each_solution_is_right_by_its_own_check(exercise):
    expected = expected_result(exercise)
    assert compare(exercise, expected, expected).right


def test_number_rows_and_counts_say_what_to_look_at():
    claims, actors, paras = load_table("claims"), load_table("actors"), load_table("paragraphs")
    # 5 claims have topic "agreement" (counted by hand in claims.csv: c01, c05, c07, c08, c09)
    assert evaluate("01-agreement-claims", 5).right
    wrong = evaluate("01-agreement-claims", claims)
    assert not wrong.right and "one number" in wrong.message and "len(" in wrong.message
    assert evaluate("01-agreement-claims", 6).message.startswith("Your number is 6")
    # rows: all 17 actors kept, 3 quoted (biden, pachachi, allawi ... by hand: presence == quoted)
    rows = evaluate("01-quoted-actors", actors)
    assert rows.message.startswith("You kept 17 rows; the answer keeps 3. 14 of yours should not be there.")
    assert evaluate("01-quoted-actors", actors[actors["presence"] == "quoted"]).right  # any columns will do
    # counts: words per speaker instead of paragraphs per speaker
    counts = evaluate("03-paragraphs-per-speaker", paras.groupby("speaker_id")["words"].sum())
    assert counts.message.startswith("6 of your counts differ from the answer; for example 'allawi': you have 330.")
    assert evaluate("03-paragraphs-per-speaker", paras["speaker_id"].value_counts().sort_index()).right


def test_missing_result_and_unknown_exercise():
    verdict = evaluate("03-armed-groups", __import__("lessons.notebook.exercises").notebook.exercises.MISSING)
    assert not verdict.right and verdict.status == "waiting" and "There is no `armed_groups` yet" in verdict.message
    with pytest.raises(LookupError, match="03-armed-groups"):
        find_exercise("03-armed-group")


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=ANY_VALUE | ANY_VALUE.map(lambda v: pd.Series(v if isinstance(v, list) else [v], dtype=object)),
       exercise_id=st.sampled_from(sorted(load_exercises())))
def test_compare_never_raises_whatever_a_learner_makes(value, exercise_id):
    verdict = evaluate(exercise_id, value)
    assert isinstance(verdict.right, bool) and verdict.message


def test_check_saves_attempts_and_the_gradebook_counts_exercises_done(isolated_answers, tmp_path):
    actors = load_table("actors")
    save_current("Ana Lopez", isolated_answers)
    first = check("03-armed-groups", actors)
    assert not first.right and "Saved in your answers file" in repr(first)
    assert check("03-armed-groups", actors[actors["kind"] == "armed group"]).right
    assert check("03-armed-groups", actors).right is False  # a later wrong try does not undo "done"
    assert check("00-years", 18).right
    html = check("00-years", 17)._repr_html_()
    assert "✘ Not yet." in html and "role='status'" in html and "lessons-check-not-yet" in html
    waiting = check("03-armed-groups")._repr_html_()  # outside a notebook: nothing to read yet
    assert "➜ Your turn." in waiting and "<code>armed_groups</code>" in waiting
    store = ResponseStore("Ana Lopez", isolated_answers)
    doc = parse_answers_file(store.export_bytes(), "export")
    assert doc["exercises"]["03-armed-groups"]["right"] is True
    assert doc["exercises"]["03-armed-groups"]["attempts"] == 3
    assert doc["exercises"]["00-years"] == {**doc["exercises"]["00-years"], "right": True, "attempts": 2}
    # a second learner did one exercise, wrongly: 0 done
    other = ResponseStore("Bo Chen", isolated_answers)
    other.record_exercise("01-quoted-actors", False)
    other.record("00-start-here", "s00-run-cell", "Shift + Enter")
    out = tmp_path / "grades"
    assert cli(["grade", str(isolated_answers / "ana-lopez.json"), str(isolated_answers / "bo-chen.json"),
                "--out", str(out), "--no-report"]) in (0, 3)
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        rows = {r["learner_id"]: r for r in csv.DictReader(handle)}
    assert rows["ana-lopez"]["exercises_done"] == "2" and rows["bo-chen"]["exercises_done"] == "0"
    # the exercises travel with a loaded answers file
    fresh = ResponseStore("Ana Lopez", tmp_path / "fresh")
    assert fresh.merge(doc) == 2
    assert fresh.load()["exercises"]["00-years"]["right"] is True


def test_a_check_refreshes_the_download_links_on_the_page(isolated_answers):
    import base64

    import ipywidgets as W

    from lessons.notebook.answers_box import live_download_link

    save_current("Ana Lopez", isolated_answers)
    link = W.HTML()
    live_download_link(ResponseStore("Ana Lopez", isolated_answers), link)
    assert "exercises" not in base64.b64decode(link.value.split("base64,")[1].split("'")[0]).decode()
    check("00-years", 18)
    doc = json.loads(base64.b64decode(link.value.split("base64,")[1].split("'")[0]))
    assert doc["exercises"]["00-years"]["right"] is True


def test_check_without_a_name_still_answers_and_says_nothing_was_saved(isolated_answers):
    result = check("00-years", 18)
    assert result.right and "Not saved" in repr(result)
    assert not list(isolated_answers.glob("*.json")) if isolated_answers.exists() else True


def test_old_answers_files_without_exercises_still_read(isolated_answers):
    store = ResponseStore("Ana Lopez", isolated_answers)
    store.record("00-start-here", "s00-run-cell", "x")
    doc = json.loads(store.path.read_text())
    assert "exercises" not in doc
    assert parse_answers_file(json.dumps(doc).encode(), "old")["learner"]["id"] == "ana-lopez"
    bad = {**doc, "exercises": {"00-years": {"right": "yes", "attempts": 1}}}
    with pytest.raises(Exception, match="exercises"):
        parse_answers_file(json.dumps(bad).encode(), "bad")


def test_a_mistyped_table_name_lists_the_tables_and_the_close_one():
    with pytest.raises(DataError) as info:
        load_table("actor")
    assert "Did you mean 'actors'?" in str(info.value) and "quotations" in str(info.value)


def _bank_with(question: dict) -> dict:
    base = {"id": "x00-written", "kind": "text", "prompt": "Say why.", "explanation": "Reasons.",
            "objective": 2, "level": "analyse", "source": "P5"}
    return {"quiz": "00-test", "title": "T", "lesson": "00", "questions": [{**base, **question}]}


def test_a_rubric_is_read_shown_to_the_learner_and_checked(tmp_path):
    bank = parse_bank(_bank_with({"rubric": [{"criterion": "Names the paragraph", "points": 1},
                                             {"criterion": "Uses own words", "points": 2}]}), tmp_path / "b.yaml")
    q = bank.questions[0]
    assert q.rubric == (("Names the paragraph", 1.0), ("Uses own words", 2.0))
    assert "Your teacher looks for: Names the paragraph (1 pt); Uses own words (2 pt)." in how_to_answer(q)
    with pytest.raises(BankError, match="rubric"):
        parse_bank(_bank_with({"rubric": [{"criterion": "No points"}]}), tmp_path / "b.yaml")


def test_charts_carry_their_description_as_alt_text():
    import matplotlib.pyplot as plt

    from lessons.notebook import plots

    for name in ("timeline", "troop_levels", "words_per_voice", "claims_by_kind", "forecast_scorecard",
                 "actors_by_kind", "causal_chain"):
        chart = getattr(plots, name)()
        page = chart._repr_html_()
        alt = page.split('alt="', 1)[1].split('"', 1)[0]
        assert alt and alt == __import__("html").escape(chart.description, quote=True), name
        assert "<img src='data:image/png;base64," in page and "<figcaption>" in page
        assert chart.png().startswith(b"\x89PNG")
    assert plt.get_fignums() == []  # nothing left for the inline backend to show a second time, without alt


def test_causal_chain_comes_from_the_claims_table():
    from lessons.notebook import plots

    # claims.csv: dulaimi's claims c30 (no), c31 (no), c32 (no), c33 (partly)
    text = plots.describe_causal_chain()
    assert text.startswith("4 steps of dulaimi's argument")
    assert "c30 (P17, opinion): support no" in text and "c33 (P18, prediction): support partly" in text
def test_every_lesson_has_a_close_reading_with_a_rubric_and_check_ins_are_marked():
    for lesson in ("00", "01", "02", "03", "04", "05", "06", "07"):
        bank = find_bank(lesson)
        reading = [q for q in bank.questions if q.id.endswith("-close-reading")]
        assert len(reading) == 1 and reading[0].kind == "text" and reading[0].in_lesson, lesson
        assert len(reading[0].rubric) >= 2 and sum(p for _, p in reading[0].rubric) == reading[0].points, lesson




@settings(max_examples=200, deadline=None)
@given(data=st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                         lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                             st.sampled_from(["exercises", "tables", "id", "lesson", "name", "task", "solution",
                                              "compare", "look_at", "points", "x"]) | st.text(max_size=5),
                             inner, max_size=8), max_leaves=30))
def test_any_exercises_file_is_read_or_refused_with_a_message(data):
    try:
        tables, found = parse_exercises(data, "exercises.yaml")
    except ExerciseError as exc:
        assert str(exc).startswith("exercises.yaml")
    else:
        assert all(e.name.isidentifier() and e.compare in ("number", "rows", "counts") for e in found.values())


def test_bad_exercises_files_say_what_to_fix():
    good = {"id": "01-x", "lesson": "01", "name": "x", "task": "T", "solution": "1", "compare": "number", "look_at": "L"}
    assert parse_exercises({"exercises": [good]})[1]["01-x"].points == 0
    for broken, words in [({"compare": "sum"}, "use one of number, rows, counts"), ({"name": "my result"}, "Python name"),
                          ({"points": -1}, "use 0 (ungraded)"), ({"solution": ""}, "missing or not text: solution")]:
        with pytest.raises(ExerciseError, match=re.escape(words)):
            parse_exercises({"exercises": [{**good, **broken}]})
    with pytest.raises(ExerciseError, match="'tables' must map"):
        parse_exercises({"tables": ["claims"], "exercises": [good]})


def test_lessons_check_reports_a_broken_exercise(tmp_path, monkeypatch, capsys):
    import shutil

    from lessons.core.paths import course_dir

    course, original = tmp_path / "course", course_dir()
    shutil.copytree(original, course)
    text = (course / "exercises.yaml").read_text(encoding="utf-8")
    (course / "exercises.yaml").write_text(text.replace('claims[claims["topic"] == "agreement"]',
                                                        'claims[claims["topik"] == "agreement"]'), encoding="utf-8")
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(course))
    assert cli(["check"]) == 1
    err = capsys.readouterr().err
    assert "exercises.yaml: exercise 01-agreement-claims: the solution fails (KeyError: 'topik')" in err
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(original))
    assert cli(["check"]) == 0, capsys.readouterr().err


def _answer_numbers(expected) -> set[str]:
    """The numbers an exercise's answer is made of: the number itself, a table's row count, each count."""
    if isinstance(expected, (pd.Series, pd.DataFrame)):
        found = {str(len(expected))}
        if isinstance(expected, pd.Series) and pd.api.types.is_numeric_dtype(expected):
            found |= {f"{v:g}" for v in expected.tolist()}
        return found
    return {f"{float(expected):g}"}


def _wrong_types(exercise, expected) -> list:
    """Results of a type the exercise does not take, each built to carry the answer's size."""
    if exercise.compare == "number":
        size = int(expected)
        return [pd.DataFrame({"n": range(size)}), pd.Series(range(size)), str(size), [0] * size]
    size = len(expected)
    wrong = [size, float(size), str(size), [0] * size]
    return wrong + ([{"x": size}] if exercise.compare == "rows" else [pd.DataFrame({"t": ["a"] * size})])


@pytest.mark.parametrize("exercise", load_exercises().values(), ids=lambda e: e.id)
def test_a_wrong_type_message_never_gives_the_answer_away(exercise):
    """Issue 24: a table given for a number said 'your result is a table of 5 rows' when the answer was 5."""
    expected = expected_result(exercise)
    secret = _answer_numbers(expected)
    for value in _wrong_types(exercise, expected):
        verdict = evaluate(exercise.id, value)
        assert not verdict.right
        said = verdict.message.split(" Look at:")[0]  # what follows is the course's own pointer
        shown = set(re.findall(r"\d+(?:\.\d+)?", said))
        assert not shown & secret, f"{exercise.id}: {type(value).__name__} -> {verdict.message!r}"
