"""The notebook view of a quiz (ipywidgets): draws the bank, saves every answer, gives feedback.

It holds no quiz logic: checking is ``lessons.core.scoring``, saving is ``lessons.notebook.responses``, the
order options are shown in is ``lessons.core.option_order``. CSS classes for tests and styling:
``lessons-quiz`` (root), ``lessons-question`` and ``lessons-q-<id>`` (each question),
``lessons-feedback`` (a live region), ``lessons-attempts``, ``lessons-score``,
``lessons-item-<item id>`` (a row of a match/classify/order question), ``lessons-download``,
``lessons-handin`` (download, hand in, load), ``lessons-quiz-static`` (the copy for static viewers).

Attempts mean something: an answer identical to the previous one is not a new attempt; a click
while a check runs is dropped; in practice mode the explanation comes after two *different* wrong
answers, or when the learner presses "Show explanation" (recorded in the answers file).
"""
from __future__ import annotations

import dataclasses
import html
import json
import os
from typing import Any, Callable

import ipywidgets as W
from IPython.display import display

from lessons.core import scoring
from lessons.notebook.controls import ChoiceGroup, LiveStatus
from lessons.notebook.answers_box import handin_area, handin_follows
from lessons.core.kinds import kind_of
from lessons.core.kinds.base import OptionList
from lessons.core.learner_ids import current
from lessons.notebook.name_step import claim_name_step, follow_learner
from lessons.notebook.name_box import name_box, shown_id, shown_name
from lessons.core.option_order import shown_bank
from lessons.core.quiz_text import how_to_answer, inline_markdown, points_note, quiz_as_html, quiz_as_text
from lessons.core.quizbank import Question, QuizBank, find_bank
from lessons.notebook.responses import ResponseStore

MODE_ENV = "LESSONS_MODE"
SHOW_EXPLANATION_AFTER = 2  # different wrong answers before the explanation is shown in practice mode
STATIC_SEED = "static view"
SYMBOL = {"correct": "✔ Correct.", "partial": "◐ Partly right:", "wrong": "✘ Not yet.",
          "recorded": "✔ Saved.", "empty": "⚠", "invalid": "⚠"}
COLOUR = {"correct": "#1a7f37", "partial": "#9a6700", "wrong": "#b3261e", "recorded": "#1a5fb4"}
PAGE_CSS = """<style>
.lessons-quiz .jupyter-button:focus-visible, .lessons-quiz select:focus-visible,
.lessons-quiz input[type=text]:focus-visible, .lessons-quiz textarea:focus-visible,
.lessons-handin a:focus-visible, .lessons-name .jupyter-button:focus-visible,
.lessons-name input:focus-visible { outline: 3px solid #1a5fb4 !important; outline-offset: 2px; }
.lessons-quiz .lessons-item .widget-label { white-space: normal; overflow: visible; height: auto;
  line-height: 1.35; text-align: left; }
.lessons-quiz .lessons-item .widget-dropdown { width: 100%; align-items: center; }
.jp-OutputArea.lm-Widget:has(.lessons-quiz-holder) > .jp-OutputArea-child:has(.lessons-quiz-static) { display: none; }
</style>"""


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


def _control(q: Question, n: int) -> tuple[W.Widget, Callable[[], Any], Callable[[Any], None]]:
    """The kind's input widget, named for question ``n`` (a group's name, an answer box's label)."""
    widget, get_answer, set_answer = kind_of(q).control(q)
    if isinstance(widget, ChoiceGroup):
        widget.label = f"Question {n}: {q.prompt}"
    elif isinstance(widget, (W.Text, W.Textarea)):
        widget.description = widget.description.replace("Answer", f"Answer {n}", 1)
        widget.continuous_update = False  # one update on leaving the box: it reaches the kernel before Check
    return widget, get_answer, set_answer


def distinct_wrong_answers(q: Question, history: list[dict]) -> int:
    """How many different answers in the history were not right."""
    seen: list[Any] = []
    for step in history:
        answer = step.get("answer")
        if scoring.check_answer(q, answer).status in ("wrong", "partial"):
            if not any(_same_for(q, answer, s) for s in seen):
                seen.append(answer)
    return len(seen)


def _same_for(q: Question, a: Any, b: Any) -> bool:
    """Two answers are the same (ticked options compare as a set: their order shown may differ)."""
    if isinstance(kind_of(q), OptionList) and not kind_of(q).single_choice \
            and isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return sorted(map(str, a)) == sorted(map(str, b))
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


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


def warning_html(text: str, repeat: int) -> str:
    """A warning; said again, it shows that it was seen again (so pressing Check visibly does something)."""
    again = f" <b>(still: try {repeat + 1})</b>" if repeat else ""
    return f"<div class='lessons-feedback-text lessons-status-invalid'>⚠ {html.escape(text)}{again}</div>"


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

    def _question(self, n: int, q: Question, entry: dict | None) -> W.VBox:
        control, get_answer, set_answer = _control(q, n)
        prompt = W.HTML(f"<p><b>{n}.</b> {inline_markdown(q.prompt)} <i>{html.escape(how_to_answer(q))}</i> "
                        f"<small>({html.escape(points_note(q))})</small></p>")
        verb = "Save answer" if (not q.auto_scored or self.mode == "assessment") else "Check answer"
        button = W.Button(description=f"{verb} {n}", button_style="primary", layout=W.Layout(width="auto"))
        explain_button = W.Button(description=f"Show explanation {n}", layout=W.Layout(width="auto"),
                                  tooltip="Shows why; your teacher sees that you asked")
        attempts = W.HTML()
        attempts.add_class("lessons-attempts")
        feedback = LiveStatus()
        feedback.add_class("lessons-feedback")
        state: dict[str, Any] = {"entry": entry or {}, "warning": None, "repeat": 0, "busy": False}
        practice_scored = self.mode == "practice" and q.auto_scored

        def explain_now(entry: dict) -> bool:
            return bool(entry.get("explanation_shown_at")) or \
                distinct_wrong_answers(q, entry.get("history", [])) >= SHOW_EXPLANATION_AFTER

        def show(answer: Any, entry: dict) -> None:
            outcome = scoring.check_answer(q, answer)
            count = int(entry.get("attempts", 0))
            feedback.value = feedback_html(q, outcome, count, self.mode, explain_now(entry))
            attempts.value = f"<small>Attempts: {count}</small>"
            state["warning"], state["repeat"] = None, 0
            explained = explain_now(entry) or outcome.status == "correct"
            controls.children = [button, attempts] + ([explain_button] if practice_scored and not explained
                                                      and count > 0 else [])

        def warn(text: str) -> None:
            state["repeat"] = state["repeat"] + 1 if state["warning"] == text else 0
            state["warning"] = text
            feedback.value = warning_html(text, state["repeat"])

        controls = W.HBox([button, attempts])
        if entry:
            set_answer(entry.get("answer"))
            self.latest[q.id] = entry.get("answer")
            show(entry.get("answer"), entry)

        def on_check(_button) -> None:
            # A click that arrives while a check runs is dropped. The button is not disabled for it:
            # disabling the focused button throws a keyboard user's focus back to the top of the page.
            if state["busy"]:
                return
            state["busy"] = True
            try:
                check()
            finally:
                state["busy"] = False

        def check() -> None:
            answer = get_answer()
            outcome = scoring.check_answer(q, answer)
            if outcome.status in ("empty", "invalid"):
                warn(kind_of(q).empty_hint if outcome.status == "empty" and q.auto_scored else outcome.detail)
                return
            previous = state["entry"]
            if previous.get("attempts") and _same_for(q, answer, previous.get("answer")):
                show(answer, previous)
                feedback.value += ("<div class='lessons-same-answer'><small>Same answer as before: not counted "
                                   "as a new attempt. Change your answer to try again.</small></div>")
                return
            saved = self.store.save_answer(self.bank.answers_id, q.id, answer)  # the download links follow
            if saved.notice:
                self.notice.value = f"<p class='lessons-notice'>⚠ {html.escape(saved.notice)}</p>"
            saved_entry = state["entry"] = saved.entry
            self.latest[q.id] = answer
            show(answer, saved_entry)
            self._refresh()

        def on_explain(_button) -> None:
            saved_entry = self.store.mark_explanation_shown(self.bank.answers_id, q.id)
            state["entry"] = saved_entry
            show(self.latest.get(q.id), saved_entry)

        button.on_click(on_check)
        explain_button.on_click(on_explain)
        box = W.VBox([prompt, control, controls, feedback])
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
