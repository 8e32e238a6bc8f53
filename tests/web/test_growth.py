"""The Grow tab: your week, aspirations (private until shared), handovers for a while, and
life changes that re-deal the work."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from evenly.cards.models import Card
from evenly.deals.models import Deal
from evenly.deals.services import deal_accept
from evenly.growth import selectors, services
from evenly.growth.models import Aspiration, Handover, LifeEvent
from evenly.households.services import household_changed
from tests.conftest import Home


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _accept_open(home: Home) -> Deal:
    deal = Deal.objects.get(household=home.household, status=Deal.Status.PROPOSED)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    deal.refresh_from_db()
    return deal


# --- your week ------------------------------------------------------------------------------


def test_the_week_fit_is_said_before_a_deal_is_accepted(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    home.owner.paid_hours = Decimal(80)
    home.owner.personal_time_goal_minutes = 20 * 60
    home.owner.save()
    from evenly.deals.services import deal_propose

    deal_propose(household=home.household, member=home.partner)
    page = home.partner_client.get(_url(home, "deal")).content.decode()
    assert (
        "Does everyone&#x27;s week still fit?" in page or "Does everyone's week still fit?" in page
    )
    assert "Does not fit" in page and "Robin" in page
    grow = home.owner_client.get(_url(home, "grow")).content.decode()
    assert "Does not fit" in grow


def test_counting_time_of_ones_own_in_the_fairness_rule(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    home.household.fairness = "total-work"
    home.household.save()
    home.owner.personal_time_goal_minutes = 600
    home.owner.save()
    r = home.owner_client.post(_url(home, "grow_personal_fairness"), {"count_personal_time": "1"})
    assert r.status_code == 302
    home.household.refresh_from_db()
    assert home.household.count_personal_time
    from evenly.cards.to_core import core_household

    core = core_household(household=home.household)
    assert core.count_personal_time
    robin = core.member("Robin")
    assert robin.personal_hours == 10


# --- aspirations ----------------------------------------------------------------------------


def test_an_aspiration_is_private_until_shared(home: Home) -> None:
    r = home.owner_client.post(
        _url(home, "aspirations"),
        {
            "title": "Pass the accountancy exams",
            "kind": "education",
            "support_wanted": "Quiet evenings",
        },
    )
    assert r.status_code == 302
    item = Aspiration.objects.get()
    for name in ("aspirations", "grow"):
        assert "accountancy" not in home.partner_client.get(_url(home, name)).content.decode()
    for name, method in [
        ("aspiration", "get"),
        ("aspiration_edit", "get"),
        ("aspiration_edit", "post"),
        ("aspiration_delete", "get"),
        ("aspiration_delete", "post"),
        ("aspiration_share", "post"),
        ("aspiration_reached", "post"),
        ("aspiration_note", "post"),
        ("aspiration_support", "post"),
    ]:
        r = getattr(home.partner_client, method)(_url(home, name, item.pk))
        assert r.status_code == 404, name
    home.owner_client.post(_url(home, "aspiration_share", item.pk), {"shared": "1"})
    page = home.partner_client.get(_url(home, "aspirations")).content.decode()
    assert "Pass the accountancy exams" in page
    # Sam offers support; it can no longer be made private; only Robin edits it.
    r = home.partner_client.post(
        _url(home, "aspiration_support", item.pk), {"support-text": "I'll do the Saturday shop"}
    )
    assert r.status_code == 302
    assert home.partner_client.get(_url(home, "aspiration_edit", item.pk)).status_code == 404
    r = home.owner_client.post(
        _url(home, "aspiration_share", item.pk), {"shared": "0"}, follow=True
    )
    assert "it stays shared" in r.content.decode()
    item.refresh_from_db()
    assert item.is_shared


def test_aspiration_validation_and_celebration(home: Home) -> None:
    r = home.owner_client.post(_url(home, "aspirations"), {"title": " ", "kind": "space"})
    assert r.status_code == 400
    assert not Aspiration.objects.exists()
    item = services.aspiration_create(member=home.owner, title="Run a marathon", kind="health")
    r = home.owner_client.post(
        _url(home, "aspiration_reached", item.pk), {"reached": "1"}, follow=True
    )
    assert "That deserves a celebration" in r.content.decode()
    assert "Reached on" in r.content.decode()
    page = home.owner_client.get(_url(home, "aspiration_delete", item.pk)).content.decode()
    assert "cannot be undone" in page
    home.owner_client.post(_url(home, "aspiration_delete", item.pk))
    assert not Aspiration.objects.exists()


# --- a card handed over for a while -----------------------------------------------------------


def test_a_handover_runs_until_its_date_and_then_the_card_goes_back(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    active = Deal.objects.get(status=Deal.Status.ACTIVE)
    row = active.cards.exclude(owner=None).select_related("card", "owner").first()
    card, holder = row.card, row.owner
    other = home.partner if holder == home.owner else home.owner
    item = services.aspiration_create(member=holder, title="Exams", kind="education")
    services.aspiration_share(member=holder, aspiration=item)
    today = home.household.today()
    client = home.owner_client if other == home.owner else home.partner_client
    r = client.post(
        _url(home, "handover_add"),
        {
            "card": card.pk,
            "to_member": other.pk,
            "until": str(today - timedelta(days=1)),
            "aspiration": item.pk,
        },
    )
    assert r.status_code == 400 and "Choose a day after today" in r.content.decode()
    r = client.post(
        _url(home, "handover_add"),
        {
            "card": card.pk,
            "to_member": other.pk,
            "until": str(today + timedelta(days=10)),
            "aspiration": item.pk,
        },
        follow=True,
    )
    assert "is proposed with" in r.content.decode()
    handover = Handover.objects.get()
    card.refresh_from_db()
    assert card.locked_to == other and handover.status == Handover.Status.PROPOSED
    deal = _accept_open(home)
    assert deal.cards.get(card=card).owner == other
    # The handover follows its deal as soon as everyone says yes: nothing is left to catch up.
    handover.refresh_from_db()
    assert handover.status == Handover.Status.RUNNING
    assert not selectors.catch_up_due(household=home.household)
    # Its date comes: every page says so, and changes nothing until someone asks.
    Handover.objects.filter(pk=handover.pk).update(until=today)
    page = home.owner_client.get(_url(home, "week")).content.decode()
    assert f"handover of {card.name} to {other.display_name} ends today" in page
    assert "Bring the deal up to date" in page
    handover.refresh_from_db()
    assert handover.status == Handover.Status.RUNNING
    # Asked: the lock goes back and a deal giving the card back is proposed.
    r = home.owner_client.post(_url(home, "catch_up"), {"next": _url(home, "week")}, follow=True)
    assert r.redirect_chain[-1][0] == _url(home, "week")
    page = r.content.decode()
    assert "a deal giving it back to" in page and "Bring the deal up to date" not in page
    handover.refresh_from_db()
    card.refresh_from_db()
    assert handover.status == Handover.Status.ENDED and card.locked_to is None
    restore = handover.restore_deal
    assert restore.status == Deal.Status.PROPOSED and restore.cards.get(card=card).owner == holder
    assert not restore.cards.get(card=card).locked


def test_on_its_last_day_a_handover_and_a_life_change_say_they_end_today(
    rated_and_dealt: Home,
) -> None:
    """The day a handover or a life change ends reads "ends today" on every page that shows
    it, and in the notice: not "ended", not just its date."""
    import html

    home = rated_and_dealt
    active = Deal.objects.get(status=Deal.Status.ACTIVE)
    row = active.cards.exclude(owner=None).select_related("card", "owner").first()
    card, holder = row.card, row.owner
    other = home.partner if holder == home.owner else home.owner
    today = home.household.today()
    item = services.aspiration_create(member=holder, title="Exams", kind="education")
    services.aspiration_share(member=holder, aspiration=item)
    services.handover_propose(
        member=holder, card=card, to_member=other, until=today + timedelta(7), aspiration=item
    )
    _accept_open(home)
    event = services.life_event_apply(member=home.owner, key="new-pet", until=today + timedelta(3))
    _accept_open(home)
    before = home.owner_client.get(_url(home, "grow")).content.decode()
    assert "ends today" not in before
    Handover.objects.update(until=today)
    LifeEvent.objects.update(until=today)
    household_changed(household_id=home.household.pk)
    for client in (home.owner_client, home.partner_client):
        grow = html.unescape(client.get(_url(home, "grow")).content.decode())
        assert f"{other.display_name} (ends today), then back to {holder.display_name}." in grow
        assert f"handover of {card.name} to {other.display_name} ends today." in grow
        assert "The life change “A new pet” ends today." in grow
        assert "ended" not in grow
        pages = {
            "life_events": ", ends today ·",
            "life_event": ", ends today.</p>",
            "aspiration": f"{other.display_name} takes {card.name} (ends today)",
        }
        for page, said in pages.items():
            args = {"life_event": [event.pk], "aspiration": [item.pk]}.get(page, [])
            assert said in html.unescape(client.get(_url(home, page, *args)).content.decode())
    german = html.unescape(
        home.owner_client.get(_url(home, "grow"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    )
    assert "(endet heute), dann zurück an" in german
    assert "Die Lebensveränderung „Ein neues Haustier“ endet heute." in german
    assert "ends today" not in german and "endete" not in german
    for url in (_url(home, "life_events"), _url(home, "life_event", event.pk)):
        assert home.outsider_client.get(url).status_code == 404


def test_the_catch_up_notice_is_kept_per_revision_and_follows_a_change(
    rated_and_dealt: Home, keeping: None
) -> None:
    """Every page asks whether something must be brought up to date; the answer is kept per
    household revision, day and language, so a change shows on the next page."""
    home = rated_and_dealt
    r = home.owner_client.post(
        _url(home, "life_events"),
        {
            "key": "illness",
            "concerns": home.partner.pk,
            "capacity": "0.25",
            "until": str(home.household.today() + timedelta(days=14)),
        },
    )
    assert r.status_code == 302, r.content.decode()[-3000:]
    _accept_open(home)
    assert "ends today" not in home.owner_client.get(_url(home, "week")).content.decode()
    # Its date comes through a change that moves the revision (as a form or the worker does).
    LifeEvent.objects.update(until=home.household.today())
    assert "ends today" not in home.owner_client.get(_url(home, "week")).content.decode()
    household_changed(household_id=home.household.pk)
    assert "ends today" in home.owner_client.get(_url(home, "week")).content.decode()
    german = home.owner_client.get(_url(home, "week"), HTTP_ACCEPT_LANGUAGE="de")
    assert "ends today" not in german.content.decode()
    assert "endet heute" in german.content.decode()


# --- life changes ---------------------------------------------------------------------------


def test_a_new_baby_adds_cards_and_proposes_a_fewest_moves_redeal(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    before = Card.objects.filter(household=home.household).count()
    r = home.owner_client.post(_url(home, "life_events"), {"key": "new-baby"}, follow=True)
    assert r.status_code == 200, r.content.decode()[-3000:]
    event = LifeEvent.objects.get()
    assert event.status == LifeEvent.Status.PROPOSED and event.deal.status == Deal.Status.PROPOSED
    assert Card.objects.filter(household=home.household).count() > before
    page = r.content.decode()
    assert event.summary and event.summary.split(";")[0] in page
    # Both accept the re-deal through the normal flow; then the change is in force.
    deal = _accept_open(home)
    assert deal.status == Deal.Status.ACTIVE
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ACTIVE


def test_a_temporary_illness_ends_and_restores(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    active = Deal.objects.get(status=Deal.Status.ACTIVE)
    owners = {dc.card_id: dc.owner_id for dc in active.cards.all()}
    until = home.household.today() + timedelta(days=14)
    r = home.owner_client.post(
        _url(home, "life_events"),
        {"key": "illness", "concerns": home.partner.pk, "capacity": "0.25", "until": str(until)},
    )
    assert r.status_code == 302, r.content.decode()[-3000:]
    home.partner.refresh_from_db()
    assert home.partner.capacity == Decimal("0.25")
    _accept_open(home)
    event = LifeEvent.objects.get()
    LifeEvent.objects.filter(pk=event.pk).update(until=home.household.today())
    page = home.partner_client.get(_url(home, "deal")).content.decode()
    assert f"The life change “{event.title}” ends today." in page
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ACTIVE
    r = home.partner_client.post(_url(home, "catch_up"), {"next": "https://elsewhere.example/"})
    assert r.status_code == 302 and r.url == _url(home, "grow")  # never off the site
    event.refresh_from_db()
    home.partner.refresh_from_db()
    assert event.status == LifeEvent.Status.ENDED and home.partner.capacity == 1
    restore = event.restore_deal
    assert restore is not None and restore.status == Deal.Status.PROPOSED
    assert {dc.card_id: dc.owner_id for dc in restore.cards.all()} == owners


def test_a_life_change_says_when_its_redeal_was_replaced_or_withdrawn(
    rated_and_dealt: Home,
) -> None:
    import html

    from evenly.deals.services import deal_withdraw_open

    home = rated_and_dealt
    event = services.life_event_apply(member=home.owner, key="new-pet")
    url = _url(home, "life_event", event.pk)
    page = html.unescape(home.partner_client.get(url).content.decode())
    assert "the re-deal waits for everyone's yes" in page
    # Someone proposes another deal before everyone said yes to the re-deal.
    assert home.partner_client.post(_url(home, "deal_propose")).status_code == 302
    current = Deal.objects.get(household=home.household, status=Deal.Status.PROPOSED)
    for client in (home.owner_client, home.partner_client):
        page = html.unescape(client.get(url).content.decode())
        assert "their re-deal was replaced by another proposal" in page
        assert f"Deal v{event.deal.version} was replaced by another proposal" in page
        assert f'<a href="{_url(home, "deal_version", current.version)}">' in page
        assert "waits for everyone's yes" not in page and "accept it" not in page
    german = html.unescape(home.owner_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert "durch einen anderen Vorschlag ersetzt" in german
    assert f'Jetzt gilt <a href="{_url(home, "deal_version", current.version)}">' in german
    # Withdrawn with nothing newer (as when a member leaves): it says so.
    other = services.life_event_apply(member=home.owner, key="new-pet")
    deal_withdraw_open(household=home.household, actor=home.owner)
    other_url = _url(home, "life_event", other.pk)
    page = html.unescape(home.owner_client.get(other_url).content.decode())
    assert "their re-deal was withdrawn" in page
    assert f"Deal v{other.deal.version} was withdrawn before everyone said yes" in page
    assert "waits for everyone's yes" not in page
    german = html.unescape(
        home.owner_client.get(other_url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    )
    assert "wurde zurückgezogen, bevor alle zugestimmt hatten" in german
    assert home.outsider_client.get(other_url).status_code == 404


def test_a_life_change_is_in_force_once_the_deal_that_replaced_its_redeal_is(
    rated_and_dealt: Home,
) -> None:
    import html

    from evenly.deals.services import deal_withdraw_open

    home = rated_and_dealt
    event = services.life_event_apply(member=home.owner, key="new-pet")
    assert home.partner_client.post(_url(home, "deal_propose")).status_code == 302
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.PROPOSED  # replaced, but nothing said yes yet
    _accept_open(home)
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ACTIVE
    for page_url in (_url(home, "life_event", event.pk), _url(home, "grow")):
        page = html.unescape(home.owner_client.get(page_url).content.decode())
        assert "Waiting for everyone's yes" not in page and "was replaced" not in page
        assert "In force" in page
    assert not selectors.catch_up_due(household=home.household)
    # Withdrawn with nothing newer stays waiting; a deal proposed and accepted later settles it.
    other = services.life_event_apply(member=home.owner, key="new-pet")
    deal_withdraw_open(household=home.household, actor=home.owner)
    other.refresh_from_db()
    assert other.status == LifeEvent.Status.PROPOSED
    assert home.owner_client.post(_url(home, "deal_propose")).status_code == 302
    _accept_open(home)
    other.refresh_from_db()
    assert other.status == LifeEvent.Status.ACTIVE


def test_life_event_validation(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    url = _url(home, "life_events")
    r = home.owner_client.post(url, {"key": "new-job"})  # who, and the new hours, are needed
    assert r.status_code == 400
    r = home.owner_client.post(url, {"key": "space-travel"})
    assert r.status_code == 400
    r = home.owner_client.post(url, {"key": "illness", "concerns": home.outsider.pk})
    assert r.status_code == 400
    assert not LifeEvent.objects.exists()
    assert not Deal.objects.filter(status=Deal.Status.PROPOSED).exists()


def test_ending_a_life_change_early_asks_first(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    event = services.life_event_apply(member=home.owner, key="new-pet")
    added = event.change["added"]
    assert added
    page = home.partner_client.get(_url(home, "life_event_end", event.pk)).content.decode()
    assert "End it" in page
    assert Card.objects.filter(pk__in=added).count() == len(added)
    home.partner_client.post(_url(home, "life_event_end", event.pk))
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ENDED
    assert not Card.objects.filter(pk__in=added).exists()


def test_a_card_shared_in_turns_is_not_handed_over(rated_and_dealt: Home) -> None:
    from evenly.cards.services import card_owner_rule_set

    home = rated_and_dealt
    card = Card.objects.filter(household=home.household).first()
    card_owner_rule_set(card=card, locked_to=None, rotation=[home.owner, home.partner])
    r = home.owner_client.post(
        _url(home, "handover_add"),
        {
            "card": card.pk,
            "to_member": home.owner.pk,
            "until": str(home.household.today() + timedelta(days=5)),
        },
        follow=True,
    )
    assert "shared in turns" in r.content.decode()
    assert not Handover.objects.exists()
    assert set(card.rotation.all()) == {home.owner, home.partner}


def test_a_handover_replaced_by_another_proposal_is_cancelled_at_once(
    rated_and_dealt: Home,
) -> None:
    """No page has to be opened (and no GET writes) for a handover to follow its deal."""
    home = rated_and_dealt
    active = Deal.objects.get(status=Deal.Status.ACTIVE)
    row = active.cards.exclude(owner=None).select_related("card", "owner").first()
    card, holder = row.card, row.owner
    other = home.partner if holder == home.owner else home.owner
    handover = services.handover_propose(
        member=holder, card=card, to_member=other, until=home.household.today() + timedelta(7)
    )
    card.refresh_from_db()
    assert card.locked_to == other
    # Someone proposes another deal before everyone accepted the handover's.
    r = home.owner_client.post(_url(home, "deal_propose"))
    assert r.status_code == 302
    handover.refresh_from_db()
    card.refresh_from_db()
    assert handover.status == Handover.Status.CANCELLED and card.locked_to is None
    assert not selectors.catch_up_due(household=home.household)


def test_the_catch_up_writes_only_what_is_due(rated_and_dealt: Home) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home = rated_and_dealt
    services.life_event_apply(
        member=home.owner, key="new-pet", until=home.household.today() + timedelta(3)
    )
    _accept_open(home)
    assert not selectors.catch_up_due(household=home.household)
    with CaptureQueriesContext(connection) as queries:
        assert services.growth_catch_up(household=home.household) == []
    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    LifeEvent.objects.update(until=home.household.today())
    assert [d.sentence for d in selectors.catch_up_due(household=home.household)] == [
        "The life change “A new pet” ends today."
    ]
    assert len(services.growth_catch_up(household=home.household)) == 1
    assert not selectors.catch_up_due(household=home.household)
