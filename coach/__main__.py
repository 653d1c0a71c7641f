"""``python -m coach`` runs the same entry point as the ``coach`` command."""

import sys

from coach.cli.main import main

sys.exit(main())
