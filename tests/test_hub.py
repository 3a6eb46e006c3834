"""The classroom on a real JupyterHub: nbgitpuller, the Hand in button, the exchange's permissions between
real Unix users, and the teacher's status / collect / marks / grade (root only; CI runs as root).

One hub for the module: three learners log in through the hub in Chromium, pull the course release with
the teacher guide's nbgitpuller link, answer lesson 00's quiz and press Hand in; then each learner tries,
as their own Unix user, to read, replace, delete and list another's hand-in; then the teacher works.
"""
from __future__ import annotations

import csv
import json
import os
import re
import tempfile
import time
from pathlib import Path

import pytest
import yaml

from conftest import need_or_skip
from hub_server import (ROOT, Hub, Traversable, Users, VENV_BIN, make_course_repository, prerequisites, pull_link,
                        users_need)
from lab_server import CHROMIUM, CHROMIUM_ARGS, KERNEL_IDLE_JS, accept_kernel_dialog, have_chromium, menu

pytestmark = [pytest.mark.browser, pytest.mark.hub, pytest.mark.slow]

SHOTS = ROOT / "test-artifacts" / "hub"
NOTEBOOK = "notebooks/00-start-here.ipynb"
QUIZ, CHOICE, WRITTEN = "00-start-here", "s00-run-cell", "s00-why-here"
LEARNERS = [  # (short name, name typed in the notebook, right answer?, written answer)
    ("ana", "Ana López", True, "It shows which paragraph each claim comes from."),
    ("ben", "Ben Okafor", False, "So I can check the article myself."),
    ("cy", "Cy Dlamini", True, ""),
]
TIMES: dict[str, float] = {}


def assessed_lessons() -> list[str]:
    """Lesson numbers of the assessed quizzes named in the teacher's course.yaml."""
    course = yaml.safe_load((ROOT / "course" / "course.yaml").read_text(encoding="utf-8"))
    assessed = [str(q)[:2] for q in (course.get("assessment") or {}).get("quizzes", [])]
    assert assessed, "course.yaml names no assessed quiz"
    return assessed


def _full_bank():
    from lessons.core.quizbank import load_all

    return next(b for b in load_all() if b.quiz == QUIZ)


@pytest.fixture(scope="module")
def classroom():
    """A hub with a teacher and three learners, an exchange and the course repository; all removed after."""
    missing = prerequisites()
    if os.geteuid() != 0:
        print("SKIP: the hub test needs root (it creates Unix users); CI runs it as root")
        pytest.skip("needs root to create Unix users")
    need_or_skip(not missing, "missing for the hub test: " + ", ".join(missing))
    need_or_skip(have_chromium(), f"Chromium not found at {CHROMIUM}")
    started = time.perf_counter()
    base = Path(tempfile.mkdtemp(prefix="lessons-hub-"))
    os.chmod(base, 0o755)
    access = Traversable()
    users = Users(base, "lht")
    hub = None
    try:
        for needed in users_need():
            access.allow(needed)
        teacher = users.add("teacher")
        learners = [users.add(short) for short, *_ in LEARNERS]
        exchange = base / "exchange"
        exchange.mkdir()
        os.chown(exchange, users.uid(teacher), -1)
        done = users.run_as(teacher, [str(VENV_BIN / "lessons"), "exchange-setup", str(exchange)])
        assert done.returncode == 0, done.stderr
        repo = make_course_repository(base, teacher)
        # a course repository on the hub's own disk belongs to the teacher: git refuses another user's
        # repository unless it is trusted (safe.directory, here in the servers' environment)
        # repository unless it is trusted in the system's git config (a hub: git config --system --add
        # safe.directory PATH; here a system config file of the test's own, named to the servers)
        git_config = base / "gitconfig"
        git_config.write_text(f"[safe]\n\tdirectory = {repo}\n")
        os.chmod(git_config, 0o644)
        environment = {"LESSONS_EXCHANGE": str(exchange), "GIT_CONFIG_SYSTEM": str(git_config)}
        hub = Hub(base, [teacher, *learners], teacher, environment)
        TIMES["hub up"] = time.perf_counter() - started
        hub.start_servers([*learners, teacher])  # all at once, as a class arriving; logging in then finds them
        hub.wait_servers([*learners, teacher])
        TIMES["servers up"] = time.perf_counter() - started
        yield {"hub": hub, "users": users, "teacher": teacher, "learners": learners, "exchange": exchange,
               "repo": repo, "base": base}
    finally:
        if hub is not None:
            hub.stop()
        users.cleanup()
        access.restore()
        import shutil

        shutil.rmtree(base, ignore_errors=True)
        TIMES["module"] = time.perf_counter() - started
        print(f"\nhub test timings (s): {json.dumps({k: round(v, 1) for k, v in TIMES.items()})}")


@pytest.fixture(scope="module")
def browser(classroom):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


NOTEBOOK_OR_ERROR_JS = """() => !!document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell')
  || /Error: |Spawn failed|500 : |Could not find path/.test(document.body ? document.body.innerText : '')"""


def wait_for_notebook(page) -> None:
    """Wait through spawn and nbgitpuller for the notebook and its kernel; fail at once on an error page."""
    page.wait_for_function(NOTEBOOK_OR_ERROR_JS, timeout=150_000, polling=250)
    if not page.locator(".jp-NotebookPanel .jp-Cell").count():
        raise AssertionError("the hub or nbgitpuller showed an error: " + page.inner_text("body")[:1500])
    page.wait_for_function(KERNEL_IDLE_JS, timeout=90_000, polling=200)
    accept_kernel_dialog(page)


def _learner_in_browser(browser, room, user: str, name: str, right: bool, text: str) -> None:
    """Log in through the hub, follow the nbgitpuller link, answer lesson 00's quiz, press Hand in."""
    from playwright.sync_api import expect

    bank = _full_bank()
    choice = next(q for q in bank.questions if q.id == CHOICE)
    option = choice.answer if right else next(o for o in choice.options if o != choice.answer)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    shot = SHOTS / f"{user}"
    try:
        page.goto(pull_link(room["hub"].url, str(room["repo"]), NOTEBOOK))
        page.fill("#username_input", user)
        page.fill("#password_input", "classroom-test")
        if user == room["learners"][0]:
            page.screenshot(path=f"{shot}-login.png")
        page.click("#login_submit")
        wait_for_notebook(page)
        menu(page, "Run", "Run All Cells")
        page.wait_for_timeout(300)
        accept_kernel_dialog(page)
        # as the lesson says: save your name first (the name box near the top), then run the quizzes again
        name_box = page.locator(".lessons-name").first
        name_box.get_by_label("Your name:").fill(name, timeout=90_000)
        name_box.get_by_role("button", name="Save my name").click()
        expect(name_box.locator(".lessons-name-status")).to_contain_text("Saved", timeout=30_000)
        page.wait_for_function(KERNEL_IDLE_JS, timeout=90_000, polling=200)
        menu(page, "Run", "Run All Cells")
        holder = page.locator(f".lessons-quiz:has(.lessons-q-{CHOICE})")  # the closing quiz
        question = holder.locator(f".lessons-q-{CHOICE}")
        question.get_by_role("radio", name=re.compile(f"^{re.escape(option)}$")).check(timeout=30_000)
        question.get_by_role("button", name=re.compile(r"^(Check|Save)( answer)?( \d+)?$")).click()
        expect(question.locator(".lessons-attempts")).to_contain_text("1", timeout=30_000)
        if text:
            written = holder.locator(f".lessons-q-{WRITTEN}")
            written.locator("textarea").fill(text)
            written.get_by_role("button", name=re.compile(r"^Save( answer)?( \d+)?$")).click()
            expect(written.locator(".lessons-attempts")).to_contain_text("1", timeout=30_000)
        button = holder.locator(".lessons-handin-button")
        expect(button).to_be_visible()
        button.click()
        message = holder.locator(".lessons-handin-message")
        expect(message).to_contain_text("Handed in", timeout=30_000)
        expect(message).to_contain_text(f"{user}.json")
        message.scroll_into_view_if_needed()
        page.screenshot(path=f"{shot}-handed-in.png")
        assert page.locator(".jp-OutputArea-output", has_text="Error displaying widget").count() == 0
    except Exception:
        page.screenshot(path=f"{shot}-failure.png")
        raise
    finally:
        context.close()


def test_learners_pull_answer_and_hand_in(classroom, browser):
    started = time.perf_counter()
    for (short, name, right, text), user in zip(LEARNERS, classroom["learners"]):
        _learner_in_browser(browser, classroom, user, name, right, text)
    TIMES["three learners"] = time.perf_counter() - started
    box = classroom["exchange"] / "inbound"
    users = classroom["users"]
    for user in classroom["learners"]:
        home = users.home(user)
        assert (home / "course-release" / "notebooks" / "00-start-here.ipynb").is_file()  # pulled by nbgitpuller
        pulled = home / "course-release" / "course" / "quizzes"
        for lesson in assessed_lessons():  # the release holds no key of an assessed quiz
            bank = yaml.safe_load(next(pulled.glob(f"{lesson}-*.yaml")).read_text(encoding="utf-8"))
            assert not any("answer" in q or "model_answer" in q for q in bank["questions"]), lesson
        handin = box / f"{user}.json"
        info = handin.stat()
        assert info.st_uid == users.uid(user) and info.st_mode & 0o777 == 0o640
        assert info.st_gid == os.stat(box).st_gid  # the teacher's group, by the folder's set-group-id bit
        doc = json.loads(handin.read_text())
        assert doc["handed_in_at"] and QUIZ in doc["quizzes"]


OTHERS_SCRIPT = r'''
import json, os, sys
from lessons.exchange.folder import ExchangeError, hand_in
box, victim, me = sys.argv[1], sys.argv[2], sys.argv[3]
target = os.path.join(box, victim + ".json")
results = {}
def attempt(label, action):
    try:
        action()
        results[label] = "allowed"
    except (PermissionError, ExchangeError) as exc:
        results[label] = "denied"
def replace():
    tmp = os.path.join(box, "." + me + ".attack.tmp")
    with open(tmp, "w") as handle:
        handle.write("{}")
    try:
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
attempt("read", lambda: open(target).read())
attempt("write", lambda: open(target, "a").write(" "))
attempt("replace", replace)
attempt("delete", lambda: os.unlink(target))
attempt("list", lambda: os.listdir(box))
attempt("hand in as them", lambda: hand_in(b"{}", os.path.dirname(box), user=victim))
attempt("hand in as me", lambda: hand_in(b'{"mine": 1}', os.path.dirname(box), user=me))
print(json.dumps(results))
'''


def test_learner_cannot_read_replace_or_delete_anothers_handin(classroom):
    users, box = classroom["users"], classroom["exchange"] / "inbound"
    ana, ben, cy = classroom["learners"]
    before = (box / f"{ben}.json").read_bytes()
    outcome = users.run_as(ana, [str(VENV_BIN / "python"), "-c", OTHERS_SCRIPT, str(box), ben, ana])
    assert outcome.returncode == 0, outcome.stderr
    results = json.loads(outcome.stdout)
    assert results == {"read": "denied", "write": "denied", "replace": "denied", "delete": "denied",
                       "list": "denied", "hand in as them": "denied", "hand in as me": "allowed"}
    assert (box / f"{ben}.json").read_bytes() == before
    # handing in again replaced only ana's own file; put her real hand-in back from her answers
    again = users.run_as(ana, [str(VENV_BIN / "python"), "-c",
                               "from lessons.notebook.hand_in_button import press_hand_in; print(press_hand_in())"],
                         env={"LESSONS_EXCHANGE": str(classroom["exchange"]), "JUPYTERHUB_USER": ana})
    assert again.stdout.startswith("✔ Handed in"), again.stdout + again.stderr
    assert sorted(p.name for p in box.iterdir() if not p.name.startswith(".")) == sorted(
        f"{u}.json" for u in classroom["learners"])
    # the teacher reads every hand-in
    teacher = users.run_as(classroom["teacher"], ["cat", str(box / f"{cy}.json")])
    assert teacher.returncode == 0 and '"lessons-submission"' in teacher.stdout


def test_teacher_status_collect_marks_grade(classroom):
    users, teacher, exchange = classroom["users"], classroom["teacher"], classroom["exchange"]
    ana, ben, cy = classroom["learners"]
    lessons = str(VENV_BIN / "lessons")
    status = users.run_as(teacher, [lessons, "status", str(exchange)])
    assert status.returncode == 0, status.stderr
    (SHOTS / "status.txt").write_text(status.stdout)
    lines = status.stdout.splitlines()
    assert lines[0].startswith("3 hand-in(s)")
    rows = {line.split()[0]: line for line in lines[2:]}
    assert set(rows) == {ana, ben, cy}
    assert "Ana López" in rows[ana] and rows[ana].split()[-1] == "2" and rows[cy].split()[-1] == "1"
    home = users.home(teacher)
    collected = users.run_as(teacher, [lessons, "collect", str(exchange), "--out", "handins",
                                       "--deadline", "2000-01-01T00:00"])
    assert collected.returncode == 0, collected.stderr
    assert "Collected 3 hand-in(s)" in collected.stdout and collected.stdout.count("late: ") == 3
    marks = users.run_as(teacher, [lessons, "marks", "handins", "--out", "marks.csv"])
    assert marks.returncode == 0, marks.stderr
    sheet = list(csv.DictReader((home / "marks.csv").open(encoding="utf-8")))
    assert sorted(r["name"] for r in sheet) == ["Ana López", "Ben Okafor"]
    for row in sheet:
        row["points"], row["comment"] = ("1", "Good.") if row["name"] == "Ana López" else ("0.5", "Say why.")
    with (home / "marks.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sheet[0]))
        writer.writeheader()
        writer.writerows(sheet)
    graded = users.run_as(teacher, [lessons, "grade", "handins", "--out", "results", "--quiz", "00",
                                    "--marks", "marks.csv", "--feedback", "--no-report"])
    assert graded.returncode == 0, graded.stdout + graded.stderr
    book = {r["name"]: r for r in csv.DictReader((home / "results" / "gradebook.csv").open(encoding="utf-8"))}
    assert len(book) == 3
    # lesson 00: the choice question is worth 1 (right for ana and cy), the written one 1 (marked 1 and 0.5)
    assert {k: float(r["total"]) for k, r in book.items()} == {"Ana López": 2, "Ben Okafor": 0.5, "Cy Dlamini": 1}
    ben = book["Ben Okafor"]["learner_id"]
    assert "Say why." in next((home / "results" / "feedback").glob(f"{ben}*")).read_text()


def test_teacher_notebook_shows_the_class(classroom, browser):
    """The teacher opens course/teacher/class-status.ipynb on the hub and sees three rows."""
    from playwright.sync_api import expect

    users, teacher = classroom["users"], classroom["teacher"]
    home = users.home(teacher)
    target = home / "class-status.ipynb"
    target.write_bytes((ROOT / "course" / "teacher" / "class-status.ipynb").read_bytes())
    os.chown(target, users.uid(teacher), -1)
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{classroom['hub'].url}/hub/login?next=%2Fhub%2Fuser-redirect%2Flab%2Ftree%2Fclass-status.ipynb")
        page.fill("#username_input", teacher)
        page.fill("#password_input", "classroom-test")
        page.click("#login_submit")
        wait_for_notebook(page)
        menu(page, "Run", "Run All Cells")
        table = page.locator(".lessons-class-status")
        expect(table.locator("tbody tr")).to_have_count(3, timeout=90_000)
        expect(page.locator(".lessons-class-items")).to_be_visible()
        page.locator(".lessons-class-refresh").click()
        expect(table.locator("tbody tr")).to_have_count(3, timeout=30_000)
        page.locator(".lessons-class-refresh").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "teacher-status.png"))
    except Exception:
        page.screenshot(path=str(SHOTS / "teacher-failure.png"))
        raise
    finally:
        context.close()
