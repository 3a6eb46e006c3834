"""No key within a learner's reach for assessed quizzes (issue 19, finding 1).

The learner set-up the teacher guide describes is built for real: a non-editable wheel of this repository
installed into a fresh virtual environment, the release folder from ``lessons release``, and a learner's
home after answering the assessed quiz and exporting the hand-in from that environment. Then every file
the learner can read there is searched for every key value of an assessed quiz that is not also an
option text (numbers in any spelling, pairings, orders, model answers) and for every explanation.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from lessons.core.assessment import read_assessment
from lessons.core.quizbank import load_all

LEARNER_WORK = r"""
import json, sys
from lessons.core.learner_ids import save_current
from lessons.core.paths import course_dir
from lessons.core.quizbank import find_bank
from lessons.notebook.quiz_view import QuizView
from lessons.notebook.responses import ResponseStore

quizzes, wrong = json.loads(sys.argv[1]), json.loads(sys.argv[2])
save_current("Ana Learner")
store = ResponseStore("Ana Learner")
for lesson in quizzes:
    bank = find_bank(lesson)
    QuizView(bank, store, "assessment")  # the quiz as drawn in the notebook
    for q in bank.questions:              # answers a learner might leave (none of them the key)
        answer = wrong[f"{bank.quiz}/{q.id}"]
        store.record(bank.answers_id, q.id, answer)
    print(bank.quiz, bank.mode, bank.answers_id, course_dir())
"""


def tokens(text: str) -> str:
    """Lower-case words and digits separated by single spaces, padded: quotes, YAML/JSON punctuation and
    line folding cannot hide a needle."""
    return " " + " ".join(re.findall(r"[0-9a-z]+", text.casefold())) + " "


def readable_text(path: Path) -> str:
    """A file's text as a learner's kernel could read it, plus the strings inside it if it is YAML/JSON."""
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="ignore")
    strings: list[str] = []
    try:
        data = json.loads(text) if path.suffix in (".json", ".ipynb") else (
            yaml.safe_load(text) if path.suffix in (".yaml", ".yml") else None)
    except (ValueError, yaml.YAMLError):
        data = None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, dict):  # pushed in reverse, so strings come out in the file's order
            for key, value in reversed(item.items()):
                stack += [value, key]
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return tokens(text + "\n" + "\n".join(strings))


def number_forms(value: float) -> list[str]:
    """2700 -> '2700', '2 700' (also how '2,700', '2.700' and '2 700' tokenise)."""
    whole = f"{value:g}"
    forms = [whole]
    if float(value).is_integer() and abs(value) >= 1000:
        forms.append(f"{int(value):,}".replace(",", " "))
    return [f" {f} " for f in forms]


def needles(banks) -> dict[str, list[str]]:
    """For each assessed question: the token forms of its key values (not option texts) and explanation."""
    out: dict[str, list[str]] = {}
    for bank in banks:
        for q in bank.questions:
            found = [tokens(q.explanation)]
            if q.model_answer:
                found.append(tokens(q.model_answer))
            if q.kind == "number":
                found += number_forms(float(q.answer))
            if q.kind in ("match", "classify"):
                text = q.item_text
                for item, category in q.answer.items():
                    found += [tokens(f"{item}: {category}"), tokens(f"{text[item]} → {category}")]
            if q.kind == "order":
                found += [tokens(" ".join(q.answer)), tokens(" ".join(q.item_text[i] for i in q.answer))]
            if q.kind in ("single", "multiple"):
                keys = [q.answer] if q.kind == "single" else list(q.answer)
                found += [tokens(k) for k in keys if k not in q.options]  # none today: every key is an option
            out[f"{bank.quiz}/{q.id}"] = [n for n in found if n.strip()]
    return out


def wrong_answers(banks) -> dict:
    """An answer to each question that is not the key (the learner's own answers are not a leak)."""
    out = {}
    for bank in banks:
        for q in bank.questions:
            if q.kind in ("match", "classify"):
                answer = {i: next(c for c in q.categories if c != q.answer[i]) for i, _ in q.items}
            elif q.kind == "order":
                answer = list(reversed(q.answer))
            else:
                answer = {"single": next((o for o in q.options if o != q.answer), None),
                          "multiple": [o for o in q.options if o not in (q.answer or ())][:1],
                          "truefalse": not q.answer, "number": "1 234", "text": "My argument cites e26."}[q.kind]
            out[f"{bank.quiz}/{q.id}"] = answer
    return out


def learner_files(*folders: Path) -> list[Path]:
    """Every regular file under the folders (symbolic links, e.g. bin/python, are not followed)."""
    files = []
    for folder in folders:
        files += [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return files


@pytest.mark.slow
def test_nothing_a_learner_can_read_holds_an_assessed_key(installed_wheel, tmp_path):
    assessment = read_assessment(ROOT / "course")
    assert assessment is not None, "course.yaml names the assessed quizzes"
    banks = [b for b in load_all(ROOT / "course" / "quizzes") if assessment.covers(b.quiz, b.lesson)]
    assert banks and not any(b.released for b in banks)
    wanted = needles(banks)
    # the search is able to find every needle: each is in the teacher's full bank
    teacher = "".join(readable_text(b.path) for b in banks)
    assert all(any(n in teacher for n in forms) for forms in wanted.values())

    # the learner set-up: wheel (not editable) in a fresh environment, the release folder, a home
    py, target = installed_wheel
    venv = py.parent.parent
    release = tmp_path / "release"
    made = subprocess.run([sys.executable, "-m", "lessons", "release", "--assessment", str(release)],
                          cwd=ROOT, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(home)}
    lessons_json, wrong_json = json.dumps(list(assessment.quizzes)), json.dumps(wrong_answers(banks))
    for cwd in (release / "notebooks", home):  # the released notebooks, and the installed package alone
        work = subprocess.run([str(py), "-c", LEARNER_WORK, lessons_json, wrong_json], cwd=cwd, env=env,
                              capture_output=True, text=True)
        assert work.returncode == 0, work.stderr
        for line in work.stdout.splitlines():
            quiz, mode, answers_id, course = line.split()
            assert mode == "assessment" and answers_id == f"{quiz}@{assessment.id}"
            assert course.startswith(str(release if cwd != home else Path(target)))
    export = subprocess.run([str(py), "-m", "lessons", "export", "--out", str(home / "answers.json")],
                            cwd=home, env=env, capture_output=True, text=True)
    assert export.returncode == 0, export.stderr

    files = learner_files(venv, release, home)
    assert len(files) > 100 and any(f.name == "answers.json" for f in files)
    assert any(f.match("lessons/course/quizzes/*.yaml") for f in files)
    leaks = []
    for path in files:
        text = readable_text(path)
        for where, forms in wanted.items():
            leaks += [f"{path}: {where}: {n.strip()!r}" for n in forms if n in text]
    assert not leaks, "\n".join(leaks)
    print(f"searched {len(files)} files for {sum(map(len, wanted.values()))} values of "
          f"{len(wanted)} assessed questions: no key found")


# What a learner's assessed bank may hold: what the quiz view draws and nothing derived from the key
# (issue 24: the released bank kept 'tolerance: 200' for a number question, which narrows the answer).
LEARNER_QUESTION_FIELDS = {"id", "kind", "prompt", "points", "options", "items", "categories", "unit", "rubric",
                           "min_words", "in_lesson", "shuffle"}


def test_released_assessed_bank_holds_only_what_the_learner_needs(tmp_path):
    from lessons.core.assessment import write_learner_course
    from lessons.core.quizbank import load_bank

    assessed = write_learner_course(ROOT / "course", tmp_path / "course")
    assert assessed, "course.yaml assesses at least one quiz"
    checked = 0
    for path in sorted((tmp_path / "course" / "quizzes").glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if str(raw["quiz"]) not in assessed:
            continue
        for q in raw["questions"]:
            extra = set(q) - LEARNER_QUESTION_FIELDS
            assert not extra, f"{path.name}: {q['id']} keeps {sorted(extra)}"
            checked += 1
        bank = load_bank(path)  # and it still reads as a released bank the quiz view can draw
        assert bank.released and all(q.answer is None for q in bank.questions)
    assert checked >= 5
