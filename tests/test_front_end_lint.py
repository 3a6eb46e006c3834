"""The widgets' JavaScript (src/lessons/notebook/*.js, loaded by anywidget) passes eslint with the rules in
eslint.config.mjs, at the versions pinned in package.json / package-lock.json; 'make lint' runs the same command.
node and npm come from the machine (CI's .ci/run installs them); a missing one fails here, it is not skipped."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import ROOT

FRONT_END = sorted((ROOT / "src" / "lessons" / "notebook").glob("*.js"))


def eslint(*args: str, text: str | None = None) -> subprocess.CompletedProcess:
    if shutil.which("npm") is None or shutil.which("npx") is None:
        pytest.fail("npm is not installed: apt-get install nodejs npm (then 'make lint' installs eslint)")
    if not (ROOT / "node_modules" / ".bin" / "eslint").exists():
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=ROOT, check=True, timeout=300)
    return subprocess.run(["npx", "--no-install", "eslint", *args], cwd=ROOT, input=text, capture_output=True,
                          text=True, timeout=300)


def test_the_front_end_code_is_in_files_and_eslint_finds_nothing():
    assert {p.name for p in FRONT_END} >= {"question.js", "file_picker.js"}
    done = eslint("--max-warnings", "0", "src/lessons/notebook")
    assert done.returncode == 0, done.stdout + done.stderr


def test_eslint_sees_a_mistake():
    """The configuration is live: an undefined name and a loose comparison in a module are reported."""
    bad = "export function f(a) {\n  if (a == 1) {\n    return missing;\n  }\n  return a;\n}\n"
    done = eslint("--stdin", "--stdin-filename", "src/lessons/notebook/probe.js", text=bad)
    assert done.returncode == 1 and "no-undef" in done.stdout and "eqeqeq" in done.stdout, done.stdout + done.stderr
