"""The course's prose, sentence by sentence, with where each sentence stands (for the fact checks).

Covers what learners and teachers read: notebook markdown, the text of every quiz question (prompts,
explanations, hints, model answers, items, and the *right* options: a wrong option is wrong on purpose),
the syllabus, the teacher guide, the codebook and quiz guide, datapackage.json descriptions and the text
fields of the tables.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import yaml

ROOT = Path(__file__).resolve().parents[1]



def json_strings(node, trail: str = "") -> Iterator[tuple[str, str]]:
    """Every string in a JSON document, with the path that leads to it (".resources[3].title")."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from json_strings(value, f"{trail}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from json_strings(value, f"{trail}[{index}]")
    elif isinstance(node, str):
        yield trail, node

@dataclass(frozen=True)
class Sentence:
    where: str
    text: str


def split_sentences(text: str) -> list[str]:
    """Sentences of a piece of prose: markdown code, tags and links' addresses removed; lines joined."""
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"“*(])|\n\s*\n|\n\s*[-*] |\n#+ |\n\|", text)
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def _question_texts(q: dict) -> list[tuple[str, str]]:
    out = [(f, q[f]) for f in ("prompt", "explanation", "model_answer", "hint") if isinstance(q.get(f), str)]
    out += [(f"hints[{i}]", h) for i, h in enumerate(q.get("hints") or []) if isinstance(h, str)]
    right = q.get("answer")
    right = right if isinstance(right, list) else [right]
    out += [(f"options[{i}]", o) for i, o in enumerate(q.get("options") or []) if o in right]
    out += [(f"items[{it.get('id')}]", it.get("text", "")) for it in q.get("items") or []]
    return out


def sentences(root: Path = ROOT) -> list[Sentence]:
    out: list[Sentence] = []
    for path in sorted((root / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for number, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "markdown":
                continue
            src = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            where = f"notebooks/{path.name} cell {number} (id {cell.get('id')})"
            out += [Sentence(where, s) for s in split_sentences(src)]
    for path in sorted((root / "course" / "quizzes").glob("*.yaml")):
        bank = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in bank.get("questions", []):
            for field, text in _question_texts(q):
                where = f"course/quizzes/{path.name} question {q.get('id')} {field}"
                out += [Sentence(where, s) for s in split_sentences(text)]
    for path in [root / "README.md", root / "LICENSE-CONTENT.md", *sorted((root / "course").rglob("*.md"))]:
        if not path.is_file():
            continue
        where = str(path.relative_to(root))
        out += [Sentence(where, s) for s in split_sentences(path.read_text(encoding="utf-8"))]
    for path in sorted((root / "course" / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=1):
                for field, value in row.items():
                    if field != "source" and value and re.search(r"[A-Za-z]{3}", value):
                        where = f"course/data/{path.name} row {number} field {field}"
                        out += [Sentence(where, s) for s in split_sentences(value)]
    package = root / "course" / "data" / "datapackage.json"
    if package.is_file():
        for trail, text in json_strings(json.loads(package.read_text(encoding="utf-8"))):
            if " " in text:
                out.extend(Sentence(f"course/data/datapackage.json {trail}", s) for s in split_sentences(text))
    return out


def course_facts(root: Path = ROOT) -> dict:
    """The ``facts`` block of course/course.yaml."""
    return yaml.safe_load((root / "course" / "course.yaml").read_text(encoding="utf-8")).get("facts") or {}
