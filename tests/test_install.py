"""A non-editable install into a separate environment, run from another folder, finds the course files
(environment.yml and its pins: test_environment.py)."""
from __future__ import annotations

import subprocess

import pytest



@pytest.mark.slow
def test_wheel_installed_elsewhere_finds_course_files(installed_wheel, tmp_path):
    py, target = installed_wheel
    target = str(target)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = ("import lessons, lessons.core.paths as p, lessons.core.quizbank as qb, lessons.core.data as d;"
             "print(lessons.__file__); print(p.course_dir()); print(len(qb.load_all())); print(len(d.load_table('claims')))")
    out = subprocess.run([str(py), "-c", probe], cwd=elsewhere, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    module, course, banks, claims = out.stdout.split()
    assert module.startswith(target) and course.startswith(target)
    assert int(banks) == 8 and int(claims) >= 30


@pytest.mark.slow
def test_the_widgets_front_end_files_ship_in_the_wheel(installed_wheel, tmp_path):
    """The question widget's and file picker's JavaScript and CSS are files anywidget reads at import: the
    wheel must carry them, and a question widget built from the install holds their text."""
    py, target = installed_wheel
    notebook = target / "lessons" / "notebook"
    for name in ("question.js", "question.css", "file_picker.js", "file_picker.css", "text_submit.js", "text_submit.css",
                 "page.css"):
        assert (notebook / name).is_file(), name
    probe = ("from lessons.notebook.question_widget import QuestionWidget as Q; w = Q();"
             "print('uniqueId' in w._esm, 'lessons-choices' in w._css)")
    out = subprocess.run([str(py), "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0 and out.stdout.split() == ["True", "True"], out.stderr
