"""Make the app icons (PNG) from Evenly's favicon.svg, reproducibly, in headless Chromium.

    PYTHONPATH=src python tools/make_icons.py

writes next to the favicon, in src/evenly/web/static/evenly/:

- icon-192.png, icon-512.png: the favicon as it is (rounded square), for "purpose": "any";
- icon-maskable-512.png: the same two bars on a full-bleed square of the favicon's colour, the
  bars drawn inside the middle 80% (the "safe zone" a phone's mask never cuts);
- apple-touch-icon.png (180 x 180): the full-bleed square too; iOS rounds the corners itself.

Only what the project already has is used: Playwright with Debian's Chromium. The PNGs are
committed as static files; run this again after changing favicon.svg.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
STATIC = Path(__file__).resolve().parents[1] / "src" / "evenly" / "web" / "static" / "evenly"
SAFE_ZONE = 0.8  # of the icon's width: what a maskable icon keeps under any mask


def full_bleed(svg: str, scale: float) -> str:
    """The favicon on a square without rounded corners, its marks scaled about the centre."""
    background = re.search(r'<rect width="32" height="32"[^>]*fill="([^"]+)"/>', svg)
    if background is None:
        raise SystemExit("favicon.svg: expected a 32 x 32 background <rect> first")
    marks = svg[background.end() : svg.rindex("</svg>")]
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" fill="{background.group(1)}"/>'
        f'<g transform="translate(16 16) scale({scale}) translate(-16 -16)">{marks}</g></svg>'
    )


def main() -> None:
    favicon = (STATIC / "favicon.svg").read_text()
    # The bars span 18 of 32 units; in the maskable icon they stay well inside the safe zone.
    wanted = {
        "icon-192.png": (favicon, 192),
        "icon-512.png": (favicon, 512),
        "icon-maskable-512.png": (full_bleed(favicon, SAFE_ZONE), 512),
        "apple-touch-icon.png": (full_bleed(favicon, 0.9), 180),
    }
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        for name, (svg, size) in wanted.items():
            page = browser.new_page(viewport={"width": size, "height": size})
            sized = svg.replace("<svg ", f'<svg width="{size}" height="{size}" ', 1)
            page.set_content(
                "<!doctype html><html><head><style>html,body{margin:0;background:transparent}"
                f"svg{{display:block}}</style></head><body>{sized}</body></html>"
            )
            page.screenshot(path=str(STATIC / name), omit_background=True)
            page.close()
            print(f"{name}: {size} x {size}")
        browser.close()


if __name__ == "__main__":
    main()
