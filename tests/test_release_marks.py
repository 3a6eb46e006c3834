"""Release is driven by cell metadata, never by a lesson's words (as nbgrader reads ``metadata.nbgrader``).

``metadata.lessons.quiz`` marks a cell that shows a quiz; ``metadata.lessons.role`` marks a recap, the practice
note and the practice quiz (see ``lessons.teacher.release.ROLES``). Rewording every sentence of every lesson must
leave a release the same, cell for cell."""
from __future__ import annotations

import json
import re
import shutil

import nbformat
from hypothesis import given
from hypothesis import strategies as st

from conftest import ROOT
from lessons.teacher.release import QUIZ_NOTE, cell_marks, write_release

QUIZ_CALL = re.compile(r"""show_quiz\(\s*["'](\d\d)["']""")
NOTEBOOK_FOLDERS = [ROOT / "notebooks", ROOT / "tests" / "fixtures" / "second-course" / "notebooks"]


def reworded(text: str) -> str:
    """Every word spelt backwards: no sentence, heading or marker of the lesson is left as it was."""
    return re.sub(r"[^\W\d_]{2,}", lambda m: m.group(0)[::-1], text)


def released_copy(tmp_path, monkeypatch, quizzes: str) -> tuple[dict, dict]:
    """Release a copy of the course whose markdown is reworded; the source and released notebooks by name."""
    shutil.copytree(ROOT / "course", tmp_path / "course")
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    yaml_path = tmp_path / "course" / "course.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace('quizzes: ["07"]', quizzes), encoding="utf-8")
    source = {}
    for path in sorted((tmp_path / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = reworded(cell.source)
        nbformat.write(nb, path)
        source[path.name] = nb
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(tmp_path / "course"))
    assert write_release(tmp_path / "release") == 0
    released = {p.name: nbformat.read(p, as_version=4) for p in sorted((tmp_path / "release" / "notebooks").glob("*.ipynb"))}
    return source, released


def test_rewording_every_sentence_cannot_change_a_release(tmp_path, monkeypatch, capsys):
    source, released = released_copy(tmp_path, monkeypatch, 'quizzes: ["01", "07"]')
    assert "warning" not in capsys.readouterr().err
    assert "Nothing here counts" not in json.dumps([c.source for nb in source.values() for c in nb.cells])  # reworded
    added = {name: [c.source for c in nb.cells if c.id not in {s.id for s in source[name].cells}]
             for name, nb in released.items()}
    gone = {name: [c for c in nb.cells if c.id not in {r.id for r in released[name].cells}] for name, nb in source.items()}
    # 00: the list of graded quizzes above the practice quiz, the practice note out (its 1 cell)
    assert [s.split("\n")[0] for s in added["00-start-here.ipynb"]] == ["## Graded work in this copy"]
    assert [cell_marks(c) for c in gone["00-start-here.ipynb"]] == [(None, "practice-note")]
    # 01 shows its quiz in 3 cells (a check-in, the close reading, the quiz), 07 in 2: a note above each; each
    # loses its recap, which comes after its quiz
    assert added["01-agreement.ipynb"] == [QUIZ_NOTE] * 3 and added["07-workshop.ipynb"] == [QUIZ_NOTE] * 2
    assert [cell_marks(c) for c in gone["01-agreement.ipynb"]] == [(None, "recap")] == \
        [cell_marks(c) for c in gone["07-workshop.ipynb"]]
    for name in ("00-index.ipynb", "02-timeline.ipynb", "03-voices.ipynb", "04-claims.ipynb", "05-analogies.ipynb",
                 "06-what-next.ipynb"):
        assert [c.source for c in released[name].cells] == [c.source for c in source[name].cells], name
    for name, nb in released.items():  # every note sits right above the cell it is about
        for above, cell in zip(nb.cells, nb.cells[1:]):
            if above.source == QUIZ_NOTE:
                assert cell_marks(cell)[0] in ("01", "07"), name
            if above.source.startswith("## Graded work in this copy"):
                assert cell_marks(cell) == (None, "practice-quiz"), name
        nbformat.validate(nb)


def test_every_quiz_cell_and_recap_is_marked():
    """The marks release reads are on the cells they describe: a cell that calls show_quiz("NN") is marked as
    showing quiz NN (and no other cell is), every 'Key points' recap is marked, and the start notebook's practice
    quiz and practice note are."""
    roles = []
    for folder in NOTEBOOK_FOLDERS:
        for path in sorted(folder.glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                call = QUIZ_CALL.search(cell.source) if cell.cell_type == "code" else None
                quiz, role = cell_marks(cell)
                assert quiz == (call.group(1) if call else None), (path.name, cell.id)
                assert (role == "recap") == cell.source.startswith("## Key points"), (path.name, cell.id)
                roles.append((path.name, role))
    assert roles.count(("00-start-here.ipynb", "practice-quiz")) == 1
    assert roles.count(("00-start-here.ipynb", "practice-note")) == 1


def test_a_release_says_what_no_cell_is_marked_for(tmp_path, monkeypatch, capsys):
    """The second course marks its quiz cells but has no practice quiz: the release says the graded quizzes are
    listed nowhere; with the quiz cell's mark gone, it says that quiz gets no note."""
    second = ROOT / "tests" / "fixtures" / "second-course"
    shutil.copytree(second, tmp_path / "second")
    path = tmp_path / "second" / "notebooks" / "02-table.ipynb"
    monkeypatch.setenv("LESSONS_COURSE_DIR", str(tmp_path / "second" / "course"))
    assert write_release(tmp_path / "release") == 0
    err = capsys.readouterr().err
    assert "no notebook lists the graded quizzes" in err and "showing quiz 02" not in err
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("lessons", None)
    nbformat.write(nb, path)
    assert write_release(tmp_path / "release", force=True) == 0
    assert "no notebook cell is marked as showing quiz 02" in capsys.readouterr().err


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
                           max_leaves=10)


@given(st.one_of(json_values, st.dictionaries(st.sampled_from(["quiz", "role", "x"]), json_values, max_size=3)))
def test_reading_the_marks_of_any_cell_never_raises(marks):
    quiz, role = cell_marks({"cell_type": "markdown", "metadata": {"lessons": marks}, "source": ""})
    assert quiz is None or isinstance(quiz, str)
    assert role in (None, "recap", "practice-note", "practice-quiz")


def test_release_writes_only_into_an_empty_folder_or_over_its_own(tmp_path, capsys):
    """A folder holding anything else is refused and left as it was; an earlier release is replaced with --force only."""
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert write_release(other) == 2
    assert "is not an earlier release; choose an empty folder" in capsys.readouterr().err
    assert [p.name for p in other.iterdir()] == ["notes.txt"]
    out = tmp_path / "release"
    assert write_release(out) == 0
    capsys.readouterr()
    assert write_release(out) == 2
    assert "holds an earlier release; add --force to replace it" in capsys.readouterr().err
    assert write_release(out, force=True) == 0
