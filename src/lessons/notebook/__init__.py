"""What runs in the learner's kernel: quiz view and controls, the response store, the name box, the
answers box (download, load, hand in), Try-it checks and plots. Imports ``lessons.core`` and
``lessons.exchange`` only (see README.md here)."""
