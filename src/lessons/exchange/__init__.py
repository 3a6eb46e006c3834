"""The hand-in exchange, both ends: how an answers file travels from a learner to the teacher on a hub.
Imports ``lessons.core`` only (see README.md here)."""
