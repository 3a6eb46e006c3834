"""Every stored notebook is in the form JupyterLab 4 and Notebook 7 write (tools/notebook_form.py), so opening
one marks nothing changed (issue 24: every lesson showed unsaved changes as soon as it opened). The Python
version inside language_info is the one place the form depends on the machine: the browser test that opens
each lesson proves the whole of it; here every other byte is checked."""
from __future__ import annotations

import json

import nbformat
import pytest

from conftest import ROOT
from navigation import update
from notebook_form import KERNELSPEC, front_end_form, kernel_language_info

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_in_the_form_the_front_ends_write(path):
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    stored = dict(nb.metadata["language_info"])
    assert text == front_end_form(nb, stored), f"{path.name}: run 'make nav' (tools/notebook_form.py)"
    this_kernel = kernel_language_info()
    assert {k: v for k, v in stored.items() if k != "version"} == \
        {k: v for k, v in this_kernel.items() if k != "version"}, path.name
    assert nb.metadata["kernelspec"] == KERNELSPEC and nb.nbformat_minor == 5
    assert all(cell.get("id") for cell in nb.cells)


def test_the_navigation_writer_keeps_the_form(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for path in NOTEBOOKS:
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    lesson = folder / "02-timeline.ipynb"
    nb = json.loads(lesson.read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "<!-- nav -->\nstale"
    lesson.write_text(json.dumps(nb), encoding="utf-8")  # out of date, and in another form
    assert update(folder) == 1
    text = lesson.read_text(encoding="utf-8")
    assert text == front_end_form(nbformat.reads(text, as_version=4))
