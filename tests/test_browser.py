"""Real JupyterLab 4 and Notebook 7 in Debian's Chromium: every notebook runs and renders, every kind of
question is answered rightly and wrongly through the page, answers survive a kernel restart (these in both
front ends), and hand-in files download and load back."""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT, need_or_skip
from accessibility import run_axe, save_report
from lab_server import write_notebook, CHROMIUM, LabServer, have_chromium, menu, open_and_run_all, wait_idle
from lessons.core.answers_file import parse as parse_answers_file
from lessons.core.learner_ids import learner_id, save_current
from lessons.core.quizbank import Question, find_bank
from lessons.notebook.responses import ResponseStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "test-artifacts" / "screenshots"
AXE = ROOT / "test-artifacts" / "axe"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
LEARNER = "Browser Tester"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    need_or_skip(have_chromium(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    root = tmp_path_factory.mktemp("labroot")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    write_notebook(root / "kinds.ipynb", ['from lessons import show_quiz\nshow_quiz("01")', 'show_quiz("02")',
                                     'show_quiz("03")', 'show_quiz("04")'])
    write_notebook(root / "assess.ipynb", ['from lessons import show_quiz\nshow_quiz("05", mode="assessment")'])
    write_notebook(root / "handin.ipynb", ["from lessons import show_handin\nshow_handin()"])
    write_notebook(root / "name.ipynb", ["from lessons import ask_name\nask_name()"])
    answers = tmp_path_factory.mktemp("answers")
    save_current(LEARNER, answers)
    server = LabServer(root, tmp_path_factory.mktemp("jhome"),
                       {"LESSONS_RESPONSES_DIR": str(answers), "MPLBACKEND": "module://matplotlib_inline.backend_inline"})
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield server, answers
    server.stop()


@pytest.fixture
def page(browser, lab, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000}, accept_downloads=True)
    pg = ctx.new_page()
    yield pg
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        pg.screenshot(path=str(SHOTS / f"FAILED-{request.node.name}.png"), full_page=True)
    ctx.close()
    lab[0].shutdown_kernels()  # one test's kernels do not pile up on the module's server


def question_box(page, qid: str):
    return page.locator(f".lessons-q-{qid}")


def wrong_answer(q: Question):
    if q.kind == "single":
        return next(o for o in q.options if o != q.answer)
    if q.kind == "multiple":
        return [next(o for o in q.options if o not in q.answer)]
    if q.kind == "truefalse":
        return not q.answer
    if q.kind == "number":
        return str(q.answer + q.tolerance + 1000)
    if q.kind in ("match", "classify"):
        return {i: q.categories[0] for i, _ in q.items}
    if q.kind == "order":
        return list(reversed(q.answer))
    return "A short written answer."


def answer_through_page(box, q: Question, answer) -> None:
    """Set the controls of one question to ``answer`` the way a learner would, then press Check/Save."""
    from playwright.sync_api import expect

    if q.kind in ("single", "truefalse"):
        label = answer if q.kind == "single" else ("True" if answer else "False")
        box.locator(".widget-radio-box label", has_text=re.compile(f"^{re.escape(label)}$")).click()
        expect(box.get_by_role("radio", name=label, exact=True)).to_be_checked()
    elif q.kind == "multiple":
        for option in q.options:
            cb = box.get_by_role("checkbox", name=option, exact=True)
            if cb.is_checked() != (option in answer):
                cb.click()
    elif q.kind in ("number", "text"):
        field = box.locator("input[type='text']" if q.kind == "number" else "textarea")
        field.fill(str(answer))  # and Check at once: the click carries the text on screen (no wait needed)
    elif q.kind in ("match", "classify"):
        for item_id, category in answer.items():
            box.locator(f".lessons-item-{item_id} select").select_option(label=category)
    elif q.kind == "order":
        for pos, item_id in enumerate(answer, 1):
            box.locator(f".lessons-item-{item_id} select").select_option(label=str(pos))
    box.get_by_role("button", name=re.compile(r"^(Check|Save) answer \d+$")).click()


def feedback(box):
    return box.locator(".lessons-feedback .lessons-feedback-text")


def key_answer(q: Question):
    if q.kind == "text":
        return "The statement gives the date, 31 December 2021."
    return dict(q.answer) if isinstance(q.answer, dict) else (list(q.answer) if isinstance(q.answer, tuple) else q.answer)


def assert_page_clean(page, name: str) -> None:
    outputs = page.locator(".jp-OutputArea-output")
    text = "\n".join(outputs.all_inner_texts())
    assert "Error displaying widget" not in text, name
    assert "Traceback" not in text and "Error" not in re.findall(r"\w*Error\b", text)[:1], name
    assert page.locator(".jp-OutputArea-output", has_text="Loading widget").count() == 0, name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_renders(lab, front_end, page, path):
    """Each lesson runs in the front end; its whole quiz is answered (every other question wrongly, so both
    kinds of feedback show); then axe-core finds no serious or critical violation in the course's output."""
    from playwright.sync_api import expect

    server, _answers = lab
    open_and_run_all(page, front_end.url(server.base, f"notebooks/{path.name}"))
    wait_idle(page)
    code = path.read_text(encoding="utf-8")
    if "show_quiz(" in code:
        quiz = page.locator(".lessons-quiz")
        expect(quiz.first).to_be_visible(timeout=60_000)
        bank = find_bank(path.name[:2])
        shown = [q for q in bank.questions if question_box(page, q.id).count()]
        assert {q.id for q in bank.questions if not q.in_lesson} <= {q.id for q in shown}
        for n, q in enumerate(shown):
            box = question_box(page, q.id)
            right = n % 2 == 0 or q.kind == "text"
            answer_through_page(box, q, key_answer(q) if right else wrong_answer(q))
            expect(feedback(box)).not_to_be_empty(timeout=15_000)
        first = next(q for q in shown if q.kind == "single")
        if bank.mode != "assessment":
            expect(feedback(question_box(page, first.id))).to_contain_text(re.compile("Correct|Not yet"))
    if "<details>" in code:
        expect(page.locator("details").first).to_be_attached()
    wait_idle(page)
    page.screenshot(path=str(SHOTS / f"{front_end.name}-{path.stem}.png"), full_page=False)
    assert_page_clean(page, path.name)
    error_outputs = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    assert error_outputs.count() == 0, error_outputs.all_inner_texts()
    report = run_axe(page)
    save_report(report, AXE / f"{front_end.name}-{path.stem}.json")
    print(f"axe {front_end.name} {path.stem}: {report.counts()}")
    severe = report.severe_in_course()
    assert not severe, "serious/critical accessibility violations in the course's output:\n" + "\n".join(
        f"{n['impact']} {n['rule']} ({n['help']}) at {n['target']}: {n['html']}" for n in severe)


def test_every_kind_right_and_wrong_then_restart_restores(lab, front_end, page):
    from playwright.sync_api import expect

    server, answers = lab
    answer_file = answers / "browser-tester.json"
    before = json.loads(answer_file.read_text()) if answer_file.exists() else {"quizzes": {}}
    attempts_before = before["quizzes"].get("01-agreement", {}).get("a01-what-ends", {}).get("attempts", 0)
    open_and_run_all(page, front_end.url(server.base, "kinds.ipynb"))
    expect(page.locator(".lessons-quiz")).to_have_count(4, timeout=90_000)
    picks = {"01": ["a01-what-ends", "a01-what-stays", "a01-troop-cap", "a01-troops-number", "a01-statement-vs-article"],
             "02": ["t02-order-events"], "03": ["v03-roles"], "04": ["c04-classify-b"]}
    questions = [find_bank(lesson).question(qid) for lesson, qids in picks.items() for qid in qids]
    assert {q.kind for q in questions} == {"single", "multiple", "truefalse", "number", "text", "order", "match", "classify"}
    timings = []
    for q in questions:
        box = question_box(page, q.id)
        if q.kind != "text":
            answer_through_page(box, q, wrong_answer(q))
            expect(feedback(box)).to_contain_text(re.compile("Not yet|Partly right"), timeout=15_000)
            assert "Correct" not in feedback(box).inner_text()
        t0 = time.monotonic()
        answer_through_page(box, q, key_answer(q))
        expect(feedback(box)).to_contain_text("Saved." if q.kind == "text" else "Correct", timeout=15_000)
        timings.append(time.monotonic() - t0)
        box.screenshot(path=str(SHOTS / f"{front_end.name}-kind-{q.kind}.png"))
    page.screenshot(path=str(SHOTS / f"{front_end.name}-kinds-answered.png"))
    print(f"check-to-feedback seconds (incl. setting controls): {[round(t, 2) for t in timings]}")
    saved = json.loads(answer_file.read_text())
    attempts = attempts_before + 2  # one wrong, one right
    assert saved["quizzes"]["01-agreement"]["a01-what-ends"]["attempts"] == attempts

    # the download link carries the latest answers; the file loads back into a fresh store
    link = page.locator(".lessons-quiz-01-agreement .lessons-download a")
    expect(link).to_have_attribute("href", re.compile("^data:application/json;base64,"))
    with page.expect_download() as info:
        link.click()
    raw = Path(info.value.path()).read_bytes()
    doc = parse_answers_file(raw, "download")
    assert doc["quizzes"]["04-claims"]["c04-classify-b"]["answer"] == key_answer(find_bank("04").question("c04-classify-b"))
    fresh = ResponseStore(LEARNER, answers.parent / f"fresh-store-{front_end.name}")  # one per front end
    assert fresh.merge(doc) == sum(len(v) for v in doc["quizzes"].values())

    # restart the kernel and run everything again: answers, attempts and feedback come back
    menu(page, "Kernel", "Restart Kernel and Run All Cells")
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
    wait_idle(page)
    box = question_box(page, "a01-what-ends")
    expect(feedback(box)).to_contain_text("Correct", timeout=60_000)
    expect(box.locator(".lessons-attempts")).to_contain_text(f"Attempts: {attempts}")
    expect(box.get_by_role("radio", name="The US combat mission in Iraq")).to_be_checked()
    expect(question_box(page, "v03-roles").locator(".lessons-item-allawi select")).to_have_value(re.compile(".+"))
    page.screenshot(path=str(SHOTS / f"{front_end.name}-kinds-after-restart.png"))


def test_learner_settings_switch_news_off(lab):
    """The settings shipped with the package (jupyter/lab-overrides.json) are the server's defaults."""
    import urllib.request

    server, _answers = lab
    url = f"{server.base}/lab/api/settings/@jupyterlab/apputils-extension:notification"
    with urllib.request.urlopen(url, timeout=10) as r:
        schema = json.loads(r.read())["schema"]["properties"]
    assert schema["fetchNews"]["default"] == "false" and schema["checkForUpdates"]["default"] is False


def test_assessment_mode_records_without_key(lab, page):
    from playwright.sync_api import expect

    server, _answers = lab
    open_and_run_all(page, f"{server.base}/lab/tree/assess.ipynb")
    bank = find_bank("05")
    q = bank.question("n05-russia-model")
    box = question_box(page, q.id)
    expect(box).to_be_visible(timeout=60_000)
    answer_through_page(box, q, wrong_answer(q))
    expect(feedback(box)).to_contain_text("Answer recorded", timeout=15_000)
    expect(box.get_by_role("button", name=re.compile(r"^Save answer \d+$"))).to_be_visible()
    text = page.locator(".lessons-quiz").inner_text()
    assert "Not yet" not in text and "Correct" not in text and q.explanation not in text and "Why:" not in text
    page.screenshot(path=str(SHOTS / "assessment-mode.png"))


def test_load_answers_from_a_file(lab, page, tmp_path):
    from playwright.sync_api import expect

    server, answers = lab
    other = ResponseStore("Upload Person", tmp_path)
    other.record("01-agreement", "a01-what-ends", "The US combat mission in Iraq")
    upload = tmp_path / "upload-person-answers.json"
    upload.write_bytes(other.export_bytes())
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    open_and_run_all(page, f"{server.base}/lab/tree/handin.ipynb")
    button = page.locator(".lessons-handin .jupyter-widgets.widget-upload, .lessons-handin button").first
    expect(button).to_be_visible(timeout=60_000)
    message = page.locator(".lessons-upload-message")
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(bad))
    expect(message).to_contain_text("not valid JSON", timeout=15_000)
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(upload))
    expect(message).to_contain_text("Loaded", timeout=15_000)
    page.screenshot(path=str(SHOTS / "handin-upload.png"))
    loaded = json.loads((answers / "upload-person.json").read_text())
    assert loaded["quizzes"]["01-agreement"]["a01-what-ends"]["answer"] == "The US combat mission in Iraq"
    save_current(LEARNER, answers)  # leave the module's learner as it was


def test_name_box_refuses_unsafe_names_and_saves_a_good_one(lab, page):
    from playwright.sync_api import expect

    server, answers = lab
    open_and_run_all(page, f"{server.base}/lab/tree/name.ipynb")
    box = page.locator(".lessons-name")
    expect(box).to_be_visible(timeout=60_000)
    status = box.locator(".lessons-name-status")
    field = box.get_by_label("Your name:")
    for bad, words in (("-- _", "no letters"), ("   ", "empty")):
        field.fill(bad)
        box.get_by_role("button", name="Save my name").click()
        expect(status).to_contain_text(words, timeout=15_000)
    assert json.loads((answers / "current-learner.json").read_text())["name"] == LEARNER
    field.fill("Ana López")
    box.get_by_role("button", name="Save my name").click()
    expect(status).to_contain_text(f"{learner_id('Ana López')}.json", timeout=15_000)
    page.screenshot(path=str(SHOTS / "name-box.png"))
    assert json.loads((answers / "current-learner.json").read_text())["id"] == learner_id("Ana López")
    assert not list(answers.parent.glob("x*"))
    save_current(LEARNER, answers)
