"""The perception check's one form. It checks shapes only; the rules live in services."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from evenly.core import bounds
from evenly.pages.forms import number_bounds
from evenly.perception.services import SHARE_HELP


def _share_field(label: StrOrPromise, help_text: StrOrPromise) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        error_messages={
            "required": format_lazy("{} {}", _("Please give your estimate."), SHARE_HELP),
            "invalid": SHARE_HELP,
            "min_value": SHARE_HELP,
            "max_value": SHARE_HELP,
        },
        widget=forms.NumberInput(attrs={"step": 1, "inputmode": "numeric"}),
    )


@number_bounds(home_share=bounds.PERCENT, mental_share=bounds.PERCENT)
class EstimateForm(forms.Form):
    home_share = _share_field(
        _("Your share of all the home work, in %"),
        _("Doing, noticing and planning together. 50 means half of it."),
    )
    mental_share = _share_field(
        _("Your share of the mental load, in %"),
        _("The noticing and planning: spotting what needs doing, organising, remembering."),
    )
