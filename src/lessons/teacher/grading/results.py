"""What grading produces, read-only: the table of questions graded, one result per learner, the problems
found, and the gradebook holding them (``grade()`` builds it; the writers only read it); and the one
percent function (points of the quizzes set), guarded against nothing being set.

Nothing here reads a file: the course id, the marks and which quizzes were set are decided by
``grade()`` from the request.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from collections.abc import Mapping, Sequence
from typing import Any

from lessons.core.kinds import kind_of
from lessons.core.quizbank import QuizBank

NOTHING: Mapping = MappingProxyType({})


def percent(points: float, maximum: float) -> float | None:
    """Points as a percent of ``maximum``; None when there is nothing to count (a key of written questions only)."""
    return 100 * points / maximum if maximum else None


@dataclass(frozen=True)
class Problem:
    """One bad input: where it came from and why it was set aside (or graded only in part)."""

    file: str
    reason: str
    learner: str = ""
    question: str = ""


@dataclass(frozen=True)
class Mark:
    """The teacher's mark for one written answer (from the marks sheet, ``lessons marks``)."""

    points: float
    comment: str


@dataclass(frozen=True)
class QuestionTable:
    """The questions of the banks graded, in order: every learner's scores, attempts and choices are
    indexed like ``questions``; ``index`` finds a (quiz, question id)."""

    banks: tuple[QuizBank, ...]
    questions: tuple[tuple[QuizBank, Any], ...]
    index: Mapping[tuple[str, str], int]
    kinds: tuple
    auto_scored: tuple[bool, ...]  # per question: marked by the machine
    options: tuple  # per question: the option labels of a choice question, else empty

    @classmethod
    def of(cls, banks: Sequence[QuizBank]) -> QuestionTable:
        """The table of these banks' questions."""
        questions = tuple((b, q) for b in banks for q in b.questions)
        kinds = tuple(kind_of(q) for _, q in questions)
        return cls(tuple(banks), questions,
                   MappingProxyType({(b.quiz, q.id): i for i, (b, q) in enumerate(questions)}), kinds,
                   tuple(k.auto_scored for k in kinds),
                   tuple(kind.option_labels(q) for kind, (_, q) in zip(kinds, questions)))

    def positions(self, bank: QuizBank) -> list[int]:
        """Where a bank's questions sit in the table."""
        return [self.index[(bank.quiz, q.id)] for q in bank.questions]


@dataclass(frozen=True, slots=True)
class Graded:
    """One learner's result (sequences indexed like ``QuestionTable.questions``), the teacher's marks included."""

    learner_id: str
    name: str
    file: str
    quiz_scores: Mapping[str, float]
    scores: tuple  # float per question, None where not answered (or written)
    attempts: tuple  # int per question
    choices: tuple  # what the kind keeps of the answer that counted: option label(s), the number typed
    written: Mapping[int, str]  # question index -> the written answer's text
    problems: int = 0
    total: float = 0.0
    exercises_done: int = 0  # Try-it exercises checked right
    typed_id: str = ""  # the learner id typed in the file (learner_id is the account when one is known)
    identity: str = ""  # where learner_id comes from: 'account' (collected.csv) or typed, not verified
    exercise_points: float = 0.0  # points of the Try-it exercises that give points (exercises.yaml), in ``total``
    explained: Mapping[int, str] = field(default_factory=lambda: NOTHING)  # question index -> when the learner asked to see the explanation (UTC)


@dataclass(frozen=True)
class Gradebook:
    """Everything grading produced, as the writers (gradebook, items, feedback, report, LMS file) read it."""

    table: QuestionTable
    results: tuple[Graded, ...] = ()
    problems: tuple[Problem, ...] = ()
    files_read: int = 0
    set_quizzes: frozenset[str] = frozenset()  # the quizzes set: percentages count their points only
    marks: Mapping[tuple[str, int], Mark] = field(default_factory=lambda: NOTHING)  # (learner id, question index) -> Mark
    assessment: str | None = None  # answers saved under '<quiz>@<assessment>' were graded (None: practice)
    policy: str | None = None  # the policy asked for (None: each bank's scoring, or the final answer)
    written_marked: bool = False  # a marks sheet was read (written points count in every maximum all the same)
    exercise_max: float = 0.0  # the points of the Try-it exercises of the quizzes set that give points

    @property
    def banks(self) -> tuple[QuizBank, ...]:
        return self.table.banks

    @property
    def questions(self) -> tuple:
        return self.table.questions

    @property
    def index(self) -> Mapping[tuple[str, str], int]:
        return self.table.index

    @property
    def kinds(self) -> tuple:
        return self.table.kinds

    @property
    def options(self) -> tuple:
        return self.table.options

    def quiz_max(self, bank: QuizBank) -> float:
        """A quiz's maximum: its machine-marked points plus its written questions' points, with or without the
        teacher's marks (an answer not marked yet is 'to mark', counting 0 for now), so a percent never jumps
        when the marks arrive and a marked quiz never reads '2 of 1'. Every output uses this one figure."""
        return bank.max_points + sum(q.points for q in bank.questions if not q.auto_scored)

    @cached_property
    def max_total(self) -> float:
        """The points of the quizzes set and of their lessons' Try-it exercises that give points (what every
        percent is of)."""
        return sum(self.quiz_max(b) for b in self.banks if b.quiz in self.set_quizzes) + self.exercise_max
