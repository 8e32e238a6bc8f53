"""Every numeric limit a form sets comes from evenly.core.bounds, so the web and core agree.

The old bug: the member form allowed 112 paid hours while core caps them at 100, so a member who
typed 105 blocked every deal. These tests read every form of every app and fail, naming the form
and field, on a min/max the core does not define.
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
import pkgutil
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse

import evenly
from evenly.core import bounds
from tests.conftest import Home
from tests.web.form_html import field_errors


def _core_limits() -> set[Fraction]:
    """Every number core.bounds defines: its constants and each Bound's two ends."""
    limits: set[Fraction] = set()
    for name, value in vars(bounds).items():
        if isinstance(value, bounds.Bound):
            limits |= {value.low, value.high}
        elif name.isupper() and isinstance(value, int | Fraction) and not isinstance(value, bool):
            limits.add(Fraction(value))
    return limits


CORE_LIMITS = _core_limits()


def _form_modules() -> list[Any]:
    """Every ``forms*.py`` module of every app under evenly."""
    modules = []
    for info in pkgutil.walk_packages(evenly.__path__, "evenly."):
        if info.name.rsplit(".", 1)[-1].startswith("forms"):
            modules.append(importlib.import_module(info.name))
    return modules


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for module in _form_modules():
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return found


def _fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The form's fields: those of an instance where it can be made without arguments (so
    fields added in ``__init__`` count too), and always the declared ones."""
    fields = dict(form_class.base_fields)
    # A form that needs a household, a member or a user keeps its declared fields.
    with contextlib.suppress(TypeError):
        fields |= form_class().fields
    return fields


def _number(value: object) -> Fraction | None:
    try:
        return Fraction(str(value))
    except (TypeError, ValueError):
        return None


def foreign_limits(form_class: type[forms.BaseForm]) -> list[str]:
    """Each numeric limit of the form that core.bounds does not define, as "Form.field: …"."""
    problems = []
    for name, field in _fields(form_class).items():
        if not isinstance(field, forms.IntegerField):  # DecimalField, FloatField included
            continue
        limits: list[tuple[str, object]] = [
            (type(v).__name__, v.limit_value)
            for v in field.validators
            if isinstance(v, MinValueValidator | MaxValueValidator)
        ]
        limits += [
            (f"widget {key}", field.widget.attrs[key])
            for key in ("min", "max")
            if key in field.widget.attrs
        ]
        for what, limit in limits:
            if _number(limit) not in CORE_LIMITS:
                problems.append(
                    f"{form_class.__module__}.{form_class.__name__}.{name}: {what} {limit} "
                    "is not a constant of evenly.core.bounds"
                )
    return problems


FORMS = _form_classes()


def test_the_forms_are_found() -> None:
    names = {f.__name__ for f in FORMS}
    assert {"MemberForm", "CardForm", "RatingForm", "LifeEventForm", "LogForm"} <= names
    assert {"EstimateForm", "HouseholdSettingsForm", "PersonalForm"} <= names


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_numeric_limit_of_a_form_comes_from_core(form_class: type[forms.BaseForm]) -> None:
    assert foreign_limits(form_class) == []


def test_a_limit_written_in_a_form_is_caught() -> None:
    """The check itself can fail: the old 112 paid hours are named, form and field."""

    class PaidForm(forms.Form):
        paid_hours = forms.DecimalField(min_value=0, max_value=112)
        minutes = forms.IntegerField(widget=forms.NumberInput(attrs={"max": 9999}))
        fine = forms.DecimalField(min_value=0, max_value=bounds.MAX_PAID_HOURS)

    problems = foreign_limits(PaidForm)
    assert len(problems) == 3
    assert "PaidForm.paid_hours: MaxValueValidator 112" in problems[0]
    assert "PaidForm.paid_hours: widget max 112" in problems[1]
    assert "PaidForm.minutes: widget max 9999" in problems[2]


# --- the 112 / 100 regression ---------------------------------------------------------------


def _member_post(home: Home, paid_hours: str) -> Any:
    return home.owner_client.post(
        reverse("member_update", args=[home.household.pk]),
        {
            "me-display_name": "Robin",
            "me-paid_hours": paid_hours,
            "me-personal_time_goal_minutes": "0",
            "me-share": "",
        },
    )


def test_the_member_form_refuses_paid_hours_above_core(home: Home) -> None:
    from evenly.households.forms import MemberForm

    data = {"display_name": "Robin", "personal_time_goal_minutes": "0", "share": ""}
    form = MemberForm({**data, "paid_hours": "105"}, instance=home.owner)
    assert not form.is_valid()
    assert form.errors["paid_hours"] == ["Paid hours a week must be from 0 to 100 hours."]
    assert str(bounds.MAX_PAID_HOURS) in form.errors["paid_hours"][0]
    assert MemberForm({**data, "paid_hours": "100"}, instance=home.owner).is_valid()

    r = _member_post(home, "105")
    assert r.status_code == 400
    assert field_errors(r.content.decode(), "me-paid_hours") == [
        "Paid hours a week must be from 0 to 100 hours."
    ]
    home.owner.refresh_from_db()
    assert home.owner.paid_hours == 0


def test_paid_hours_the_form_accepts_never_block_a_deal(home: Home) -> None:
    """At core's maximum the member is saved and the engine still takes the household."""
    from evenly.cards.to_core import core_household

    r = _member_post(home, str(bounds.MAX_PAID_HOURS))
    assert r.status_code == 302
    home.owner.refresh_from_db()
    assert home.owner.paid_hours == Decimal(bounds.MAX_PAID_HOURS)
    for fairness in ("equal", "total-work", "free-time"):
        home.household.fairness = fairness
        home.household.save()
        core = core_household(household=home.household)
        assert core.member("Robin").paid_hours == bounds.MAX_PAID_HOURS
