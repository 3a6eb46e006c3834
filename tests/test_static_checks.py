"""ruff and mypy report nothing: the rules and settings are in pyproject.toml, and 'make lint' (the first step of
'make test') runs the same two commands. Both are installed by the [test] extra at the versions in requirements.lock."""
from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import ROOT


def run(module: str, *args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed in {sys.prefix}: run 'make setup' (the [test] extra installs it)")
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_ruff_finds_nothing():
    done = run("ruff", "check", "--output-format", "concise")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_finds_nothing():
    done = run("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_both_checkers_see_a_mistake(tmp_path):
    """The settings are live: an unused import and a wrong type in a module are reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\n\ndef half(n: int) -> int:\n    return n / 2\n", encoding="utf-8")
    ruff = run("ruff", "check", "--output-format", "concise", "--config", str(ROOT / "pyproject.toml"), str(bad))
    assert ruff.returncode == 1 and "F401" in ruff.stdout, ruff.stdout + ruff.stderr
    mypy = run("mypy", "--config-file", str(ROOT / "pyproject.toml"), "--no-incremental", str(bad), cwd=tmp_path)
    assert mypy.returncode == 1 and "Incompatible return value" in mypy.stdout, mypy.stdout + mypy.stderr
