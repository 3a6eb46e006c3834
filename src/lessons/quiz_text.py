"""A quiz written out as text and HTML without answers: the fallback shown where widgets
cannot render (GitHub, nbviewer, PDF export) and the body of the printable handouts."""
from __future__ import annotations

import html

from lessons.kinds import kind_of
from lessons.quizbank import Question, QuizBank


def how_to_answer(q: Question) -> str:
    """The one-line instruction for a kind of question."""
    return kind_of(q).how_to_answer(q)


def question_lines(q: Question, number: int) -> list[str]:
    """The question as Markdown-friendly text lines, without the answer."""
    kind = kind_of(q)
    lines = [f"{number}. {q.prompt}{kind.prompt_suffix(q)}", f"   {kind.how_to_answer(q)} [{q.points:g} pt]"]
    return lines + [f"   {line}" for line in kind.detail_lines(q)]


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
        kind = kind_of(q)
        parts.append(f"<li><p>{esc(q.prompt)}{esc(kind.prompt_suffix(q))}<br><small>{esc(kind.how_to_answer(q))}"
                     f"</small></p>{kind.detail_html(q)}</li>")
    parts.append("</ol></div>")
    return "".join(parts)
