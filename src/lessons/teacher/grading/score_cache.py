"""What is already known of answers seen before (a class gives the same answers many times): scores,
reading problems and whether a kind takes an answer, each worked out once per distinct answer."""
from __future__ import annotations

from typing import Any, Callable

from lessons.core.scoring import check_answer


def cache_key(answer: Any) -> Any:
    """A hashable key for an answer, equal only for answers of the same JSON types and values.

    Cheap for the usual answers: text is its own key, a number or true/false is paired with its type
    (so 1, 1.0 and true stay apart), a list or mapping of texts becomes a tuple; anything else is
    keyed by its repr (for JSON values equal only for equal values; a mapping in another key order
    is just a cache miss).
    """
    kind = type(answer)
    if kind is str:
        return answer
    if kind is bool or kind is int or answer is None:
        return (kind, answer)
    if kind is float:
        return (float, repr(answer))  # -0.0 and 0.0, and every nan, keyed as written
    try:
        if kind is list:
            items = tuple(answer)
            "".join(items)  # raises TypeError unless every item is text
            return (list, items)
        if kind is dict:
            "".join(answer)
            "".join(answer.values())
            return (dict, tuple(answer.items()))
    except TypeError:
        pass
    return (repr, repr(answer))


_MEMO_CAP = 100_000  # distinct answers remembered per kind or question before that memo starts again
MISSING = object()  # no key worked out yet


class ScoreCache:
    """What is already known of answers seen before: a class gives the same answers many times.

    Per question id and answer key: the score, and the reading problem of a 0; per kind and answer
    key: whether the kind takes the answer (its type and shape, ``acceptor``). Keys come from ``cache_key``.
    """

    def __init__(self) -> None:
        self._scores: dict[str, dict] = {}
        self._unread: dict[str, dict] = {}
        self._accepted: dict[str, dict] = {}
        self._texts: dict[str, str] = {}
        self._mappings: dict[tuple, dict] = {}  # placements (item -> category) kept once per class, like texts
        self._acceptors: dict[str, Callable[[Any], bool]] = {}
        self._known_answer: Any = MISSING  # the answer last given to key_of, and its key
        self._known_key: Any = MISSING

    @staticmethod
    def _memo(store: dict, name: str) -> dict:
        memo = store.get(name)
        if memo is None:
            memo = store[name] = {}
        elif len(memo) > _MEMO_CAP:
            memo.clear()
        return memo

    def kept(self, value: Any) -> Any:
        """``value`` with its text held once for the whole class (a result keeps it; equal texts, lists of texts'
        items and mappings of text to text share one object, in memory and when results come back from another
        process). Other values as they are."""
        kind = type(value)
        if kind is str:
            if len(self._texts) > _MEMO_CAP:
                self._texts.clear()
            return self._texts.setdefault(value, value)
        if kind is list and all(type(item) is str for item in value):
            return [self.kept(item) for item in value]
        if kind is dict and all(type(k) is str and type(v) is str for k, v in value.items()):
            if len(self._mappings) > _MEMO_CAP:
                self._mappings.clear()
            return self._mappings.setdefault(tuple(value.items()), value)  # read-only from here: results share it
        return value

    def score(self, question, answer: Any, key: Any = MISSING) -> float:
        """The answer's score (``key``: its ``cache_key``, when already worked out)."""
        if key is MISSING:
            key = answer if type(answer) is str else cache_key(answer)
        memo = self._scores.get(question.id)
        if memo is None:
            memo = self._scores[question.id] = {}
        hit = memo.get(key)
        if hit is None:
            if len(memo) > _MEMO_CAP:
                memo.clear()
            hit = memo[key] = check_answer(question, answer).score
        return hit

    def reading_problem(self, kind, question, answer: Any, key: Any = MISSING) -> str:
        """``kind.reading_problem(question, answer)``, worked out once per distinct answer."""
        memo = self._memo(self._unread, question.id)
        if key is MISSING:
            key = answer if type(answer) is str else cache_key(answer)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = kind.reading_problem(question, answer)
        return hit

    def key_of(self, answer: Any) -> Any:
        """The answer's ``cache_key``; kept, so that asking next whether a kind accepts this same answer
        (``acceptor``) does not work it out again."""
        key = answer if type(answer) is str else cache_key(answer)
        self._known_answer, self._known_key = answer, key
        return key

    def acceptor(self, kind) -> Callable[[Any], bool]:
        """``kind.accepts`` as one function remembering its verdicts per distinct answer (for ``sound_entry``
        and ``check_entry``)."""
        found = self._acceptors.get(kind.name)
        if found is None:
            memo = self._memo(self._accepted, kind.name)

            def found(answer: Any) -> bool:
                if type(answer) is str:
                    key = answer
                else:
                    key = self._known_key if answer is self._known_answer else cache_key(answer)
                ok = memo.get(key)
                if ok is None:
                    if len(memo) > _MEMO_CAP:
                        memo.clear()
                    ok = memo[key] = kind.accepts(answer)
                return ok

            self._acceptors[kind.name] = found
        return found
