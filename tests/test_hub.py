"""The classroom on a real JupyterHub: nbgitpuller, the Hand in button, the folder exchange between real
Unix users, and the teacher's status / collect / marks / grade (root only; CI runs as root).

One hub for the module: three learners log in through the hub in Chromium, pull the course release with
the teacher guide's nbgitpuller link, answer lesson 00's quiz and press Hand in. Then the attacks of
issue 23, each from a learner's own Unix account: cy impersonates ana (her name typed, a wrong answer, a
forged early handed_in_at); ana tries to read, overwrite, replace, delete and list ben's hand-in, to read
the teacher's course folder and key, hands in 200 MB and 5,000 times, squats ben's names (file and
folders) and makes 5,001 files by hand; ben hands in again through the squats. Each attempt is denied or
flagged with a sentence asserted on its text. Then the teacher sees one row per learner, collects by the
receipt times, and grades by account: the forgery is graded as cy, never as ana (totals pinned by hand).
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
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
        own = users.home(teacher) / "lessons"  # the teacher's repository: the full key lives here
        shutil.copytree(ROOT / "course", own / "course")
        subprocess.run(["chown", "-R", f"{teacher}:{teacher}", str(own)], check=True)
        os.chmod(own, 0o755)  # as a fresh clone in a Debian home is: readable by every account
        done = users.run_as(teacher, [str(VENV_BIN / "lessons"), "exchange-setup", str(exchange), "--course", str(own)])
        assert done.returncode == 0, done.stderr
        assert "private (mode 700, was 755): it holds the full answer key" in done.stdout
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
        expect(message).to_contain_text(f"as {user}")
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
        (handin,) = [p for p in box.iterdir() if p.lstat().st_uid == users.uid(user)]  # one hand-in, theirs
        info = handin.stat()
        assert handin.name.startswith(f"{user}+") and info.st_mode & 0o777 == 0o640
        assert info.st_gid == os.stat(box).st_gid  # the teacher's group, by the folder's set-group-id bit
        doc = json.loads(handin.read_text())
        assert doc["handed_in_at"] and QUIZ in doc["quizzes"]


def inbound_files(room, user: str) -> list[Path]:
    """A learner's entries in the inbound folder (read as root), oldest receipt first."""
    box, uid = room["exchange"] / "inbound", room["users"].uid(user)
    return sorted((p for p in box.iterdir() if p.lstat().st_uid == uid), key=lambda p: p.lstat().st_ctime_ns)


def receipt_deadline(paths: list[Path]) -> str:
    """The latest receipt time (status-change time) of these files, rounded UP to the microsecond, ISO 8601."""
    from datetime import datetime, timedelta, timezone

    last = max(p.lstat().st_ctime_ns for p in paths)
    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=-(-last // 1000))).isoformat()


def file_clock_after(deadline: str, where: Path) -> None:
    """Return once a new file gets a status-change time after ``deadline`` (the kernel's file clock ticks every
    few milliseconds): what a learner does next is received after it."""
    from datetime import datetime

    limit = datetime.fromisoformat(deadline).timestamp()
    probe = where / ".clock-probe"
    for _ in range(100_000):
        probe.write_bytes(b"")
        later = probe.stat().st_ctime > limit
        probe.unlink()
        if later:
            return
    raise AssertionError("the file clock did not move")


def learner_env(room, user: str) -> dict[str, str]:
    return {"LESSONS_EXCHANGE": str(room["exchange"]), "JUPYTERHUB_USER": user}


# A learner's server impersonating a classmate: the classmate's name saved as theirs (as typed in the name box),
# a wrong answer, and a handed_in_at forged to look early; handed in with the real Hand in code.
FORGE_SCRIPT = r'''
import sys
from lessons.core.learner_ids import save_current
from lessons.exchange.backends import configured
from lessons.notebook.hand_in_button import handin_bytes
from lessons.notebook.responses import ResponseStore
name, quiz, question, answer, when = sys.argv[1:6]
save_current(name)
store = ResponseStore(name)
store.record(quiz, question, answer)
print(configured().hand_in(handin_bytes(store, when)).message)
'''

# Everything else a learner can try from their own account, each reported with the sentence it got.
ATTACK_SCRIPT = r'''
import json, os, sys
from lessons.exchange.backends import ExchangeError, configured
box, victim_file, victim, me, teacher_folder, key = sys.argv[1:7]
target = os.path.join(box, victim_file)
stamp = "20261130T085000000000Z"
results = {}
def attempt(label, action):
    try:
        done = action()
        results[label] = "allowed" + (f": {done}" if done else "")
    except (OSError, ExchangeError) as exc:
        results[label] = f"denied: {exc}"
def replace():
    tmp = os.path.join(box, "." + me + ".attack.tmp")
    with open(tmp, "w") as handle:
        handle.write("{}")
    try:
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
def squat():
    os.mkdir(os.path.join(box, victim + ".json"))                         # the old exchange's name for victim
    os.mkdir(os.path.join(box, f"{victim}+{stamp}+{'0' * 16}.json"))      # a folder named as victim's hand-in
    with open(os.path.join(box, f"{victim}+{stamp}+{'1' * 16}.json"), "x") as handle:  # a file named for victim
        handle.write("{}")
def spam():
    for i in range(5000):
        try:
            configured().hand_in(b"{}")
        except ExchangeError as exc:
            return f"{i} accepted, then: {exc}"
    return "5000 accepted"
def by_hand():
    with open(os.path.join(box, f"{me}+{stamp}+{'2' * 16}.json"), "x") as handle:
        handle.truncate(200_000_000)  # 200 MB (sparse: the reader never reads it)
    for i in range(5000):
        with open(os.path.join(box, f"{me}+{stamp}+{i + 1:016x}.json"), "x") as handle:
            handle.write("{}")
attempt("read", lambda: open(target, "rb").read(1) and None)
attempt("write", lambda: open(target, "r+b").write(b" ") and None)
attempt("replace", replace)
attempt("delete", lambda: os.unlink(target))
attempt("list", lambda: os.listdir(box) and None)
attempt("teacher's course folder", lambda: os.listdir(teacher_folder) and None)
attempt("the key", lambda: open(key, "rb").read(1) and None)
attempt("hand in 200 MB", lambda: configured().hand_in(b"x" * 200_000_000).message)
attempt("squat", squat)
attempt("5,000 hand-ins", spam)
attempt("by hand", by_hand)
print(json.dumps(results))
'''
DEADLINES: dict[str, str] = {}


def test_every_attack_of_a_learner_fails_or_is_flagged(classroom):
    """Issue 23's attacks on the folder exchange, each by a learner from their own Unix account."""
    users, room = classroom["users"], classroom
    ana, ben, cy = room["learners"]
    box, python = room["exchange"] / "inbound", str(VENV_BIN / "python")
    (bens,) = inbound_files(room, ben)
    before = bens.read_bytes()
    DEADLINES["D"] = receipt_deadline([p for u in room["learners"] for p in inbound_files(room, u)])
    file_clock_after(DEADLINES["D"], room["base"])
    # cy saves ana's name, answers wrongly and forges an early handed_in_at; received after D all the same
    wrong = next(o for o in next(q for q in _full_bank().questions if q.id == CHOICE).options
                 if o != next(q for q in _full_bank().questions if q.id == CHOICE).answer)
    forged = users.run_as(cy, [python, "-c", FORGE_SCRIPT, "Ana López", QUIZ, CHOICE, wrong,
                               "2026-11-01T00:00:00.000+00:00"], env=learner_env(room, cy))
    assert forged.returncode == 0 and f"as {cy} (hand-in 2 of at most 200" in forged.stdout, forged.stderr
    DEADLINES["F"] = receipt_deadline(inbound_files(room, cy))
    file_clock_after(DEADLINES["F"], room["base"])
    key = users.home(room["teacher"]) / "lessons" / "course" / "quizzes" / "07-workshop.yaml"
    outcome = users.run_as(ana, [python, "-c", ATTACK_SCRIPT, str(box), bens.name, ben, ana,
                                 str(key.parents[2]), str(key)], env=learner_env(room, ana), timeout=300)
    assert outcome.returncode == 0, outcome.stderr
    results = json.loads(outcome.stdout)
    denied = "denied: [Errno 13] Permission denied"
    assert results["read"].startswith(denied) and results["write"].startswith(denied)
    assert results["replace"].startswith("denied: [Errno 1] Operation not permitted")  # the sticky bit
    assert results["delete"].startswith("denied: [Errno 1] Operation not permitted")
    assert results["list"].startswith(denied)
    assert results["teacher's course folder"].startswith(denied) and results["the key"].startswith(denied)
    assert results["hand in 200 MB"] == ("denied: Your hand-in is 200,000,000 bytes; the limit is 2,000,000 bytes "
                                         "per hand-in. Nothing was saved. An answers file is far smaller (about 60 kB "
                                         "for the whole course): hand in with the Hand in button under a quiz.")
    assert results["squat"] == "allowed"  # made, and blocks nothing (ben hands in below); listed in status
    # ana had handed in once (in the browser): 199 more are taken, the 200th is refused
    assert results["5,000 hand-ins"] == ("allowed: 199 accepted, then: You have handed in 200 times; the limit per "
                                         "learner is 200: nothing more was saved. Your teacher has your hand-ins; "
                                         "ask them if you need to hand in again.")
    assert results["by hand"] == "allowed"  # 5,001 files made by hand: refused by the teacher's side (status)
    assert bens.read_bytes() == before
    # ben hands in again through the squats, after the deadline
    again = users.run_as(ben, [python, "-c", "from lessons.notebook.hand_in_button import press_hand_in; "
                                             "print(press_hand_in())"], env=learner_env(room, ben))
    assert again.stdout.startswith("✔ Handed in at ") and f"as {ben} (hand-in 2 of at most 200" in again.stdout, \
        again.stdout + again.stderr
    assert len(inbound_files(room, ben)) == 2 and bens.read_bytes() == before  # every hand-in kept


def run_lessons(room, *args: str, cwd: Path | None = None):
    return room["users"].run_as(room["teacher"], [str(VENV_BIN / "lessons"), *args], cwd=cwd, timeout=300)


def test_teacher_status_shows_each_attack_on_one_row_per_learner(classroom):
    ana, ben, cy = classroom["learners"]
    home = classroom["users"].home(classroom["teacher"])
    status = run_lessons(classroom, "status", str(classroom["exchange"]), "--csv", "status.csv")
    assert status.returncode == 0, status.stderr
    (SHOTS / "status.txt").write_text(status.stdout)
    lines = status.stdout.splitlines()
    # ana: 1 (browser) + 199 (Hand in code) + 5,000 by hand = 5,200 hand-ins, the first 200 kept, 5,000 too many;
    # refused besides: the file named for ben 1, two folders 2, the 200 MB file 1 -> 5,004 refused in all.
    # ben: 2 (browser, again after the squats); cy: 2 (browser, the forgery). 204 hand-ins by 3 learners.
    assert lines[0].startswith("204 hand-in(s) by 3 learner(s)")
    rows = {r["account"]: r for r in csv.DictReader((home / "status.csv").open(encoding="utf-8"))}
    assert {a: (r["hand_ins"], r["refused"]) for a, r in rows.items()} == {
        ana: ("200", "5004 (named for another account: 1, not a hand-in: 2, too large: 1, too many: 5000)"),
        ben: ("2", "0"), cy: ("2", "0")}
    assert rows[cy]["name"] == "Ana López"  # the name typed in cy's last hand-in, shown as typed
    refused = [line for line in lines if line.startswith("refused: ")]
    stamp = "20261130T085000000000Z"
    assert len(refused) == 4
    assert f"refused: '{ben}.json' is a folder made by {ana}, not a hand-in; it blocks no one (every hand-in has a " \
           "name of its own): remove it" in refused
    assert f"refused: '{ben}+{stamp}+{'1' * 16}.json' is owned by {ana} but named for '{ben}': not taken as " \
           f"{ben}'s hand-in" in refused
    assert f"refused: '{ana}+{stamp}+{'2' * 16}.json' by {ana} is 200,000,000 bytes, over the limit of 2,000,000: " \
           "not read" in refused
    assert f"same name: 'Ana López' is typed in hand-ins of {ana}, {cy}: each is graded as its own account" \
        in status.stdout  # cy's forgery, seen before grading
    assert len(lines) == 2 + 3 + 1 + 4  # summary, header, 3 learners, 1 name, 4 refusals: the 5,000 are one count


def test_teacher_collects_and_grades_by_account(classroom):
    users, teacher = classroom["users"], classroom["teacher"]
    ana, ben, cy = classroom["learners"]
    home = users.home(teacher)
    exchange = str(classroom["exchange"])
    collected = run_lessons(classroom, "collect", exchange, "--out", "handins", "--deadline", DEADLINES["D"])
    assert collected.returncode == 0, collected.stderr
    # after D: ana's 199 (the 5,000 by hand are past the limit), ben's second, cy's forgery (its handed_in_at
    # says 1 November: not read)
    assert "Collected 3 hand-in(s)" in collected.stdout and "late: " not in collected.stdout
    for account, count in ((ana, 199), (ben, 1), (cy, 1)):
        assert f"late hand-ins not taken: {account}: {count} " in collected.stdout
    manifest = {r["account"]: r for r in csv.DictReader((home / "handins" / "collected.csv").open(encoding="utf-8"))}
    assert {a: (r["late"], r["hand_ins"]) for a, r in manifest.items()} == {
        ana: ("no", "200"), ben: ("no", "2"), cy: ("no", "2")}
    marks = run_lessons(classroom, "marks", "handins", "--out", "marks.csv")
    assert marks.returncode == 0, marks.stderr
    sheet = list(csv.DictReader((home / "marks.csv").open(encoding="utf-8")))
    assert sorted(r["learner_id"] for r in sheet) == [ana, ben]
    for row in sheet:
        row["points"], row["comment"] = ("1", "Good.") if row["learner_id"] == ana else ("0.5", "Say why.")
    with (home / "marks.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(sheet[0]))
        writer.writeheader()
        writer.writerows(sheet)
    graded = run_lessons(classroom, "grade", "handins", "--out", "results", "--quiz", "00", "--marks", "marks.csv",
                         "--feedback", "--no-report")
    assert graded.returncode == 0, graded.stdout + graded.stderr
    book = {r["learner_id"]: r for r in csv.DictReader((home / "results" / "gradebook.csv").open(encoding="utf-8"))}
    # lesson 00: the choice question is worth 1 (right for ana and cy), the written one 1 (marked 1 and 0.5):
    # ana 1 + 1 = 2, ben 0 + 0.5 = 0.5, cy 1 + 0 (no written answer) = 1
    assert {k: (float(r["total"]), r["name"]) for k, r in book.items()} == {
        ana: (2, "Ana López"), ben: (0.5, "Ben Okafor"), cy: (1, "Cy Dlamini")}
    assert "Say why." in (home / "results" / "feedback" / f"{ben}.md").read_text()
    # the teacher's collection is the teacher's only
    peek = users.run_as(ana, ["cat", str(home / "handins" / "collected.csv")])
    assert peek.returncode != 0 and "Permission denied" in peek.stderr


def test_the_forgery_is_graded_as_the_forger(classroom):
    """Collected with a deadline after cy's forgery, it is cy's last on-time hand-in: graded as cy, flagged."""
    users, teacher = classroom["users"], classroom["teacher"]
    ana, ben, cy = classroom["learners"]
    home = users.home(teacher)
    collected = run_lessons(classroom, "collect", str(classroom["exchange"]), "--out", "handins-2",
                            "--deadline", DEADLINES["F"])
    assert collected.returncode == 0, collected.stderr
    graded = run_lessons(classroom, "grade", "handins-2", "--out", "results-2", "--quiz", "00", "--no-report")
    assert graded.returncode == 3, graded.stdout + graded.stderr
    book = {r["learner_id"]: r for r in csv.DictReader((home / "results-2" / "gradebook.csv").open(encoding="utf-8"))}
    # no marks: the choice question only. ana right 1; ben wrong 0; cy's forgery wrong 0 (never ana's 1 replaced)
    assert {k: (float(r["total"]), r["name"], r["identity"]) for k, r in book.items()} == {
        ana: (1, "Ana López", "account"), ben: (0, "Ben Okafor", "account"), cy: (0, "Ana López", "account")}
    problems = [r["reason"] for r in csv.DictReader((home / "results-2" / "problems.csv").open(encoding="utf-8"))]
    assert sorted(problems) == [
        f"handed in by account '{ana}' but names 'Ana López', as the file of account '{cy}' does: graded as {ana}",
        f"handed in by account '{cy}' but names 'Ana López', as the file of account '{ana}' does: graded as {cy}"]


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
