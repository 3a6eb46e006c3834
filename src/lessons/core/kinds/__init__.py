"""Question kinds, one module each, registered here (the only place that lists them).

Everything outside this package asks the kind: ``kind_of(question).check(question, answer)``.
Adding a kind: write a module with a ``Kind`` subclass (see ``base.py``) and add it to ``_BUILT_IN``.
A kind defined elsewhere (a test, a course's own code) can be added at run time with ``register``.
"""
from __future__ import annotations

from typing import Any

from lessons.core.kinds import classify, match, multiple, number, order, single, text, truefalse
from lessons.core.kinds.base import Kind, Outcome

_BUILT_IN = (single, multiple, truefalse, number, match, classify, order, text)
_REGISTRY: dict[str, Kind] = {m.KIND.name: m.KIND for m in _BUILT_IN}

__all__ = ["Kind", "Outcome", "kind_of", "names", "register", "unregister"]


def names() -> tuple[str, ...]:
    """The kinds a quiz bank may use, in the order they are listed to teachers."""
    return tuple(_REGISTRY)


def kind_of(question: Any) -> Kind:
    """The kind of a question (a ``Question``, a bank's question mapping, or a kind name)."""
    name: Any = question if isinstance(question, str) else (
        question.get("kind") if isinstance(question, dict) else question.kind)
    try:
        return _REGISTRY[name]
    except (KeyError, TypeError):
        raise ValueError(f"unknown question kind {name!r}") from None


def is_known(name: Any) -> bool:
    """Whether ``name`` is a registered kind (never raises)."""
    return isinstance(name, str) and name in _REGISTRY


def register(kind: Kind) -> Kind:
    """Add a kind (or replace one of the same name); return it."""
    if not kind.name:
        raise ValueError("a kind needs a name")
    _REGISTRY[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a kind added with ``register`` (built-in kinds stay)."""
    if name not in {m.KIND.name for m in _BUILT_IN}:
        _REGISTRY.pop(name, None)
