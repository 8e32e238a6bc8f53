"""The one way a view reaches a household: through the signed-in person's membership.

Another household's id, a household the person has left, or an object of another household
all answer 404, so a guess never tells anyone that the thing exists.
"""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model
from django.http import Http404, HttpRequest

from evenly.households.fields import id_problem
from evenly.households.models import Household, Member

M = TypeVar("M", bound=Model)


def member_for(request: HttpRequest, household_id: int) -> Member:
    """The signed-in person's active membership of the household, or 404."""
    if not request.user.is_authenticated or id_problem(household_id):
        raise Http404
    member = (
        Member.objects.select_related("household")
        .filter(household_id=household_id, user=request.user, left_at__isnull=True)
        .first()
    )
    if member is None:
        raise Http404("No such household")
    return member


def household_object(model: type[M], household: Household, pk: object, **filters: object) -> M:
    """An object of ``model`` that belongs to ``household``, or 404.

    Models name their household either directly (``household``) or through a parent; pass the
    path in ``filters`` for the latter, e.g. ``household_object(Rating, h, pk, card__household=h)``.
    """
    lookup = filters or {"household": household}
    if id_problem(pk):  # not digits, or beyond any database id: not found, never a 500
        raise Http404
    try:
        return model._default_manager.get(pk=pk, **lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):  # the model's DoesNotExist among them
        raise Http404 from None
