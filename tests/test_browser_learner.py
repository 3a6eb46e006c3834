"""One learner's path through the quizzes in a real browser, by keyboard alone.

A learner with an Arabic name gives it once on a page of eight quizzes (one name step; every quiz
follows), answers every kind of question with Tab, arrows, Space and Enter, restarts the kernel, runs
only one quiz cell and finds the answers back in the same option order; a second learner sees a
different order for at least one question of each lesson, and their answers go to their own file.
"""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT, need_or_skip
from lab_server import write_notebook, CHROMIUM, LabServer, have_chromium, menu, open_and_run_all, wait_idle
from lessons.core.learner_ids import learner_id
from lessons.core.option_order import shown_bank
from lessons.core.quizbank import find_bank

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "test-artifacts" / "screenshots"
ARABIC = "مايا حداد"
SECOND = "Second Learner"
LESSONS = ["00", "01", "02", "03", "04", "05", "06", "07"]
# one question of each kind: (lesson, question id)
KINDS = {"single": ("01", "a01-what-ends"), "multiple": ("01", "a01-what-stays"), "truefalse": ("01", "a01-troop-cap"),
         "number": ("01", "a01-troops-number"), "text": ("01", "a01-statement-vs-article"),
         "order": ("02", "t02-order-events"), "match": ("03", "v03-roles"), "classify": ("04", "c04-classify-b")}


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    need_or_skip(have_chromium(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    root = tmp_path_factory.mktemp("learnerroot")
    write_notebook(root / "learner.ipynb", ["from lessons import ask_name; ask_name()",
                                       *[f'from lessons import show_quiz; show_quiz("{n}")' for n in LESSONS]])
    answers = tmp_path_factory.mktemp("learner-answers")  # no name saved yet: a new learner
    server = LabServer(root, tmp_path_factory.mktemp("learner-home"), {"LESSONS_RESPONSES_DIR": str(answers)})
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield server, answers
    server.stop()


@pytest.fixture
def page(browser, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    pg = ctx.new_page()
    yield pg
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        pg.screenshot(path=str(SHOTS / f"FAILED-{request.node.name}.png"), full_page=True)
    ctx.close()


def focused(page) -> str:
    """What has the keyboard focus: tag, type and accessible text."""
    return page.evaluate("""() => { const e = document.activeElement;
        return [e.tagName, e.type || '', (e.getAttribute('aria-label') || e.textContent || e.value || '').trim()].join('|'); }""")


def tab_to(page, pattern: str, limit: int = 25) -> None:
    """Press Tab until the focused element matches ``pattern``."""
    for _ in range(limit):
        if re.search(pattern, focused(page)):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {pattern!r}; focus is on {focused(page)!r}")


def shown_order(box, kind: str) -> list[str]:
    """The order the page shows a question's options, order items or categories in."""
    if kind in ("single", "multiple", "truefalse"):
        return box.locator(".lessons-choice-group label").all_inner_texts()
    if kind == "order":
        return [re.search(r"lessons-item-(\S+)", c).group(1) for c in
                box.locator(".lessons-item").evaluate_all("rows => rows.map(r => r.className)")]
    texts = box.locator(".lessons-item select").first.locator("option").all_inner_texts()
    return [t.replace("\xa0", " ") for t in texts]  # ipywidgets shows spaces as no-break spaces


def answer_by_keyboard(page, box, q, n_options: list[str]) -> None:
    """Answer one question with the keyboard alone and press its Check/Save button with Enter."""
    if q.kind in ("single", "truefalse"):
        target = q.answer if q.kind == "single" else ("True" if q.answer else "False")
        box.get_by_role("radio").first.focus()
        page.keyboard.press("Space")  # choose the first, then walk to the right one with the arrows
        for _ in range(n_options.index(target)):
            page.keyboard.press("ArrowDown")
    elif q.kind == "multiple":
        box.get_by_role("checkbox").first.focus()
        for i, option in enumerate(n_options):
            assert focused(page) == f"INPUT|checkbox|{option}", (focused(page), option)
            if option in q.answer:
                page.keyboard.press("Space")
                assert focused(page) == f"INPUT|checkbox|{option}", ("after Space", focused(page), option)
            if i < len(n_options) - 1:
                page.keyboard.press("ArrowDown")
    elif q.kind == "number":
        box.get_by_role("textbox").focus()
        page.keyboard.type(str(q.answer))
    elif q.kind == "text":
        box.get_by_role("textbox").focus()
        page.keyboard.type("The statement gives no number; the article reports one.")
    else:
        rows = box.locator(".lessons-item")
        ids = [re.search(r"lessons-item-(\S+)", c).group(1) for c in rows.evaluate_all("rs => rs.map(r => r.className)")]
        rows.first.locator("select").focus()
        for item_id in ids:
            if q.kind == "order":
                wanted = str(list(q.answer).index(item_id) + 1)
                options = [str(i) for i in range(1, len(ids) + 1)]
            else:
                wanted, options = dict(q.answer)[item_id], n_options
            for _ in range(options.index(wanted) + 1):  # from no choice, ArrowDown steps through the list
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Tab")
    button = box.get_by_role("button", name=re.compile(r"^(Check|Save) answer \d+$")).inner_text().strip()
    tab_to(page, rf"^BUTTON\|.*\|{button}$")
    page.keyboard.press("Enter")  # at once: the click carries the choice on screen with it (no wait needed)


def test_one_learner_by_keyboard_restart_then_a_second_learner(lab, front_end, page):
    from playwright.sync_api import expect

    server, answers = lab
    server.shutdown_kernels()  # each front end starts with a new kernel and a new learner
    for old in answers.glob("*.json"):
        old.unlink()
    open_and_run_all(page, front_end.url(server.base, "learner.ipynb"))
    wait_idle(page)
    # one name step: the page has one name box; the quizzes point to it
    expect(page.locator(".lessons-name-elsewhere")).to_have_count(len(LESSONS), timeout=90_000)
    expect(page.locator(".lessons-name")).to_have_count(1)
    page.screenshot(path=str(SHOTS / f"{front_end.name}-learner-name-step.png"))
    name_field = page.locator(".lessons-name").get_by_label("Your name:")
    name_field.focus()
    page.keyboard.type(ARABIC)
    page.keyboard.press("Tab")
    assert "Save my name" in focused(page)
    page.keyboard.press("Enter")
    expect(page.locator(".lessons-quiz")).to_have_count(len(LESSONS), timeout=60_000)
    expect(page.locator(".lessons-quiz .lessons-learner").first).to_have_text(ARABIC)
    assert page.locator(".lessons-quiz .lessons-learner").all_inner_texts() == [ARABIC] * len(LESSONS)
    assert page.locator(".lessons-handin .lessons-upload").count() == len(LESSONS)  # load next to every download

    orders = {}
    for kind, (lesson, qid) in KINDS.items():
        q = find_bank(lesson).question(qid)
        box = page.locator(f".lessons-q-{qid}")
        orders[qid] = shown_order(box, kind)
        answer_by_keyboard(page, box, q, orders[qid])
        status = box.get_by_role("status")
        expect(status).to_contain_text("Saved." if kind == "text" else "Correct", timeout=15_000)
        assert re.match(r"BUTTON\|.*\|(Check|Save) answer \d+$", focused(page)), focused(page)  # focus stays
        # right at once: nothing to explain on request (the button was drawn but shown anyway once)
        expect(box.get_by_role("button", name=re.compile(r"^Show explanation \d+$"))).to_have_count(0)
        box.screenshot(path=str(SHOTS / f"{front_end.name}-learner-keyboard-{kind}.png"))
    saved = json.loads((answers / f"{learner_id(ARABIC)}.json").read_text(encoding="utf-8"))
    assert saved["learner"]["name"] == ARABIC
    assert {qid for _, qid in KINDS.values()} <= {q for quiz in saved["quizzes"].values() for q in quiz}
    page.screenshot(path=str(SHOTS / f"{front_end.name}-learner-answered.png"))

    # the order on the page is the one lessons.core.option_order gives this learner
    for kind, (lesson, qid) in KINDS.items():
        q = shown_bank(find_bank(lesson), learner_id(ARABIC)).question(qid)
        expected = {"single": list(q.options), "multiple": list(q.options), "truefalse": ["True", "False"],
                    "order": [i for i, _ in q.items]}.get(kind, list(q.categories))
        assert orders[qid] == expected, kind

    # restart the kernel, run only the quiz cell of lesson 01: answers back, same order
    menu(page, "Kernel", "Restart Kernel…")
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
    wait_idle(page)
    cell = page.locator(".jp-Cell").nth(2)  # ask_name, 00, 01
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    quiz = cell.locator(".lessons-quiz-01-agreement")
    expect(quiz).to_be_visible(timeout=60_000)
    for kind in ("single", "multiple", "truefalse", "number"):
        qid = KINDS[kind][1]
        box = quiz.locator(f".lessons-q-{qid}")
        expect(box.get_by_role("status")).to_contain_text("Correct", timeout=15_000)
        assert shown_order(box, kind) == orders[qid], kind
    single = quiz.locator(f".lessons-q-{KINDS['single'][1]}")
    expect(single.get_by_role("radio", name=find_bank("01").question(KINDS["single"][1]).answer, exact=True)).to_be_checked()
    page.screenshot(path=str(SHOTS / f"{front_end.name}-learner-after-restart.png"))

    # a second learner: run the name cell, save another name; every live quiz follows
    first = page.locator(".jp-Cell").nth(0)
    first.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    wait_idle(page)
    field = first.locator(".lessons-name").get_by_label("Your name:")
    field.fill(SECOND)
    first.get_by_role("button", name="Save my name").click()
    expect(quiz.locator(".lessons-learner")).to_have_text(SECOND, timeout=30_000)
    orders_second = {qid: shown_order(quiz.locator(f".lessons-q-{qid}"), kind)
                     for kind, (lesson, qid) in KINDS.items() if lesson == "01"}
    assert any(orders_second[qid] != orders[qid] for qid in orders_second), orders_second
    box = quiz.locator(f".lessons-q-{KINDS['single'][1]}")
    expect(box.get_by_role("status")).to_have_text("")  # the second learner has answered nothing yet
    answer_by_keyboard(page, box, find_bank("01").question(KINDS["single"][1]), orders_second[KINDS["single"][1]])
    expect(box.get_by_role("status")).to_contain_text("Correct", timeout=15_000)
    second = json.loads((answers / f"{learner_id(SECOND)}.json").read_text(encoding="utf-8"))
    assert list(second["quizzes"]["01-agreement"]) == [KINDS["single"][1]]
    page.screenshot(path=str(SHOTS / f"{front_end.name}-learner-second.png"))

    # every lesson: the second learner's order differs from the first's for at least one question
    for lesson in LESSONS:
        bank = find_bank(lesson)
        a, b = shown_bank(bank, learner_id(ARABIC)), shown_bank(bank, learner_id(SECOND))
        assert any(x != y for x, y in zip(a.questions, b.questions)), lesson
