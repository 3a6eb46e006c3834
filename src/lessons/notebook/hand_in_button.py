"""The Hand in button: shown next to 'Download my answers' when the hub has a class exchange (the hand-in
service at ``$LESSONS_EXCHANGE_URL``, else the shared folder; see ``lessons.exchange.backends``)."""
from __future__ import annotations

import html

import ipywidgets as W

from lessons.core import answers_file

from lessons.exchange.backends import ExchangeError, configured
from lessons.exchange.folder import now_stamp
from lessons.core.learner_ids import LearnerIdError, current
from lessons.notebook.responses import ResponseStore


def handin_bytes(store: ResponseStore, when: str) -> bytes:
    """The learner's answers file, stamped with the time of handing in."""
    return answers_file.to_bytes({**store.load(), "handed_in_at": when, "exported_at": when})


def press_hand_in() -> str:
    """Hand in the current learner's answers; return the message to show (in words)."""
    exchange = configured()
    if exchange is None:
        return "⚠ This hub has no class exchange: use 'Download my answers' and give the file to your teacher."
    saved = current()
    if saved is None:
        return "⚠ Save your name first (in 'Start here'), then answer a quiz and hand in."
    try:
        store = ResponseStore(saved[0])
    except LearnerIdError as exc:
        return f"⚠ {exc}"
    if not store.path.exists():
        return "⚠ You have not answered any question yet: answer a quiz, then hand in."
    when = now_stamp()
    try:
        handed = exchange.hand_in(handin_bytes(store, when))
    except ExchangeError as exc:
        return f"⚠ {exc}"
    answered = sum(len(v) for v in store.load()["quizzes"].values())
    return f"✔ {handed.message} {answered} answer(s) in it."


def handin_button() -> W.Widget | None:
    """A 'Hand in' button with its message, or None when no class exchange is configured."""
    if configured() is None:
        return None
    button = W.Button(description="Hand in", icon="paper-plane", button_style="primary",
                      tooltip="Give your answers to your teacher through the class exchange",
                      layout=W.Layout(width="auto", flex="0 0 auto"))  # never squeezed by a long message
    button.add_class("lessons-handin-button")
    message = W.HTML()
    message.add_class("lessons-handin-message")

    def on_click(_button) -> None:
        message.value = "Handing in…"
        message.value = html.escape(press_hand_in())

    button.on_click(on_click)
    box = W.HBox([button, message])
    box.add_class("lessons-exchange")
    return box
