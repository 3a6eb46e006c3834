"""Whose each graded file is: the account in a collection's manifest, never the learner id typed in the file.

A folder written by ``lessons collect`` holds ``collected.csv`` (``lessons.exchange.collection``): each
file's account, taken from who handed it in (the file's owner, or the hub account). There, a learner is
graded under that account, and the name typed in the file is shown beside it as a display name only:

* a file whose typed learner is another account of the same collection (its account name, or the name
  another account's file carries) is a problem line, "handed in by account X but names Y: graded as X";
* two files for one account (two collections graded together, or a file listed twice) are a problem
  line each and neither is graded: the teacher chooses, the grader never does;
* a file in a collected folder that its manifest does not list is a problem line, not graded.

Files from folders without a manifest (downloads collected by hand, Binder) keep their typed learner id,
and are marked as such (``TYPED``): their identities are not verified.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lessons.core.learner_ids import LearnerIdError, learner_id
from lessons.exchange.collection import CollectionError, read_manifest
from lessons.teacher.grading.results import Graded, Problem
from lessons.teacher.grading.score_file import Scored

ACCOUNT = "account"  # identity from the collection's manifest: who handed the file in
TYPED = "typed, not verified"  # identity as typed in the file (a folder collected by hand)


@dataclass
class Collections:
    """What the manifests among the graded paths say: file label -> account, and the collected folders."""

    accounts: dict[str, str]
    folders: list[str]
    problems: list[Problem]


def read_collections(paths: list[Path]) -> Collections:
    """Read ``collected.csv`` in every folder given (a folder without one is collected by hand)."""
    found = Collections({}, [], [])
    for path in paths:
        path = Path(path)
        if not path.is_dir():
            continue
        try:
            rows = read_manifest(path)
        except CollectionError as exc:
            found.problems.append(Problem(str(path / "collected.csv"), f"{exc} Its files were not graded."))
            found.folders.append(str(path))
            continue
        if rows is None:
            continue
        found.folders.append(str(path))
        for row in rows:
            found.accounts[str(Path(os.path.join(str(path), row.file)))] = row.account
    return found


def _in_folder(label: str, folders: list[str]) -> bool:
    return any(Path(label).parent == Path(folder) for folder in folders) or any(
        label.startswith(str(Path(folder)) + os.sep) for folder in folders)


def _id_of(account: str) -> str:
    try:
        return learner_id(account)
    except LearnerIdError:
        return account


def _impostors(verified: list[tuple[str, Scored]]) -> list[Problem]:
    """A problem line for each file whose typed learner is another account's (see the module docstring)."""
    by_account = {account: result for account, result in verified}
    account_ids = {_id_of(account): account for account in by_account}
    problems = []
    for account, result in verified:
        typed = result.typed_id
        other = account_ids.get(typed) or (typed if typed in by_account else None)
        if other == account:
            continue  # names their own account: anyone else naming it is the one flagged
        if other:
            problems.append(Problem(result.file, f"handed in by account {account!r} but names {other!r} "
                                                 f"(typed learner {result.name or typed!r}): graded as {account}",
                                    account))
            continue
        same = sorted(a for a, r in verified if a != account and r.typed_id == typed)
        if same:
            problems.append(Problem(result.file, f"handed in by account {account!r} but names "
                                                 f"{result.name or typed!r}, as the file of account "
                                                 f"{', '.join(map(repr, same))} does: graded as {account}", account))
    return problems


def key_by_account(graded: list[tuple[str, str, Scored]], found: Collections,
                   problems: list[Problem]) -> tuple[list[tuple[str, str, Scored]], list[tuple[str, Scored]]]:
    """Split graded files into those collected by hand (kept as they are) and those with an account
    (their learner id set to the account); files of a collected folder its manifest does not list are
    dropped with a problem line. Returns (by hand, [(account, result)])."""
    by_hand, verified = [], []
    for ident, saved_at, result in graded:
        result.typed_id = ident
        account = found.accounts.get(result.file)
        if account is not None:
            result.learner_id, result.identity = account, ACCOUNT
            verified.append((account, result))
        elif _in_folder(result.file, found.folders):
            problems.append(Problem(result.file, "not listed in its folder's collected.csv: not graded (a file "
                                                 "added by hand to a collection? collect again into a new folder)",
                                    ident))
        else:
            result.identity = TYPED
            by_hand.append((ident, saved_at, result))
    return by_hand, verified


def one_per_account(verified: list[tuple[str, Scored]], problems: list[Problem]) -> list[Scored]:
    """Each account's one file; an account with two files gets a problem line per file and no grade."""
    files: dict[str, list[Scored]] = {}
    for account, result in verified:
        files.setdefault(account, []).append(result)
    kept = []
    for account, results in files.items():
        if len(results) == 1:
            kept.append(results[0])
            continue
        names = ", ".join(r.file for r in results)
        problems.extend(Problem(r.file, f"account {account!r} has {len(results)} collected files ({names}): "
                                        "none graded; grade one collection at a time", account) for r in results)
    problems.extend(_impostors([(r.learner_id, r) for r in kept]))
    return kept


def identity_note(results: Sequence[Graded]) -> str:
    """One sentence for the teacher: how many learners are known by account, how many only as typed."""
    by_account = sum(r.identity == ACCOUNT for r in results)
    typed = len(results) - by_account
    if not results:
        return "Identities: no learner was graded."
    if not typed:
        return f"Identities: all {by_account} learner(s) from the account that handed in (collected.csv)."
    return (f"Identities: {by_account} learner(s) from the account that handed in (collected.csv); {typed} as "
            "typed in the file, not verified (files collected by hand: anyone could have typed that name).")
