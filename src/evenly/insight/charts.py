"""Geometry for the balance and mirror charts, in SVG units (the templates only draw it).

The page's content security policy forbids ``style=`` attributes, so every position and size is
an attribute computed here. Charts are 400 units wide and scale to the page; a row is 46 high.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

WIDTH = 400
LABEL_W = 90
PAD = 6
ROW = 46
TRACK = WIDTH - LABEL_W - PAD


def _scale(top: float) -> float:
    return TRACK / (top * 1.08) if top > 0 else 0.0


@dataclass
class Chart:
    rows: list[dict[str, Any]]

    @property
    def height(self) -> int:
        return len(self.rows) * ROW


def target_bars(rows: Sequence[tuple[str, Fraction, Fraction | None, Fraction]]) -> Chart:
    """Bars of ``(name, actual, target, tolerance)``: bar = actual, line = target, band = ±tol.

    A negative target (possible under "equal total work") is drawn at 0; the table says it.
    """
    top = max((max(float(a), float(t or 0) + float(tol)) for _, a, t, tol in rows), default=0.0)
    k = _scale(top)
    out = []
    for n, (name, actual, target, tol) in enumerate(rows):
        row: dict[str, Any] = {
            "name": name,
            "y": n * ROW,
            "x0": LABEL_W,
            "track_w": TRACK,
            "bar_w": round(max(0.0, float(actual)) * k, 1),
            "target": target is not None,
        }
        if target is not None:
            t = max(0.0, float(target))
            row["target_x"] = round(LABEL_W + t * k, 1)
            row["band_x"] = round(LABEL_W + max(0.0, t - float(tol)) * k, 1)
            row["band_w"] = round((min(t, float(tol)) + float(tol)) * k, 1)
        out.append(row)
    return Chart(out)


def stacked_bars(rows: Sequence[tuple[str, Sequence[tuple[str, Fraction]]]]) -> Chart:
    """Stacked bars of ``(name, [(css class, minutes), ...])`` on a common scale."""
    top = max((float(sum((v for _, v in segs), Fraction(0)))) for _, segs in rows) if rows else 0
    k = _scale(top)
    out = []
    for n, (name, segs) in enumerate(rows):
        x = float(LABEL_W)
        parts = []
        for cls, value in segs:
            w = round(max(0.0, float(value)) * k, 1)
            if w > 0:
                parts.append({"cls": cls, "x": round(x, 1), "w": w})
            x += w
        out.append({"name": name, "y": n * ROW, "x0": LABEL_W, "track_w": TRACK, "parts": parts})
    return Chart(out)


def share_bars(rows: Sequence[tuple[str, Sequence[tuple[str, Fraction]]]]) -> Chart:
    """100% stacked bars of ``(label, [(css class, share 0..1), ...])``, full track width."""
    out = []
    for n, (name, segs) in enumerate(rows):
        x = float(LABEL_W)
        parts = []
        for cls, share in segs:
            w = round(float(share) * TRACK, 1)
            if w > 0:
                parts.append({"cls": cls, "x": round(x, 1), "w": w, "mid": round(x + w / 2, 1)})
                parts[-1]["label"] = f"{round(float(share) * 100)}%" if w >= 34 else ""
            x += w
        out.append({"name": name, "y": n * ROW, "x0": LABEL_W, "track_w": TRACK, "parts": parts})
    return Chart(out)


@dataclass
class Trend:
    lines: list[dict[str, Any]]  # per member: class, name, segments of "x,y ..." points, dots
    ticks: list[dict[str, Any]]  # x labels
    grid: list[dict[str, Any]]  # y gridlines at 0, 50, 100 %
    height: int = 180


def trend(
    weeks: Sequence[Sequence[Fraction | None]], names: Sequence[str], labels: Sequence[str]
) -> Trend:
    """Each member's share (0..1) per week as lines: ``weeks[w][m]`` is member m in week w.

    None (a week with nothing logged) breaks the line.
    """
    # Room on the right for the last date label, which is centred on its point.
    left, right, top, bottom = 40, WIDTH - 24, 10, 150
    n = len(weeks)
    step = (right - left) / (n - 1) if n > 1 else 0

    def xy(w: int, share: Fraction) -> tuple[float, float]:
        return round(left + w * step, 1), round(bottom - float(share) * (bottom - top), 1)

    lines = []
    for m, name in enumerate(names):
        # A week with nothing logged has no share: the line breaks there instead of dropping to 0.
        runs: list[list[tuple[float, float]]] = [[]]
        for w in range(n):
            share = weeks[w][m]
            if share is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append(xy(w, share))
        pts = [pt for run in runs for pt in run]
        lines.append(
            {
                "cls": f"bal-s{m % 6}",
                "name": name,
                "segments": [" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) > 1],
                "dots": [{"x": x, "y": y} for x, y in pts],
            }
        )
    every = max(1, (n + 5) // 6)  # at most about six labels so they never overlap
    ticks = [
        {"x": xy(w, Fraction(0))[0], "label": labels[w]}
        for w in range(n)
        if w % every == 0 or (w == n - 1 and (n - 1) % every >= every / 2)
    ]
    grid = [
        {"y": xy(0, Fraction(p, 100))[1], "label": f"{p}%", "x1": left, "x2": right}
        for p in (0, 50, 100)
    ]
    return Trend(lines=lines, ticks=ticks, grid=grid)
