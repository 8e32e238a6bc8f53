"""The page kit every app's views share: rendering a household page (the household, the member
and the active tab); submitting a form to a service and showing its errors on the form; one
template for every form field (``forms``). It sits below the domain apps and above
`households`, so any app's views may use it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from evenly.households.models import Member
from evenly.pages.forms import attempt, form_errors_from, form_submit

__all__ = ["attempt", "form_errors_from", "form_submit", "household_page"]


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
    # Times on a household's pages are the household's own local times.
    with timezone.override(member.household.zone):
        return render(request, template, ctx, status=status)
