"""The deal: propose with the core engine, accept by everyone, versions, compare."""

from __future__ import annotations

from evenly.cards.services import card_owner_rule_set, rating_set
from evenly.deals.models import Deal
from evenly.households.services import member_leave


def url(home, path: str) -> str:
    return f"/h/{home.household.pk}/{path}"


def rate_all(home, preference: str = "fine") -> None:
    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference=preference)


def test_proposing_waits_until_everyone_has_rated(home):
    r = home.owner_client.post(url(home, "deals/propose/"), follow=True)
    assert "Everyone rates every card first" in r.content.decode()
    assert "Robin (0 of 4)" in r.content.decode()
    assert not Deal.objects.filter(household=home.household).exists()


def test_empty_state_then_propose(home):
    page = home.owner_client.get(url(home, "deal/")).content.decode()
    assert "Propose a deal" in page and "4 cards" in page and "Rate the cards" in page
    rate_all(home)
    r = home.owner_client.post(url(home, "deals/propose/"), follow=True)
    body = r.content.decode()
    assert "Deal v1 proposed" in body
    deal = Deal.objects.get(household=home.household)
    assert deal.status == Deal.Status.PROPOSED and deal.version == 1
    assert deal.cards.count() == 4
    # Every card has a reason and an owner; the certificate is there to check.
    assert all(dc.reason and dc.owner_id for dc in deal.cards.all())
    assert set(deal.certificate["members"]) == {"Robin", "Sam"}
    assert "Is it fair?" in body and "<svg" in body and "Minutes a week</caption>" in body


def test_accept_needs_everyone(rated_and_dealt):
    home = rated_and_dealt
    active = Deal.objects.get(household=home.household)
    assert active.status == Deal.Status.ACTIVE
    card = home.household.cards.get(name="Bins out")
    card_owner_rule_set(card=card, locked_to=home.partner, rotation=[])
    home.owner_client.post(url(home, "deals/propose/"))
    v2 = Deal.objects.get(household=home.household, version=2)
    assert v2.cards.get(name="Bins out").owner == home.partner
    assert v2.cards.get(name="Bins out").locked
    home.owner_client.post(url(home, "deals/2/accept/"))
    v2.refresh_from_db()
    active.refresh_from_db()
    assert v2.status == Deal.Status.PROPOSED and active.status == Deal.Status.ACTIVE
    page = home.partner_client.get(url(home, "deal/")).content.decode()
    assert "Accepted: <strong>Robin</strong>" in page and "Accept deal v2" in page
    home.partner_client.post(url(home, "deals/2/accept/"))
    v2.refresh_from_db()
    active.refresh_from_db()
    assert v2.status == Deal.Status.ACTIVE and active.status == Deal.Status.SUPERSEDED
    # Accepting a deal that is no longer a proposal says so and changes nothing.
    r = home.owner_client.post(url(home, "deals/1/accept/"), follow=True)
    assert "is superseded" in r.content.decode()


def test_new_proposal_withdraws_the_waiting_one(home):
    rate_all(home)
    home.owner_client.post(url(home, "deals/propose/"))
    home.partner_client.post(url(home, "deals/propose/"))
    statuses = dict(Deal.objects.filter(household=home.household).values_list("version", "status"))
    assert statuses == {1: Deal.Status.WITHDRAWN, 2: Deal.Status.PROPOSED}
    r = home.owner_client.post(url(home, "deals/1/accept/"), follow=True)
    assert "is withdrawn" in r.content.decode()


def test_rotation_and_redeal_moves_little(rated_and_dealt):
    home = rated_and_dealt
    card = home.household.cards.get(name="Cooking dinner")
    r = home.owner_client.post(
        url(home, f"cards/{card.pk}/holder/"),
        {"holder": "turns", "next": url(home, "deal/")},
    )
    assert r.status_code == 302 and r["Location"] == url(home, "deal/")
    home.owner_client.post(url(home, "deals/propose/"))
    v2 = Deal.objects.get(household=home.household, version=2)
    assert v2.cards.get(name="Cooking dinner").rotation == [home.owner.pk, home.partner.pk]
    assert "moved_minutes" in v2.certificate


def test_history_and_compare(rated_and_dealt):
    home = rated_and_dealt
    card = home.household.cards.get(name="Laundry")
    v1_owner = Deal.objects.get(version=1, household=home.household).cards.get(name="Laundry").owner
    other = home.partner if v1_owner == home.owner else home.owner
    card_owner_rule_set(card=card, locked_to=other, rotation=[])
    home.owner_client.post(url(home, "deals/propose/"))
    history = home.owner_client.get(url(home, "deals/")).content.decode()
    assert "v1" in history and "v2" in history
    compare = home.owner_client.get(url(home, "deals/compare/?a=1&b=2")).content.decode()
    assert "Laundry" in compare and "moved</span>" in compare
    assert home.owner_client.get(url(home, "deals/compare/?a=1&b=9")).status_code == 404
    # Defaults to the two newest when no versions are given.
    assert "v1" in home.owner_client.get(url(home, "deals/compare/")).content.decode()
    assert home.owner_client.get(url(home, "deals/2/")).status_code == 200


def test_a_card_nobody_can_do_is_explained_and_nothing_is_saved(home):
    rate_all(home)
    card = home.household.cards.get(name="Laundry")
    rating_set(member=home.owner, card=card, preference="cannot")
    rating_set(member=home.partner, card=card, preference="cannot")
    r = home.owner_client.post(url(home, "deals/propose/"), follow=True)
    body = r.content.decode()
    assert "Laundry" in body and "nobody" in body.lower()
    assert not Deal.objects.filter(household=home.household).exists()


def test_a_single_member_cannot_propose(home):
    member_leave(member=home.partner)
    r = home.owner_client.post(url(home, "deals/propose/"), follow=True)
    assert "Invite your partner first" in r.content.decode()
    assert not Deal.objects.exists() or not Deal.objects.filter(household=home.household).exists()


def test_leaving_withdraws_a_waiting_proposal(home):
    rate_all(home)
    home.owner_client.post(url(home, "deals/propose/"))
    member_leave(member=home.partner)
    assert Deal.objects.get(household=home.household).status == Deal.Status.WITHDRAWN
