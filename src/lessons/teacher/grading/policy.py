"""Which attempt counts: the policy ('first', 'best' or 'last'), in one place."""
from __future__ import annotations

from typing import Any

from lessons.core.quizbank import QuizBank
from lessons.teacher.grading.score_cache import MISSING, ScoreCache, cache_key

POLICIES = ("first", "best", "last")


def counting_rule(bank: QuizBank, policy: str | None, assessment: str | None) -> str:
    """The policy for one quiz: the one asked for; else the final answer in an assessment; else the bank's."""
    return policy or ("last" if assessment else bank.scoring)


def pick_answer(question, answer: Any, history: list, policy: str, cache: ScoreCache,
                key: Any = MISSING) -> tuple[Any, Any, float]:
    """The answer that counts under ``policy``, its ``cache_key`` (MISSING when not worked out) and its score.

    ``answer`` is the entry's answer (the last one given) and ``history`` its attempts, oldest first, each a
    mapping with an 'answer' (as ``check_entry`` leaves them); ``key``: the answer's ``cache_key``, if known.
    'first' takes the first attempt; 'best' the highest score (the latest answer on a tie); 'last' the answer.
    """
    score = cache.score
    if policy == "last" or not history:
        return answer, key, score(question, answer, key)
    if policy == "first":
        first = history[0]["answer"]
        return first, MISSING, score(question, first)
    best, best_key, best_score = answer, key, score(question, answer, key)
    if best_score >= question.points:
        return best, best_key, best_score
    for item in history:
        tried = item["answer"]
        tried_key = tried if type(tried) is str else cache_key(tried)
        value = score(question, tried, tried_key)
        if value > best_score:
            best, best_key, best_score = tried, tried_key, value
    return best, best_key, best_score
