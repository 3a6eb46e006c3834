"""Scoring one answers file against the key: which attempt counts (the policy), each answer's score
(asked of its question's kind), what the grader keeps for item analysis and feedback."""
from __future__ import annotations

from typing import Any

from lessons.answers_file import check_entry
from lessons.grading.results import Graded, Gradebook, Problem
from lessons.learner_copy import split_quiz_id
from lessons.quizbank import QuizBank
from lessons.scoring import check_answer

POLICIES = ("first", "best", "last")


def course_of(banks: list[QuizBank]) -> str | None:
    """The id in the course.yaml beside the key's quiz banks (None when there is none to compare with)."""
    from lessons.course import course_of_banks

    course = course_of_banks(banks)
    return course.id if course else None


class ScoreCache:
    """Scores of (question, answer) pairs already seen: a class gives the same answers many times.

    The key is the answer's repr, which for JSON values (str, number, bool, None, list, dict) is equal
    only for equal values; a dict written in another key order is just a cache miss.
    """

    def __init__(self) -> None:
        self._seen: dict = {}

    def score(self, question, answer: Any) -> float:
        key = (question.id, repr(answer))
        hit = self._seen.get(key)
        if hit is None:
            hit = self._seen[key] = check_answer(question, answer).score
        return hit


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
        for qid, entry in entries.items():
            i = book.index.get((quiz_id, qid))
            if i is None:
                problem(f"unknown question id in quiz {quiz_id}; ignored", qid)
                continue
            q = book.questions[i][1]
            entry, faults = check_entry(book.kinds[i], entry)
            for fault in faults:
                problem(fault, qid)
            if entry is None:
                continue
            if not q.auto_scored:
                if isinstance(entry["answer"], str) and entry["answer"].strip():
                    result.written[i] = entry["answer"]
                continue
            answer, value = pick_answer(q, entry, rule, cache)
            result.scores[i] = value
            result.attempts[i] = entry.get("attempts", 0)
            kind = book.kinds[i]
            result.choices[i] = kind.recorded(q, answer)
            if value == 0:
                unread = kind.reading_problem(q, answer)
                if unread:
                    problem(unread, qid)
            result.quiz_scores[quiz_id] += value
    result.total = sum(result.quiz_scores.values())
    return result
