"""Rendering a household page: every one gets the household, the member and the active tab."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from evenly.households.models import Member


def household_page(
    request: HttpRequest,
    member: Member,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    tab: str = "",
    status: int = 200,
) -> HttpResponse:
    ctx = {"household": member.household, "member": member, "tab": tab, **(context or {})}
    return render(request, template, ctx, status=status)
