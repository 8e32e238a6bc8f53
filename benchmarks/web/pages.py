"""What is measured: the pages of each scenario and what each must contain."""

from __future__ import annotations

from typing import Any


def pages_of(data: dict[str, Any]) -> list[dict[str, Any]]:
    h, n = data["household_id"], data["cards"]
    return [
        {"name": "week", "path": f"/h/{h}/week/", "expect": ["<h1>This week</h1>", "Today"]},
        {
            "name": "deal",
            "path": f"/h/{h}/deal/",
            "expect": [f"<h1>Deal v{data['deal_version']} ", "Is it fair?"],
        },
        {"name": "rate", "path": f"/h/{h}/rate/", "expect": [f"{n} of {n} rated"]},
    ]


def pages_of_insight() -> list[dict[str, Any]]:
    """Issue 4's pages; ``{h}`` is each client's own household (see ``load.py``)."""
    balance = ["<h1>Balance</h1>"]
    return [
        {"name": "balance-4w", "path": "/h/{h}/balance/?period=4w", "expect": balance},
        {"name": "balance-year", "path": "/h/{h}/balance/?period=year", "expect": balance},
        {"name": "week", "path": "/h/{h}/week/", "expect": ["<h1>This week</h1>", "Today"]},
        {"name": "ledger", "path": "/h/{h}/ledger/", "expect": ["<h1>Ledger</h1>"]},
    ]


def pages_in_process(pages: list[dict[str, Any]], household_id: int) -> list[dict[str, Any]]:
    """The pages with ``{h}`` filled in, for the in-process requests (one household)."""
    return [{**p, "path": p["path"].replace("{h}", str(household_id))} for p in pages]
