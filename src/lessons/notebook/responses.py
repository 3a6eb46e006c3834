"""The learner's store: their answers file, written on every answer, never lost.

Each write takes an exclusive lock on the learner's lock file, re-reads the file, changes
one answer, writes a temporary file, flushes it to disk and atomically replaces the old
file. So a kill at any moment leaves either the old or the new file, and two notebooks
(two kernels) of the same learner never overwrite each other's answers.
A damaged file is never overwritten: it is moved aside with a time stamp.
The file's format belongs to ``lessons.core.answers_file``; this module only keeps it.
"""
from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator

from lessons import __version__
from lessons.core import answers_file as af
from lessons.core import atomic_file
from lessons.core.learner_ids import display_name, earlier_ids, learner_id, responses_dir

now_iso = af.now_iso


@dataclass(frozen=True)
class Snapshot:
    """The answers file as read now, and a message for the learner when something had to be done
    (a damaged file moved aside); the view shows the notice."""

    document: dict
    notice: str = ""


@dataclass(frozen=True)
class Saved:
    """What saving one answer gave: the question's entry, the whole document as written, and a notice
    for the learner when the file on disk was damaged and had to be moved aside first."""

    entry: dict
    document: dict
    notice: str = ""


ANSWERS_MODE = 0o600  # the learner's own answers: readable by them alone


def write_atomically(path: Path, data: bytes) -> None:
    """Write bytes to path so that a crash leaves the old file or the new one, never half of one."""
    atomic_file.write_bytes(path, data, mode=ANSWERS_MODE, sync_folder=True)


class ResponseStore:
    """The answers of one learner, kept in ``<folder>/<learner id>.json`` (their answers file)."""

    # who wants to hear of each save of a file in this kernel (e.g. every download link of the learner)
    _watchers: ClassVar[dict[Path, list[Callable[[dict], None]]]] = {}

    def __init__(self, name: str, folder: Path | None = None, course: str | None = None):
        self.name = display_name(name)
        self.id = learner_id(name)
        self.folder = Path(folder) if folder else responses_dir()
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path = self.folder / f"{self.id}.json"
        self._course = course
        self._adopt_legacy_file()

    def _adopt_legacy_file(self) -> None:
        """Rename a file this learner saved under an older id ('ana-lopez' for 'Ana López').

        Only when it carries exactly this display name, so someone else's file is never taken.
        """
        if self.path.exists():
            return
        for old in earlier_ids(self.name):
            if self._adopt(self.folder / f"{old}.json"):
                return

    def _adopt(self, legacy: Path) -> bool:
        """Take over one file saved under an older id if it carries this display name; whether it did."""
        try:
            doc = json.loads(legacy.read_text(encoding="utf-8"))
            if doc["learner"]["name"].strip() != self.name:
                return False
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False
        with self._locked():
            if not self.path.exists():
                doc["learner"] = {"id": self.id, "name": self.name}
                self._write(doc)
                legacy.unlink(missing_ok=True)
        return True

    @property
    def course(self) -> str:
        """The course id written into a new answers file (from course.yaml unless given)."""
        if self._course is None:
            from lessons.core.course import load_course

            self._course = load_course().id
        return self._course

    def watch(self, on_saved: Callable[[dict], None]) -> Callable[[], None]:
        """Call ``on_saved(document)`` after every save of this learner's file in this kernel, by any store;
        return a function that stops it."""
        watchers = self._watchers.setdefault(self.path.resolve(), [])
        watchers.append(on_saved)

        def stop() -> None:
            if on_saved in watchers:
                watchers.remove(on_saved)
        return stop

    def _tell_watchers(self, doc: dict) -> None:
        for on_saved in list(self._watchers.get(self.path.resolve(), [])):
            on_saved(doc)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.folder / f".{self.id}.lock", "a+b") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)

    def _empty(self) -> dict:
        return af.empty(self.name, self.id, self.course, __version__)

    def _read_unlocked(self) -> Snapshot:
        for stale in self.folder.glob(atomic_file.temporary_name_pattern(self.path)):
            stale.unlink(missing_ok=True)  # left by a writer killed mid-write; we hold the lock
        if not self.path.exists():
            return Snapshot(self._empty())
        raw = self.path.read_bytes()
        try:
            doc = json.loads(raw.decode("utf-8"))
            if not af.looks_usable(doc):
                raise ValueError("not an answers file")
            return Snapshot(doc)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return self._move_damaged_aside()

    def _move_damaged_aside(self) -> Snapshot:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        aside = self.folder / f"{self.id}.damaged-{stamp}.json"
        os.replace(self.path, aside)
        notice = (f"Your saved answers file could not be read, so it was kept as '{aside.name}' "
                  f"in {self.folder} and a new file was started. Your earlier answers are in that "
                  "file: show it to your teacher, or load it with 'Load answers from a file' once repaired.")
        return Snapshot(self._empty(), notice)

    def _write(self, doc: dict) -> None:
        write_atomically(self.path, af.to_bytes(doc))

    def read(self) -> Snapshot:
        """The learner's whole answers file, with a notice for the learner when it had to be replaced."""
        with self._locked():
            return self._read_unlocked()

    def load(self) -> dict:
        """The learner's whole document (answers of every quiz)."""
        return self.read().document

    def entries(self, quiz: str) -> dict[str, dict]:
        """Saved entries of one quiz: question id -> {answer, attempts, ...}."""
        return self.load()["quizzes"].get(quiz, {})

    def save_answer(self, quiz: str, qid: str, answer: Any, when: str | None = None) -> Saved:
        """Save one answer (one attempt) at once; return the question's entry and the document written."""
        when = when or now_iso()
        with self._locked():
            snapshot = self._read_unlocked()
            doc = snapshot.document
            quiz_entries = doc["quizzes"].setdefault(quiz, {})
            entry = quiz_entries[qid] = af.add_attempt(quiz_entries.get(qid), answer, when)
            doc["learner"] = {"id": self.id, "name": self.name}
            doc["package_version"] = __version__
            doc["saved_at"] = when
            self._write(doc)
        self._tell_watchers(doc)
        return Saved(entry, doc, snapshot.notice)

    def record(self, quiz: str, qid: str, answer: Any, when: str | None = None) -> dict:
        """Save one answer (one attempt) at once; return the question's saved entry."""
        return self.save_answer(quiz, qid, answer, when).entry

    def mark_explanation_shown(self, quiz: str, qid: str, when: str | None = None) -> dict:
        """Record that the learner asked to see a question's explanation (the teacher sees it)."""
        when = when or now_iso()
        with self._locked():
            doc = self._read_unlocked().document
            entry = doc["quizzes"].setdefault(quiz, {}).get(qid) or {
                "answer": None, "attempts": 0, "first_at": when, "history": []}
            entry.setdefault("explanation_shown_at", when)
            doc["quizzes"][quiz][qid] = entry
            doc["learner"] = {"id": self.id, "name": self.name}
            doc["saved_at"] = when
            self._write(doc)
        self._tell_watchers(doc)
        return entry

    def record_exercise(self, exercise_id: str, right: bool, when: str | None = None) -> dict:
        """Save one check of a Try-it exercise; ``right`` stays true once the exercise was done right."""
        when = when or now_iso()
        with self._locked():
            doc = self._read_unlocked().document
            exercises = doc.setdefault("exercises", {})
            entry = exercises.get(exercise_id) or {"right": False, "attempts": 0, "first_at": when}
            entry["right"] = bool(entry.get("right")) or bool(right)
            entry["attempts"] = int(entry.get("attempts", 0)) + 1
            entry["last_at"] = when
            exercises[exercise_id] = entry
            doc["learner"] = {"id": self.id, "name": self.name}
            doc["saved_at"] = when
            self._write(doc)
        self._tell_watchers(doc)
        return entry

    def merge(self, incoming: dict) -> int:
        """Bring in answers from a loaded answers file; the newer entry of each question wins.

        Returns how many entries were taken from ``incoming``.
        """
        with self._locked():
            doc = self._read_unlocked().document
            taken = af.merge(doc, incoming)
            self._write(doc)
        self._tell_watchers(doc)
        return taken

    def export_bytes(self, doc: dict | None = None) -> bytes:
        """The answers file to hand in: the saved document (read now unless given), stamped with the time."""
        return af.to_bytes(doc if doc is not None else self.load(), exported=True)
