"""The shapes the frame itself answers with: problems and pages of a list."""

from __future__ import annotations

from ninja import Field, Schema

from evenly.core import bounds


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


# The errors every authenticated operation may answer with; each router adds its own.
PROBLEMS: dict[int, type[Problem]] = {
    401: Problem,
    403: Problem,
    404: Problem,
    429: Problem,
}
WRITE_PROBLEMS: dict[int, type[Problem]] = {**PROBLEMS, 422: Problem}
