"""The teacher tools run in this process through ``lessons.cli.main`` (a subprocess would add nothing here):
check, key, release and grade, each with its refusals, so that coverage sees them."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from lessons.cli import main
from lessons.core.paths import course_dir
from lessons.core.quizbank import load_all

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "pinned-course"


def test_no_command_prints_the_help(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "grade" in out and "check" in out and "release" in out


def test_check_passes_on_the_course_and_prints_coverage(capsys):
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    banks = load_all()
    assert f"{len(banks)} quiz banks" in out and "objective" in out
    assert main(["check", "--quiet"]) == 0
    assert capsys.readouterr().out == ""


@pytest.fixture
def broken_course(tmp_path, monkeypatch) -> Path:
    """A copy of the course whose first bank has an answer that is not one of its options."""
    copy = tmp_path / "course"
    shutil.copytree(course_dir(), copy)
    bank_path = sorted((copy / "quizzes").glob("*.yaml"))[1]
    data = yaml.safe_load(bank_path.read_text(encoding="utf-8"))
    single = next(q for q in data["questions"] if q["kind"] == "single")
    single["answer"] = "An option nobody wrote"
    bank_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(copy))
    return copy


def test_check_names_the_file_question_and_field_of_a_broken_bank(broken_course, capsys):
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert "field 'answer'" in err and "is not one of the options" in err and ".yaml" in err


def test_grade_refuses_a_broken_key_and_a_learner_copy(broken_course, tmp_path, capsys):
    handins = FIXTURE / "handins"
    assert main(["grade", str(handins), "--out", str(tmp_path / "out")]) == 2
    assert "the answer key has problems" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_key_writes_keys_and_handouts_in_both_formats(tmp_path, capsys):
    banks = load_all()
    assert main(["key", "--out", str(tmp_path / "md")]) == 0
    written = sorted(p.name for p in (tmp_path / "md").iterdir())
    assert len(written) == 2 * len(banks) and f"key-{banks[0].path.stem}.md" in written
    assert main(["key", "--out", str(tmp_path / "html"), "--format", "html", "--no-handouts"]) == 0
    pages = list((tmp_path / "html").glob("*.html"))
    assert len(pages) == len(banks) and all(p.name.startswith("key-") for p in pages)
    assert "<html" in pages[0].read_text(encoding="utf-8")


def test_release_writes_refuses_and_replaces(tmp_path, capsys):
    out = tmp_path / "release"
    assert main(["release", str(out)]) == 2  # which copy? --assessment is required
    assert "--assessment" in capsys.readouterr().err
    assert main(["release", str(out), "--assessment"]) == 0
    assert (out / "notebooks").is_dir() and list((out / "course" / "quizzes").glob("*.yaml"))
    assert main(["release", str(out), "--assessment"]) == 2
    assert "--force" in capsys.readouterr().err
    assert main(["release", str(out), "--assessment", "--force"]) == 0
    other = tmp_path / "other"
    other.mkdir()
    (other / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["release", str(other), "--assessment"]) == 2
    assert (other / "keep.txt").read_text(encoding="utf-8") == "mine"  # nothing of the teacher's is touched
    # the learner copy is no key for the graded quiz: grading it from the copy is refused (practice quizzes, whose
    # answers the copy keeps, still grade: tests/test_graded_round.py)
    for which in (["--assessment"], ["--quiz", "07"]):
        assert main(["grade", str(FIXTURE / "handins"), "--out", str(tmp_path / "g"),
                     "--key", str(out / "course" / "quizzes"), *which]) == 2


def test_grade_quiz_choice_and_assessment_refusals(tmp_path, capsys):
    key = FIXTURE / "quizzes"
    out = tmp_path / "out"
    assert main(["grade", str(FIXTURE / "handins"), "--key", str(key), "--out", str(out), "--quiz", "99"]) == 2
    assert "no quiz matches" in capsys.readouterr().err
    assert main(["grade", str(FIXTURE / "handins"), "--key", str(key), "--out", str(out), "--assessment"]) == 2
    assert "names no assessed quiz" in capsys.readouterr().err
    status = main(["grade", str(FIXTURE / "handins"), "--key", str(key), "--out", str(out), "--quiz", "91",
                   "--policy", "best", "--no-report"])
    assert status == 0
    gradebook = (out / "gradebook.csv").read_text(encoding="utf-8")
    assert "pinned-a" in gradebook and "pinned-b" not in gradebook


def test_a_missing_path_is_a_problem_line(tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["grade", str(FIXTURE / "handins"), str(tmp_path / "nowhere.json"), "--key",
                   str(FIXTURE / "quizzes"), "--out", str(out), "--no-report"])
    assert status == 3
    assert "no such file or folder" in (out / "problems.csv").read_text(encoding="utf-8")


def _course_copy(tmp_path: Path, monkeypatch, change) -> Path:
    copy = tmp_path / "course-copy"
    shutil.copytree(course_dir(), copy)
    meta = yaml.safe_load((copy / "course.yaml").read_text(encoding="utf-8"))
    change(meta)
    (copy / "course.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(copy))
    return copy


def test_release_needs_an_assessment_and_the_full_banks(tmp_path, monkeypatch, capsys):
    _course_copy(tmp_path, monkeypatch, lambda meta: meta.pop("assessment", None))
    assert main(["release", str(tmp_path / "r1"), "--assessment"]) == 2
    assert "names no assessed quiz" in capsys.readouterr().err
    monkeypatch.delenv("LESSONS_COURSE_DIR")
    assert main(["release", str(tmp_path / "r2"), "--assessment"]) == 0
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(tmp_path / "r2" / "course"))  # a learner copy as the source
    assert main(["release", str(tmp_path / "r3"), "--assessment"]) == 2
    assert "already a learner copy" in capsys.readouterr().err
    assert not (tmp_path / "r3").exists()


def test_export_writes_the_learners_answers_file(tmp_path, capsys):
    from lessons.notebook.responses import ResponseStore

    assert main(["export", "--learner", "Nobody Yet", "--out", str(tmp_path / "x.json")]) == 1
    ResponseStore("Ada Lovelace").record("pinned-a", "s1", "Green")
    out = tmp_path / "ada.json"
    assert main(["export", "--learner", "Ada Lovelace", "--out", str(out)]) == 0
    status = main(["grade", str(out), "--key", str(FIXTURE / "quizzes"), "--out", str(tmp_path / "g"),
                   "--no-report", "--policy", "last"])
    capsys.readouterr()
    # exported answers files carry the running course's id; the fixture key is another course
    assert status == 3
    assert "field 'course'" in (tmp_path / "g" / "problems.csv").read_text(encoding="utf-8")


def test_guide_lists_and_shows_the_guides(capsys):
    assert main(["guide"]) == 0
    listing = capsys.readouterr().out
    assert "teacher-guide" in listing
    assert main(["guide", "--show", "teacher-guide"]) == 0
    assert "Grading" in capsys.readouterr().out
