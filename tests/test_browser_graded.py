"""Graded work in real JupyterLab and Chromium (issue 19, findings 2 and 3): a learner who practised the
final quiz opens the released lesson 07: her practised answers are not there, the quiz says the last
answer counts, she changes a right answer to a wrong one, and the grader counts the wrong one."""
from __future__ import annotations

import csv
import json
import re

import pytest

from conftest import ROOT, need_or_skip
from lab_server import CHROMIUM, CHROMIUM_ARGS, LabServer, have_chromium, open_and_run_all
from lessons.cli import main
from lessons.core.learner_ids import save_current
from lessons.core.assessment import read_assessment
from lessons.core.quizbank import find_bank
from lessons.teacher.release import write_release
from lessons.notebook.responses import ResponseStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "test-artifacts" / "screenshots"
LEARNER = "Graded Tester"


def test_released_final_quiz_keeps_practice_apart_and_counts_the_final_answer(tmp_path, capsys):
    from playwright.sync_api import expect, sync_playwright

    need_or_skip(have_chromium(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    assessment = read_assessment(ROOT / "course")
    bank = find_bank("07", ROOT / "course" / "quizzes")  # the teacher's key
    q = bank.question("f07-source-use")
    wrong = next(o for o in q.options if o != q.answer)
    root = tmp_path / "class"
    root.mkdir()
    assert write_release(root / "release") == 0
    answers = tmp_path / "answers"
    save_current(LEARNER, answers)
    store = ResponseStore(LEARNER, answers)
    store.record(bank.quiz, q.id, q.answer)  # practised, with feedback, before the graded quiz
    server = LabServer(root, tmp_path / "jhome", {"LESSONS_RESPONSES_DIR": str(answers),
                                                  "MPLBACKEND": "module://matplotlib_inline.backend_inline"})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            open_and_run_all(page, f"{server.base}/lab/tree/release/notebooks/07-workshop.ipynb")
            quiz = page.locator(".lessons-quiz.lessons-mode-assessment").last  # the whole quiz (a check-in comes first)
            expect(quiz).to_be_visible(timeout=90_000)
            expect(quiz).to_contain_text("the one that counts")
            expect(page.locator(".jp-RenderedMarkdown", has_text="This quiz is graded.").last).to_be_visible()
            box = page.locator(f".lessons-q-{q.id}")
            expect(box.get_by_role("radio", name=q.answer, exact=True)).not_to_be_checked()  # practice not restored
            expect(box.locator(".lessons-attempts")).to_have_text("")
            for option in (q.answer, wrong):
                box.locator(".widget-radio-box label", has_text=re.compile(f"^{re.escape(option)}$")).click()
                box.get_by_role("button", name="Save answer").click()
                expect(box.locator(".lessons-attempts")).to_contain_text(
                    "Attempts: 1" if option == q.answer else "Attempts: 2", timeout=15_000)
            expect(box.locator(".lessons-feedback")).to_contain_text("the answer you leave counts")
            text = quiz.inner_text()
            assert "Correct" not in text and "Not yet" not in text and q.explanation not in text
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "graded-final-quiz.png"))
            browser.close()
    finally:
        server.stop()
    saved = json.loads(store.path.read_text(encoding="utf-8"))["quizzes"]
    graded_id = f"{bank.quiz}@{assessment.id}"
    assert saved[bank.quiz][q.id]["answer"] == q.answer  # the practice answer, untouched
    assert saved[graded_id][q.id]["answer"] == wrong and saved[graded_id][q.id]["attempts"] == 2
    out = tmp_path / "results"
    assert main(["grade", str(answers), "--assessment", "--out", str(out), "--no-report"]) == 0
    capsys.readouterr()
    with (out / "items.csv").open(encoding="utf-8", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["question"] == q.id)
    assert float(row["share_correct"]) == 0.0 and f"{wrong}: 1" in row["options_chosen"]
