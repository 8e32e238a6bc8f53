"""Lists come in pages: ``limit`` and ``offset`` (bounded in ``core.bounds``), the ``count`` of
the whole list and the URL of the ``next`` page (null on the last)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.http import urlencode

from evenly.api.schemas import PageQuery

T = TypeVar("T")


def page(
    request: HttpRequest,
    rows: QuerySet[Any] | Sequence[T],
    query: PageQuery,
    item: Callable[[Any], Any],
) -> dict[str, Any]:
    """One page of ``rows`` (a queryset is sliced in the database), each row through ``item``."""
    count = rows.count() if isinstance(rows, QuerySet) else len(rows)
    chosen = rows[query.offset : query.offset + query.limit]
    following = query.offset + query.limit
    nxt = None
    if following < count:
        params: dict[str, str] = {k: str(v) for k, v in request.GET.items()}
        params["limit"], params["offset"] = str(query.limit), str(following)
        nxt = request.build_absolute_uri(request.path + "?" + urlencode(sorted(params.items())))
    return {"count": count, "next": nxt, "items": [item(row) for row in chosen]}
