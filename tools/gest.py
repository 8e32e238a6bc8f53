"""Where GEST's dev.csv is (kinit-sk/gest, Apache-2.0): the data the stereotype lens and the
coach's learned model are trained on. It lives outside the repository, so the tools, the
benchmarks and the tests all look for it here.

Standard library only: `benchmarks/lens_probe.py` imports it from a scratch venv without Evenly.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Beside the repository (../shared/data/gest), as issue 18 has it; a worktree elsewhere falls
# back to the machine's shared copy.
_PLACES = (ROOT.parent / "shared/data/gest/dev.csv", Path("/work/shared/data/gest/dev.csv"))
DEFAULT_DEV = next((p for p in _PLACES if p.is_file()), _PLACES[0])


def dev_path() -> Path:
    """GEST's dev.csv: ``GEST_DEV`` when it is set, else :data:`DEFAULT_DEV`."""
    return Path(os.environ.get("GEST_DEV") or DEFAULT_DEV)
