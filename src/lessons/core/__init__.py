"""The course and its assessment, independent of where they run: course set-up and paths, quiz banks and
question kinds, learner ids, the answers file, scoring, the data tables. Imports nothing from
``lessons.notebook``, ``lessons.teacher`` or ``lessons.exchange`` (see README.md here)."""
