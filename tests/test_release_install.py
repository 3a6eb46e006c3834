"""`lessons release OUT --assessment` from a normal (non-editable) install, run outside the repository,
writes notebooks that open in a real browser with the assessed quiz in assessment mode.

The set-up is a hub image's or Binder's: the wheel built from this repository installed into a fresh
virtual environment (its dependencies come from the test environment, after the package itself), the
teacher running the command in an empty folder, and a Jupyter server of that environment serving OUT.
The wheel holds no key of the assessed quizzes, so the teacher names their own full course folder
(LESSONS_COURSE_DIR, here a copy of course/ away from the repository); the notebooks come from the install.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, need_or_skip
from lab_server import CHROMIUM, CHROMIUM_ARGS, LabServer, have_chromium, open_and_run_all, wait_idle
from lessons.core.learner_ids import save_current
from lessons.core.assessment import read_assessment

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "test-artifacts" / "screenshots"


def test_release_from_an_install_opens_in_assessment_mode(installed_wheel, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    need_or_skip(have_chromium(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    py, target = installed_wheel
    home = tmp_path / "teacher"
    home.mkdir()
    env = {"PATH": f"{py.parent}:/usr/bin:/bin", "HOME": str(home)}
    where = subprocess.run([str(py), "-c", "import lessons, lessons.core.paths as p; print(lessons.__file__); "
                            "print(p.notebooks_dir())"], cwd=home, env=env, capture_output=True, text=True)
    module, notebooks = where.stdout.split()
    assert module.startswith(str(target)) and notebooks.startswith(str(target)), where.stdout + where.stderr

    teacher_course = tmp_path / "teacher-files" / "course"
    shutil.copytree(ROOT / "course", teacher_course)
    made = subprocess.run([str(py), "-m", "lessons", "release", "OUT", "--assessment"], cwd=home,
                          env={**env, "LESSONS_COURSE_DIR": str(teacher_course)}, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    out = home / "OUT"
    names = sorted(p.name for p in (out / "notebooks").glob("*.ipynb"))
    assert names == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")), names
    assessment = read_assessment(ROOT / "course")
    lesson = sorted(assessment.quizzes)[0]
    notebook = next(p for p in (out / "notebooks").glob(f"{lesson}-*.ipynb"))

    answers = tmp_path / "answers"
    save_current("Release Tester", answers)  # the learner gave their name in lesson 00
    # the front-end extensions (ipywidgets' among them) are data files of the test environment's packages
    server = LabServer(out, tmp_path / "jhome", {"HOME": str(home), "PATH": env["PATH"],
                                                 "LESSONS_RESPONSES_DIR": str(answers),
                                                 "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
                                                 "MPLBACKEND": "module://matplotlib_inline.backend_inline"},
                       python=str(py))
    try:
        with urllib.request.urlopen(f"{server.base}/api/kernelspecs", timeout=10) as r:
            spec = json.loads(r.read())["kernelspecs"]["python3"]["spec"]
        kernel_python = shutil.which(spec["argv"][0], path=env["PATH"])
        assert kernel_python == str(py), spec["argv"]  # the kernel runs the installed package
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            try:
                open_and_run_all(page, f"{server.base}/lab/tree/notebooks/{notebook.name}")
                wait_idle(page)
                quiz = page.locator(".lessons-quiz").last
                expect(quiz).to_be_visible(timeout=60_000)
                expect(quiz).to_contain_text(re.compile("assessment|graded", re.I))
                save = quiz.get_by_role("button", name="Save answer")
                expect(save.first).to_be_visible()
                radio = quiz.locator(".widget-radio-box label").first
                radio.click()
                box = radio.locator("xpath=ancestor::*[contains(@class, 'lessons-q-')][1]")
                box.get_by_role("button", name="Save answer").click()
                expect(box.locator(".lessons-feedback-text")).to_contain_text("Answer recorded", timeout=15_000)
                text = quiz.inner_text()
                assert "Correct" not in text and "Not yet" not in text and "Why:" not in text
                page.screenshot(path=str(SHOTS / "release-from-install-assessment.png"))
            except Exception:
                page.screenshot(path=str(SHOTS / "FAILED-release-from-install.png"), full_page=True)
                raise
            finally:
                browser.close()
    finally:
        server.stop()
    saved = list(answers.glob("*.json"))
    assert saved, "the answer was saved to the learner's answers file"
