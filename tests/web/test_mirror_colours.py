"""The stereotype mirror draws in the neutral palette: no pink, no blue, no gender coding."""

from __future__ import annotations

import colorsys
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.urls import reverse

from evenly.week.models import LogEntry
from tests.conftest import Home

CSS = Path(__file__).resolve().parents[2] / "src/evenly/web/static/evenly/evenly.css"


def _palette(css: str) -> dict[str, str]:
    return dict(re.findall(r"(--neutral-\d+):\s*(#[0-9a-fA-F]{6})", css))


def _hue_and_saturation(hex_colour: str) -> tuple[float, float]:
    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    h, _l, s = colorsys.rgb_to_hls(r, g, b)
    return h * 360, s


def _pink_or_blue(hex_colour: str) -> bool:
    hue, saturation = _hue_and_saturation(hex_colour)
    if saturation < 0.08:  # a grey
        return False
    return 180 <= hue <= 260 or 280 <= hue <= 360 or hue < 5


def test_the_neutral_palette_has_no_pink_or_blue() -> None:
    palette = _palette(CSS.read_text())
    assert len(palette) >= 4
    assert not [name for name, colour in palette.items() if _pink_or_blue(colour)]
    # And the check does see the old colours.
    assert _pink_or_blue("#b5838d") and _pink_or_blue("#6d8299")


def test_every_mirror_rule_takes_its_colour_from_the_neutral_palette() -> None:
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    rules = re.findall(r"([^{}]*mirror[^{}]*)\{([^}]*)\}", css)
    coloured = [(sel.strip(), body) for sel, body in rules if re.search(r"fill|background", body)]
    assert coloured
    for selector, body in coloured:
        if "mirror-in" in selector:  # the figures written on the bars
            continue
        colours = re.findall(r"(?:fill|background|stroke|color):\s*([^;]+)", body)
        assert colours, selector
        for value in colours:
            assert re.fullmatch(r"var\(--neutral-\d+\)", value.strip()), (selector, value)


def test_the_mirror_page_draws_only_with_mirror_classes(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    home.household.cards.filter(name="Laundry").update(catalog_key="laundry")
    today = home.household.today()
    for member in (home.owner, home.partner):
        LogEntry.objects.create(
            household=home.household,
            member=member,
            card=home.household.cards.get(name="Laundry"),
            title="Laundry",
            minutes=Decimal(30),
            done_on=today - timedelta(days=1) if today.weekday() else today,
        )
    html = home.owner_client.get(
        reverse("mirror", args=[home.household.pk]), {"period": "4w"}
    ).content.decode()
    drawn = re.findall(r'<rect class="([^"]+)"', html) + re.findall(
        r'<span class="bal-key ([^"]+)"', html
    )
    assert drawn
    # Every coloured part is a mirror class (the grey track behind a bar belongs to the bars).
    assert all(c.startswith("mirror-") or c == "track" for c in drawn), drawn
    assert {"mirror-s0", "mirror-s1", "mirror-w", "mirror-m"} <= set(drawn)
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|style=", html.split("<main", 1)[-1])


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_the_neutral_palette_reads_on_light_and_dark_pages_and_under_white_text() -> None:
    for name, colour in _palette(CSS.read_text()).items():
        assert _contrast(colour, "#ffffff") >= 4.5, name  # white figures written on the bars
        assert _contrast(colour, "#121212") >= 3, name  # a dark theme's page
