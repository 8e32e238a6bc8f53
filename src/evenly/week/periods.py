"""The periods Balance and the Ledger show: one set of names, one meaning, one form.

A named period is whole ISO weeks back from this week's Monday, up to today: "4 weeks" is this
week and the three before it, on both pages. "custom" is two dates, both included. The week app
is the lowest one both pages use (insight sits above it), so the vocabulary lives here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from evenly.households.fields import BoundedDateField

PERIODS = {
    "week": _("This week"),
    "4w": _("4 weeks"),
    "3m": _("3 months"),
    "year": _("A year"),
    "custom": _("Custom"),
}
# The named periods (all but custom), as choices for buttons.
NAMED = [(key, label) for key, label in PERIODS.items() if key != "custom"]
_WEEKS_BACK = {"week": 0, "4w": 3, "3m": 12, "year": 51}
DEFAULT = "week"
_YEARS = {1: _("one"), 2: _("two"), 3: _("three"), 4: _("four"), 5: _("five")}


@dataclass(frozen=True)
class Period:
    key: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def weeks(self) -> Fraction:
        return Fraction(self.days, 7)

    @property
    def label(self) -> str:
        return str(PERIODS[self.key])


def named_period(key: str, today: date) -> Period:
    """A named period: whole ISO weeks back from this week's Monday, up to today."""
    monday = today - timedelta(days=today.weekday())
    return Period(key, monday - timedelta(weeks=_WEEKS_BACK[key]), today)


def _date_field(label: Any, help_text: Any = "") -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"invalid": _("That is not a date like 2025-03-01.")},
    )


class PeriodForm(forms.Form):
    """A period from the query string: a name from :data:`PERIODS`, or ``custom`` with a first
    and a last day (dates alone mean custom). ``chosen()`` is the period it asks for, or this
    week when the form has errors. A custom period starts by ``today`` and is at most
    ``max_years`` long; it ends today at the latest."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=list(PERIODS.items()),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the periods offered.")},
    )
    start = _date_field(_("From"))
    end = _date_field(_("To"), help_text=_("Custom dates, both included."))

    def __init__(
        self, data: Any = None, *args: Any, today: date, max_years: int, **kwargs: Any
    ) -> None:
        if data is not None and not data.get("period") and (data.get("start") or data.get("end")):
            data = data.copy()
            data["period"] = "custom"
        super().__init__(data, *args, **kwargs)
        self.today = today
        self.max_years = max_years

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("period") != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        missing = {
            "start": _("Give a start date for a custom period."),
            "end": _("Give an end date for a custom period."),
        }
        for name, day in (("start", start), ("end", end)):
            if day is None and name not in self.errors:
                self.add_error(name, missing[name])
        if start is None or end is None:
            return data
        if end < start:
            self.add_error(
                "end",
                _("The period ends (%(end)s) before it starts (%(start)s).")
                % {"end": date_format(end, "j M Y"), "start": date_format(start, "j M Y")},
            )
        elif start > self.today:
            self.add_error(
                "start", _("The period starts in the future: nothing is logged there yet.")
            )
        elif (end - start).days + 1 > self.max_years * 366:
            years = _YEARS.get(self.max_years, str(self.max_years))
            self.add_error(
                "end", _("Choose a period of at most %(years)s years.") % {"years": years}
            )
        return data

    def chosen(self) -> Period:
        """The period asked for (this week when nothing or something wrong was asked)."""
        if not self.is_bound or not self.is_valid():
            return named_period(DEFAULT, self.today)
        data = self.cleaned_data
        key = data.get("period") or DEFAULT
        if key != "custom":
            return named_period(key, self.today)
        return Period("custom", data["start"], min(data["end"], self.today))

    def problems(self) -> list[str]:
        """Every error as a sentence, for a list at the top of the form."""
        return [
            f"{self[name].label}: {e}" if name in ("start", "end") else str(e)
            for name, errs in self.errors.items()
            for e in errs
        ]
