"""What grading writes for the teacher: gradebook.csv (and the Moodle import), written-answers.md,
feedback per learner; the percent and point formats every output shares (report.html: ``report``)."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from lessons.core import atomic_file
from lessons.core.learner_ids import learner_id
from lessons.teacher.grading.inputs import source_file
from lessons.teacher.grading.results import Gradebook, Problem, percent
from lessons.teacher.safe_csv import write_csv


def _write_csv(path: Path, header: list[str], rows: list[list] | list[dict]) -> None:
    """Every text cell made safe for spreadsheets (hand-in content can start with '=')."""
    write_csv(path, header, rows)


def _fmt(x: float) -> str:
    """Points with two decimals at most: 9.25, 9.5, 10 (never 9.2499)."""
    return f"{round(x, 2):g}"


def percent_text(points: float, book: Gradebook) -> str:
    """Percent of the points of the quizzes set, two decimals; empty when nothing was set."""
    value = percent(points, book.max_total)
    return "" if value is None else f"{value:.2f}"


def quiz_cells(book: Gradebook, r) -> list[str]:
    """A learner's score per quiz; empty for a quiz that was not set (never 0)."""
    return [_fmt(r.quiz_scores[b.quiz]) if b.quiz in book.set_quizzes else "" for b in book.banks]


GRADEBOOK_COLUMNS = ["total", "max", "percent", "answered", "written_answers", "to_mark", "exercises_done",
                     "exercise_points", "explanations_shown", "status", "file", "identity"]


def write_gradebook(book: Gradebook, out: Path) -> None:
    """gradebook.csv: a row per learner, a column per quiz, total, the maximum (the same with or without marks),
    percent, questions answered of those set, written answers and how many are still to mark (counted 0 until
    marked, never shown as a mark), Try-it exercises done right and the points they give, when the learner
    asked to see an explanation, status, source file and identity (the account from collected.csv, or typed
    in the file and not verified)."""
    positions = question_positions(book)
    rows = []
    for r in book.results:
        answered = sum(1 for i in positions if r.scores[i] is not None or i in r.written)
        status = "no answers" if not r.written and all(x is None for x in r.scores) else (
            "graded with problems" if r.problems else "graded")
        shown = "; ".join(f"{book.questions[i][0].quiz}/{book.questions[i][1].id} {when}"
                          for i, when in sorted(r.explained.items()))
        rows.append([r.learner_id, r.name, *quiz_cells(book, r), _fmt(r.total), _fmt(book.max_total),
                     percent_text(r.total, book), f"{answered} of {len(positions)}", len(r.written),
                     len(marks_missing(book, r)), r.exercises_done, _fmt(r.exercise_points), shown, status, r.file,
                     r.identity])
    _write_csv(out / "gradebook.csv", ["learner_id", "name", *(b.quiz for b in book.banks), *GRADEBOOK_COLUMNS], rows)


ID_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,39}")


def moodle_id_number(learner_id: str, name: str) -> str:
    """The learner's id as they typed it when it is an id (a student number such as 'S1234567', case kept),
    else the learner id of the answers file. Never a slug made from a name with spaces."""
    typed = (name or "").strip()
    return typed if ID_NUMBER.fullmatch(typed) and any(ch.isdigit() for ch in typed) else learner_id


def write_moodle(book: Gradebook, out: Path) -> None:
    """gradebook-moodle.csv for Moodle's 'Import grades from CSV': map 'ID number' to the user's ID number.

    The ID number is the student id the learner typed (see ``moodle_id_number``); quizzes not set are left
    empty (an empty cell leaves Moodle's grade alone, a 0 would overwrite it).
    """
    quizzes = [b.quiz for b in book.banks]
    rows = [[moodle_id_number(r.learner_id, r.name), r.name, *quiz_cells(book, r), percent_text(r.total, book)]
            for r in book.results]
    _write_csv(out / "gradebook-moodle.csv", ["ID number", "Full name", *quizzes, "Percent"], rows)


CELL_CHARACTERS = 32_000  # a spreadsheet cell holds 32,767 characters at most (Excel, LibreOffice): longer text is cut


def cut_answer(text: str) -> str:
    """A written answer as a sheet shows it: whole, or its start and a note when no cell could hold it."""
    if len(text) <= CELL_CHARACTERS:
        return text
    return (text[:CELL_CHARACTERS] + f" [… cut here: the answer is {len(text):,} characters long, more than a "
            "spreadsheet cell holds; read it whole in the learner's answers file]")


def write_written(book: Gradebook, out: Path) -> None:
    """written-answers.md: every written answer, grouped by question, for the teacher to read (an answer longer
    than a spreadsheet cell is cut as on the marking sheet)."""
    lines = ["# Written answers", "", "Read and mark these by hand; the machine never marks them.", ""]
    for bank in book.banks:
        for q in bank.questions:
            if q.auto_scored:
                continue
            i = book.index[(bank.quiz, q.id)]
            answers = [(r, r.written[i]) for r in book.results if i in r.written]
            lines += [f"## {bank.quiz} / {q.id}", "", f"> {q.prompt}", "",
                      f"{len(answers)} answer(s). Points a good answer might make: {q.explanation}", ""]
            if q.rubric:
                lines += ["Rubric:", *(f"- {c} ({p:g} pt)" for c, p in q.rubric), ""]
            for r, text in answers:
                safe = " ".join(cut_answer(text).split()).replace("<", "&lt;")
                lines.append(f"- **{r.name or r.learner_id}** ({r.learner_id}): {safe}")
            lines.append("")
    atomic_file.write_text(out / "written-answers.md", "\n".join(lines))


def write_feedback(book: Gradebook, out: Path) -> None:
    """feedback/<learner>.md: score, and per question of the quizzes set right or wrong with the explanation.

    Only the quizzes graded this time appear: another quiz's explanations would give its answers away.
    """
    folder = out / "feedback"
    folder.mkdir(exist_ok=True)
    for r in book.results:
        waiting = len(marks_missing(book, r))
        lines = [f"# Feedback for {r.name or r.learner_id}", "",
                 f"Total: {_fmt(r.total)} of {_fmt(book.max_total)} points ({percent_text(r.total, book)}%)."
                 + (f" {waiting} written answer{'s' if waiting != 1 else ''} still to mark: not counted yet."
                    if waiting else ""),
                 *([f"Try-it exercises: {_fmt(r.exercise_points)} of {_fmt(book.exercise_max)} points."]
                   if book.exercise_max else []), ""]
        for bank in book.banks:
            if bank.quiz not in book.set_quizzes:
                continue
            lines += [f"## {bank.title}: {_fmt(r.quiz_scores[bank.quiz])} of {_fmt(book.quiz_max(bank))}", ""]
            for q in bank.questions:
                i = book.index[(bank.quiz, q.id)]
                mark = book.marks.get((r.learner_id, i))
                if not q.auto_scored and mark is not None:
                    state = f"marked {_fmt(mark.points)} of {_fmt(q.points)}" + (f": {mark.comment}" if mark.comment else "")
                elif not q.auto_scored:
                    state = (f"to mark: your teacher has not marked it yet (up to {_fmt(q.points)} points)"
                             if i in r.written else "not answered")
                elif r.scores[i] is None:
                    state = "not answered"
                else:
                    s = r.scores[i]
                    state = "right" if s >= q.points else ("partly right" if s > 0 else "not right")
                typed = book.kinds[i].feedback_echo(r.choices[i])
                lines.append(f"- {q.prompt} — **{state}**. {typed}{q.explanation} ({q.source})")
            lines.append("")
        atomic_file.write_text(folder / f"{learner_id(r.learner_id)}.md", "\n".join(lines))


EXAMPLES_PER_FILE = 3  # problems shown of each file, on screen and in problems.csv; the rest are counted
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")  # controls a terminal would obey


def on_screen(text: str) -> str:
    """Text from outside as a terminal should print it: control characters (colour codes, bidirectional
    overrides) written as visible escapes such as \\u202e, never obeyed."""
    return _UNSHOWN.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def problems_per_file(problems: Sequence[Problem]) -> list[tuple[str, list[Problem]]]:
    """The problems grouped by the file on disk they came from (an archive for its members), in order found."""
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(source_file(p.file), []).append(p)
    return list(groups.items())


def _rest(problems: list[Problem]) -> str:
    """'9,997 more: 9,990 unknown question id in quiz pinned-a; ignored, ...': the commonest reasons first."""
    counts = Counter(p.reason for p in problems)
    common = "; ".join(f"{n:,} × {reason}" for reason, n in counts.most_common(2))
    return f"and {len(problems):,} more ({common}{'; …' if len(counts) > 2 else ''})"


def problem_rows(problems: Sequence[Problem]) -> list[list]:
    """problems.csv: for each file, its first problems with the file's count, then one row counting the rest."""
    rows = []
    for source, found in problems_per_file(problems):
        rows += [[p.file, len(found), p.learner, p.question, p.reason] for p in found[:EXAMPLES_PER_FILE]]
        if len(found) > EXAMPLES_PER_FILE:
            rows.append([source, len(found), "", "", _rest(found[EXAMPLES_PER_FILE:]) + "; all in problems-all.csv"])
    return rows


def write_items(items: list[dict], out: Path) -> None:
    """items.csv: the item statistics (``statistics.item_statistics``), a row per question."""
    _write_csv(out / "items.csv", list(items[0].keys()), items)


def write_problems(book: Gradebook, out: Path) -> None:
    """problems.csv (summarised per file) and problems-all.csv (every problem, one a row)."""
    _write_csv(out / "problems.csv", ["file", "problems_in_file", "learner", "question", "reason"],
               problem_rows(book.problems))
    _write_csv(out / "problems-all.csv", ["file", "learner", "question", "reason"],
               [[p.file, p.learner, p.question, p.reason] for p in book.problems])


def _where(p: Problem, source: str) -> str:
    member = p.file[len(source):].removeprefix("!") if p.file != source else ""
    who = f"[{p.learner}{' / ' + p.question if p.question else ''}]" if p.learner else ""
    return " ".join(x for x in (member, who) if x)


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    """What the screen shows of the problems: per file, its count and first problems; never thousands of lines."""
    lines = []
    for source, found in problems_per_file(problems):
        if len(found) == 1:
            where = _where(found[0], source)
            lines.append(f"problem: {on_screen(source)}{' ' + on_screen(where) if where else ''}: "
                         f"{on_screen(found[0].reason)}")
            continue
        lines.append(f"problems in {on_screen(source)}: {len(found):,}")
        for p in found[:EXAMPLES_PER_FILE]:
            where = _where(p, source)
            lines.append(f"  {on_screen(where) + ': ' if where else ''}{on_screen(p.reason)}")
        if len(found) > EXAMPLES_PER_FILE:
            lines.append(f"  {on_screen(_rest(found[EXAMPLES_PER_FILE:]))}")
    return lines


def question_positions(book: Gradebook) -> list[int]:
    """Where the questions of the quizzes set sit in ``book.questions`` (what 'answered n of m' counts)."""
    return [i for i, (bank, _) in enumerate(book.questions) if bank.quiz in book.set_quizzes]


def marks_missing(book: Gradebook, r) -> list[int]:
    """The written answers of the quizzes set that the teacher has not marked yet ('to mark', never 0)."""
    return [i for i in sorted(r.written) if book.questions[i][0].quiz in book.set_quizzes
            and (r.learner_id, i) not in book.marks]
