"""Quiz banks: load one lesson's YAML file, validate it, and return its questions.

A bank is checked in two passes: its shape against the JSON Schema the package ships
(``schemas/quiz-bank.schema.json``), then the rules a schema cannot say (the answer is one
of the options, every item is placed, ids are unique). Every problem names the file, the
question id, the field and what to do.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from lessons.core.kinds import is_known, kind_of, names
from lessons.core.questions import HINT_FIELDS, KEY_FIELDS, LEARNER_FIELDS, LEVELS, Question, QuizBank

__all__ = ["HINT_FIELDS", "KEY_FIELDS", "LEARNER_FIELDS", "LEVELS", "BankError", "Question", "QuizBank", "bank_files", "find_bank",
           "load_all", "load_bank", "parse_bank"]

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "quiz-bank.schema.json"


class BankError(ValueError):
    """A quiz bank has problems; ``problems`` lists one message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@lru_cache(maxsize=1)
def _schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _validator(kind: str | None, released: bool):
    """A compiled fastjsonschema validator for the bank (kind None) or one kind of question."""
    return _compiled(None if kind is None else kind_of(kind), released)


@lru_cache(maxsize=32)
def _compiled(kind, released: bool):
    import fastjsonschema  # compiled here, once per process (no code is saved to disk or read back)

    schema = _schema()
    if kind is None:
        return fastjsonschema.compile({k: v for k, v in schema.items() if k not in ("definitions", "$id")})
    common, specific = schema["definitions"]["common"], kind.schema
    required = set(common["required"]) | set(specific.get("required", []))
    if released:
        required &= set(LEARNER_FIELDS)
    merged = {
        "type": "object",
        "required": sorted(required),
        "properties": {**common["properties"], **specific.get("properties", {})},
        "additionalProperties": False,
        "definitions": schema["definitions"],
    }
    return fastjsonschema.compile(merged)


def _field_of(exc_name: str) -> str:
    """Turn fastjsonschema's 'data.options[2]' into 'options[2]'."""
    return exc_name.removeprefix("data").lstrip(".") or "(whole question)"


def _schema_problem(where: str, exc) -> str:
    field_name = _field_of(exc.name)
    rule = getattr(exc, "rule", "")
    hint = {
        "required": "add the missing field",
        "additionalProperties": "remove or rename the field (check its spelling)",
        "enum": "use one of the allowed values",
        "type": "fix the value's type",
        "minimum": "use a larger value",
        "pattern": "use lower-case letters, digits, '-' or '_'",
    }.get(rule, "fix the value")
    message = exc.message.replace("data.", "").replace("data ", "")
    return f"{where}: field '{field_name}': {message} -> {hint}"


def _check_semantics(where: str, q: dict, released: bool) -> list[str]:
    """The rules a schema cannot state (each kind knows its own)."""
    return [f"{where}: field '{name}': {text}" for name, text in kind_of(q).problems(q, released)]


def _question_from(q: dict) -> Question:
    kind = q["kind"]
    categories = tuple(q.get("categories") or kind_of(kind).default_categories)
    answer = q.get("answer")
    if isinstance(answer, list):
        answer = tuple(answer)
    return Question(
        id=q["id"], kind=kind, prompt=q["prompt"].strip(), objective=q.get("objective", 0), level=q.get("level", ""),
        source=str(q.get("source", "")), points=float(q.get("points", 1)),
        explanation=q.get("explanation", "").strip(), options=tuple(q.get("options", ())),
        categories=categories, items=tuple((i["id"], i["text"]) for i in q.get("items", ())),
        answer=answer, tolerance=float(q.get("tolerance", 0)), unit=q.get("unit", ""),
        model_answer=q.get("model_answer", ""),
        rubric=tuple((r["criterion"], float(r["points"])) for r in q.get("rubric", ())),
        in_lesson=bool(q.get("in_lesson", False)), hint=str(q.get("hint", "")),
        shuffle=bool(q.get("shuffle", True)), auto_scored=kind_of(kind).auto_scored,
    )


def parse_bank(data: Any, path: Path) -> QuizBank:
    """Validate a bank already read from YAML; raise BankError listing every problem found."""
    import fastjsonschema

    name = path.name
    if not isinstance(data, dict):
        raise BankError([f"{name}: the file must hold a mapping with 'quiz', 'title', 'lesson' and "
                         "'questions' -> see course/quizzes/README.md for the layout"])
    try:
        _validator(None, False)(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise BankError([_schema_problem(f"{name}", exc)]) from None
    released = bool(data.get("released", False))
    problems: list[str] = []
    seen: set[str] = set()
    for index, q in enumerate(data["questions"]):
        qid = q.get("id") if isinstance(q.get("id"), str) else f"#{index + 1}"
        where = f"{name}: question {qid}"
        kind = q.get("kind")
        if not is_known(kind):
            problems.append(f"{where}: field 'kind': unknown kind {kind!r} -> use one of {', '.join(names())}")
            continue
        try:
            _validator(kind, released)(q)
        except fastjsonschema.JsonSchemaValueException as exc:
            problems.append(_schema_problem(where, exc))
            continue
        if q["id"] in seen:
            problems.append(f"{where}: field 'id': the id is used twice in this bank -> give each question its own id")
        seen.add(q["id"])
        problems.extend(_check_semantics(where, q, released))
    if problems:
        raise BankError(problems)
    return QuizBank(
        quiz=data["quiz"], title=data["title"], lesson=data["lesson"],
        questions=tuple(_question_from(q) for q in data["questions"]), path=path,
        mode=data.get("mode", "practice"), scoring=data.get("scoring", "best"),
        released=released, assessment=str(data.get("assessment", "")), raw=data,
    )


def load_bank(path: Path) -> QuizBank:
    """Read and validate one YAML bank (safe loader only)."""
    import yaml

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BankError([f"{path.name}: cannot be read ({exc}) -> save it as UTF-8 text"]) from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe; C when available
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise BankError([f"{path.name}: not valid YAML{where}: {problem} -> check the indentation and "
                         "quotes there (a value with ':' must be in quotes)"]) from None
    return parse_bank(data, path)


def bank_files(folder: Path | None = None) -> list[Path]:
    """The bank files in a folder, in lesson order."""
    if folder is None:
        from lessons.core.paths import quizzes_dir

        folder = quizzes_dir()
    return sorted(Path(folder).glob("*.yaml"))


def load_all(folder: Path | None = None) -> list[QuizBank]:
    """Load every bank; raise BankError with all problems (ids must be unique across banks too)."""
    banks: list[QuizBank] = []
    problems: list[str] = []
    for path in bank_files(folder):
        try:
            banks.append(load_bank(path))
        except BankError as exc:
            problems.extend(exc.problems)
    quiz_ids: dict[str, str] = {}
    for bank in banks:
        if bank.quiz in quiz_ids:
            problems.append(f"{bank.path.name}: field 'quiz': {bank.quiz!r} is also the quiz id in "
                            f"{quiz_ids[bank.quiz]} -> give each bank its own quiz id")
        quiz_ids[bank.quiz] = bank.path.name
    if problems:
        raise BankError(problems)
    return banks


def find_bank(lesson: str, folder: Path | None = None) -> QuizBank:
    """The bank of one lesson, by lesson number ('03') or quiz id."""
    for path in bank_files(folder):
        bank = load_bank(path)
        if lesson in (bank.lesson, bank.quiz):
            return bank
    raise LookupError(f"No quiz bank for lesson {lesson!r} in {folder or 'the course'}; "
                      "check the lesson number (two digits, e.g. '03').")
