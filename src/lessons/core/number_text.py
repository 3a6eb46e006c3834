"""Numbers as people write them: '2500', '2 500', '2,500', '2.500,5', '٢٥٠٠', '۲۵۰۰'.

The rule (also in the teacher guide, "How numbers are read"):
1. Digits of any script count (Arabic-Indic ٠-٩, Persian ۰-۹, ...); the Arabic decimal and thousands
   separators (٫ ٬) count as '.' and ','; a unit the question names, or '%', may follow; a leading '-',
   '+' or '−' gives the sign.
2. Spaces (ordinary, no-break, thin, narrow no-break) separate thousands: every group after the first
   has three digits ('2 500', '1 234 567').
3. When both ',' and '.' appear, the last one is the decimal mark and the other separates thousands
   ('2,500.5' and '2.500,5' are both 2500.5).
4. One kind of mark used more than once separates thousands ('2,500,000', '2.500.000').
5. One mark used once is a decimal mark ('2,5' and '2.5' are 2.5) unless it could be either: one to
   three digits (not starting with 0) then the mark then exactly three digits ('2,500', '2.500').
   Those are read as thousands when the question's answer is a whole number of 1,000 or more (the
   only reading that can be near it), and are not read at all otherwise (a problem line for the
   teacher, never a silent 0).
Anything else is not read: the caller reports it, showing what was typed.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

SPACES = " \u00a0\u2009\u202f\u2007\u2002\u2003\u2004\u2005\u2006\u2008\u200a"
_SIGNS = {"-": "-", "+": "", "\u2212": "-"}
_PLAIN = re.compile(r"(\d+(\.\d*)?|\.\d+)")
_SPACED = re.compile(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")


def _ascii_digits(text: str) -> str:
    """Digits of any script as ASCII digits; Arabic decimal/thousands marks as '.' and ','."""
    if text.isascii():  # nearly every answer: nothing to translate (the loop below costs ~100 µs)
        return text
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            value = unicodedata.decimal(ch, None)
            out.append(str(value) if value is not None else ch)
        else:
            out.append({"\u066b": ".", "\u066c": ",", "\u060c": ","}.get(ch, ch))
    return "".join(out)


def _groups_ok(whole: str, mark: str) -> bool:
    """'2,500,000' with mark ',': the first group has 1-3 digits, every other group exactly three."""
    parts = whole.split(mark)
    return (1 <= len(parts[0]) <= 3 and parts[0].isdigit()
            and all(len(p) == 3 and p.isdigit() for p in parts[1:]))


def _read_unsigned(s: str, whole_number: bool) -> float | None:
    if _AMBIGUOUS.fullmatch(s):
        return float(s.replace(",", "").replace(".", "")) if whole_number else None
    if _PLAIN.fullmatch(s):
        return float(s)
    if any(ch == " " for ch in s):
        if not _SPACED.fullmatch(s):
            return None
        s = s.replace(" ", "")
        if "," in s:
            s = s.replace(",", ".")
        return float(s)
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        decimal = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal == "," else ","
        whole, _, fraction = s.rpartition(decimal)
        if s.count(decimal) != 1 or not fraction.isdigit() or not _groups_ok(whole, thousands):
            return None
        return float(whole.replace(thousands, "") + "." + fraction)
    mark = "," if commas else "."
    count = commas or dots
    if count > 1:
        return float(s.replace(mark, "")) if _groups_ok(s, mark) else None
    whole, _, fraction = s.partition(mark)
    if (whole == "" or whole.isdigit()) and fraction.isdigit():
        return float(f"{whole or 0}.{fraction}")
    return None


def read_number(text: Any, unit: str = "", whole_number: bool = False) -> float | None:
    """The number a learner typed, by the rule above; None when it cannot be read safely."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        try:
            value = float(text)
        except OverflowError:  # an integer too large for a float
            return None
        return value if value == value and abs(value) != float("inf") else None
    if not isinstance(text, str) or len(text) > 100:
        return None
    s = _ascii_digits(text)
    for space in SPACES:
        s = s.replace(space, " ")
    s = " ".join(s.split())
    if unit and s.lower().endswith(unit.lower()):
        s = s[: -len(unit)].strip()
    if s.endswith("%") and unit.strip() in ("%", "percent", "per cent"):
        s = s[:-1].strip()
    sign = ""
    if s[:1] in _SIGNS:
        sign, s = _SIGNS[s[0]], s[1:].strip()
    if not s or not s.isascii():
        return None
    unsigned = _read_unsigned(s, whole_number)
    return None if unsigned is None else (-unsigned if sign == "-" else unsigned)
