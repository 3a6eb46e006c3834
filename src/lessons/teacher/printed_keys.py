"""`lessons key`: answer keys for the teacher and printable handouts without answers, generated
from the quiz banks (never kept by hand)."""
from __future__ import annotations

import html
import re
from pathlib import Path

from lessons.core import atomic_file
from lessons.core.kinds import kind_of
from lessons.core.quiz_text import question_lines
from lessons.core.quizbank import Question, QuizBank, load_all


def _body_lines(q: Question, n: int, handout: bool) -> list[str]:
    """Prompt, how to answer, then options lettered A, B, ... or items labelled a), b), ..."""
    return question_lines(q, n)[:2] + [f"   {line}" for line in kind_of(q).sheet_lines(q, handout)]


def answer_letters(q: Question) -> str:
    """The key as letters and labels (A, B (texts); a) item → category), as well as in words."""
    return kind_of(q).key_letters(q)


def key_markdown(bank: QuizBank) -> str:
    """The answer key of one quiz, in Markdown."""
    lines = [f"# Answer key: {bank.title}", "", f"Quiz id `{bank.quiz}`, lesson {bank.lesson}. "
             "Keep this away from learners.", ""]
    for n, q in enumerate(bank.questions, 1):
        lines += _body_lines(q, n, handout=False)
        lines += ["", f"   **Answer:** {answer_letters(q)}", f"   **Why:** {q.explanation}",
                  f"   *Objective {q.objective}, {q.level}; source: {q.source}; id `{q.id}`*", ""]
    return "\n".join(lines)


def handout_markdown(bank: QuizBank) -> str:
    """A printable quiz without answers: a line per short answer, ten for a written argument."""
    lines = [f"# Quiz: {bank.title}", "", "Name: ______________________   Date: ____________", ""]
    for n, q in enumerate(bank.questions, 1):
        lines += _body_lines(q, n, handout=True) + kind_of(q).handout_space(q)
    return "\n".join(lines)


def _inline(text: str) -> str:
    """Escape, then render Markdown's **bold**, *italic* and `code`."""
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", text)
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


def _as_html(markdown: str, title: str) -> str:
    body = []
    for line in markdown.splitlines():
        if line.startswith("# "):
            body.append(f"<h1>{_inline(line[2:])}</h1>")
        elif line.strip():
            body.append(f"<p style='margin:0.2em 0 0.2em {2 if line.startswith('   ') else 0}em'>"
                        f"{_inline(line.strip())}</p>")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:serif;max-width:45em;margin:2em auto}@media print{h1{page-break-before:always}}"
            "</style></head><body>" + "\n".join(body) + "</body></html>")


def write_keys(out: Path, fmt: str = "md", handouts: bool = True, seed: str | None = None) -> int:
    """Write keys (and handouts) for every bank into ``out``.

    With ``seed``, options are printed in the shuffled order that seed gives (key and handout alike),
    so a printed quiz is not "always A"; without it, in the bank's written order.
    """
    from lessons.core.option_order import shown_bank

    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for bank in load_all():
        if seed is not None:
            bank = shown_bank(bank, f"handout:{seed}")
        stem = bank.path.stem
        pairs = [(f"key-{stem}", key_markdown(bank))]
        if handouts:
            pairs.append((f"handout-{stem}", handout_markdown(bank)))
        for name, text in pairs:
            path = out / f"{name}.{fmt}"
            atomic_file.write_text(path, text if fmt == "md" else _as_html(text, name))
            written += 1
    print(f"Wrote {written} file(s) to {out}")
    return 0
