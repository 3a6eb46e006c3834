"""Grading answers files as data: nothing in an answers file is ever executed.

Reads answers files, folders of them and zip archives; recomputes every score from the
answer key (the full quiz banks), never from a flag in the file; lists every bad input with
its reason and still grades the rest. Pure Python (no pandas, no plotting) so it starts fast.
"""
from __future__ import annotations

import os
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from lessons.answers_file import MAX_BYTES, AnswersFileError, check_entry, parse
from lessons.kinds import kind_of
from lessons.kinds.base import chosen_labels, short_value
from lessons.learner import CURRENT_FILE
from lessons.learner_copy import split_quiz_id
from lessons.quizbank import QuizBank
from lessons.scoring import check_answer

MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_TOTAL = 500_000_000
MAX_ZIP_RATIO = 100  # uncompressed / compressed, beyond which a large member is treated as a zip bomb
POLICIES = ("first", "best", "last")


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


@dataclass
class Gradebook:
    """Everything grading produced."""

    banks: list[QuizBank]
    results: list[Graded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0
    skip_quizzes: frozenset[str] = frozenset()  # known quizzes not graded this time: their answers are left aside
    marks: dict = field(default_factory=dict)  # (learner id, question index) -> the teacher's Mark (lessons.marks)
    assessment: str | None = None  # grade answers saved under '<quiz>@<assessment>' (None: practice answers)

    def __post_init__(self) -> None:
        self.questions = [(b, q) for b in self.banks for q in b.questions]
        self.index = {(b.quiz, q.id): i for i, (b, q) in enumerate(self.questions)}
        self.set_quizzes = frozenset(b.quiz for b in self.banks)
        self.kinds = [kind_of(q) for _, q in self.questions]
        self.options = [kind.option_labels(q) for kind, (_, q) in zip(self.kinds, self.questions)]
        self.max_total = sum(b.max_points for b in self.banks)
        self.course = course_of(self.banks)

    def mark_set(self, quizzes) -> None:
        """Only these quizzes were set: percentages count their points; the others show empty, not 0."""
        self.set_quizzes = frozenset(quizzes)
        self.max_total = sum(b.max_points for b in self.banks if b.quiz in self.set_quizzes)

    def answered_quizzes(self) -> set[str]:
        """The quizzes at least one learner answered (what was set, when nothing says otherwise)."""
        found: set[str] = set()
        for bank in self.banks:
            span = [self.index[(bank.quiz, q.id)] for q in bank.questions]
            if any(r.scores[i] is not None or i in r.written for r in self.results for i in span):
                found.add(bank.quiz)
        return found


def course_of(banks: list[QuizBank]) -> str | None:
    """The id in the course.yaml beside the key's quiz banks (None when there is none to compare with)."""
    from lessons.course import course_of_banks

    course = course_of_banks(banks)
    return course.id if course else None


def iter_inputs(paths: list[Path]) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (label, bytes, problem) for each file or zip member; bytes is None when it was refused.

    Folders are expanded beforehand by ``_plain_files``.
    """
    for path in paths:
        path = Path(path)
        if path.suffix.lower() == ".zip":
            yield from _zip_members(path)
        elif path.is_file():
            size = path.stat().st_size
            if size > MAX_BYTES:
                yield str(path), None, f"file is {size:,} bytes, over the {MAX_BYTES:,}-byte limit for an answers file"
            else:
                yield str(path), path.read_bytes(), ""
        else:
            yield str(path), None, "no such file or folder"


def _zip_members(path: Path) -> Iterator[tuple[str, bytes | None, str]]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        yield str(path), None, f"not a readable zip archive ({exc})"
        return
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_ZIP_MEMBERS:
            yield str(path), None, f"archive holds {len(members):,} files (limit {MAX_ZIP_MEMBERS:,}); split it"
            return
        total = 0
        for m in members:
            label = f"{path}!{m.filename}"
            name = m.filename.replace("\\", "/")
            if name.startswith("/") or ".." in name.split("/") or (len(name) > 1 and name[1] == ":"):
                yield label, None, "unsafe path inside the archive (absolute or with '..'); not read"
                continue
            if name.lower().endswith(".zip"):
                yield label, None, ("a zip archive inside the archive: not opened; unzip it and grade its files "
                                    "(or give it to 'lessons grade' on its own)")
                continue
            if not name.lower().endswith(".json"):
                continue
            if m.file_size > MAX_BYTES:
                yield label, None, f"member is {m.file_size:,} bytes, over the {MAX_BYTES:,}-byte limit"
                continue
            if m.compress_size and m.file_size > 1_000_000 and m.file_size / m.compress_size > MAX_ZIP_RATIO:
                yield label, None, "compression ratio too high (possible zip bomb); not read"
                continue
            total += m.file_size
            if total > MAX_ZIP_TOTAL:
                yield label, None, f"archive expands past {MAX_ZIP_TOTAL:,} bytes; the rest was not read"
                return
            with archive.open(m) as handle:
                data = handle.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                yield label, None, "member larger than its header says; not read"
                continue
            yield label, data, ""


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
        graded.append((doc["learner"]["id"], str(doc.get("saved_at", "")), result))
    return graded, book.problems, book.files_read


def _grade_file_chunk(files: list[str]):
    return _grade_inputs(iter_inputs([Path(f) for f in files]), _SHARED["banks"], _SHARED["policy"], _SHARED["skip"],
                         _SHARED["assessment"])


SYMLINK_REASON = "symbolic link: listed, not followed (copy the file itself into the folder to grade it)"


def _plain_files(paths: list[Path]) -> tuple[list[str], list[Path], list[str]]:
    """Split inputs into plain .json files (gradable in parallel), the rest (zips, missing paths), and links.

    Inside a folder, symbolic links (to files or folders) are listed, never followed: a link could lead
    anywhere on the machine. A path given on the command line is taken as it is.
    """
    files, others, links = [], [], []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = []
            for folder, subfolders, names in os.walk(path):
                for name in subfolders:
                    if os.path.islink(os.path.join(folder, name)):
                        links.append(os.path.join(folder, name))
                found += [os.path.join(folder, name) for name in names
                          if name != CURRENT_FILE and not name.startswith(".")]  # who was signed in, locks, temp files
            for child in sorted(found):
                if os.path.islink(child):
                    links.append(child)
                elif child.lower().endswith(".json"):
                    files.append(child)
                elif child.lower().endswith(".zip"):
                    others.append(Path(child))
        elif path.is_file() and path.suffix.lower() != ".zip":
            files.append(str(path))
        else:
            others.append(path)
    return files, others, sorted(links)


def grade(paths: list[Path], banks: list[QuizBank], policy: str | None = None, workers: int | None = None,
          skip_quizzes: set[str] = frozenset(), assessment: str | None = None) -> Gradebook:
    """Grade every answers file found under ``paths`` (two processes for large classes on Linux).

    Answers to quizzes in ``skip_quizzes`` (known quizzes not being graded this time) are left aside quietly.
    With ``assessment``, only answers saved under '<quiz>@<assessment>' count and the final answer counts
    (unless ``policy`` says otherwise); without it, only practice answers (saved under the plain quiz id).
    """
    skip = frozenset(skip_quizzes)
    book = Gradebook(banks, skip_quizzes=skip, assessment=assessment)
    files, others, links = _plain_files(paths)
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
    chosen: dict[str, tuple[str, Graded]] = {}
    for graded, problems, files_read in parts:
        book.problems.extend(problems)
        book.files_read += files_read
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
    book.results = sorted((r for _, r in chosen.values()), key=lambda r: r.learner_id)
    return book


choice_labels = chosen_labels  # the option labels an answer to a choice question picked


def item_statistics(book: Gradebook) -> list[dict]:
    """Per question: answered, share correct, discrimination (upper-lower 27%), option counts, mean attempts."""
    results = book.results
    size = len(book.questions)
    ranked = sorted(results, key=lambda r: r.total)
    k = max(1, round(len(ranked) * 0.27)) if len(ranked) >= 4 else 0
    answered, points, attempts = [0] * size, [0.0] * size, [0] * size
    upper_pts, lower_pts, written = [0.0] * size, [0.0] * size, [0] * size
    options: list[Counter] = [Counter() for _ in range(size)]
    choice_qs = [i for i, labels in enumerate(book.options) if labels]
    for r in results:
        for i, value in enumerate(r.scores):
            if value is not None:
                answered[i] += 1
                points[i] += value
                attempts[i] += r.attempts[i]
        for i in r.written:
            written[i] += 1
        for i in choice_qs:
            choice = r.choices[i]
            if type(choice) is str:
                options[i][choice] += 1
            elif choice is not None:
                options[i].update(choice_labels(choice))
    for group, store in ((ranked[-k:] if k else [], upper_pts), (ranked[:k], lower_pts)):
        for r in group:
            for i, value in enumerate(r.scores):
                if value:
                    store[i] += value
    rows = []
    for i, (bank, q) in enumerate(book.questions):
        row = {"quiz": bank.quiz, "question": q.id, "kind": q.kind, "objective": q.objective, "level": q.level,
               "points": q.points if q.auto_scored else 0, "answered": answered[i], "share_correct": "",
               "discrimination": "", "options_chosen": "", "mean_attempts": ""}
        if not q.auto_scored:
            row["answered"] = written[i]
        elif q.points:
            if answered[i]:
                row["share_correct"] = round(points[i] / (answered[i] * q.points), 3)
                row["mean_attempts"] = round(attempts[i] / answered[i], 2)
            if k:
                row["discrimination"] = round((upper_pts[i] - lower_pts[i]) / (k * q.points), 3)
        if i in choice_qs:
            row["options_chosen"] = " | ".join(f"{o}: {options[i][o]}" for o in book.options[i])
        rows.append(row)
    return rows
