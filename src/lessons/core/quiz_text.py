"""A quiz written out as text and HTML without answers: the fallback shown where widgets
cannot render (GitHub, nbviewer, PDF export) and the body of the printable handouts."""
from __future__ import annotations

import html
import re

from lessons.core.kinds import kind_of
from lessons.core.questions import Question, QuizBank


def how_to_answer(q: Question) -> str:
    """The one-line instruction for a kind of question."""
    return kind_of(q).how_to_answer(q)


def question_lines(q: Question, number: int) -> list[str]:
    """The question as Markdown-friendly text lines, without the answer."""
    kind = kind_of(q)
    lines = [f"{number}. {q.prompt}{kind.prompt_suffix(q)}", f"   {kind.how_to_answer(q)} [{q.points:g} pt]"]
    return lines + [f"   {line}" for line in kind.detail_lines(q)]


STATIC_NOTE = "This is a copy of the quiz to read: answer in JupyterLab to save it (run this cell there)."


def quiz_as_text(bank: QuizBank) -> str:
    """Plain-text version of the quiz, no answers."""
    out = [f"Quiz: {bank.title}", f"({STATIC_NOTE})", ""]
    for n, q in enumerate(bank.questions, 1):
        out += question_lines(q, n) + [""]
    return "\n".join(out)


def quiz_as_html(bank: QuizBank) -> str:
    """HTML version of the quiz, no answers (for static viewers: nbconvert, GitHub, nbviewer, PDF)."""
    esc = html.escape
    parts = [f"<div class='lessons-quiz-static'><h3>Quiz: {esc(bank.title)}</h3>",
             f"<p><em>{esc(STATIC_NOTE)}</em></p><ol>"]
    for q in bank.questions:
        kind = kind_of(q)
        parts.append(f"<li><p>{inline_markdown(q.prompt)}{esc(kind.prompt_suffix(q))}<br><small>"
                     f"{esc(kind.how_to_answer(q))} ({esc(points_note(q))})</small></p>{kind.detail_html(q)}</li>")
    parts.append("</ol></div>")
    return "".join(parts)


_INLINE = re.compile(r"`([^`]+)`|\*\*([^*]+)\*\*|(?<![*\w])\*([^*\s][^*]*)\*(?![*\w])")


def inline_markdown(text: str) -> str:
    """Text with Markdown's inline `code`, **bold** and *italic* as escaped HTML (nothing else)."""
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[last:match.start()]))
        code, bold, italic = match.groups()
        if code is not None:
            out.append(f"<code>{html.escape(code)}</code>")
        elif bold is not None:
            out.append(f"<b>{html.escape(bold)}</b>")
        else:
            out.append(f"<i>{html.escape(italic)}</i>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


def points_note(q: Question) -> str:
    """What a question is worth, honestly: written answers are read by the teacher, not scored here."""
    if not q.auto_scored:
        return "not scored here: your teacher reads it"
    return f"{q.points:g} pt" if q.points == 1 else f"{q.points:g} pts"
