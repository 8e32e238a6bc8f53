"""Check-in forms. They check shapes only; the rules live in services."""

from __future__ import annotations

from datetime import time
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_stubs_ext import StrOrPromise

from evenly.checkins.models import WEEKDAYS, DealChange, Item
from evenly.core.feelings import INTENSITIES, feeling_choices
from evenly.households.fields import BoundedDateField, IdChoiceField, choice_field
from evenly.households.models import Member
from evenly.pages.words import in_language


class PlanForm(forms.Form):
    weekday = forms.TypedChoiceField(
        label=_("Day"),
        choices=WEEKDAYS,
        coerce=int,
        error_messages={"required": _("Choose a day.")},
    )
    at = forms.TimeField(
        label=pgettext_lazy("time of day", "Time"),
        initial=time(19, 30),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Choose a time."),
            "invalid": _("Give a time such as 19:30."),
        },
    )


def _coached(field: forms.Field, household_id: int, name: str) -> None:
    """Run the coach as the person types: htmx posts the form and shows the marks below."""
    field.widget.attrs.update(
        {
            "hx-post": reverse("checkin_coach", args=[household_id]),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": f"#coach-{name}",
            "hx-swap": "innerHTML",
            "hx-vals": f'{{"field": "{name}"}}',
        }
    )
    # A flag for the template (it adds the coach's box), on a Django field that has no such slot.
    field.coached = True  # type: ignore[attr-defined]
    # Django links the help text itself unless the widget names its own descriptions.
    help_id = f"id_{name}_helptext " if field.help_text else ""
    field.widget.attrs["aria-describedby"] = f"{help_id}coach-{name}"


def _text(
    label: StrOrPromise, *, required: bool = True, rows: int = 2, help_text: StrOrPromise = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _feeling_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("I feel"),
        choices=[
            ("", _("Choose a feeling…")),
            *(
                (in_language(family), [(key, in_language(word)) for key, word in words])
                for family, words in feeling_choices()
            ),
        ],
        error_messages={"required": _("Choose a feeling from the list.")},
    )


class ItemForm(forms.Form):
    """One form per kind of item; ``kind`` picks the fields."""

    def __init__(
        self,
        *args: Any,
        kind: str,
        household_id: int,
        others: list[Member] | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs["prefix"] = kind
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind == Item.Kind.APPRECIATION:
            self.fields["text"] = _text(
                _("I appreciate…"),
                help_text=_(
                    "Something specific from this week: what they did and what it meant to you."
                ),
            )
            if others and len(others) > 1:
                self.fields["about"] = IdChoiceField(
                    label=_("For"),
                    queryset=Member.objects.filter(pk__in=[m.pk for m in others]),
                    required=False,
                    empty_label=_("Everyone"),
                )
        elif kind == Item.Kind.WENT_WELL:
            self.fields["text"] = _text(_("What went well this week"))
        elif kind == Item.Kind.FEELING:
            self.fields["feeling"] = _feeling_field()
            self.fields["intensity"] = forms.TypedChoiceField(
                label=_("How strongly"),
                choices=[(n, in_language(how)) for n, how in INTENSITIES.items()],
                coerce=int,
                initial=2,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how strongly.")},
            )
            self.fields["text"] = _text(_("A few words, if you like"), required=False)
        elif kind == Item.Kind.CONCERN:
            self.fields["feeling"] = _feeling_field()
            self.fields["when"] = _text(
                _("when…"), help_text=_("What happens, as a camera would see it.")
            )
            self.fields["need"] = _text(
                _("and I need…"), help_text=_("What matters to you underneath.")
            )
            self.fields["request"] = _text(
                _("Would you be willing to…"),
                help_text=_("One concrete thing your partner could say yes or no to."),
            )
        _coach_all(self, household_id)


def _coach_all(form: forms.Form, household_id: int) -> None:
    for name in ("text", "when", "need", "request", "missing"):
        if name in form.fields:
            _coached(form.fields[name], household_id, form.add_prefix(name))


class _Coached(forms.Form):
    """A form whose free-text fields the coach reads as they are typed."""

    coached_prefix = ""

    def __init__(self, *args: Any, household_id: int, **kwargs: Any) -> None:
        kwargs["prefix"] = self.coached_prefix
        super().__init__(*args, **kwargs)
        _coach_all(self, household_id)


class ParaphraseForm(_Coached):
    coached_prefix = "paraphrase"
    text = _text(
        _("What I hear is…"),
        rows=3,
        help_text=_(
            "Say back what your partner said and felt, in your words, before answering it."
        ),
    )


class AnswerForm(_Coached):
    coached_prefix = "answer"
    verdict = forms.ChoiceField(
        label=_("Is that it?"),
        error_messages={"required": _("Choose “Yes, that's it” or “Not quite”.")},
        choices=[("yes", _("Yes, that's it")), ("not_quite", _("Not quite"))],
        widget=forms.RadioSelect,
    )
    missing = _text(_("What was missing"), required=False)


class ResponseForm(_Coached):
    coached_prefix = "response"
    text = _text(
        _("My response"), rows=3, help_text=_("Now that you have understood: your side, gently.")
    )


class _ConcernField(IdChoiceField):
    """A concern of this check-in, shown by whose it is."""

    def label_from_instance(self, obj: Item) -> str:
        return f"{obj.author.display_name}'s concern"


class ActionForm(forms.Form):
    text = forms.CharField(label=_("What will be done"), max_length=200)
    owner = IdChoiceField(label=_("Who"), queryset=Member.objects.none(), empty_label=None)
    due_on = BoundedDateField(
        label=_("By"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Choose a day."),
            "invalid": _("Give a date such as 2026-12-01."),
        },
    )
    concern = _ConcernField(
        label=_("About"), queryset=Item.objects.none(), required=False, empty_label="—"
    )

    def __init__(
        self, *args: Any, members: list[Member], concerns: list[Item], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "owner").queryset = Member.objects.filter(pk__in=[m.pk for m in members])
        choice_field(self, "concern").queryset = Item.objects.filter(
            pk__in=[c.pk for c in concerns]
        )


class DealChangeForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("noun", "Change"),
        choices=DealChange.Kind.choices,
        widget=forms.RadioSelect,
    )
    card = IdChoiceField(
        label=_("Card"), queryset=Member.objects.none(), empty_label=_("Choose a card…")
    )
    to_member = IdChoiceField(
        label=pgettext_lazy("recipient", "To"),
        queryset=Member.objects.none(),
        required=False,
        empty_label="—",
    )
    standard = forms.CharField(label=_("Done means"), max_length=240, required=False)
    concern = _ConcernField(
        label=_("About"), queryset=Item.objects.none(), required=False, empty_label="—"
    )

    def __init__(
        self,
        *args: Any,
        household_id: int,
        members: list[Member],
        concerns: list[Item],
        **kwargs: Any,
    ) -> None:
        from evenly.cards.models import Card

        super().__init__(*args, **kwargs)
        choice_field(self, "card").queryset = Card.objects.filter(household_id=household_id)
        members_here = Member.objects.filter(pk__in=[m.pk for m in members])
        choice_field(self, "to_member").queryset = members_here
        choice_field(self, "concern").queryset = Item.objects.filter(
            pk__in=[c.pk for c in concerns]
        )
