"""The package's shape: folders by audience, imports only run downwards, no import circles.

Layers (see src/lessons/*/README.md): ``core`` imports nothing else of the package; ``exchange`` imports
``core``; ``notebook`` and ``teacher`` import ``core`` and ``exchange`` (never each other); ``lessons.cli``
and the root ``lessons/__init__.py`` sit on top. Every import is counted, including those inside
functions (a lazy import is still a dependency).
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "lessons"

MAY_IMPORT = {
    "core": {"core"},
    "exchange": {"core", "exchange"},
    "notebook": {"core", "exchange", "notebook"},
    "teacher": {"core", "exchange", "teacher"},
}
# Known debts, each to be paid and then removed from here (the test below fails on a debt that no longer
# exists, so this list can only shrink).
KNOWN_UPWARD: set[tuple[str, str]] = set()  # none left: the kinds describe their answer form as data
KNOWN_CIRCLES: set[frozenset[str]] = set()  # none left


# Functions of fewer than this many lines (the def line to the last, nested functions inside counted too).
FUNCTION_LINES = 50
# Known debts, measured ("module:Qualified.name": lines): each may only shrink, and leaves this list once it is
# under FUNCTION_LINES. None left (issue 27 paid the five: run_grade 91, grade_document 86, QuizView._question 82,
# write_report 69, name_box 63).
KNOWN_LONG_FUNCTIONS: dict[str, int] = {}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every ``lessons...`` module this file imports (``from lessons.x import y`` counts x.y when it is a module)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "lessons"}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and node.module.split(".")[0] == "lessons":
            found.add(node.module)
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                if candidate in MODULES:
                    found.add(candidate)
    return found


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}
GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in MAY_IMPORT else None


def upward_imports() -> set[tuple[str, str]]:
    bad = set()
    for module, targets in GRAPH.items():
        here = layer(module)
        if here is None:
            continue  # lessons/__init__.py, lessons/cli.py, lessons/__main__.py: the top
        for target in targets:
            if target == "lessons":
                continue  # the root package: only its __version__ is read below it
            if layer(target) not in MAY_IMPORT[here]:
                bad.add((module, target))
    return bad


def circles() -> set[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in GRAPH.get(v, ()):
            if w not in MODULES:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    return found


def test_every_module_sits_in_a_layer_or_at_the_top():
    top = {"lessons", "lessons.cli", "lessons.__main__"}
    assert {m for m in MODULES if layer(m) is None} == top


def test_imports_only_run_downwards():
    assert upward_imports() - KNOWN_UPWARD == set()


def test_no_import_circles():
    assert {frozenset(c) for c in circles()} - KNOWN_CIRCLES == set()


def test_known_debts_still_exist():
    """A debt that was paid must leave the lists above."""
    assert KNOWN_UPWARD - upward_imports() == set()
    assert KNOWN_CIRCLES - circles() == set()


def test_the_checks_catch_a_wrong_import(tmp_path):
    """The graph walk sees an import inside a function, and a circle of two."""
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from lessons.teacher.grading import grade\n", encoding="utf-8")
    assert "lessons.teacher.grading" in imports_of(probe)
    saved = dict(GRAPH)
    try:
        GRAPH["lessons.core.course"] = GRAPH["lessons.core.course"] | {"lessons.notebook.quiz_view"}
        GRAPH["lessons.notebook.quiz_view"] = GRAPH["lessons.notebook.quiz_view"] | {"lessons.core.course"}
        assert ("lessons.core.course", "lessons.notebook.quiz_view") in upward_imports()
        assert any({"lessons.core.course", "lessons.notebook.quiz_view"} <= c for c in circles())
    finally:
        GRAPH.clear()
        GRAPH.update(saved)


def test_every_layer_has_a_readme_naming_what_it_may_import():
    for name, allowed in MAY_IMPORT.items():
        readme = (PACKAGE / name / "README.md").read_text(encoding="utf-8")
        for other in allowed - {name}:
            assert f"lessons.{other}" in readme, (name, other)


def test_the_top_level_api_lists_what_it_loads():
    """``lessons.__all__`` is written out (a checker can read it); it names exactly the lazy API and the version."""
    import lessons

    assert sorted(lessons.__all__) == sorted(["__version__", *lessons._LAZY])


def function_lengths(path: Path, module: str) -> dict[str, int]:
    """``module:Qualified.name`` -> lines, for every function in a file (methods and nested functions too)."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    found[f"{module}:{name}"] = child.end_lineno - child.lineno + 1
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return found


def test_no_function_in_src_lessons_is_50_lines_or_longer():
    lengths = {k: v for module, path in MODULES.items() for k, v in function_lengths(path, module).items()}
    long = {name: n for name, n in lengths.items() if n >= FUNCTION_LINES}
    grown = {name: (n, KNOWN_LONG_FUNCTIONS.get(name)) for name, n in long.items()
             if n > KNOWN_LONG_FUNCTIONS.get(name, FUNCTION_LINES - 1)}
    assert not grown, f"functions of {FUNCTION_LINES} lines or more (lines, allowed): {grown}"
    paid = {name: lengths.get(name) for name in KNOWN_LONG_FUNCTIONS if name not in long}
    assert not paid, f"under {FUNCTION_LINES} lines now (or gone): remove them from KNOWN_LONG_FUNCTIONS: {paid}"


def test_the_length_count_sees_methods_and_nested_functions(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("class A:\n    def f(self):\n        def g():\n            return 1\n\n        return g\n",
                     encoding="utf-8")
    assert function_lengths(probe, "m") == {"m:A.f": 5, "m:A.f.g": 2}
