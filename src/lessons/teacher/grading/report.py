"""The grading report: one self-contained HTML page (figures embedded) that answers the teacher's two
questions first: who is behind, and which questions were hardest. The page is the Jinja2 template
``templates/report.html.j2`` (autoescaped; text from answers files isolated in ``<bdi>``); this module
works out what it shows."""
from __future__ import annotations

import base64
import io
from collections import Counter
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup, escape

from lessons.core import atomic_file
from lessons.teacher.grading.accounts import identity_note
from lessons.teacher.grading.outputs import (EXAMPLES_PER_FILE, _rest, _where, marks_missing,
                                             problems_per_file, question_positions)
from lessons.teacher.grading.results import Gradebook, percent

DISCRIMINATION_FLOOR = 0.2  # below this a question hardly separates stronger from weaker learners (the usual rule)
HARD_SHARE = 0.3  # share correct below which a question is labelled on the chart: revisit the topic or the item
WRONG_ANSWERS_SHOWN = 15  # rows of 'wrong answers given most': enough to act on, short enough to read
HARDEST_SHOWN = 15  # questions on the hardest-questions chart
MIN_FOR_ITEM_CHART = 4  # learners: discrimination compares the top and bottom 27%, at least one each
BEHIND_BELOW = 50  # percent of the points set under which a learner is shown as behind


def _png(fig) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return (ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2) if ordered else 0.0


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}%"


def _num(x: float) -> str:
    return f"{x:.2f}"


def _learner_rows(book: Gradebook) -> list[dict]:
    """Each learner: answered n of m, percent, totals, to mark; lowest percent (then fewest answered) first."""
    positions = question_positions(book)
    set_banks = [b for b in book.banks if b.quiz in book.set_quizzes]
    rows: list[tuple[tuple, dict]] = []
    for r in book.results:
        answered = sum(1 for i in positions if r.scores[i] is not None or i in r.written)
        value = percent(r.total, book.max_total)
        order = (value if value is not None else 0.0, answered, r.name.casefold(), r.learner_id)
        rows.append((order, {"learner_id": r.learner_id, "name": r.name, "who": r.name or r.learner_id,
                     "answered": answered, "percent": _pct(value), "total": _num(r.total),
                     "quiz_scores": [_num(r.quiz_scores[b.quiz]) for b in set_banks],
                     "to_mark": len(marks_missing(book, r)), "exercises_done": r.exercises_done,
                     "exercise_points": _num(getattr(r, "exercise_points", 0.0)),
                     "behind": answered < len(positions) or (value is not None and value < BEHIND_BELOW)}))
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


def _wrong_counts(book: Gradebook, i: int) -> Counter:
    """How often each wrong part was given in the answers that counted and scored below full points."""
    q = book.questions[i][1]
    kind = book.kinds[i]
    counts: Counter = Counter()
    for r in book.results:
        if r.choices[i] is not None and (r.scores[i] or 0) < q.points:
            counts.update(kind.wrong_parts(q, r.choices[i]))
    return counts


def _question_rows(book: Gradebook) -> tuple[list[dict], list[dict]]:
    """Machine-marked questions by share right (lowest first), and the written questions with what is to mark."""
    hardest, written = [], []
    for i in question_positions(book):
        bank, q = book.questions[i]
        if not book.table.auto_scored[i]:
            answers = [r for r in book.results if i in r.written]
            marked = [book.marks[(r.learner_id, i)].points for r in answers if (r.learner_id, i) in book.marks]
            share = sum(marked) / (len(marked) * q.points) if marked and q.points else None
            written.append({"question": q.id, "kind": f"{q.kind} (written)", "prompt": q.prompt,
                            "answered": len(answers), "share": _pct(None if share is None else 100 * share),
                            "to_mark": len(answers) - len(marked),
                            "note": f"{len(answers) - len(marked)} to mark" if len(answers) > len(marked) else "marked"})
            continue
        scored = [r.scores[i] for r in book.results if r.scores[i] is not None]
        if not scored or not q.points:
            continue
        share = sum(scored) / (len(scored) * q.points)
        (wrong, count), = _wrong_counts(book, i).most_common(1) or [("", 0)]
        hardest.append({"question": q.id, "quiz": bank.quiz, "kind": q.kind, "prompt": q.prompt,
                        "answered": len(scored), "share": _pct(100 * share), "value": share,
                        "wrong": wrong, "wrong_count": count})
    hardest.sort(key=lambda row: (row["value"], row["quiz"], row["question"]))
    return hardest, written


def _wrong_rows(book: Gradebook) -> list[dict]:
    """Every wrong part given, with how many learners gave it, most given first (every kind of question)."""
    rows = []
    for i in question_positions(book):
        bank, q = book.questions[i]
        rows += [{"count": n, "quiz": bank.quiz, "question": q.id, "prompt": q.prompt, "answer": part}
                 for part, n in _wrong_counts(book, i).items()]
    return sorted(rows, key=lambda w: (-w["count"], w["quiz"], w["question"], w["answer"]))[:WRONG_ANSWERS_SHOWN]


def _problem_files(book: Gradebook) -> list[dict]:
    """Per file on disk: its count, its first problems and a line for the rest."""
    return [{"file": source, "count": len(found),
             "first": [{"where": _where(p, source), "reason": p.reason} for p in found[:EXAMPLES_PER_FILE]],
             "rest": _rest(found[EXAMPLES_PER_FILE:]) if len(found) > EXAMPLES_PER_FILE else ""}
            for source, found in problems_per_file(list(book.problems))]


def report_view(book: Gradebook, items: list[dict], charts: bool = True) -> dict:
    """Everything the report shows, as plain values for the template."""
    learners = _learner_rows(book)
    hardest, written = _question_rows(book)
    values = [v for v in (percent(r.total, book.max_total) for r in book.results) if v is not None]
    set_banks = [b for b in book.banks if b.quiz in book.set_quizzes]
    with_charts = charts and bool(values)
    return {
        "title": f"graded round {book.assessment}" if book.assessment else "practice answers",
        "median": _pct(_median(values)) if values else "–", "lowest": _pct(min(values, default=None)),
        "highest": _pct(max(values, default=None)), "max_total": _num(book.max_total),
        "learners": learners, "behind": [row for row in learners if row["behind"]],
        "question_count": len(question_positions(book)), "behind_below": BEHIND_BELOW,
        "quiz_heads": [f"{b.quiz} (of {_num(book.quiz_max(b))})" for b in set_banks],
        "to_mark": sum(row["to_mark"] for row in learners),
        "exercise_points": any(getattr(r, "exercise_points", 0) for r in book.results),
        "hardest": hardest, "written": written, "wrong_rows": _wrong_rows(book),
        "quizzes": ", ".join(f"{b.title} ({b.lesson})" for b in set_banks) or "none",
        "counted": (f"assessment {book.assessment}: the final answer counts" if book.assessment
                    else "practice answers"),
        "identity_note": identity_note(book.results), "files_read": book.files_read, "problem_count": len(book.problems), "problem_files": _problem_files(book),
        "discrimination_floor": f"{DISCRIMINATION_FLOOR:g}", "min_for_chart": MIN_FOR_ITEM_CHART,
        "histogram": _histogram(values) if with_charts else "",
        "hardest_chart": _hardest_chart(hardest) if charts and hardest else "",
        "hardest_alt": "Bar chart of the share right per question, hardest first: " + "; ".join(
            f"{h['question']} {h['share']}" for h in hardest[:HARDEST_SHOWN]),
        "item_chart": _item_chart(items) if with_charts and len(learners) >= MIN_FOR_ITEM_CHART else "",
    }


def _outside(value: object) -> Markup:
    """Text from an answers file: escaped, and isolated so its direction cannot spill into the page around it."""
    return Markup('<bdi dir="auto">') + escape(str(value)) + Markup("</bdi>")


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["outside"] = _outside
    return env.get_template("report.html.j2")


def render_report(book: Gradebook, items: list[dict], charts: bool = True) -> str:
    """The report page as text."""
    return _template().render(r=report_view(book, items, charts))


def write_report(book: Gradebook, items: list[dict], path: Path) -> None:
    """Write report.html."""
    atomic_file.write_text(path, render_report(book, items))


# --- figures ------------------------------------------------------------------------------------------------
def _histogram(values: list[float]) -> str:
    """Learners by percent of the points set, in 10-point bands; whole learners on the count axis."""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(7, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.hist(values, bins=range(0, 101, 10), color="#0072B2", edgecolor="white")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(0, 100)
    ax.set_title("Learners by score")
    ax.set_xlabel("Score (% of the points set; bands of 10)")
    ax.set_ylabel("Learners")
    return _png(fig)


def _hardest_chart(hardest: list[dict]) -> str:
    """Share right per question as horizontal bars, the hardest at the top (any class size)."""
    from matplotlib.figure import Figure

    shown = hardest[:HARDEST_SHOWN]
    fig = Figure(figsize=(7, 0.9 + 0.32 * len(shown)), layout="constrained")
    ax = fig.subplots()
    names = [f"{h['question']} ({h['kind']})" for h in shown][::-1]
    shares = [100 * h["value"] for h in shown][::-1]
    bars = ax.barh(names, shares, color=["#D55E00" if s < 100 * HARD_SHARE else "#0072B2" for s in shares])
    ax.bar_label(bars, labels=[f"{s:.0f}%" for s in shares], padding=3, fontsize=8)
    ax.set_xlim(0, 110)
    ax.set_xlabel("Share right (% of the points, among learners who answered)")
    ax.set_title("Hardest questions first")
    ax.tick_params(axis="y", labelsize=8)
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
