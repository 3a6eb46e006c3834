"""The course's tables as typed pandas DataFrames, checked against ``datapackage.json``.

``load_table("claims")`` returns the table with integers as integers, dates as dates,
booleans as booleans and categories as (ordered, where the order means something)
categoricals. A wrong file raises ``DataError`` naming the table, the row and the field.
"""
from __future__ import annotations

import csv
import json
import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from lessons.core.paths import data_dir



class DataError(ValueError):
    """A table does not match its description in datapackage.json."""


@lru_cache(maxsize=4)
def _package(folder: str) -> dict:
    return json.loads((Path(folder) / "datapackage.json").read_text(encoding="utf-8"))


def package(folder: Path | None = None) -> dict:
    """The parsed datapackage.json."""
    return _package(str(folder or data_dir()))


def table_names(folder: Path | None = None) -> tuple[str, ...]:
    """The tables the course's data package lists, in its order."""
    return tuple(r["name"] for r in package(folder)["resources"])


def __getattr__(name: str):
    """``TABLES``: the course's table names (read from datapackage.json, never typed here)."""
    if name == "TABLES":
        return table_names()
    raise AttributeError(f"module 'lessons.core.data' has no attribute {name!r}")


def resource(name: str, folder: Path | None = None) -> dict:
    """The description of one table."""
    for res in package(folder)["resources"]:
        if res["name"] == name:
            return res
    import difflib

    names = [r["name"] for r in package(folder)["resources"]]
    close = difflib.get_close_matches(str(name), names, n=1, cutoff=0.6)
    hint = f"Did you mean {close[0]!r}? " if close else ""
    raise DataError(f"There is no table named {name!r}. {hint}The tables are: {', '.join(names)}.")


def _convert(value: str, field: dict, where: str):
    """Turn one CSV cell into a Python value of the field's type, checking its constraints."""
    c = field.get("constraints", {})
    if value == "":
        if c.get("required"):
            raise DataError(f"{where}: the value is missing -> fill it in (this field is required)")
        return None
    field_type = field["type"]
    out: Any
    try:
        if field_type == "integer":
            out = int(value)
        elif field_type == "number":
            out = float(value)
        elif field_type == "boolean":
            if value not in ("true", "false"):
                raise ValueError
            out = value == "true"
        elif field_type == "date":
            out = date.fromisoformat(value)
        else:
            out = value
    except ValueError:
        raise DataError(f"{where}: {value!r} is not a valid {field_type} -> write it as "
                        f"{ {'date': 'YYYY-MM-DD', 'boolean': 'true or false'}.get(field_type, 'a ' + field_type) }") from None
    if "enum" in c and out not in c["enum"]:
        raise DataError(f"{where}: {value!r} is not allowed -> use one of {c['enum']}")
    if "minimum" in c and out < c["minimum"]:
        raise DataError(f"{where}: {value} is below the minimum {c['minimum']}")
    if "maximum" in c and out > c["maximum"]:
        raise DataError(f"{where}: {value} is above the maximum {c['maximum']}")
    if "pattern" in c and not re.fullmatch(c["pattern"], value):
        raise DataError(f"{where}: {value!r} does not have the expected form ({c['pattern']})")
    return out


def read_rows(name: str, folder: Path | None = None) -> list[dict]:
    """The table's rows as typed dicts, validated field by field (no pandas)."""
    folder = Path(folder or data_dir())
    res = resource(name, folder)
    fields = res["schema"]["fields"]
    path = folder / res["path"]
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            expected = [f["name"] for f in fields]
            if header != expected:
                raise DataError(f"{res['path']}: the header is {header}, expected {expected} -> "
                                "fix the first line of the file")
            rows = []
            for number, raw in enumerate(reader, start=1):
                if None in raw or any(v is None for v in raw.values()):
                    raise DataError(f"{res['path']} row {number} (line {number + 1}): wrong number of "
                                    "cells -> put quotes around values that contain commas")
                rows.append({f["name"]: _convert(raw[f["name"]], f,
                                                 f"{res['path']} row {number} (line {number + 1}), field "
                                                 f"'{f['name']}'") for f in fields})
    except FileNotFoundError:
        raise DataError(f"{res['path']} is missing from {folder}") from None
    except UnicodeDecodeError:
        raise DataError(f"{res['path']} is not UTF-8 text -> save it as UTF-8") from None
    for f in fields:
        if f.get("constraints", {}).get("unique"):
            seen: dict = {}
            for number, row in enumerate(rows, start=1):
                if row[f["name"]] in seen:
                    raise DataError(f"{res['path']} row {number}, field '{f['name']}': {row[f['name']]!r} "
                                    f"repeats row {seen[row[f['name']]]} -> values must be unique")
                seen[row[f["name"]]] = number
    return rows


def check_foreign_keys(folder: Path | None = None) -> list[str]:
    """Problems with keys between tables (a quotation's speaker must be an actor, ...)."""
    problems = []
    rows = {name: read_rows(name, folder) for name in table_names(folder)}
    for res in package(folder)["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            (local,), target = fk["fields"], fk["reference"]
            known = {r[target["fields"][0]] for r in rows[target["resource"]]}
            for number, row in enumerate(rows[res["name"]], start=1):
                if row[local] not in known:
                    problems.append(f"{res['path']} row {number}, field '{local}': {row[local]!r} is not a "
                                    f"{target['fields'][0]} in {target['resource']}.csv -> add it there or fix it")
    return problems


def date_label(day: date | pd.Timestamp, precision: str) -> str:
    """A date written as precisely as it is known: '10 June 2014', 'June 2014' or '2014'."""
    if precision == "year":
        return f"{day.year}"
    if precision == "month":
        return f"{day:%B} {day.year}"
    return f"{day.day} {day:%B} {day.year}"


def period_end(day: pd.Timestamp, precision: str) -> pd.Timestamp:
    """The last day a date of this precision may mean (a month sorts after the days it contains)."""
    if precision == "year":
        return pd.Timestamp(day.year, 12, 31)
    if precision == "month":
        return day + pd.offsets.MonthEnd(0)
    return day


def span_label(first: date | pd.Timestamp, last: date | pd.Timestamp, precision: str) -> str:
    """A period written as precisely as it is known: 'January–July 2021', '13–15 June 2014', '2019–2021'."""
    if precision == "year" or first.year != last.year:
        return f"{date_label(first, precision)}–{date_label(last, precision)}"
    if precision == "month":
        return f"{first:%B}–{last:%B} {last.year}"
    if first.month != last.month:
        return f"{first.day} {first:%B}–{last.day} {last:%B} {last.year}"
    return f"{first.day}–{last.day} {last:%B} {last.year}"


def _with_precision(frame: pd.DataFrame) -> pd.DataFrame:
    """Add a 'when' label (a span where an 'end' is given) and put the rows in time order, a month or
    year after the days it contains, a span by its last day."""
    precision = frame["precision"].astype(str)
    last = frame["end"].where(frame["end"].notna(), frame["date"]) if "end" in frame.columns else frame["date"]
    frame.insert(frame.columns.get_loc("precision") + 1, "when",
                 [date_label(d, p) if d == e else span_label(d, e, p)
                  for d, e, p in zip(frame["date"], last, precision)])
    ends = [period_end(e, p) for e, p in zip(last, precision)]
    order = sorted(range(len(frame)), key=lambda i: (ends[i], frame["date"].iloc[i]))
    return frame.iloc[order].reset_index(drop=True)


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """One table as a typed DataFrame (see the codebook, course/data/codebook.md).

    Tables with a ``precision`` column also get ``when``, the date written as precisely as it is known
    (a period from ``date`` to ``end`` as a span), and come in time order (a date known to the month sorts
    after the days of that month; a period by its last day).
    """
    fields = resource(name, folder)["schema"]["fields"]
    frame = pd.DataFrame(read_rows(name, folder), columns=[f["name"] for f in fields])
    for f in fields:
        col = f["name"]
        if f["type"] == "integer":
            frame[col] = frame[col].astype("Int64")
        elif f["type"] == "date":
            frame[col] = pd.to_datetime(frame[col])
        elif f["type"] == "boolean":
            frame[col] = frame[col].astype(bool)
        elif "enum" in f.get("constraints", {}):
            cats = f.get("categories", f["constraints"]["enum"])
            frame[col] = pd.Categorical(frame[col], categories=cats, ordered=bool(f.get("categoriesOrdered")))
    if "precision" in frame.columns and "date" in frame.columns:
        frame = _with_precision(frame)
    return frame
