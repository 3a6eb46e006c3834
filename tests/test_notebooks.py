"""Notebooks: stored clean, navigation up to date, and each runs top to bottom headless without errors."""
from __future__ import annotations

import json
import os
import re
import shutil

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from lessons.notebook.exercises import find_exercise
from navigation import NAV, stale, update
from lessons.core.quizbank import find_bank
from lessons.core.scoring import correct_answer_text

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_there_is_an_index_and_eight_lessons():
    names = [p.name for p in NOTEBOOKS]
    assert names[0] == "00-index.ipynb" and len(names) == 9


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_without_outputs_or_widget_state(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in nb["metadata"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


def test_navigation_and_index_are_up_to_date():
    assert stale(ROOT / "notebooks") == [], "run: make nav"


CELL_ID = re.compile(r"^[0-9a-f]{8}$")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_nbformat_4_5_with_unique_cell_ids(path):
    """JupyterLab marks a notebook without cell ids as changed on opening; nbformat must accept the file."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert (raw["nbformat"], raw["nbformat_minor"]) >= (4, 5), "upgrade with nbformat.validator.normalize"
    ids = [cell.get("id") for cell in raw["cells"]]
    bad = [i for i, cid in enumerate(ids) if not isinstance(cid, str) or not CELL_ID.match(cid)]
    assert not bad, f"{path.name}: cells {bad} lack an 8-hex-digit id (give every new cell one)"
    assert len(set(ids)) == len(ids), f"{path.name}: repeated cell ids {sorted({i for i in ids if ids.count(i) > 1})}"
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))


def test_navigation_generator_keeps_cell_ids_and_format(tmp_path):
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    before = {p.name: [c["id"] for c in json.loads(p.read_text(encoding="utf-8"))["cells"]] for p in folder.glob("*.ipynb")}
    target = folder / "03-voices.ipynb"
    nb = json.loads(target.read_text(encoding="utf-8"))
    nav = next(c for c in nb["cells"] if "".join(c["source"]).startswith(NAV))
    nav["source"] = NAV + "\nout of date"
    target.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert update(folder) == 1 and stale(folder) == []
    after = {p.name: [c["id"] for c in json.loads(p.read_text(encoding="utf-8"))["cells"]] for p in folder.glob("*.ipynb")}
    assert after == before
    rewritten = json.loads(target.read_text(encoding="utf-8"))
    assert (rewritten["nbformat"], rewritten["nbformat_minor"]) == (4, 5)
    nbformat.validate(nbformat.reads(target.read_text(encoding="utf-8"), as_version=4))


@pytest.mark.parametrize("path", NOTEBOOKS[1:], ids=lambda p: p.name)
def test_lesson_anatomy(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    for part in ("**Questions**", "**Objectives**", "**Time:**", "## Key points"):
        assert part in text, part
    assert "show_quiz(" in code
    if not path.name.startswith("00-"):
        assert text.count("<details>") >= 2
        assert any(call in code for call in ("plots.", "plt.", ".plot.")), "a lesson needs at least one plot"


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_executes_headless_without_errors(path, tmp_path, isolated_answers):
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    nb = nbformat.read(path, as_version=4)
    checks = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.startswith('check("')]
    for n, i in enumerate(checks):  # a learner who leaves the first Try it empty and does the others
        exercise = find_exercise(re.match(r'check\("([\w-]+)"\)', nb.cells[i].source).group(1))
        if n:
            nb.cells[i - 1].source = f"{exercise.name} = {exercise.solution}"
    NotebookClient(nb, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    verdicts = ["".join(o.get("data", {}).get("text/plain", "") for o in nb.cells[i].outputs) for i in checks]
    for n, text in enumerate(verdicts):
        assert text.startswith("Right.") if n else text.startswith("Your turn. There is no"), text
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out["output_type"] != "error", f"{path.name}: {out.get('ename')}: {out.get('evalue')}"
            assert out.get("name") != "stderr" or "Warning" not in out.get("text", ""), out.get("text")
    quiz_outputs = [o for c in nb.cells if c.cell_type == "code" and "show_quiz(" in c.source
                    for o in c.outputs if "data" in o]
    if "show_quiz(" in "".join(c.source for c in nb.cells):
        assert quiz_outputs, "the quiz cell displayed nothing"
        widgets = [o for o in quiz_outputs if WIDGET_VIEW in o["data"]]
        statics = [o["data"] for o in quiz_outputs if "lessons-quiz-static" in o["data"].get("text/html", "")]
        assert widgets and len(statics) == len(widgets)  # each quiz (check-ins too) has its readable copy
        lesson = path.name[:2]
        bank = find_bank(lesson)
        plain = "".join(o["text/plain"] for o in statics)  # check-ins, close reading, closing quiz
        page = "".join(o["text/html"] for o in statics)
        static = page + plain
        for q in bank.questions:  # every question is readable where widgets cannot render
            assert q.prompt in plain, q.id
        for q in bank.questions:  # the stored output shows questions, never the explanation
            assert q.explanation not in static
            if q.kind in ("match", "classify"):
                assert correct_answer_text(q) not in static


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_relative_links_in_notebooks_open_inside_the_served_folder():
    """`make lab` and Binder serve the repository folder: every relative link in a notebook's Markdown
    (lesson to lesson, index to the teacher guide) names a file there."""
    checked = 0
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for target in MARKDOWN_LINK.findall("".join(cell["source"])):
                if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                    continue
                dest = (path.parent / target.partition("#")[0]).resolve()
                assert dest.is_file(), f"{path.name}: broken link {target}"
                assert ROOT.resolve() in dest.parents, f"{path.name}: {target} is outside the folder make lab serves"
                checked += 1
    assert checked >= 20


WEB_LINK = re.compile(r"(\*\*)?\[[^\]]+\]\(https?://[^)]+\)(\*\*)?")


def test_web_links_inside_sentences_are_bold():
    """The front ends' themes tell links from text by colour alone (axe: link-in-text-block, serious), so a
    link set inside a sentence is bold as well; a link alone on its line needs nothing more."""
    loose = []
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            for line in "".join(cell["source"]).splitlines():
                for m in WEB_LINK.finditer(line):
                    alone = not (line[:m.start()] + line[m.end():]).strip(" -*")
                    if not alone and not (m.group(1) and m.group(2)):
                        loose.append(f"{path.name} cell {cell['id']}: {m.group(0)[:60]}")
    assert not loose, "make these links bold (**[text](url)**):\n" + "\n".join(loose)
