from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from evenly.core import bounds
from evenly.households.models import Fairness, Household, Member
from evenly.households.services import household_numbers_check, member_numbers_check
from evenly.pages.forms import number_bounds

if TYPE_CHECKING:
    # django-stubs makes ModelForm generic in its model; Django's class is not, at run time.
    _HouseholdModelForm = forms.ModelForm[Household]
    _MemberModelForm = forms.ModelForm[Member]
else:
    _HouseholdModelForm = _MemberModelForm = forms.ModelForm

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
DEFAULT_TIME_ZONE = "Europe/London"
FAIRNESS_HELP = _(
    "Equal household time: the same minutes of home work each. Equal total work: paid and "
    "home work together are evened out, so a longer paid week means fewer home hours. By free "
    "time: home work in proportion to the hours each has outside paid work. Custom: your own "
    "shares."
)


class ZoneSelect(forms.Select):
    """The time-zone list (about 600 zones) as Django's select would draw it, without a template
    per option: the options are written once, and only the chosen one is marked. Drawn through
    the option template, the list cost the Household page more than everything else on it."""

    _options = [
        (zone, format_html('<option value="{}">{}</option>', zone, zone)) for zone in TIME_ZONES
    ]

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        chosen = self.format_value(value)
        final = self.build_attrs(self.attrs, attrs)
        options = [
            format_html('<option value="{}" selected>{}</option>', zone, zone)
            if zone in chosen
            else html
            for zone, html in self._options
        ]
        return format_html(
            '<select name="{}"{}>\n  {}\n</select>',
            name,
            flatatt(final),
            mark_safe("\n  ".join(options)),
        )


class HouseholdCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Household name"),
        max_length=bounds.MAX_HOUSEHOLD_NAME_CHARS,
        help_text=_("For example Robin & Sam"),
    )
    display_name = forms.CharField(
        label=_("Your name here"),
        max_length=bounds.MAX_NAME_CHARS,
        help_text=_("How your partner will see you"),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z) for z in TIME_ZONES], widget=ZoneSelect
    )
    fairness = forms.ChoiceField(
        label=_("What is fair for us"), choices=Fairness.choices, help_text=FAIRNESS_HELP
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"time_zone": DEFAULT_TIME_ZONE})
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # timezone.js swaps this default for the browser's own zone, while it still holds.
            self.fields["time_zone"].widget.attrs["data-browser-zone"] = DEFAULT_TIME_ZONE


@number_bounds(tolerance_minutes=bounds.TOLERANCE_MINUTES, drift_weeks=bounds.DRIFT_WEEKS)
class HouseholdSettingsForm(_HouseholdModelForm):
    time_zone = forms.ChoiceField(
        label=_("Time zone"), choices=[(z, z) for z in TIME_ZONES], widget=ZoneSelect
    )

    class Meta:
        model = Household
        fields = ["name", "time_zone", "fairness", "tolerance_minutes", "drift_weeks"]
        labels = {
            "name": _("Household name"),
            "fairness": _("What is fair for us"),
            "tolerance_minutes": _("Close enough (minutes a week)"),
            "drift_weeks": _("Weeks off balance before Evenly says so"),
        }
        help_texts = {
            "fairness": FAIRNESS_HELP,
            "tolerance_minutes": _("A difference this small from someone's share counts as fair."),
            "drift_weeks": _(
                "When someone is over or under their share this many weeks running, "
                "the balance page shows which cards cause it and offers a re-deal (2 to 12)."
            ),
        }

    def clean_tolerance_minutes(self) -> int:
        value: int = self.cleaned_data["tolerance_minutes"]
        problem = household_numbers_check(tolerance_minutes=value).get("tolerance_minutes")
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_drift_weeks(self) -> int:
        value: int = self.cleaned_data["drift_weeks"]
        problem = household_numbers_check(drift_weeks=value).get("drift_weeks")
        if problem:
            raise forms.ValidationError(problem)
        return value


@number_bounds(
    paid_hours=bounds.PAID_HOURS,
    personal_time_goal_minutes=bounds.PERSONAL_MINUTES,
    share=bounds.SHARE,
)
class MemberForm(_MemberModelForm):
    class Meta:
        model = Member
        fields = ["display_name", "paid_hours", "personal_time_goal_minutes", "share"]
        labels = {
            "display_name": _("Your name here"),
            "paid_hours": _("Paid work, hours a week"),
            "personal_time_goal_minutes": _("Time of your own, minutes a week"),
            "share": _("Your share (custom fairness only)"),
        }
        help_texts = {
            "paid_hours": _("Counts for 'equal total work' and 'by free time'."),
            "personal_time_goal_minutes": _("Time for your own passions: study, sport, rest."),
            "share": _("A number between 0 and 1; everyone's shares add up to 1."),
        }
        widgets = {
            "paid_hours": forms.NumberInput(attrs={"step": "0.5"}),
            "share": forms.NumberInput(attrs={"step": "0.01"}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        numbers = ("paid_hours", "personal_time_goal_minutes", "share")
        if all(f in cleaned for f in numbers):
            for field, message in member_numbers_check(**{f: cleaned[f] for f in numbers}).items():
                self.add_error(field, message)
        return cleaned


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name here"),
        max_length=bounds.MAX_NAME_CHARS,
        help_text=_("How the household will see you"),
    )
