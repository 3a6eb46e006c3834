"""A non-editable install into a separate environment, run from another folder, finds the course files
(environment.yml and its pins: test_environment.py)."""
from __future__ import annotations

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.mark.slow
def test_wheel_installed_elsewhere_finds_course_files(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(dist.glob("lessons-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    target = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", target, str(wheel)],
                   check=True, capture_output=True)
    # dependencies come from this test environment, appended after the new environment's own packages
    (Path(target) / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    probe = ("import lessons, lessons.paths as p, lessons.quizbank as qb, lessons.data as d;"
             "print(lessons.__file__); print(p.course_dir()); print(len(qb.load_all())); print(len(d.load_table('claims')))")
    out = subprocess.run([str(py), "-c", probe], cwd=elsewhere, capture_output=True, text=True,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    module, course, banks, claims = out.stdout.split()
    assert module.startswith(target) and course.startswith(target)
    assert int(banks) == 8 and int(claims) >= 30
