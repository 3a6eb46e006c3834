"""What every question kind provides. Each kind (one module in this package) subclasses ``Kind``
and overrides what differs; nothing outside ``lessons.core.kinds`` tests a question's kind.

A kind owns: the fields its questions add to a quiz bank (``schema``) and the rules a schema cannot
state (``problems``); the JSON type of an answer (``accepts``); checking and partial credit
(``check``); the answer form a front end draws (``form``, ``from_form``, ``to_form``: plain data, no
widget code); the text of the static view, the key and
the handout; a synthetic right or wrong answer; the options counted in item analysis.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import random

    from lessons.core.questions import Question

CORRECT, PARTIAL, WRONG, EMPTY, INVALID, RECORDED = (
    "correct", "partial", "wrong", "empty", "invalid", "recorded")


@dataclass(frozen=True)
class Outcome:
    """What checking one answer gave: points, a status and a sentence for the learner."""

    score: float
    max_score: float
    status: str
    detail: str = ""

    @property
    def fraction(self) -> float:
        return self.score / self.max_score if self.max_score else 0.0


def is_empty(answer: Any) -> bool:
    """True when the learner has given nothing to check."""
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, dict):
        return not any(v for v in answer.values())
    if isinstance(answer, (list, tuple)):
        return len(answer) == 0
    return False


def ratio_outcome(score: float, points: float, right: str, total: int, part: int) -> Outcome:
    """Partial credit: ``part`` of ``total`` right, worth ``score`` of ``points``."""
    if part == total:
        return Outcome(points, points, CORRECT)
    status = PARTIAL if score > 0 else WRONG
    return Outcome(round(score, 4), points, status, f"{part} of {total} {right}")


def chosen_labels(answer: Any) -> list[str]:
    """The option labels an answer to a choice question picked."""
    values = answer if isinstance(answer, list) else [answer]
    return ["True" if v is True else "False" if v is False else str(v) for v in values if v is not None]


def shape_of(value: Any) -> str:
    """A few words for a JSON value's type, for messages (never the value itself: it may be huge or deep)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def short_value(value: Any) -> str:
    """A value for a problem line: short, and never a deep structure printed whole."""
    if value is None or isinstance(value, (bool, int, float)):
        text = repr(value)
    elif isinstance(value, str):
        text = repr(value[:40] + ("…" if len(value) > 40 else ""))
    else:
        return f"a {'list' if isinstance(value, list) else 'mapping' if isinstance(value, dict) else type(value).__name__}"
    return text if len(text) <= 40 else text[:40] + "…"


def all_text(values) -> bool:
    return all(isinstance(v, str) for v in values)


def json_copy(value: Any) -> Any:
    """A key value as it is saved in an answers file (tuples become lists)."""
    if isinstance(value, dict):
        return dict(value)
    return list(value) if isinstance(value, tuple) else value


class Kind:
    """A kind of question. Subclasses set ``name`` and override what differs."""

    name: str = ""
    #: the machine marks it (False: read by the teacher, worth no machine points)
    auto_scored: bool = True
    #: the fields this kind adds to a question in a quiz bank (a JSON Schema fragment)
    schema: dict = {}
    #: what an answer must be, in words (for messages); ``fits`` checks it
    expected: str = ""
    #: JSON types every value of which ``fits`` (a shortcut the grader takes before asking ``fits``)
    plain_types: frozenset[type] = frozenset()
    #: the container an answer comes in (list, mapping), when it has one: a wrong shape inside it is named as such
    container: tuple[type, ...] = ()
    #: what to do, for a learner whose answer cannot be checked
    hint: str = ""
    #: the one-line instruction; ``{cats}`` is replaced by the categories
    how_to: str = ""
    #: categories used when the bank gives none
    default_categories: tuple[str, ...] = ()
    #: one option is picked, so a wrong answer names one wrong option (report: wrong options chosen most)
    single_choice: bool = False
    #: what to do when Check is pressed with nothing given (the quiz view says it to the learner)
    empty_hint: str = "No answer given yet."

    # --- the quiz bank ---------------------------------------------------------------------------
    def problems(self, q: dict, released: bool) -> list[tuple[str, str]]:
        """(field, what is wrong -> what to do) for the rules a schema cannot state."""
        return []

    # --- answers ---------------------------------------------------------------------------------
    def fits(self, answer: Any) -> bool:
        """Whether a (non-null) answer has the JSON type and shape this kind takes (never raises)."""
        raise NotImplementedError

    def accepts(self, answer: Any) -> bool:
        """Whether a saved answer can be checked: null ("not answered") or of the right type and shape."""
        return answer is None or self.fits(answer)

    def answer_problem(self, answer: Any) -> str:
        """'' when the answer has the type and shape this kind takes (or is null), else why not."""
        if self.accepts(answer):
            return ""
        article = "an" if self.name[:1] in "aeiou" else "a"
        if self.container and isinstance(answer, self.container):  # the right container, wrong things inside
            return (f"has the wrong shape for {article} {self.name} question (expected {self.expected}, "
                    f"got {shape_of(answer)} holding something other than text)")
        return f"has the wrong type for {article} {self.name} question (expected {self.expected}, got {shape_of(answer)})"

    def check(self, q: Question, answer: Any) -> Outcome:
        """Score one answer. Never raises on learner input: bad input gives status 'invalid'."""
        if is_empty(answer):
            return Outcome(0, q.points, EMPTY, "No answer given yet.")
        if not self.fits(answer):
            return Outcome(0, q.points, INVALID, self.hint)
        if q.answer is None:
            return Outcome(0, q.points, RECORDED, "Answer recorded.")
        return self.score(q, answer)

    def score(self, q: Question, answer: Any) -> Outcome:
        """Score a non-empty answer against the key (the key is present)."""
        raise NotImplementedError

    # --- text: static view, handout, key ---------------------------------------------------------
    def how_to_answer(self, q: Question) -> str:
        return self.how_to.format(cats=", ".join(q.categories))

    def prompt_suffix(self, q: Question) -> str:
        """Plain text added after the prompt (e.g. the unit)."""
        return ""

    def detail_lines(self, q: Question) -> list[str]:
        """What the learner chooses from, as text lines (options, items)."""
        return []

    def detail_html(self, q: Question) -> str:
        """The same, as HTML."""
        return ""

    def key_text(self, q: Question) -> str:
        """The key written out for a teacher's answer key (never shown to learners in assessment mode)."""
        return "(not in this copy)" if q.answer is None else self.answer_text(q)

    def answer_text(self, q: Question) -> str:
        return str(q.answer)

    def key_letters(self, q: Question) -> str:
        """The key for a printed answer key: letters or item labels as well as words (B (text); a) x → fact)."""
        return self.key_text(q)

    def sheet_lines(self, q: Question, handout: bool) -> list[str]:
        """What is chosen from on a printed key or handout: options lettered A, B, ...; items labelled a), b), ..."""
        return self.detail_lines(q)

    def handout_space(self, q: Question) -> list[str]:
        """The room a handout leaves for the answer, below the question."""
        return ["", "   Answer: ________________________________________", ""]

    # --- the order shown (lessons.core.option_order) ------------------------------------------------------
    def shuffled(self, q: Question, rng: random.Random) -> Question:
        """The question with what the learner picks from in the order ``rng`` gives (answers unchanged)."""
        return q

    # --- the answer form (drawn by lessons.notebook.question_widget; plain data here) ----------------
    def form(self, q: Question) -> dict:
        """What the learner answers with: ``control`` ('radio', 'checkbox', 'text', 'textarea' or 'select',
        one dropdown per item) and what it shows (``options``; ``items`` and ``choices``; ``label``,
        ``placeholder``). Its value is a list of option texts, the text typed, or {item id: choice}."""
        raise NotImplementedError

    def from_form(self, q: Question, value: Any) -> Any:
        """The answer a form's value stands for. Never raises: a value of the wrong shape comes out as
        something ``check`` calls invalid or empty."""
        return value

    def to_form(self, q: Question, answer: Any) -> Any:
        """The form's value that shows a saved answer. Never raises: what does not fit shows as nothing."""
        return answer

    # --- synthetic answers (tests, bench) ---------------------------------------------------------
    def synthetic_answer(self, q: Question, rng: random.Random, right: bool) -> Any:
        return json_copy(q.answer) if right else self.wrong_answer(q, rng)

    def wrong_answer(self, q: Question, rng: random.Random) -> Any:
        raise NotImplementedError

    # --- grading ---------------------------------------------------------------------------------
    def option_labels(self, q: Question) -> tuple[str, ...]:
        """The options counted in item analysis (none for kinds without options)."""
        return ()

    def recorded(self, q: Question, answer: Any) -> Any:
        """What the grader keeps of the answer that counted (option labels, the text typed), or None."""
        return None

    def reading_problem(self, q: Question, answer: Any) -> str:
        """A problem line for the teacher when the answer that counts (scored 0) could not be marked, else ''."""
        outcome = self.check(q, answer)
        if outcome.status != INVALID:
            return ""
        return (f"the answer that counts ({short_value(answer)}) cannot be marked: {outcome.detail} "
                "Scored 0; was the quiz changed after learners answered?")

    def feedback_echo(self, recorded: Any) -> str:
        """What the learner's feedback file repeats of their answer ('' for nothing)."""
        return ""

    def wrong_parts(self, q: Question, recorded: Any) -> list[str]:
        """The wrong parts of an answer that did not score full points, in words, to count across a class
        (the report's commonest wrong answer per question): an option picked, an item misplaced, an order,
        a number. Empty for an answer nothing can be said of (a written answer: the teacher reads it)."""
        return []


class OptionList(Kind):
    """Kinds answered by picking from ``options`` (single, multiple)."""

    def detail_lines(self, q: Question) -> list[str]:
        return [f"{chr(65 + i)}. {opt}" for i, opt in enumerate(q.options)]

    def detail_html(self, q: Question) -> str:
        return "<ol type='A'>" + "".join(f"<li>{html.escape(o)}</li>" for o in q.options) + "</ol>"

    def option_labels(self, q: Question) -> tuple[str, ...]:
        return tuple(q.options)

    def key_letters(self, q: Question) -> str:
        if q.answer is None:
            return self.key_text(q)
        chosen = [q.answer] if isinstance(q.answer, str) else list(q.answer)
        letters = ", ".join(chr(65 + q.options.index(a)) for a in chosen if a in q.options)
        return f"{letters} ({'; '.join(chosen)})"

    def recorded(self, q: Question, answer: Any) -> Any:
        return answer

    def wrong_parts(self, q: Question, recorded: Any) -> list[str]:
        """Options picked that are not in the key, then key options left out ('missed: ...')."""
        keys = chosen_labels(list(q.answer) if isinstance(q.answer, (list, tuple)) else q.answer)
        picked = chosen_labels(list(recorded) if isinstance(recorded, (list, tuple)) else recorded)
        return ([p for p in picked if p not in keys]
                + [f"missed: {k}" for k in keys if k not in picked and not self.single_choice])

    def shuffled(self, q: Question, rng: random.Random) -> Question:
        options = list(q.options)
        rng.shuffle(options)
        return replace(q, options=tuple(options))

    def form(self, q: Question) -> dict:
        return {"control": "radio" if self.single_choice else "checkbox", "options": list(q.options)}

    def key_positions(self, q: Question) -> list[int]:
        """Where the key's options stand in the written order (from 0), for ``lessons check``."""
        if q.answer is None:
            return []
        keys = [q.answer] if self.single_choice else list(q.answer)
        return sorted(q.options.index(k) for k in keys if k in q.options)

    def option_problems(self, q: dict, released: bool, answers: list) -> list[tuple[str, str]]:
        options = q["options"]
        out = []
        if len(set(options)) != len(options):
            out.append(("options", "two options are the same -> make every option different"))
        if not released:
            for a in answers:
                if a not in options:
                    out.append(("answer", f"{a!r} is not one of the options -> copy the answer exactly from 'options'"))
        return out


class ItemList(Kind):
    """Kinds that place each of ``items`` (match, classify: in a category; order: at a position)."""

    row_label = "Category:"

    def detail_lines(self, q: Question) -> list[str]:
        return [f"- {text}" for _, text in q.items]

    def detail_html(self, q: Question) -> str:
        return "<ul>" + "".join(f"<li>{html.escape(t)}</li>" for _, t in q.items) + "</ul>"

    #: what a handout prints after each item for the learner to fill in
    blank = "  →  ____________________"

    @staticmethod
    def item_label(index: int) -> str:
        """Items are labelled a), b), c) on keys and handouts (options are A, B, C)."""
        return f"{chr(97 + index)})"

    def sheet_lines(self, q: Question, handout: bool) -> list[str]:
        return [f"{self.item_label(i)} {text}{self.blank if handout else ''}" for i, (_, text) in enumerate(q.items)]

    def handout_space(self, q: Question) -> list[str]:
        return [""]

    def key_letters(self, q: Question) -> str:
        if q.answer is None:
            return self.key_text(q)
        ids, text = [i for i, _ in q.items], q.item_text
        if isinstance(q.answer, dict):
            return "; ".join(f"{self.item_label(ids.index(i))} {text[i]} → {q.answer[i]}" for i in ids if i in q.answer)
        return (", ".join(self.item_label(ids.index(i)) for i in q.answer if i in ids)
                + " (" + " → ".join(text[i] for i in q.answer if i in text) + ")")

    def recorded(self, q: Question, answer: Any) -> Any:
        """The placement or order that counted, as saved (item ids), for the report's wrong answers."""
        return answer

    def item_problems(self, q: dict) -> list[tuple[str, str]]:
        ids = [item["id"] for item in q["items"]]
        return [("items", "two items share an id -> give every item its own id")] if len(set(ids)) != len(ids) else []

    def choices(self, q: Question) -> list[str]:
        return list(q.categories)

    def shuffled(self, q: Question, rng: random.Random) -> Question:
        categories = list(q.categories)
        rng.shuffle(categories)
        return replace(q, categories=tuple(categories))

    def form(self, q: Question) -> dict:
        return {"control": "select", "items": [list(item) for item in q.items], "choices": self.choices(q)}

    def from_form(self, q: Question, value: Any) -> Any:
        """{item id: choice}, items left without a choice dropped."""
        if not isinstance(value, dict):
            return value
        return {k: v for k, v in value.items() if v not in (None, "")}

    def to_form(self, q: Question, answer: Any) -> Any:
        ids, choices = {i for i, _ in q.items}, self.choices(q)
        placed = answer.items() if isinstance(answer, dict) else ()
        return {i: c for i, c in placed if i in ids and isinstance(c, str) and c in choices}
