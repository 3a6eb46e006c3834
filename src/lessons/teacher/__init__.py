"""The teacher's side: release, printed keys, course checks, class status and collection, marks, grading
and its outputs, the command-line commands. Imports ``lessons.core`` and ``lessons.exchange`` only
(see README.md here)."""
