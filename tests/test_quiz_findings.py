"""Issue 13's findings 1, 3, 6, 7 and 9, in-process through the quiz view's real widgets
(2: test_quiz_cells.py; 4: test_learner_names.py; 5 and the keyboard: test_browser_learner.py;
8: test_static_view.py)."""
from __future__ import annotations

import json

import pytest

from lessons.notebook.controls import FilePicker
from lessons.notebook.question_widget import QuizQuestion
from lessons.core.learner_ids import learner_id
from lessons.core.option_order import key_position_warnings, shown_bank
from lessons.core.quiz_text import inline_markdown, points_note
from lessons.notebook.quiz_view import QuizView, score_text
from lessons.core.quizbank import find_bank, load_all
from lessons.notebook.responses import ResponseStore
from lessons.core.scoring import check_answer


def question_box(view: QuizView, qid: str) -> QuizQuestion:
    return next(c for c in view.box.children if f"lessons-q-{qid}" in getattr(c, "_dom_classes", ()))


def press(box: QuizQuestion) -> str:
    box.click()  # what the page's Check click does: check the answer on screen
    return box.feedback


# 1 -----------------------------------------------------------------------------------------------
def test_options_shuffled_stable_per_learner_and_different_between_learners():
    for bank in load_all():
        a1, a2 = shown_bank(bank, learner_id("Ana Lopez")), shown_bank(bank, learner_id("Ana Lopez"))
        b = shown_bank(bank, learner_id("مايا حداد"))
        assert a1 == a2, bank.quiz  # the same learner: the same order after a restart or reload
        assert any(x != y for x, y in zip(a1.questions, b.questions)), bank.quiz
        for q, shown in zip(bank.questions, a1.questions):  # the same options, items, categories, key
            assert sorted(q.options) == sorted(shown.options) and sorted(q.items) == sorted(shown.items)
            assert sorted(q.categories) == sorted(shown.categories) and q.answer == shown.answer


def test_the_right_option_is_not_always_first_for_learners():
    """Finding 1: every single-choice key was option A. Shown to 40 learners, each place gets used."""
    bank = find_bank("01")
    singles = [q for q in bank.questions if q.kind == "single"]
    places = {shown.options.index(q.answer) for n in range(40)
              for q, shown in zip(singles, [shown_bank(bank, f"learner-{n}").question(q.id) for q in singles])}
    assert places == set(range(4))


def test_a_pinned_question_keeps_its_written_order(tmp_path):
    import dataclasses

    bank = find_bank("01")
    q = dataclasses.replace(bank.questions[0], shuffle=False)
    pinned = dataclasses.replace(bank, questions=(q,))
    assert all(shown_bank(pinned, f"l{n}").questions[0].options == q.options for n in range(10))


def test_answer_saved_is_the_option_text_whatever_order_is_shown(isolated_answers):
    bank = find_bank("01")
    store = ResponseStore("Shuffle Tester")
    view = QuizView(bank, store, "practice")
    q = bank.question("a01-what-ends")
    box = question_box(view, q.id)
    assert box.form["options"] == list(shown_bank(bank, store.id).question(q.id).options)
    box.answer = [q.answer]
    assert "Correct" in press(box)
    assert store.entries(bank.quiz)[q.id]["answer"] == q.answer


def test_check_warns_when_keys_sit_in_one_written_place():
    import dataclasses

    bank = find_bank("01")
    first = tuple(dataclasses.replace(q, options=(q.answer, *[o for o in q.options if o != q.answer]))
                  if q.kind == "single" else q for q in bank.questions)
    assert "are option A in the written order" in " ".join(key_position_warnings(dataclasses.replace(bank, questions=first)))
    assert key_position_warnings(bank) == []  # the course's banks mix the places


# 3 -----------------------------------------------------------------------------------------------
def test_same_answer_twice_is_one_attempt_and_explanation_needs_two_different_wrong_answers(isolated_answers):
    bank = find_bank("01")
    store = ResponseStore("Attempt Tester")
    q = bank.question("a01-what-ends")
    box = question_box(QuizView(bank, store, "practice"), q.id)
    wrong = [o for o in q.options if o != q.answer]
    box.answer = [wrong[0]]
    assert "Why:" not in press(box)
    again = press(box)  # a double click, or the same wrong answer again
    assert "not counted as a new attempt" in again and "Why:" not in again
    assert store.entries(bank.quiz)[q.id]["attempts"] == 1
    box.answer = [wrong[1]]
    assert "Why:" in press(box)  # two different wrong answers
    assert store.entries(bank.quiz)[q.id]["attempts"] == 2


def test_show_explanation_is_recorded_in_the_answers_file(isolated_answers):
    bank = find_bank("01")
    store = ResponseStore("Explain Tester")
    q = bank.question("a01-what-ends")
    box = question_box(QuizView(bank, store, "practice"), q.id)
    box.answer = [next(o for o in q.options if o != q.answer)]
    press(box)
    assert box.offer_explanation and box.explain_label.startswith("Show explanation")
    box.explain()  # the page's 'Show explanation' click
    assert "Why:" in box.feedback
    saved = json.loads(store.path.read_text(encoding="utf-8"))["quizzes"][bank.quiz][q.id]
    assert saved["explanation_shown_at"] and saved["attempts"] == 1
    # shown again later (a restart): the explanation stays, because the request was recorded
    again = question_box(QuizView(bank, ResponseStore("Explain Tester"), "practice"), q.id)
    assert "Why:" in again.feedback


def test_a_click_while_a_check_runs_is_dropped_and_the_button_keeps_focus(isolated_answers, monkeypatch):
    """Finding 3: two quick clicks counted two attempts. A second click during a check does nothing;
    the button is never disabled (that would throw a keyboard user's focus to the top of the page)."""
    bank = find_bank("01")
    store = ResponseStore("Busy Tester")
    q = bank.question("a01-what-ends")
    box = question_box(QuizView(bank, store, "practice"), q.id)
    real = store.save_answer
    calls = []

    def record(*args, **kwargs):
        calls.append(False)  # the button has no disabled state to take: it is never disabled
        box.answer = [o for o in q.options if o != q.answer][:1]  # changed meanwhile...
        box.click()  # ...and clicked again while the first check runs
        return real(*args, **kwargs)

    monkeypatch.setattr(store, "save_answer", record)
    box.answer = [q.answer]
    press(box)
    assert calls == [False] and store.entries(bank.quiz)[q.id]["attempts"] == 1


# 6 -----------------------------------------------------------------------------------------------
def test_every_quiz_has_load_answers_next_to_its_download_link(isolated_answers):
    view = QuizView(find_bank("03"), ResponseStore("Load Tester"), "practice")
    row = view.download.children[0]
    assert "Download my answers" in row.children[0].value
    picker = row.children[1]
    assert isinstance(picker, FilePicker) and picker.label == "Load answers from a file"  # 9: no "(0)"


# 7 -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lesson,qid,words", [
    ("01", "a01-what-ends", "Choose one of the options"), ("01", "a01-troop-cap", "Choose True or False"),
    ("01", "a01-what-stays", "Tick the options"), ("01", "a01-troops-number", "Type a number"),
    ("03", "v03-roles", "Choose a category"), ("02", "t02-order-events", "Give each item a position")])
def test_empty_check_says_what_to_do_for_its_own_kind(lesson, qid, words, isolated_answers):
    bank = find_bank(lesson)
    store = ResponseStore("Empty Tester")
    text = press(question_box(QuizView(bank, store, "practice"), qid))
    assert words in text
    assert bank.question(qid).kind == "order" or "its own position" not in text
    assert store.entries(bank.quiz) == {}


# 9 -----------------------------------------------------------------------------------------------
def test_score_has_two_decimals_at_most():
    assert score_text(3.3333) == "3.33" and score_text(8.0) == "8" and score_text(2.5) == "2.5"


def test_partial_score_shows_two_decimals_in_the_view(isolated_answers):
    bank = find_bank("01")
    store = ResponseStore("Score Tester")
    view = QuizView(bank, store, "practice")
    q = bank.question("a01-what-stays")  # three right options: one of three ticks is 0.333...
    box = question_box(view, q.id)
    box.answer = [q.answer[0]]
    press(box)
    assert check_answer(q, [q.answer[0]]).score == pytest.approx(1 / 3, abs=1e-3)
    assert "Score: 0.33 of 8 points" in view.score.value


def test_written_answers_say_they_carry_no_points_and_total_agrees(isolated_answers):
    bank = find_bank("01")
    view = QuizView(bank, ResponseStore("Points Tester"), "practice")
    text_q = next(q for q in bank.questions if not q.auto_scored)
    prompt = question_box(view, text_q.id).prompt
    assert "not scored here" in prompt and "(1 pt)" not in prompt
    assert points_note(text_q) == "not scored here: your teacher reads it"
    scored = sum(q.points for q in bank.questions if q.auto_scored)
    assert f"of {score_text(scored)} points" in view.score.value


def test_markdown_backticks_are_rendered_in_prompts(isolated_answers):
    bank = find_bank("01")
    q = bank.question("a01-filter-code")
    assert "`" in q.prompt
    prompt = question_box(QuizView(bank, ResponseStore("Md Tester"), "practice"), q.id).prompt
    assert "<code>quotes</code>" in prompt and "`" not in prompt
    assert inline_markdown("a `<b>` **c**") == "a <code>&lt;b&gt;</code> <b>c</b>"


def test_invalid_number_twice_gives_visibly_new_feedback(isolated_answers):
    bank = find_bank("01")
    box = question_box(QuizView(bank, ResponseStore("Number Tester"), "practice"), "a01-troops-number")
    box.answer = "lots"
    first = press(box)
    second = press(box)
    assert "Type a number" in first and first != second and "still" in second
