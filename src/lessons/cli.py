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
    grade.add_argument("--policy", choices=["first", "best", "last"],
                       help="which attempt counts (default: each bank's 'scoring', else best)")
    grade.add_argument("--quiz", action="append", metavar="LESSON",
                       help="grade only this lesson's quiz (e.g. --quiz 07); repeat for several")
    grade.add_argument("--no-report", action="store_true", help="skip report.html (faster)")
    grade.add_argument("--feedback", action="store_true", help="also write a feedback file per learner")
    grade.add_argument("--lms", choices=["moodle"], help="also write the gradebook for an LMS import")
    grade.set_defaults(func=_cmd_grade)
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
