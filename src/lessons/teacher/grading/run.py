"""Grading a class: read every input, score each answers file, keep one file per learner (the newer),
in one process or, for large classes on Linux, two."""
from __future__ import annotations

import os
from pathlib import Path

from lessons.core.answers_file import AnswersFileError, parse, saved_time, time_problems
from lessons.teacher.grading.accounts import key_by_account, one_per_account, read_collections
from lessons.teacher.grading.inputs import SYMLINK_REASON, iter_inputs, plain_files
from lessons.teacher.grading.policy import ScoreCache, grade_document
from lessons.teacher.grading.results import Gradebook, Graded, Problem
from lessons.core.kinds.base import short_value
from lessons.core.quizbank import QuizBank


PARALLEL_FROM = 1000  # files; below this one process is faster than starting a second
_SHARED: dict = {}


def _grade_inputs(inputs, banks: list[QuizBank], policy: str | None, skip: frozenset[str] = frozenset(),
                  assessment: str | None = None):
    """Parse and score inputs; return ([(id, saved_at, Graded)], problems, files read)."""
    book = Gradebook(banks, skip_quizzes=skip, assessment=assessment)
    cache = ScoreCache()
    graded = []
    for label, raw, refused in inputs:
        book.files_read += 1
        if raw is None:
            book.problems.append(Problem(label, refused))
            continue
        try:
            doc = parse(raw, "file", deep=False)
        except AnswersFileError as exc:
            book.problems.append(Problem(label, str(exc).removeprefix("file ").removeprefix("file: ")))
            continue
        if book.course is not None and doc.get("course") != book.course:
            book.problems.append(Problem(label, f"field 'course' is {short_value(doc.get('course'))}, but the key is for "
                                                f"course {book.course!r}: not graded (an answers file from another "
                                                "course?)", doc["learner"]["id"]))
            continue
        try:
            result = grade_document(doc, label, book, policy, cache)
        except Exception as exc:  # a last guard: one file never stops the class (the property tests find these)
            book.problems.append(Problem(label, f"could not be graded (internal error {type(exc).__name__}); "
                                                "please report it with the file", doc["learner"]["id"]))
            continue
        for reason in time_problems(doc):
            book.problems.append(Problem(label, reason, doc["learner"]["id"]))
            result.problems += 1
        graded.append((doc["learner"]["id"], saved_time(doc).isoformat(), result))
    return graded, book.problems, book.files_read


def _grade_file_chunk(files: list[str]):
    return _grade_inputs(iter_inputs([Path(f) for f in files]), _SHARED["banks"], _SHARED["policy"], _SHARED["skip"],
                         _SHARED["assessment"])


def grade(paths: list[Path], banks: list[QuizBank], policy: str | None = None, workers: int | None = None,
          skip_quizzes: frozenset[str] | set[str] = frozenset(), assessment: str | None = None) -> Gradebook:
    """Grade every answers file found under ``paths`` (two processes for large classes on Linux).

    Answers to quizzes in ``skip_quizzes`` (known quizzes not being graded this time) are left aside quietly.
    With ``assessment``, only answers saved under '<quiz>@<assessment>' count and the final answer counts
    (unless ``policy`` says otherwise); without it, only practice answers (saved under the plain quiz id).
    """
    skip = frozenset(skip_quizzes)
    book = Gradebook(banks, skip_quizzes=skip, assessment=assessment)
    files, others, links = plain_files(paths)
    book.problems.extend(Problem(link, SYMLINK_REASON) for link in links)
    book.files_read += len(links)
    parts = [_grade_inputs(iter_inputs(others), banks, policy, skip, assessment)]
    workers = workers or min(2, os.cpu_count() or 1)
    if len(files) >= PARALLEL_FROM and workers > 1 and hasattr(os, "fork"):
        import multiprocessing

        _SHARED.update(banks=banks, policy=policy, skip=skip, assessment=assessment)
        chunks = [files[i::workers] for i in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts += pool.map(_grade_file_chunk, chunks)
    else:
        parts.append(_grade_inputs(iter_inputs([Path(f) for f in files]), banks, policy, skip, assessment))
    found = read_collections(paths)
    graded = []
    for part, problems, files_read in parts:
        book.problems.extend(problems)
        book.files_read += files_read
        graded += part
    by_hand, verified = key_by_account(graded, found, book.problems)
    for p in book.problems:
        p.learner = found.accounts.get(p.file, p.learner)
    book.problems.extend(found.problems)
    accounts = one_per_account(verified, book.problems)
    typed = _one_per_typed_id(by_hand, book)
    book.results = sorted([*accounts, *_not_an_account(typed, accounts, book.problems)], key=lambda r: r.learner_id)
    return book


def _not_an_account(typed: list[Graded], accounts: list[Graded], problems: list[Problem]) -> list[Graded]:
    """Files collected by hand whose typed learner id is not an account graded from a collection."""
    taken = {r.learner_id: r.file for r in accounts}
    for r in typed:
        if r.learner_id in taken:
            problems.append(Problem(r.file, f"names learner {r.learner_id!r}, an account graded from collected.csv "
                                            f"({taken[r.learner_id]}): this file, collected by hand, was not graded",
                                    r.learner_id))
    return [r for r in typed if r.learner_id not in taken]


def _one_per_typed_id(graded: list[tuple[str, str, Graded]], book: Gradebook) -> list[Graded]:
    """Files collected by hand: one per typed learner id, the newer by saved_at, the other a problem line."""
    chosen: dict[str, tuple[str, Graded]] = {}
    for ident, saved_at, result in sorted(graded, key=lambda g: g[2].file):
        if ident in chosen:
            kept_time, kept = chosen[ident]
            newer = saved_at > kept_time
            dropped, winner = (kept, result) if newer else (result, kept)
            book.problems = [p for p in book.problems if p.file != dropped.file]  # not graded: its faults are moot
            book.problems.append(Problem(dropped.file, f"second file for learner {ident!r}: graded the newer "
                                                       f"one ({winner.file}); this one was not merged", ident))
            if not newer:
                continue
        chosen[ident] = (saved_at, result)
    return [r for _, r in chosen.values()]
