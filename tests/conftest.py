"""Shared fixtures: isolated answer folders, the source article, the repository root."""
from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from lab_server import FRONT_ENDS, FrontEnd

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
ARTICLE_ENV = "LESSONS_ARTICLE"


def article_path() -> Path | None:
    """The source article: $LESSONS_ARTICLE, else ../shared/source/article.txt beside the repository."""
    candidate = Path(os.environ.get(ARTICLE_ENV) or ROOT.parent / "shared" / "source" / "article.txt")
    return candidate if candidate.is_file() else None


def need_or_skip(ok: bool, reason: str) -> None:
    """Skip with a printed reason outside CI; in CI a missing prerequisite is a failure."""
    if ok:
        return
    if IN_CI:
        pytest.fail(f"required in CI: {reason}")
    print(f"SKIP: {reason}")
    pytest.skip(reason)


@pytest.fixture
def article_text() -> str:
    path = article_path()
    need_or_skip(path is not None, f"the source article is absent (set {ARTICLE_ENV} or put ../shared beside the repo)")
    return path.read_text(encoding="utf-8").replace("\u00a0", " ")


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory) -> tuple[Path, Path]:
    """The package built as a wheel and installed (not editable) into a fresh venv, once per test run.

    Returns the venv's python and its site-packages. The dependencies (ipywidgets, pandas, ...) come from the
    test environment through a .pth file read after the package itself, so nothing is downloaded.
    """
    tmp = tmp_path_factory.mktemp("install")
    dist = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("lessons-*.whl"))
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    target = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", target, str(wheel)],
                   check=True, capture_output=True)
    (Path(target) / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return py, Path(target)


@pytest.fixture(scope="module", params=FRONT_ENDS, ids=[f.name for f in FRONT_ENDS])
def front_end(request) -> FrontEnd:
    """Each supported front end in turn (JupyterLab, Notebook 7): a browser test taking this runs in both.

    Module-scoped, so pytest runs a module's tests for one front end, then for the other, against the
    module's one server. Open pages with ``front_end.url(server.base, relative_path)``.
    """
    return request.param


@pytest.fixture(autouse=True)
def isolated_answers(tmp_path, monkeypatch):
    """Every test writes answers into its own folder, never the user's."""
    folder = tmp_path / "answers"
    monkeypatch.setenv("LESSONS_RESPONSES_DIR", str(folder))
    monkeypatch.delenv("LESSONS_MODE", raising=False)
    return folder


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item (the browser fixture screenshots failures)."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium per test module (the browser tests' shared fixture)."""
    from lab_server import CHROMIUM, CHROMIUM_ARGS, have_chromium
    from playwright.sync_api import sync_playwright

    need_or_skip(have_chromium(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
