"""The rules that make a lesson workable alone: a place to type and a check for every Try it, code and words
explained before use, a close reading with a rubric, a check-in, help for the stuck and the quick, honest minutes,
charts drawn by one call to lessons.notebook.plots from a table, and setup cells that import only what is used."""
from __future__ import annotations

import ast
import csv
import json
import math
import re

import pytest

from conftest import ROOT
from lessons.notebook.exercises import load_exercises
from lessons.core.quizbank import find_bank

LESSONS = sorted(p for p in (ROOT / "notebooks").glob("0[0-9]-*.ipynb") if p.name != "00-index.ipynb")
READING_SPEED = 150  # words per minute, a slow reader's pace
# course words the review asked to see defined, beside the article's glossary (course/data/glossary.csv)
COURSE_TERMS = ["PMF", "coalition", "sovereignty", "kernel"]
# each idiom of the code glossary (course/code-glossary.md, by its code) and how to spot it in code
IDIOMS = {
    "from lessons import check, load_table, plots": r"^\s*(from\s+\S+\s+)?import\s",
    "ask_name()": r"\b(ask_name|show_handin)\(",
    "years = 2021 - 2003": r"^\s*[A-Za-z_]\w*\s*=(?!=)",
    'check("00-years")': r"\bcheck\(\"",
    'load_table("paragraphs")': r"\bload_table\(\"",
    "paras.head(3)": r"\.head\(",
    "a; b": r";\s*\S",
    'table[table["column"] == value]': r"\w+\[\w+\[\"\w+\"\]\s*==",
    'table[["a", "b"]]': r"\[\[\"",
    "len(table)": r"\blen\(",
    "plots.actors_by_kind()": r"\bplots\.\w+\(",
    "column.value_counts()": r"\.value_counts\(",
    "column.sum()": r"\.sum\(",
    'table["date"] >= "2020-01-01"': r"\[\"date\"\]\s*[<>]=?\s*\"",
    "(condition) & (condition)": r"\)\s*&\s*\(",
    'column.isin(["a", "b"])': r"\.isin\(",
    'table.groupby("a")["b"].sum()': r"\.groupby\(",
    ".sort_values(ascending=False)": r"\.sort_values\(",
    "pd.crosstab(a, b)": r"\bpd\.crosstab\(",
    ".sort_index()": r"\.sort_index\(",
    'my_claims = ["c13", "c14"]': r"^\s*\w+\s*=\s*\[",
    "display(table)": r"\bdisplay\(",
}


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell) -> str:
    return "".join(cell["source"])


def teaching_text(path) -> str:
    """The lesson's markdown, navigation lines left out."""
    return "\n".join(source(c) for c in cells(path) if c["cell_type"] == "markdown"
                     and not source(c).startswith("<!-- nav -->"))


def code_of(path) -> str:
    """Code a learner reads: code cells, and the Python in solutions folded into the text."""
    code = [source(c) for c in cells(path) if c["cell_type"] == "code"]
    code += re.findall(r"```python\n(.*?)```", teaching_text(path), re.S)
    return "\n".join(code)


def meta(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["metadata"]["lessons"]


def lesson_of(path) -> str:
    return path.name[:2]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_try_it_has_an_empty_cell_a_hint_a_solution_and_a_check(path):
    nb = cells(path)
    boxes = [i for i, c in enumerate(nb) if c["cell_type"] == "markdown" and source(c).startswith("### Try it")]
    assert boxes, "a lesson has at least one Try it"
    exercises = load_exercises()
    for i in boxes:
        box, empty, checker = source(nb[i]), nb[i + 1], nb[i + 2]
        assert "<details><summary>Hint</summary>" in box and "<details><summary>Show a solution</summary>" in box
        assert empty["cell_type"] == "code"
        lines = source(empty).splitlines()
        assert len(lines) == 1 and lines[0].startswith("# "), f"cell {i + 1} must hold only a one-line comment"
        call = re.fullmatch(r'check\("([\w-]+)"\)', source(checker).strip())
        assert checker["cell_type"] == "code" and call, f"cell {i + 2} must be one check(...) call"
        exercise = exercises[call.group(1)]
        assert exercise.lesson == lesson_of(path)
        assert f"`{exercise.name} = ...`" in box and source(empty).startswith(f"# {exercise.name} = ...")
        shown = re.search(r"```python\n(.*?)\n```", box, re.S).group(1)
        assert shown == f"{exercise.name} = {exercise.solution}", "the folded solution is the one check() uses"


def test_every_exercise_is_in_its_lesson_once():
    calls = re.findall(r'check\("([\w-]+)"\)', "\n".join(code_of(p) for p in LESSONS))
    assert sorted(calls) == sorted(load_exercises())


def _first_lesson(pattern: str) -> str | None:
    for path in LESSONS:
        if re.search(pattern, code_of(path), re.M):
            return lesson_of(path)
    return None


def test_code_glossary_lists_each_idiom_with_the_lesson_that_explains_it():
    rows = re.findall(r"^\| `(.+?)` \| .+? \| (\d\d) \|$", (ROOT / "course" / "code-glossary.md").read_text(), re.M)
    glossary = dict(rows)
    assert set(glossary) == set(IDIOMS), "course/code-glossary.md and the test's idioms must list the same code"
    for idiom, pattern in IDIOMS.items():
        first = _first_lesson(pattern)
        assert first == glossary[idiom], f"{idiom!r} is first used in lesson {first}, the glossary says {glossary[idiom]}"
        path = next(p for p in LESSONS if lesson_of(p) == first)
        notes = [source(c) for c in cells(path) if c["cell_type"] == "markdown" and "**New code**" in source(c)]
        snippets = [s for note in notes for s in re.findall(r"`([^`]+)`", note)]
        assert any(re.search(pattern, s, re.M) for s in snippets), f"lesson {first} needs a New code note on {idiom!r}"


def test_idioms_are_all_known():
    """Any code a lesson uses is in the glossary: each code line is covered by a known idiom or plain values."""
    for path in LESSONS:
        for line in code_of(path).splitlines():
            calls = re.findall(r"(?:\.|\b)(\w+)\(", line.split("#")[0])
            known = {"load_table", "check", "show_quiz", "ask_name", "show_handin", "head", "len", "value_counts",
                     "sum", "isin", "groupby", "sort_values", "crosstab", "sort_index", "display"}
            plots = {m for m in re.findall(r"plots\.(\w+)\(", line)}
            unknown = set(calls) - known - plots
            assert not unknown, f"{path.name}: {line!r} uses {unknown}, which no New code note explains"


def test_glossary_terms_are_defined_where_first_used():
    terms = [r["term"] for r in csv.DictReader((ROOT / "course" / "data" / "glossary.csv").open(encoding="utf-8"))]
    for term in terms + COURSE_TERMS:
        used = re.compile(r"(?<![\w-])" + re.escape(term) + r"(s|es)?(?![\w-])", re.I)
        defined = re.compile(r"\*\*" + re.escape(term) + r"\*\*:", re.I)
        first = next((p for p in LESSONS if used.search(teaching_text(p))), None)
        if first is not None:
            assert defined.search(teaching_text(first)), f"{term!r} is first used in {first.name}: define it there"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_a_close_reading_with_a_rubric_and_a_check_in(path):
    lesson = lesson_of(path)
    text, code = teaching_text(path), code_of(path)
    reading = re.search(r"## Close reading: P(\d+)\n(.*?)(?=\n## |\Z)", text, re.S)
    assert reading, "a lesson has a close reading"
    body = reading.group(2)
    assert "mena-studies.org" in body and re.search(r"\(P\d+;", body)
    quotes = re.findall(r"“([^”]+)”", body)
    assert quotes and all(len(q.split()) <= 40 for q in quotes), "short quotations (at most 40 words)"
    assert 2 <= len(re.findall(r"^\d\. ", body, re.M)) <= 3, "two or three guiding questions"
    bank = find_bank(lesson)
    question = bank.question(f"{bank.questions[0].id[:3]}-close-reading")
    assert question.kind == "text" and question.rubric and question.in_lesson
    assert f'only=["{question.id}"]' in code
    checkins = [q for q in bank.questions if q.in_lesson and q.kind != "text"]
    if lesson != "07":  # lesson 07 closes with the final quiz
        assert checkins and all(f'only=["{q.id}"]' in code for q in checkins)
    shown = set(re.findall(r'only=\["([\w-]+)"\]', code))
    assert shown == {q.id for q in bank.questions if q.in_lesson}, "every in-lesson question is shown once, mid-lesson"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_go_further_and_if_you_are_stuck(path):
    text = teaching_text(path)
    assert "## If you are stuck" in text and "## Go further" in text


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_minutes_add_up_and_leave_time_to_read(path):
    info = meta(path)
    minutes, acts = info["minutes"], info["activities"]
    assert sum(acts.values()) == minutes and 45 <= minutes <= 50
    assert all(isinstance(v, int) and v > 0 for v in acts.values())
    # the metadata is a JSON object, whose keys the front ends sort on every save: compared as a mapping
    line = re.search(r"\*\*Time:\*\* (\d+) minutes: ([^\n]+?)\.(?:\n|$)", teaching_text(path))
    stated = dict(item.rsplit(" ", 1) for item in line.group(2).split(", ")) if line else {}
    assert line and int(line.group(1)) == minutes and stated == {k: str(v) for k, v in acts.items()}, \
        "the Time line says what the metadata holds"
    words = len(teaching_text(path).split())
    assert acts["reading"] >= math.ceil(words / READING_SPEED), f"{words} words need {words / READING_SPEED:.1f} min"
    syllabus = (ROOT / "course" / "syllabus.md").read_text(encoding="utf-8")
    row = re.search(rf"^\| {lesson_of(path)} \| \[.+?\]\(\.\./notebooks/{path.name}\) \| (\d+) \|", syllabus, re.M)
    assert row and int(row.group(1)) == minutes, "course/syllabus.md states the same minutes"
    guide = (ROOT / "course" / "teacher-guide.md").read_text(encoding="utf-8")
    heading = re.search(rf"^### {lesson_of(path)} .+? \((\d+) min\)", guide, re.M)
    assert heading and int(heading.group(1)) == minutes, "the teacher guide states the same minutes"


def _literal_number_lists(code: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, (ast.List, ast.Tuple)) and node.elts and all(
                isinstance(e, ast.Constant) and isinstance(e.value, (int, float)) and not isinstance(e.value, bool)
                for e in node.elts):
            found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_no_data_typed_into_code_and_charts_come_from_lessons_plots(path):
    for cell in cells(path):
        if cell["cell_type"] != "code":
            continue
        text = source(cell)
        assert not _literal_number_lists(text), f"numbers typed into a cell: {_literal_number_lists(text)}"
        assert not re.search(r"\b(plt|matplotlib|ax)\.|\.plot\b", text), "charts come from lessons.notebook.plots"
        if "plots." in text:
            assert re.fullmatch(r"plots\.\w+\([^()]*\)", text.strip()), "a chart cell is one call to lessons.notebook.plots"


def test_the_number_list_check_catches_typed_data():
    assert _literal_number_lists("support = [1, 1, 0, 0]") == ["[1, 1, 0, 0]"]
    assert _literal_number_lists('ids = ["c13", "c14"]') == []


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_setup_cell_imports_only_what_the_lesson_uses(path):
    nb = cells(path)
    setup = next(c for c in nb if c["cell_type"] == "code" and source(c).startswith("# Setup"))
    rest = code_of(path).replace(source(setup), "", 1)  # other cells and the solutions a learner types
    for node in ast.walk(ast.parse(source(setup))):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                name = alias.asname or alias.name
                assert re.search(rf"\b{re.escape(name)}\b", rest), f"the setup cell imports {name}, which is unused"


# A discussion question the notebook answers before it is asked leaves nothing to discuss (issue 19, item 10).
# For each lesson: the question (as the teacher guide's 'Discuss:' line words it) and phrases of the answer the
# guide expects. Answer text may come only after the question, or folded in a <details> block to open later.
DISCUSSIONS = {
    "03": ("Are the voices really opposed?", ["overlap", "no voice argues the second"]),
}


def unfolded(text: str) -> str:
    """Markdown with every <details> block left out (what a learner reads without opening anything)."""
    return re.sub(r"<details>.*?</details>", "", text, flags=re.S)


@pytest.mark.parametrize("lesson", sorted(DISCUSSIONS))
def test_discussion_question_is_asked_before_the_notebook_answers_it(lesson):
    question, answer_phrases = DISCUSSIONS[lesson]
    guide = (ROOT / "course" / "teacher-guide.md").read_text(encoding="utf-8")
    section = re.search(rf"^### {lesson} .*?(?=^### )", guide, re.M | re.S).group(0)
    assert f"Discuss: {question}" in section, "the guide's discussion question changed: update DISCUSSIONS"
    path = next(p for p in LESSONS if lesson_of(p) == lesson)
    texts = [source(c) for c in cells(path) if c["cell_type"] == "markdown"]
    asked = next((i for i, t in enumerate(texts) if question in t), None)
    assert asked is not None, f"{path.name} never asks its discussion question: {question!r}"
    for i, text in enumerate(texts):
        visible = unfolded(text) if i >= asked else text
        before = visible if i < asked else visible.split(question)[0] if i == asked else ""
        for phrase in answer_phrases:
            assert phrase.lower() not in before.lower(), (
                f"{path.name} answers {question!r} ({phrase!r}) before asking it")
            if i == asked:
                assert phrase.lower() not in unfolded(text).lower(), (
                    f"{path.name} answers {question!r} right beside it: fold the answer in <details>")
