"""Binder and hub images build what the tests ran with: environment.yml names a Python version the way
repo2docker reads it, and its pins (and requirements.lock's) equal the versions installed here."""
from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
import tomllib

import yaml
from packaging.requirements import Requirement

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import pins  # noqa: E402  (tools/pins.py, the 'make pins' command)

# repo2docker's rule, reproduced from jupyterhub/repo2docker, repo2docker/buildpacks/conda/__init__.py
# (commit 808ae6bb888511b5464d9405abcef8f26e38bd1b): PYTHON_REGEX and CondaBuildPack.python_version.
PYTHON_REGEX = re.compile(r"python\s*=+\s*([\d\.]*)")
MAJOR_PYTHONS = {"2": "2.7", "3": "3.10"}
# Python versions that repo2docker at that commit ships a frozen base environment for (environment.py-X.Y-linux-64.lock)
REPO2DOCKER_PYTHONS = {"3.7", "3.8", "3.9", "3.10", "3.11", "3.12", "3.13", "3.14"}


def repo2docker_python_version(env: dict) -> str | None:
    """The 'x.y' repo2docker builds for this environment.yml, or None where it warns 'Python version
    unspecified' and falls back to its default (then conda must change Python in place)."""
    py_version = None
    for dep in env.get("dependencies", []):
        if not isinstance(dep, str):
            continue
        match = PYTHON_REGEX.match(dep)
        if not match:
            continue
        py_version = match.group(1)
        break
    if not py_version:
        return None
    parts = py_version.split(".")
    return MAJOR_PYTHONS[parts[0]] if len(parts) == 1 else ".".join(parts[:2])


def _environment() -> dict:
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def _pip_pins(env: dict) -> dict[str, str]:
    section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    out = {}
    for line in section:
        req = Requirement(line)
        (spec,) = req.specifier
        assert spec.operator == "==", f"environment.yml: {line} is not an exact pin"
        out[pins.canonical(req.name)] = spec.version
    return out


def test_repo2docker_reads_python_3_12_from_environment_yml():
    assert repo2docker_python_version(_environment()) == "3.12"
    assert "3.12" in REPO2DOCKER_PYTHONS
    # the rule is strict: the forms it ignores are the ones that built the wrong Python before
    for ignored in ("python>=3.11", "python >=3.12", "python"):
        assert repo2docker_python_version({"dependencies": [ignored, "pip"]}) is None, ignored
    assert repo2docker_python_version({"dependencies": ["python=3.12.4"]}) == "3.12"
    assert repo2docker_python_version({"dependencies": ["python==3"]}) == "3.10"


def test_pins_equal_the_installed_versions():
    installed = pins.runtime_closure()
    env_pins = _pip_pins(_environment())
    lock = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            lock[pins.canonical(name)] = version
    # the lock holds environment.yml's pins and, besides them, only the static checkers 'make lint' runs
    assert lock == {**pins.checker_closure(), **env_pins}, "environment.yml and requirements.lock disagree; run: make pins"
    differ = {n: (env_pins.get(n), v) for n, v in installed.items() if env_pins.get(n) != v}
    extra = sorted(set(env_pins) - set(installed))
    assert not differ and not extra, f"pinned vs installed {differ}, pinned but not needed {extra}; run: make pins"
    assert pins.main(["--check"]) == 0


def test_the_static_checkers_come_with_the_test_extra_pinned_in_the_lock():
    """mypy and ruff report 0 in 'make test': the versions that do are the ones 'make setup' installs."""
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]["test"]
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    for name in pins.CHECKERS:
        assert name in {pins.canonical(Requirement(r).name) for r in extra}, f"{name} is not in the [test] extra"
        assert f"{name}=={metadata.version(name)}" in lock, f"{name} is not pinned at its installed version; run: make pins"
    assert "lint" in (ROOT / "Makefile").read_text(encoding="utf-8").split("test: setup", 1)[1].splitlines()[0]


def test_every_dependency_of_the_package_is_pinned_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    env_pins = _pip_pins(_environment())
    assert any(pins.canonical(Requirement(d).name) == "notebook" for d in project), "Notebook 7 is a supported front end"
    for line in project:
        req = Requirement(line)
        version = env_pins.get(pins.canonical(req.name))
        assert version is not None, f"{req.name} is not pinned in environment.yml; run: make pins"
        assert req.specifier.contains(version), f"{req.name}=={version} is outside {req.specifier}"
        assert metadata.version(req.name) == version


def test_post_build_installs_the_course_and_its_settings():
    post_build = ROOT / "postBuild"
    text = post_build.read_text(encoding="utf-8")
    assert post_build.stat().st_mode & 0o111 and "pip install --no-deps ." in text


def test_no_test_or_tool_module_shadows_an_installed_package():
    """pytest puts tests/ and tools/ first on sys.path (pyproject's pythonpath): a helper named like an installed
    package (tests/jupyter_server.py did) hides the real one, so e.g. 'import nbgitpuller' failed in tests."""
    import importlib.util
    from pathlib import Path

    installed = set(metadata.packages_distributions())
    helpers = {p.stem: p for folder in ("tests", "tools") for p in (ROOT / folder).glob("*.py")}
    clashes = sorted(f"{helpers[name].relative_to(ROOT)} hides the installed package {name!r}: rename it"
                     for name in helpers.keys() & installed)
    assert not clashes, "\n".join(clashes)
    spec = importlib.util.find_spec("jupyter_server")
    assert spec and spec.origin and Path(spec.origin).parents[1] not in (ROOT / "tests", ROOT / "tools"), spec.origin
    import nbgitpuller  # the hub tests' dependency, which imports jupyter_server

    assert Path(nbgitpuller.__file__).parts[-2] == "nbgitpuller"
