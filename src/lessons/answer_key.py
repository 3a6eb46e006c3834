"""`lessons key`: answer keys for the teacher and printable handouts without answers, generated
from the quiz banks (never kept by hand)."""
from __future__ import annotations

import html
from pathlib import Path

from lessons.quiz_text import question_lines
from lessons.quizbank import QuizBank, load_all
from lessons.scoring import correct_answer_text


def key_markdown(bank: QuizBank) -> str:
    """The answer key of one quiz, in Markdown."""
    lines = [f"# Answer key: {bank.title}", "", f"Quiz id `{bank.quiz}`, lesson {bank.lesson}. "
             "Keep this away from learners.", ""]
    for n, q in enumerate(bank.questions, 1):
        lines += question_lines(q, n)
        lines += ["", f"   **Answer:** {correct_answer_text(q)}", f"   **Why:** {q.explanation}",
                  f"   *Objective {q.objective}, {q.level}; source: {q.source}; id `{q.id}`*", ""]
    return "\n".join(lines)


def handout_markdown(bank: QuizBank) -> str:
    """A printable quiz without answers."""
    lines = [f"# Quiz: {bank.title}", "", "Name: ______________________   Date: ____________", ""]
    for n, q in enumerate(bank.questions, 1):
        lines += question_lines(q, n)
        lines += ["", "   Answer: ______________________________________________", ""]
    return "\n".join(lines)


def _as_html(markdown: str, title: str) -> str:
    body = []
    for line in markdown.splitlines():
        text = html.escape(line.strip())
        text = text.replace("**", "")
        if line.startswith("# "):
            body.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif text:
            body.append(f"<p style='margin:0.2em 0 0.2em {2 if line.startswith('   ') else 0}em'>{text}</p>")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
            "<style>body{font-family:serif;max-width:45em;margin:2em auto}@media print{h1{page-break-before:always}}"
            "</style></head><body>" + "\n".join(body) + "</body></html>")


def write_keys(out: Path, fmt: str = "md", handouts: bool = True) -> int:
    """Write keys (and handouts) for every bank into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for bank in load_all():
        stem = bank.path.stem
        pairs = [(f"key-{stem}", key_markdown(bank))]
        if handouts:
            pairs.append((f"handout-{stem}", handout_markdown(bank)))
        for name, text in pairs:
            path = out / f"{name}.{fmt}"
            path.write_text(text if fmt == "md" else _as_html(text, name), encoding="utf-8")
            written += 1
    print(f"Wrote {written} file(s) to {out}")
    return 0
