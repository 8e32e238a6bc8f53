"""The reminder settings form and the push subscription a browser posts. Shapes only: the rules
(quiet hours against the digest time, the cap's bounds) live in services."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from evenly.core import bounds
from evenly.households.forms import TIME_ZONES
from evenly.pages.forms import number_bounds


@number_bounds(per_day=bounds.REMINDERS_PER_DAY)
class PreferenceForm(forms.Form):
    digest = forms.BooleanField(
        label=_("Send me a daily digest"),
        required=False,
        help_text=_("One message a day with everything that waits on you."),
    )
    digest_at = forms.TimeField(
        label=_("Reminder time"),
        help_text=_("Your digest, the check-in reminder and nudges come at this time."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_zone = forms.ChoiceField(
        label=_("In the time zone"),
        choices=[(z, z) for z in TIME_ZONES],
        help_text=_("Where you are; it can differ from the household's."),
    )
    checkin = forms.BooleanField(label=_("Remind me of the weekly check-in"), required=False)
    nudges = forms.BooleanField(
        label=_("Nudge me about what is overdue"),
        required=False,
        help_text=_("One message for each thing left from an earlier day."),
    )
    quiet_start = forms.TimeField(
        label=_("Quiet hours from"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    quiet_end = forms.TimeField(
        label=_("until"),
        help_text=_("Nothing is sent in between. The same time twice means no quiet hours."),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    per_day = forms.IntegerField(
        label=_("At most this many a day"),
        help_text=format_lazy(
            _(
                "On each channel, from {low} to {high}. "
                "The rest of the day's reminders are not sent."
            ),
            low=bounds.MIN_REMINDERS_PER_DAY,
            high=bounds.MAX_REMINDERS_PER_DAY,
        ),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    by_email = forms.BooleanField(label=_("By email"), required=False)
    by_push = forms.BooleanField(label=_("On the phones and browsers below (push)"), required=False)


class PushForm(forms.Form):
    """What ``PushManager.subscribe`` gives, posted by ``push.js``."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
