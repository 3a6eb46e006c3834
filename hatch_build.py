"""Build hook: the wheel holds the course as learners get it (no key for assessed quizzes).

A wheel is what a hub image, Binder or ``pip install .`` puts where a learner's kernel can read it, so
the quizzes named under ``assessment`` in course/course.yaml go into it without answers or
explanations (see ``lessons.core.assessment``). Editable installs read the repository's full banks:
they are the teacher's copy.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class LearnerCourseHook(BuildHookInterface):
    """Put ``lessons/course`` (course.yaml, data, quiz banks) into the wheel as learners get it."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "src"))
        try:
            from lessons.core.assessment import write_learner_course
        finally:
            sys.path.pop(0)
        self._tmp = tempfile.TemporaryDirectory(prefix="lessons-learner-course-")
        course = Path(self._tmp.name) / "course"
        write_learner_course(root / "course", course)
        build_data["force_include"][str(course)] = "lessons/course"

    def finalize(self, version: str, build_data: dict, artifact_path: str) -> None:
        if getattr(self, "_tmp", None) is not None:
            self._tmp.cleanup()
