"""``python benchmarks/web`` (or ``python -m benchmarks.web`` from the repository root)."""

import sys
from pathlib import Path

if not __package__:  # run as a folder: import the package from benchmarks/, not its modules
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    from web.cli import main

    # benchmarks/calendar.py would hide the standard library's calendar from what is imported
    # later (pandas, through OR-Tools); the package is loaded, so its folder may go.
    del sys.path[0]
else:
    from .cli import main

sys.exit(main())
