"""Forms of the week pages. They check shapes only; the rules live in evenly.week.services."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from evenly.cards.models import Card
from evenly.week.models import Away, LogEntry

MINUTES_HELP = "More than 0 and at most 1440 (a whole day)."


def _minutes_field(*, required: bool, label: str = "Minutes") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(24 * 60),
        error_messages={
            "invalid": "Minutes: a number, like 15 or 22.5.",
            "min_value": MINUTES_HELP,
            "max_value": MINUTES_HELP,
        },
        widget=forms.NumberInput(
            attrs={"min": 1, "max": 1440, "step": "any", "inputmode": "decimal"}
        ),
    )


class OccurrenceForm(forms.Form):
    """One occurrence of a card: which card (an id, looked up in the household) and which day."""

    card = forms.IntegerField(min_value=1)
    due_on = forms.DateField(input_formats=["%Y-%m-%d"])


class DoneForm(OccurrenceForm):
    minutes = _minutes_field(required=False)


class LogForm(forms.Form):
    KIND_LABELS = [
        (LogEntry.NOTICED, "Noticing: I spotted something that needed doing"),
        (LogEntry.PLANNED, "Planning: I organised, booked or remembered"),
        (LogEntry.DID, "Doing: work that was not on this week's list"),
    ]

    kind = forms.ChoiceField(
        label="What kind of work", choices=KIND_LABELS, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label="What was it",
        max_length=120,
        required=False,
        help_text="For example: noticed we are out of nappies, planned the birthday party.",
    )
    card = forms.ModelChoiceField(
        label="Which card (optional)",
        queryset=Card.objects.none(),
        required=False,
        empty_label="— none —",
    )
    minutes = _minutes_field(required=True, label="How many minutes")
    done_on = forms.DateField(
        label="When",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Today or one of the last 7 days.",
    )

    def __init__(self, *args: object, household: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["card"].queryset = Card.objects.filter(household=household).order_by("name")  # type: ignore[attr-defined]


class AwayForm(forms.Form):
    starts_on = forms.DateField(
        label="First day away",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    ends_on = forms.DateField(
        label="Last day away",
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.ChoiceField(label="Why", choices=Away.REASON_CHOICES, initial=Away.TRAVEL)
