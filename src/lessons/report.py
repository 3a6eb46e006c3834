"""The grading report: one self-contained HTML page (figures embedded) for the teacher."""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from lessons.grading import Gradebook, choice_labels


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _figures(book: Gradebook, items: list[dict]) -> tuple[str, str]:
    from matplotlib.figure import Figure

    percents = [100 * r.total / book.max_total for r in book.results] if book.max_total else []
    fig = Figure(figsize=(7, 3.5), layout="constrained")
    ax = fig.subplots()
    ax.hist(percents, bins=range(0, 105, 5), color="#0072B2", edgecolor="white")
    ax.set_title("Score distribution")
    ax.set_xlabel("Total score (% of points)")
    ax.set_ylabel("Learners")
    dist = _png(fig)
    fig = Figure(figsize=(7, 4), layout="constrained")
    ax = fig.subplots()
    pts = [(i["share_correct"], i["discrimination"], i["question"]) for i in items
           if i["share_correct"] != "" and i["discrimination"] != ""]
    ax.scatter([p[0] for p in pts], [p[1] for p in pts], color="#D55E00", marker="o")
    for x, y, name in pts:
        if y < 0.2 or x < 0.3:
            ax.annotate(name, (x, y), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.axhline(0.2, color="#999999", linestyle="--", linewidth=1)
    ax.set_xlim(-0.05, 1.05)
    ax.set_title("Questions: difficulty against discrimination (labelled: worth a look)")
    ax.set_xlabel("Share correct (1 = everyone right)")
    ax.set_ylabel("Discrimination (upper 27% - lower 27%)")
    return dist, _png(fig)


def write_report(book: Gradebook, items: list[dict], path: Path) -> None:
    """Write report.html: distribution, difficulty vs discrimination, most-chosen wrong options, problems."""
    esc = html.escape
    dist, scatter = _figures(book, items)
    wrong_rows = []
    for i, (bank, q) in enumerate(book.questions):
        if not book.kinds[i].single_choice:
            continue
        counts: dict[str, int] = {}
        for r in book.results:
            if r.choices[i] is not None and (r.scores[i] or 0) < q.points:
                for label in choice_labels(r.choices[i]):
                    counts[label] = counts.get(label, 0) + 1
        for option, n in counts.items():
            wrong_rows.append((n, bank.quiz, q.id, q.prompt, option))
    wrong_rows.sort(reverse=True)
    percents = sorted(100 * r.total / book.max_total for r in book.results) if book.max_total else []
    median = percents[len(percents) // 2] if percents else 0
    parts = [
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Grading report</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}</style></head><body>",
        "<h1>Grading report</h1>",
        f"<p>{len(book.results)} learners graded from {book.files_read} files; {len(book.problems)} problem(s). "
        f"Median score {median:.0f}% of {book.max_total:g} machine-marked points. Written answers are in "
        "written-answers.md.</p>",
        "<h2>Score distribution</h2>",
        f"<img alt='Histogram of learners by total score in 5-point bands; median {median:.0f}%' src='data:image/png;base64,{dist}'>",
        "<h2>Questions: difficulty and discrimination</h2>",
        "<p>Discrimination is the share correct among the top 27% of learners minus the bottom 27%. "
        "Below 0.2 (dashed line) a question does not separate stronger from weaker learners: check its "
        "wording and key. Very low share correct: revisit the topic in class.</p>",
        f"<img alt='Scatter of questions by share correct and discrimination' src='data:image/png;base64,{scatter}'>",
        "<h2>Wrong options chosen most</h2><table><tr><th>learners</th><th>quiz</th><th>question</th><th>prompt</th><th>wrong option chosen</th></tr>",
        *(f"<tr><td>{n}</td><td>{esc(qz)}</td><td>{esc(qid)}</td><td>{esc(prompt)}</td><td>{esc(opt)}</td></tr>"
          for n, qz, qid, prompt, opt in wrong_rows[:15]),
        "</table><h2>Learners</h2><table><tr><th>learner</th><th>name</th><th>total</th><th>%</th>"
        "<th>Try-it exercises done (not graded)</th></tr>",
        *(f"<tr><td>{esc(r.learner_id)}</td><td>{esc(r.name)}</td><td>{r.total:g}</td>"
          f"<td>{f'{100 * r.total / book.max_total:.0f}' if book.max_total else ''}</td><td>{r.exercises_done}</td></tr>"
          for r in book.results),
        "</table><h2>Problems</h2><ul>",
        *(f"<li>{esc(p.file)}: {esc(p.reason)}</li>" for p in book.problems),
        "</ul></body></html>",
    ]
    path.write_text("\n".join(parts), encoding="utf-8")
