"""CSV files a spreadsheet opens without running anything (CSV injection, OWASP) and without text from
outside turning the rest of a line around (bidirectional controls).

A cell whose text begins with '=', '+', '-', '@', a tab or a carriage return is read by spreadsheets as a
formula. Text from answers files (names, answers, file names, ids in problem reasons) can begin so, so every
text cell written is passed through ``safe_cell``: such text gets a leading apostrophe, which spreadsheets show
as plain text. Numbers (int, float) are written as they are; a negative number is a number, not a formula.

Text from outside can also hold the bidirectional controls that embed, override or isolate a direction
(U+202A-U+202E, U+2066-U+2069): a right-to-left override (U+202E) in a name shows the rest of the row
backwards. No real name or answer needs them (Arabic or Hebrew text is shown right to left without them),
so ``safe_cell`` removes them first; the marks LRM, RLM and ALM, which reorder nothing, are kept.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any, Iterable

from lessons.core import atomic_file

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")  # embeddings, overrides, isolates and their ends


def plain_text(text: str) -> str:
    """``text`` without bidirectional embedding, override and isolate controls."""
    return BIDI_CONTROLS.sub("", text)


def safe_cell(value: Any) -> Any:
    """The value, with bidirectional controls removed and text a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str):
        value = plain_text(value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(v) for v in row]


def write_csv(path: Path, header: list[str], rows: Iterable[list] | Iterable[dict]) -> None:
    """Write a header and rows (lists, or dicts keyed by the header) with every text cell made safe, atomically."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(safe_row(header))
    for row in rows:
        writer.writerow(safe_row([row.get(h, "") for h in header] if isinstance(row, dict) else row))
    atomic_file.write_text(path, buffer.getvalue())
