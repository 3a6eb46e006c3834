"""Scoring one answers file against the key: which attempt counts (the policy), each answer's score
(asked of its question's kind), what the grader keeps for item analysis and feedback."""
from __future__ import annotations

from typing import Any

from lessons.core.answers_file import check_entry
from lessons.teacher.grading.results import Graded, Gradebook, Problem
from lessons.core.assessment import split_quiz_id
from lessons.core.quizbank import QuizBank
from lessons.core.scoring import check_answer

POLICIES = ("first", "best", "last")


def course_of(banks: list[QuizBank]) -> str | None:
    """The id in the course.yaml beside the key's quiz banks (None when there is none to compare with)."""
    from lessons.core.course import course_of_banks

    course = course_of_banks(banks)
    return course.id if course else None


def answer_key(answer: Any) -> Any:
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
_MISSING = object()
_NO_HISTORY: list = []  # an entry without 'history' (never changed)


class ScoreCache:
    """What is already known of answers seen before: a class gives the same answers many times.

    Per question id and answer key: the score, and the reading problem of a 0; per kind and answer
    key: whether the kind takes the answer (its type and shape). Keys come from ``answer_key``.
    """

    def __init__(self) -> None:
        self._scores: dict[str, dict] = {}
        self._unread: dict[str, dict] = {}
        self._accepted: dict[str, dict] = {}
        self._texts: dict[str, str] = {}

    @staticmethod
    def _memo(store: dict, name: str) -> dict:
        memo = store.get(name)
        if memo is None:
            memo = store[name] = {}
        elif len(memo) > _MEMO_CAP:
            memo.clear()
        return memo

    def kept(self, value: Any) -> Any:
        """``value`` with its text held once for the whole class (a result keeps it; equal texts share one
        object, in memory and when results come back from another process). Other values as they are."""
        kind = type(value)
        if kind is str:
            if len(self._texts) > _MEMO_CAP:
                self._texts.clear()
            return self._texts.setdefault(value, value)
        if kind is list and all(type(item) is str for item in value):
            return [self.kept(item) for item in value]
        return value

    def score(self, question, answer: Any, key: Any = _MISSING) -> float:
        """The answer's score (``key``: its ``answer_key``, when already worked out)."""
        if key is _MISSING:
            key = answer if type(answer) is str else answer_key(answer)
        memo = self._scores.get(question.id)
        if memo is None:
            memo = self._scores[question.id] = {}
        hit = memo.get(key)
        if hit is None:
            if len(memo) > _MEMO_CAP:
                memo.clear()
            hit = memo[key] = check_answer(question, answer).score
        return hit

    def reading_problem(self, kind, question, answer: Any, key: Any = _MISSING) -> str:
        """``kind.reading_problem(question, answer)``, worked out once per distinct answer."""
        memo = self._memo(self._unread, question.id)
        if key is _MISSING:
            key = answer if type(answer) is str else answer_key(answer)
        hit = memo.get(key)
        if hit is None:
            hit = memo[key] = kind.reading_problem(question, answer)
        return hit

    def accepts(self, kind, answer: Any, key: Any = _MISSING) -> bool:
        """``kind.accepts(answer)``, asked once per distinct answer (per kind; ``key``: its ``answer_key``)."""
        accepted = self._memo(self._accepted, kind.name)
        if key is _MISSING:
            key = answer if type(answer) is str else answer_key(answer)
        ok = accepted.get(key)
        if ok is None:
            ok = accepted[key] = kind.accepts(answer)
        return ok


def _pick_sound(question, answer: Any, key: Any, history: list, policy: str,
                cache: ScoreCache) -> tuple[Any, Any, float]:
    """``pick_answer`` for a sound entry (every attempt a mapping with an answer; ``key``: the answer's
    ``answer_key``): (answer that counts, its key, its score)."""
    score = cache.score
    if policy == "last" or not history:
        return answer, key, score(question, answer, key)
    if policy == "first":
        first = history[0]["answer"]
        return first, _MISSING, score(question, first)
    best, best_key, best_score = answer, key, score(question, answer, key)
    if best_score >= question.points:
        return best, best_key, best_score
    for item in history:
        tried = item["answer"]
        tried_key = tried if type(tried) is str else answer_key(tried)
        value = score(question, tried, tried_key)
        if value > best_score:
            best, best_key, best_score = tried, tried_key, value
    return best, best_key, best_score


def pick_answer(question, entry: dict, policy: str, cache: ScoreCache | None = None) -> tuple[Any, float]:
    """The answer that counts under the policy ('first', 'best' or 'last'), and its score."""
    score = (cache or ScoreCache()).score
    answer = entry.get("answer")
    if policy == "last":
        return answer, score(question, answer)
    history = entry.get("history") or ()
    if policy == "first":
        first = history[0] if history and type(history[0]) is dict else None
        chosen = first.get("answer") if first is not None else answer
        return chosen, score(question, chosen)
    best, best_score = answer, score(question, answer)
    if best_score >= question.points:
        return best, best_score
    for item in history:
        if type(item) is dict:
            value = score(question, item.get("answer"))
            if value > best_score:
                best, best_score = item.get("answer"), value
    return best, best_score


def grade_document(doc: dict, label: str, book: Gradebook, policy: str | None,
                   cache: ScoreCache) -> Graded:
    """Score one parsed answers file against the key (problems go into ``book.problems``)."""
    learner = doc["learner"]
    size = len(book.questions)
    result = Graded(learner["id"], learner.get("name", ""), label, {b.quiz: 0.0 for b in book.banks},
                    [None] * size, [0] * size, [None] * size, {})
    by_quiz = {b.quiz: b for b in book.banks}

    def problem(reason: str, qid: str = "") -> None:
        book.problems.append(Problem(label, reason, learner["id"], qid))
        result.problems += 1

    index_of, questions, kinds, accepts = book.index.get, book.questions, book.kinds, cache.accepts
    auto_scored, kept = book.auto_scored, cache.kept
    scores, attempts, choices = result.scores, result.attempts, result.choices
    exercises = doc.get("exercises")
    if type(exercises) is dict:
        result.exercises_done = sum(1 for e in exercises.values() if type(e) is dict and e.get("right") is True)
    for key, entries in doc["quizzes"].items():
        quiz_id, round_id = split_quiz_id(key)
        if round_id != book.assessment and (quiz_id in by_quiz or quiz_id in book.skip_quizzes):
            continue  # practice answers when grading an assessment, or another round's: they never count
        bank = by_quiz.get(quiz_id)
        if bank is not None and type(entries) is not dict:
            problem(f"quiz {quiz_id!r} is not a mapping of question ids to answers; ignored")
            continue
        if bank is None and quiz_id in book.skip_quizzes:
            continue
        if bank is None:
            problem(f"unknown quiz id {key!r}; its answers were ignored")
            continue
        rule = policy or ("last" if book.assessment else bank.scoring)
        quiz_total = 0.0
        for qid, entry in entries.items():
            i = index_of((quiz_id, qid))
            if i is None:
                problem(f"unknown question id in quiz {quiz_id}; ignored", qid)
                continue
            kind = kinds[i]
            # Is the entry sound (check_entry would return it as it is)? The same test, with shortcuts:
            # an answer of one of the kind's plain types fits; any other is asked of the kind once.
            sound = False
            if type(entry) is dict:
                answer = entry.get("answer", _MISSING)
                tries, history = entry.get("attempts", 0), entry.get("history", _NO_HISTORY)
                if answer is not _MISSING and type(tries) is int and tries >= 0 and type(history) is list:
                    plain = kind.plain_types
                    key = answer if type(answer) is str else answer_key(answer)
                    sound = answer is None or type(answer) in plain or accepts(kind, answer, key)
                    if sound:
                        for item in history:
                            tried = item.get("answer", _MISSING) if type(item) is dict else _MISSING
                            if tried is not None and type(tried) not in plain and (
                                    tried is _MISSING or not accepts(kind, tried)):
                                sound = False
                                break
            if not sound:  # something in it is wrong: check_entry says what, and what can still be used
                entry, faults = check_entry(kind, entry)
                for fault in faults:
                    problem(fault, qid)
                if entry is None:
                    continue
                answer, tries = entry["answer"], entry.get("attempts", 0)
            if not auto_scored[i]:
                if isinstance(answer, str) and answer.strip():
                    result.written[i] = kept(answer)
                continue
            q = questions[i][1]
            if sound:
                answer, key, value = _pick_sound(q, answer, key, history, rule, cache)
            else:
                answer, value = pick_answer(q, entry, rule, cache)
                key = _MISSING
            scores[i] = value
            attempts[i] = tries
            recorded = kind.recorded(q, answer)
            choices[i] = recorded if recorded is None else kept(recorded)
            if value == 0:
                unread = cache.reading_problem(kind, q, answer, key)
                if unread:
                    problem(unread, qid)
            quiz_total += value
        result.quiz_scores[quiz_id] += quiz_total
    result.total = sum(result.quiz_scores.values())
    return result
