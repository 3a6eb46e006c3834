"""Finding 8 of issue 13: an executed lesson converted with ``jupyter nbconvert --to html`` shows each
question, its options and "answer in JupyterLab to save it" as plain HTML, and no key or explanation,
whatever nbconvert chooses to render (here it has the widget state, so it prefers the widget view)."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT
from lessons.core.kinds import kind_of
from lessons.core.quizbank import find_bank
from lessons.core.quiz_text import STATIC_NOTE

NOTEBOOKS = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb")) if "show_quiz(" in p.read_text(encoding="utf-8")]


class _Text(HTMLParser):
    """The text a reader sees: everything outside <script> and <style>."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return re.sub(r"\s+", " ", "".join(parser.parts))


def plain(markdown: str) -> str:
    """A prompt as a reader sees it once its inline Markdown is rendered."""
    return re.sub(r"\s+", " ", re.sub(r"`|\*\*|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)", "", markdown)).strip()


@pytest.mark.slow
def test_every_executed_lesson_converts_to_html_with_its_quiz_readable_and_no_key(tmp_path, isolated_answers):
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    assert len(NOTEBOOKS) == 8
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, timeout=180, kernel_name="python3",
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        assert nb.metadata.get("widgets"), "the widget state is stored, so nbconvert prefers the widget view"
        executed = tmp_path / path.name
        nbformat.write(nb, executed)
        subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", str(executed)],
                       check=True, capture_output=True, timeout=180)
        page = executed.with_suffix(".html").read_text(encoding="utf-8")
        text = visible_text(page)
        bank = find_bank(path.name[:2])
        assert STATIC_NOTE in text and "answer in JupyterLab to save it" in text, path.name
        shown_options: set[str] = set()
        for q in bank.questions:
            assert plain(q.prompt) in text, (path.name, q.id)
            for option in kind_of(q).option_labels(q):
                assert html.unescape(option) in text, (path.name, q.id, option)
                shown_options.add(option)
            for _, item in q.items:
                assert item in text, (path.name, q.id, item)
        for q in bank.questions:  # no key value that is not also an option shown, and no explanation
            assert q.explanation not in text, (path.name, q.id)
            keys = q.answer if isinstance(q.answer, (list, tuple)) else [q.answer]
            if isinstance(q.answer, dict):
                keys = []  # match/classify keys are categories, shown as the choices themselves
            for key in keys:
                if isinstance(key, str) and len(key) > 3 and key not in shown_options \
                        and key not in {i for i, _ in q.items}:
                    assert key not in text, (path.name, q.id, key)
            if q.model_answer:
                assert q.model_answer.strip() not in text, (path.name, q.id)
