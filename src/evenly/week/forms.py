"""Forms of the week pages. They check shapes only; the rules live in evenly.week.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from evenly.cards.models import Card
from evenly.core import bounds
from evenly.households.fields import BoundedDateField, IdChoiceField, choice_field
from evenly.households.models import Household, Member
from evenly.pages.forms import number_bounds
from evenly.pages.words import problem_sentence
from evenly.week.models import Away, LogEntry
from evenly.week.periods import PeriodForm

# The longest custom period the ledger lists at once.
MAX_YEARS = 5

MINUTES_HELP = format_lazy(
    _("More than 0 and at most {limit} (a whole day)."), limit=bounds.MINUTES.describe
)


def _minutes_field(*, required: bool, label: Any = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label or _("Minutes"),
        required=required,
        max_digits=7,
        decimal_places=2,
        error_messages={
            "invalid": _("Minutes: a number, like 15 or 22.5."),
            "min_value": MINUTES_HELP,
            "max_value": MINUTES_HELP,
        },
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )


class OccurrenceForm(forms.Form):
    """One occurrence of a card: which card (an id, looked up in the household) and which day."""

    # An id the page writes in a hidden input, never a number a person types.
    card = forms.IntegerField(min_value=1, max_value=bounds.MAX_ID, widget=forms.HiddenInput)
    due_on = BoundedDateField(input_formats=["%Y-%m-%d"])


def _tick_key_check(value: str) -> None:
    problem = bounds.tick_key_problem(value)
    if problem:
        raise forms.ValidationError(problem_sentence(problem))


@number_bounds(minutes=bounds.LOGGED_MINUTES)
class DoneForm(OccurrenceForm):
    minutes = _minutes_field(required=False)
    # The browser's key for this tick (evenly/offline.js): sent twice, it is recorded once.
    key = forms.CharField(required=False, validators=[_tick_key_check])


# The min and max of the minutes input the week's rows write by hand: DoneForm's own.
DONE_MINUTES_INPUT = {k: DoneForm.base_fields["minutes"].widget.attrs[k] for k in ("min", "max")}


class SkipForm(OccurrenceForm):
    reason = forms.CharField(
        label=_("Why (optional)"),
        max_length=bounds.MAX_SKIP_REASON_CHARS,
        required=False,
        error_messages={
            "max_length": format_lazy(
                _("The reason: at most {n} characters."), n=bounds.MAX_SKIP_REASON_CHARS
            )
        },
    )


class SnoozeForm(OccurrenceForm):
    to = BoundedDateField(input_formats=["%Y-%m-%d"], required=False)


class MoveForm(OccurrenceForm):
    to = BoundedDateField(
        input_formats=["%Y-%m-%d"], error_messages={"required": _("Choose the day to move it to.")}
    )


@number_bounds(minutes=bounds.LOGGED_MINUTES)
class LogForm(forms.Form):
    KIND_LABELS = [
        (LogEntry.Kind.NOTICED, _("Noticing: I spotted something that needed doing")),
        (LogEntry.Kind.PLANNED, _("Planning: I organised, booked or remembered")),
        (LogEntry.Kind.DID, _("Doing: work that was not on this week's list")),
    ]

    kind = forms.ChoiceField(
        label=_("What kind of work"), choices=KIND_LABELS, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("What was it"),
        max_length=120,
        required=False,
        help_text=_("For example: noticed we are out of nappies, planned the birthday party."),
    )
    card = IdChoiceField(
        label=_("Which card (optional)"),
        queryset=Card.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )
    minutes = _minutes_field(required=True, label=_("How many minutes"))
    done_on = BoundedDateField(
        label=_("When"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Today or one of the last 7 days."),
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cards = Card.objects.filter(household=household).order_by("name")
        choice_field(self, "card").queryset = cards


class AwayForm(forms.Form):
    starts_on = BoundedDateField(
        label=_("First day away"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = BoundedDateField(
        label=_("Last day away"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.ChoiceField(
        label=_("Why"), choices=Away.Reason.choices, initial=Away.Reason.TRAVEL
    )


def _date_field(label: Any, *, required: bool = True, help_text: Any = "") -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=required,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"invalid": _("A date, like 2025-03-31.")},
    )


class LedgerFilterForm(PeriodForm):
    """Which entries the ledger shows: a period (named, or custom dates), a member, a kind."""

    member = IdChoiceField(
        label=_("Who"), queryset=Member.objects.none(), required=False, empty_label=_("Everyone")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Every kind")), *LogEntry.Kind.choices], required=False
    )
    field_order = ["member", "kind", "period", "start", "end"]

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, max_years=MAX_YEARS, **kwargs)
        choice_field(self, "member").queryset = Member.objects.for_household(household)


@number_bounds(minutes=bounds.LOGGED_MINUTES)
class EntryEditForm(forms.Form):
    KIND_LABELS = [
        (LogEntry.Kind.DID, _("Doing")),
        (LogEntry.Kind.NOTICED, _("Noticing")),
        (LogEntry.Kind.PLANNED, _("Planning")),
    ]

    title = forms.CharField(
        label=_("What was it"),
        max_length=120,
        required=False,
        help_text=_("Leave empty to use the card's name."),
    )
    kind = forms.ChoiceField(label=_("Kind of work"), choices=KIND_LABELS, widget=forms.RadioSelect)
    minutes = _minutes_field(required=True, label=_("How many minutes"))
    done_on = _date_field(_("When"), help_text=_("Today or one of the last 7 days."))

    def __init__(self, *args: Any, scheduled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if scheduled:
            # A scheduled completion stays "did"; deleting it is how to take it back.
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = _("It marks a scheduled card done, so it stays doing.")


@number_bounds(minutes=bounds.LOGGED_MINUTES)
class PersonalForm(forms.Form):
    what = forms.CharField(
        label=_("What did you do (only you see this)"),
        max_length=120,
        required=False,
        help_text=_("For example: piano practice, a run, the course. Others see only your total."),
    )
    minutes = _minutes_field(required=True, label=_("How many minutes"))
    on = _date_field(_("When"), help_text=_("Today or one of the last 7 days."))
