"""The deal: propose with the core engine, accept by everyone, versions, compare."""

from __future__ import annotations

from evenly.cards.services import card_owner_rule_set, rating_set
from evenly.deals.models import Deal
from evenly.deals.selectors import deal_verdict, in_member_order
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
    assert "Is it fair?" in body and "<svg" in body and "Time a week</caption>" in body


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


# --- the page a couple reads in a minute ---------------------------------------------------


def _proposed(home):
    """Both have rated; Robin proposed v1, nobody has accepted yet."""
    from evenly.deals.services import deal_propose

    prefs = {
        "Robin": ["enjoy", "dislike", "fine", "like"],
        "Sam": ["fine", "enjoy", "like", "hate"],
    }
    for member in (home.owner, home.partner):
        for card, pref in zip(
            home.household.cards.order_by("name"), prefs[member.display_name], strict=True
        ):
            rating_set(member=member, card=card, preference=pref)
    return deal_propose(household=home.household, member=home.owner)


def _verdict_text(deal: Deal) -> str:
    from evenly.core.units import duration_text

    c = deal.certificate
    order = [m.display_name for m in deal.household.members.all()]
    names = " · ".join(
        f"{name} {duration_text(row['load_minutes'])}"
        for name, row in in_member_order(c["members"], order)
    )
    if c["max_deviation_minutes"] <= c["tolerance_minutes"]:
        return (
            f"{names} a week · each within {duration_text(c['tolerance_minutes'])} of a fair share"
        )
    return f"{names} a week · {duration_text(c['max_deviation_minutes'])} from even"


def _text(page: str) -> str:
    import html
    import re

    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    return re.sub(r"\s+", " ", text).replace(" .", ".").replace(" ,", ",").replace(" :", ":")


def test_the_verdict_comes_first_and_accept_after_the_last_card(home):
    deal = _proposed(home)
    page = home.partner_client.get(url(home, "deal/")).content.decode()
    verdict = page.index('id="verdict-h"')
    cards = [page.index(f'<span class="item-title">{dc.name}</span>') for dc in deal.cards.all()]
    accept = page.index("Accept deal v1</button>")
    assert verdict < min(cards) and max(cards) < accept
    # Accept is the last thing on the page, after "Propose again".
    assert page.index("Propose a new deal") < accept
    assert page.count("Accept deal v1</button>") == 1
    # The verdict reads the deal's own figures, in h mm.
    line = _text(page[verdict : page.index("</h2>", verdict)])
    assert _verdict_text(deal) in line, line


def test_each_card_shows_its_weekly_time_and_folds_its_reason(home):
    from evenly.core.units import duration_text

    deal = _proposed(home)
    page = home.owner_client.get(url(home, "deal/")).content.decode()
    kept = deal.certificate["card_minutes"]
    for dc in deal.cards.select_related("owner"):
        weekly = duration_text(kept[dc.name][dc.owner.display_name])
        start = page.index(f'<span class="item-title">{dc.name}</span>')
        item = page[start : page.index("</li>", start)]
        assert f'<span class="weekly">{weekly} a week</span>' in item
        assert f'<details class="why"><summary>Why {dc.owner.display_name}' in item
        assert dc.reason.replace("'", "&#x27;") in item
    # Each member's cards add up to the time in their heading and in the verdict.
    for name, row in deal.certificate["members"].items():
        mine = sum(v.get(name, 0) for v in kept.values())
        assert abs(mine - row["load_minutes"]) < 0.02


def test_total_work_shows_paid_hours_and_home_hours_adding_up(home):
    from decimal import Decimal

    from evenly.core.units import duration_text

    h = home.household
    h.fairness = "total-work"
    h.save()
    home.owner.paid_hours = Decimal(38)
    home.owner.save()
    home.partner.paid_hours = Decimal(20)
    home.partner.save()
    deal = _proposed(home)
    page = _text(home.owner_client.get(url(home, "deal/")).content.decode())
    assert deal.certificate["paid_minutes"] == {"Robin": 2280, "Sam": 1200}
    for name, paid in (("Robin", 2280), ("Sam", 1200)):
        load = deal.certificate["members"][name]["load_minutes"]
        row = f"{name} {duration_text(paid)} + {duration_text(load)} = {duration_text(paid + load)}"
        assert row in page, row
    assert "Paid work" in page and "Together" in page
    # Changing paid hours later does not rewrite what the deal weighed.
    home.owner.paid_hours = Decimal(10)
    home.owner.save()
    again = _text(home.owner_client.get(url(home, "deal/")).content.decode())
    assert f"Robin {duration_text(2280)} +" in again


def test_an_accepted_deal_reads_its_verdict_and_offers_no_accept(rated_and_dealt):
    home = rated_and_dealt
    deal = Deal.objects.get(household=home.household)
    page = home.owner_client.get(url(home, "deal/")).content.decode()
    assert _verdict_text(deal) in _text(page)
    assert "Accepted by everyone on" in page
    assert "Accept deal" not in page and "accept-bar" not in page
    assert page.index('id="verdict-h"') < page.index('class="item-title"')


def test_compare_reads_each_versions_verdict_above_the_cards_that_move(rated_and_dealt):
    home = rated_and_dealt
    card = home.household.cards.get(name="Laundry")
    v1 = Deal.objects.get(version=1, household=home.household)
    other = home.partner if v1.cards.get(name="Laundry").owner == home.owner else home.owner
    card_owner_rule_set(card=card, locked_to=other, rotation=[])
    home.owner_client.post(url(home, "deals/propose/"))
    v2 = Deal.objects.get(version=2, household=home.household)
    page = home.owner_client.get(url(home, "deals/compare/?a=1&b=2")).content.decode()
    text = _text(page)
    moved = page.count("moved</span>")
    assert moved >= 1
    hands = "1 card changes hands" if moved == 1 else f"{moved} cards change hands"
    assert f"{hands} between v1 and v2" in text
    for deal in (v1, v2):
        assert (
            f"v{deal.version} ({deal.get_status_display().lower()}): " + _verdict_text(deal) in text
        )
    assert page.index('id="verdicts-h"') < page.index("<table")


def test_the_verdict_names_every_member_of_a_household_of_three(home):
    from evenly.accounts.services import account_create
    from evenly.households.services import invitation_accept, invitation_create
    from tests.conftest import PASSWORD

    alex = account_create(email="alex@example.org", password=PASSWORD, verified=True)
    new = invitation_create(household=home.household, member=home.owner)
    third = invitation_accept(token=new.token, user=alex, display_name="Alex")
    for member in (home.owner, home.partner, third):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")
    home.owner_client.post(url(home, "deals/propose/"))
    deal = Deal.objects.get(household=home.household)
    # In the household's order (who joined first), whatever order the database keeps the
    # certificate's keys in (PostgreSQL's jsonb sorts them).
    verdict = deal_verdict(deal=deal, members=list(home.household.members.all()))
    assert verdict is not None
    assert [f.name for f in verdict.members] == ["Robin", "Sam", "Alex"]
    page = home.owner_client.get(url(home, "deal/")).content.decode()
    start = page.index('id="verdict-h"')
    line = _text(page[start : page.index("</h2>", start)])
    assert _verdict_text(deal) in line, line
    assert line.count(" · ") == 3  # three members, then the fairness


def test_a_card_taken_in_turns_shows_each_ones_weekly_part(rated_and_dealt):
    from evenly.core.units import duration_text

    home = rated_and_dealt
    card = home.household.cards.get(name="Cooking dinner")
    card_owner_rule_set(card=card, locked_to=None, rotation=[home.owner, home.partner])
    home.owner_client.post(url(home, "deals/propose/"))
    v2 = Deal.objects.get(household=home.household, version=2)
    parts = v2.certificate["card_minutes"]["Cooking dinner"]
    assert set(parts) == {"Robin", "Sam"}
    page = _text(home.owner_client.get(url(home, "deal/")).content.decode())
    assert "Taken in turns" in page
    each = ", ".join(f"{n} {duration_text(parts[n])}" for n in ("Robin", "Sam"))
    assert f"turns: Robin, Sam {each} a week" in page


def test_the_verdict_says_when_it_counts_paid_work(home):
    h = home.household
    h.fairness = "total-work"
    h.save()
    deal = _proposed(home)
    page = home.owner_client.get(url(home, "deal/")).content.decode()
    start = page.index('id="verdict-h"')
    line = _text(page[start : page.index("</h2>", start)])
    assert line.strip().endswith(_verdict_text(deal) + ", counting paid work"), line


def _holder_form(page: str, card_pk: int) -> str:
    start = page.index(f"/cards/{card_pk}/holder/")
    return page[start : page.index("</form>", start)]


def test_the_cards_kept_between_pages_follow_a_change_of_holder(rated_and_dealt, keeping):
    """The deal's cards are kept rendered per household revision: a form sent to the household
    shows on the next page."""
    home = rated_and_dealt
    card = home.household.cards.get(name="Cooking dinner")
    before = _holder_form(home.owner_client.get(url(home, "deal/")).content.decode(), card.pk)
    assert '<option value="turns" selected>' not in before
    home.partner_client.get(url(home, "deal/"))  # kept now
    r = home.owner_client.post(url(home, f"cards/{card.pk}/holder/"), {"holder": "turns"})
    assert r.status_code == 302
    for client in (home.owner_client, home.partner_client):
        after = _holder_form(client.get(url(home, "deal/")).content.decode(), card.pk)
        assert '<option value="turns" selected>' in after


def test_every_card_form_carries_the_readers_own_csrf_token(rated_and_dealt, keeping):
    """The kept cards hold no one's token: each page puts its reader's own in every form."""
    import re

    from django.test import Client

    home = rated_and_dealt
    home.owner_client.get(url(home, "deal/"))  # the owner's request renders and keeps the cards
    sam = Client(enforce_csrf_checks=True)
    sam.force_login(home.partner.user)
    page = sam.get(url(home, "deal/")).content.decode()
    card = home.household.cards.get(name="Cooking dinner")
    form = _holder_form(page, card.pk)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
    assert token and "evenly-csrf" not in page
    r = sam.post(
        url(home, f"cards/{card.pk}/holder/"),
        {"holder": "turns", "csrfmiddlewaretoken": token.group(1)},
    )
    assert r.status_code == 302
    assert sam.post(url(home, f"cards/{card.pk}/holder/"), {"holder": "deal"}).status_code == 403
