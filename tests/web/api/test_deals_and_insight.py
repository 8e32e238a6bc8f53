"""The API's deals, balance, check-ins, personal time and Needs you say what the pages say, and
never a member's private words."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse

from evenly.cards.services import rating_set
from evenly.checkins.services import checkin_start, item_add, item_share
from evenly.deals.models import Acceptance, Deal
from evenly.deals.selectors import deal_compare
from evenly.deals.services import deal_propose
from evenly.households.models import HouseholdEvent
from evenly.week.models import LogEntry
from evenly.week.services import personal_log
from tests.web.api.conftest import Api
from tests.web.api.test_walk import PREFIX, SAMPLES, _url, _values


def _rate_all(api: Api) -> None:
    for member in (api.home.owner, api.home.partner):
        for card in api.home.household.cards.all():
            rating_set(member=member, card=card, preference="fine")


def _deals(api: Api) -> str:
    return f"{PREFIX}/households/{api.home.household.pk}/deals"


def test_saying_yes_twice_is_one_yes(api: Api) -> None:
    _rate_all(api)
    deal = deal_propose(household=api.home.household, member=api.home.owner)
    url = f"{_deals(api)}/{deal.version}/acceptance"
    first = api.call("PUT", url, api.robin)
    again = api.call("PUT", url, api.robin)
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert first.json()["accepted_by"] == [api.home.owner.pk]
    assert Acceptance.objects.filter(deal=deal).count() == 1
    yeses = HouseholdEvent.objects.filter(household=api.home.household, kind="deal_accepted")
    assert yeses.count() == 1

    # Sam's yes puts it in force; Sam's retry is answered the same, and nothing changes.
    from evenly.accounts.tokens import token_create

    sam = token_create(user=api.home.partner.user, name="Sam's script", can_write=True).secret
    assert api.call("PUT", url, sam).json()["status"] == "active"
    retry = api.call("PUT", url, sam)
    assert retry.status_code == 200 and retry.json()["status"] == "active"
    assert Acceptance.objects.filter(deal=deal).count() == 2
    assert yeses.count() == 2


def test_a_refused_proposal_is_a_problem_and_writes_nothing(api: Api) -> None:
    r = api.call("POST", _deals(api), api.robin)  # nobody has rated yet
    assert r.status_code == 422
    assert r["Content-Type"] == "application/problem+json"
    body = r.json()
    assert body["errors"][0]["field"] is None
    assert "Everyone rates every card first" in body["errors"][0]["message"]
    assert not Deal.objects.filter(household=api.home.household).exists()


def test_a_proposal_with_its_reasons_in_the_readers_language(api: Api) -> None:
    _rate_all(api)
    r = api.call("POST", _deals(api), api.robin)
    assert r.status_code == 201, r.content
    proposed = r.json()
    assert proposed["version"] == 1 and proposed["status"] == "proposed"
    assert {c["name"] for c in proposed["cards"]} == set(
        api.home.household.cards.values_list("name", flat=True)
    )
    assert all(c["reason"] for c in proposed["cards"])
    assert "max_deviation_minutes" in proposed["certificate"]

    # The deal page says the same reasons; in German, both say them in German.
    english = {c["name"]: c["reason"] for c in proposed["cards"]}
    page = api.home.owner_client.get(reverse("deal", args=[api.home.household.pk]))
    html = page.content.decode()
    from django.utils.html import escape

    assert all(escape(reason) in html for reason in english.values())
    german = api.home.owner_client.get(
        f"{_deals(api)}/1", HTTP_ACCEPT_LANGUAGE="de", HTTP_AUTHORIZATION=f"Bearer {api.robin}"
    ).json()
    assert {c["name"]: c["reason"] for c in german["cards"]} != english


def test_a_proposal_sent_again_with_its_key_is_proposed_once(api: Api) -> None:
    _rate_all(api)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api.robin}", "HTTP_IDEMPOTENCY_KEY": "propose-1"}
    client = api.home.anon_client
    first = client.post(_deals(api), **headers)
    again = client.post(_deals(api), **headers)
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert first.json()["version"] == again.json()["version"] == 1
    assert Deal.objects.filter(household=api.home.household).count() == 1


def test_compare_says_what_the_compare_page_says(api: Api) -> None:
    _rate_all(api)
    first = deal_propose(household=api.home.household, member=api.home.owner)
    second = deal_propose(household=api.home.household, member=api.home.partner)
    r = api.call("GET", f"{_deals(api)}/1/compare/2", api.robin)
    assert r.status_code == 200
    rows = deal_compare(a=first, b=second)
    assert r.json()["rows"] == [
        {"card": x.name, "before": x.before, "after": x.after, "changed": x.changed} for x in rows
    ]
    assert r.json()["before"]["status"] == "withdrawn"
    assert api.call("GET", f"{_deals(api)}/1/compare/3", api.robin).status_code == 404
    listed = api.call("GET", _deals(api) + "?limit=1", api.robin).json()
    assert listed["count"] == 2 and [d["version"] for d in listed["items"]] == [2]
    assert listed["next"]


def test_balance_is_the_balance_pages_numbers(api: Api) -> None:
    _rate_all(api)
    deal = deal_propose(household=api.home.household, member=api.home.owner)
    from evenly.deals.services import deal_accept

    deal_accept(deal=deal, member=api.home.owner)
    deal_accept(deal=deal, member=api.home.partner)
    home = api.home
    today = home.household.today()
    for member, minutes, card in [
        (home.owner, 61, "Laundry"),
        (home.partner, 17, "Laundry"),
        (home.partner, 43, None),
    ]:
        LogEntry.objects.create(
            household=home.household,
            member=member,
            card=home.household.cards.get(name=card) if card else None,
            title=card or "Fixed the fence",
            kind="did",
            minutes=Decimal(minutes),
            done_on=today,
        )
    for params in ({}, {"period": "4w"}):
        page = home.owner_client.get(reverse("balance", args=[home.household.pk]), params)
        lines = {line["name"]: line for line in page.context["lines"]}
        query = "?period=4w" if params else ""
        r = api.call("GET", f"{PREFIX}/households/{home.household.pk}/balance{query}", api.robin)
        assert r.status_code == 200
        members = r.json()["members"]
        assert {m["member"] for m in members} == {"Robin", "Sam"}
        for m in members:
            line = lines[m["member"]]
            headline = line["result"] if line["over"] else -line["result"]
            assert m["headline_minutes"] == headline
            assert m["logged_minutes"] == line["logged"]
            assert sum(p["minutes"] for p in m["parts"]) == m["logged_minutes"]
            assert m["logged_minutes"] - m["share_minutes"] == m["headline_minutes"]
        assert sum(m["logged_minutes"] for m in members) == 61 + 17 + 43


def test_a_bad_period_is_refused_with_its_field(api: Api) -> None:
    url = f"{PREFIX}/households/{api.home.household.pk}/balance"
    tomorrow = api.home.household.today() + timedelta(days=1)
    r = api.call("GET", f"{url}?start={tomorrow}&end={tomorrow}", api.robin)
    assert r.status_code == 422 and r["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in r.json()["errors"]] == ["start"]


SECRET_ITEM = "my unshared worry about the in-laws"
SECRET_TIME = "secret novel chapter"


def test_private_words_never_leave_through_the_api(api: Api) -> None:
    """Sam's unshared check-in item and what Sam did with time of their own appear in no
    answer Robin gets; the totals and the shared item do."""
    mine, _theirs = _values(api)  # a deal waiting, a check-in with Sam's shared appreciation
    home = api.home
    checkin = home.household.checkins.get()
    item_add(member=home.partner, checkin=checkin, kind="went_well", text=SECRET_ITEM)
    personal_log(
        member=home.partner, minutes=Decimal(90), on=home.household.today(), what=SECRET_TIME
    )
    seen = []
    for (method, path), sample in SAMPLES.items():
        if method != "GET":
            continue
        r = api.call(method, _url(path, sample, mine), api.robin)
        assert r.status_code == 200, (path, r.content)
        seen.append(r.content.decode())
    everything = "\n".join(seen)
    assert SECRET_ITEM not in everything and SECRET_TIME not in everything
    assert "Thanks" in everything  # Sam's shared appreciation

    personal = api.call(
        "GET", f"{PREFIX}/households/{home.household.pk}/personal-time", api.robin
    ).json()
    sam = next(m for m in personal["members"] if m["member"] == home.partner.pk)
    assert sam["minutes"] == 90
    assert personal["members"][0]["member"] == home.owner.pk

    detail = api.call(
        "GET", f"{PREFIX}/households/{home.household.pk}/checkins/{checkin.pk}", api.robin
    ).json()
    assert [i["text"] for i in detail["shared"]] == ["Thanks"]

    # Once Sam shares it, Robin reads it.
    shared = item_add(member=home.partner, checkin=checkin, kind="appreciation", text="Later")
    item_share(member=home.partner, item=shared)
    detail = api.call(
        "GET", f"{PREFIX}/households/{home.household.pk}/checkins/{checkin.pk}", api.robin
    ).json()
    assert [i["text"] for i in detail["shared"]] == ["Thanks", "Later"]


def test_needs_you_is_the_needs_pages_list(api: Api) -> None:
    _rate_all(api)
    deal_propose(household=api.home.household, member=api.home.partner)
    r = api.call("GET", f"{PREFIX}/households/{api.home.household.pk}/needs", api.robin)
    assert r.status_code == 200
    deal_needs = [n for n in r.json()["items"] if n["kind"] == "deal"]
    assert len(deal_needs) == 1
    assert deal_needs[0]["text"] == "Deal version 1 waits for your yes"
    assert deal_needs[0]["url"].endswith(reverse("deal", args=[api.home.household.pk]))
    page = api.home.owner_client.get(reverse("needs", args=[api.home.household.pk]))
    assert "Deal version 1 waits for your yes" in page.content.decode()
    checkin_start(member=api.home.owner)  # the check-in's own need comes from the same list
    items = api.call("GET", f"{PREFIX}/households/{api.home.household.pk}/needs", api.robin).json()[
        "items"
    ]
    page = api.home.owner_client.get(reverse("needs", args=[api.home.household.pk]))
    assert all(str(n["text"]) in page.content.decode() for n in items if "&" not in n["text"])
