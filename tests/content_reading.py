"""What the content checks of issue 26 read: the course's sentences with the paragraphs each one cites, the
course's facts table next to ../shared/context/facts.md, and where a passage stands in the article (inside
the article's quotation marks, or in its own words reporting a speaker)."""
from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

import article_check
from course_text import _question_texts, split_sentences

ROOT = Path(__file__).resolve().parents[1]
FACTS_ENV = "LESSONS_FACTS"
ADDRESS = re.compile(r"https?://[^\s;,|)]+[^\s;,|).]")
P_REF = re.compile(r"\bP(\d{1,2})(?:\s*[-–]\s*P?(\d{1,2}))?\b")


def cited(text: str) -> set[int]:
    """The paragraphs a text cites: 'P3', 'P6-P9', 'P10–16'."""
    out: set[int] = set()
    for a, b in P_REF.findall(text):
        out.update(range(int(a), int(b or a) + 1))
    return out


# ------------------------------------------------------------------ sentences with what they cite
@dataclass(frozen=True)
class Cited:
    where: str
    text: str
    paragraphs: frozenset[int]   # the sentence's own P-references plus those of its question or table row
    before: str = ""             # the sentence before it in the same cell or field (a block quote's lead-in)


def _with_lead_in(where: str, parts: list[str], extra: set[int]) -> list[Cited]:
    out, before = [], ""
    for part in parts:
        out.append(Cited(where, part, frozenset(cited(part) | extra), before))
        before = part
    return out


def cited_sentences(root: Path = ROOT) -> list[Cited]:
    """Every sentence learners and teachers read, with the paragraphs it cites. A quiz question's sentences
    also cite its `source`; a table row's sentences cite its `paragraph` (and `article_paragraphs`)."""
    out: list[Cited] = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                src = "".join(cell["source"])
                out += _with_lead_in(f"notebooks/{path.name} cell {number} (id {cell.get('id')})",
                                     split_sentences(src), set())
    for path in sorted((root / "course" / "quizzes").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8")).get("questions", []):
            extra = cited(str(q.get("source", "")))
            texts = _question_texts(q) + [(f"options[{i}]", o) for i, o in enumerate(q.get("options") or [])
                                          if isinstance(o, str)]
            for field, text in dict.fromkeys(texts):
                out += _with_lead_in(f"course/quizzes/{path.name} question {q.get('id')} {field}",
                                     split_sentences(text), extra)
    for path in [root / "README.md", *sorted((root / "course").rglob("*.md"))]:
        if path.is_file():
            out += _with_lead_in(str(path.relative_to(root)), split_sentences(path.read_text(encoding="utf-8")),
                                 set())
    for path in sorted((root / "course" / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                extra = cited(" ".join(f"P{p}" for p in re.findall(r"\d+", (row.get("paragraph") or "") + ";"
                                                                   + (row.get("article_paragraphs") or ""))))
                for field, value in row.items():
                    if field not in ("source", "text") and value and re.search(r"[A-Za-z]{3}", value):
                        out += _with_lead_in(f"course/data/{path.name} row {number} ({next(iter(row.values()))}) "
                                             f"field {field}", split_sentences(value), extra)
    return out


def key_places(root: Path = ROOT) -> list[Cited]:
    """Where the course states what a learner must take away: Key points, the syllabus's objectives, and
    the key of every machine-marked question (prompt, right options, items, explanation)."""
    out: list[Cited] = []
    for path in sorted((root / "notebooks").glob("0[0-9]-*.ipynb")):
        for number, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            src = "".join(cell["source"])
            if cell["cell_type"] == "markdown" and src.startswith("## Key points"):
                out += _with_lead_in(f"notebooks/{path.name} cell {number} (Key points)",
                                     split_sentences(src.split("\n", 1)[1]), set())
    syllabus = (root / "course" / "syllabus.md").read_text(encoding="utf-8")
    objectives = syllabus.split("## Objectives", 1)[1].split("\n## ", 1)[0]
    out += _with_lead_in("course/syllabus.md (objectives)", split_sentences(objectives), set())
    for path in sorted((root / "course" / "quizzes").glob("*.yaml")):
        for q in yaml.safe_load(path.read_text(encoding="utf-8")).get("questions", []):
            if q.get("kind") == "text":
                continue
            extra = cited(str(q.get("source", "")))
            for field, text in _question_texts(q):
                if field.startswith("hint"):
                    continue
                out += _with_lead_in(f"course/quizzes/{path.name} question {q['id']} {field}",
                                     split_sentences(text), extra)
    return out


# ------------------------------------------------------------------ facts.md and the course's facts table
def facts_md_path() -> Path | None:
    """../shared/context/facts.md beside the repository, or $LESSONS_FACTS."""
    candidate = Path(os.environ.get(FACTS_ENV) or ROOT.parent / "shared" / "context" / "facts.md")
    return candidate if candidate.is_file() else None


@dataclass(frozen=True)
class FactRow:
    date: str
    fact: str
    sources: tuple[str, ...]


def facts_md_rows(text: str) -> list[FactRow]:
    """The dated rows of facts.md's tables: | date | fact | source |."""
    rows: list[FactRow] = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.match(r"\d{4}", cells[0]):
            sources = tuple(ADDRESS.findall(cells[2]))
            if cells[2] == "same" and rows:     # facts.md's 'same': the row above's source
                sources = rows[-1].sources
            rows.append(FactRow(cells[0], cells[1], sources))
    return rows


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
DAY = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r") (\d{4})\b")


def days(text: str) -> set[date]:
    """The days a text names in full ('26 July 2021')."""
    return {date(int(y), MONTHS.index(m) + 1, int(d)) for d, m, y in DAY.findall(text)}


PERIOD = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:(\.\.|/)(\d{2}))?$")


def period(written: str) -> tuple[date, date, str]:
    """(first day, last day, precision) of a date as facts.md writes it: '2021-07-26', '2007-09',
    '2021-01..07' (January to July), '2021-07-23..26' and '2014-06-13/15' (two days)."""
    import calendar
    match = PERIOD.match(written.strip())
    if not match:
        raise ValueError(f"not a facts.md date: {written!r}")
    year, month, day, sep, end = match.groups()
    y = int(year)
    if day:
        first = date(y, int(month), int(day))
        last = date(y, int(month), int(end)) if end else first
        return first, last, "day"
    if month:
        m_first = int(month)
        m_last = int(end) if end else m_first
        return date(y, m_first, 1), date(y, m_last, calendar.monthrange(y, m_last)[1]), "month"
    return date(y, 1, 1), date(y, 12, 31), "year"


def numbers(text: str) -> set[int]:
    """Numbers written in a text ('2,500', '168,000', '$155m' -> 155), years left out."""
    out = set()
    text = re.sub(r"\b\d{1,2}(?=(?:\s*[-–]\s*\d{1,2})? (?:" + "|".join(MONTHS) + r")\b)", " ", text)  # days
    for n in re.findall(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?![\d,]*\d)", text):
        value = int(n.replace(",", ""))
        if not (1900 <= value <= 2100 and "," not in n):
            out.add(value)
    return out


# ------------------------------------------------------------------ where a passage stands in the article
def reported_form(passage: str, paragraphs: list[str], speakers: dict[int, str]) -> int | None:
    """The paragraph whose own words (outside its quotation marks) hold the passage, when that paragraph
    gives a speaker's view (not the author's): the passage is reported speech, not the speaker's words.
    None when the passage is inside the article's quotation marks, in an author paragraph, or not found."""
    wanted = article_check.normalise(passage).strip(" .,;:").lower()
    if len(wanted.split()) < 3:
        return None
    for number, text in enumerate(paragraphs, start=1):
        plain = article_check.normalise(text).lower()
        outside = re.sub(r'"[^"]*"', " ", plain)
        if wanted in plain and wanted in outside and speakers.get(number) != "author":
            return number
    return None
