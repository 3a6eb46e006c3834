"""Notebooks stored in the form JupyterLab 4 and Notebook 7 write, so opening one changes nothing.

What the front ends change on open, found by opening each lesson and saving it at once (JupyterLab 4.6 and
Notebook 7.6 write the same bytes): the kernel's full ``language_info`` replaces a stored ``{"name": "python"}``
(this alone marks the document as having unsaved changes: the front end sets the metadata the kernel reports
and compares it with what was stored); and the server writes with ``nbformat.writes`` (keys sorted, indent 1,
each source as a list of lines) plus a final newline. ``kernelspec``, ``nbformat_minor`` 5 and cell ids were
already as written.

``language_info`` carries the kernel's Python version, so the stored one is that of the environment the course
is built and tested in; Binder's ``postBuild`` runs this tool again for the Python it installed.
Usage: ``python tools/notebook_form.py notebooks`` (``make nav`` runs it).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import nbformat

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def kernel_language_info() -> dict[str, Any]:
    """The ``language_info`` a Python kernel of this environment reports (what the front end stores)."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


def front_end_form(nb: Any, language_info: dict[str, Any] | None = None) -> str:
    """The notebook's text as the front end saves it (this environment's kernel unless ``language_info``)."""
    node = nbformat.from_dict(nb)
    node.metadata["kernelspec"] = dict(KERNELSPEC)
    node.metadata["language_info"] = language_info if language_info is not None else kernel_language_info()
    return nbformat.writes(node) + "\n"


def rewrite(folder: Path) -> list[Path]:
    """Rewrite every notebook under ``folder`` that is not in the front ends' form; return those rewritten."""
    changed = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        wanted = front_end_form(nbformat.reads(text, as_version=4))
        if wanted != text:
            path.write_text(wanted, encoding="utf-8")
            changed.append(path)
    return changed


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("notebooks")
    print(f"rewrote {len(rewrite(target))} notebook(s) in {target} in the front ends' form")
