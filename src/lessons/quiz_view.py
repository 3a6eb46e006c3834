"""The notebook view of a quiz (ipywidgets): draws the bank, saves every answer, gives feedback.

It holds no quiz logic: checking is ``lessons.scoring``, saving is ``lessons.responses``.
CSS classes for tests and styling: ``lessons-quiz`` (root), ``lessons-question`` and
``lessons-q-<id>`` (each question), ``lessons-feedback``, ``lessons-attempts``, ``lessons-score``,
``lessons-item-<item id>`` (a row of a match/classify/order question), ``lessons-download``.
"""
from __future__ import annotations

import dataclasses
import html
import os
from typing import Any

import ipywidgets as W
from IPython.display import display

from lessons import scoring
from lessons.handin_view import refresh_links, register_link
from lessons.kinds import kind_of
from lessons.learner import current
from lessons.learner_view import name_box
from lessons.quiz_text import how_to_answer, quiz_as_html, quiz_as_text
from lessons.quizbank import Question, QuizBank, find_bank
from lessons.responses import ResponseStore

MODE_ENV = "LESSONS_MODE"
SHOW_EXPLANATION_AFTER = 2  # wrong attempts before the explanation is shown in practice mode
SYMBOL = {"correct": "✔ Correct.", "partial": "◐ Partly right:", "wrong": "✘ Not yet.",
          "recorded": "✔ Saved.", "empty": "⚠", "invalid": "⚠"}
COLOUR = {"correct": "#1a7f37", "partial": "#9a6700", "wrong": "#b3261e", "recorded": "#1a5fb4"}


class QuizBox(W.VBox):
    """A VBox whose output also carries the quiz as text and HTML, for viewers without widgets."""

    def __init__(self, bank: QuizBank, **kwargs):
        super().__init__(**kwargs)
        self._static_html = quiz_as_html(bank)
        self._static_text = quiz_as_text(bank)

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs) or {}
        bundle["text/plain"] = self._static_text
        bundle["text/html"] = self._static_html
        return bundle


def feedback_html(q: Question, outcome: scoring.Outcome, attempts: int, mode: str) -> str:
    """The feedback sentence(s), in words (colour only adds to them)."""
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
    show_explanation = status in ("correct", "recorded") or attempts >= SHOW_EXPLANATION_AFTER
    if status in ("wrong", "partial"):
        words.append(f"Look again at {esc(q.learner_hint)} and try again.")
    body = " ".join(words)
    if show_explanation and q.explanation:
        lead = "Why:" if q.auto_scored else "Points a good answer might make:"
        body += f"<br><span class='lessons-explanation'><b>{lead}</b> {esc(q.explanation)}</span>"
    colour = COLOUR.get(status, "inherit")
    return (f"<div class='lessons-feedback-text lessons-status-{status}' style='color:{colour}'>"
            f"{body}</div>")


class QuizView:
    """The widgets of one quiz for one learner; ``box`` is what is displayed."""

    def __init__(self, bank: QuizBank, store: ResponseStore, mode: str):
        self.bank, self.store, self.mode = bank, store, mode
        self.latest: dict[str, Any] = {}
        self.score = W.HTML()
        self.score.add_class("lessons-score")
        document = store.load()  # one read; may set store.notice (a damaged file moved aside)
        saved = document["quizzes"].get(bank.answers_id, {})  # an assessed copy has its own id
        self.download = W.HTML()
        self.download.add_class("lessons-download")
        register_link(store, self.download, document)
        notice = W.HTML(f"<p class='lessons-notice'>⚠ {html.escape(store.notice)}</p>" if store.notice else "")
        mode_line = ("Assessment: your answers are saved; your teacher grades them later. The last answer "
                     "you save to each question is the one that counts."
                     if mode == "assessment" else
                     "Practice: check each answer as often as you like; every answer is saved.")
        header = W.HTML(f"<h3>Quiz: {html.escape(bank.title)}</h3><p>{mode_line} "
                        f"Answering as <b>{html.escape(store.name)}</b>.</p>")
        questions = [self._question(n, q, saved.get(q.id)) for n, q in enumerate(bank.questions, 1)]
        self._refresh()
        from lessons.exchange_view import handin_button  # Hand in, on a hub with a class exchange

        exchange = handin_button()
        self.box = QuizBox(bank, children=[header, notice, *questions, self.score, self.download,
                                           *([exchange] if exchange else [])])
        self.box.add_class("lessons-quiz")
        self.box.add_class(f"lessons-quiz-{bank.quiz}")
        self.box.add_class(f"lessons-mode-{mode}")

    def _question(self, n: int, q: Question, entry: dict | None) -> W.VBox:
        control, get_answer, set_answer = kind_of(q).control(q)
        prompt = W.HTML(f"<p><b>{n}.</b> {html.escape(q.prompt)} <i>{html.escape(how_to_answer(q))}</i> "
                        f"<small>({q.points:g} pt)</small></p>")
        label = "Save" if not q.auto_scored else ("Save answer" if self.mode == "assessment" else "Check")
        button = W.Button(description=label, button_style="primary")
        attempts = W.HTML()
        attempts.add_class("lessons-attempts")
        feedback = W.HTML()
        feedback.add_class("lessons-feedback")

        def show(answer: Any, count: int) -> None:
            outcome = scoring.check_answer(q, answer)
            feedback.value = feedback_html(q, outcome, count, self.mode)
            attempts.value = f"<small>Attempts: {count}</small>"

        if entry:
            set_answer(entry.get("answer"))
            self.latest[q.id] = entry.get("answer")
            show(entry.get("answer"), int(entry.get("attempts", 0)))

        def on_check(_button) -> None:
            answer = get_answer()
            if answer is None:
                feedback.value = ("<div class='lessons-feedback-text lessons-status-invalid'>⚠ Give each item "
                                  "its own position (use every number once).</div>")
                return
            outcome = scoring.check_answer(q, answer)
            if outcome.status in ("empty", "invalid"):
                feedback.value = feedback_html(q, outcome, 0, "practice")
                return
            saved_entry = self.store.record(self.bank.answers_id, q.id, answer)
            self.latest[q.id] = answer
            show(answer, saved_entry["attempts"])
            self._refresh()
            refresh_links(self.store)

        button.on_click(on_check)
        box = W.VBox([prompt, control, W.HBox([button, attempts]), feedback])
        box.add_class("lessons-question")
        box.add_class(f"lessons-q-{q.id}")
        return box

    def _refresh(self) -> None:
        answered = [q for q in self.bank.questions if self.latest.get(q.id) is not None]
        total = len(self.bank.questions)
        if self.mode == "assessment":
            self.score.value = f"<p><b>Answered {len(answered)} of {total} questions.</b> Saved.</p>"
        else:
            got = sum(scoring.check_answer(q, self.latest[q.id]).score for q in answered if q.auto_scored)
            self.score.value = (f"<p><b>Score: {got:g} of {self.bank.max_points:g} points</b> "
                                f"({len(answered)} of {total} questions answered; written answers are "
                                "read by your teacher).</p>")


def show_quiz(lesson: str, mode: str | None = None, only: list[str] | None = None) -> None:
    """Show a lesson's quiz, e.g. ``show_quiz("03")``. Asks for the learner's name first if needed.

    ``only=["v03-..."]`` shows just those questions (a check-in mid-lesson); without it the questions
    marked ``in_lesson`` are left out of the closing quiz.
    """
    bank = find_bank(lesson)
    keep = [q for q in bank.questions if (q.id in only if only else not q.in_lesson)]
    if only and len(keep) != len(set(only)):
        raise LookupError(f"Quiz {bank.quiz} has no question {sorted(set(only) - {q.id for q in keep})}.")
    bank = dataclasses.replace(bank, questions=tuple(keep))
    mode = mode or os.environ.get(MODE_ENV) or bank.mode
    if mode not in ("practice", "assessment"):
        raise ValueError(f"mode must be 'practice' or 'assessment', not {mode!r}")
    holder = QuizBox(bank)
    holder.add_class("lessons-quiz-holder")

    def build(name: str) -> None:
        view = QuizView(bank, ResponseStore(name), mode)
        holder.children = [view.box]

    saved = current()
    if saved:
        build(saved[0])
    else:
        holder.children = [name_box(on_saved=build, why="Give your name before answering this quiz.")]
    display(holder)
