"""Any learner's name: every script accepted and kept as written, a safe file id, no two names sharing
a file, "Is this you?" when an id's file holds another display name, files of older ids still read."""
from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.core.learner_ids import (LearnerIdError, current, display_name, file_owner, learner_id, name_key,
                             save_current)
from lessons.notebook.responses import ResponseStore

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")  # the answers file's schema for learner.id
NAMES = {
    "Arabic": "مايا حداد",
    "Persian": "مریم رضایی",  # with a Persian yeh
    "Kurdish (Sorani)": "ئاڤێستا کەریم",
    "Chinese": "李明",
    "accented Latin": "Ana López",
    "emoji": "😀 Maya Haddad",
    "Persian with a zero-width non-joiner": "می‌خواهم نام",
}


@pytest.mark.parametrize("script", list(NAMES))
def test_names_in_every_script_are_accepted_kept_as_written_and_saved(script, isolated_answers):
    name = NAMES[script]
    ident = save_current(f"  {name} ")
    assert ID_PATTERN.match(ident), ident
    assert current() == (name, ident)  # shown as written
    store = ResponseStore(name)
    store.record("01-agreement", "a01-what-ends", "x")
    doc = json.loads(store.path.read_text(encoding="utf-8"))
    assert doc["learner"] == {"id": ident, "name": name}
    assert store.path.parent == isolated_answers and store.path.name == f"{ident}.json"


def test_readable_transliteration_where_one_exists():
    # Arabic letters spelled with their long vowels (issue 24: 'ليلى حداد' got 'lyla-hdd--w3kcxwrrcz')
    assert learner_id("ليلى حداد") == "lila-hdad--w3kcxwrrcz"  # ل l, ي i, ل l, ى a; ح h, د d, ا a, د d
    assert learner_id("مايا حداد").startswith("maya-hdad--")  # ي beside a vowel is the consonant y
    assert learner_id("يوسف داود").startswith("yusf-dawd--")  # word-initial ي is y; و after a consonant is u
    assert learner_id("محمد علي").startswith("mhmd-ali--")  # ع is written a; the last ي after l is i
    assert learner_id("李明").startswith("liming--")
    assert learner_id("Ana López").startswith("ana-lopez--")
    assert learner_id("Maya Haddad") == "maya-haddad"  # plain names keep the id they always had


def test_names_that_used_to_share_a_file_no_longer_do():
    """Finding 4: '😀 Maya Haddad' and 'Maya Haddad', 'Ana López' and 'Ana Lopez' wrote into one file."""
    assert learner_id("😀 Maya Haddad") != learner_id("Maya Haddad")
    assert learner_id("Ana López") != learner_id("Ana Lopez")
    assert len({learner_id(n) for n in NAMES.values()}) == len(NAMES)


def test_case_and_spacing_are_the_same_name():
    assert learner_id("ana  LOPEZ") == learner_id("Ana Lopez") == learner_id("Ana-Lopez")
    assert learner_id("Ana López") == learner_id(" ana lópez ")


def test_is_this_you_when_the_ids_file_has_another_display_name(isolated_answers):
    ResponseStore("Ana Lopez").record("01-agreement", "a01-what-ends", "x")
    assert file_owner("Ana Lopez") is None  # the same display name: no question
    assert file_owner("ana lopez") == "Ana Lopez"  # same id, different display name: ask first
    assert file_owner("Ana López") is None  # a different id: a different file, nothing to ask


def test_file_saved_under_an_older_id_is_taken_over_by_its_owner_only(isolated_answers):
    isolated_answers.mkdir(parents=True)
    old = {"format": "lessons-submission", "schema_version": 1, "course": "us-iraq-2021", "package_version": "0.1.0",
           "learner": {"id": "ana-lopez", "name": "Ana López"},
           "quizzes": {"01-agreement": {"a01-what-ends": {"answer": "x", "attempts": 1}}}}
    (isolated_answers / "ana-lopez.json").write_text(json.dumps(old), encoding="utf-8")
    store = ResponseStore("Ana López")
    assert store.entries("01-agreement")["a01-what-ends"]["answer"] == "x"
    assert not (isolated_answers / "ana-lopez.json").exists()
    # someone else's file under an older id is left alone
    old["learner"] = {"id": "maya-haddad", "name": "Maya Haddad"}
    (isolated_answers / "maya-haddad.json").write_text(json.dumps(old), encoding="utf-8")
    assert ResponseStore("😀 Maya Haddad").entries("01-agreement") == {}
    assert (isolated_answers / "maya-haddad.json").exists()


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_any_text_gives_an_id_or_a_clear_message_never_anything_else(name):
    try:
        ident = learner_id(name)
    except LearnerIdError as exc:
        assert str(exc).endswith(".") and len(str(exc)) > 20
        return
    assert ID_PATTERN.match(ident), ident
    assert "/" not in ident and not ident.startswith(".")
    assert display_name(name) == name.strip()


names = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40)


@settings(max_examples=400, deadline=None)
@given(names, names)
def test_distinct_names_get_distinct_ids(a, b):
    try:
        key_a, key_b = name_key(a), name_key(b)
    except LearnerIdError:
        return
    assert (learner_id(a) == learner_id(b)) == (key_a == key_b)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(list(NAMES.values())), st.text(max_size=6))
def test_names_in_other_scripts_with_anything_added_stay_distinct(base, extra):
    other = base + extra
    try:
        same = name_key(base) == name_key(other)
    except LearnerIdError:
        return
    assert (learner_id(base) == learner_id(other)) == same


def test_name_box_asks_is_this_you_before_writing_into_someone_elses_file(isolated_answers):
    from lessons.notebook.name_step import forget_page
    from lessons.notebook.name_box import name_box

    forget_page()
    ResponseStore("Ana Lopez").record("01-agreement", "a01-what-ends", "x")
    box = name_box()
    text = box.children[1]  # the text box whose Save click carries the text on screen
    save = text.submit
    status, confirm = box.children[2], box.children[3]
    text.value = "ana lopez"
    save()
    assert "Is this you?" in status.value and "Ana Lopez" in status.value
    assert current() is None  # nothing saved before the answer
    no = confirm.children[1]
    no.click()
    assert current() is None and "Nothing was saved" in status.value
    text.value = "مايا حداد"  # a different name: saved at once, shown as written
    save()
    assert current() == ("مايا حداد", learner_id("مايا حداد")) and "<bdi>مايا حداد</bdi>" in status.value
    forget_page()


def test_a_file_saved_under_the_id_before_arabic_spelling_is_taken_over(isolated_answers):
    isolated_answers.mkdir(parents=True)
    name = "ليلى حداد"
    old = {"format": "lessons-submission", "schema_version": 1, "course": "us-iraq-2021", "package_version": "0.1.0",
           "learner": {"id": "lyla-hdd--w3kcxwrrcz", "name": name},
           "quizzes": {"01-agreement": {"a01-what-ends": {"answer": "x", "attempts": 1}}}}
    (isolated_answers / "lyla-hdd--w3kcxwrrcz.json").write_text(json.dumps(old), encoding="utf-8")
    store = ResponseStore(name)
    assert store.path.name == "lila-hdad--w3kcxwrrcz.json"
    assert store.entries("01-agreement")["a01-what-ends"]["answer"] == "x"
    assert not (isolated_answers / "lyla-hdd--w3kcxwrrcz.json").exists()


def test_the_id_is_shown_beside_the_name(isolated_answers):
    from lessons.core.quizbank import find_bank
    from lessons.notebook.name_box import name_box
    from lessons.notebook.quiz_view import QuizView

    name = "ليلى حداد"
    save_current(name)
    header = QuizView(find_bank("01"), ResponseStore(name), "practice").box.children[0].value
    assert name in header and "lila-hdad--w3kcxwrrcz" in header
    status = next(c for c in name_box().children if "lessons-name-status" in c._dom_classes)
    assert name in status.value and "lila-hdad--w3kcxwrrcz" in status.value


def test_a_quiz_that_asks_for_a_name_also_loads_an_answers_file(isolated_answers, monkeypatch):
    """Issue 24: on a fresh Binder a lesson's quiz asked only for a name; 'Load answers' was in lesson 00 only."""
    import base64

    from lessons.notebook import quiz_view
    from lessons.notebook.name_step import forget_page

    forget_page()
    shown: list = []
    monkeypatch.setattr(quiz_view, "display", shown.append)
    quiz_view.show_quiz("03")
    holder = shown[0]
    assert [c for c in holder.children if "lessons-name" in c._dom_classes]
    area = next(c for c in holder.children if "lessons-handin" in c._dom_classes)
    upload = area.children[0].children[1]
    assert "lessons-upload" in upload._dom_classes and upload.label == "Load answers from a file"
    # loading a file made on another computer names the learner and draws the quiz with their answers
    made = ResponseStore("Ana Lopez", folder=isolated_answers / "elsewhere")
    made.record("03-voices", "v03-roles", {"x": "y"})
    upload.picked = {"name": "ana.json", "content": base64.b64encode(made.export_bytes()).decode(), "at": 1}
    assert current() == ("Ana Lopez", "ana-lopez")
    assert [c for c in holder.children if "lessons-quiz" in c._dom_classes]
    forget_page()


def test_the_name_saved_is_the_one_the_save_click_carries(isolated_answers):
    """The page sends the text on screen with the click: a value still on its way to the kernel is not used."""
    from lessons.notebook.name_step import forget_page
    from lessons.notebook.name_box import name_box

    forget_page()
    text = name_box().children[1]
    text.value = "Ana"  # what the kernel last heard while the learner typed on
    text._on_front_end(text, {"event": "submit", "value": "Ana Lopez"}, [])
    assert current() == ("Ana Lopez", "ana-lopez")
    for odd in (None, 3, [], {"event": "submit"}, {"event": "submit", "value": 7}, {"event": "other", "value": "X"}):
        text._on_front_end(text, odd, [])  # anything else the page might send does nothing
    assert current() == ("Ana Lopez", "ana-lopez")
    forget_page()
