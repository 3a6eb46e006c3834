"""The ``lessons`` command: check quiz banks and data, export answers, release, key, grade, guide.

Every sub-command imports what it needs only when it runs, so ``lessons --help`` starts fast.

Adding a sub-command (the convention; tests/test_cli.py checks every command keeps it):
write ``_add_<name>(sub)`` that calls ``command(sub, name, summary=..., description=..., examples=[...],
func=...)`` and adds its options (each with a ``help=``; say the default in it as "(default: ...)"), then
list the function in ``COMMANDS``. ``func(args) -> int`` is the exit status: 0 done, 1 problems found,
2 the command could not run as asked (say why in a sentence on stderr).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import datetime

from lessons import __version__

Handler = Callable[[argparse.Namespace], int]
EPILOG = ("Teachers: 'lessons guide' prints where this installation's teacher guide, syllabus and other\n"
          "guides are. Each command has its own --help with examples: lessons grade --help")


class _HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and examples; wraps option help to the terminal."""


def command(sub: argparse._SubParsersAction, name: str, *, summary: str, description: str,
            examples: list[str], func: Handler) -> argparse.ArgumentParser:
    """Add one sub-command whose help shows its summary, a description and worked examples."""
    lines = "\n".join(f"  {example}" for example in examples)
    parser = sub.add_parser(name, help=summary, description=f"{summary[0].upper()}{summary[1:]}.\n\n{description}",
                            epilog=f"examples:\n{lines}\n\n{EPILOG}", formatter_class=_HelpFormatter)
    parser.set_defaults(func=func)
    return parser


def _cmd_check(args: argparse.Namespace) -> int:
    from lessons.teacher.course_check import run_check

    return run_check(quiet=args.quiet)


def _add_check(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "check", summary="validate every quiz bank and the data tables",
                description="Reads every quiz bank in the course folder and the data package, prints each problem\n"
                            "with its file, question and what to do, then how many questions check each\n"
                            "learning objective. Run it after editing a quiz bank. Exits 1 if anything is wrong.",
                examples=["lessons check", "lessons check --quiet      # problems only"], func=_cmd_check)
    p.add_argument("-q", "--quiet", action="store_true", help="print problems only, not the coverage table")


def _cmd_export(args: argparse.Namespace) -> int:
    from lessons.notebook.export import export_answers_file

    return export_answers_file(args.learner, Path(args.out) if args.out else None)


def _add_export(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "export", summary="write a learner's answers file (to hand in)",
                description="Writes the same file as the 'Download my answers' link under every quiz, from the\n"
                            "answers saved on this machine. An earlier, different file of the same name is kept\n"
                            "beside it as <name>.previous.",
                examples=["lessons export", "lessons export --learner 'Ana López' --out ana.json"], func=_cmd_export)
    p.add_argument("--learner", metavar="NAME",
                   help="the learner's name or id (default: the name saved in lesson 00, Start here)")
    p.add_argument("--out", metavar="FILE", help="the file to write (default: <learner-id>-answers.json here)")


def _cmd_release(args: argparse.Namespace) -> int:
    from lessons.teacher.release import write_release

    if not args.assessment:
        print("lessons release: say which copy to write; today there is one: --assessment "
              "(e.g. lessons release release/ --assessment).", file=sys.stderr)
        return 2
    return write_release(Path(args.out), force=args.force)


def _add_release(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "release", summary="write a learner copy of the course for graded work",
                description="Writes OUT/notebooks (the lesson notebooks) and OUT/course: the quizzes named under\n"
                            "'assessment' in course.yaml without answers or explanations, in assessment mode\n"
                            "(answers saved, no feedback, the final answer counts), the others as practice,\n"
                            "and the data. Learners open the notebooks in OUT/notebooks. Keep the full quiz\n"
                            "banks yourself and grade with them: lessons grade HANDINS --assessment --out DIR.\n"
                            "Run it in (or below) the folder holding your course/ with the full quiz banks, or\n"
                            "set LESSONS_COURSE_DIR to that course folder; the notebooks come from this\n"
                            "installation when there is no notebooks/ beside it, so a pip install works too.",
                examples=["lessons release release/ --assessment",
                          "lessons release release/ --assessment --force   # replace an earlier release"],
                func=_cmd_release)
    p.add_argument("out", metavar="OUT", help="folder to write the learner copy into (empty, or an earlier release)")
    p.add_argument("--assessment", action="store_true",
                   help="the copy for graded work: no answers, explanations or feedback (required)")
    p.add_argument("--force", action="store_true", help="replace OUT if it holds an earlier release (default: refuse)")


def _cmd_key(args: argparse.Namespace) -> int:
    from lessons.teacher.printed_keys import write_keys

    return write_keys(Path(args.out), fmt=args.format, handouts=not args.no_handouts, seed=args.seed)


def _add_key(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "key", summary="write answer keys and printable quizzes from the quiz banks",
                description="For every lesson writes key-<lesson> (each question with its answer, why, objective\n"
                            "and source: keep it away from learners) and handout-<lesson> (the quiz with blank\n"
                            "lines for answers, to print).",
                examples=["lessons key", "lessons key --out keys/ --format html   # open in a browser, print",
                          "lessons key --seed class-b   # options shuffled, the same for key and handout"],
                func=_cmd_key)
    p.add_argument("--out", default="keys", metavar="DIR", help="folder to write into (default: keys)")
    p.add_argument("--format", choices=["md", "html"], default="md",
                   help="md: Markdown text files; html: pages to open in a browser and print, one quiz per "
                        "printed page (default: md)")
    p.add_argument("--no-handouts", action="store_true", help="write the answer keys only, not the printable quizzes")
    p.add_argument("--seed", metavar="WORD",
                   help="print the options in the shuffled order this word gives, key and handout alike; the same "
                        "word gives the same order (default: the order written in the bank)")


def _cmd_grade(args: argparse.Namespace) -> int:
    from lessons.teacher.grading_cli import run_grade

    return run_grade(args)


def _add_grade(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "grade", summary="grade learners' answers files",
                description="Reads every answers file (the file learners download or hand in) in the files, folders\n"
                            "and .zip archives given, and writes to OUT: gradebook.csv (a row per learner),\n"
                            "items.csv (how each question worked), problems.csv (files or answers that could\n"
                            "not be used, and why), written-answers.md (for you to mark by hand) and report.html.\n"
                            "A damaged file never stops the class: it is listed and the rest are graded.\n"
                            "Exits 0 when every file was clean, 3 when some had problems, 2 when it could not\n"
                            "grade at all.",
                examples=["lessons grade answers/ --out results/",
                          "lessons grade handins.zip --out results/ --quiz 07 --policy last",
                          "lessons grade handins --assessment --out results --marks marks.csv --feedback   # the graded "
                          "work, its written answers marked (lessons marks handins --assessment --out marks.csv)",
                          "lessons grade answers/ --out results/ --marks marks.csv --feedback   # practice answers",
                          "lessons grade answers/ --out results/ --quiz-banks my-course/quizzes/"],
                func=_cmd_grade)
    p.add_argument("paths", nargs="+", metavar="PATH", help="answers files, folders of them, or .zip archives")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the results (made if missing)")
    p.add_argument("--quiz-banks", dest="key", metavar="DIR",
                   help="folder of the full quiz banks, with the answers, to grade against (default: this "
                        "course's own; a learner release has no answers and is refused)")
    p.add_argument("--key", dest="key", help=argparse.SUPPRESS)  # the earlier name, still accepted
    p.add_argument("--assessment", action="store_true",
                   help="grade the graded work named under 'assessment' in course.yaml: answers saved in "
                        "the learner copy, final answers, percent over those quizzes")
    p.add_argument("--policy", choices=["first", "best", "last"],
                   help="which try counts when a learner checked a question more than once: their first, "
                        "their best or their last (default: the last with --assessment; otherwise what each "
                        "quiz bank says, and best if it says nothing)")
    p.add_argument("--quiz", action="append", metavar="LESSON",
                   help="grade only this lesson's quiz, e.g. --quiz 07; repeat for several (default: every quiz)")
    p.add_argument("--marks", metavar="CSV",
                   help="points and comments for written answers: the sheet 'lessons marks' writes, filled in "
                        "(default: written answers get no points)")
    p.add_argument("--no-report", action="store_true", help="do not write report.html (a little faster)")
    p.add_argument("--feedback", action="store_true", help="also write feedback/<learner>.md for each learner")
    p.add_argument("--lms", choices=["moodle"],
                   help="also write the gradebook for import into a learning platform: moodle writes "
                        "gradebook-moodle.csv (default: none)")


def _cmd_exchange_setup(args: argparse.Namespace) -> int:
    from lessons.exchange.folder import make_private, setup_exchange

    box = setup_exchange(Path(args.exchange), args.group)
    print(f"Class exchange ready: learners hand in to {box} (mode {box.stat().st_mode & 0o7777:o}). "
          f"Set LESSONS_EXCHANGE={args.exchange} for every learner's server.")
    course = Path(args.course) if args.course else _teaching_repository()
    if course is None:
        print("Your course folder was not found from here: make it private yourself (chmod 700 DIR), or run "
              "this again with --course DIR. It holds the full answer key; on most Linux systems every account "
              "can read your home (Debian: mode 755).")
        return 0
    old = make_private(course)
    print(f"Made your course folder {course} private (mode 700, was {old:o}): it holds the full answer key "
          "(course/quizzes) and, once you collect and grade, every hand-in, mark and grade; on most Linux "
          "systems every account can read your home (Debian: mode 755). Keep collecting and grading in it.")
    return 0


def _teaching_repository() -> Path | None:
    """The repository holding the course folder found from the current folder (not the installed package's)."""
    from lessons.core.paths import _nearest_course_from

    found = _nearest_course_from(Path.cwd())
    return found.parent if found is not None else None


def _add_exchange_setup(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "exchange-setup", summary="create the class exchange folder on a JupyterHub (teacher or root, once)",
                description="Create EXCHANGE/inbound with nbgrader's exchange modes: learners can write their own\n"
                            "hand-ins but cannot list, read, replace or delete anyone else's; the teacher reads all.\n"
                            "Then give every learner's server LESSONS_EXCHANGE=EXCHANGE. Also makes your course folder\n"
                            "(the repository with the full key, where you collect and grade) private: mode 700.",
                examples=["lessons exchange-setup /srv/lessons-exchange --group teachers --course /home/teacher/lessons"],
                func=_cmd_exchange_setup)
    p.add_argument("exchange", metavar="EXCHANGE", help="the exchange folder to create")
    p.add_argument("--group", help="the teacher's group, which reads every hand-in; needs root or membership "
                                   "(default: the group of the user running this)")
    p.add_argument("--course", metavar="DIR", help="your course repository, made private (mode 700) "
                                                   "(default: the one holding the current folder)")


def _exchange_of(args: argparse.Namespace, command_name: str):
    """The exchange named on the command line or configured: (the backend, or None with a message printed)."""
    from lessons.exchange.backends import from_target

    exchange = from_target(args.exchange)
    if exchange is None:
        print(f"lessons {command_name}: no class exchange: give its folder or address (EXCHANGE), or set "
              "LESSONS_EXCHANGE_URL (the hand-in service) or LESSONS_EXCHANGE (the folder).", file=sys.stderr)
    return exchange


def _deadline_of(args: argparse.Namespace, command_name: str) -> tuple[bool, "datetime | None"]:
    from lessons.teacher.class_status import parse_deadline

    if not getattr(args, "deadline", None):
        return True, None
    try:
        return True, parse_deadline(args.deadline)
    except ValueError:
        print(f"lessons {command_name}: --deadline {args.deadline!r} is not a time; write it like 2026-11-30T09:00 "
              "(UTC) or 2026-11-30T10:00+01:00.", file=sys.stderr)
        return False, None


def _cmd_status(args: argparse.Namespace) -> int:
    from lessons.teacher import class_summary

    exchange = _exchange_of(args, "status")
    ok, deadline = _deadline_of(args, "status")
    if exchange is None or not ok:
        return 2
    csv_out = Path(args.csv) if args.csv else None
    return class_summary.run_status(exchange, csv_out, deadline)


def _add_exchange_argument(p: argparse.ArgumentParser) -> None:
    """The optional EXCHANGE argument that status and collect share."""
    p.add_argument("exchange", metavar="EXCHANGE", nargs="?",
                   help="the class exchange folder, or the hand-in service's address "
                        "(default: $LESSONS_EXCHANGE_URL, else $LESSONS_EXCHANGE)")


def _add_status(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "status", summary="who has handed in to the class exchange, when, and how many questions per quiz",
                description="One row per learner: the account, the name typed, how many hand-ins were kept, the last\n"
                            "time one was received, late and refused ones, and questions answered per quiz. Run it as\n"
                            "the teacher.",
                examples=["lessons status /srv/lessons-exchange",
                          "lessons status /srv/lessons-exchange --csv status.csv",
                          "lessons status --deadline 2026-11-30T09:00   # the hand-in service ($LESSONS_EXCHANGE_URL)"],
                func=_cmd_status)
    _add_exchange_argument(p)
    p.add_argument("--csv", metavar="FILE", help="also write the table as CSV to FILE (default: print only)")
    p.add_argument("--deadline", metavar="TIME",
                   help="with the hand-in service: count each learner's hand-ins after this time, UTC unless a zone is given "
                        "(default: no deadline)")


def _cmd_collect(args: argparse.Namespace) -> int:
    from lessons.teacher import class_summary

    exchange = _exchange_of(args, "collect")
    if exchange is None:
        return 2
    ok, deadline = _deadline_of(args, "collect")
    return class_summary.run_collect(exchange, Path(args.out), deadline) if ok else 2


def _add_collect(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "collect", summary="copy every learner's last hand-in from the class exchange into a new folder",
                description="Writes <account>.json for each learner into DIR (new or empty; 0700, files 0600) and\n"
                            "DIR/collected.csv (account, file, received_at, late, hand_ins, sha256). Times are when\n"
                            "the exchange received a file. With --deadline, each learner's last hand-in before it\n"
                            "is taken; later ones are listed, and a learner with only late ones gets the last, marked late.",
                examples=["lessons collect /srv/lessons-exchange --out handins --deadline 2026-11-30T09:00",
                          "lessons marks handins --assessment --out marks.csv   # then the written answers",
                          "lessons grade handins --assessment --out results --marks marks.csv --feedback   # then grade"],
                func=_cmd_collect)
    _add_exchange_argument(p)
    p.add_argument("--out", required=True, metavar="DIR", help="a new (or empty) folder for the collected files")
    p.add_argument("--deadline", metavar="TIME",
                   help="ISO time such as 2026-11-30T09:00, UTC unless a zone is given (default: no deadline)")


def _cmd_marks(args: argparse.Namespace) -> int:
    from lessons.teacher.marks import run_marks_sheet

    return run_marks_sheet([Path(p) for p in args.paths], Path(args.out), Path(args.key) if args.key else None,
                           assessment=args.assessment)


def _add_marks(sub: argparse._SubParsersAction) -> None:
    p = command(sub, "marks", summary="write a marking sheet for written answers (CSV to fill in)",
                description="One row per learner and written question, with the answer and the question's rubric.\n"
                            "Fill in 'points' (0 up to max_points) and 'comment', then grade with --marks.",
                examples=["lessons marks handins --assessment --out marks.csv   # the graded round",
                          "lessons grade handins --assessment --out results --marks marks.csv --feedback   # then",
                          "lessons marks handins --out practice-marks.csv   # written answers of practice quizzes"],
                func=_cmd_marks)
    p.add_argument("paths", nargs="+", metavar="HANDINS", help="answers files, folders or .zip archives")
    p.add_argument("--out", required=True, metavar="CSV", help="the marking sheet to write")
    p.add_argument("--assessment", action="store_true",
                   help="the written answers of the graded round named under 'assessment' in course.yaml "
                        "(grade it with --assessment too); without it, practice answers")
    p.add_argument("--quiz-banks", dest="key", metavar="DIR",
                   help="folder of the full quiz banks, with the answers (default: this course's own)")
    p.add_argument("--key", dest="key", help=argparse.SUPPRESS)  # the earlier name, still accepted


def _cmd_guide(args: argparse.Namespace) -> int:
    from lessons.teacher.guides import guide_paths

    found = guide_paths()
    if not found:
        print("lessons guide: this installation holds no guides; they are in the course's repository, "
              "in course/teacher-guide.md.", file=sys.stderr)
        return 1
    if args.show:
        print(found[args.show].read_text(encoding="utf-8"))
        return 0
    width = max(len(name) for name in found)
    for name, path in found.items():
        print(f"{name:<{width}}  {path}")
    return 0


def _add_guide(sub: argparse._SubParsersAction) -> None:
    from lessons.teacher.guides import GUIDES

    p = command(sub, "guide", summary="show where this installation's teacher guides are",
                description="Prints the path of each guide installed with the course: the teacher guide (running\n"
                            "the course, grading step by step), the syllabus, the answers-file format and the\n"
                            "quiz bank guide. Open them in any text editor or Markdown viewer, or print one here.",
                examples=["lessons guide", "lessons guide --show teacher-guide | less"], func=_cmd_guide)
    p.add_argument("--show", choices=list(GUIDES), metavar="GUIDE",
                   help=f"print that guide's text: one of {', '.join(GUIDES)} (default: list where each is)")


COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [
    _add_check, _add_export, _add_release, _add_key, _add_grade, _add_guide,
    _add_exchange_setup, _add_status, _add_collect, _add_marks,
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="lessons",
        description="Course tools for the course in course.yaml (the one in LESSONS_COURSE_DIR, else the nearest).",
        epilog=EPILOG, formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"lessons {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
