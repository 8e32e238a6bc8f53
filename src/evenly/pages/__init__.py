"""The page kit every app's views share: rendering a household page (the household, the member
and the active tab), with what the apps above have to say (notices); submitting a form to a
service and showing its errors on the form; one template for every form field (``forms``). It
sits below every domain app, `households` included, and imports nothing of Evenly but itself: a
member is anything with a household that has a time zone."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from evenly.pages.forms import attempt, form_errors_from, form_submit
from evenly.pages.needs import needs_count

__all__ = [
    "Notice",
    "attempt",
    "form_errors_from",
    "form_submit",
    "household_page",
    "notice_provider",
    "notices_for",
]


class _Household(Protocol):
    @property
    def zone(self) -> zoneinfo.ZoneInfo: ...


class _Member(Protocol):
    @property
    def household(self) -> _Household: ...


@dataclass(frozen=True)
class Notice:
    """Something a household page says above its content, drawn by ``template`` (an app's own
    partial) with ``notice`` in its context: "Robin's handover of Cooking ended on 3 December"."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)


# An app above the page kit tells every household page what it has to say, without the page
# kit (or any app below it) importing that app: it registers a provider in its AppConfig.ready.
# A provider only reads: a GET never writes.
NoticeProvider = Callable[[HttpRequest, Any], list[Notice]]
_notice_providers: list[NoticeProvider] = []


def notice_provider(provider: NoticeProvider) -> NoticeProvider:
    """Register ``provider`` once (registering it again changes nothing)."""
    if provider not in _notice_providers:
        _notice_providers.append(provider)
    return provider


def notices_for(request: HttpRequest, member: _Member) -> list[Notice]:
    return [notice for provider in _notice_providers for notice in provider(request, member)]


def household_page(
    request: HttpRequest,
    member: _Member,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    tab: str = "",
    status: int = 200,
) -> HttpResponse:
    ctx = {
        "household": member.household,
        "member": member,
        "tab": tab,
        "notices": notices_for(request, member),
        **(context or {}),
    }
    # The count on the "Needs you" tab, once per page (a page that lists the needs passes its
    # own count); a fragment swapped in by htmx draws no tabs and counts nothing.
    if "needs_count" not in ctx and "#" not in template:
        today = timezone.now().astimezone(member.household.zone).date()
        # A POST's own answer is drawn before its write moves the household's revision.
        kept = request.method in ("GET", "HEAD")
        ctx["needs_count"] = needs_count(member, today=today, kept=kept)
    # Times on a household's pages are the household's own local times.
    with timezone.override(member.household.zone):
        return render(request, template, ctx, status=status)
