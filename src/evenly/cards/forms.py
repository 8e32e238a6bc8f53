from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from evenly.cards.models import PreferenceChoice
from evenly.cards.selectors import DAY_LABELS, timing_problem_text
from evenly.cards.services import minutes_problem
from evenly.core import bounds
from evenly.core.cadence import CADENCE_FORMS
from evenly.core.catalog import load_catalog
from evenly.core.schedule import WEEKDAY_NAMES, Shape, Timing, cadence_shape, timing_problem
from evenly.households.fields import (
    IdChoiceField,
    IdMultipleChoiceField,
    bound_error,
    choice_field,
)
from evenly.households.models import Member
from evenly.pages.forms import number_bounds


def category_choices() -> list[str]:
    return sorted({c.category for c in load_catalog().values()})


@number_bounds(minutes=bounds.MINUTES, mental_minutes=bounds.MENTAL_MINUTES)
class CardForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=bounds.MAX_CARD_NAME_CHARS)
    category = forms.CharField(label=_("Category"), max_length=60)
    cadence = forms.CharField(
        label=_("How often"),
        max_length=40,
        help_text=format_lazy(
            _('For example: {forms}, "3 per week", "every 2 weeks".'),
            forms=", ".join(CADENCE_FORMS[:7]),
        ),
    )
    minutes = forms.DecimalField(
        label=_("Minutes each time"),
        max_digits=7,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text=format_lazy(_("At most {limit} (a whole day)."), limit=bounds.MINUTES.describe),
    )
    mental_minutes = forms.DecimalField(
        label=_("Noticing and planning, minutes a week"),
        max_digits=7,
        decimal_places=2,
        initial=0,
        widget=forms.NumberInput(attrs={"step": "any"}),
        help_text=_("The invisible part: keeping track, remembering, deciding, organising."),
    )
    standard = forms.CharField(
        label=_("What done means"),
        max_length=240,
        required=False,
        help_text=_("The minimum standard you both agree on."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].widget.attrs["list"] = "categories"

    def clean_minutes(self) -> Any:
        return _minutes(self.cleaned_data["minutes"])

    def clean_mental_minutes(self) -> Any:
        value = self.cleaned_data["mental_minutes"]
        bound_error(bounds.MENTAL_MINUTES, value)
        return value


def _minutes(value: Any) -> Any:
    if value is not None:
        problem = minutes_problem(value)
        if problem:
            raise forms.ValidationError(problem)
    return value


class OwnerRuleForm(forms.Form):
    MODE_CHOICES = [
        ("deal", _("Let the deal decide")),
        ("lock", _("Always one person")),
        ("rotate", _("Take turns")),
    ]
    mode = forms.ChoiceField(
        label=_("Who holds this card"), choices=MODE_CHOICES, widget=forms.RadioSelect
    )
    locked_to = IdChoiceField(label=_("Locked to"), queryset=None, required=False)
    rotation = IdMultipleChoiceField(
        label=_("Turns between"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "locked_to").queryset = members
        choice_field(self, "rotation").queryset = members

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mode = cleaned.get("mode")
        if mode == "lock" and not cleaned.get("locked_to"):
            self.add_error("locked_to", _("Choose who always holds it."))
        if mode == "rotate" and len(cleaned.get("rotation") or []) < 2:
            self.add_error("rotation", _("Choose at least two people to take turns."))
        return cleaned


@number_bounds(minutes=bounds.MINUTES)
class RatingForm(forms.Form):
    preference = forms.ChoiceField(choices=PreferenceChoice.choices)
    minutes = forms.DecimalField(
        label=_("Your minutes each time (optional)"),
        max_digits=7,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    standard = forms.CharField(
        label=_("What done means to you (optional)"), max_length=240, required=False
    )

    def clean_minutes(self) -> Any:
        return _minutes(self.cleaned_data["minutes"])


# Core's WEEKDAY_NAMES, as the form shows them (the same order: Monday first).
assert len(DAY_LABELS) == len(WEEKDAY_NAMES)


@number_bounds(month_day=bounds.MONTH_DAY)
class TimingForm(forms.Form):
    """When a card happens. Only the choices its cadence allows are offered; core's rule
    (``timing_problem``) checks the rest and its message goes on the form."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=list(enumerate(DAY_LABELS)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "day-choice"}),
    )
    month_day = forms.IntegerField(
        label=_("Day of the month"),
        required=False,
        help_text=format_lazy(
            _("{first} to {last}, so every month has it. Leave it empty to let Evenly spread it."),
            first=bounds.MIN_MONTH_DAY,
            last=bounds.MAX_MONTH_DAY,
        ),
    )
    any_day = forms.BooleanField(
        label=_("Any day this week"),
        required=False,
        help_text=_("No fixed day: it is due by Sunday."),
    )
    at = forms.TimeField(
        label=_("At (optional)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("A time of day, in your household's time zone."),
    )

    def __init__(self, *args: Any, cadence: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cadence = cadence
        self.shape, count = cadence_shape(cadence)
        weekdays = self.fields["weekdays"]
        if self.shape is Shape.WEEKDAYS:
            weekdays.help_text = ngettext(
                "Tick one day, or none to let Evenly spread it.",
                "Tick %(n)s days, or none to let Evenly spread it.",
                count,
            ) % {"n": count}
        elif self.shape is Shape.EVERY_WEEKS:
            weekdays.help_text = gettext(
                "Tick one day: it comes every %(n)s weeks. None lets Evenly spread it."
            ) % {"n": count}
        else:
            del self.fields["weekdays"]
        if self.shape is not Shape.MONTH_DAY:
            del self.fields["month_day"]
        if self.shape is Shape.DAYS_IMPLIED:
            del self.fields["any_day"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        timing = self.timing()
        problem = timing_problem(self.cadence, timing)
        if problem:
            field = (
                "weekdays"
                if timing.weekdays
                else "month_day"
                if timing.month_day is not None
                else "at"
                if timing.any_day and timing.at is not None
                else None
            )
            message = timing_problem_text(problem)
            self.add_error(field if field in self.fields else None, message)
        return cleaned

    def timing(self) -> Timing:
        """The timing the form says, once it is clean."""
        data = self.cleaned_data
        return Timing(
            weekdays=frozenset(data.get("weekdays") or ()),
            month_day=data.get("month_day"),
            at=data.get("at"),
            any_day=bool(data.get("any_day")),
        )


class ChoresFileForm(forms.Form):
    """A file of chores exported from another app (Donetick, Grocy) or a CSV."""

    file = forms.FileField(
        label=_("File from another app"),
        help_text=_(
            "A Donetick or Grocy export (JSON), or a CSV with the columns name, how often, "
            "minutes (or Name, Wie oft, Minuten)."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.json,.txt,text/csv,application/json"}
        ),
    )
