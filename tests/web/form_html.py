"""Reading a rendered form the way a person sees it: each field's errors and value."""

from __future__ import annotations

import re
from html import unescape

FIELD_START = re.compile(r'<div class="field\b[^"]*"[^>]*>')
DIV = re.compile(r"<(/?)div\b[^>]*>")
ERROR = re.compile(
    r'<(p|div|ul|span)\b[^>]*class="[^"]*\berror(?:s|list)?\b[^"]*"[^>]*>(.*?)</\1>', re.S
)


def _field_blocks(html: str):  # type: ignore[no-untyped-def]
    """The inside of each <div class="field …">, nested divs and all."""
    for start in FIELD_START.finditer(html):
        depth = 1
        for tag in DIV.finditer(html, start.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                yield html[start.end() : tag.start()]
                break


def field_errors(html: str, name: str) -> list[str]:
    """The error messages shown beside (in the same field box as) the field called ``name``."""
    for block in _field_blocks(html):
        if f'name="{name}"' in block:
            errors = []
            for found in ERROR.finditer(block):
                for piece in re.split(r"<(?:p|li|br)\b[^>]*>", found.group(2)):
                    text = unescape(re.sub(r"<[^>]+>", "", piece)).strip()
                    if text:
                        errors.append(re.sub(r"\s+", " ", text))
            return errors
    raise AssertionError(f"no field {name!r} on the page")


def field_value(html: str, name: str) -> str | None:
    """What an <input> or <select> called ``name`` shows."""
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if tag:
        value = re.search(r'value="([^"]*)"', tag.group(0))
        return value.group(1) if value else None
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no field {name!r} on the page"
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return chosen.group(1) if chosen else None
