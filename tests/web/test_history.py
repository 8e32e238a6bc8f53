"""Household → History: each change is recorded by the service that makes it, nothing private
is ever kept, and the page is for members only."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evenly.households.history import history_record
from evenly.households.models import HouseholdEvent

Kind = HouseholdEvent.Kind


def _kinds(household) -> list[str]:  # type: ignore[no-untyped-def]
    return list(HouseholdEvent.objects.filter(household=household).values_list("kind", flat=True))


def _rate_all(home) -> None:  # type: ignore[no-untyped-def]
    from evenly.cards.services import rating_set

    for member in (home.owner, home.partner):
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")


def _card(home, name: str = "Laundry"):  # type: ignore[no-untyped-def]
    return home.household.cards.get(name=name)


def _edit(home, card, actor, **changes):  # type: ignore[no-untyped-def]
    from evenly.cards.services import card_save

    fields = {
        f: getattr(card, f)
        for f in ("name", "category", "cadence", "minutes", "mental_minutes", "standard")
    }
    return card_save(household=home.household, card=card, actor=actor, **{**fields, **changes})


def _every_kind(home) -> None:  # type: ignore[no-untyped-def]
    """Drive every recorded kind through its own service."""
    from evenly.cards.services import card_delete, card_owner_rule_set, cards_add_from_catalog
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.services import (
        household_personal_time_set,
        household_update,
        invitation_create,
        invitation_revoke,
        member_leave,
        member_update,
    )

    h, robin, sam = home.household, home.owner, home.partner
    household_update(
        household=h,
        actor=robin,
        name="Robin and Sam",
        time_zone=h.time_zone,
        fairness="total-work",
        tolerance_minutes=h.tolerance_minutes,
        drift_weeks=h.drift_weeks,
    )
    household_personal_time_set(household=h, count=True, actor=sam)
    revoked = invitation_create(household=h, member=robin).invitation
    invitation_revoke(invitation=revoked, actor=robin)
    _edit(home, _card(home), robin, minutes=Decimal(45))
    card_owner_rule_set(card=_card(home), locked_to=sam, rotation=[], actor=robin)
    card_owner_rule_set(card=_card(home), locked_to=None, rotation=[robin, sam], actor=sam)
    card_owner_rule_set(card=_card(home), locked_to=None, rotation=[], actor=sam)
    card_delete(card=_card(home, "Bins out"), actor=sam)
    cards_add_from_catalog(household=h, keys=[], actor=robin)
    _rate_all(home)
    first = deal_propose(household=h, member=robin)
    second = deal_propose(household=h, member=sam)  # withdraws the first
    assert first.pk != second.pk
    deal_accept(deal=second, member=robin)
    deal_accept(deal=second, member=sam)
    invitation_create(household=h, member=robin)
    member_update(
        member=sam,
        display_name="Sammy",
        paid_hours=Decimal("37.5"),
        personal_time_goal_minutes=0,
        share=Decimal("0.4"),
    )
    _hand_over_and_change_life(home, actor=robin)
    member_leave(member=sam)


def _hand_over_and_change_life(home, *, actor):  # type: ignore[no-untyped-def]
    """A handover proposed and cancelled, a new job's life change made and ended."""
    from evenly.growth.services import (
        handover_end_now,
        handover_propose,
        life_event_apply,
        life_event_end,
    )

    h = home.household
    card = _card(home, "Laundry")
    until = h.today() + timedelta(days=7)
    members = list(h.members.current().order_by("pk"))
    for to in members:  # to whoever does not hold it now
        try:
            handover = handover_propose(member=actor, card=card, to_member=to, until=until)
            break
        except ValidationError:
            continue
    handover_end_now(member=actor, handover=handover)
    event = life_event_apply(member=actor, key="new-job", concerns=actor, paid_hours=Decimal("30"))
    life_event_end(member=actor, event=event)
    return handover, event


def test_each_kind_is_recorded_by_its_service(home) -> None:  # type: ignore[no-untyped-def]
    _every_kind(home)
    assert set(_kinds(home.household)) == set(Kind.values)
    events = {e.kind: e for e in HouseholdEvent.objects.filter(household=home.household)}
    fairness = events[Kind.FAIRNESS_CHANGED]
    assert fairness.actor_name == "Robin"
    assert fairness.detail["changes"][0]["old"] == "equal household time"
    assert events[Kind.SETTINGS_CHANGED].actor_name in {"Robin", "Sam"}
    edited = events[Kind.CARD_EDITED]
    assert edited.subject == "Laundry"
    assert edited.detail == {"changes": [{"field": "minutes", "old": "60", "new": "45"}]}
    assert events[Kind.DEAL_ACCEPTED].subject == "version 2"
    assert events[Kind.DEAL_ACTIVE].subject == "version 2"
    withdrawn = events[Kind.DEAL_WITHDRAWN]
    assert (withdrawn.subject, withdrawn.actor_name) == ("version 1", "Sam")
    assert events[Kind.MEMBER_LEFT].actor_name == "Sammy"
    renamed = events[Kind.MEMBER_RENAMED]
    assert renamed.detail == {"changes": [{"field": "display_name", "old": "Sam", "new": "Sammy"}]}
    paid = events[Kind.PAID_HOURS_CHANGED]
    assert (paid.subject, paid.detail["changes"][0]["new"]) == ("Sammy", "37.5")
    assert events[Kind.SHARE_CHANGED].detail["changes"][0] == {
        "field": "share",
        "old": "",
        "new": "0.4",
    }


def test_name_paid_hours_and_share_changes_show_on_the_history_page(home) -> None:  # type: ignore[no-untyped-def]
    """Renaming oneself, one's paid hours and one's share each show in the household's words,
    in English and German, to every member and to nobody else."""
    import html

    url = reverse("household_history", args=[home.household.pk])
    r = home.partner_client.post(
        reverse("member_update", args=[home.household.pk]),
        {
            "me-display_name": "Sammy",
            "me-paid_hours": "20",
            "me-personal_time_goal_minutes": "0",
            "me-share": "0.5",
        },
    )
    assert r.status_code == 302
    for client in (home.owner_client, home.partner_client):
        page = html.unescape(client.get(url).content.decode())
        assert "Sam is now called Sammy" in page
        assert "Sammy changed Sammy's paid work from 0 to 20 hours a week" in page
        assert "Sammy changed Sammy's share from not set to 0.5" in page
        german = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
        assert "Sam heißt jetzt Sammy" in german
        assert "Sammy hat die bezahlte Arbeit von Sammy von 0 auf 20 Stunden pro Woche" in german
        assert "Sammy hat den Anteil von Sammy von nicht festgelegt auf 0.5 geändert" in german
        assert ">Mitglied umbenannt</option>" in german
    assert home.outsider_client.get(url).status_code == 404
    # Saving the same details again records nothing new.
    before = HouseholdEvent.objects.count()
    home.partner_client.post(
        reverse("member_update", args=[home.household.pk]),
        {
            "me-display_name": "Sammy",
            "me-paid_hours": "20.00",
            "me-personal_time_goal_minutes": "30",
            "me-share": "0.50",
        },
    )
    assert HouseholdEvent.objects.count() == before


def test_handovers_and_life_changes_show_on_the_history_page(rated_and_dealt) -> None:  # type: ignore[no-untyped-def]
    """A handover and a life change, made, cancelled, ended early or by their date, each read
    as a sentence in English and German (a life change's title in the reader's language), with
    the paid hours a life change sets and puts back."""
    import html

    from evenly.deals.services import deal_accept, deal_propose
    from evenly.growth.services import growth_catch_up, handover_propose, life_event_apply

    home = rated_and_dealt
    h, robin, sam = home.household, home.owner, home.partner
    cancelled, _event = _hand_over_and_change_life(home, actor=robin)
    # Another handover and a life change that end by their date.
    until = h.today() + timedelta(days=3)
    card = cancelled.card
    handover_propose(member=robin, card=card, to_member=cancelled.to_member, until=until)
    deal_propose(household=h, member=sam)  # replaces the handover's deal before any yes
    running = handover_propose(member=sam, card=card, to_member=cancelled.to_member, until=until)
    assert running.deal is not None
    for member in (robin, sam):
        deal_accept(deal=running.deal, member=member)
    dated = life_event_apply(
        member=sam, key="new-job", concerns=sam, paid_hours=Decimal("12"), until=until
    )
    type(running).objects.filter(pk=running.pk).update(until=h.today())
    type(dated).objects.filter(pk=dated.pk).update(until=h.today())
    growth_catch_up(household=h)
    url = reverse("household_history", args=[h.pk])
    on = f"{until.day} {until.strftime('%B')} {until.year}"
    to = cancelled.to_member.display_name
    for client in (home.owner_client, home.partner_client):
        page = html.unescape(client.get(url).content.decode())
        assert "Robin cancelled the handover of Laundry" in page
        # Once: a member's own cancelling is not also read as a replaced deal.
        assert page.count("was called off: another proposal replaced its deal") == 1
        # Newest first: what a life change changed reads above the change itself.
        made = page.index("Robin made the life change “A new job”")
        assert made > page.index("Robin changed Robin's paid work from 0 to 30 hours a week")
        assert f"Sam handed Laundry to {to} until {on}" in page
        assert "The handover of Laundry came to its end" in page
        assert "Robin made the life change “A new job”" in page
        assert "Robin ended the life change “A new job”" in page
        assert "Sam made the life change “A new job”" in page
        assert "The life change “A new job” came to its end" in page
        assert "Robin changed Robin's paid work from 0 to 30 hours a week" in page
        assert "Robin changed Robin's paid work from 30 to 0 hours a week" in page
        assert "Evenly changed Sam's paid work from 12 to 0 hours a week" in page
        german = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
        assert "Robin hat die Übergabe von Laundry abgesagt" in german
        assert "Die Übergabe von Laundry fällt aus: Ein anderer Vorschlag" in german
        assert "Die Übergabe von Laundry ist zu Ende gegangen" in german
        assert "Robin hat die Lebensveränderung „" in german and "A new job" not in german
        assert "ist zu Ende gegangen" in german
    assert home.outsider_client.get(url).status_code == 404
    kinds = set(_kinds(h))
    assert {Kind.HANDOVER_STARTED, Kind.HANDOVER_ENDED} <= kinds
    assert {Kind.LIFE_CHANGE_STARTED, Kind.LIFE_CHANGE_ENDED} <= kinds


def test_catalog_cards_are_recorded_as_added(home) -> None:  # type: ignore[no-untyped-def]
    from evenly.cards.services import cards_add_from_catalog
    from evenly.core.catalog import load_catalog

    key = next(k for k, c in load_catalog().items() if c.name not in {"Laundry"})
    before = HouseholdEvent.objects.filter(kind=Kind.CARD_ADDED).count()
    added = cards_add_from_catalog(household=home.household, keys=[key], actor=home.partner)
    event = HouseholdEvent.objects.filter(kind=Kind.CARD_ADDED).first()
    assert HouseholdEvent.objects.filter(kind=Kind.CARD_ADDED).count() == before + len(added)
    assert event is not None and event.subject == added[0].name and event.actor_name == "Sam"


def test_an_unchanged_save_records_nothing(home) -> None:  # type: ignore[no-untyped-def]
    count = HouseholdEvent.objects.count()
    _edit(home, _card(home), home.owner)
    from evenly.cards.services import card_owner_rule_set

    card_owner_rule_set(card=_card(home), locked_to=None, rotation=[], actor=home.owner)
    assert HouseholdEvent.objects.count() == count


def test_failed_services_record_nothing(home) -> None:  # type: ignore[no-untyped-def]
    from evenly.cards.services import card_owner_rule_set
    from evenly.deals.services import deal_propose
    from evenly.households.services import (
        household_update,
        invitation_accept,
        invitation_create,
    )

    h = home.household
    count = HouseholdEvent.objects.count()
    with pytest.raises(ValidationError):
        _edit(home, _card(home), home.owner, minutes=Decimal(30), cadence="now and then-ish")
    with pytest.raises(ValidationError):
        household_update(
            household=h,
            actor=home.owner,
            name="New name",
            time_zone="Mars/Olympus",
            fairness="total-work",
            tolerance_minutes=30,
        )
    with pytest.raises(ValidationError):  # nobody has rated yet
        deal_propose(household=h, member=home.owner)
    with pytest.raises(ValidationError):
        card_owner_rule_set(card=_card(home), locked_to=home.outsider, rotation=[])
    token = invitation_create(household=h, member=home.owner).token
    count += 1  # the invitation itself
    with pytest.raises(ValidationError):
        invitation_accept(token=token, user=home.outsider.user, display_name="sam")
    assert HouseholdEvent.objects.count() == count
    h.refresh_from_db()
    assert h.name == "Robin & Sam"


def test_no_private_text_is_ever_recorded(home) -> None:  # type: ignore[no-untyped-def]
    from evenly.accounts.services import account_delete
    from evenly.cards.services import rating_set
    from evenly.checkins.services import checkin_start, item_add

    marker = "PRIVATE-MARKER-7731"
    for card in home.household.cards.all():
        rating_set(member=home.owner, card=card, preference="hate", standard=f"{marker} rating")
    checkin = checkin_start(member=home.partner)
    item_add(member=home.partner, checkin=checkin, kind="went_well", text=f"{marker} item")
    _every_kind(home)  # Sam leaves at the end, after a deal whose reasons quote ratings
    rows = list(HouseholdEvent.objects.values("actor_name", "subject", "detail", "kind"))
    assert len(rows) > 15
    assert marker not in json.dumps(rows, default=str)
    page = home.owner_client.get(reverse("household_history", args=[home.household.pk]))
    assert marker not in page.content.decode()
    account_delete(user=home.owner.user)  # the last member: the household and its history go
    assert not HouseholdEvent.objects.filter(household_id=home.household.pk).exists()


def test_a_deleted_account_keeps_only_its_name(home) -> None:  # type: ignore[no-untyped-def]
    from evenly.accounts.services import account_delete

    history_record(household=home.household, actor=home.partner, kind=Kind.CARD_ADDED, subject="X")
    account_delete(user=home.partner.user)
    events = HouseholdEvent.objects.filter(household=home.household, actor_name="Sam")
    assert {e.kind for e in events} >= {Kind.MEMBER_JOINED, Kind.MEMBER_LEFT, Kind.CARD_ADDED}
    for event in events:
        assert event.actor is None or event.actor.user_id is None


def test_page_reads_in_plain_words_by_day(home) -> None:  # type: ignore[no-untyped-def]
    _every_kind(home)
    url = reverse("household_history", args=[home.household.pk])
    r = home.owner_client.get(url)
    assert r.status_code == 200
    text = r.content.decode()
    for sentence in [
        "Sam accepted deal version 2",
        "Robin changed the fairness rule from equal household time to equal total work",
        "Robin edited Laundry: minutes 60 → 45",
        "Robin locked Laundry to Sam",
        "Sam removed Bins out",
        "Robin revoked an invitation link",
        "Sam joined the household",
        "Sam is now called Sammy",
        "Sammy left the household",
    ]:
        assert sentence in text, sentence
    today = timezone.localtime(timezone.now(), home.household.zone)
    assert today.strftime("%A") in text
    members = home.owner_client.get(reverse("members", args=[home.household.pk]))
    assert url in members.content.decode()


def test_page_groups_days_in_the_household_time_zone(home) -> None:  # type: ignore[no-untyped-def]
    from evenly.households.services import household_update

    h = home.household
    household_update(
        household=h,
        name=h.name,
        time_zone="Pacific/Auckland",
        fairness=h.fairness,
        tolerance_minutes=h.tolerance_minutes,
        drift_weeks=h.drift_weeks,
    )
    HouseholdEvent.objects.filter(household=h).update(at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    r = home.owner_client.get(reverse("household_history", args=[h.pk]))
    text = r.content.decode()
    assert "Monday 2 March 2026" in text  # 23:30 UTC is already the next morning in Auckland
    assert "Sunday 1 March 2026" not in text


def test_filter_by_kind(home) -> None:  # type: ignore[no-untyped-def]
    url = reverse("household_history", args=[home.household.pk])
    r = home.owner_client.get(url, {"kind": Kind.MEMBER_JOINED})
    text = r.content.decode()
    assert "Sam joined the household" in text and "Robin added Laundry" not in text
    assert "Robin added Laundry" not in text
    r = home.owner_client.get(url, {"kind": Kind.DEAL_ACTIVE})
    assert "Nothing of this kind yet" in r.content.decode()
    r = home.owner_client.get(url, {"kind": "<script>", "page": "lots"})
    assert r.status_code == 200 and "Sam joined the household" in r.content.decode()


def test_empty_state(home) -> None:  # type: ignore[no-untyped-def]
    HouseholdEvent.objects.filter(household=home.household).delete()
    r = home.owner_client.get(reverse("household_history", args=[home.household.pk]))
    assert "Nothing has happened yet" in r.content.decode()


def test_only_members_see_it(home) -> None:  # type: ignore[no-untyped-def]
    from evenly.households.services import member_leave

    url = reverse("household_history", args=[home.household.pk])
    assert home.outsider_client.get(url).status_code == 404
    assert home.owner_client.post(url).status_code == 405
    assert home.anon_client.get(url).status_code == 302
    member_leave(member=home.partner)
    assert home.partner_client.get(url).status_code == 404


def _many(home, n: int) -> None:  # type: ignore[no-untyped-def]
    start = timezone.now() - timedelta(days=n)
    HouseholdEvent.objects.bulk_create(
        HouseholdEvent(
            household=home.household,
            at=start + timedelta(hours=i * 7),
            actor=home.owner,
            actor_name="Robin",
            kind=Kind.CARD_EDITED,
            subject=f"Card {i:03d}",
            detail={"changes": [{"field": "minutes", "old": "30", "new": str(31 + i)}]},
        )
        for i in range(n)
    )


def test_pagination_fifty_a_page(home) -> None:  # type: ignore[no-untyped-def]
    HouseholdEvent.objects.filter(household=home.household).delete()
    _many(home, 120)
    url = reverse("household_history", args=[home.household.pk])
    first = home.owner_client.get(url).content.decode()
    assert first.count("Robin edited Card") == 50
    assert "Card 119" in first and "Card 069" not in first
    assert "Older →" in first and "← Newer" not in first and "Page 1 of 3" in first
    last = home.owner_client.get(url, {"page": 3}).content.decode()
    assert last.count("Robin edited Card") == 20 and "Card 000" in last
    assert "← Newer" in last and "Older →" not in last


def test_query_count_does_not_grow_with_events(home) -> None:  # type: ignore[no-untyped-def]
    url = reverse("household_history", args=[home.household.pk])

    def queries(n: int) -> int:
        HouseholdEvent.objects.filter(household=home.household).delete()
        _many(home, n)
        home.owner_client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as ctx:
            assert home.owner_client.get(url).status_code == 200
        return len(ctx)

    assert queries(10) == queries(100)


def test_the_history_page_says_every_kind_in_german(home) -> None:  # type: ignore[no-untyped-def]
    """Each kind the page can show (the filter's choices, and its heading when chosen) has German,
    and the page is the household's Verlauf, not Django admin's "Geschichte"."""
    import html
    import re

    from django.utils import translation

    url = reverse("household_history", args=[home.household.pk])
    page = html.unescape(home.owner_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert "<h1>Verlauf</h1>" in page and "Geschichte" not in page
    options = dict(re.findall(r'<option value="([a-z_]+)"[^>]*>([^<]+)</option>', page))
    assert set(options) == set(Kind.values)
    with translation.override("en"):
        english = [label for value, label in options.items() if label == str(Kind(value).label)]
    assert not english, english
    with translation.override("de"):
        assert Kind.CARD_HOLDER_CHANGED.label == "Zuteilung einer Karte geändert"
    chosen = home.owner_client.get(url, {"kind": Kind.DEAL_WITHDRAWN}, HTTP_ACCEPT_LANGUAGE="de")
    assert "Abmachung zurückgezogen, neueste zuerst" in html.unescape(chosen.content.decode())
