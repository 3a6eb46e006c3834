"""Who the learner is: a name given once, turned into an id that is safe in a file name."""
from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

RESPONSES_ENV = "LESSONS_RESPONSES_DIR"
MAX_NAME = 80
CURRENT_FILE = "current-learner.json"


class LearnerIdError(ValueError):
    """The name cannot be used; the message says why and what to type instead."""


def responses_dir() -> Path:
    """Folder of response files: $LESSONS_RESPONSES_DIR, else ~/lessons-answers."""
    folder = os.environ.get(RESPONSES_ENV) or str(Path.home() / "lessons-answers")
    return Path(folder).expanduser()


def learner_id(name: str) -> str:
    """A file-safe id for a name: 'Ana López' -> 'ana-lopez'. Raises LearnerIdError for unusable names."""
    if not isinstance(name, str):
        raise LearnerIdError("Your name must be text. Type your name or student id.")
    if any(unicodedata.category(ch) == "Cc" for ch in name.replace("\t", " ")):
        raise LearnerIdError("Your name contains a control character (such as a NUL byte). "
                             "Type it again using letters, digits, spaces or '-'.")
    stripped = name.strip()
    if not stripped:
        raise LearnerIdError("Your name is empty. Type your name or student id, for example 'Ana Lopez'.")
    if len(stripped) > MAX_NAME:
        raise LearnerIdError(f"Your name is {len(stripped)} characters long; use at most {MAX_NAME}.")
    if "/" in stripped or "\\" in stripped or stripped.startswith("."):
        raise LearnerIdError("A name cannot contain '/' or '\\' or start with '.'. "
                             "Type your name or student id only, for example 'Ana Lopez'.")
    ascii_form = unicodedata.normalize("NFKD", stripped).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_form.lower()).strip("-")
    if not slug:
        raise LearnerIdError("Please use at least one Latin letter or digit in your name or id "
                             "(for example your student number), so your answer file can be named.")
    return slug[:MAX_NAME]


def save_current(name: str, folder: Path | None = None) -> str:
    """Remember the learner for every notebook on this machine; return their id."""
    ident = learner_id(name)
    folder = folder or responses_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CURRENT_FILE
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps({"name": name.strip(), "id": ident}), encoding="utf-8")
    os.replace(tmp, target)
    return ident


def current(folder: Path | None = None) -> tuple[str, str] | None:
    """The saved (name, id), or None if no learner has given a name yet."""
    path = (folder or responses_dir()) / CURRENT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data["name"], learner_id(data["name"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
