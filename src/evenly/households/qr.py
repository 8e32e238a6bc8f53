"""The invitation link as a QR code, so the other phone can open it: inline SVG, made here."""

from __future__ import annotations

from typing import Any

import segno

# segno's options for the invitation's code: one place, which the page and its test share.
QR_ERROR = "m"
QR_SVG: dict[str, Any] = {"scale": 5, "border": 2, "svgclass": "qr", "omitsize": True}


def invitation_qr(link: str) -> str:
    """The link as an inline ``<svg>`` (no XML header, no style attribute: the CSP allows it)."""
    return str(segno.make(link, error=QR_ERROR, micro=False).svg_inline(**QR_SVG))
