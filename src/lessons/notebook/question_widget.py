"""One question on the page as one widget (anywidget): its answer control, the Check/Save button, the
attempts and the feedback, drawn by ``question.js`` and styled by ``question.css`` (files beside this one,
linted by eslint in ``make test``).

``QuestionWidget`` is the display: what the learner sees is in its traits. ``answer`` is the answer on
screen in the shape of the kind's form (``Kind.form``): a list of option texts for radios and checkboxes,
the text typed, or {item id: choice} for a row of dropdowns. ``attempts`` and ``status`` are those of the
answer saved last; ``feedback`` is the sentence shown for it. The front end's Check click sends the answer
its controls show *with* the click, in one message (``{"event": "check", "answer": ...}``): the kernel
checks exactly what was on screen, however fast the learner clicked after typing (issue 24).

``QuizQuestion`` adds what a quiz does with a click: check through the kind, save, give feedback.
"""
from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets as T

from lessons.core import scoring
from lessons.core.kinds import kind_of
from lessons.core.kinds.base import OptionList
from lessons.core.quizbank import Question

HERE = Path(__file__).resolve().parent
SHOW_EXPLANATION_AFTER = 2  # different wrong answers before the explanation is shown in practice mode
SAME_ANSWER = ("<div class='lessons-same-answer'><small>Same answer as before: not counted as a new attempt. "
               "Change your answer to try again.</small></div>")


class QuestionWidget(anywidget.AnyWidget):
    """A question's controls and feedback; ``check`` and ``explain`` are called on the learner's clicks."""

    _esm = HERE / "question.js"
    _css = HERE / "question.css"
    prompt = T.Unicode("").tag(sync=True)  # HTML: the number, the prompt, how to answer, the points
    form = T.Dict().tag(sync=True)  # Kind.form: control, options / items + choices, label, placeholder
    label = T.Unicode("").tag(sync=True)  # the accessible name of a group of options
    button_label = T.Unicode("Check answer").tag(sync=True)
    explain_label = T.Unicode("Show explanation").tag(sync=True)
    answer = T.Any(None, allow_none=True).tag(sync=True)
    attempts = T.Int(0).tag(sync=True)
    status = T.Unicode("").tag(sync=True)  # the last check: correct, partial, wrong, recorded, empty, invalid
    feedback = T.Unicode("").tag(sync=True)  # HTML, in a live region (screen readers announce it)
    offer_explanation = T.Bool(False).tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self.on_msg(self._on_front_end)

    def _on_front_end(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A message from the page: whatever arrives, only a known event does anything."""
        event = content.get("event") if isinstance(content, dict) else None
        if event == "check":
            self.check(content.get("answer"))
        elif event == "explain":
            self.explain()

    def click(self) -> None:
        """What the Check button does on the page: check the answer shown (tests and other callers)."""
        self.check(self.answer)

    def check(self, shown: Any) -> None:
        """Check the answer ``shown`` (in the form's shape); subclasses say what that means."""

    def explain(self) -> None:
        """The learner asked for the explanation; subclasses say what that means."""


def same_for(q: Question, a: Any, b: Any) -> bool:
    """Two answers are the same (ticked options compare as a set: their order shown may differ)."""
    if isinstance(kind_of(q), OptionList) and not kind_of(q).single_choice \
            and isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return sorted(map(str, a)) == sorted(map(str, b))
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def distinct_wrong_answers(q: Question, history: list[dict]) -> int:
    """How many different answers in the history were not right."""
    seen: list[Any] = []
    for step in history:
        answer = step.get("answer")
        if scoring.check_answer(q, answer).status in ("wrong", "partial"):
            if not any(same_for(q, answer, s) for s in seen):
                seen.append(answer)
    return len(seen)


def warning_html(text: str, repeat: int) -> str:
    """A warning; said again, it shows that it was seen again (so pressing Check visibly does something)."""
    again = f" <b>(still: try {repeat + 1})</b>" if repeat else ""
    return f"<div class='lessons-feedback-text lessons-status-invalid'>⚠ {html.escape(text)}{again}</div>"


class QuizQuestion(QuestionWidget):
    """A question of a quiz for one learner: a click checks the answer shown, saves it and gives feedback.

    ``save(answer)`` saves an answer and returns the question's saved entry; ``explained()`` records a
    request for the explanation and returns the entry; ``feedback_for(answer, entry, explain)`` words the
    feedback (the quiz view's, so the mode's rules stay in one place).
    """

    def __init__(self, q: Question, n: int, mode: str, entry: dict | None,
                 save: Callable[[Any], dict], explained: Callable[[], dict],
                 feedback_for: Callable[[Any, dict, bool], str], **kwargs: Any):
        kind = kind_of(q)
        form = dict(kind.form(q))
        if "label" in form:  # 'Answer:' -> 'Answer 3:' (each box on the page has its own name)
            form["label"] = form["label"].replace("Answer", f"Answer {n}", 1)
        verb = "Save answer" if (not q.auto_scored or mode == "assessment") else "Check answer"
        super().__init__(form=form, label=f"Question {n}: {q.prompt}", button_label=f"{verb} {n}",
                         explain_label=f"Show explanation {n}", **kwargs)
        self.q, self.mode = q, mode
        self._save, self._explained, self._feedback_for = save, explained, feedback_for
        self.entry: dict = entry or {}
        self._warning: str | None = None
        self._repeat = 0
        self._busy = False
        if entry:
            self.answer = kind.to_form(q, entry.get("answer"))
            self._show(entry.get("answer"), entry)

    def _explain_now(self, entry: dict) -> bool:
        return bool(entry.get("explanation_shown_at")) or \
            distinct_wrong_answers(self.q, entry.get("history", [])) >= SHOW_EXPLANATION_AFTER

    def _show(self, answer: Any, entry: dict) -> None:
        outcome = scoring.check_answer(self.q, answer)
        explain = self._explain_now(entry)
        self.attempts = int(entry.get("attempts", 0))
        self.status = outcome.status
        self.feedback = self._feedback_for(answer, entry, explain)
        self._warning, self._repeat = None, 0
        practice_scored = self.mode == "practice" and self.q.auto_scored
        self.offer_explanation = (practice_scored and self.attempts > 0 and not explain
                                  and outcome.status != "correct")

    def _warn(self, text: str) -> None:
        self._repeat = self._repeat + 1 if self._warning == text else 0
        self._warning = text
        self.feedback = warning_html(text, self._repeat)

    def check(self, shown: Any) -> None:
        # A check that starts while one runs is dropped (the kernel runs one message at a time, so only a
        # call made from inside a check can arrive then). The button is never disabled for it: disabling
        # the focused button throws a keyboard user's focus back to the top of the page.
        if self._busy:
            return
        self._busy = True
        try:
            self._check(kind_of(self.q).from_form(self.q, shown))
        finally:
            self._busy = False

    def _check(self, answer: Any) -> None:
        outcome = scoring.check_answer(self.q, answer)
        if outcome.status in ("empty", "invalid"):
            kind = kind_of(self.q)
            self._warn(kind.empty_hint if outcome.status == "empty" and self.q.auto_scored else outcome.detail)
            return
        if self.entry.get("attempts") and same_for(self.q, answer, self.entry.get("answer")):
            self._show(answer, self.entry)
            self.feedback += SAME_ANSWER
            return
        self.entry = self._save(answer)
        self._show(answer, self.entry)

    def explain(self) -> None:
        self.entry = self._explained()
        self._show(self.entry.get("answer"), self.entry)
