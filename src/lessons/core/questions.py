"""The quiz bank's model: one lesson's quiz (``QuizBank``) and its questions (``Question``), as plain data.

The question kinds (``lessons.core.kinds``) read these; the loader (``lessons.core.quizbank``) validates a
bank file, asks the kinds' registry what each question's kind needs, and builds them. This module imports
neither, so a kind can name the types it works on without an import circle.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

LEVELS = ("remember", "understand", "apply", "analyse", "evaluate")
KEY_FIELDS = ("answer", "explanation", "model_answer")
HINT_FIELDS = ("source", "hint")  # where the answer is found: left out of learner copies of assessed quizzes too
# All a learner's copy of an assessed quiz keeps of a question: what the quiz view draws. Anything else (the key,
# what is derived from it such as a number's tolerance, the teacher's objective and level) stays with the teacher.
LEARNER_FIELDS = ("id", "kind", "prompt", "points", "options", "items", "categories", "unit", "rubric",
                  "min_words", "in_lesson", "shuffle")


@dataclass(frozen=True)
class Question:
    """One question, as the bank states it."""

    id: str
    kind: str
    prompt: str
    objective: int
    level: str
    source: str  # for teachers and fact-checkers: the paragraph(s) or source address that decide the item
    points: float = 1.0
    explanation: str = ""
    options: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    items: tuple[tuple[str, str], ...] = ()
    answer: Any = None
    tolerance: float = 0.0
    unit: str = ""
    model_answer: str = ""
    rubric: tuple[tuple[str, float], ...] = ()  # text questions: (criterion, points) shown to learner and teacher
    in_lesson: bool = False  # a check-in or close reading shown mid-lesson, not in the closing quiz
    hint: str = ""  # for learners: where to look again (a paragraph or a lesson section); see learner_hint
    shuffle: bool = True  # False: options shown in the written order (lessons.core.option_order)
    # the machine marks it; False for written answers, read by the teacher. The loader sets it from the
    # question's kind (``kind_of(kind).auto_scored``): this model does not import the kinds, they import it.
    auto_scored: bool = True

    @property
    def learner_hint(self) -> str:
        """What a learner is told to look at again: the hint, or the source when there is none."""
        return self.hint or self.source

    @property
    def item_text(self) -> dict[str, str]:
        """Item id -> item text, for match, classify and order questions."""
        return dict(self.items)


@dataclass(frozen=True)
class QuizBank:
    """One lesson's quiz."""

    quiz: str
    title: str
    lesson: str
    questions: tuple[Question, ...]
    path: Path
    mode: str = "practice"
    scoring: str = "best"
    released: bool = False
    assessment: str = ""  # the round of graded work this learner copy belongs to (learner copies only)
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    def question(self, qid: str) -> Question:
        """The question with this id (KeyError if there is none)."""
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    @property
    def answers_id(self) -> str:
        """The quiz id answers are saved under: an assessed copy has its own (``07-workshop@2021-final``),
        so answers practised under the plain id never appear in it or count for it."""
        return f"{self.quiz}@{self.assessment}" if self.assessment else self.quiz

    @cached_property
    def max_points(self) -> float:
        """Points the machine can award (written answers excluded)."""
        return sum(q.points for q in self.questions if q.auto_scored)
