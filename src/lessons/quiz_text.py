"""A quiz written out as text and HTML without answers: the fallback shown where widgets
cannot render (GitHub, nbviewer, PDF export) and the body of the printable handouts."""
from __future__ import annotations

import html

from lessons.quizbank import Question, QuizBank

HOW_TO_ANSWER = {
    "single": "Choose one option.",
    "multiple": "Tick every option that is right.",
    "truefalse": "True or false?",
    "number": "Give a number.",
    "match": "Match each item to one of: {cats}.",
    "classify": "Sort each statement into one of: {cats}.",
    "order": "Put the items in order, first to last.",
    "text": "Write a short answer.",
}


def how_to_answer(q: Question) -> str:
    """The one-line instruction for a kind of question."""
    line = HOW_TO_ANSWER[q.kind].format(cats=", ".join(q.categories))
    if q.rubric:
        line += " Your teacher looks for: " + "; ".join(f"{c} ({p:g} pt)" for c, p in q.rubric) + "."
    return line


def question_lines(q: Question, number: int) -> list[str]:
    """The question as Markdown-friendly text lines, without the answer."""
    unit = f" ({q.unit})" if q.kind == "number" and q.unit else ""
    lines = [f"{number}. {q.prompt}{unit}", f"   {how_to_answer(q)} [{q.points:g} pt]"]
    if q.kind in ("single", "multiple"):
        lines += [f"   {chr(65 + i)}. {opt}" for i, opt in enumerate(q.options)]
    elif q.kind in ("match", "classify", "order"):
        lines += [f"   - {text}" for _, text in q.items]
    return lines


def quiz_as_text(bank: QuizBank) -> str:
    """Plain-text version of the quiz, no answers."""
    out = [f"Quiz: {bank.title}", "(Run this cell in JupyterLab to answer interactively.)", ""]
    for n, q in enumerate(bank.questions, 1):
        out += question_lines(q, n) + [""]
    return "\n".join(out)


def quiz_as_html(bank: QuizBank) -> str:
    """HTML version of the quiz, no answers (for static viewers)."""
    esc = html.escape
    parts = [f"<div class='lessons-quiz-static'><h3>Quiz: {esc(bank.title)}</h3>",
             "<p><em>Run this cell in JupyterLab to answer interactively.</em></p><ol>"]
    for q in bank.questions:
        unit = f" ({esc(q.unit)})" if q.kind == "number" and q.unit else ""
        parts.append(f"<li><p>{esc(q.prompt)}{unit}<br><small>{esc(how_to_answer(q))}</small></p>")
        if q.kind in ("single", "multiple"):
            parts.append("<ol type='A'>" + "".join(f"<li>{esc(o)}</li>" for o in q.options) + "</ol>")
        elif q.kind in ("match", "classify", "order"):
            parts.append("<ul>" + "".join(f"<li>{esc(t)}</li>" for _, t in q.items) + "</ul>")
        parts.append("</li>")
    parts.append("</ol></div>")
    return "".join(parts)
