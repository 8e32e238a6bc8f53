"""Form fields every app uses for ids and dates, so hostile values get a form error, never a 500.

An id above :data:`bounds.MAX_ID` (or not a number) would reach the database driver and overflow;
a date in year 9999 would overflow date arithmetic a day later. These fields refuse both before
any query or sum, with a message that names the bound.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django import forms

from evenly.core import bounds
from evenly.pages.words import problem_sentence

if TYPE_CHECKING:
    # django-stubs makes the model-choice fields generic; Django's own classes are not, at run time.
    from django.db.models import QuerySet

    _ModelChoiceField = forms.ModelChoiceField[Any]

    class _ModelMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
        # Django's own check of the chosen ids, which django-stubs leaves out (it is private).
        def _check_values(self, value: Any) -> QuerySet[Any]: ...
else:
    _ModelChoiceField = forms.ModelChoiceField
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField


def id_problem(value: Any) -> bool:
    """True when ``value`` cannot be a database id (not digits, or above the bound)."""
    text = str(value).strip()
    return not text.isdigit() or len(text) > 19 or int(text) > bounds.MAX_ID


class IdChoiceField(_ModelChoiceField):
    """A member, card or concern chosen by id; an impossible id is an invalid choice."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if id_problem(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(_ModelMultipleChoiceField):
    """Several members chosen by id; an impossible id is an invalid choice."""

    def _check_values(self, value: Any) -> QuerySet[Any]:
        for pk in value:
            if id_problem(pk):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


def choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's model-choice field ``name`` (one or several), to give it this household's
    choices: ``choice_field(self, "card").queryset = ...``."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model-choice field")
    return field


class BoundedDateField(forms.DateField):
    """A date between the years :data:`bounds.MIN_YEAR` and :data:`bounds.MAX_YEAR`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("min", f"{bounds.MIN_YEAR}-01-01")
        self.widget.attrs.setdefault("max", f"{bounds.MAX_YEAR}-12-31")

    def validate(self, value: Any) -> None:
        super().validate(value)
        if isinstance(value, datetime.date):
            problem = bounds.date_check(value)
            if problem:
                raise forms.ValidationError(problem_sentence(problem))


def bound_error(bound: bounds.Bound, value: Any) -> None:
    """Raise a form error naming ``bound`` when ``value`` lies outside it."""
    if value is None:
        return
    problem = bound.check(value)
    if problem:
        raise forms.ValidationError(problem_sentence(problem))
