"""`lessons export`: write a learner's answers file from a terminal (to hand in, or to carry elsewhere)."""
from __future__ import annotations

import sys
from pathlib import Path

from lessons.core import atomic_file
from lessons.core.learner_ids import LearnerIdError, current
from lessons.notebook.responses import ResponseStore


def export_answers_file(name: str | None, out: Path | None) -> int:
    """Write the learner's answers file; 0 on success."""
    if name is None:
        saved = current()
        if saved is None:
            print("No learner name is saved on this machine. Give one: lessons export --learner 'Your Name'",
                  file=sys.stderr)
            return 2
        name = saved[0]
    try:
        store = ResponseStore(name)
    except LearnerIdError as exc:
        print(f"lessons export: {exc}", file=sys.stderr)
        return 2
    if not store.path.exists():
        print(f"No answers saved yet for {name!r} in {store.folder}.", file=sys.stderr)
        return 1
    snapshot = store.read()
    data = store.export_bytes(snapshot.document)
    out = out or Path(f"{store.id}-answers.json")
    if out.exists() and out.read_bytes() != data:
        backup = out.with_name(out.name + ".previous")
        atomic_file.write_bytes(backup, out.read_bytes())
        print(f"Kept the earlier file as {backup}")
    atomic_file.write_bytes(out, data)
    print(f"Wrote {out} ({len(data):,} bytes) for {name}.")
    if snapshot.notice:
        print(snapshot.notice)
    return 0
