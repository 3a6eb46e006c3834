"""The teacher's class view (course/teacher/class-status.ipynb): who has handed in, and item statistics
so far, redrawn when the teacher presses Refresh. It reads the hand-in service when ``$LESSONS_EXCHANGE_URL``
is set (with the teacher's hub token), else the exchange folder: one row per learner either way."""
from __future__ import annotations

import html
import tempfile
from datetime import datetime, timezone
from pathlib import Path

import ipywidgets as W
from IPython.display import display

from lessons.exchange import backends
from lessons.exchange.collection import CollectionError, write_collection
from lessons.teacher.class_status import quiz_columns
from lessons.exchange.folder import ExchangeError
from lessons.teacher.class_summary import learner_rows, status_table

ITEM_COLUMNS = ["quiz", "question", "kind", "answered", "share_correct", "discrimination", "options_chosen"]


def _table(header: list[str], rows: list[list], css: str) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return (f"<table class='{css}' style='border-collapse:collapse' border='1' cellpadding='4'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def _items_of_files(files: list[Path]) -> str:
    """Item statistics of the hand-ins so far: practice answers, and the graded round's when course.yaml names one
    (its answers are saved apart, under the round's id)."""
    from lessons.core.assessment import AssessmentError
    from lessons.core.paths import course_dir
    from lessons.core.quizbank import load_all
    from lessons.teacher.grading import GradeRequest, grade, item_statistics
    from lessons.teacher.marks import assessed_banks

    if not files:
        return "<h3>Item statistics</h3><p>No hand-ins yet.</p>"
    banks = load_all()
    parts = [("Item statistics so far", "lessons-class-items",
              GradeRequest(files, [b for b in banks if not b.released]))]
    try:
        chosen, skip, round_id = assessed_banks(banks, course_dir())
        if chosen and not any(b.released for b in chosen):
            parts.insert(0, (f"Graded round {round_id}: item statistics so far", "lessons-class-round-items",
                             GradeRequest(files, chosen, skip_quizzes=skip, assessment=round_id)))
    except (AssessmentError, OSError, LookupError):
        pass  # no graded round named: practice only
    html_parts = []
    for title, css, request in parts:
        book = grade(request)
        rows = [[item[c] for c in ITEM_COLUMNS] for item in item_statistics(book) if item["answered"]]
        html_parts.append(f"<h3>{html.escape(title)} ({len(book.results)} learner(s))</h3>"
                          + _table(ITEM_COLUMNS, rows, css))
    return "".join(html_parts)


def service_html(exchange: backends.ServiceExchange | backends.FolderExchange) -> str:
    """The exchange's status (one row per learner) and the item statistics of each one's last hand-in."""
    receipts, refusals = exchange.everyone()
    rows = learner_rows(receipts, refusals, None)
    quizzes = quiz_columns([])
    seen = sorted({q for r in rows for q in r.answered})
    header, body = status_table(rows, [q for q in quizzes if q in seen] + [q for q in seen if q not in quizzes])
    status = f"<h3>{len(rows)} learner(s), {len(receipts)} hand-in(s)</h3>" + _table(header, body, "lessons-class-status")
    with tempfile.TemporaryDirectory() as tmp:
        summary = write_collection(Path(tmp) / "now", exchange.collect(), None)
        return status + _items_of_files([summary.folder / t.file for t in summary.taken])


def show_class_status(exchange: str | Path | None = None) -> None:
    """Show the class status and item statistics with a Refresh button (teacher notebook)."""
    backend = backends.from_target(exchange)
    out = W.HTML()
    out.add_class("lessons-class-view")
    button = W.Button(description="Refresh", icon="refresh", button_style="primary")
    button.add_class("lessons-class-refresh")

    def refresh(_button=None) -> None:
        stamp = datetime.now(timezone.utc).strftime("%H:%M:%S UTC")
        if backend is None:
            out.value = ("<p>⚠ No class exchange: set LESSONS_EXCHANGE_URL (the hand-in service) or give the "
                         "folder, e.g. show_class_status('/srv/lessons-exchange').</p>")
            return
        try:
            where = f"<p>Exchange {html.escape(backend.where)}, read at {stamp}.</p>"
            out.value = where + service_html(backend)
        except (ExchangeError, backends.ExchangeError, CollectionError) as exc:
            out.value = f"<p>⚠ {html.escape(str(exc))}</p>"

    button.on_click(refresh)
    refresh()
    display(W.VBox([button, out]))
