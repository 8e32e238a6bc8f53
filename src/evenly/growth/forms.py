"""Grow forms. They check shapes only; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from evenly.cards.models import Card
from evenly.core import bounds
from evenly.core.life_events import TEMPLATES
from evenly.growth.models import Aspiration
from evenly.households.fields import BoundedDateField, IdChoiceField, choice_field
from evenly.households.models import Household, Member
from evenly.pages.forms import number_bounds
from evenly.pages.words import in_language

DATE = {"type": "date"}


class AspirationForm(forms.Form):
    title = forms.CharField(
        label=_("What you are working toward"),
        max_length=120,
        help_text=_("An exam, a new career, a novel, a marathon…"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Aspiration.Kind.choices)
    support_wanted = forms.CharField(
        label=_("The support you would like"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Time, a card taken off your hands, someone to ask how it went…"),
    )
    target_on = BoundedDateField(
        label=_("By (optional)"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        error_messages={"invalid": _("Give a date such as 2027-06-12.")},
    )


class NoteForm(forms.Form):
    prefix = "note"  # the aspiration page shows it beside SupportForm: distinct ids
    text = forms.CharField(
        label=_("A note on the way"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupportForm(forms.Form):
    prefix = "support"
    text = forms.CharField(
        label=_("The support I will give"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Something concrete: “I'll do the Saturday shop until June”."),
    )


class HandoverForm(forms.Form):
    card = IdChoiceField(
        label=_("Which card"), queryset=Card.objects.none(), empty_label=_("Choose a card…")
    )
    to_member = IdChoiceField(label=_("Goes to"), queryset=Member.objects.none(), empty_label=None)
    until = BoundedDateField(
        label=_("Until"),
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_("On this day the card goes back, with a deal proposed to say so."),
        error_messages={
            "required": _("Choose the day it comes back."),
            "invalid": _("Give a date such as 2027-06-12."),
        },
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "card").queryset = household.cards.filter(paused=False)
        choice_field(self, "to_member").queryset = household.members.filter(left_at__isnull=True)


@number_bounds(paid_hours=bounds.PAID_HOURS)
class LifeEventForm(forms.Form):
    key = forms.ChoiceField(
        label=_("What is changing"),
        # Title and what it does, in the reader's language (set in __init__).
        choices=[(k, k) for k in TEMPLATES],
        widget=forms.RadioSelect(attrs={"class": "event-choice"}),
        error_messages={"required": _("Choose what is changing.")},
    )
    concerns = IdChoiceField(
        label=_("Who it concerns"),
        queryset=Member.objects.none(),
        required=False,
        empty_label=_("The household"),
        help_text=_("Needed for a new job, job loss, illness and caring for a parent."),
    )
    paid_hours = forms.DecimalField(
        label=_("New paid hours a week"),
        required=False,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.5"}),
        help_text=format_lazy(
            _("For a new job or changed hours; at most {bound}."), bound=bounds.PAID_HOURS.describe
        ),
    )
    capacity = forms.TypedChoiceField(
        label=_("How much of their usual share they can carry"),
        required=False,
        coerce=str,
        empty_value=None,
        choices=[
            ("", _("As the template suggests")),
            # With a context: Django's admin says a bare "None" as "-", and its catalog wins.
            ("0", pgettext_lazy("share", "None")),
            ("0.25", _("A quarter")),
            ("0.5", _("Half")),
            ("0.75", _("Three quarters")),
        ],
    )
    until = BoundedDateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        help_text=_(
            "For something temporary: on this day it ends, with a deal proposed to "
            "restore the cards."
        ),
        error_messages={"invalid": _("Give a date such as 2027-06-12.")},
    )

    def __init__(self, *args: Any, household: Household, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "concerns").queryset = household.members.filter(left_at__isnull=True)
        # Title and what it does, together in each choice's label (escaped by format_html).
        key = self.fields["key"]
        assert isinstance(key, forms.ChoiceField)
        key.choices = [
            (
                k,
                format_html(
                    # One span: the label is a flex row of the radio and this.
                    '<span><strong>{}</strong> <span class="help">{}</span></span>',
                    in_language(t.title),
                    in_language(t.description),
                ),
            )
            for k, t in TEMPLATES.items()
        ]
