"""Quiz widgets a learner can trust (issue 24), proved in real JupyterLab 4 and Notebook 7 in Chromium.

1. Every question on a page has its own radio/checkbox group: all the quiz cells of every lesson drawn on
   one page share no group ``name`` between two questions, and arrow keys pressed on one question's radios
   never move the focus or the choice into another question, nor change that question's saved answer
   (the pairs issue 24 saw sharing a group: f07-fair/f07-plot-read, v03-dulaimi-position/v03-group-code,
   a01-troop-cap/a01-not-military).
2. The value checked is the value on screen at the click: a number and a text are typed and their button
   clicked in the same instant (no wait between), and a choice is moved with the arrow keys and clicked at
   once, 100 times each with a different value; every feedback and every saved answer is the one on screen,
   and after a kernel restart the last typed text comes back.
3. Opening a lesson marks nothing changed: each notebook, opened without running anything, is not dirty
   once its kernel is ready.

No test here waits a fixed time: each waits for something the page shows (feedback, attempts, a kernel state).
"""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, need_or_skip
from lab_server import (CHROMIUM, EXPOSE_APP, KERNEL_IDLE_JS, LabServer, accept_kernel_dialog, write_notebook,
                        have_chromium, menu)
from lessons.core import scoring
from lessons.core.learner_ids import save_current
from lessons.core.quizbank import find_bank
from lessons.notebook.responses import ResponseStore

pytestmark = [pytest.mark.browser, pytest.mark.slow]
SHOTS = ROOT / "test-artifacts" / "screenshots"
LESSON_NOTEBOOKS = sorted((ROOT / "notebooks").glob("0*.ipynb"))
QUIZ_CALL = re.compile(r'show_quiz\("(\d\d)"(?:,\s*only=\[([^\]]*)\])?\)')
# (question A, question B) on the same quiz that issue 24 saw sharing one radio group
PAIRS = [("f07-fair", "f07-plot-read"), ("v03-dulaimi-position", "v03-group-code"),
         ("a01-troop-cap", "a01-not-military")]
NUMBER_Q, TEXT_Q = "a01-troops-number", "a01-statement-vs-article"  # lesson 01: key 2500 soldiers, exact
CHOICE_Q = "a01-what-ends"  # lesson 01, single choice of 4: key 'The US combat mission in Iraq'
REPS = 100
BUTTON = re.compile(r"^(Check|Save) answer \d+$")


def quiz_cells() -> list[tuple[str, list[str], str]]:
    """Every quiz cell of every lesson, in course order: (lesson, the question ids it shows, its source)."""
    cells = []
    for path in LESSON_NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            for lesson, only in QUIZ_CALL.findall(cell.source if cell.cell_type == "code" else ""):
                bank = find_bank(lesson)
                ids = re.findall(r'"([^"]+)"', only)
                shown = ids or [q.id for q in bank.questions if not q.in_lesson]
                cells.append((lesson, shown, f'from lessons import show_quiz; show_quiz("{lesson}"'
                              + (f", only={ids!r}" if ids else "") + ")"))
    return cells


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    need_or_skip(have_chromium(), f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    root = tmp_path_factory.mktemp("trustroot")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    write_notebook(root / "every-quiz.ipynb", [source for _, _, source in quiz_cells()])
    write_notebook(root / "type-and-click.ipynb",
              [f'from lessons import show_quiz; show_quiz("01", only=["{NUMBER_Q}", "{TEXT_Q}", "{CHOICE_Q}"])'])
    answers = tmp_path_factory.mktemp("trust-answers")
    server = LabServer(root, tmp_path_factory.mktemp("trust-home"), {"LESSONS_RESPONSES_DIR": str(answers)},
                       extra_args=EXPOSE_APP)
    SHOTS.mkdir(parents=True, exist_ok=True)
    yield server, answers
    server.stop()


@pytest.fixture
def context(browser, lab, request):
    ctx = browser.new_context(viewport={"width": 1280, "height": 1000})
    yield ctx
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        for n, pg in enumerate(ctx.pages):
            pg.screenshot(path=str(SHOTS / f"FAILED-{request.node.name}-{n}.png"), full_page=True)
    ctx.close()
    lab[0].shutdown_kernels()


def question(page, qid: str):
    return page.locator(f".lessons-q-{qid}")


def saved_entry(answers: Path, learner: str, quiz: str, qid: str) -> dict:
    """The question's entry in the learner's answers file on disk ({} if none)."""
    path = ResponseStore(learner, answers).path
    doc = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"quizzes": {}}
    return doc["quizzes"].get(quiz, {}).get(qid, {})


# The question's visible feedback and attempts, and a wait until a click's check has shown: the attempts
# count moved (a new answer saved), or the feedback changed (wrong/right, a warning, "Same answer as before").
SHOWN_JS = """(root) => { const q = document.querySelector(root);
  const text = (sel) => { const e = q && q.querySelector(sel); return e ? e.innerText.trim() : ''; };
  return [text('.lessons-feedback'), text('.lessons-attempts')]; }"""
CHANGED_JS = f"""([root, before]) => {{ const now = ({SHOWN_JS})(root);
  return now[0] !== before[0] || now[1] !== before[1]; }}"""


def shown(page, qid: str) -> list[str]:
    return page.evaluate(SHOWN_JS, f".lessons-q-{qid}")


def wait_shown_change(page, qid: str, before: list[str], timeout: int = 10_000) -> bool:
    """Wait until the question's feedback or attempts differ from ``before``; False if nothing changed."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(CHANGED_JS, arg=[f".lessons-q-{qid}", before], timeout=timeout, polling="raf")
        return True
    except PlaywrightTimeout:
        return False


# A click's check has shown: the feedback changed to one saying "Same answer as before" (nothing new was
# counted), or the attempts reached the count wanted and the feedback begins with the words wanted.
CHECKED_JS = f"""([root, before, attempts, want]) => {{ const [feedback, count] = ({SHOWN_JS})(root);
  return (feedback !== before && feedback.includes('Same answer as before'))
    || (count === 'Attempts: ' + attempts && feedback.startsWith(want)); }}"""


def wait_checked(page, qid: str, before: str, attempts: int, want: str) -> bool:
    """Wait until the question shows its check (see CHECKED_JS); False if it shows neither within 5 s."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(CHECKED_JS, arg=[f".lessons-q-{qid}", before, attempts, want], timeout=5_000,
                               polling="raf")
        return True
    except PlaywrightTimeout:
        return False


def open_and_run(page, url: str) -> None:
    """Open a notebook in a fresh workspace, wait for its kernel, run all its cells (no fixed waits)."""
    page.goto(url + "?reset")
    page.wait_for_selector(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell", timeout=60_000)
    page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000, polling=100)
    accept_kernel_dialog(page)
    menu(page, "Run", "Run All Cells")


def press_button(page, qid: str) -> None:
    question(page, qid).get_by_role("button", name=BUTTON).click()


# ---------------------------------------------------------------- 1. one group per question, arrows stay

GROUPS_JS = """() => [...document.querySelectorAll('.lessons-question')].map(q => ({
  id: [...q.classList].find(c => c.startsWith('lessons-q-')).slice('lessons-q-'.length),
  names: [...q.querySelectorAll('input[type=radio], input[type=checkbox]')].map(i => i.name) }))"""
FOCUS_JS = """([a, b]) => { const qa = document.querySelector('.lessons-q-' + a), qb = document.querySelector('.lessons-q-' + b);
  const active = document.activeElement;
  const where = active && active.closest('.lessons-question');
  const id = where ? [...where.classList].find(c => c.startsWith('lessons-q-')).slice('lessons-q-'.length) : null;
  const checked = (q) => [...q.querySelectorAll('input[type=radio]')].filter(i => i.checked).map(i => i.value);
  return { focus: id, checkedA: checked(qa), checkedB: checked(qb) }; }"""


def shared_groups(groups: list[dict]) -> dict[str, list[str]]:
    """Group names that more than one question's inputs carry (an empty name counts as a name)."""
    owners: dict[str, set[str]] = {}
    for n, group in enumerate(groups):
        for name in set(group["names"]):
            owners.setdefault(name, set()).add(f"{n}:{group['id']}")
    return {name: sorted(qs) for name, qs in owners.items() if len(qs) > 1}


def arrows_leave(page, a: str, b: str, presses: int) -> list[str]:
    """Press every arrow key ``presses`` times, starting on question a's first radio, as a learner would
    (on whatever then has the focus); the first time the focus, a's choice or b's choice went wrong."""
    question(page, a).get_by_role("radio").first.focus()
    before = page.evaluate(FOCUS_JS, [a, b])
    seen: dict[str, str] = {}
    for key in ("ArrowDown", "ArrowUp", "ArrowRight", "ArrowLeft"):
        for n in range(presses):
            page.keyboard.press(key)
            now = page.evaluate(FOCUS_JS, [a, b])
            where = f"after {key} x{n + 1} (focus on {now['focus']})"
            if now["focus"] != a:
                seen.setdefault("focus", f"{a}: the focus left it for {now['focus']} {where}")
            if len(now["checkedA"]) != 1:
                seen.setdefault("a", f"{a}: {len(now['checkedA'])} options shown checked {where}")
            if now["checkedB"] != before["checkedB"]:
                seen.setdefault("b", f"{b}: shown checked {now['checkedB']}, not {before['checkedB']}, {where} on {a}")
    return list(seen.values())


def test_every_question_has_its_own_group_and_arrows_stay_in_it(lab, front_end, context):
    """All quiz cells of every lesson on one page: no two questions share a group name; arrow keys on the
    radios of A (each pair of issue 24) keep focus and choice in A; B's choice and saved answer stay."""
    from playwright.sync_api import expect

    server, answers = lab
    learner = f"Groups {front_end.name}"
    save_current(learner, answers)
    cells = quiz_cells()
    choice_ids = [qid for lesson, ids, _ in cells for qid in ids
                  if find_bank(lesson).question(qid).kind in ("single", "multiple", "truefalse")]
    page = context.new_page()
    t0 = time.monotonic()
    open_and_run(page, front_end.url(server.base, "every-quiz.ipynb"))
    expect(page.locator(".lessons-quiz")).to_have_count(len(cells), timeout=120_000)
    expect(page.locator(".lessons-choice-group")).to_have_count(len(choice_ids), timeout=60_000)
    print(f"{front_end.name}: {len(cells)} quiz cells, {len(choice_ids)} choice questions drawn in "
          f"{time.monotonic() - t0:.1f} s")
    groups = [g for g in page.evaluate(GROUPS_JS) if g["names"]]
    assert sorted(g["id"] for g in groups) == sorted(choice_ids)
    problems = [f"{g['id']}: its options carry several names {sorted(set(g['names']))}"
                for g in groups if len(set(g["names"])) != 1 or not g["names"][0]]
    problems += [f"group name {name!r} is shared by {owners}" for name, owners in shared_groups(groups).items()]
    print(f"{front_end.name}: {len(shared_groups(groups))} group names shared; "
          f"{sum(len(o) for o in shared_groups(groups).values())} questions in them")

    quiz = {qid: lesson_quiz for lesson_quiz, ids in
            ((find_bank(lesson).answers_id, ids) for lesson, ids, _ in cells) for qid in ids}
    for a, b in PAIRS:
        box_b = question(page, b)
        box_b.scroll_into_view_if_needed()
        pick = box_b.locator(".lessons-choice-group label").last  # arrows walking through b end on its first
        picked = pick.inner_text().strip()
        before = shown(page, b)
        pick.click()
        press_button(page, b)
        assert wait_shown_change(page, b, before), f"{b}: no feedback after Check"
        entry_b = saved_entry(answers, learner, quiz[b], b)
        assert entry_b.get("attempts") == 1 and str(entry_b.get("answer")) == picked, (b, picked, entry_b)
        n_options = question(page, a).get_by_role("radio").count() + box_b.get_by_role("radio").count()
        problems += arrows_leave(page, a, b, presses=n_options + 1)
        page.screenshot(path=str(SHOTS / f"{front_end.name}-trust-arrows-{a}.png"))
        before = shown(page, b)
        press_button(page, b)  # check B again: the same answer as saved, so nothing new is counted
        if not wait_shown_change(page, b, before):
            problems.append(f"{b}: pressing its button again showed nothing new")
        again = saved_entry(answers, learner, quiz[b], b)
        if (again.get("answer"), again.get("attempts")) != (entry_b["answer"], entry_b["attempts"]):
            problems.append(f"{b}: saved answer changed from {entry_b['answer']!r} (attempt {entry_b['attempts']}) "
                            f"to {again.get('answer')!r} (attempt {again.get('attempts')}) by arrows on {a}")
    page.screenshot(path=str(SHOTS / f"{front_end.name}-trust-every-quiz.png"))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


# ---------------------------------------------------------------- 2. type, click at once: the value on screen

def number_value(i: int) -> str:
    """A different number each time, cycling too low, too high, right (key 2500 soldiers, exact)."""
    return (str(100 + i), str(3000 + i), "2500" if i % 2 else "2,500")[i % 3]


def text_value(i: int, front: str) -> str:
    return f"Try {i} in {front}: the statement gives no number of troops; the article reports {2000 + i}."


def expected_feedback(q, typed: str) -> str:
    """The words the feedback must hold for ``typed``, pinned by hand from the keys: number (2500, exact):
    '100' -> too low, '3001' -> too high, '2500' and '2,500' -> correct; any text -> saved; a01-what-ends:
    'The US combat mission in Iraq' -> correct, any other option -> not yet."""
    if q.kind == "text":
        return "✔ Saved."
    outcome = scoring.check_answer(q, typed)
    if outcome.status == "correct":
        return "✔ Correct."
    return f"✘ Not yet. ({outcome.detail})" if outcome.detail else "✘ Not yet."


def choice_values(options: list[str], reps: int) -> list[str]:
    """Options to choose in turn, each 1, 2 or 3 places down from the one before (never the same twice)."""
    values, index = [], 0
    for i in range(reps):
        index = (index + 1 + i % 3) % len(options)
        values.append(options[index])
    return values


def typer(box):
    """Set the box to a value and click the question's button in the same instant (no wait between)."""
    field, button = box.get_by_role("textbox"), box.get_by_role("button", name=BUTTON)

    def act(value: str) -> None:
        field.fill(value)
        button.click()
    return act


def chooser(box, options: list[str]):
    """Move the choice with ArrowDown to a value (1-3 presses, each sends an update) and click the button at once."""
    page, button = box.page, box.get_by_role("button", name=BUTTON)
    state = {"at": 0}  # no choice yet: the focus starts on the first radio and ArrowDown checks the next

    def act(value: str) -> None:
        box.get_by_role("radio").nth(state["at"]).focus()
        for _ in range((options.index(value) - state["at"]) % len(options)):
            page.keyboard.press("ArrowDown")
        button.click()
        state["at"] = options.index(value)
    return act


def click_at_once(page, answers: Path, learner: str, q, act, values: list[str]) -> tuple[list[str], float]:
    """``act(value)`` puts each value on screen and clicks Check/Save at once; every check or save that is not
    of the value on screen (feedback, saved answer, attempt count), in words. Each value differs from the one
    before, so each right check is a new attempt."""
    question(page, q.id).scroll_into_view_if_needed()
    mismatches = []
    t0 = time.monotonic()
    attempts = saved_entry(answers, learner, "01-agreement", q.id).get("attempts", 0)
    for i, typed in enumerate(values):
        want, before = expected_feedback(q, typed), shown(page, q.id)[0]
        act(typed)
        done = wait_checked(page, q.id, before, attempts + 1, want)
        feedback, _ = shown(page, q.id)
        entry = saved_entry(answers, learner, "01-agreement", q.id)
        if not done or "Same answer as before" in feedback \
                or entry.get("answer") != typed or entry.get("attempts") != attempts + 1:
            same = " + 'Same answer as before'" if "Same answer as before" in feedback else ""
            late = "" if done else " (not shown within 5 s)"
            mismatches.append(f"{i}: put {typed!r} on screen, feedback {feedback[:40]!r}{same}{late} (wanted {want!r}), "
                              f"saved {entry.get('answer')!r} attempt {entry.get('attempts')} "
                              f"(wanted {attempts + 1})")
        attempts = entry.get("attempts", 0)
    return mismatches, time.monotonic() - t0


def test_the_value_on_screen_at_the_click_is_checked(lab, front_end, context):
    """100 numbers and 100 texts, each typed and its button clicked with no pause, and 100 choices moved with
    the arrow keys and clicked at once: 100/100 checked and saved as on screen; then a kernel restart brings
    back the last text typed."""
    from playwright.sync_api import expect

    server, answers = lab
    learner = f"Race {front_end.name}"
    save_current(learner, answers)
    page = context.new_page()
    open_and_run(page, front_end.url(server.base, "type-and-click.ipynb"))
    expect(question(page, TEXT_Q)).to_be_visible(timeout=90_000)
    bank = find_bank("01")
    report, failures = [], []
    choice_box = question(page, CHOICE_Q)
    options = [t.strip() for t in choice_box.locator(".lessons-choice-group label").all_inner_texts()]
    assert sorted(options) == sorted(bank.question(CHOICE_Q).options)
    for q, act, values in (
            (bank.question(NUMBER_Q), typer(question(page, NUMBER_Q)), [number_value(i) for i in range(REPS)]),
            (bank.question(TEXT_Q), typer(question(page, TEXT_Q)), [text_value(i, front_end.name) for i in range(REPS)]),
            (bank.question(CHOICE_Q), chooser(choice_box, options), choice_values(options, REPS))):
        mismatches, seconds = click_at_once(page, answers, learner, q, act, values)
        report.append(f"{front_end.name} {q.kind}: {REPS - len(mismatches)}/{REPS} checked and saved as shown "
                      f"in {seconds:.1f} s" + (f"; first: {mismatches[0]}" if mismatches else ""))
        failures += mismatches
        question(page, q.id).screenshot(path=str(SHOTS / f"{front_end.name}-trust-typed-{q.kind}.png"))
    print("\n".join(report))

    # restart the kernel and run the quiz cell again: the last text typed (and number, and choice) comes back
    last_text, last_number = text_value(REPS - 1, front_end.name), number_value(REPS - 1)
    page.locator(".lessons-quiz").evaluate("el => el.setAttribute('data-before-restart', '')")
    menu(page, "Kernel", "Restart Kernel and Run All Cells")
    page.locator(".jp-Dialog .jp-Dialog-button.jp-mod-accept").click()
    fresh = page.locator(".lessons-quiz:not([data-before-restart])")
    expect(fresh).to_be_visible(timeout=60_000)
    expect(fresh.locator(f".lessons-q-{TEXT_Q} .lessons-attempts")).not_to_be_empty(timeout=15_000)
    last_choice = choice_values(options, REPS)[-1]
    back = (fresh.locator(f".lessons-q-{TEXT_Q}").get_by_role("textbox").input_value(),
            fresh.locator(f".lessons-q-{NUMBER_Q}").get_by_role("textbox").input_value(),
            fresh.locator(f".lessons-q-{CHOICE_Q} input:checked").evaluate_all("inputs => inputs.map(i => i.value)"))
    page.screenshot(path=str(SHOTS / f"{front_end.name}-trust-after-restart.png"))
    if back != (last_text, last_number, [last_choice]):
        failures.append(f"after a restart the page shows {back}, not the last on screen "
                        f"{(last_text, last_number, [last_choice])}")
    assert not failures, "\n".join(report + [f"{len(failures)} mismatches:"] + failures[:20])


# ---------------------------------------------------------------- 3. opening a lesson changes nothing

# Open notebooks side by side (their kernels start together) and wait until each has its kernel's
# spec and language info: the front end writes them into the notebook's metadata once they come.
OPEN_ALL_JS = """async (paths) => {
  const app = window.jupyterapp;
  const widgets = await Promise.all(paths.map(path =>
    app.commands.execute('docmanager:open', { path, factory: 'Notebook', activate: false })));
  for (const widget of widgets) {
    await widget.context.ready;
    await widget.sessionContext.ready;
    const kernel = widget.sessionContext.session && widget.sessionContext.session.kernel;
    if (kernel) { await kernel.info; await kernel.spec; }
  }
  return widgets.map(w => w.context.path); }"""
# Every open notebook: its path, whether its document is dirty, its kernel's state, its cells drawn.
NOTEBOOKS_JS = """() => [...window.jupyterapp.shell.widgets('main')].filter(w => w.context && w.sessionContext).map(w => ({
  path: w.context.path, dirty: w.context.model.dirty,
  kernel: w.sessionContext.session && w.sessionContext.session.kernel ? w.sessionContext.session.kernel.status : 'none',
  cells: w.node.querySelectorAll('.jp-Cell').length }))"""
READY_JS = f"""(n) => {{ const open = ({NOTEBOOKS_JS})();
  return open.length === n && open.every(o => o.kernel === 'idle' && o.cells > 0); }}"""
UNSAVED_JS = "() => window.jupyterapp.status.isDirty"  # what makes the page ask 'unsaved changes will be lost'
LANGUAGE_JS = """async () => { const w = [...window.jupyterapp.shell.widgets('main')].find(w => w.sessionContext);
  return (await w.sessionContext.session.kernel.info).language_info; }"""


def language_info_differences(page, path: Path) -> dict:
    """Where the kernel's language_info (which the front end writes into the notebook) differs from the stored one."""
    kernel = page.evaluate(LANGUAGE_JS)
    stored = nbformat.read(path, as_version=4).metadata.get("language_info", {})
    return {key: (stored.get(key), kernel.get(key)) for key in sorted(set(kernel) | set(stored))
            if stored.get(key) != kernel.get(key)}


def opened_in_jupyterlab(context, base: str, paths: list[str]) -> tuple[list[dict], list[str]]:
    """Every notebook opened in one JupyterLab page: each one's state, and the dirty marks the page shows."""
    page = context.new_page()
    page.goto(f"{base}/lab?reset")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=60_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    page.evaluate(OPEN_ALL_JS, paths)
    page.wait_for_function(READY_JS, arg=len(paths), timeout=90_000, polling=100)
    states = page.evaluate(NOTEBOOKS_JS)
    if any(s["dirty"] for s in states):
        print("language_info stored vs the kernel's:", language_info_differences(page, ROOT / paths[0]))
    marks = [f"tab {t.strip()}" for t in page.locator(".lm-TabBar-tab.jp-mod-dirty").all_inner_texts()]
    marks += ["the page warns of unsaved changes"] if page.evaluate(UNSAVED_JS) else []
    page.screenshot(path=str(SHOTS / "jupyterlab-trust-opened.png"))
    return states, marks


def opened_in_notebook7(context, front_end, base: str, paths: list[str]) -> tuple[list[dict], list[str]]:
    """Each notebook opened in its own Notebook 7 page (side by side): each one's state, and pages that would
    warn of unsaved changes."""
    pages = []
    for path in paths:
        page = context.new_page()
        page.goto(front_end.url(base, path), wait_until="commit")
        pages.append(page)
    states, marks = [], []
    for path, page in zip(paths, pages):
        page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=60_000)
        page.wait_for_function(READY_JS, arg=1, timeout=90_000, polling=100)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=60_000, polling=100)
        states += page.evaluate(NOTEBOOKS_JS)
        marks += [f"{path}: the page warns of unsaved changes"] if page.evaluate(UNSAVED_JS) else []
    pages[1].screenshot(path=str(SHOTS / "notebook7-trust-opened.png"))
    return states, marks


def test_opening_a_lesson_marks_nothing_changed(lab, front_end, context):
    """Every lesson and the index, opened (not run) in the front end, is not dirty once its kernel is ready
    and its cells are drawn; JupyterLab shows no dirty tab, and no page would warn of unsaved changes."""
    server, _answers = lab
    paths = [f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("*.ipynb"))]
    t0 = time.monotonic()
    if front_end.name == "jupyterlab":
        states, marks = opened_in_jupyterlab(context, server.base, paths)
    else:
        states, marks = opened_in_notebook7(context, front_end, server.base, paths)
    dirty = sorted(s["path"] for s in states if s["dirty"])
    print(f"{front_end.name}: {len(paths)} notebooks opened in {time.monotonic() - t0:.1f} s; dirty: {dirty}; "
          f"marks: {marks}")
    assert sorted(s["path"] for s in states) == paths, states
    assert not dirty and not marks, f"{len(dirty)} of {len(paths)} notebooks changed on opening: {dirty}; {marks}"
