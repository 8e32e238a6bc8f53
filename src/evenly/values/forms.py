"""Forms for values, the mission, shared goals and outside pressure. They check shapes only;
the rules live in services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from evenly.core.values import VALUES
from evenly.households.fields import (
    BoundedDateField,
    IdChoiceField,
    IdMultipleChoiceField,
    choice_field,
)
from evenly.households.models import Member
from evenly.values.models import OutsidePressure
from evenly.values.services import FEELING_LIMIT, TEXT_LIMIT, TITLE_LIMIT, WHO_LIMIT

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

DATE_ERRORS = {"invalid": _("Give a date such as 2026-12-01.")}


def _area(
    label: StrOrPromise,
    *,
    required: bool = False,
    rows: int = 3,
    limit: int = TEXT_LIMIT,
    help_text: StrOrPromise = "",
    missing: StrOrPromise = "",
) -> forms.CharField:
    # Lengths are checked by the services, with the count in the message; the page's own
    # maxlength keeps a phone's keyboard from going over.
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        error_messages={"required": missing or _("Please fill this in.")},
        widget=forms.Textarea(attrs={"rows": rows, "maxlength": limit}),
    )


def _date(label: StrOrPromise, help_text: StrOrPromise = "") -> BoundedDateField:
    return BoundedDateField(
        label=label,
        required=False,
        help_text=help_text,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _members(queryset_of: list[Member]) -> QuerySet[Member]:
    return Member.objects.filter(pk__in=[m.pk for m in queryset_of])


class ValuesForm(forms.Form):
    picks = forms.MultipleChoiceField(
        label=_("Values from the list"),
        required=False,
        choices=[(v.key, v.name) for v in VALUES],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose values from the list.")},
    )
    own_words = _area(
        _("Values in your own words"),
        rows=2,
        limit=600,
        help_text=_(
            "Anything that matters to you and is not on the list. Separate them with commas."
        ),
    )
    stand_for = _area(
        _("What I want us to stand for"),
        rows=4,
        help_text=_("A few sentences about the partnership you want, in your own words."),
    )


class MissionForm(forms.Form):
    text = _area(
        _("Our mission statement"),
        required=True,
        rows=6,
        missing=_("Write the mission statement, in your own words."),
        help_text=_(
            "A few sentences about who you want to be together. Saving makes a new "
            "version, which everyone agrees with again."
        ),
    )


class _MembersForm(forms.Form):
    """A form that offers the household's current members in its member fields."""

    member_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, members: list[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.member_fields:
            choice_field(self, name).queryset = _members(members)  # shown by display name


class GoalForm(_MembersForm):
    member_fields = ("owners",)
    title = forms.CharField(
        label=_("Our goal"),
        help_text=_("For example “one screen-free evening a week” or “save for a home”."),
        error_messages={"required": _("Give the goal a name.")},
        widget=forms.TextInput(attrs={"maxlength": TITLE_LIMIT}),
    )
    why = _area(_("Why it matters to us (if you like)"), rows=2)
    target_on = _date(_("By when (if there is a date)"))
    owners = IdMultipleChoiceField(
        label=_("Who looks after it"),
        queryset=Member.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose who looks after it: one of you, or more."),
            "invalid_choice": _("Choose members of this household."),
            "invalid_pk_value": _("Choose members of this household."),
        },
    )


class MilestoneForm(_MembersForm):
    member_fields = ("owner",)
    title = forms.CharField(
        label=_("Milestone"),
        error_messages={"required": _("Write the milestone: one step.")},
        widget=forms.TextInput(attrs={"maxlength": TITLE_LIMIT}),
    )
    owner = IdChoiceField(
        label=_("Who sees it through"),
        queryset=Member.objects.none(),
        empty_label=None,
        error_messages={
            "required": _("Choose who sees this step through."),
            "invalid_choice": _("Choose who sees this step through."),
        },
    )
    due_on = _date(_("By when (if there is a date)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "milestone"
        super().__init__(*args, **kwargs)


class PressureForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Where it comes from"),
        choices=[("", _("Choose…")), *OutsidePressure.Source.choices],
        error_messages={
            "required": _("Choose where it comes from."),
            "invalid_choice": _("Choose where it comes from."),
        },
    )
    who = forms.CharField(
        label=_("Who, in your words (if you like)"),
        required=False,
        help_text=_("“My mother”, “the team lead”, “the other parents at school”."),
        widget=forms.TextInput(attrs={"maxlength": WHO_LIMIT}),
    )
    expectation = _area(
        _("What is expected"),
        required=True,
        missing=_("Write what is expected of you, or of you both."),
        help_text=_(
            "As they would put it: “Sunday lunch at ours every week”, “answer emails at night”."
        ),
    )
    feeling = _area(_("How it makes you feel (if you like)"), rows=2, limit=FEELING_LIMIT)


class StanceForm(forms.Form):
    text = _area(
        _("Our stance"),
        required=True,
        missing=_("Write where you stand on it, together."),
        help_text=_("Where you stand on it together: what you will do, and what you will not."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "stance"
        super().__init__(*args, **kwargs)


class ReplyForm(forms.Form):
    text = _area(
        _("Our reply"),
        required=True,
        missing=_("Write the reply you would give."),
        help_text=_(
            "What you would say to them, kindly and clearly, in words you are both happy with."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["prefix"] = "reply"
        super().__init__(*args, **kwargs)
