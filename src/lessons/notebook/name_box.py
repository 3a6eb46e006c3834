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
from lessons.notebook.controls import TextSubmit
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


class NameBox:
    """A text box and a Save button (``box`` is what is shown); ``on_saved(name)`` once a usable name is saved."""

    def __init__(self, on_saved: Callable[[str], None] | None = None, why: str = ""):
        global _boxes
        _boxes += 1
        saved = current()
        self.on_saved = on_saved
        self.text = TextSubmit(value=saved[0] if saved else "", placeholder="your name or student id",
                               label="Your name:", button_label="Save my name")  # the click carries the text
        self._asked = ""  # the name an "Is this you?" waits on
        message = W.HTML(f"<p>{html.escape(why)}</p>" if why else "")
        message.add_class("lessons-name-message")
        self.status = W.HTML(f"Answering as <b>{shown_name(saved[0])}</b> {shown_id(saved[0])}." if saved else "")
        self.status.add_class("lessons-name-status")
        self.yes = W.Button(description="Yes, that's me", layout=W.Layout(width="auto"))
        self.no = W.Button(description="No, someone else", layout=W.Layout(width="auto"))
        self.confirm = W.HBox([])
        self.confirm.add_class("lessons-name-confirm")
        self.text.on_submit(self._on_save)
        self.yes.on_click(self._on_yes)
        self.no.on_click(self._on_no)
        follow_learner(f"name-box-{_boxes}", self._follow)
        self.box = W.VBox([message, self.text, self.status, self.confirm])
        self.box.add_class("lessons-name")

    def _save(self, name: str) -> None:
        self.confirm.children = []
        ident = save_current(name)
        learner_changed(name)
        self.status.value = (f"✔ Saved. Answering as <b>{shown_name(name)}</b> <small class='lessons-learner-id'>"
                             f"(your id: <code>{html.escape(ident)}</code>; answers file {html.escape(ident)}.json)"
                             "</small>.")
        if self.on_saved:
            self.on_saved(name)

    def _on_save(self, typed: str) -> None:
        try:
            name = display_name(typed)
            owner = file_owner(name)
        except LearnerIdError as exc:
            self.status.value = f"⚠ {html.escape(str(exc))}"
            return
        if owner is None:
            self._save(name)
            return
        self.status.value = (f"Answers saved on this computer under this name belong to "
                             f"<b>{shown_name(owner)}</b>. Is this you?")
        self._asked = name
        self.confirm.children = [self.yes, self.no]

    def _on_yes(self, _button: W.Button) -> None:
        try:
            self._save(display_name(self._asked))
        except LearnerIdError as exc:
            self.status.value = f"⚠ {html.escape(str(exc))}"

    def _on_no(self, _button: W.Button) -> None:
        self.confirm.children = []
        self.status.value = ("Then add something that tells you apart (a second name, your student number) "
                             "and press 'Save my name' again. Nothing was saved.")

    def _follow(self, name: str) -> None:
        self.text.value = name
        self.status.value = f"Answering as <b>{shown_name(name)}</b> {shown_id(name)}."


def name_box(on_saved: Callable[[str], None] | None = None, why: str = "") -> W.VBox:
    """A text box and a Save button; calls ``on_saved(name)`` once a usable name is saved."""
    return NameBox(on_saved, why).box


def ask_name() -> None:
    """Show the page's name box (used in 'Start here'; run it again to change the name)."""
    claim_name_step("ask_name", force=True)
    display(name_box(why="Type your name or student id (in any language) and press 'Save my name'. "
                         "Every quiz in this course saves your answers under it."))
