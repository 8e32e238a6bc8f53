"""The core is pure: no web framework anywhere under evenly.core."""

import ast
from pathlib import Path

import evenly.core

CORE = Path(evenly.core.__file__).parent


def test_core_imports_no_django() -> None:
    for path in CORE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("django", "ninja")), f"{path.name} imports {name}"
