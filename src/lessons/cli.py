"""The ``lessons`` command: check quiz banks and data, export answers, release, key, grade.

Every sub-command imports what it needs only when it runs, so ``lessons --help`` starts fast.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lessons import __version__


def _cmd_check(args: argparse.Namespace) -> int:
    from lessons.course_check import run_check

    return run_check(quiet=args.quiet)


def _cmd_export(args: argparse.Namespace) -> int:
    from lessons.handin import export_submission

    return export_submission(args.learner, Path(args.out) if args.out else None)


def _cmd_release(args: argparse.Namespace) -> int:
    from lessons.release import write_release

    return write_release(Path(args.out), force=args.force)


def _cmd_key(args: argparse.Namespace) -> int:
    from lessons.answer_key import write_keys

    return write_keys(Path(args.out), fmt=args.format, handouts=not args.no_handouts)


def _cmd_grade(args: argparse.Namespace) -> int:
    from lessons.grading_cli import run_grade

    return run_grade(args)


def _cmd_exchange_setup(args: argparse.Namespace) -> int:
    from lessons.exchange import setup_exchange

    box = setup_exchange(Path(args.exchange), args.group)
    print(f"Class exchange ready: learners hand in to {box} (mode {box.stat().st_mode & 0o7777:o}). "
          f"Set LESSONS_EXCHANGE={args.exchange} for every learner's server.")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from lessons.class_status import run_status

    return run_status(Path(args.exchange), Path(args.csv) if args.csv else None)


def _cmd_collect(args: argparse.Namespace) -> int:
    from lessons.class_status import run_collect

    return run_collect(Path(args.exchange), Path(args.out), args.deadline)


def _cmd_marks(args: argparse.Namespace) -> int:
    from lessons.marks import run_marks_sheet

    return run_marks_sheet([Path(p) for p in args.paths], Path(args.out), Path(args.key) if args.key else None)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every sub-command."""
    parser = argparse.ArgumentParser(
        prog="lessons",
        description="Course tools for 'The 2021 US-Iraq agreement: reading a debate'.",
        epilog="Teachers: see course/teacher-guide.md. Each command has its own --help.",
    )
    parser.add_argument("--version", action="version", version=f"lessons {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="validate every quiz bank and the data package")
    check.add_argument("-q", "--quiet", action="store_true", help="print problems only")
    check.set_defaults(func=_cmd_check)

    export = sub.add_parser("export", help="write a learner's answers to a submission file")
    export.add_argument("--learner", help="learner name or id (default: the one saved in Start here)")
    export.add_argument("--out", help="file to write (default: <learner>-answers.json here)")
    export.set_defaults(func=_cmd_export)

    release = sub.add_parser("release", help="write a learner copy for graded work")
    release.add_argument("--assessment", dest="out", required=True, metavar="OUT",
                         help="folder for the copy: quiz banks without answers, notebooks in assessment mode")
    release.add_argument("--force", action="store_true", help="replace OUT if it holds an earlier release")
    release.set_defaults(func=_cmd_release)

    key = sub.add_parser("key", help="write answer keys and printable handouts from the quiz banks")
    key.add_argument("--out", default="keys", help="folder to write (default: keys)")
    key.add_argument("--format", choices=["md", "html"], default="md")
    key.add_argument("--no-handouts", action="store_true", help="answer keys only")
    key.set_defaults(func=_cmd_key)

    grade = sub.add_parser("grade", help="grade hand-in files: gradebook, item analysis, report")
    grade.add_argument("paths", nargs="+", metavar="PATH", help="submission files, folders or .zip archives")
    grade.add_argument("--out", required=True, metavar="DIR", help="folder for the results")
    grade.add_argument("--key", metavar="DIR", help="folder of full quiz banks (default: the course's)")
    grade.add_argument("--assessment", action="store_true",
                       help="grade the graded work named under 'assessment' in course.yaml: answers saved in "
                            "the learner copy, final answers, percent over those quizzes")
    grade.add_argument("--policy", choices=["first", "best", "last"],
                       help="which attempt counts (default: the final answer with --assessment, "
                            "else each bank's 'scoring')")
    grade.add_argument("--quiz", action="append", metavar="LESSON",
                       help="grade only this lesson's quiz (e.g. --quiz 07); repeat for several")
    grade.add_argument("--no-report", action="store_true", help="skip report.html (faster)")
    grade.add_argument("--feedback", action="store_true", help="also write a feedback file per learner")
    grade.add_argument("--lms", choices=["moodle"], help="also write the gradebook for an LMS import")
    grade.add_argument("--marks", metavar="CSV",
                       help="points and comments for written answers (the sheet 'lessons marks' writes, filled in)")
    grade.set_defaults(func=_cmd_grade)

    formatter = argparse.RawDescriptionHelpFormatter
    setup = sub.add_parser(
        "exchange-setup", help="create the class exchange folder on a JupyterHub (teacher or root, once)",
        formatter_class=formatter,
        description="Create EXCHANGE/inbound with nbgrader's exchange modes: learners can write their own "
                    "hand-in but cannot list, read, replace or delete anyone else's; the teacher reads all.",
        epilog="example (as root):\n  lessons exchange-setup /srv/lessons-exchange --group teachers\n"
               "then give every learner's server LESSONS_EXCHANGE=/srv/lessons-exchange")
    setup.add_argument("exchange", metavar="EXCHANGE", help="the exchange folder")
    setup.add_argument("--group", help="the teacher's group, which reads every hand-in (needs root or membership)")
    setup.set_defaults(func=_cmd_exchange_setup)

    status = sub.add_parser(
        "status", help="who has handed in to the class exchange, when, and how many questions per quiz",
        formatter_class=formatter,
        description="One row per hand-in: the learner's account, their name, the time they handed in and "
                    "how many questions of each quiz they answered. Run it as the teacher.",
        epilog="example:\n  lessons status /srv/lessons-exchange\n  lessons status /srv/lessons-exchange --csv status.csv")
    status.add_argument("exchange", metavar="EXCHANGE", help="the class exchange folder")
    status.add_argument("--csv", metavar="FILE", help="also write the table as CSV")
    status.set_defaults(func=_cmd_status)

    collect = sub.add_parser(
        "collect", help="copy every learner's latest hand-in from the class exchange into a folder",
        formatter_class=formatter,
        description="Copies <user>.json for each learner into DIR and writes DIR/collected.csv. With "
                    "--deadline, hand-ins after it are listed as late; they are collected all the same.",
        epilog="example:\n  lessons collect /srv/lessons-exchange --out handins --deadline 2026-11-30T09:00\n"
               "  lessons grade handins --out results --feedback")
    collect.add_argument("exchange", metavar="EXCHANGE", help="the class exchange folder")
    collect.add_argument("--out", required=True, metavar="DIR", help="folder for the collected files")
    collect.add_argument("--deadline", metavar="TIME", help="ISO time, UTC unless a zone is given")
    collect.set_defaults(func=_cmd_collect)

    marks = sub.add_parser(
        "marks", help="write a marking sheet for written answers (CSV to fill in)",
        formatter_class=formatter,
        description="One row per learner and written question, with the answer and the question's rubric. "
                    "Fill in 'points' (0 up to max_points) and 'comment', then grade with --marks.",
        epilog="example:\n  lessons marks handins --out marks.csv\n"
               "  lessons grade handins --out results --marks marks.csv --feedback")
    marks.add_argument("paths", nargs="+", metavar="HANDINS", help="hand-in files, folders or .zip archives")
    marks.add_argument("--out", required=True, metavar="CSV", help="the marking sheet to write")
    marks.add_argument("--key", metavar="DIR", help="folder of full quiz banks (default: the course's)")
    marks.set_defaults(func=_cmd_marks)
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
