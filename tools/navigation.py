"""Navigation lines and the index notebook, generated from the notebooks themselves.

Each lesson has a markdown cell beginning ``<!-- nav -->`` at its top and bottom; the index has
one beginning ``<!-- contents -->``. ``make nav`` (``python tools/navigation.py notebooks``) rewrites them; a test fails
when they are out of date.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from notebook_form import front_end_form

NAV, CONTENTS = "<!-- nav -->", "<!-- contents -->"
INDEX = "00-index.ipynb"


def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def lesson_files(folder: Path) -> list[Path]:
    """Lesson notebooks in order (the index excluded)."""
    return sorted(p for p in folder.glob("[0-9][0-9]-*.ipynb") if p.name != INDEX)


def title_of(nb: dict) -> str:
    """The notebook's '# ' title."""
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError("notebook has no '# ' title")


def nav_text(folder: Path, name: str) -> str:
    """The navigation line of one lesson: previous · contents · next."""
    files = [p.name for p in lesson_files(folder)]
    i = files.index(name)
    prev = f"[← {title_of(_read(folder / files[i - 1]))}]({files[i - 1]})" if i > 0 else "← (first lesson)"
    nxt = f"[{title_of(_read(folder / files[i + 1]))} →]({files[i + 1]})" if i + 1 < len(files) else "(last lesson) →"
    return f"{NAV}\n{prev} · [Contents]({INDEX}) · {nxt}"


def contents_text(folder: Path) -> str:
    """The index's list of lessons, one line each with its minutes and summary."""
    lines = [CONTENTS, "| # | Lesson | Minutes | What you will do |", "|---|---|---|---|"]
    for path in lesson_files(folder):
        nb = _read(path)
        meta = nb["metadata"].get("lessons", {})
        lines.append(f"| {path.name[:2]} | [{title_of(nb)}]({path.name}) | {meta.get('minutes', '')} | "
                     f"{meta.get('summary', '')} |")
    return "\n".join(lines)


def expected_sources(folder: Path) -> dict[Path, dict[int, str]]:
    """For each notebook, the generated cells' index -> text they should hold."""
    out: dict[Path, dict[int, str]] = {}
    for path in [folder / INDEX, *lesson_files(folder)]:
        nb, cells = _read(path), {}
        for i, cell in enumerate(nb["cells"]):
            src = "".join(cell["source"])
            if src.startswith(NAV):
                cells[i] = nav_text(folder, path.name)
            elif src.startswith(CONTENTS):
                cells[i] = contents_text(folder)
        out[path] = cells
    return out


def stale(folder: Path) -> list[str]:
    """Notebooks whose navigation or contents differ from what would be generated."""
    bad = []
    for path, cells in expected_sources(folder).items():
        nb = _read(path)
        for i, text in cells.items():
            if "".join(nb["cells"][i]["source"]) != text:
                bad.append(f"{path.name} cell {i}")
    return bad


def update(folder: Path) -> int:
    """Rewrite the generated cells; return how many changed."""
    changed = 0
    for path, cells in expected_sources(folder).items():
        nb, before = _read(path), changed
        for i, text in cells.items():
            if "".join(nb["cells"][i]["source"]) != text:
                nb["cells"][i]["source"] = text
                changed += 1
        if changed > before:  # leave untouched notebooks byte for byte as they are
            path.write_text(front_end_form(nb), encoding="utf-8")  # as the front ends write it (notebook_form)
    return changed


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("notebooks")
    print(f"updated {update(target)} cell(s) in {target}")
