"""The answers file has one owner (lessons.core.answers_file): the learner's store and the grader both use
it and neither imports the other; an optional field is a one-place change; views get what they need
as return values."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lessons.core import answers_file
from lessons.teacher.grading import GradeRequest, grade
from lessons.notebook.quiz_view import QuizView
from lessons.core.quizbank import find_bank
from lessons.notebook.responses import ResponseStore

V1_REQUIRED = ["format", "schema_version", "course", "package_version", "learner", "quizzes"]


def modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    return set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split())


def test_the_store_and_the_grader_do_not_depend_on_each_other():
    grader = modules_after("import lessons.teacher.grading")
    assert "lessons.core.answers_file" in grader
    assert not {"lessons.notebook.responses", "lessons.notebook.export", "lessons.notebook.answers_box"} & grader
    store = modules_after("import lessons.notebook.responses")
    assert "lessons.core.answers_file" in store
    assert not {"lessons.teacher.grading", "lessons.core.quizbank"} & store


def test_every_optional_field_is_described_and_merges_by_a_known_rule():
    schema = json.loads(answers_file.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema["required"] == V1_REQUIRED  # files written by earlier versions stay valid
    for name, spec in schema["properties"].items():
        assert spec.get("description") or name in V1_REQUIRED, f"describe the optional field {name!r}"
        assert spec.get("x-merge", "entries") in ("entries", "keep"), name


def test_adding_an_optional_field_is_one_change(tmp_path, monkeypatch, isolated_answers):
    """A new field added to the schema only is valid, read, kept, and merged newest-entry-wins."""
    schema = json.loads(answers_file.SCHEMA_PATH.read_text(encoding="utf-8"))
    schema["properties"]["badges"] = {"description": "test-only", "x-merge": "entries", "type": "object",
                                      "additionalProperties": {"type": "object", "required": ["last_at"]}}
    path = tmp_path / "answers-file.schema.json"
    path.write_text(json.dumps(schema), encoding="utf-8")
    monkeypatch.setattr(answers_file, "SCHEMA_PATH", path)
    answers_file._schema.cache_clear()
    answers_file._validator.cache_clear()
    try:
        store = ResponseStore("Ana")
        store.record("01-agreement", "a01-what-ends", "x", when="2026-01-01T00:00:00.000+00:00")
        doc = json.loads(store.export_bytes())
        doc["badges"] = {"reader": {"last_at": "2026-02-01T00:00:00.000+00:00"}}
        assert answers_file.parse(json.dumps(doc).encode(), "with badges")["badges"]["reader"]
        doc["badges"] = {"reader": 3}
        with pytest.raises(answers_file.AnswersFileError, match="badges"):
            answers_file.parse(json.dumps(doc).encode(), "bad badges")
        doc["badges"] = {"reader": {"last_at": "2026-02-01T00:00:00.000+00:00"}}
        assert store.merge(doc) == 1 and store.load()["badges"]["reader"]["last_at"].startswith("2026-02")
        older = {**doc, "badges": {"reader": {"last_at": "2025-01-01T00:00:00.000+00:00"}}}
        assert store.merge(older) == 0 and store.load()["badges"]["reader"]["last_at"].startswith("2026-02")
    finally:
        answers_file._schema.cache_clear()
        answers_file._validator.cache_clear()


def test_views_get_the_notice_and_the_saved_document_as_return_values(isolated_answers):
    store = ResponseStore("Ana")
    assert not hasattr(store, "notice") and not hasattr(store, "last_written")
    store.record("q", "a", 1)
    store.path.write_bytes(b"{damaged")
    view = QuizView(find_bank("01"), ResponseStore("Ana"), "practice")
    assert "could not be read" in view.notice.value  # the view showed the notice it was given


def test_every_download_link_of_a_learner_follows_each_save(isolated_answers):
    import base64

    def linked(view) -> dict:
        return json.loads(base64.b64decode(view.download.link.widget.value.split("base64,")[1].split("'")[0]))

    one = QuizView(find_bank("01"), ResponseStore("Ana"), "practice")
    two = QuizView(find_bank("02"), ResponseStore("Ana"), "practice")
    box = next(c for c in one.box.children if "lessons-q-a01-what-ends" in c._dom_classes)
    box.answer = ["The US combat mission in Iraq"]
    box.click()
    assert linked(two)["quizzes"]["01-agreement"]["a01-what-ends"]["attempts"] == 1
    other = QuizView(find_bank("01"), ResponseStore("Ben"), "practice")
    assert "01-agreement" not in linked(other)["quizzes"]  # another learner's links are left alone


def test_the_grader_reads_what_the_store_writes(isolated_answers):
    store = ResponseStore("Ana")
    store.record("01-agreement", "a01-what-ends", "The US combat mission in Iraq")
    book = grade(GradeRequest([store.path], [find_bank("01")]))
    assert book.problems == () and book.results[0].total == 1
