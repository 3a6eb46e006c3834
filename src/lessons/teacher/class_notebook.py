"""The teacher's class view (course/teacher/class-status.ipynb): who has handed in, and item statistics
so far, redrawn when the teacher presses Refresh."""
from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

import ipywidgets as W
from IPython.display import display

from lessons.teacher.class_status import class_rows, quiz_columns
from lessons.exchange.folder import ExchangeError, configured_exchange

ITEM_COLUMNS = ["quiz", "question", "kind", "answered", "share_correct", "discrimination", "options_chosen"]


def _table(header: list[str], rows: list[list], css: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<table class='{css}' style='border-collapse:collapse' border='1' cellpadding='4'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def status_html(exchange: Path) -> str:
    """The class status as an HTML table (the same columns as ``lessons status``)."""
    rows = class_rows(exchange)
    quizzes = quiz_columns(rows)
    header = ["user", "name", "handed in", *quizzes, "problem"]
    body = [[r.user, r.name, r.handed_in_at.replace("T", " ")[:19], *(r.answered.get(q, 0) for q in quizzes),
             r.problem] for r in rows]
    return f"<h3>{len(rows)} hand-in(s)</h3>" + _table(header, body, "lessons-class-status")


def items_html(exchange: Path) -> str:
    """Item statistics of the hand-ins so far (auto-marked questions that someone answered)."""
    from lessons.teacher.grading import grade, item_statistics
    from lessons.core.quizbank import load_all

    files = [r.path for r in class_rows(exchange) if not r.problem and r.path is not None]
    if not files:
        return "<h3>Item statistics</h3><p>No hand-ins yet.</p>"
    book = grade(files, load_all())
    rows = [[item[c] for c in ITEM_COLUMNS] for item in item_statistics(book) if item["answered"]]
    return (f"<h3>Item statistics so far ({len(book.results)} learner(s))</h3>"
            + _table(ITEM_COLUMNS, rows, "lessons-class-items"))


def show_class_status(exchange: str | Path | None = None) -> None:
    """Show the class status and item statistics with a Refresh button (teacher notebook)."""
    folder = Path(exchange) if exchange else configured_exchange()
    out = W.HTML()
    out.add_class("lessons-class-view")
    button = W.Button(description="Refresh", icon="refresh", button_style="primary")
    button.add_class("lessons-class-refresh")

    def refresh(_button=None) -> None:
        stamp = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
        if folder is None:
            out.value = "<p>⚠ No class exchange: give its folder, e.g. show_class_status('/srv/lessons-exchange').</p>"
            return
        try:
            out.value = f"<p>Exchange {html.escape(str(folder))}, read at {stamp}.</p>" + status_html(folder) + items_html(folder)
        except ExchangeError as exc:
            out.value = f"<p>⚠ {html.escape(str(exc))}</p>"

    button.on_click(refresh)
    refresh()
    display(W.VBox([button, out]))
