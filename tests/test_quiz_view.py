"""The widget view in-process: every kind in both modes, driven through each question widget's traits as the
page sets them (the answer on screen, then the Check click that carries it)."""
from __future__ import annotations

import pytest

from lessons.notebook.question_widget import QuizQuestion
from lessons.notebook.quiz_view import QuizView, feedback_html
from lessons.core.quizbank import find_bank
from lessons.notebook.responses import ResponseStore
from lessons.core.scoring import check_answer

PICKS = {"single": ("01", "a01-what-ends"), "multiple": ("01", "a01-what-stays"), "truefalse": ("01", "a01-troop-cap"),
         "number": ("01", "a01-troops-number"), "text": ("01", "a01-statement-vs-article"),
         "order": ("02", "t02-order-events"), "match": ("03", "v03-roles"), "classify": ("04", "c04-classify-b")}


def question_box(view: QuizView, qid: str) -> QuizQuestion:
    return next(c for c in view.box.children if f"lessons-q-{qid}" in getattr(c, "_dom_classes", ()))


def set_answer(box: QuizQuestion, q, answer) -> None:
    """Put an answer on screen as the page would: in the shape of the kind's form."""
    if q.kind == "single":
        box.answer = [answer]
    elif q.kind == "truefalse":
        box.answer = ["True" if answer else "False"]
    elif q.kind == "multiple":
        box.answer = [o for o in box.form["options"] if o in answer]
    elif q.kind in ("number", "text"):
        box.answer = str(answer)
    elif q.kind == "order":
        box.answer = {item: str(pos) for pos, item in enumerate(answer, 1)}
    else:
        box.answer = dict(answer)


def press(box: QuizQuestion) -> str:
    box.click()
    return box.feedback


def right(q):
    if q.kind == "text":
        return "The statement names the date."
    return dict(q.answer) if isinstance(q.answer, dict) else list(q.answer) if isinstance(q.answer, tuple) else q.answer


def wrong(q, other: bool = False):
    """A wrong answer; ``other=True`` gives a different wrong answer (truefalse has only one)."""
    k = 1 if other else 0
    bad = [o for o in q.options if o != q.answer and o not in (q.answer or ())]
    return {"single": lambda: bad[k], "multiple": lambda: [bad[-1 - k]], "truefalse": lambda: not q.answer,
            "number": lambda: str(9999 + k), "order": lambda: list(reversed(q.answer))[k:] + list(reversed(q.answer))[:k],
            "match": lambda: {i: q.categories[k] for i, _ in q.items},
            "classify": lambda: {i: ("recommendation", "prediction")[k] for i, _ in q.items}}[q.kind]()


@pytest.mark.parametrize("kind", list(PICKS))
def test_practice_mode_feedback_explanation_attempts_and_saving(kind, isolated_answers):
    lesson, qid = PICKS[kind]
    bank = find_bank(lesson)
    q = bank.question(qid)
    store = ResponseStore("View Tester")
    view = QuizView(bank, store, "practice")
    box = question_box(view, qid)
    assert "Choose" not in box.feedback
    assert box.button_label.startswith(("Check answer", "Save answer"))
    if kind != "text":
        first = press_with(box, q, wrong(q))
        assert ("Not yet" in first or "Partly right" in first) and "Why:" not in first
        same = press_with(box, q, wrong(q))  # the same wrong answer again: not a new attempt, no explanation
        assert "not counted as a new attempt" in same and "Why:" not in same
        if kind != "truefalse":  # true/false has one wrong answer: it gets "Show explanation"
            second = press_with(box, q, wrong(q, other=True))
            assert "Why:" in second  # explanation after two different wrong answers
    final = press_with(box, q, right(q))
    assert ("Saved." if kind == "text" else "Correct.") in final
    assert ("Points a good answer" if kind == "text" else "Why:") in final
    saved = store.entries(bank.quiz)[qid]
    assert saved["attempts"] == {"text": 1, "truefalse": 2}.get(kind, 3)
    assert "Score:" in view.score.value
    assert "data:application/json;base64," in view.download.children[0].children[0].value  # the download link
    # showing the quiz again restores the answer, the attempts and the feedback
    again = question_box(QuizView(bank, ResponseStore("View Tester"), "practice"), qid)
    assert again.feedback == box.feedback
    assert again.attempts == saved["attempts"] and again.answer == box.answer


def press_with(box, q, answer) -> str:
    set_answer(box, q, answer)
    return press(box)


@pytest.mark.parametrize("kind", list(PICKS))
def test_assessment_mode_never_shows_the_key(kind, isolated_answers):
    lesson, qid = PICKS[kind]
    bank = find_bank(lesson)
    q = bank.question(qid)
    view = QuizView(bank, ResponseStore("View Tester"), "assessment")
    box = question_box(view, qid)
    text = press_with(box, q, wrong(q) if kind != "text" else "words")
    assert "Answer recorded" in text
    for leak in ("Correct", "Not yet", "Partly", "Why:", q.explanation):
        assert leak not in text and leak not in view.score.value
    assert "Answered 1 of" in view.score.value


def test_empty_answer_is_not_saved_and_says_what_to_do(isolated_answers):
    bank = find_bank("01")
    store = ResponseStore("View Tester")
    box = question_box(QuizView(bank, store, "practice"), "a01-troops-number")
    assert "Type a number" in press_with(box, bank.question("a01-troops-number"), "lots")
    assert "Type a number in the box" in press_with(box, bank.question("a01-troops-number"), "")
    assert store.entries(bank.quiz) == {}


def test_feedback_is_words_not_colour_alone():
    q = find_bank("01").question("a01-what-ends")
    for answer, word in ((q.answer, "Correct"), ("All US military presence in Iraq", "Not yet")):
        html = feedback_html(q, check_answer(q, answer), 1, "practice")
        assert word in html and ("✔" in html or "✘" in html)
