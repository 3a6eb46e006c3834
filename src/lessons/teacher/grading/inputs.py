"""Finding answers files: plain files, folders of them and zip archives, with the limits that keep a
bad or hostile archive from filling memory or disk; symbolic links are listed, never followed."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import Iterator

from lessons.core.answers_file import MAX_BYTES
from lessons.core.learner_ids import CURRENT_FILE

MAX_ZIP_MEMBERS = 20_000  # more files than any class hands in: an archive this big is a mistake, not a class
MAX_ZIP_TOTAL = 500_000_000  # bytes unpacked from one archive, at most
MAX_ZIP_RATIO = 100  # uncompressed / compressed, beyond which a large member is treated as a zip bomb
ZIP_BOMB_FROM = 1_000_000  # bytes: only members at least this large are judged by their compression ratio
#  (small JSON compresses 20-50x honestly; a bomb needs size to hurt)


def iter_inputs(paths: list[Path]) -> Iterator[tuple[str, bytes | None, str]]:
    """Yield (label, bytes, problem) for each file or zip member; bytes is None when it was refused.

    Folders are expanded beforehand by ``plain_files``.
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
            label = f"{path}{MEMBER_MARK}{m.filename}"
            name = m.filename.replace("\\", "/")
            if name.startswith("/") or ".." in name.split("/") or (len(name) > 1 and name[1] == ":"):
                yield label, None, "unsafe path inside the archive (absolute or with '..'); not read"
                continue
            if name.lower().endswith(".zip"):
                yield label, None, ("a zip archive inside the archive: not opened; unzip it and grade its files "
                                    "(or give it to 'lessons grade' on its own)")
                continue
            if not name.lower().endswith(".json"):
                yield label, None, NOT_JSON_REASON  # counted and listed: every member is accounted for
                continue
            if m.file_size > MAX_BYTES:
                yield label, None, f"member is {m.file_size:,} bytes, over the {MAX_BYTES:,}-byte limit"
                continue
            if m.compress_size and m.file_size > ZIP_BOMB_FROM and m.file_size / m.compress_size > MAX_ZIP_RATIO:
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


NOT_JSON_REASON = ("not an answers file (its name does not end in .json): not read; an archive of hand-ins "
                   "should hold answers files only")
MEMBER_MARK = "!"  # a member's label: '<archive>!<name inside it>'


def source_file(label: str) -> str:
    """The file on disk an input came from: the archive for a member of one, else the label itself."""
    at = label.lower().find(".zip" + MEMBER_MARK)
    return label[:at + 4] if at >= 0 else label


SYMLINK_REASON = "symbolic link: listed, not followed (copy the file itself into the folder to grade it)"


def plain_files(paths: list[Path]) -> tuple[list[str], list[Path], list[str]]:
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
