"""The project's own checks of its text against the source article (no copy of the article here).

Two jobs, both run by ``tests/test_content.py`` and usable from the command line
(``python tests/article_check.py [ARTICLE]``):

- ``quoted_passages``: every passage the course puts in quotation marks and attributes to the
  article or one of its voices (a P-reference, or a speaker named in the same sentence), with where it
  stands, so a test can look each one up in the article.
- ``reproduction``: how much of the article the repository repeats word for word (the longest run of
  words and the share of the article's words inside runs of 8 or more), so that the project never
  carries the article's full text. This is the check ../shared/tools/verbatim_check.py made.
"""
from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import subprocess
import sys
import tokenize
from dataclasses import dataclass
from pathlib import Path

import yaml

from course_text import json_strings

ROOT = Path(__file__).resolve().parents[1]
HEADINGS = {"Clarifications and Constant Cooperation", "Russian scenario in Iraq",
            "Political war and siege in the corner", "Other files and mounting pressure"}
# Words in a sentence that attribute a quotation to the article or one of its voices.
SPEAKER_CUES = re.compile(r"\b(Biden|Pachachi|Allawi|Dulaimi|the article|article's|the author|the Iraqi "
                          r"government|the article’s|the title|its title|article calls|article prints)\b", re.I)
P_REF = re.compile(r"\bP(\d{1,2})(?:\s*[-–]\s*P?(\d{1,2}))?\b")
# Passages in quotation marks that come from a source other than the article, with that source.
OTHER_SOURCES = {
    "as it arrives": "transcripts of Biden's remarks of 26 July 2021 (facts.md), set against the article's wording",
}


# ---------------------------------------------------------------- the article
def paragraphs(article: str) -> list[str]:
    """The 18 body paragraphs P1-P18 (title, headings and copyright line not counted)."""
    blocks = [b.strip() for b in article.replace("\u00a0", " ").split("\n\n") if b.strip()]
    body = [b for b in blocks[1:-1] if b not in HEADINGS]
    if len(body) != 18:
        raise ValueError(f"expected 18 body paragraphs, found {len(body)}: is this the right article?")
    return body


def title(article: str) -> str:
    return article.strip().split("\n", 1)[0]


def normalise(text: str) -> str:
    """Quote marks, dashes, ellipses and white space made uniform (nothing else changes)."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s*[–—]\s*|\s+-\s*|\s*-\s+", " - ", text)
    text = text.replace("...", "…")
    return re.sub(r"\s+", " ", text).strip()


def found_in(passage: str, text: str) -> bool:
    """Whether a passage stands in a text, allowing a changed first letter's case and trailing punctuation."""
    p = normalise(passage).strip(" .,;:")
    t = normalise(text)
    if not p:
        return True
    return p in t or (p[0].swapcase() + p[1:]) in t


# ---------------------------------------------------------------- finding quotations in the course
def _rel(path: Path) -> str:
    """A file's name as the course knows it: notebooks/x.ipynb, course/quizzes/x.yaml, course/data/x.csv."""
    parts = path.parts
    for anchor in ("notebooks", "course"):
        if anchor in parts:
            return "/".join(parts[len(parts) - 1 - parts[::-1].index(anchor):])
    return path.name

@dataclass(frozen=True)
class Passage:
    where: str        # file and cell / question id / row and field
    passage: str      # the words inside the quotation marks
    paragraphs: tuple[int, ...]   # paragraphs the sentence cites (empty: anywhere in the article)
    sentence: str     # the sentence it stands in, for the message


QUOTE_PAIRS = [re.compile(r"“([^”]{1,400})”"), re.compile(r'"([^"\n]{1,400}(?:\n[^"\n]{1,400}){0,3})"'),
               re.compile(r"(?<![\w'’])'(?=[^\s'])([^'\n]{1,300}?[^\s'])'(?![\w])")]


def _quotes_and_sentences(text: str) -> list[tuple[str, str, str]]:
    """(passage, sentence, sentence without its quotations) for every passage in quotation marks."""
    found: list[str] = []

    def hide(match: re.Match) -> str:
        found.append(match.group(1))
        return f" QUOTE{len(found) - 1}Q "

    masked = text
    for pattern in QUOTE_PAIRS:
        masked = pattern.sub(hide, masked)
    out = []
    for sentence in re.split(r"(?<=[.!?;])\s+|\n\s*\n|\n\s*[-*] |\n#+ ", masked):
        for index in re.findall(r"QUOTE(\d+)Q", sentence):
            plain = re.sub(r"QUOTE(\d+)Q", lambda m: f'"{found[int(m.group(1))]}"', sentence)
            # a quotation inside a quotation stays hidden until its outer one is restored
            while re.search(r"QUOTE(\d+)Q", plain):
                plain = re.sub(r"QUOTE(\d+)Q", lambda m: f'"{found[int(m.group(1))]}"', plain)
            passage = re.sub(r"QUOTE(\d+)Q", lambda m: f'"{found[int(m.group(1))]}"', found[int(index)])
            outside = re.sub(r"QUOTE(\d+)Q", " ", sentence)
            out.append((passage, " ".join(plain.split()), " ".join(outside.split())))
    return out


def _cited(sentence: str) -> tuple[int, ...]:
    refs: list[int] = []
    for a, b in P_REF.findall(sentence):
        refs.extend(range(int(a), int(b or a) + 1))
    return tuple(refs)


ECHO_WORDS = 4   # a passage sharing this many words in a row with the article reads as quoting it
_ARTICLE_RUNS: set[tuple[str, ...]] = set()


def echoes_article(passage: str) -> bool:
    """Whether a passage repeats ECHO_WORDS or more of the article's words in a row (a quotation unattributed)."""
    ws = words(passage)
    return any(tuple(ws[i:i + ECHO_WORDS]) in _ARTICLE_RUNS for i in range(len(ws) - ECHO_WORDS + 1))


def remember_article(article: str) -> None:
    """Index the article's runs of ECHO_WORDS words, for echoes_article."""
    art = words(article)
    _ARTICLE_RUNS.clear()
    _ARTICLE_RUNS.update(tuple(art[i:i + ECHO_WORDS]) for i in range(len(art) - ECHO_WORDS + 1))


def attributed(text: str, where: str, extra_context: str = "") -> list[Passage]:
    """Passages in quotation marks that the sentence (or ``extra_context``) attributes to the article,
    or that repeat a run of the article's words (a quotation in all but name)."""
    out = []
    for passage, sentence, outside in _quotes_and_sentences(text):
        context = outside + " " + extra_context
        if not (P_REF.search(context) or SPEAKER_CUES.search(context) or echoes_article(passage)):
            continue
        if normalise(passage).strip(" .,;:") in OTHER_SOURCES:
            continue
        out.append(Passage(where, passage, _cited(context), sentence))
    return out


def _markdown_prose(source: str) -> str:
    """Markdown without fenced code blocks, inline code and HTML tags."""
    source = re.sub(r"```.*?```", " ", source, flags=re.S)
    source = re.sub(r"`[^`]*`", " ", source)
    return re.sub(r"<[^>]+>", " ", source)


def _code_texts(source: str) -> list[str]:
    """Comments and string values in a code cell: what a learner reads in it."""
    texts = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.COMMENT:
                texts.append(tok.string.lstrip("# "))
            elif tok.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(tok.string)
                except (ValueError, SyntaxError):
                    continue
                if isinstance(value, str):
                    texts.append(value)
    except (tokenize.TokenError, IndentationError):
        texts.append(source)
    return texts


def notebook_passages(path: Path) -> list[Passage]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for number, cell in enumerate(nb["cells"]):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        where = f"{_rel(path)} cell {number} (id {cell.get('id')})"
        if cell["cell_type"] == "markdown":
            out += attributed(_markdown_prose(source), where)
        elif cell["cell_type"] == "code":
            for text in _code_texts(source):
                out += attributed(text, where)
    return out


QUESTION_TEXT_FIELDS = ("prompt", "explanation", "model_answer", "hint", "answer")


def _question_strings(question: dict) -> list[tuple[str, str]]:
    """(field name, text) for every piece of text a question shows or explains."""
    out = [(f, question[f]) for f in QUESTION_TEXT_FIELDS if isinstance(question.get(f), str)]
    out += [(f"hints[{i}]", h) for i, h in enumerate(question.get("hints") or []) if isinstance(h, str)]
    out += [(f"options[{i}]", o) for i, o in enumerate(question.get("options") or []) if isinstance(o, str)]
    out += [(f"categories[{i}]", c) for i, c in enumerate(question.get("categories") or []) if isinstance(c, str)]
    out += [(f"items[{it.get('id')}]", it.get("text", "")) for it in question.get("items") or []]
    return out


def bank_passages(path: Path) -> list[Passage]:
    bank = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for q in bank.get("questions", []):
        source = str(q.get("source", ""))
        quoting = "quotation" in str(q.get("prompt", "")).lower()
        for field, text in _question_strings(q):
            where = f"{_rel(path)} question {q.get('id')} {field}"
            if field.startswith("items[") and quoting:
                # items of a 'match the quotation' question are quotations from the paragraphs in source
                out += [Passage(where, p, _cited(source), text) for p, _, _ in _quotes_and_sentences(text)]
            else:
                out += attributed(text, where)
    return out


def table_passages(path: Path) -> list[Passage]:
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            cite = " ".join(f"P{p}" for p in re.findall(r"\d+", (row.get("paragraph") or "") + ";" +
                                                          (row.get("article_paragraphs") or "")))
            for field, value in row.items():
                if field in ("text", "source") or not value:
                    continue   # quotations.text is the quotation itself, checked on its own
                out += attributed(value, f"{_rel(path)} row {number} field {field}", cite)
    return out


def text_passages(path: Path) -> list[Passage]:
    return attributed(_markdown_prose(path.read_text(encoding="utf-8")), _rel(path))


def json_passages(path: Path) -> list[Passage]:
    out = []
    for trail, text in json_strings(json.loads(path.read_text(encoding="utf-8"))):
        out.extend(attributed(text, f"{_rel(path)} {trail}"))
    return out


def course_passages(root: Path = ROOT) -> list[Passage]:
    """Every attributed passage in the notebooks, quiz banks, guides, tables, codebook and README."""
    out: list[Passage] = []
    for nb in sorted((root / "notebooks").glob("*.ipynb")):
        out += notebook_passages(nb)
    for bank in sorted((root / "course" / "quizzes").glob("*.yaml")):
        out += bank_passages(bank)
    for md in [root / "README.md", root / "LICENSE-CONTENT.md", *sorted((root / "course").rglob("*.md"))]:
        if md.is_file():
            out += text_passages(md)
    for table in sorted((root / "course" / "data").glob("*.csv")):
        out += table_passages(table)
    package = root / "course" / "data" / "datapackage.json"
    if package.is_file():
        out += json_passages(package)
    return out


def misquotations(article: str, root: Path = ROOT) -> list[str]:
    """One message per attributed passage not found verbatim where it is attributed."""
    paras = paragraphs(article)
    whole = article.replace("\u00a0", " ")
    remember_article(whole)
    problems = []
    for p in course_passages(root):
        if p.paragraphs and all(1 <= n <= 18 for n in p.paragraphs):
            where_text = " ".join(paras[n - 1] for n in p.paragraphs)
            if "title" in p.sentence.lower():
                where_text += " " + title(article)
            if found_in(p.passage, where_text):
                continue
            elsewhere = " (it is elsewhere in the article)" if found_in(p.passage, whole) else ""
            cited = ", ".join(f"P{n}" for n in p.paragraphs)
            problems.append(f"{p.where}: \"{p.passage}\" is not in {cited}{elsewhere}")
        elif not found_in(p.passage, whole):
            problems.append(f"{p.where}: \"{p.passage}\" is not in the article")
    return problems


# ---------------------------------------------------------------- how much of the article is repeated
SHINGLE = 8
WORD = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


def words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in WORD.findall(text.lower())]


def repository_texts(root: Path = ROOT) -> dict[str, str]:
    """Every text file git tracks or would track (notebooks as their cells' sources)."""
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-co", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout.splitlines()
    out = {}
    for name in listed:
        path = root / name
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if b"\0" in raw[:4096] or len(raw) > 5_000_000:
            continue
        text = raw.decode("utf-8", errors="ignore")
        if path.suffix == ".ipynb":
            try:
                text = "\n".join("".join(c.get("source", "")) for c in json.loads(text).get("cells", []))
            except ValueError:
                pass
        out[name] = text
    return out


@dataclass(frozen=True)
class Reproduction:
    longest_run: int      # words in the longest run repeated from the article
    longest_where: str    # the file it is in
    longest_start: str    # its first words
    share: float          # share of the article's words inside repeated runs of SHINGLE+ words


def reproduction(article: str, texts: dict[str, str]) -> Reproduction:
    """Runs of SHINGLE or more words that the texts repeat from the article (words lower-cased, no punctuation)."""
    art = words(article)
    index: dict[tuple, list[int]] = {}
    for i in range(len(art) - SHINGLE + 1):
        index.setdefault(tuple(art[i:i + SHINGLE]), []).append(i)
    covered = [False] * len(art)
    longest = (0, "", "")
    for name, text in texts.items():
        ws = words(text)
        i = 0
        while i <= len(ws) - SHINGLE:
            starts = index.get(tuple(ws[i:i + SHINGLE]))
            if not starts:
                i += 1
                continue
            best_len, best_start = 0, 0
            for s in starts:
                n = SHINGLE
                while i + n < len(ws) and s + n < len(art) and ws[i + n] == art[s + n]:
                    n += 1
                if n > best_len:
                    best_len, best_start = n, s
            for k in range(best_start, best_start + best_len):
                covered[k] = True
            if best_len > longest[0]:
                longest = (best_len, name, " ".join(ws[i:i + min(best_len, 12)]))
            i += best_len
    return Reproduction(longest[0], longest[1], longest[2], sum(covered) / len(art))


def main(argv: list[str]) -> int:
    default = os.environ.get("LESSONS_ARTICLE") or ROOT.parent / "shared" / "source" / "article.txt"
    article_file = Path(argv[0] if argv else default)
    article = article_file.read_text(encoding="utf-8")
    rep = reproduction(article, repository_texts())
    print(f"longest verbatim run: {rep.longest_run} words in {rep.longest_where}: \"{rep.longest_start} …\"; "
          f"share of the article repeated: {rep.share:.0%}")
    problems = misquotations(article)
    for line in problems:
        print(line)
    print(f"{len(course_passages())} attributed passages, {len(problems)} not found where attributed")
    return 0 if not problems and rep.longest_run <= 40 and rep.share <= 0.30 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
