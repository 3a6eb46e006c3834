"""Each lesson's quiz cell runs on its own: after a kernel restart, "run the quiz cell again" works."""
from __future__ import annotations

import json
import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
QUIZ_CALL = re.compile(r'show_quiz\("(\d\d)"')


def quiz_cells(path) -> list[str]:
    """The sources of the notebook's code cells that show a quiz."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    return [s for s in sources if "show_quiz(" in s]


LESSONS = [p for p in NOTEBOOKS if quiz_cells(p)]


def closing_quiz_cells(path) -> list[str]:
    """The closing quiz (check-ins and close readings mid-lesson pick questions with only=[...])."""
    return [s for s in quiz_cells(path) if "only=" not in s]


def test_every_lesson_has_one_quiz_cell():
    assert len(LESSONS) == 8, [p.name for p in LESSONS]
    for path in LESSONS:
        assert len(closing_quiz_cells(path)) == 1, path.name


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_quiz_cell_is_one_short_line_that_imports_what_it_needs(path):
    (source,) = closing_quiz_cells(path)
    assert "\n" not in source.strip() and len(source) <= 60, source
    for cell in quiz_cells(path):  # check-ins too: one line that imports what it needs
        assert "\n" not in cell.strip() and len(cell) <= 90, cell
        assert cell.startswith("from lessons import show_quiz;"), cell
        assert QUIZ_CALL.search(cell).group(1) == path.name[:2]


@pytest.mark.slow
def test_each_quiz_cell_runs_alone_in_a_fresh_kernel(isolated_answers):
    """The cell on its own, as after Kernel → Restart: no NameError, and the quiz widget is displayed."""
    for path in LESSONS:
        (source,) = closing_quiz_cells(path)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        outputs = nb.cells[0].outputs
        errors = [f"{o.get('ename')}: {o.get('evalue')}" for o in outputs if o["output_type"] == "error"]
        assert not errors, f"{path.name}: {errors}"
        assert any(WIDGET_VIEW in o.get("data", {}) for o in outputs), f"{path.name}: nothing displayed"
