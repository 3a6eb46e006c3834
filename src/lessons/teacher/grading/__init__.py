"""Grading answers files as data: nothing in an answers file is ever executed.

One pipeline: a ``GradeRequest`` (banks, quizzes, assessment, policy, marks sheet) goes into ``grade()``,
which returns a read-only ``Gradebook``; the writers (``outputs``, ``report``) only read it. Reads answers
files, folders of them and zip archives; recomputes every score from the answer key (the full quiz banks),
never from a flag in the file; lists every bad input with its reason and still grades the rest. Pure
Python (no pandas, no plotting) so it starts fast. One module per job:

- ``request``: what to grade and how;
- ``inputs``: files, folders, archives and their limits;
- ``score_file``: scoring one answers file (the entry check, the policy, each answer's score);
- ``policy``: which attempt counts; ``score_cache``: answers seen before;
- ``marks_sheet``: reading the teacher's marks for written answers;
- ``run``: ``grade()``, the steps from request to gradebook (a second process for large classes);
- ``accounts``: whose each file is: the account in a collection's ``collected.csv``, never the typed id;
- ``results``: the gradebook, each learner's result, problems, marks, and the one ``percent`` function;
- ``statistics``: item analysis;
- ``outputs`` and ``report``: what is written for the teacher (CSV, Markdown, HTML).
"""
from __future__ import annotations

from lessons.teacher.grading.inputs import MAX_ZIP_MEMBERS, MAX_ZIP_RATIO, MAX_ZIP_TOTAL, iter_inputs, plain_files
from lessons.teacher.grading.policy import POLICIES, pick_answer
from lessons.teacher.grading.request import GradeRequest
from lessons.teacher.grading.results import Graded, Gradebook, Mark, Problem, QuestionTable, percent
from lessons.teacher.grading.run import PARALLEL_FROM, course_of, grade
from lessons.teacher.grading.score_cache import ScoreCache
from lessons.teacher.grading.statistics import choice_labels, item_statistics

__all__ = ["MAX_ZIP_MEMBERS", "MAX_ZIP_RATIO", "MAX_ZIP_TOTAL", "PARALLEL_FROM", "POLICIES", "GradeRequest", "Graded",
           "Gradebook", "Mark", "Problem", "QuestionTable", "ScoreCache", "choice_labels", "course_of", "grade",
           "item_statistics", "iter_inputs", "percent", "pick_answer", "plain_files"]
