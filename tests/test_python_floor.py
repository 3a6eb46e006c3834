"""The Python the course says it needs is the Python its pins need (issue 25): README, pyproject's
requires-python and the Makefile name one floor, and every pinned distribution admits the Pythons of the
systems teachers use (Debian 12's own 3.11.2, Ubuntu 24.04's 3.12) and that floor.

Read from each pinned distribution's own metadata (Requires-Python in its METADATA, as installed here from
requirements.lock), the same field pip reads before it refuses a pin. Before the fix, soupsieve 4.1.3
(Requires-Python >=3.11.5) made `pip install -r requirements.lock` on Debian 12's Python 3.11.2 fail with
"Could not find a version that satisfies the requirement soupsieve==4.1.3".
"""
from __future__ import annotations

import importlib.metadata as metadata
import re
import tomllib

from packaging.specifiers import SpecifierSet
from packaging.version import Version

from conftest import ROOT

SYSTEM_PYTHONS = {"Debian 12": "3.11.2", "Ubuntu 24.04": "3.12.3"}
TOO_OLD = {"Ubuntu 22.04": "3.10.12"}  # below the floor: the README says so, pip refuses cleanly


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name] = version
    return pins


def _requires_python(name: str, version: str) -> SpecifierSet:
    dist = metadata.distribution(name)
    assert dist.version == version, f"{name} {dist.version} installed, {version} pinned: run make setup"
    return SpecifierSet(dist.metadata.get("Requires-Python") or "")


def _floor() -> Version:
    spec = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    (lower,) = [s for s in SpecifierSet(spec) if s.operator == ">="]
    return Version(lower.version)


def test_every_pin_installs_on_the_floor_and_on_the_system_pythons():
    floor = _floor()
    refused = {}
    for name, version in _pins().items():
        needs = _requires_python(name, version)
        for system, python in {**SYSTEM_PYTHONS, "pyproject's floor": str(floor)}.items():
            if not needs.contains(python, prereleases=True):
                refused.setdefault(f"{name}=={version} (Requires-Python {needs})", []).append(f"{system} {python}")
    assert not refused, f"pins that pip refuses on a supported Python: {refused}"


def test_the_floor_is_what_the_pins_need_and_every_file_names_it():
    floor = _floor()
    needs = [_requires_python(n, v) for n, v in _pins().items()]
    for system, python in TOO_OLD.items():  # the floor is not set higher than the pins need, nor lower
        assert not all(s.contains(python) for s in needs), f"every pin installs on {system}: lower the floor"
        assert Version(python) < floor
    assert floor == Version("3.11")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"Python 3\.11\+", readme) and "3.11.5" not in readme
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "sys.version_info >= (3, 11)" in makefile and "floor-constraints.txt" in makefile


def test_ci_prints_the_python_the_tests_ran_on():
    assert "tests run on Python" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "python3 on PATH" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
