"""Front-end controls ipywidgets does not offer: ``FilePicker``, a "Load answers from a file" button whose label
is just that (ipywidgets' FileUpload always adds a count, "(0)"), and ``TextSubmit``, a text box whose button
sends the text on screen with the click (the name box). Their JavaScript and CSS are files beside this one
(``file_picker.js``/``.css``, ``text_submit.js``/``.css``; linted by eslint in ``make lint``).
A question's own controls are ``lessons.notebook.question_widget``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import anywidget
import traitlets as T

HERE = Path(__file__).resolve().parent


class FilePicker(anywidget.AnyWidget):
    """A button that opens the browser's file chooser; ``picked`` becomes {name, content (base64), at}."""

    _esm = HERE / "file_picker.js"
    _css = HERE / "file_picker.css"
    label = T.Unicode("Load answers from a file").tag(sync=True)
    accept = T.Unicode(".json").tag(sync=True)
    picked = T.Dict().tag(sync=True)


class TextSubmit(anywidget.AnyWidget):
    """A labelled text box and its button (``text_submit.js``). The button (or Enter in the box) sends the text
    on screen with the click, in one message; ``on_submit(handler)`` calls ``handler(text)`` with it."""

    _esm = HERE / "text_submit.js"
    _css = HERE / "text_submit.css"
    value = T.Unicode("").tag(sync=True)
    label = T.Unicode("").tag(sync=True)
    placeholder = T.Unicode("").tag(sync=True)
    button_label = T.Unicode("Save").tag(sync=True)

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._handlers: list[Callable[[str], None]] = []
        self.on_msg(self._on_front_end)

    def on_submit(self, handler: Callable[[str], None]) -> None:
        """Call ``handler(text)`` on each click, with the text the box showed at the click."""
        self._handlers.append(handler)

    def _on_front_end(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A message from the page: only a submit carrying text does anything, whatever arrives."""
        if isinstance(content, dict) and content.get("event") == "submit" and isinstance(content.get("value"), str):
            self._submit(content["value"])

    def submit(self) -> None:
        """What the button does on the page: submit the text in ``value`` (tests and other callers)."""
        self._submit(self.value)

    def _submit(self, text: str) -> None:
        for handler in list(self._handlers):
            handler(text)
