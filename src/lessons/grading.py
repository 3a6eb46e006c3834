"""Grading hand-in files as data: nothing in a submission is ever executed.

Reads submission files, folders of them and zip archives; recomputes every score from the
answer key (the full quiz banks), never from a flag in the file; lists every bad input with
its reason and still grades the rest. Pure Python (no pandas, no plotting) so it starts fast.
"""
from __future__ import annotations

import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from lessons.handin import MAX_BYTES, SubmissionError, parse_submission
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


@dataclass
class Graded:
    """One learner's result."""

    learner_id: str
    name: str
    file: str
    quiz_scores: dict[str, float]
    question_scores: dict[tuple[str, str], float]
    question_answers: dict[tuple[str, str], Any]
    attempts: dict[tuple[str, str], int]
    written: dict[tuple[str, str], str]
    problems: int = 0

    @property
    def total(self) -> float:
        return sum(self.quiz_scores.values())


@dataclass
class Gradebook:
    """Everything grading produced."""

    banks: list[QuizBank]
    results: list[Graded] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files_read: int = 0

    @property
    def max_total(self) -> float:
        return sum(b.max_points for b in self.banks)


def iter_inputs(paths: list[Path]) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (label, bytes, problem) for every candidate file; bytes is None when it was refused."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in (".json", ".zip")):
                yield from iter_inputs([child])
        elif path.suffix.lower() == ".zip":
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


def pick_answer(question, entry: dict, policy: str) -> tuple[Any, float]:
    """The answer that counts under the policy, and its score."""
    history = [h.get("answer") for h in entry.get("history") or [] if isinstance(h, dict)]
    if policy == "first":
        chosen = history[0] if history else entry.get("answer")
        return chosen, check_answer(question, chosen).score
    if policy == "best" and history:
        candidates = history + [entry.get("answer")]
        scored = [(check_answer(question, a).score, a) for a in candidates]
        best = max(scored, key=lambda pair: pair[0])
        return best[1], best[0]
    return entry.get("answer"), check_answer(question, entry.get("answer")).score


def _answer_type_ok(question, answer: Any) -> bool:
    kind = question.kind
    if answer is None:
        return True
    return {
        "single": lambda a: isinstance(a, str), "text": lambda a: isinstance(a, str),
        "number": lambda a: isinstance(a, (str, int, float)) and not isinstance(a, bool),
        "truefalse": lambda a: isinstance(a, bool), "multiple": lambda a: isinstance(a, list),
        "order": lambda a: isinstance(a, list), "match": lambda a: isinstance(a, dict),
        "classify": lambda a: isinstance(a, dict),
    }[kind](answer)


def grade_document(doc: dict, label: str, banks: dict[str, QuizBank], policy: str | None,
                   problems: list[Problem]) -> Graded:
    """Score one parsed submission against the key."""
    learner = doc["learner"]
    result = Graded(learner["id"], learner.get("name", ""), label, {b: 0.0 for b in banks}, {}, {}, {}, {})
    for quiz_id, entries in doc["quizzes"].items():
        bank = banks.get(quiz_id)
        if bank is None:
            problems.append(Problem(label, f"unknown quiz id {quiz_id!r}; its answers were ignored", learner["id"]))
            result.problems += 1
            continue
        rule = policy or bank.scoring
        known = {q.id: q for q in bank.questions}
        for qid, entry in entries.items():
            q = known.get(qid)
            if q is None:
                problems.append(Problem(label, f"unknown question id in quiz {quiz_id}; ignored", learner["id"], qid))
                result.problems += 1
                continue
            if not _answer_type_ok(q, entry.get("answer")):
                problems.append(Problem(label, f"answer has the wrong type for a {q.kind} question; scored 0",
                                        learner["id"], qid))
                result.problems += 1
                continue
            key = (quiz_id, qid)
            if q.kind == "text":
                if isinstance(entry.get("answer"), str) and entry["answer"].strip():
                    result.written[key] = entry["answer"]
                continue
            answer, score = pick_answer(q, entry, rule)
            result.question_scores[key] = score
            result.question_answers[key] = answer
            result.attempts[key] = int(entry.get("attempts", 0))
            result.quiz_scores[quiz_id] += score
    return result


def grade(paths: list[Path], banks: list[QuizBank], policy: str | None = None) -> Gradebook:
    """Grade every submission found under ``paths``."""
    book = Gradebook(banks)
    by_quiz = {b.quiz: b for b in banks}
    seen: dict[str, tuple[str, str]] = {}
    graded: dict[str, Graded] = {}
    for label, raw, refused in iter_inputs(paths):
        book.files_read += 1
        if raw is None:
            book.problems.append(Problem(label, refused))
            continue
        try:
            doc = parse_submission(raw, "file")
        except SubmissionError as exc:
            book.problems.append(Problem(label, str(exc).removeprefix("file ").removeprefix("file: ")))
            continue
        ident = doc["learner"]["id"]
        saved_at = str(doc.get("saved_at", ""))
        if ident in seen:
            other_label, other_time = seen[ident]
            keep_new = saved_at > other_time
            dropped = other_label if keep_new else label
            kept = label if keep_new else other_label
            book.problems.append(Problem(dropped, f"second file for learner {ident!r}: graded the newer one "
                                                  f"({kept}); this one was not merged", ident))
            if not keep_new:
                continue
        seen[ident] = (label, saved_at)
        graded[ident] = grade_document(doc, label, by_quiz, policy, book.problems)
    book.results = sorted(graded.values(), key=lambda r: r.learner_id)
    return book


def item_statistics(book: Gradebook) -> list[dict]:
    """Per question: answered, share correct, discrimination (upper-lower 27%), option counts, mean attempts."""
    results = book.results
    ranked = sorted(results, key=lambda r: r.total)
    k = max(1, round(len(ranked) * 0.27)) if len(ranked) >= 4 else 0
    lower, upper = ranked[:k], ranked[-k:] if k else []
    rows = []
    for bank in book.banks:
        for q in bank.questions:
            key = (bank.quiz, q.id)
            if q.kind == "text":
                n = sum(1 for r in results if key in r.written)
                rows.append({"quiz": bank.quiz, "question": q.id, "kind": q.kind, "objective": q.objective,
                             "level": q.level, "points": 0, "answered": n, "share_correct": "",
                             "discrimination": "", "options_chosen": "", "mean_attempts": ""})
                continue
            answered = [r for r in results if key in r.question_scores]
            share = (sum(r.question_scores[key] for r in answered) / (len(answered) * q.points)
                     if answered and q.points else None)

            def mean_fraction(group):
                return sum(r.question_scores.get(key, 0.0) for r in group) / (len(group) * q.points)

            disc = mean_fraction(upper) - mean_fraction(lower) if k and q.points else None
            options = ""
            if q.kind in ("single", "multiple", "truefalse"):
                counts: Counter = Counter()
                for r in answered:
                    a = r.question_answers[key]
                    for choice in (a if isinstance(a, list) else [a]):
                        counts["True" if choice is True else "False" if choice is False else str(choice)] += 1
                labels = list(q.options) if q.kind != "truefalse" else ["True", "False"]
                options = " | ".join(f"{o}: {counts[o]}" for o in labels)
            attempts = [r.attempts[key] for r in answered]
            rows.append({"quiz": bank.quiz, "question": q.id, "kind": q.kind, "objective": q.objective,
                         "level": q.level, "points": q.points, "answered": len(answered),
                         "share_correct": "" if share is None else round(share, 3),
                         "discrimination": "" if disc is None else round(disc, 3), "options_chosen": options,
                         "mean_attempts": round(sum(attempts) / len(attempts), 2) if attempts else ""})
    return rows
