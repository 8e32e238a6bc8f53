"""``python benchmarks/web.py`` runs the web benchmark package ``benchmarks/web/`` (the same as
``python benchmarks/web``); see benchmarks/README.md."""

import sys
from pathlib import Path

# The package folder beside this file wins over this module when ``web`` is imported. The
# folder leaves the path again once it is: benchmarks/calendar.py would hide the standard
# library's calendar from everything imported later (pandas, through OR-Tools).
here = str(Path(__file__).resolve().parent)
sys.path[:] = [here, *(p for p in sys.path if Path(p or ".").resolve() != Path(here))]
from web.cli import main  # noqa: E402

sys.path.remove(here)
sys.exit(main())
