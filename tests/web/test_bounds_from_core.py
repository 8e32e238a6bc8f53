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
import re
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
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


def _step(field: forms.Field) -> Fraction:
    """The smallest step past a bound the field can be sent: 1 for whole numbers, else 0.01."""
    return Fraction(1) if type(field) is forms.IntegerField else Fraction(1, 100)


def _sent(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.2f}"


def _refuses(field: forms.Field, value: Fraction) -> bool:
    try:
        field.clean(_sent(value))
    except forms.ValidationError:
        return True
    return False


def number_input_problems(form_class: type[forms.BaseForm]) -> list[str]:
    """Each number input of the form whose min or max is not the core bound that validates it,
    or whose field (the server) allows other numbers than its input (the browser)."""
    problems = []
    declared: dict[str, bounds.Bound] = getattr(form_class, "number_bounds", {})
    try:
        rendered: forms.BaseForm | None = form_class()
    except TypeError:  # it needs a household, a member or a user: its declared fields
        rendered = None
    for name, field in _fields(form_class).items():
        if getattr(field.widget, "input_type", None) != "number":
            continue
        where = f"{form_class.__module__}.{form_class.__name__}.{name}"
        bound = declared.get(name)
        if bound is None:
            problems.append(f"{where}: a number input without its core bound (number_bounds)")
            continue
        attrs = field.widget.attrs
        if rendered is not None and name in rendered.fields:
            html = str(rendered[name].as_widget())
            attrs = {k: v for k, v in re.findall(r'\b(min|max)="([^"]*)"', html)}
        for key, end in (("min", bound.low), ("max", bound.high)):
            if _number(attrs.get(key)) != end:
                problems.append(f"{where}: input {key} {attrs.get(key)}, its core bound says {end}")
        step = _step(field)
        for value, refused in (
            (bound.low, False),
            (bound.high, False),
            (bound.low - step, True),
            (bound.high + step, True),
        ):
            if _refuses(field, value) != refused:
                said = "refuses" if refused is False else "accepts"
                problems.append(f"{where}: the server {said} {_sent(value)}, its bound {bound}")
    return problems


@pytest.mark.parametrize("form_class", FORMS, ids=lambda f: f"{f.__module__}.{f.__name__}")
def test_every_number_input_takes_min_and_max_from_its_core_bound(
    form_class: type[forms.BaseForm],
) -> None:
    """The browser (the input's min and max) and the server (the field) allow the same numbers:
    those of the core bound named for the field."""
    assert number_input_problems(form_class) == []


def test_a_number_input_off_its_bound_is_caught() -> None:
    """The check itself can fail: a drift input starting at 0 where core starts at 2."""

    class DriftForm(forms.Form):
        number_bounds = {"drift_weeks": bounds.DRIFT_WEEKS, "weeks": bounds.DRIFT_WEEKS}
        drift_weeks = forms.IntegerField(min_value=0, max_value=bounds.MAX_DRIFT_WEEKS)
        weeks = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 2, "max": 12}))
        unbounded = forms.IntegerField()

    problems = number_input_problems(DriftForm)
    assert any("DriftForm.drift_weeks: input min 0, its core bound says 2" in p for p in problems)
    assert any("DriftForm.drift_weeks: the server accepts 1" in p for p in problems)
    assert any("DriftForm.weeks: the server accepts 13" in p for p in problems)
    assert any("DriftForm.unbounded: a number input without its core bound" in p for p in problems)


HAND_WRITTEN = re.compile(r'type="number"[^>]*?\b(min|max)="-?[0-9]')


def test_no_template_writes_a_number_input_with_its_own_limits() -> None:
    """Inputs written by hand (the week's rows, the rating page) take min and max from their
    form too: no template or row writer spells a limit as a literal."""
    root = Path(evenly.__path__[0])
    found = [
        f"{path.relative_to(root)}: {m.group(0)}"
        for path in [*root.rglob("*.html"), *root.rglob("templatetags/*.py")]
        for m in HAND_WRITTEN.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def _number_inputs(page: str, name: str) -> list[dict[str, str]]:
    return [
        dict(re.findall(r'\b(min|max)="([^"]*)"', tag))
        for tag in re.findall(r"<input\b[^>]*>", page)
        if 'type="number"' in tag and f'name="{name}"' in tag
    ]


def test_the_weeks_minutes_inputs_follow_their_bound(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    week = home.owner_client.get(reverse("week", args=[home.household.pk])).content.decode()
    rows = _number_inputs(week, "minutes")
    assert rows
    for attrs in rows:
        assert _number(attrs["min"]) == bounds.LOGGED_MINUTES.low
        assert _number(attrs["max"]) == bounds.LOGGED_MINUTES.high


def test_the_rating_pages_minutes_input_follows_its_bound(home: Home) -> None:
    rate = home.owner_client.get(reverse("rate", args=[home.household.pk])).content.decode()
    (attrs,) = _number_inputs(rate, "minutes")
    assert _number(attrs["min"]) == bounds.MINUTES.low
    assert _number(attrs["max"]) == bounds.MINUTES.high


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


def test_the_services_check_of_time_of_ones_own_names_its_bound_in_the_readers_language() -> None:
    from django.utils import translation

    from evenly.households.services import member_numbers_check

    too_much = bounds.MAX_PERSONAL_MINUTES + 1
    errors = member_numbers_check(
        paid_hours=Decimal(10), personal_time_goal_minutes=too_much, share=None
    )
    assert errors == {
        "personal_time_goal_minutes": (
            f"Time of one's own a week must be from 0 to {bounds.MAX_PERSONAL_MINUTES} minutes."
        )
    }
    with translation.override("de"):
        errors = member_numbers_check(
            paid_hours=Decimal(10), personal_time_goal_minutes=too_much, share=None
        )
    assert errors["personal_time_goal_minutes"].startswith("Zeit für sich pro Woche")
    assert not member_numbers_check(
        paid_hours=Decimal(10), personal_time_goal_minutes=bounds.MAX_PERSONAL_MINUTES, share=None
    )


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
