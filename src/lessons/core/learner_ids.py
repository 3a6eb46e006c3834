"""Who the learner is: a name given once, in any script, and a file-safe id derived from it.

The name is kept and shown exactly as typed (trimmed). The id names the learner's answers
file: a plain Latin name keeps the readable id it always had ("Ana Lopez" -> ``ana-lopez``);
any other name gets a readable transliteration plus a short stable hash of the name
("Ana López" -> ``ana-lopez--<hash>``, "ليلى حداد" -> ``lila-hdad--<hash>``), so two different
names never share a file. Arabic-script letters are transliterated here (``arabic_latin``: the long
vowels written as vowels, which the general table of ``anyascii`` drops: it gave ``lyla-hdd``); every
other script by ``anyascii``. Names that differ only in case, spaces, '-' or '_' are the same name.
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path

from lessons.core import atomic_file

RESPONSES_ENV = "LESSONS_RESPONSES_DIR"
MAX_NAME = 80
MAX_SLUG = 40
CURRENT_FILE = "current-learner.json"
PLAIN = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")
SEPARATORS = re.compile(r"[-_]+")


class LearnerIdError(ValueError):
    """The name cannot be used; the message says why and what to type instead."""


def responses_dir() -> Path:
    """Folder of answers files: $LESSONS_RESPONSES_DIR, else ~/lessons-answers."""
    folder = os.environ.get(RESPONSES_ENV) or str(Path.home() / "lessons-answers")
    return Path(folder).expanduser()


def display_name(name: str) -> str:
    """The name as it is shown and saved: as typed, without surrounding spaces.

    Raises LearnerIdError for what is not a name (not text, empty, too long, control characters).
    """
    if not isinstance(name, str):
        raise LearnerIdError("Your name must be text. Type your name or student id.")
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in name.replace("\t", " ")):
        raise LearnerIdError("Your name contains a control character (such as a NUL byte). "
                             "Type it again as plain text.")
    stripped = name.strip()
    if not stripped:
        raise LearnerIdError("Your name is empty. Type your name or student id, for example 'Ana Lopez'.")
    if len(stripped) > MAX_NAME:
        raise LearnerIdError(f"Your name is {len(stripped)} characters long; use at most {MAX_NAME}.")
    return stripped


def name_key(name: str) -> str:
    """What makes two names the same name: Unicode-normalised, case-folded, and runs of spaces,
    '-' and '_' read as one space ("Ana-Lopez" and "ana lopez" are one learner)."""
    folded = unicodedata.normalize("NFC", display_name(name)).casefold()
    key = " ".join(SEPARATORS.sub(" ", folded).split())
    if not key:
        raise LearnerIdError("Your name has no letters or digits. Type your name or student id.")
    return key


# Arabic-script consonants (Arabic, Persian, Kurdish letters) in a plain Latin spelling, without diacritics.
ARABIC_CONSONANTS = dict(zip(
    "بتثجحخدذرزسشصضطظغفقكلمنهپچژگکڤڵڕ",
    "b t th j h kh d dh r z s sh s d t z gh f q k l m n h p ch zh g k v l r".split()))
ARABIC_VOWELS = {**dict.fromkeys("اأإآٱىةە", "a"), "ع": "a", "ء": "", "ئ": "", "ؤ": "u",
                 "\u064e": "a", "\u0650": "i", "\u064f": "u"}  # the last three: short vowel marks
ARABIC_GLIDES = {**dict.fromkeys("يیێ", ("y", "i")), **dict.fromkeys("وۆ", ("w", "u"))}


def _glide(letter: str, before: str, after: str) -> str:
    """ي / و: a consonant (y, w) at the start of a word or beside a vowel, else a long vowel (i, u)."""
    consonant, vowel = ARABIC_GLIDES[letter]
    beside_vowel = before == "" or before[-1] in "aiu" or ARABIC_VOWELS.get(after, "") == "a"
    return consonant if beside_vowel else vowel


def arabic_latin(text: str) -> str:
    """Arabic-script letters spelled in Latin letters, long vowels kept: 'ليلى حداد' -> 'lila hdad',
    'مايا' -> 'maya', 'علي' -> 'ali'. Other characters are left as they are."""
    out: list[str] = []
    word = ""
    for index, char in enumerate(text):
        after = text[index + 1] if index + 1 < len(text) else ""
        if char in ARABIC_GLIDES:
            spelled = _glide(char, word, after)
        elif char in ARABIC_CONSONANTS or char in ARABIC_VOWELS:
            spelled = ARABIC_CONSONANTS.get(char) or ARABIC_VOWELS.get(char, "")
        else:
            out.append(char)
            word = ""
            continue
        word += spelled
        out.append(spelled)
    return "".join(out)


def _slug(text: str, arabic: bool = True) -> str:
    from anyascii import anyascii

    ascii_form = anyascii(arabic_latin(text) if arabic else text).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_form).strip("-")[:MAX_SLUG].strip("-")


def _short_hash(key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:10]


def learner_id(name: str) -> str:
    """A file-safe id for any name: 'Ana Lopez' -> 'ana-lopez', 'Ana López' -> 'ana-lopez--<hash>'.

    Raises LearnerIdError only for what is not a name (see ``display_name``).
    """
    key = name_key(name)
    if PLAIN.fullmatch(key) and len(key) <= MAX_NAME:
        return key.replace(" ", "-")  # plain ids never contain '--', hashed ids always do
    return f"{_slug(key) or 'learner'}--{_short_hash(key)}"


def legacy_id(name: str) -> str:
    """The id this package gave a name before ids carried a hash (to find files written then)."""
    ascii_form = unicodedata.normalize("NFKD", name.strip()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_form.lower()).strip("-")[:MAX_NAME]


def earlier_ids(name: str) -> list[str]:
    """The ids earlier versions gave this name, newest first (their files are taken over by their owner):
    the id before Arabic letters had their own table ('lyla-hdd--<hash>'), the id before ids had a hash."""
    key = name_key(name)
    found = [] if PLAIN.fullmatch(key) else [f"{_slug(key, arabic=False) or 'learner'}--{_short_hash(key)}"]
    return [i for i in dict.fromkeys([*found, legacy_id(name)]) if i and i != learner_id(name)]


def file_owner(name: str, folder: Path | None = None) -> str | None:
    """The display name saved in this name's answers file when it differs from ``name``, else None.

    A different display name under the same id means the file may be someone else's: ask
    "Is this you?" before writing to it.
    """
    path = (folder or responses_dir()) / f"{learner_id(name)}.json"
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))["learner"]["name"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(saved, str) or saved.strip() == display_name(name):
        return None
    return saved.strip()


def save_current(name: str, folder: Path | None = None) -> str:
    """Remember the learner for every notebook on this machine; return their id."""
    shown = display_name(name)
    ident = learner_id(shown)
    folder = folder or responses_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / CURRENT_FILE
    atomic_file.write_text(target, json.dumps({"name": shown, "id": ident}, ensure_ascii=False))
    return ident


def current(folder: Path | None = None) -> tuple[str, str] | None:
    """The saved (name, id), or None if no learner has given a name yet."""
    path = (folder or responses_dir()) / CURRENT_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return display_name(data["name"]), learner_id(data["name"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
