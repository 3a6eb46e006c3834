"""CSV files a spreadsheet opens without running anything (CSV injection, OWASP).

A cell whose text begins with '=', '+', '-', '@', a tab or a carriage return is read by spreadsheets as a
formula. Text from answers files (names, answers, file names, ids in problem reasons) can begin so, so every
text cell written is passed through ``safe_cell``: such text gets a leading apostrophe, which spreadsheets show
as plain text. Numbers (int, float) are written as they are; a negative number is a number, not a formula.
"""
from __future__ import annotations

import csv
from pathlib import Path
from typing import Any, Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with text that a spreadsheet would run as a formula made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(v) for v in row]


def write_csv(path: Path, header: list[str], rows: Iterable[list] | Iterable[dict]) -> None:
    """Write a header and rows (lists, or dicts keyed by the header) with every text cell made safe."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(safe_row(header))
        for row in rows:
            writer.writerow(safe_row([row.get(h, "") for h in header] if isinstance(row, dict) else row))
