"""The name box: the learner gives a name or id once; it can be changed later."""
from __future__ import annotations

import html
from typing import Callable

import ipywidgets as W
from IPython.display import display

from lessons.learner import LearnerIdError, current, save_current


def name_box(on_saved: Callable[[str], None] | None = None, why: str = "") -> W.VBox:
    """A text box and a Save button; calls ``on_saved(name)`` once a usable name is saved."""
    saved = current()
    text = W.Text(value=saved[0] if saved else "", placeholder="your name or student id",
                  description="Your name:", style={"description_width": "initial"})
    button = W.Button(description="Save my name", button_style="primary")
    message = W.HTML(f"<p>{html.escape(why)}</p>" if why else "")
    message.add_class("lessons-name-message")
    status = W.HTML(f"Answering as <b>{html.escape(saved[0])}</b>." if saved else "")
    status.add_class("lessons-name-status")

    def on_click(_button) -> None:
        try:
            ident = save_current(text.value)
        except LearnerIdError as exc:
            status.value = f"⚠ {html.escape(str(exc))}"
            return
        name = text.value.strip()
        status.value = (f"✔ Saved. Answering as <b>{html.escape(name)}</b> "
                        f"(answer file: {html.escape(ident)}.json).")
        if on_saved:
            on_saved(name)

    button.on_click(on_click)
    box = W.VBox([message, W.HBox([text, button]), status])
    box.add_class("lessons-name")
    return box


def ask_name() -> None:
    """Show the name box (used in 'Start here'; run it again to change the name)."""
    display(name_box(why="Type your name or student id and press 'Save my name'. "
                         "Every quiz in this course saves your answers under it."))
