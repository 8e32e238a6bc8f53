"""A household the rule in ``evenly.core.solve_place`` calls slow: four members, 26 cards all
rated, and a deal in force, so proposing again is a re-deal that goes to the worker."""

from __future__ import annotations

from decimal import Decimal

from tests.conftest import PASSWORD, Home

PREFERENCES = ("enjoy", "like", "fine", "dislike", "fine", "like")


def grow_to_four(home: Home) -> list[object]:
    """Add Kim and Alex and 22 more cards to Robin and Sam's dealt household; everyone rates
    everything and accepts the deal of all four. Returns the four members."""
    from evenly.accounts.services import account_create
    from evenly.cards.services import card_save, rating_set
    from evenly.core.solve_place import solve_is_quick
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.services import invitation_accept, invitation_create

    household = home.household
    members = [home.owner, home.partner]
    for name in ("Kim", "Alex"):
        user = account_create(email=f"{name.lower()}@example.org", password=PASSWORD, verified=True)
        new = invitation_create(household=household, member=home.owner)
        members.append(invitation_accept(token=new.token, user=user, display_name=name))
    for i in range(22):
        card_save(
            household=household,
            card=None,
            name=f"Errand {i + 1}",
            category="Home",
            cadence="weekly",
            minutes=Decimal(10 + 5 * (i % 7)),
            mental_minutes=Decimal(2),
            standard="",
        )
    for m_no, member in enumerate(members):
        for c_no, card in enumerate(household.cards.order_by("pk")):
            pref = PREFERENCES[(m_no + c_no) % len(PREFERENCES)]
            rating_set(member=member, card=card, preference=pref)
    deal = deal_propose(household=household, member=home.owner)
    for member in members:
        deal_accept(deal=deal, member=member)
    assert not solve_is_quick(members=4, cards=26, owned=26)
    return members
