"""Figures of the code's shape: how easy Evenly is to change. Never part of the tests.

Run from the repository root (any checkout can be measured with `--root`, for a before/after):

    .venv/bin/python benchmarks/structure.py [--root DIR] [--out DIR]

1. Import arrows between the packages of `src/evenly` (one arrow per pair of packages, imports
   inside functions included), and how many run upwards against the layer order of the
   `layers` contract in this repository's pyproject.toml (read from here, even with `--root`,
   so an old checkout is judged against today's order).
2. `type: ignore` comments in `src/evenly`.
3. The largest cyclomatic complexity of any function in `src` and `benchmarks` (ruff's C901).
4. Lines in views (`src/evenly/*/views*.py`) and `try/except ValidationError` blocks in them.
5. Number conversions: calls of `Fraction(`, `Decimal(` and `float(` in `src/evenly` outside
   migrations, and the same outside core (where the web converts).

Writes `results/structure.md` and `results/structure.json`.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CONVERTERS = {"Fraction", "Decimal", "float"}


def _python_files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "src" / "evenly").rglob("*.py") if "migrations" not in p.parts)


def _package(path: Path, root: Path) -> str:
    parts = path.relative_to(root / "src").with_suffix("").parts
    return ".".join(parts[:2])


def _imported(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [a.name for a in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module] + [f"{node.module}.{a.name}" for a in node.names]
    return []


def arrows(root: Path) -> set[tuple[str, str]]:
    """Every (importer, imported) pair of top-level packages under `evenly`."""
    found: set[tuple[str, str]] = set()
    for path in _python_files(root):
        source = _package(path, root)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for name in _imported(node):
                parts = name.split(".")
                if parts[0] != "evenly" or len(parts) < 2:
                    continue
                target = ".".join(parts[:2])
                if target != source and target != "evenly.__init__":
                    found.add((source, target))
    return found


def layer_rank() -> dict[str, int]:
    """Each package's layer, 0 at the top, from the `layers` contract in pyproject.toml."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config.get("tool", {}).get("importlinter", {}).get("contracts", [])
    for contract in contracts:
        if contract.get("type") == "layers":
            rank: dict[str, int] = {}
            for i, layer in enumerate(contract["layers"]):
                for name in re.split(r"[|:]", layer):
                    name = name.strip().strip("()")
                    rank[name if name.startswith("evenly") else f"evenly.{name}"] = i
            return rank
    return {}


def upward(found: set[tuple[str, str]], rank: dict[str, int]) -> list[tuple[str, str]]:
    """Arrows from a lower layer to a higher one (a larger rank is lower)."""
    return sorted((a, b) for a, b in found if a in rank and b in rank and rank[a] > rank[b])


def type_ignores(root: Path) -> int:
    return sum(
        p.read_text(encoding="utf-8").count("type: ignore")
        for p in (root / "src" / "evenly").rglob("*.py")
    )


def largest_complexity(root: Path) -> tuple[int, str]:
    ruff = Path(sys.executable).parent / "ruff"
    out = subprocess.run(
        [
            str(ruff),
            "check",
            "--isolated",
            "--select",
            "C901",
            "--output-format",
            "json",
            "--config",
            "lint.mccabe.max-complexity=0",
            "src",
            "benchmarks",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    worst = (0, "")
    for finding in json.loads(out or "[]"):
        match = re.search(r"`(.+)` is too complex \((\d+) >", finding["message"])
        if match and int(match.group(2)) > worst[0]:
            where = Path(finding["filename"]).relative_to(root)
            worst = (int(match.group(2)), f"{where}:{match.group(1)}")
    return worst


def views(root: Path) -> tuple[int, int]:
    lines = blocks = 0
    for path in (root / "src" / "evenly").glob("*/views*.py"):
        text = path.read_text(encoding="utf-8")
        lines += len(text.splitlines())
        blocks += text.count("except ValidationError")
    return lines, blocks


def conversions(root: Path) -> tuple[int, int]:
    everywhere = outside_core = 0
    for path in _python_files(root):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in CONVERTERS
            ):
                everywhere += 1
                outside_core += "core" not in path.parts
    return everywhere, outside_core


def measure(root: Path) -> dict[str, object]:
    found = arrows(root)
    up = upward(found, layer_rank())
    complexity, where = largest_complexity(root)
    view_lines, view_blocks = views(root)
    conv_all, conv_web = conversions(root)
    return {
        "arrows": len(found),
        "upward_arrows": len(up),
        "upward": [f"{a} -> {b}" for a, b in up],
        "type_ignores": type_ignores(root),
        "largest_complexity": complexity,
        "largest_complexity_at": where,
        "view_lines": view_lines,
        "view_validation_blocks": view_blocks,
        "conversions": conv_all,
        "conversions_outside_core": conv_web,
    }


def report(figures: dict[str, object], root: Path) -> str:
    rows = [
        ("import arrows between packages", figures["arrows"]),
        ("… of them upwards against the layers", figures["upward_arrows"]),
        ("`type: ignore` in src", figures["type_ignores"]),
        (
            "largest complexity (C901)",
            f"{figures['largest_complexity']} ({figures['largest_complexity_at']})",
        ),
        ("lines in views", figures["view_lines"]),
        ("`except ValidationError` in views", figures["view_validation_blocks"]),
        ("Fraction/Decimal/float conversions", figures["conversions"]),
        ("… outside core", figures["conversions_outside_core"]),
    ]
    lines = [f"# Code shape of {root.name}", "", "| figure | value |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    upward_list = figures["upward"]
    if isinstance(upward_list, list) and upward_list:
        lines += ["", "Upward arrows:", ""] + [f"- {a}" for a in upward_list]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=REPO, help="checkout to measure")
    parser.add_argument("--out", type=Path, default=HERE / "results")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if not (root / "src" / "evenly").is_dir():
        print(f"{root} holds no src/evenly", file=sys.stderr)
        return 2
    figures = measure(root)
    text = report(figures, root)
    print(text, end="")
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "structure.md").write_text(text, encoding="utf-8")
    (args.out / "structure.json").write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
