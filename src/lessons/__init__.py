"""Helpers for a Jupyter course described by ``course/course.yaml`` (see ``lessons.core.course``).

Importing this package is cheap: the modules that pull in pandas, matplotlib or
ipywidgets are loaded only when a notebook calls them.
"""
from __future__ import annotations

__version__ = "0.1.0"

_LAZY = {
    "show_quiz": ("lessons.notebook.quiz_view", "show_quiz"),
    "ask_name": ("lessons.notebook.name_box", "ask_name"),
    "show_handin": ("lessons.notebook.answers_box", "show_handin"),
    "load_table": ("lessons.core.data", "load_table"),
    "check": ("lessons.notebook.exercises", "check"),
    "plots": ("lessons.notebook.plots", None),
    "data": ("lessons.core.data", None),
}

__all__ = ["__version__", "show_quiz", "ask_name", "show_handin", "load_table", "check", "plots", "data"]


def __getattr__(name: str):
    """Import the notebook-facing helpers on first use (keeps `import lessons` fast)."""
    if name not in _LAZY:
        raise AttributeError(f"module 'lessons' has no attribute {name!r}")
    import importlib

    module_name, attr = _LAZY[name]
    module = importlib.import_module(module_name)
    return module if attr is None else getattr(module, attr)
