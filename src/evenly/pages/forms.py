"""Forms in the page kit: one way to submit a form to a service, one way to run a one-button
action, and one template for every field on the site (label, help, errors, tied together for
screen readers by the ids Django's own ``aria-describedby`` names)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

import django.forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import BaseForm
from django.forms.renderers import DjangoTemplates
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.backends.django import DjangoTemplates as DjangoTemplatesBackend
from django.utils.functional import lazy

from evenly.core.bounds import Bound
from evenly.pages.words import problem_sentence

T = TypeVar("T")
F = TypeVar("F", bound=type[BaseForm])


class FormRenderer(DjangoTemplates):
    """Django's form renderer with the site's field template: every ``{{ field.as_field_group }}``
    renders ``pages/field.html``. Its help text carries the id ``<id>_helptext`` and its errors
    ``<id>_error``, the ids Django 5.2 puts in each input's ``aria-describedby``."""

    field_template_name = "pages/field.html"

    @cached_property
    def engine(self) -> DjangoTemplatesBackend:
        return DjangoTemplatesBackend(
            {
                "APP_DIRS": True,
                "DIRS": [
                    Path(__file__).parent / "templates",
                    Path(django.forms.__file__).parent / "templates",
                ],
                "NAME": "evenly-forms",
                "OPTIONS": {},
            }
        )


def form_errors_from(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError beside the form's fields (or above them), so the form
    re-renders with the message where it belongs and nothing the person typed is lost."""
    if hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def _say(text: str | Callable[[T], str], result: T) -> str:
    return text(result) if callable(text) else text


def form_submit(
    request: HttpRequest,
    form: BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    success: str | Callable[[T], str],
    then: str | Callable[[T], str],
    flash_refusal: bool = False,
    refused: str = "",
) -> HttpResponse | None:
    """Submit a posted form to a service: when the form is valid, ``save(form.cleaned_data)``;
    if that works, flash ``success`` (if any) and redirect to the address ``then``.

    The service's ValidationError goes on the form. With ``flash_refusal``, a refusal that
    names no field (not your turn, the check-in is closed) is flashed at the top of the page
    instead; with ``refused`` (an address) it is flashed and the person goes back there.
    ``None`` means: show the page (the form, with any errors)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        if (flash_refusal or refused) and not hasattr(error, "error_dict"):
            messages.error(request, " ".join(error.messages))
            return redirect(refused) if refused else None
        form_errors_from(form, error)
        return None
    if text := _say(success, result):
        messages.success(request, text)
    return redirect(_say(then, result))


def attempt(
    request: HttpRequest,
    action: Callable[[], T],
    *,
    success: str | Callable[[T], str] = "",
) -> bool:
    """Run a one-button action (a service call): flash ``success`` if it worked, or the
    service's refusal as an error. Whether it worked is returned; the caller redirects."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    if text := _say(success, result):
        messages.success(request, text)
    return True


def bound_number(value: Fraction) -> int | Decimal:
    """A bound's end as a form and an input's ``min``/``max`` write it: 0, 1440, 0.01."""
    if value.denominator == 1:
        return value.numerator
    return Decimal(value.numerator) / Decimal(value.denominator)


def _bound_message(bound: Bound) -> str:
    # The sentence core's check says for a number outside the bound, in the page's language.
    return problem_sentence(bound.check(bound.high + 1) or "")


_bound_message_lazy = lazy(_bound_message, str)


def number_bounds(**bounds: Bound) -> Callable[[F], F]:
    """A form class's number fields, each validated by the core bound named for it: the input's
    ``min`` and ``max`` (what the browser allows) and the field's own limits (what the server
    allows) are both that bound's ends, so the two always agree. A field without messages of
    its own for a number out of range says the bound's sentence. The form's ``number_bounds``
    lists them (``tests/web/test_bounds_from_core.py`` holds every number input to one)."""

    def apply(form_class: F) -> F:
        for name, bound in bounds.items():
            field = form_class.base_fields[name]  # type: ignore[attr-defined]
            low, high = bound_number(bound.low), bound_number(bound.high)
            field.widget.attrs.update({"min": low, "max": high})
            field.validators = [
                v
                for v in field.validators
                if not isinstance(v, MinValueValidator | MaxValueValidator)
            ] + [MinValueValidator(low), MaxValueValidator(high)]
            if hasattr(field, "min_value"):
                field.min_value, field.max_value = low, high
            for code in ("min_value", "max_value"):
                if code not in field.error_messages:
                    field.error_messages[code] = _bound_message_lazy(bound)
        known: Mapping[str, Bound] = getattr(form_class, "number_bounds", {})
        form_class.number_bounds = {**known, **bounds}  # type: ignore[attr-defined]
        return form_class

    return apply
