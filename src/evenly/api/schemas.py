"""The shapes the frame itself answers with: problems and pages of a list."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from django import forms
from ninja import Field, Schema
from pydantic import WithJsonSchema

from evenly.core import bounds


def max_chars(form: type[forms.Form], field: str) -> int:
    """The length a page's form allows for ``field``: the API's schema says the same."""
    length = getattr(form.base_fields[field], "max_length", None)
    assert isinstance(length, int), f"{form.__name__}.{field} has no max_length"
    return length


class FieldError(Schema):
    field: str | None = Field(description="the input that failed (null: the whole request)")
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] | None = None


class PageQuery(Schema):
    """Which part of a list: ``limit`` items from ``offset`` on."""

    limit: int = Field(bounds.API_PAGE_DEFAULT, ge=1, le=bounds.API_PAGE_MAX)
    offset: int = Field(0, ge=0, le=bounds.API_OFFSET_MAX)


# The errors every operation may answer with: not signed in (401), not allowed (403: a
# read-only token's write, a session write without CSRF), not found (404), refused input (422:
# a bad query, body or id), too many requests (429).
PROBLEMS: dict[int, type[Problem]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}
# An operation with a body: a body that is not JSON at all answers 400.
WRITE_PROBLEMS: dict[int, type[Problem]] = {**PROBLEMS, 400: Problem}


# Minutes with at most two decimals, as the pages' forms take them. The schema says "number"
# (pydantic would offer any string for a Decimal too), so clients and the fuzzer know what fits.
Minutes = Annotated[
    Decimal,
    Field(gt=0, le=bounds.MAX_MINUTES, decimal_places=2),
    WithJsonSchema(
        {
            "type": "number",
            "exclusiveMinimum": 0,
            "maximum": bounds.MAX_MINUTES,
            "multipleOf": 0.01,
        }
    ),
]
MentalMinutes = Annotated[
    Decimal,
    Field(ge=0, le=bounds.MAX_MENTAL_MINUTES, decimal_places=2),
    WithJsonSchema(
        {"type": "number", "minimum": 0, "maximum": bounds.MAX_MENTAL_MINUTES, "multipleOf": 0.01}
    ),
]
