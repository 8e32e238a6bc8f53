"""The page kit every app's views share: rendering a household page (the household, the member
and the active tab) and showing a service's errors on a form. It sits below the domain apps and
above `households`, so any app's views may use it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

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
    # Times on a household's pages are the household's own local times.
    with timezone.override(member.household.zone):
        return render(request, template, ctx, status=status)


def form_errors_from(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError beside the form's fields (or above them), so the form
    re-renders with the message where it belongs and nothing the person typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)
