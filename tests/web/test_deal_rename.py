"""A member who changes their display name after a deal is made keeps their cards and minutes
under the new name, on the deal page and on every page that reads the deal's own figures (the
balance's plan, a proposal's week check, the lens, the API, the household's export), the deal's
reasons say the new name, a life change gives their cards back, and a name someone had before
is never taken for whoever has it now. Another household's deals are not touched."""

from __future__ import annotations

import importlib
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from evenly.accounts.services import account_create, account_delete
from evenly.accounts.tokens import token_create
from evenly.calendars.models import Feed
from evenly.calendars.services import feed_create
from evenly.cards.services import card_owner_rule_set, card_save, rating_set
from evenly.checkins import services as checkins
from evenly.checkins.lens import lens_answer
from evenly.checkins.models import Item
from evenly.deals import migrations as deals_migrations
from evenly.deals.models import Deal
from evenly.deals.selectors import deal_active, deal_open, deal_week_fit
from evenly.deals.services import deal_accept, deal_propose, deal_solve_start
from evenly.growth.services import life_event_apply, life_event_end
from evenly.households.models import Member
from evenly.households.services import invitation_accept, invitation_create, member_leave
from evenly.insight.selectors import balance_figures
from evenly.transfer.selectors import household_export
from evenly.week.periods import named_period
from evenly.week.selectors import schedule
from tests.conftest import PASSWORD, Home

pytestmark = pytest.mark.django_db

# Found by name, not number: migrations may be renumbered when branches are merged.
_MIGRATION = next(
    p.stem for p in Path(deals_migrations.__file__).parent.glob("*_deal_names_follow_members.py")
)
names_follow_members = importlib.import_module(
    f"evenly.deals.migrations.{_MIGRATION}"
).names_follow_members

# A sentence the lens reads as the providers' script, so it answers with the money figures.
PROVIDER = "I always kept an emergency fund in case something happened to our family."


def _dealt_with_turns(home: Home) -> None:
    """The deal in force holds cards each member owns and the bills taken in turns by Robin and
    Sam; every current member has rated every card."""
    bills = card_save(
        household=home.household,
        card=None,
        name="Paying the bills",
        category="Money & admin",
        cadence="weekly",
        minutes=Decimal(30),
        mental_minutes=Decimal(0),
        standard="",
    )
    card_owner_rule_set(card=bills, locked_to=None, rotation=[home.owner, home.partner])
    members = list(home.household.members.current())
    for member in members:
        for card in home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")
    deal = deal_propose(household=home.household, member=home.owner)
    for member in members:
        deal_accept(deal=deal, member=member)


def _rename(client: Client, member: Member, name: str) -> Any:
    """Change the member's name as they do it, on the Household page's form (their other
    details sent as they are)."""
    member.refresh_from_db()
    return client.post(
        reverse("member_update", args=[member.household_id]),
        {
            "me-display_name": name,
            "me-paid_hours": str(member.paid_hours),
            "me-personal_time_goal_minutes": str(member.personal_time_goal_minutes),
            "me-share": "" if member.share is None else str(member.share),
        },
    )


# What the deal page shows of each member: the verdict, the figures' table, the chart's labels,
# each member's heading (cards and time a week), each card's time a week, the turns, the
# reasons.
_FIGURES = [
    r'<h2 id="verdict-h".*?</h2>',
    r"<tbody>.*?</tbody>",
    r"<text [^>]*>[^<]*</text>",
    r'<h2 id="g\d+">.*?</h2>',
    r'<span class="weekly">[^<]*</span>',
    r'<p class="reason"><span class="badge">.*?</p>',
    r'<details class="why">.*?</details>',
]


def _deal_page(client: Client, home: Home) -> list[str]:
    page = client.get(reverse("deal", args=[home.household.pk])).content.decode()
    return [m for pattern in _FIGURES for m in re.findall(pattern, page, flags=re.S)]


def _readings(home: Home) -> dict[str, Any]:
    """Everything that reads the deal in force, as each member sees it, in plain values."""
    household = home.household
    deal = deal_active(household=household)
    assert deal is not None
    api = (
        Client()
        .get(
            f"/api/v1/households/{household.pk}/deals/{deal.version}",
            HTTP_AUTHORIZATION=f"Bearer {_token(home)}",
        )
        .json()
    )
    checkin = checkins.checkin_start(member=home.owner)
    item = checkins.item_add(
        member=home.owner, checkin=checkin, kind=Item.Kind.WENT_WELL, text=PROVIDER
    )
    lens = lens_answer(item=item, household=household)
    assert lens is not None and lens.has_deal
    today = household.today()
    balance = balance_figures(
        household=household, period=named_period("4w", today), today=today
    ).balance
    assert balance is not None
    export = household_export(member=home.owner)
    names = {m["key"]: m["display_name"] for m in export["members"]}
    feed = feed_create(member=home.owner, kind=Feed.Kind.HOUSEHOLD).token
    ics = Client().get(reverse("calendar_feed", args=[feed])).content
    dues = schedule(household=household, start=today, end=today + timedelta(days=13))
    return {
        "deal page": _deal_page(home.owner_client, home),
        "api members": api["members"],
        "api cards": [
            (c["name"], c["owner"], c["rotation"], c["weekly_minutes"], c["reason"])
            for c in api["cards"]
        ],
        "api certificate": api["certificate"],
        "lens": [(s.name, s.minutes, s.percent) for s in lens.shares],
        "balance": [(m.name, m.deal) for m in balance.members],
        "week fit": [
            (f.member, f.home_minutes) for f in deal_week_fit(household=household, deal=deal)
        ],
        "export": [
            (
                d["certificate"],
                [
                    (c["name"], names.get(c["owner"]), c["rotation"], c["reason"])
                    for c in d["cards"]
                ],
            )
            for d in export["deals"]
        ],
        "calendar": sorted(str(e["SUMMARY"]) for e in Calendar.from_ical(ics).walk("VEVENT")),
        "this week": sorted((d.card.name, d.on, d.holder.display_name) for d in dues),
    }


def _token(home: Home) -> str:
    return token_create(user=home.owner.user, name="Robin's script").secret


def _renamed(value: Any, names: dict[str, str]) -> Any:
    """``value`` with every member name in it said by ``names`` (all at once, so two names may
    trade places): a name is a whole string, a dict key, or the name in "Card (Name)" or in a
    heading."""
    if isinstance(value, dict):
        return {_renamed(k, names): _renamed(v, names) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_renamed(v, names) for v in value)
    if isinstance(value, str):
        if value in names:
            return names[value]
        pattern = r"\b(" + "|".join(re.escape(n) for n in names) + r")\b"
        return re.sub(pattern, lambda m: names[m.group(1)], value)
    return value


def test_a_renamed_member_keeps_their_cards_and_minutes_on_every_page(home: Home) -> None:
    _dealt_with_turns(home)
    before = _readings(home)
    # The deal gives Sam cards of their own, time on each, and a turn on the bills.
    assert any(
        re.match(r'<h2 id="g\d+">Sam <span[^>]*>\d cards? · ', h) for h in before["deal page"]
    )
    assert "Robin 15 min, Sam 15 min" in " ".join(before["deal page"])
    assert any(name == "Sam" and minutes > 0 for name, minutes, _ in before["lens"])
    assert any(name == "Sam" and deal for name, deal in before["balance"])

    r = _rename(home.partner_client, home.partner, "Sasha")
    assert r.status_code == 302
    home.partner.refresh_from_db()
    assert home.partner.display_name == "Sasha"

    after = _readings(home)
    expected = _renamed(before, {"Sam": "Sasha"})
    expected["calendar"] = sorted(expected["calendar"])
    expected["this week"] = sorted(expected["this week"])
    for reader in before:
        assert after[reader] == expected[reader], reader
    assert "Sam" not in str(after["api certificate"])


def test_a_name_someone_had_before_is_not_taken_for_its_new_holder(home: Home) -> None:
    """Sam becomes Sasha, then Robin takes the name Sam: each keeps their own cards and
    minutes; nothing of Sasha's is shown as the new Sam's."""
    _dealt_with_turns(home)
    before = _readings(home)
    assert _rename(home.partner_client, home.partner, "Sasha").status_code == 302
    assert _rename(home.owner_client, home.owner, "Sam").status_code == 302
    after = _readings(home)
    expected = _renamed(before, {"Sam": "Sasha", "Robin": "Sam"})
    for reader in ("deal page", "api members", "api cards", "api certificate", "lens", "balance"):
        assert after[reader] == expected[reader], reader
    assert "Robin" not in str(after["api certificate"])


def test_a_member_who_left_shows_as_before_and_their_old_name_goes_to_nobody(home: Home) -> None:
    """Sam becomes Sasha and leaves; Robin then takes the name Sam. The deal page shows Sasha's
    cards and time under "Sasha (left)", as it shows anyone who left, and Robin's under Sam."""
    _dealt_with_turns(home)
    assert _rename(home.partner_client, home.partner, "Sasha").status_code == 302
    member_leave(member=home.partner)
    before = _deal_page(home.owner_client, home)
    assert any(h.startswith('<h2 id="g2">Sasha (left)') for h in before)
    assert _rename(home.owner_client, home.owner, "Sam").status_code == 302
    assert _deal_page(home.owner_client, home) == _renamed(before, {"Robin": "Sam"})


def test_the_name_of_a_member_who_left_stays_theirs(home: Home) -> None:
    """Renaming oneself to the name of someone who left is refused, and changes nothing."""
    _dealt_with_turns(home)
    member_leave(member=home.partner)
    before = _deal_page(home.owner_client, home)
    r = _rename(home.owner_client, home.owner, "sam")
    assert r.status_code == 400 and "Someone in this household has that name." in r.content.decode()
    assert Member.objects.get(pk=home.owner.pk).display_name == "Robin"
    assert _deal_page(home.owner_client, home) == before


def test_a_deal_waiting_for_the_worker_holds_its_cards_for_the_new_name(home: Home) -> None:
    _dealt_with_turns(home)
    laundry = home.household.cards.get(name="Laundry")
    solve = deal_solve_start(household=home.household, member=home.owner, pins={laundry.pk: "Sam"})
    assert _rename(home.partner_client, home.partner, "Sasha").status_code == 302
    solve.refresh_from_db()
    assert solve.pins == {str(laundry.pk): "Sasha"}


def test_a_third_member_renamed_keeps_their_share_of_a_three_way_deal(home: Home) -> None:
    kit = account_create(email="kit@example.org", password=PASSWORD, verified=True)
    invite = invitation_create(household=home.household, member=home.owner)
    third = invitation_accept(token=invite.token, user=kit, display_name="Kit")
    for card in home.household.cards.all():
        rating_set(member=third, card=card, preference="fine")
    _dealt_with_turns(home)
    client = Client()
    client.force_login(kit)
    before = _deal_page(home.owner_client, home)
    assert any(h.startswith('<h2 id="g3">Kit ') for h in before)
    assert _rename(client, third, "Kim").status_code == 302
    assert _deal_page(home.owner_client, home) == _renamed(before, {"Kit": "Kim"})


def test_deals_left_under_old_names_by_earlier_renames_are_mended(home: Home) -> None:
    """Before renames were followed, Sam became Sasha and then Robin took the name Sam: the
    migration gives each deal's figures the present names, read from the deal's own cards."""
    _dealt_with_turns(home)
    before = _readings(home)
    Member.objects.filter(pk=home.partner.pk).update(display_name="Sasha")
    Member.objects.filter(pk=home.owner.pk).update(display_name="Sam")
    names_follow_members(django_apps, None)
    after = _readings(home)
    expected = _renamed(before, {"Sam": "Sasha", "Robin": "Sam"})
    for reader in ("deal page", "api members", "api cards", "api certificate", "lens", "balance"):
        assert after[reader] == expected[reader], reader
    # Once mended, nothing is left to mend.
    kept = list(Deal.objects.values_list("pk", "certificate"))
    names_follow_members(django_apps, None)
    assert list(Deal.objects.values_list("pk", "certificate")) == kept


def test_the_mending_leaves_a_name_no_card_ties_to_a_member(home: Home) -> None:
    """A name the deal's cards do not tie to one member is left as it is, and a present name
    the certificate already holds for someone else is not taken over."""
    _dealt_with_turns(home)
    deal = deal_active(household=home.household)
    assert deal is not None
    # Kit was in the deal with no card and has left; Sam is now called Kit.
    rows = deal.certificate["members"]
    deal.certificate = {**deal.certificate, "members": {**rows, "Kit": rows["Sam"]}}
    deal.save(update_fields=["certificate"])
    Member.objects.filter(pk=home.partner.pk).update(display_name="Kit")
    names_follow_members(django_apps, None)
    deal.refresh_from_db()
    assert set(deal.certificate["members"]) == {"Robin", "Sam", "Kit"}
    assert deal.certificate["deal"]["Laundry"] in ("Robin", "Sam")


def test_deleting_the_account_after_a_rename_leaves_no_reason_about_them(home: Home) -> None:
    """Deleting an account makes every reason that speaks of the person neutral, found by their
    name: after a rename, the reasons say the name they have now, so none is missed (a reason
    naming the old name would still say how the person compares)."""
    _dealt_with_turns(home)
    deal = deal_active(household=home.household)
    assert deal is not None
    assert any("to Sam" in text for text in deal.certificate["reasons"].values())
    assert _rename(home.partner_client, home.partner, "Sasha").status_code == 302
    account_delete(user=home.partner.user)
    deal.refresh_from_db()
    said = [*deal.cards.values_list("reason", flat=True), *deal.certificate["reasons"].values()]
    assert not any("Sam" in text for text in said)
    assert {text for text in said if "Sasha" in text} == {"Sasha held this card in this deal."}


@pytest.mark.usefixtures("keeping")
def test_the_kept_deal_page_is_not_shown_after_a_rename(home: Home) -> None:
    """The deal page's cards are kept per household revision: the rename, a form sent to the
    household, moves it, so the next page shows the new name with the same minutes."""
    _dealt_with_turns(home)
    before = _deal_page(home.owner_client, home)
    assert _rename(home.partner_client, home.partner, "Sasha").status_code == 302
    assert _deal_page(home.owner_client, home) == _renamed(before, {"Sam": "Sasha"})


def test_a_life_change_ending_gives_each_member_back_their_own_cards_after_renames(
    rated_and_dealt: Home,
) -> None:
    """A life change keeps who held each card when it began, to give the cards back when it
    ends. Sam became Sasha and Robin took the name Sam meanwhile: each gets their own back."""
    home = rated_and_dealt
    active = deal_active(household=home.household)
    assert active is not None
    owners = {dc.card_id: dc.owner_id for dc in active.cards.all()}
    assert set(owners.values()) == {home.owner.pk, home.partner.pk}
    event = life_event_apply(
        member=home.owner,
        key="illness",
        concerns=home.partner,
        capacity=Decimal("0.25"),
        until=home.household.today() + timedelta(days=14),
    )
    deal = deal_open(household=home.household)
    assert deal is not None
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    assert _rename(home.partner_client, home.partner, "Sasha").status_code == 302
    assert _rename(home.owner_client, home.owner, "Sam").status_code == 302
    event = life_event_end(member=home.owner, event=event)
    restore = event.restore_deal
    assert restore is not None
    assert {dc.card_id: dc.owner_id for dc in restore.cards.all()} == owners


def test_another_households_deals_keep_their_names(home: Home) -> None:
    _dealt_with_turns(home)
    certificate = {
        "deal": {"Hoovering": "Sam"},
        "members": {"Sam": {"load_minutes": 30, "target_minutes": 30, "deviation_minutes": 0}},
        "card_minutes": {"Hoovering": {"Sam": 30}},
    }
    theirs = Deal.objects.create(
        household=home.other_household, version=1, fairness="equal", certificate=certificate
    )
    assert _rename(home.partner_client, home.partner, "Sasha").status_code == 302
    theirs.refresh_from_db()
    assert theirs.certificate == certificate
    r = home.outsider_client.get(reverse("deal", args=[home.household.pk]))
    assert r.status_code == 404
