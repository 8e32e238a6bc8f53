"""The one way a view reaches a household: through the signed-in person's membership.

Another household's id, a household the person has left, or an object of another household
all answer 404, so a guess never tells anyone that the thing exists.
"""

from __future__ import annotations

from typing import TypeVar, cast

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import Http404, HttpRequest

from evenly.accounts.models import User
from evenly.households.fields import id_problem
from evenly.households.models import Household, HouseholdQuerySet, Member

M = TypeVar("M", bound=Model)


def member_for(request: HttpRequest, household_id: int) -> Member:
    """The signed-in person's active membership of the household, or 404."""
    if not request.user.is_authenticated:
        raise Http404
    return membership_of(request.user, household_id)


def membership_of(user: object, household_id: object) -> Member:
    """``user``'s active membership of the household, or 404: the same door for callers that
    know the person but have no page request (the JSON API, whose caller may come with a
    token instead of a session)."""
    if not isinstance(user, User) or not user.is_active or id_problem(household_id):
        raise Http404
    member = (
        Member.objects.for_household(int(str(household_id)))
        .current()
        .select_related("household")
        .filter(user=user)
        .first()
    )
    if member is None:
        raise Http404("No such household")
    return member


def household_object(model: type[M], household: Household, pk: object, **filters: object) -> M:
    """An object of ``model`` that belongs to ``household``, or 404.

    Every household model's manager knows its way to the household (``for_household``), even
    through a parent row (a rating's card). ``filters`` narrow it further.
    """
    if id_problem(pk):  # not digits, or beyond any database id: not found, never a 500
        raise Http404
    rows = model._default_manager.all()
    if not isinstance(rows, HouseholdQuerySet):
        raise TypeError(f"{model.__name__} does not belong to a household")
    try:
        return cast(M, rows.for_household(household).get(pk=pk, **filters))
    except (ObjectDoesNotExist, ValueError, TypeError):  # the model's DoesNotExist among them
        raise Http404 from None
