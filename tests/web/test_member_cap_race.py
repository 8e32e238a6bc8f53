"""The member cap holds when several invitations are accepted at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from evenly.accounts.services import account_create
from evenly.households.models import MAX_MEMBERS, Member
from evenly.households.services import household_create, invitation_accept, invitation_create

PASSWORD = "correct horse battery staple"


def _household_with(n: int, tag: str):  # type: ignore[no-untyped-def]
    owner_user = account_create(email=f"owner-{tag}@example.org", password=PASSWORD)
    household = household_create(
        user=owner_user, name=f"Home {tag}", time_zone="UTC", fairness="equal", display_name="A0"
    )
    owner = household.members.get()
    for i in range(1, n):
        user = account_create(email=f"m{i}-{tag}@example.org", password=PASSWORD)
        new = invitation_create(household=household, member=owner)
        invitation_accept(token=new.token, user=user, display_name=f"A{i}")
    return household, owner


def test_the_cap_holds_one_at_a_time(db) -> None:  # type: ignore[no-untyped-def]
    household, owner = _household_with(MAX_MEMBERS - 1, "seq")
    tokens = [invitation_create(household=household, member=owner).token for _ in range(2)]
    first = account_create(email="first@example.org", password=PASSWORD)
    second = account_create(email="second@example.org", password=PASSWORD)
    invitation_accept(token=tokens[0], user=first, display_name="First")
    with pytest.raises(ValidationError, match=f"already has {MAX_MEMBERS} members"):
        invitation_accept(token=tokens[1], user=second, display_name="Second")
    assert household.members.filter(left_at__isnull=True).count() == MAX_MEMBERS


def _accept_at_once(tokens: list[str], users: list[object]) -> tuple[list[int], list[str]]:
    """Each user accepts their own invitation in their own thread, all released together."""
    barrier = threading.Barrier(len(tokens))
    joined: list[int] = []
    refused: list[str] = []

    def accept(k: int) -> None:
        try:
            barrier.wait()
            try:
                invitation_accept(token=tokens[k], user=users[k], display_name=f"J{k}")
                joined.append(k)
            except ValidationError as error:
                refused.append(" ".join(error.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(k,)) for k in range(len(tokens))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return joined, refused


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PG"
)
@pytest.mark.django_db(transaction=True)
def test_the_cap_holds_when_invitations_are_accepted_at_once() -> None:
    threads_per_round = 4
    for round_ in range(10):
        household, owner = _household_with(MAX_MEMBERS - 1, f"r{round_}")
        tokens = [
            invitation_create(household=household, member=owner).token
            for _ in range(threads_per_round)
        ]
        users = [
            account_create(email=f"j{k}-r{round_}@example.org", password=PASSWORD)
            for k in range(threads_per_round)
        ]
        joined, refused = _accept_at_once(tokens, users)
        active = Member.objects.filter(household=household, left_at__isnull=True).count()
        assert active == MAX_MEMBERS, f"round {round_}: {active} members"
        assert len(joined) == 1
        assert len(refused) == threads_per_round - 1
        assert all(f"already has {MAX_MEMBERS} members" in m for m in refused), refused
