"""The notebook view of a quiz (ipywidgets): draws the bank, saves every answer, gives feedback.

It holds no quiz logic: checking is ``lessons.core.scoring``, saving is ``lessons.notebook.responses``, the
order options are shown in is ``lessons.core.option_order``; each question is one widget
(``lessons.notebook.question_widget.QuizQuestion``: traits ``answer``, ``attempts``, ``status``). CSS classes for tests and styling:
``lessons-quiz`` (root), ``lessons-question`` and ``lessons-q-<id>`` (each question),
``lessons-feedback`` (holding a live region), ``lessons-attempts``, ``lessons-score``,
``lessons-item-<item id>`` (a row of a match/classify/order question), ``lessons-download``,
``lessons-handin`` (download, hand in, load), ``lessons-quiz-static`` (the copy for static viewers).

Attempts mean something: an answer identical to the previous one is not a new attempt; a click
while a check runs is dropped; in practice mode the explanation comes after two *different* wrong
answers, or when the learner presses "Show explanation" (recorded in the answers file).
"""
from __future__ import annotations

import dataclasses
import html
import os
from functools import partial
from pathlib import Path
from typing import Any

import ipywidgets as W
from IPython.display import display

from lessons.core import scoring
from lessons.notebook.answers_box import handin_area, handin_follows
from lessons.core.learner_ids import current
from lessons.notebook.name_step import claim_name_step, follow_learner
from lessons.notebook.name_box import name_box, shown_id, shown_name
from lessons.core.option_order import shown_bank
from lessons.core.quiz_text import how_to_answer, inline_markdown, points_note, quiz_as_html, quiz_as_text
from lessons.core.quizbank import Question, QuizBank, find_bank
from lessons.notebook.question_widget import (  # noqa: F401 - distinct_wrong_answers, warning_html: used by tests
    SHOW_EXPLANATION_AFTER, QuizQuestion, distinct_wrong_answers, warning_html)
from lessons.notebook.responses import ResponseStore

MODE_ENV = "LESSONS_MODE"
STATIC_SEED = "static view"
SYMBOL = {"correct": "✔ Correct.", "partial": "◐ Partly right:", "wrong": "✘ Not yet.",
          "recorded": "✔ Saved.", "empty": "⚠", "invalid": "⚠"}
COLOUR = {"correct": "#1a7f37", "partial": "#9a6700", "wrong": "#b3261e", "recorded": "#1a5fb4"}
PAGE_CSS = f"<style>{(Path(__file__).resolve().parent / 'page.css').read_text(encoding='utf-8')}</style>"


class QuizBox(W.VBox):
    """A VBox whose plain-text form names the quiz (the readable copy is a separate output)."""

    def __init__(self, bank: QuizBank, **kwargs):
        super().__init__(**kwargs)
        self._static_text = f"Quiz: {bank.title} (interactive: run this cell in JupyterLab to answer)"

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self._static_text
        bundle.pop("text/html", None)
        return bundle


class StaticQuiz:
    """The quiz as plain HTML and text, no key: what static viewers show (hidden where widgets run)."""

    def __init__(self, bank: QuizBank):
        shown = shown_bank(bank, STATIC_SEED)
        self._html, self._text = quiz_as_html(shown), quiz_as_text(shown)

    def _repr_mimebundle_(self, **kwargs):
        return {"text/html": self._html, "text/plain": self._text}


def feedback_html(q: Question, outcome: scoring.Outcome, attempts: int, mode: str,
                  explain: bool | None = None) -> str:
    """The feedback sentence(s), in words (colour only adds to them).

    ``explain`` says whether to show the explanation; by default after ``SHOW_EXPLANATION_AFTER``
    attempts (callers pass the rule's answer: two different wrong answers or a recorded request).
    """
    esc = html.escape
    if mode == "assessment":
        return (f"<div class='lessons-feedback-text lessons-status-recorded'>✔ Answer recorded "
                f"(attempt {attempts}). You can change it until you hand in: the answer you leave counts.</div>")
    status = outcome.status
    if status in ("empty", "invalid"):
        return f"<div class='lessons-feedback-text lessons-status-{status}'>⚠ {esc(outcome.detail)}</div>"
    words = [SYMBOL[status]]
    if status == "partial":
        words.append(esc(outcome.detail) + ".")
    if status == "wrong" and outcome.detail:
        words.append(f"({esc(outcome.detail)})")
    if status == "recorded":
        words.append("Your teacher will read it.")
    if explain is None:
        explain = attempts >= SHOW_EXPLANATION_AFTER
    show_explanation = status in ("correct", "recorded") or explain
    if status in ("wrong", "partial"):
        words.append(f"Look again at {esc(q.learner_hint)} and try again.")
    body = " ".join(words)
    if show_explanation and q.explanation:
        lead = "Why:" if q.auto_scored else "Points a good answer might make:"
        body += f"<br><span class='lessons-explanation'><b>{lead}</b> {inline_markdown(q.explanation)}</span>"
    colour = COLOUR.get(status, "inherit")
    return (f"<div class='lessons-feedback-text lessons-status-{status}' style='color:{colour}'>"
            f"{body}</div>")


def score_text(points: float) -> str:
    """A score with two decimals at most: 3.3333 -> '3.33', 3.5 -> '3.5', 3.0 -> '3'."""
    return f"{points:.2f}".rstrip("0").rstrip(".")


class QuizView:
    """The widgets of one quiz for one learner; ``box`` is what is displayed.

    ``handin`` is the page's hand-in area for this quiz (kept when the learner's name changes).
    """

    def __init__(self, bank: QuizBank, store: ResponseStore, mode: str, handin: W.Widget | None = None):
        self.bank, self.store, self.mode = bank, store, mode
        self.shown = shown_bank(bank, store.id)
        self.latest: dict[str, Any] = {}
        self.score = W.HTML()
        self.score.add_class("lessons-score")
        snapshot = store.read()  # one read; its notice says when a damaged file was moved aside
        document = snapshot.document
        saved = document["quizzes"].get(bank.answers_id, {})  # an assessed copy has its own id
        self.download = handin if handin is not None else handin_area(bank.quiz)
        handin_follows(self.download, store, document)
        self.notice = notice = W.HTML(
            f"<p class='lessons-notice'>⚠ {html.escape(snapshot.notice)}</p>" if snapshot.notice else "")
        mode_line = ("Assessment: your answers are saved; your teacher grades them later. The last answer "
                     "you save to each question is the one that counts."
                     if mode == "assessment" else
                     "Practice: check each answer as often as you like; every answer is saved.")
        header = W.HTML(f"{PAGE_CSS}<h3>Quiz: {html.escape(bank.title)}</h3><p>{mode_line} "
                        f"Answering as <b class='lessons-learner'>{shown_name(store.name)}</b> {shown_id(store.name)}.</p>")
        header.add_class("lessons-quiz-header")
        questions = [self._question(n, q, saved.get(q.id)) for n, q in enumerate(self.shown.questions, 1)]
        self._refresh()
        self.box = QuizBox(bank, children=[header, notice, *questions, self.score, self.download])
        self.box.add_class("lessons-quiz")
        self.box.add_class(f"lessons-quiz-{bank.quiz}")
        self.box.add_class(f"lessons-mode-{mode}")

    def _question(self, n: int, q: Question, entry: dict | None) -> QuizQuestion:
        prompt = (f"<p><b>{n}.</b> {inline_markdown(q.prompt)} <i>{html.escape(how_to_answer(q))}</i> "
                  f"<small>({html.escape(points_note(q))})</small></p>")
        question = QuizQuestion(q, n, self.mode, entry, save=partial(self._save, q),
                                explained=partial(self._explained, q), feedback_for=partial(self._feedback, q),
                                prompt=prompt)
        question.add_class("lessons-question")
        question.add_class(f"lessons-q-{q.id}")
        if entry:
            self.latest[q.id] = entry.get("answer")
        return question

    def _feedback(self, q: Question, answer: Any, entry: dict, explain: bool) -> str:
        outcome = scoring.check_answer(q, answer)
        return feedback_html(q, outcome, int(entry.get("attempts", 0)), self.mode, explain)

    def _save(self, q: Question, answer: Any) -> dict:
        """Save an answer (the download links follow); return the question's saved entry."""
        saved = self.store.save_answer(self.bank.answers_id, q.id, answer)
        if saved.notice:
            self.notice.value = f"<p class='lessons-notice'>⚠ {html.escape(saved.notice)}</p>"
        self.latest[q.id] = answer
        self._refresh()
        return saved.entry

    def _explained(self, q: Question) -> dict:
        return self.store.mark_explanation_shown(self.bank.answers_id, q.id)

    def _refresh(self) -> None:
        answered = [q for q in self.bank.questions if self.latest.get(q.id) is not None]
        total = len(self.bank.questions)
        if self.mode == "assessment":
            self.score.value = f"<p><b>Answered {len(answered)} of {total} questions.</b> Saved.</p>"
        else:
            got = sum(scoring.check_answer(q, self.latest[q.id]).score for q in answered if q.auto_scored)
            written = sum(1 for q in self.bank.questions if not q.auto_scored)
            note = (f"; {written} written answer(s) are read by your teacher and not counted here"
                    if written else "")
            self.score.value = (f"<p><b>Score: {score_text(got)} of {score_text(self.bank.max_points)} points</b> "
                                f"({len(answered)} of {total} questions answered{note}).</p>")


def show_quiz(lesson: str, mode: str | None = None, only: list[str] | None = None) -> None:
    """Show a lesson's quiz, e.g. ``show_quiz("03")``. Asks for the learner's name first if needed.

    ``only=["v03-..."]`` shows just those questions (a check-in mid-lesson); without it the questions
    marked ``in_lesson`` are left out of the closing quiz. The page has one name step: a quiz shown
    before any name is saved asks for it only if no other output on the page does; saving the name
    (anywhere on the page) draws every quiz for that learner.
    """
    bank = find_bank(lesson)
    keep = [q for q in bank.questions if (q.id in only if only else not q.in_lesson)]
    if only and len(keep) != len(set(only)):
        raise LookupError(f"Quiz {bank.quiz} has no question {sorted(set(only) - {q.id for q in keep})}.")
    bank = dataclasses.replace(bank, questions=tuple(keep))
    mode = mode or os.environ.get(MODE_ENV) or bank.mode
    if mode not in ("practice", "assessment"):
        raise ValueError(f"mode must be 'practice' or 'assessment', not {mode!r}")
    key = f"quiz-{bank.quiz}" + (f"-{'-'.join(only)}" if only else "")
    holder = QuizBox(bank)
    holder.add_class("lessons-quiz-holder")
    handin = handin_area(key)

    def build(name: str) -> None:
        view = QuizView(bank, ResponseStore(name), mode, handin)
        holder.children = [view.box]

    follow_learner(key, build)
    saved = current()
    if saved:
        build(saved[0])
    elif claim_name_step(key):
        why = ("Give your name (in any language) before answering this quiz, or load the answers file you "
               "downloaded elsewhere ('Load answers from a file'): your name and answers come with it.")
        holder.children = [W.HTML(PAGE_CSS), name_box(why=why), handin]  # a fresh Binder may open any lesson first
    else:
        holder.children = [W.HTML(f"{PAGE_CSS}<p class='lessons-name-elsewhere'>Quiz: {html.escape(bank.title)}. "
                                  "Type your name in the name box above on this page and press 'Save my name': "
                                  "the quiz appears here.</p>")]
    display(holder)
    display(StaticQuiz(bank))
