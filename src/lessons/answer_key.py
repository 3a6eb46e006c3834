"""`lessons key`: answer keys for the teacher and printable handouts without answers, generated
from the quiz banks (never kept by hand)."""
from __future__ import annotations

import html
import re
from pathlib import Path

from lessons.quiz_text import question_lines
from lessons.quizbank import Question, QuizBank, load_all
from lessons.scoring import correct_answer_text


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WRITTEN_LINES = 10  # answer lines a handout gives a written argument
RULE = "______________________________________________________________"


def _label(index: int) -> str:
    """Item labels on keys and handouts: a), b), c) (options are A, B, C)."""
    return f"{LETTERS[index].lower()})"


def _body_lines(q: Question, n: int, handout: bool) -> list[str]:
    """Prompt, how to answer, then options lettered A, B, ... or items labelled a), b), ..."""
    lines = question_lines(q, n)[:2]
    if q.kind in ("single", "multiple"):
        lines += [f"   {LETTERS[i]}. {opt}" for i, opt in enumerate(q.options)]
    elif q.kind in ("match", "classify"):
        lines += [f"   {_label(i)} {text}" + ("  →  ____________________" if handout else "")
                  for i, (_, text) in enumerate(q.items)]
    elif q.kind == "order":
        lines += [f"   {_label(i)} {text}" + ("  position: ____" if handout else "") for i, (_, text) in enumerate(q.items)]
    return lines


def answer_letters(q: Question) -> str:
    """The key as letters and labels (B; A, C; b, a, c; a) → fact), as well as in words."""
    if q.answer is None or q.kind in ("text", "number"):
        return correct_answer_text(q)
    if q.kind == "truefalse":
        return "True" if q.answer else "False"
    if q.kind in ("single", "multiple"):
        chosen = [q.answer] if q.kind == "single" else list(q.answer)
        letters = ", ".join(LETTERS[q.options.index(a)] for a in chosen)
        return f"{letters} ({'; '.join(chosen)})"
    ids = [i for i, _ in q.items]
    text = q.item_text
    if q.kind == "order":
        return (", ".join(_label(ids.index(i)) for i in q.answer) + " ("
                + " → ".join(text[i] for i in q.answer) + ")")
    return "; ".join(f"{_label(ids.index(i))} {text[i]} → {q.answer[i]}" for i in ids if i in q.answer)


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
        lines += _body_lines(q, n, handout=True)
        if q.kind == "text":
            lines += [""] + [f"   {RULE}"] * WRITTEN_LINES + [""]
        elif q.kind in ("match", "classify", "order"):
            lines += [""]
        else:
            lines += ["", f"   Answer: {RULE[:40]}", ""]
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
