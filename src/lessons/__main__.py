"""``python -m lessons`` runs the command line."""
import sys

from lessons.cli import main

sys.exit(main())
