"""The response store: one JSON file per learner, written on every answer, never lost.

Each write takes an exclusive lock on the learner's lock file, re-reads the file, changes
one answer, writes a temporary file, flushes it to disk and atomically replaces the old
file. So a kill at any moment leaves either the old or the new file, and two notebooks
(two kernels) of the same learner never overwrite each other's answers.
A damaged file is never overwritten: it is moved aside with a time stamp.
"""
from __future__ import annotations

import fcntl
import json
import os
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from lessons import __version__
from lessons.learner import display_name, learner_id, legacy_id, responses_dir

FORMAT = "lessons-submission"
SCHEMA_VERSION = 1
COURSE_ID = "us-iraq-2021"
MAX_HISTORY = 50


def now_iso() -> str:
    """The time now, UTC, ISO 8601 to the millisecond."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def empty_document(name: str, ident: str) -> dict:
    """A submission document with no answers yet."""
    return {
        "format": FORMAT, "schema_version": SCHEMA_VERSION, "course": COURSE_ID,
        "package_version": __version__, "learner": {"id": ident, "name": name},
        "saved_at": now_iso(), "quizzes": {},
    }


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path: Path, data: bytes) -> None:
    """Write bytes to path so that a crash leaves the old file or the new one, never half of one."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


class ResponseStore:
    """The answers of one learner, kept in ``<folder>/<learner id>.json``."""

    def __init__(self, name: str, folder: Path | None = None):
        self.name = display_name(name)
        self.id = learner_id(name)
        self.folder = Path(folder) if folder else responses_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{self.id}.json"
        self.notice = ""  # a plain-words message for the learner, e.g. after a damaged file
        self.last_written: dict | None = None  # the document as this store last saved it
        self._adopt_legacy_file()

    def _adopt_legacy_file(self) -> None:
        """Rename a file this learner saved under an older id ('ana-lopez' for 'Ana López').

        Only when it carries exactly this display name, so someone else's file is never taken.
        """
        old = legacy_id(self.name)
        if not old or old == self.id or self.path.exists():
            return
        legacy = self.folder / f"{old}.json"
        try:
            doc = json.loads(legacy.read_text(encoding="utf-8"))
            if doc["learner"]["name"].strip() != self.name:
                return
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return
        with self._locked():
            if not self.path.exists():
                doc["learner"] = {"id": self.id, "name": self.name}
                write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
                legacy.unlink(missing_ok=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.folder / f".{self.id}.lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _read_unlocked(self) -> dict:
        for stale in self.folder.glob(f".{self.id}.*.tmp"):
            stale.unlink(missing_ok=True)  # left by a writer killed mid-write; we hold the lock
        if not self.path.exists():
            return empty_document(self.name, self.id)
        raw = self.path.read_bytes()
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not (isinstance(doc, dict) and doc.get("format") == FORMAT
                    and isinstance(doc.get("quizzes"), dict)):
                raise ValueError("not a response file")
            return doc
        except (ValueError, UnicodeDecodeError):
            return self._move_damaged_aside()

    def _move_damaged_aside(self) -> dict:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.folder / f"{self.id}.damaged-{stamp}.json"
        os.replace(self.path, aside)
        self.notice = (f"Your saved answers file could not be read, so it was kept as '{aside.name}' "
                       f"in {self.folder} and a new file was started. Your earlier answers are in that "
                       "file: show it to your teacher, or load it with 'Load answers from a file' once repaired.")
        return empty_document(self.name, self.id)

    def load(self) -> dict:
        """The learner's whole document (answers of every quiz)."""
        with self._locked():
            return self._read_unlocked()

    def entries(self, quiz: str) -> dict[str, dict]:
        """Saved entries of one quiz: question id -> {answer, attempts, ...}."""
        return self.load()["quizzes"].get(quiz, {})

    def record(self, quiz: str, qid: str, answer: Any, when: str | None = None) -> dict:
        """Save one answer (one attempt) at once; return the question's saved entry."""
        when = when or now_iso()
        with self._locked():
            doc = self._read_unlocked()
            entry = doc["quizzes"].setdefault(quiz, {}).get(qid) or {
                "answer": None, "attempts": 0, "first_at": when, "history": []}
            entry["answer"] = answer
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            entry["last_at"] = when
            history = entry.setdefault("history", [])
            history.append({"answer": answer, "at": when})
            if len(history) > MAX_HISTORY:
                del history[1:len(history) - MAX_HISTORY + 1]  # keep the first attempt
            doc["quizzes"][quiz][qid] = entry
            doc["learner"] = {"id": self.id, "name": self.name}
            doc["package_version"] = __version__
            doc["saved_at"] = when
            write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
            self.last_written = doc
            return entry

    def record_exercise(self, exercise_id: str, right: bool, when: str | None = None) -> dict:
        """Save one check of a Try-it exercise; ``right`` stays true once the exercise was done right."""
        when = when or now_iso()
        with self._locked():
            doc = self._read_unlocked()
            exercises = doc.setdefault("exercises", {})
            entry = exercises.get(exercise_id) or {"right": False, "attempts": 0, "first_at": when}
            entry["right"] = bool(entry.get("right")) or bool(right)
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            entry["last_at"] = when
            exercises[exercise_id] = entry
            doc["learner"] = {"id": self.id, "name": self.name}
            doc["saved_at"] = when
            write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
            self.last_written = doc
            return entry

    def mark_explanation_shown(self, quiz: str, qid: str, when: str | None = None) -> dict:
        """Record that the learner asked to see a question's explanation (the teacher sees it)."""
        when = when or now_iso()
        with self._locked():
            doc = self._read_unlocked()
            entry = doc["quizzes"].setdefault(quiz, {}).get(qid) or {
                "answer": None, "attempts": 0, "first_at": when, "history": []}
            entry.setdefault("explanation_shown_at", when)
            doc["quizzes"][quiz][qid] = entry
            doc["learner"] = {"id": self.id, "name": self.name}
            doc["saved_at"] = when
            write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
            self.last_written = doc
            return entry

    def merge(self, incoming: dict) -> int:
        """Bring in answers from a loaded submission; the newer entry of each question wins.

        Returns how many question entries were taken from ``incoming``.
        """
        taken = 0
        with self._locked():
            doc = self._read_unlocked()
            for quiz, entries in incoming.get("quizzes", {}).items():
                mine = doc["quizzes"].setdefault(quiz, {})
                for qid, entry in entries.items():
                    ours = mine.get(qid)
                    if ours is None or str(entry.get("last_at", "")) > str(ours.get("last_at", "")):
                        mine[qid] = entry
                        taken += 1
            done = doc.setdefault("exercises", {})
            for exercise_id, entry in (incoming.get("exercises") or {}).items():
                ours = done.get(exercise_id)
                if ours is None or str(entry.get("last_at", "")) > str(ours.get("last_at", "")):
                    done[exercise_id] = entry
                    taken += 1
            doc["saved_at"] = now_iso()
            write_atomically(self.path, json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))
        return taken

    def submission_bytes(self, doc: dict | None = None) -> bytes:
        """The hand-in file's bytes: the saved document (read now unless given), with the time of export."""
        doc = dict(doc) if doc is not None else self.load()
        doc["exported_at"] = now_iso()
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
