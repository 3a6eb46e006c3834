"""The name box: the learner gives a name once (any script); it can be changed later.

Saving tells every quiz and hand-in box on the page (``lessons.notebook.name_step``). When the name's
answers file already holds a different display name, the box asks "Is this you?" first.
"""
from __future__ import annotations

import html
from typing import Callable

import ipywidgets as W
from IPython.display import display

from lessons.core.learner_ids import LearnerIdError, current, display_name, file_owner, learner_id, save_current
from lessons.notebook.name_step import claim_name_step, follow_learner, learner_changed

_boxes = 0


def shown_name(name: str) -> str:
    """A name in HTML as written, isolated so right-to-left scripts read correctly."""
    return f"<bdi>{html.escape(name)}</bdi>"


def shown_id(name: str) -> str:
    """The learner's id beside their name (it names their answers file), so they can recognise it."""
    try:
        ident = learner_id(name)
    except LearnerIdError:
        return ""
    return f"<small class='lessons-learner-id'>(your id: <code>{html.escape(ident)}</code>)</small>"


def name_box(on_saved: Callable[[str], None] | None = None, why: str = "") -> W.VBox:
    """A text box and a Save button; calls ``on_saved(name)`` once a usable name is saved."""
    global _boxes
    _boxes += 1
    saved = current()
    text = W.Text(value=saved[0] if saved else "", placeholder="your name or student id",
                  description="Your name:", style={"description_width": "initial"},
                  continuous_update=False)  # one update on leaving the box: it reaches the kernel before Save
    button = W.Button(description="Save my name", button_style="primary")
    message = W.HTML(f"<p>{html.escape(why)}</p>" if why else "")
    message.add_class("lessons-name-message")
    status = W.HTML(f"Answering as <b>{shown_name(saved[0])}</b> {shown_id(saved[0])}." if saved else "")
    status.add_class("lessons-name-status")
    yes = W.Button(description="Yes, that's me", layout=W.Layout(width="auto"))
    no = W.Button(description="No, someone else", layout=W.Layout(width="auto"))
    confirm = W.HBox([])
    confirm.add_class("lessons-name-confirm")

    def save(name: str) -> None:
        confirm.children = []
        ident = save_current(name)
        learner_changed(name)
        status.value = (f"✔ Saved. Answering as <b>{shown_name(name)}</b> {shown_id(name)}; "
                        f"your answers file is {html.escape(ident)}.json.")
        if on_saved:
            on_saved(name)

    def on_click(_button) -> None:
        try:
            name = display_name(text.value)
            owner = file_owner(name)
        except LearnerIdError as exc:
            status.value = f"⚠ {html.escape(str(exc))}"
            return
        if owner is None:
            save(name)
            return
        status.value = (f"Answers saved on this computer under this name belong to <b>{shown_name(owner)}</b>. "
                        "Is this you?")
        confirm.children = [yes, no]

    def on_yes(_button) -> None:
        try:
            save(display_name(text.value))
        except LearnerIdError as exc:
            status.value = f"⚠ {html.escape(str(exc))}"

    def on_no(_button) -> None:
        confirm.children = []
        status.value = ("Then add something that tells you apart (a second name, your student number) "
                        "and press 'Save my name' again. Nothing was saved.")

    def follow(name: str) -> None:
        text.value = name
        status.value = f"Answering as <b>{shown_name(name)}</b> {shown_id(name)}."

    button.on_click(on_click)
    yes.on_click(on_yes)
    no.on_click(on_no)
    follow_learner(f"name-box-{_boxes}", follow)
    box = W.VBox([message, W.HBox([text, button]), status, confirm])
    box.add_class("lessons-name")
    return box


def ask_name() -> None:
    """Show the page's name box (used in 'Start here'; run it again to change the name)."""
    claim_name_step("ask_name", force=True)
    display(name_box(why="Type your name or student id (in any language) and press 'Save my name'. "
                         "Every quiz in this course saves your answers under it."))
