"""Scoring one parsed answers file against the key: per quiz, per entry, the one entry check
(``check_entry``), the one picking policy (``pick_answer``), the score asked of the question's kind,
and what the grader keeps for item analysis and feedback. Problems are listed, never raised."""
from __future__ import annotations

from collections.abc import Callable, Set
from datetime import datetime, timezone
from typing import Any

from lessons.core.answers_file import CLOCK_SLACK, check_entry, read_time, sound_entry
from lessons.core.kinds.base import short_value
from lessons.core.assessment import split_quiz_id
from lessons.core.quizbank import QuizBank
from lessons.teacher.grading.policy import counting_rule, pick_answer
from lessons.teacher.grading.results import Problem, QuestionTable
from lessons.teacher.grading.score_cache import ScoreCache


class ScoringPlan:
    """What scoring a file needs to know, the same for every file of a class (handed to a second process
    as it is). A plain class, not a dataclass: it is built once per grading, on the command line's clock."""

    __slots__ = ("table", "policy", "skip_quizzes", "assessment", "course", "_banks")

    def __init__(self, table: QuestionTable, policy: str | None, skip_quizzes: Set[str],
                 assessment: str | None, course: str | None) -> None:
        self.table = table
        self.policy = policy  # None: each bank's scoring, or the final answer in an assessment
        self.skip_quizzes = skip_quizzes  # known quizzes not graded this time: their answers are left aside quietly
        self.assessment = assessment  # only answers saved under '<quiz>@<assessment>' count (None: practice)
        self.course = course  # the course id every answers file must carry (None: not compared)
        self._banks = {b.quiz: b for b in table.banks}

    def bank(self, quiz_id: str) -> QuizBank | None:
        """The bank graded for this quiz id, if it is one."""
        return self._banks.get(quiz_id)


class Scored:
    """One answers file scored (before the newest file per learner is chosen and the marks are added)."""

    __slots__ = ("learner_id", "name", "file", "saved_at", "quiz_scores", "scores", "attempts", "choices", "written",
                 "problems", "exercises_done", "typed_id", "identity", "exercises_right", "explained")

    def __init__(self, learner_id: str, name: str, file: str, saved_at: str, quiz_scores: dict[str, float],
                 size: int, exercises_right: frozenset[str] = frozenset()) -> None:
        self.learner_id, self.name, self.file, self.saved_at = learner_id, name, file, saved_at
        self.quiz_scores = quiz_scores
        # per question, a list while the file is scored and a tuple once it is sealed:
        self.scores: Any = [None] * size  # float, None where not answered (or written)
        self.attempts: Any = [0] * size  # int
        self.choices: Any = [None] * size  # what the kind keeps of the answer that counted
        self.written: dict[int, str] = {}
        self.problems = 0
        self.exercises_right = exercises_right  # ids of the Try-it exercises checked right
        self.exercises_done = len(exercises_right)
        self.explained: dict[int, str] = {}  # question index -> when the explanation was asked for (UTC, minutes)
        self.typed_id = ""  # the learner id typed in the file, once an account may stand in its place (accounts)
        self.identity = ""  # where learner_id comes from: 'account' (collected.csv) or typed, not verified

    def seal(self) -> None:
        """Once the file is scored: the per-question lists become tuples, read-only from here and taken as they
        are by the result (no second copy: a list's memory is reused by the next file's, never left in holes)."""
        self.scores, self.attempts, self.choices = tuple(self.scores), tuple(self.attempts), tuple(self.choices)


def score_document(doc: dict, label: str, plan: ScoringPlan, cache: ScoreCache) -> tuple[Scored, list[Problem]]:
    """Score one parsed answers file; return its result and the problems found in it."""
    return ClassScorer(plan, cache).score(doc, label)


def exercises_right(doc: dict) -> frozenset[str]:
    """The Try-it exercises the file says were checked right (by the learner's notebook: see the guide)."""
    exercises = doc.get("exercises")
    if type(exercises) is not dict:
        return frozenset()
    return frozenset(ident for ident, e in exercises.items() if type(e) is dict and e.get("right") is True)


class ClassScorer:
    """Scores a class's files one after another, sharing the plan's lookups and what is known of answers."""

    def __init__(self, plan: ScoringPlan, cache: ScoreCache) -> None:
        table = plan.table
        self.plan, self.cache = plan, cache
        self.index_of = table.index.get
        self.questions = [(kind, cache.acceptor(kind), auto, q) for kind, auto, (_, q)  # what each entry needs
                          in zip(table.kinds, table.auto_scored, table.questions)]

    def score(self, doc: dict, label: str) -> tuple[Scored, list[Problem]]:
        """Score one parsed answers file; return its result and the problems found in it."""
        scoring = _FileScoring(self, doc, label)
        for key, entries in doc["quizzes"].items():
            scoring.quiz(key, entries)
        scoring.result.seal()
        return scoring.result, scoring.problems


class _FileScoring:
    """The state of scoring one file: its result so far and its problems."""

    def __init__(self, scorer: ClassScorer, doc: dict, label: str) -> None:
        learner, banks, size = doc["learner"], scorer.plan.table.banks, len(scorer.questions)
        self.result = Scored(learner["id"], learner.get("name", ""), label, str(doc.get("saved_at", "")),
                             {b.quiz: 0.0 for b in banks}, size, exercises_right(doc))
        self.problems: list[Problem] = []
        self.scorer, self.label, self.learner = scorer, label, learner["id"]

    def problem(self, reason: str, qid: str = "") -> None:
        self.problems.append(Problem(self.label, reason, self.learner, qid))
        self.result.problems += 1

    def quiz(self, key: str, entries: Any) -> None:
        """Score one quiz's entries, when they count in this grading (the round and the quizzes asked for)."""
        plan = self.scorer.plan
        quiz_id, round_id = split_quiz_id(key)
        known = plan.bank(quiz_id)
        if round_id != plan.assessment and (known is not None or quiz_id in plan.skip_quizzes):
            return  # practice answers when grading an assessment, or another round's: they never count
        if known is None:
            if quiz_id not in plan.skip_quizzes:
                self.problem(f"unknown quiz id {key!r}; its answers were ignored")
            return
        if type(entries) is not dict:
            self.problem(f"quiz {quiz_id!r} is not a mapping of question ids to answers; ignored")
            return
        rule = counting_rule(known, plan.policy, plan.assessment)
        index_of, entry_points, total = self.scorer.index_of, self.entry, 0.0
        for qid, entry in entries.items():
            i = index_of((quiz_id, qid))
            if i is None:
                self.problem(f"unknown question id in quiz {quiz_id}; ignored", qid)
            else:
                total += entry_points(i, qid, entry, rule)
        self.result.quiz_scores[quiz_id] += total

    def explanation_shown(self, i: int, qid: str, when: Any) -> None:
        """Keep when the learner asked for the explanation; a value that is not a past time is a problem line."""
        read = read_time(when)
        if read is None or read > datetime.now(timezone.utc) + CLOCK_SLACK:
            self.problem(f"field 'explanation_shown_at' is {short_value(when)}, not a past date and time; "
                         "not shown in the gradebook", qid)
        else:
            self.result.explained[i] = f"{read:%Y-%m-%d %H:%M}"

    def entry(self, i: int, qid: str, entry: Any, rule: str) -> float:
        """Score one question's entry (a written answer is kept for the teacher); return its points."""
        kind, accepts, auto_scored, q = self.scorer.questions[i]
        cache = self.scorer.cache
        if type(entry) is dict and "explanation_shown_at" in entry:
            self.explanation_shown(i, qid, entry["explanation_shown_at"])
        answer = entry.get("answer") if type(entry) is dict else None
        key = answer if type(answer) is str else cache.key_of(answer)
        if not sound_entry(kind, entry, accepts):
            entry = self.repaired(kind, accepts, entry, qid)
            if entry is None:
                return 0.0
            answer = entry["answer"]
            key = answer if type(answer) is str else cache.key_of(answer)
        if not auto_scored:
            if isinstance(answer, str) and answer.strip():
                self.result.written[i] = cache.kept(answer)
            return 0.0
        answer, key, value = pick_answer(q, answer, entry.get("history") or [], rule, cache, key)
        result = self.result
        result.scores[i] = value
        result.attempts[i] = entry.get("attempts", 0)
        recorded = kind.recorded(q, answer)
        result.choices[i] = recorded if recorded is None else cache.kept(recorded)
        if value == 0:
            unread = cache.reading_problem(kind, q, answer, key)
            if unread:
                self.problem(unread, qid)
        return value

    def repaired(self, kind, accepts: Callable[[Any], bool], entry: Any, qid: str) -> dict | None:
        """An entry that is not sound as the grader can use it (``check_entry``), each fault a problem."""
        entry, faults = check_entry(kind, entry, accepts)
        for fault in faults:
            self.problem(fault, qid)
        return entry
