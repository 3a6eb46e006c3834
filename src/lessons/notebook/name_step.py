"""One name step per notebook page, and everything on the page that follows the learner's name.

The kernel of a notebook keeps here: which output shows the page's name box (the first that
asked for one: 'Start here''s name cell, or the first quiz shown without a saved name), and a
callback for each quiz, hand-in box and name box on the page. Saving a name (or loading an
answers file) calls every callback, so every quiz redraws for the new learner at once.
"""
from __future__ import annotations

from typing import Callable

_followers: dict[str, Callable[[str], None]] = {}
_name_step: str | None = None


def follow_learner(key: str, callback: Callable[[str], None]) -> None:
    """Call ``callback(name)`` whenever the learner's name changes; a later call with the same key
    replaces the earlier one (a cell run again replaces its output)."""
    _followers[key] = callback


def learner_changed(name: str) -> None:
    """Tell every quiz, hand-in box and name box on the page that the learner is now ``name``."""
    for callback in list(_followers.values()):
        callback(name)


def claim_name_step(owner: str, force: bool = False) -> bool:
    """True when ``owner`` shows the page's name box: no other output has one (or ``force``)."""
    global _name_step
    if force or _name_step in (None, owner):
        _name_step = owner
        return True
    return False


def forget_page() -> None:
    """Start afresh (tests; a kernel restart does the same)."""
    global _name_step
    _followers.clear()
    _name_step = None
