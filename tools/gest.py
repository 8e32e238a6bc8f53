"""Where GEST's dev.csv is (kinit-sk/gest, Apache-2.0): the data the stereotype lens and the
coach's learned model are trained on. It lives outside the repository, so the tools, the
benchmarks and the tests all look for it here.

Standard library only: `benchmarks/lens_probe.py` imports it from a scratch venv without Evenly.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Beside the repository (../shared/data/gest), as the data's README has it. Elsewhere (a
# worktree, another machine) set GEST_DEV: no machine's own path is written here.
DEFAULT_DEV = ROOT.parent / "shared/data/gest/dev.csv"


def dev_path() -> Path:
    """GEST's dev.csv: ``GEST_DEV`` when it is set, else :data:`DEFAULT_DEV`."""
    return Path(os.environ.get("GEST_DEV") or DEFAULT_DEV)
