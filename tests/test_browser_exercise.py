"""A Try it done as a learner in real JupyterLab: in lesson 03, type into the empty cell, run the check, see
"Right"; the exercise is in the downloaded answers file and in the teacher's gradebook."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, need_or_skip
from lab_server import CHROMIUM, CHROMIUM_ARGS, LabServer, have_chromium, open_and_run_all, wait_idle
from lessons.cli import main as cli
from lessons.notebook.exercises import find_exercise
from lessons.core.answers_file import parse as parse_answers_file
from lessons.core.learner_ids import save_current

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "test-artifacts" / "screenshots"
LEARNER = "Exercise Tester"
EXERCISE = "03-paragraphs-per-speaker"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    need_or_skip(have_chromium(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    root = tmp_path_factory.mktemp("labroot")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    answers = tmp_path_factory.mktemp("answers")
    save_current(LEARNER, answers)
    server = LabServer(root, tmp_path_factory.mktemp("jhome"),
                       {"LESSONS_RESPONSES_DIR": str(answers), "MPLBACKEND": "module://matplotlib_inline.backend_inline"})
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield server, answers
    server.stop()


@pytest.fixture
def page(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
        yield ctx.new_page()
        ctx.close()
        browser.close()
    lab[0].shutdown_kernels()


def cell_with(page, text: str):
    """The code cell whose editor begins with this text now (by position, so it stays found as it is edited)."""
    cells = page.locator(".jp-Notebook .jp-CodeCell")
    texts = cells.locator(".cm-content").all_inner_texts()
    (index,) = [i for i, t in enumerate(texts) if t.startswith(text)]
    return cells.nth(index)


def test_a_learner_does_a_try_it_and_the_teacher_sees_it(lab, page, tmp_path):
    from playwright.sync_api import expect

    server, answers = lab
    exercise = find_exercise(EXERCISE)
    open_and_run_all(page, f"{server.base}/lab/tree/notebooks/03-voices.ipynb")
    wait_idle(page)
    check_cell = cell_with(page, f'check("{EXERCISE}")')
    expect(check_cell.locator(".lessons-check-waiting")).to_contain_text("There is no paragraph_counts yet")
    # type into the empty cell below the Try it box, run it, then run the check
    empty = cell_with(page, f"# {exercise.name} = ...")
    empty.scroll_into_view_if_needed()
    empty.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(f'{exercise.name} = paras.groupby("speaker_id")["words"].sum()')  # a first, wrong try
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    check_cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    expect(check_cell.locator(".lessons-check-not-yet")).to_contain_text("6 of your counts differ")
    empty.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    page.keyboard.insert_text(f'{exercise.name} = paras["speaker_id"].value_counts()')
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    check_cell.locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    verdict = check_cell.locator(".lessons-check-right")
    expect(verdict).to_contain_text("✔ Right.")
    expect(verdict).to_contain_text("Saved in your answers file")
    page.locator(".jp-Notebook .jp-Cell").filter(has=page.locator(".lessons-check")).first.scroll_into_view_if_needed()
    empty.screenshot(path=str(SHOTS / "exercise-typed.png"))
    check_cell.screenshot(path=str(SHOTS / "exercise-right.png"))

    # the answers file the learner downloads carries the exercise
    link = page.locator(".lessons-quiz-03-voices .lessons-download a").last
    link.scroll_into_view_if_needed()
    with page.expect_download() as info:
        link.click()
    doc = parse_answers_file(Path(info.value.path()).read_bytes(), "download")
    assert doc["exercises"][EXERCISE]["right"] is True and doc["exercises"][EXERCISE]["attempts"] == 2  # the wrong try and the right one (an empty cell is no try)
    saved = json.loads((answers / "exercise-tester.json").read_text())
    assert saved["exercises"][EXERCISE] == doc["exercises"][EXERCISE]

    # and the teacher's gradebook shows one exercise done for this learner
    handed_in = tmp_path / "handin.json"
    handed_in.write_bytes(Path(info.value.path()).read_bytes())
    out = tmp_path / "grades"
    assert cli(["grade", str(handed_in), "--out", str(out), "--no-report"]) in (0, 3)
    with (out / "gradebook.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["learner_id"] == "exercise-tester" and row["exercises_done"] == "1"

    # the lesson's charts carry their description as alt text
    images = page.locator(".lessons-chart img")
    assert images.count() >= 1
    for i in range(images.count()):
        assert len(images.nth(i).get_attribute("alt") or "") > 40
    page.locator(".lessons-chart").first.scroll_into_view_if_needed()
    page.locator(".lessons-chart").first.screenshot(path=str(SHOTS / "chart-with-description.png"))
