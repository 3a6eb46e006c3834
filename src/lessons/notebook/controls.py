"""A front-end control ipywidgets does not offer accessibly: ``FilePicker``, a "Load answers from a file"
button whose label is just that (ipywidgets' FileUpload always adds a count, "(0)"). Its JavaScript and
CSS are ``file_picker.js`` and ``file_picker.css`` beside this file (linted by eslint in ``make lint``).
A question's own controls are ``lessons.notebook.question_widget``.
"""
from __future__ import annotations

from pathlib import Path

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
