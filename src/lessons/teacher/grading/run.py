"""Grading a class: request in, gradebook out, as a list of steps. Read every input and score each
answers file (in one process or, for large classes on Linux, two); key each file by its account where a
collection's manifest says whose it is (``accounts``), else by the typed learner id, one file per learner;
read the teacher's marks; build the read-only gradebook the writers use."""
from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Iterator, Mapping, Sequence

from lessons.core.answers_file import AnswersFileError, parse, saved_time, time_problems
from lessons.core.kinds.base import short_value
from lessons.core.quizbank import QuizBank
from lessons.teacher.grading.accounts import Collections, key_by_account, one_per_account, read_collections
from lessons.teacher.grading.inputs import SYMLINK_REASON, iter_inputs, plain_files
from lessons.teacher.grading.request import GradeRequest
from lessons.teacher.grading.results import NOTHING, Graded, Gradebook, Mark, Problem, QuestionTable
from lessons.teacher.grading.score_cache import ScoreCache
from lessons.teacher.grading.score_file import ClassScorer, Scored, ScoringPlan

PARALLEL_FROM = 1000  # files; below this one process is faster than starting a second
_SHARED: dict = {}  # the plan, for the second process (forked: never pickled)


class _Batch:
    """What one pass over some inputs gave: results, problems, files read."""

    __slots__ = ("scored", "problems", "files_read")

    def __init__(self, scored: list[Scored], problems: list[Problem], files_read: int) -> None:
        self.scored, self.problems, self.files_read = scored, problems, files_read


def grade(request: GradeRequest) -> Gradebook:
    """Grade every answers file found under ``request.paths`` against ``request.banks``.

    Answers to quizzes in ``skip_quizzes`` are left aside quietly. With ``assessment``, only answers saved
    under '<quiz>@<assessment>' count and the final answer counts (unless ``policy`` says otherwise);
    without it, only practice answers (saved under the plain quiz id). The marks sheet, if any, adds the
    teacher's points for written answers, and those questions' points then count in every maximum.
    """
    table = QuestionTable.of(request.banks)
    plan = ScoringPlan(table, request.policy, request.skip_quizzes, request.assessment,
                       request.course or course_of(request.banks))
    kept, problems, files_read = _one_per_learner(_score_inputs(request, plan), read_collections(list(request.paths)))
    marks: dict[tuple[str, int], Mark] = {}
    if request.marks is not None:
        from lessons.teacher.grading.marks_sheet import read_marks

        marks, mark_problems = read_marks(request.marks, table, {s.learner_id for s in kept})
        problems += mark_problems
    by_learner = _marks_by_learner(marks, table)
    set_quizzes = (_answered_quizzes(table, kept) if request.set_by_answers
                   else frozenset(b.quiz for b in request.banks))
    counted = counted_exercises(request, set_quizzes)
    results = tuple(_graded(s, by_learner.get(s.learner_id, ()), counted) for s in _handed_out(kept))
    return Gradebook(table, results, tuple(problems), files_read, set_quizzes,
                     MappingProxyType(marks) if request.marks is not None else NOTHING,
                     request.assessment, request.policy, written_marked=request.marks is not None,
                     exercise_max=sum(counted.values()))


def counted_exercises(request: GradeRequest, set_quizzes: frozenset[str]) -> dict[str, float]:
    """The Try-it exercises that give points and belong to a lesson whose quiz is set: id -> points."""
    lessons = {b.lesson for b in request.banks if b.quiz in set_quizzes}
    return {ident: points for ident, (lesson, points) in request.exercise_points.items()
            if lesson in lessons and points > 0}


def course_of(banks: Iterable[QuizBank]) -> str | None:
    """The id in the course.yaml beside the key's quiz banks (None when there is none to compare with)."""
    from lessons.core.course import course_of_banks

    course = course_of_banks(list(banks))
    return course.id if course else None


def _score_inputs(request: GradeRequest, plan: ScoringPlan) -> list[_Batch]:
    """Read and score every input: links listed, archives and the like first, then the plain files."""
    files, others, links = plain_files(list(request.paths))
    batches = [_Batch([], [Problem(link, SYMLINK_REASON) for link in links], len(links)),
               _score_batch(iter_inputs(others), plan)]
    workers = request.workers or min(2, os.cpu_count() or 1)
    if len(files) >= PARALLEL_FROM and workers > 1 and hasattr(os, "fork"):
        import multiprocessing

        _SHARED["plan"] = plan
        chunks = [files[i::workers] for i in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            batches += pool.map(_score_file_chunk, chunks)
    else:
        batches.append(_score_batch(iter_inputs([Path(f) for f in files]), plan))
    return batches


def _score_file_chunk(files: list[str]) -> _Batch:
    return _score_batch(iter_inputs([Path(f) for f in files]), _SHARED["plan"])


def _score_batch(inputs, plan: ScoringPlan) -> _Batch:
    """Parse and score inputs (label, bytes, why refused); one bad file never stops the rest."""
    batch = _Batch([], [], 0)
    scorer = ClassScorer(plan, ScoreCache())
    for label, raw, refused in inputs:
        batch.files_read += 1
        if raw is None:
            batch.problems.append(Problem(label, refused))
            continue
        scored, problems = _score_one(label, raw, scorer)
        batch.problems += problems
        if scored is not None:
            batch.scored.append(scored)
    return batch


def _score_one(label: str, raw: bytes, scorer: ClassScorer) -> tuple[Scored | None, list[Problem]]:
    """One input's result (None when it cannot be graded) and its problems."""
    try:
        doc = parse(raw, "file", deep=False)
    except AnswersFileError as exc:
        return None, [Problem(label, str(exc).removeprefix("file ").removeprefix("file: "))]
    learner, plan = doc["learner"]["id"], scorer.plan
    if plan.course is not None and doc.get("course") != plan.course:
        return None, [Problem(label, f"field 'course' is {short_value(doc.get('course'))}, but the key is for "
                                     f"course {plan.course!r}: not graded (an answers file from another course?)",
                              learner)]
    try:
        scored, problems = scorer.score(doc, label)
    except Exception as exc:  # a last guard: one file never stops the class (the property tests find these)
        return None, [Problem(label, f"could not be graded (internal error {type(exc).__name__}); "
                                     "please report it with the file", learner)]
    for reason in time_problems(doc):
        problems.append(Problem(label, reason, learner))
        scored.problems += 1
    scored.saved_at = saved_time(doc).isoformat()
    return scored, problems


def _one_per_learner(batches: list[_Batch], found: Collections) -> tuple[list[Scored], list[Problem], int]:
    """One result per learner, by learner id: files in a collection keyed by their account, one per account
    (``accounts``); files collected by hand by their typed id, the newer of two. Also the problems (less those
    of files not graded, plus a line for each file set aside) and the number of files read."""
    scored: list[Scored] = []
    problems: list[Problem] = []
    for batch in batches:
        problems += batch.problems
        scored += batch.scored
    by_hand, verified = key_by_account([(s.learner_id, s.saved_at, s) for s in scored], found, problems)
    problems = [replace(p, learner=found.accounts[p.file]) if p.file in found.accounts else p for p in problems]
    problems += found.problems
    accounts = one_per_account(verified, problems)
    typed, problems = _one_per_typed_id(by_hand, problems)
    kept = sorted([*accounts, *_not_an_account(typed, accounts, problems)], key=lambda s: s.learner_id)
    return kept, problems, sum(batch.files_read for batch in batches)


def _not_an_account(typed: list[Scored], accounts: list[Scored], problems: list[Problem]) -> list[Scored]:
    """Files collected by hand whose typed learner id is not an account graded from a collection."""
    taken = {r.learner_id: r.file for r in accounts}
    for r in typed:
        if r.learner_id in taken:
            problems.append(Problem(r.file, f"names learner {r.learner_id!r}, an account graded from collected.csv "
                                            f"({taken[r.learner_id]}): this file, collected by hand, was not graded",
                                    r.learner_id))
    return [r for r in typed if r.learner_id not in taken]


def _one_per_typed_id(graded: list[tuple[str, str, Scored]],
                      problems: list[Problem]) -> tuple[list[Scored], list[Problem]]:
    """Files collected by hand: one per typed learner id, the newer by saved_at, the other a problem line
    (and its own problems dropped: not graded, its faults are moot). Returns the files kept and the problems."""
    chosen: dict[str, tuple[str, Scored]] = {}
    for ident, saved_at, result in sorted(graded, key=lambda g: g[2].file):
        if ident in chosen:
            kept_time, kept = chosen[ident]
            newer = saved_at > kept_time
            dropped, winner = (kept, result) if newer else (result, kept)
            problems = [p for p in problems if p.file != dropped.file]
            problems.append(Problem(dropped.file, f"second file for learner {ident!r}: graded the newer "
                                                  f"one ({winner.file}); this one was not merged", ident))
            if not newer:
                continue
        chosen[ident] = (saved_at, result)
    return [r for _, r in chosen.values()], problems


def _marks_by_learner(marks: dict[tuple[str, int], Mark], table: QuestionTable) -> dict[str, list[tuple[str, float]]]:
    """Per learner, (quiz, points) of each mark, in the sheet's order."""
    found: dict[str, list[tuple[str, float]]] = {}
    for (learner, i), mark in marks.items():
        found.setdefault(learner, []).append((table.questions[i][0].quiz, mark.points))
    return found


def _handed_out(records: list[Scored]) -> Iterator[Scored]:
    """Each scoring record once, let go of as it is handed out: a large class's records are freed one by one
    as their read-only results are built, never all held twice (10,000 learners: about 20 MB)."""
    for i in range(len(records)):
        record = records[i]
        records[i] = None  # type: ignore[call-overload]
        yield record


def _graded(scored: Scored, marked: Iterable[tuple[str, float]], exercises: Mapping[str, float]) -> Graded:
    """A learner's read-only result, with the teacher's marks for their written answers and the points of the
    exercises they got right added."""
    quiz_scores = scored.quiz_scores  # the record is let go of: its mapping is the result's
    exercise_points = sum(exercises.get(ident, 0.0) for ident in scored.exercises_right)
    total = sum(quiz_scores.values()) + exercise_points
    for quiz, points in marked:
        quiz_scores[quiz] += points
        total += points
    return Graded(scored.learner_id, scored.name, scored.file, MappingProxyType(quiz_scores), tuple(scored.scores),
                  tuple(scored.attempts), tuple(scored.choices), MappingProxyType(scored.written), scored.problems,
                  total, scored.exercises_done, scored.typed_id, scored.identity, exercise_points,
                  MappingProxyType(scored.explained) if scored.explained else NOTHING)


def _answered_quizzes(table: QuestionTable, results: Sequence[Scored]) -> frozenset[str]:
    """The quizzes at least one learner answered (what was set, when nothing says otherwise)."""
    found = set()
    for bank in table.banks:
        span = table.positions(bank)
        if any(r.scores[i] is not None or i in r.written for r in results for i in span):
            found.add(bank.quiz)
    return frozenset(found)
