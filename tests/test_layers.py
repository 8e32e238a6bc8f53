"""The layer order in pyproject.toml (`[tool.importlinter]`) holds: no package imports one above
it, and the core imports neither Django nor anything else of Evenly. `make lint` runs the same
check; this test makes `make test` (and a plain `pytest`) catch a wrong arrow too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_every_import_arrow_points_down():
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Layers point down KEPT" in result.stdout
    assert "The core is pure Python: no Django, nothing else of Evenly KEPT" in result.stdout
