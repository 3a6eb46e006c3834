"""What to grade and how, decided before any answers file is read: the one input of ``grade()``."""
from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from lessons.core.quizbank import QuizBank


@dataclass(frozen=True)
class GradeRequest:
    """Everything ``grade()`` needs. Lists and sets given are kept as tuples and frozensets (a request never
    changes)."""

    paths: Sequence[Path]  # answers files, folders of them, zip archives
    banks: Sequence[QuizBank]  # the full quiz banks (with answers) of the quizzes graded
    policy: str | None = None  # 'first', 'best', 'last'; None: each bank's scoring (the final answer in an assessment)
    skip_quizzes: Set[str] = frozenset()  # known quizzes not graded this time: their answers are left aside
    assessment: str | None = None  # grade answers saved under '<quiz>@<assessment>' (None: practice answers)
    marks: Path | None = None  # the teacher's marks sheet for written answers (``lessons marks``), if any
    set_by_answers: bool = False  # the quizzes set are those anyone answered (else every bank given)
    course: str | None = None  # the course id answers files must carry; None: the course.yaml beside the banks
    workers: int | None = None  # processes for a large class (None: up to two)
    exercise_points: Mapping[str, tuple[str, float]] = field(default_factory=dict)  # Try-it exercise id ->
    #   (its lesson, its points), for exercises that give points (exercises.yaml); they count where their lesson's
    #   quiz is set

    def __post_init__(self) -> None:
        object.__setattr__(self, "paths", tuple(Path(p) for p in self.paths))
        object.__setattr__(self, "banks", tuple(self.banks))
        object.__setattr__(self, "skip_quizzes", frozenset(self.skip_quizzes))
        object.__setattr__(self, "exercise_points", MappingProxyType(dict(self.exercise_points)))
        if self.marks is not None:
            object.__setattr__(self, "marks", Path(self.marks))
