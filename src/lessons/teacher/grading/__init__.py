"""Grading answers files as data: nothing in an answers file is ever executed.

Reads answers files, folders of them and zip archives; recomputes every score from the answer key
(the full quiz banks), never from a flag in the file; lists every bad input with its reason and still
grades the rest. Pure Python (no pandas, no plotting) so it starts fast. One module per job:

- ``inputs``: files, folders, archives and their limits;
- ``policy``: which attempt counts, and scoring one answers file against the key;
- ``run``: grading a class (one file per learner, a second process for large classes);
- ``accounts``: whose each file is: the account in a collection's ``collected.csv``, never the typed id;
- ``results``: the gradebook, each learner's result, problems, and the one ``percent`` function;
- ``statistics``: item analysis;
- ``outputs`` and ``report``: what is written for the teacher (CSV, Markdown, HTML).
"""
from __future__ import annotations

from lessons.teacher.grading.inputs import MAX_ZIP_MEMBERS, MAX_ZIP_RATIO, MAX_ZIP_TOTAL, iter_inputs, plain_files
from lessons.teacher.grading.policy import POLICIES, ScoreCache, course_of, grade_document, pick_answer
from lessons.teacher.grading.results import Graded, Gradebook, Problem, percent
from lessons.teacher.grading.run import PARALLEL_FROM, grade
from lessons.teacher.grading.statistics import choice_labels, item_statistics

__all__ = ["MAX_ZIP_MEMBERS", "MAX_ZIP_RATIO", "MAX_ZIP_TOTAL", "PARALLEL_FROM", "POLICIES", "Graded", "Gradebook",
           "Problem", "ScoreCache", "choice_labels", "course_of", "grade", "grade_document", "item_statistics",
           "iter_inputs", "percent", "pick_answer", "plain_files"]
