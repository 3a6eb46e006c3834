"""The grading report: one self-contained HTML page (figures embedded) for the teacher."""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from lessons.core import atomic_file
from lessons.teacher.grading.accounts import identity_note
from lessons.teacher.grading.results import Gradebook, percent
from lessons.teacher.grading.statistics import choice_labels

DISCRIMINATION_FLOOR = 0.2  # below this a question hardly separates stronger from weaker learners (the usual rule)
HARD_SHARE = 0.3  # share correct below which a question is labelled on the chart: revisit the topic or the item
WRONG_OPTIONS_SHOWN = 15  # rows of 'wrong options chosen most': enough to act on, short enough to read


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


MIN_FOR_ITEM_CHART = 4  # learners: discrimination compares the top and bottom 27%, at least one each


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return (ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2) if ordered else 0.0


def _percents(book: Gradebook) -> list[float]:
    return [p for r in book.results if (p := percent(r.total, book.max_total)) is not None]


def _histogram(book: Gradebook) -> str:
    """Learners by percent of the points set, in 10-point bands; whole learners on the count axis."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(7, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.hist(_percents(book), bins=range(0, 101, 10), color="#0072B2", edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, 100)
    ax.set_title("Learners by score")
    ax.set_xlabel("Score (% of the points set; bands of 10)")
    ax.set_ylabel("Learners")
    return _png(fig)


def _item_chart(items: list[dict]) -> str:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.subplots()
    pts = [(i["share_correct"], i["discrimination"], i["question"]) for i in items
           if i["share_correct"] != "" and i["discrimination"] != ""]
    ax.scatter([p[0] for p in pts], [p[1] for p in pts], color="#D55E00", marker="o")
    for x, y, name in pts:
        if y < DISCRIMINATION_FLOOR or x < HARD_SHARE:
            ax.annotate(name, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.axhline(DISCRIMINATION_FLOOR, color="#999999", linestyle="--", linewidth=1)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(-1.05, 1.05)
    ax.set_title("Questions: difficulty against discrimination (labelled: worth a look)")
    ax.set_xlabel("Share correct (1 = everyone right)")
    ax.set_ylabel("Discrimination (upper 27% - lower 27%)")
    return _png(fig)


def _wrong_rows(book: Gradebook) -> list[tuple]:
    """(learners, quiz, question, prompt, option): wrong options in the answers that counted."""
    rows = []
    for i, (bank, q) in enumerate(book.questions):
        if not book.kinds[i].single_choice or bank.quiz not in book.set_quizzes:
            continue
        counts: dict[str, int] = {}
        for r in book.results:
            if r.choices[i] is not None and (r.scores[i] or 0) < q.points:
                for label in choice_labels(r.choices[i]):
                    counts[label] = counts.get(label, 0) + 1
        rows += [(n, bank.quiz, q.id, q.prompt, option) for option, n in counts.items()]
    return sorted(rows, key=lambda row: (-row[0], row[1:]))


def write_report(book: Gradebook, items: list[dict], path: Path) -> None:
    """Write report.html: headline, learners by score, item chart, wrong options, learners, problems."""
    esc = html.escape
    set_banks = [b for b in book.banks if b.quiz in book.set_quizzes]
    percents = _percents(book)
    median = _median(percents)
    n = len(book.results)
    set_names = ", ".join(f"{b.title} ({b.lesson})" for b in set_banks) or "none"
    counted = f"assessment {book.assessment}: the final answer counts" if book.assessment else "practice answers"
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Grading report</title>",
        "<style>body{font-family:sans-serif;max-width:62em;margin:2em auto;padding:0 1em}"
        ".headline{font-size:1.25em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}td.num{text-align:right}</style></head><body>",
        "<h1>Grading report</h1>",
        f"<p class='headline'><strong>Median {median:.2f}%</strong> of the {book.max_total:.2f} points set, "
        f"over {n} learner{'s' if n != 1 else ''}"
        + (f" (lowest {min(percents):.2f}%, highest {max(percents):.2f}%)" if percents else "") + ".</p>",
        f"<p>Quizzes set: {esc(set_names)}. Graded: {esc(counted)}. {book.files_read} file(s) read; "
        f"{len(book.problems) or 'no'} problem{'s' if len(book.problems) != 1 else ''}. "
        "Written answers are in written-answers.md.</p>",
        f"<p>{esc(identity_note(book.results))}</p>",
        "<h2>Learners by score</h2>",
    ]
    if percents:
        parts.append(f"<img alt='Histogram: number of learners in each 10-point band of percent score; median "
                     f"{median:.2f}%' src='data:image/png;base64,{_histogram(book)}'>")
    else:
        parts.append("<p>No learner was graded, so there is no chart.</p>")
    parts += ["<h2>Questions: difficulty and discrimination</h2>",
              "<p>Discrimination is the share correct among the top 27% of learners minus the bottom 27%. "
              f"Below {DISCRIMINATION_FLOOR:g} (dashed line) a question does not separate stronger from weaker learners: check its "
              "wording and key. Very low share correct: revisit the topic in class.</p>"]
    if n < MIN_FOR_ITEM_CHART:
        parts.append(f"<p><strong>No chart:</strong> {n} learner{'s' if n != 1 else ''} graded; discrimination "
                     f"needs at least {MIN_FOR_ITEM_CHART} (one in the top and one in the bottom 27%) and means "
                     "little below about 20. The share correct per question is in items.csv.</p>")
    else:
        parts.append(f"<img alt='Scatter of questions by share correct and discrimination' "
                     f"src='data:image/png;base64,{_item_chart(items)}'>")
    wrong = _wrong_rows(book)
    parts.append("<h2>Wrong options chosen most</h2>")
    if wrong:
        parts += ["<p>From the answer that counted for each learner.</p><table><tr><th>learners</th><th>quiz</th>"
                  "<th>question</th><th>prompt</th><th>wrong option chosen</th></tr>",
                  *(f"<tr><td class='num'>{k}</td><td>{esc(qz)}</td><td>{esc(qid)}</td><td>{esc(prompt)}</td>"
                    f"<td>{esc(opt)}</td></tr>" for k, qz, qid, prompt, opt in wrong[:WRONG_OPTIONS_SHOWN]), "</table>"]
    else:
        parts.append("<p>No wrong option was chosen in the single-choice and true/false questions.</p>")
    def percent_cell(total: float) -> str:
        value = percent(total, book.max_total)
        return "" if value is None else f"{value:.2f}"

    quiz_heads = "".join(f"<th>{esc(b.quiz)} (of {book.quiz_max(b):.2f})</th>" for b in set_banks)
    parts += ["<h2>Learners</h2>",
              f"<table><tr><th>learner</th><th>name</th>{quiz_heads}<th>total</th><th>%</th>"
              "<th>Try-it exercises done (not graded)</th></tr>",
              *(f"<tr><td>{esc(r.learner_id)}</td><td>{esc(r.name)}</td>"
                + "".join(f"<td class='num'>{r.quiz_scores[b.quiz]:.2f}</td>" for b in set_banks)
                + f"<td class='num'>{r.total:.2f}</td><td class='num'>{percent_cell(r.total)}</td>"
                f"<td class='num'>{r.exercises_done}</td></tr>" for r in book.results),
              "</table>", "<h2>Problems</h2>"]
    if book.problems:
        parts += ["<ul>", *(f"<li>{esc(p.file)}{' [' + esc(p.learner) + (' / ' + esc(p.question) if p.question else '') + ']' if p.learner else ''}: "
                            f"{esc(p.reason)}</li>" for p in book.problems), "</ul>"]
    else:
        parts.append("<p>No problems: every file was read and graded in full.</p>")
    parts.append("</body></html>")
    atomic_file.write_text(path, "\n".join(parts))
