"""What grading produces: one result per learner, the problems found, the gradebook holding them;
and the one percent function (points of the quizzes set), guarded against nothing being set."""
from __future__ import annotations

from dataclasses import dataclass, field

from lessons.core.kinds import kind_of
from lessons.core.quizbank import QuizBank


def percent(points: float, maximum: float) -> float | None:
    """Points as a percent of ``maximum``; None when there is nothing to count (a key of written questions only)."""
    return 100 * points / maximum if maximum else None


@dataclass
class Problem:
    """One bad input: where it came from and why it was set aside (or graded only in part)."""

    file: str
    reason: str
    learner: str = ""
    question: str = ""


@dataclass(slots=True)
class Graded:
    """One learner's result, kept compact (lists indexed like ``Gradebook.questions``)."""

    learner_id: str
    name: str
    file: str
    quiz_scores: dict[str, float]
    scores: list  # float per question, None where not answered (or written)
    attempts: list  # int per question
    choices: list  # what the kind keeps of the answer that counted: option label(s), the number typed
    written: dict[int, str]
    problems: int = 0
    total: float = 0.0  # set once scoring is done
    exercises_done: int = 0  # Try-it exercises checked right (shown, not graded)
    typed_id: str = ""  # the learner id typed in the file (learner_id is the account when one is known)
    identity: str = ""  # where learner_id comes from: 'account' (collected.csv) or typed, not verified


@dataclass
class Gradebook:
    """Everything grading produced."""

    banks: list[QuizBank]
    results: list[Graded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    skip_quizzes: frozenset[str] = frozenset()  # known quizzes not graded this time: their answers are left aside
    marks: dict = field(default_factory=dict)  # (learner id, question index) -> the teacher's Mark (lessons.teacher.marks)
    assessment: str | None = None  # grade answers saved under '<quiz>@<assessment>' (None: practice answers)
    written_marked: bool = False  # a marks sheet was read: written questions' points count in every maximum

    def __post_init__(self) -> None:
        self.questions = [(b, q) for b in self.banks for q in b.questions]
        self.index = {(b.quiz, q.id): i for i, (b, q) in enumerate(self.questions)}
        self.set_quizzes = frozenset(b.quiz for b in self.banks)
        self.kinds = [kind_of(q) for _, q in self.questions]
        self.auto_scored = [k.auto_scored for k in self.kinds]  # per question: marked by the machine
        self.options = [kind.option_labels(q) for kind, (_, q) in zip(self.kinds, self.questions)]
        self.max_total = sum(b.max_points for b in self.banks)
        from lessons.teacher.grading.policy import course_of

        self.course = course_of(self.banks)

    def mark_set(self, quizzes) -> None:
        """Only these quizzes were set: percentages count their points; the others show empty, not 0."""
        self.set_quizzes = frozenset(quizzes)
        self.max_total = sum(self.quiz_max(b) for b in self.banks if b.quiz in self.set_quizzes)

    def quiz_max(self, bank: QuizBank) -> float:
        """A quiz's maximum: its machine-marked points, plus its written questions' points once the teacher's
        marks are in (``lessons.teacher.marks.apply_marks``). Every output (gradebook, feedback, report, LMS file) uses
        this one figure, so a marked quiz never reads '2 of 1'."""
        written = sum(q.points for q in bank.questions if not q.auto_scored) if self.written_marked else 0.0
        return bank.max_points + written

    def answered_quizzes(self) -> set[str]:
        """The quizzes at least one learner answered (what was set, when nothing says otherwise)."""
        found: set[str] = set()
        for bank in self.banks:
            span = [self.index[(bank.quiz, q.id)] for q in bank.questions]
            if any(r.scores[i] is not None or i in r.written for r in self.results for i in span):
                found.add(bank.quiz)
        return found
