from __future__ import annotations

import zoneinfo

from django import forms

from evenly.households.models import FAIRNESS_CHOICES, Household, Member

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
FAIRNESS_HELP = (
    "Equal household time: the same minutes of home work each. Equal total work: paid and "
    "home work together are evened out, so a longer paid week means fewer home hours. By free "
    "time: home work in proportion to the hours each has outside paid work. Custom: your own "
    "shares."
)


class HouseholdCreateForm(forms.Form):
    name = forms.CharField(
        label="Household name", max_length=80, help_text="For example Robin & Sam"
    )
    display_name = forms.CharField(
        label="Your name here", max_length=40, help_text="How your partner will see you"
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=[(z, z) for z in TIME_ZONES])
    fairness = forms.ChoiceField(
        label="What is fair for us", choices=FAIRNESS_CHOICES, help_text=FAIRNESS_HELP
    )


class HouseholdSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label="Time zone", choices=[(z, z) for z in TIME_ZONES])

    class Meta:
        model = Household
        fields = ["name", "time_zone", "fairness", "tolerance_minutes", "drift_weeks"]
        labels = {
            "name": "Household name",
            "fairness": "What is fair for us",
            "tolerance_minutes": "Close enough (minutes a week)",
            "drift_weeks": "Weeks off balance before Evenly says so",
        }
        help_texts = {
            "fairness": FAIRNESS_HELP,
            "tolerance_minutes": "A difference this small from someone's share counts as fair.",
            "drift_weeks": "When someone is over or under their share this many weeks running, "
            "the balance page shows which cards cause it and offers a re-deal (2 to 12).",
        }
        widgets = {
            "tolerance_minutes": forms.NumberInput(attrs={"min": 0, "max": 600}),
            "drift_weeks": forms.NumberInput(attrs={"min": 2, "max": 12}),
        }

    def clean_drift_weeks(self) -> int:
        value: int = self.cleaned_data["drift_weeks"]
        if not 2 <= value <= 12:
            raise forms.ValidationError("Choose between 2 and 12 weeks.")
        return value

    def clean_tolerance_minutes(self) -> int:
        value: int = self.cleaned_data["tolerance_minutes"]
        if value > 600:
            raise forms.ValidationError("Use at most 600 minutes (10 hours a week).")
        return value


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["display_name", "paid_hours", "personal_time_goal_minutes", "share"]
        labels = {
            "display_name": "Your name here",
            "paid_hours": "Paid work, hours a week",
            "personal_time_goal_minutes": "Time of your own, minutes a week",
            "share": "Your share (custom fairness only)",
        }
        help_texts = {
            "paid_hours": "Counts for 'equal total work' and 'by free time'.",
            "personal_time_goal_minutes": "Time for your own passions: study, sport, rest.",
            "share": "A number between 0 and 1; everyone's shares add up to 1.",
        }
        widgets = {
            "paid_hours": forms.NumberInput(attrs={"min": 0, "max": 112, "step": "0.5"}),
            "personal_time_goal_minutes": forms.NumberInput(attrs={"min": 0, "max": 6720}),
            "share": forms.NumberInput(attrs={"min": 0, "max": 1, "step": "0.01"}),
        }

    def clean_paid_hours(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["paid_hours"]
        if not 0 <= value <= 112:
            raise forms.ValidationError("Between 0 and 112 hours (a whole waking week).")
        return value

    def clean_personal_time_goal_minutes(self) -> int:
        value: int = self.cleaned_data["personal_time_goal_minutes"]
        if value > 6720:
            raise forms.ValidationError("At most 6720 minutes (112 hours) a week.")
        return value

    def clean_share(self):  # type: ignore[no-untyped-def]
        value = self.cleaned_data["share"]
        if value is not None and not 0 <= value <= 1:
            raise forms.ValidationError("A share is between 0 and 1.")
        return value


class JoinForm(forms.Form):
    display_name = forms.CharField(
        label="Your name here", max_length=40, help_text="How the household will see you"
    )
