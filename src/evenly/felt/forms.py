"""The monthly check's form. It checks shapes against the core's bounds; the rules live in
services. The CSI-4's items keep the wording its authors published; the German is our own
translation, not validated by them (see docs/csi4.md)."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from evenly.core import bounds
from evenly.core.felt import Answer
from evenly.felt.services import CSI_HELP, SCALE_HELP


def _scale(label: StrOrPromise, low: StrOrPromise, high: StrOrPromise) -> forms.TypedChoiceField:
    """A 1..7 scale with its two ends named (in the help text, tied to the fieldset)."""
    return forms.TypedChoiceField(
        label=label,
        help_text=format_lazy(_("1: {low} · 7: {high}"), low=low, high=high),
        choices=[(n, str(n)) for n in range(bounds.FELT_MIN, bounds.FELT_MAX + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": SCALE_HELP, "invalid_choice": SCALE_HELP},
    )


def _item(label: StrOrPromise, answers: Sequence[StrOrPromise]) -> forms.TypedChoiceField:
    """A CSI-4 item: its published answers, scored 0 upwards in the order given."""
    return forms.TypedChoiceField(
        label=label,
        choices=list(enumerate(answers)),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": CSI_HELP, "invalid_choice": CSI_HELP},
    )


_HOW_MUCH = [
    pgettext_lazy("csi4", "Not at all"),
    pgettext_lazy("csi4", "A little"),
    pgettext_lazy("csi4", "Somewhat"),
    pgettext_lazy("csi4", "Mostly"),
    pgettext_lazy("csi4", "Almost Completely"),
    pgettext_lazy("csi4", "Completely"),
]


class FeltForm(forms.Form):
    fair_to_me = _scale(
        _("How fair does the split of the home work feel to you, for you?"),
        _("very unfair to me"),
        _("very fair to me"),
    )
    fair_to_partner = _scale(
        _("How fair do you think it is for your partner(s)?"),
        _("very unfair to them"),
        _("very fair to them"),
    )
    satisfied = _scale(
        _("How satisfied are you with the split of the home work?"),
        _("very dissatisfied"),
        _("very satisfied"),
    )
    csi_happy = _item(
        _("Please indicate the degree of happiness, all things considered, of your relationship."),
        [
            pgettext_lazy("csi4", "Extremely Unhappy"),
            pgettext_lazy("csi4", "Fairly Unhappy"),
            pgettext_lazy("csi4", "A Little Unhappy"),
            pgettext_lazy("csi4", "Happy"),
            pgettext_lazy("csi4", "Very Happy"),
            pgettext_lazy("csi4", "Extremely Happy"),
            pgettext_lazy("csi4", "Perfect"),
        ],
    )
    csi_warm = _item(
        _("I have a warm and comfortable relationship with my partner."),
        [
            pgettext_lazy("csi4", "Not at all TRUE"),
            pgettext_lazy("csi4", "A little TRUE"),
            pgettext_lazy("csi4", "Somewhat TRUE"),
            pgettext_lazy("csi4", "Mostly TRUE"),
            pgettext_lazy("csi4", "Almost Completely TRUE"),
            pgettext_lazy("csi4", "Completely TRUE"),
        ],
    )
    csi_rewarding = _item(_("How rewarding is your relationship with your partner?"), _HOW_MUCH)
    csi_satisfied = _item(_("In general, how satisfied are you with your relationship?"), _HOW_MUCH)

    def answer(self) -> Answer:
        """The cleaned form as the core's answer."""
        return Answer(**self.cleaned_data)
