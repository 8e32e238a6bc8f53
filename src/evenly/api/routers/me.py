"""``/me``: who the caller is."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from evenly.accounts.models import User
from evenly.api.auth import token_of
from evenly.api.schemas import PROBLEMS
from evenly.households.selectors import households_of

router = Router(tags=["me"])


class HouseholdRef(Schema):
    id: int
    name: str


class Me(Schema):
    id: int
    email: str
    language: str
    households: list[HouseholdRef]
    token: str | None = None  # the token's name, or null for the session
    can_write: bool


@router.get("/me", response={200: Me, **PROBLEMS}, summary="Who you are")
def me(request: HttpRequest) -> Me:
    user = request.user
    assert isinstance(user, User)  # the frame's authentication let only an account through
    token = token_of(request)
    return Me(
        id=user.pk,
        email=user.email,
        language=user.language,
        households=[HouseholdRef(id=h.pk, name=h.name) for h in households_of(user=user)],
        token=token.name if token else None,
        can_write=token.can_write if token else True,
    )
