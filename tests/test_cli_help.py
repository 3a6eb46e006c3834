"""The command line reads for a teacher: every sub-command has a description, examples and its defaults in
its help, options are named for what they are, and the guides it points to exist in this installation.
In-process: lessons.cli.main(argv)."""
from __future__ import annotations

import argparse

import pytest

from lessons.cli import build_parser, main


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _help(argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as exit_info:
        main([*argv, "--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_every_subcommand_has_a_description_examples_and_helpful_options(capsys):
    commands = _subcommands()
    assert {"check", "export", "release", "key", "grade", "guide"} <= set(commands)
    for name, sub in commands.items():
        text = _help([name], capsys)
        description = sub.description or ""
        assert len(description.split()) >= 12, f"{name}: the description says too little: {description!r}"
        assert "examples:" in text and f"lessons {name}" in text.split("examples:")[1], name
        for action in sub._actions:
            if isinstance(action, argparse._HelpAction) or action.help == argparse.SUPPRESS:
                continue
            assert action.help and len(action.help.split()) >= 3, f"{name} {action.dest}: no real help"
            takes_value = action.nargs != 0 and action.option_strings
            if takes_value and not action.required:
                assert "(default:" in action.help, f"{name} {action.option_strings}: say the default"


def test_top_level_help_points_to_a_guide_this_install_has(capsys):
    text = _help([], capsys)
    assert "lessons guide" in text and "course/teacher-guide.md" not in text
    assert main(["guide"]) == 0
    lines = capsys.readouterr().out.splitlines()
    paths = dict(line.split(None, 1) for line in lines)
    assert "teacher-guide" in paths and "syllabus" in paths
    from pathlib import Path

    for path in paths.values():
        assert Path(path.strip()).is_file(), path
    assert main(["guide", "--show", "teacher-guide"]) == 0
    assert "Grading step by step" in capsys.readouterr().out


def test_release_takes_the_folder_as_its_argument_and_assessment_as_a_switch(tmp_path, capsys):
    parser = build_parser()
    for argv in (["release", "OUT", "--assessment"], ["release", "--assessment", "OUT"]):
        args = parser.parse_args(argv)
        assert (args.out, args.assessment, args.force) == ("OUT", True, False), argv
    out = tmp_path / "copy"
    assert main(["release", str(out)]) == 2
    assert "--assessment" in capsys.readouterr().err and not out.exists()


def test_grade_names_the_key_folder_for_what_it_holds(capsys):
    parser = build_parser()
    assert parser.parse_args(["grade", "x", "--out", "o", "--quiz-banks", "full/"]).key == "full/"
    assert parser.parse_args(["grade", "x", "--out", "o", "--key", "full/"]).key == "full/"  # the earlier name
    text = _help(["grade"], capsys)
    assert "--quiz-banks DIR" in text and "--key" not in text
    assert "which try counts" in text and "'scoring'" not in text
    key_text = _help(["key"], capsys)
    assert "--format {md,html}" in key_text and "print" in key_text.split("--format", 2)[2]
