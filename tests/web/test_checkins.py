"""The weekly check-in: schedule, private preparation, the conversation about a concern,
actions and changes to the deal, closing, and the record."""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evenly.cards.models import Card
from evenly.checkins import services
from evenly.checkins.models import Action, Checkin, DealChange, Item, Paraphrase
from evenly.deals.models import Deal
from tests.conftest import Home

CONCERN = {
    "concern-feeling": "tired",
    "concern-when": "the dishes are still in the sink in the morning",
    "concern-need": "a clear kitchen to start the day",
    "concern-request": "do them before bed on your evenings",
}


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _start(home: Home) -> Checkin:
    return services.checkin_start(member=home.owner)


def _add(client: Client, home: Home, checkin: Checkin, kind: str, **fields: str) -> Any:
    data = {"kind": kind} | {f"{kind}-{k}": v for k, v in fields.items()}
    return client.post(_url(home, "checkin_prepare", checkin.pk), data)


# --- schedule -----------------------------------------------------------------------------


def test_the_talk_page_asks_for_a_time_first(home: Home) -> None:
    r = home.owner_client.get(_url(home, "talk"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "Choose your check-in time" in page
    assert not Checkin.objects.exists()


def test_choosing_a_time_makes_the_next_check_in_ready_to_prepare(home: Home) -> None:
    r = home.owner_client.post(_url(home, "checkin_plan"), {"weekday": "6", "at": "19:30"})
    assert r.status_code == 302
    page = home.partner_client.get(_url(home, "talk")).content.decode()
    checkin = Checkin.objects.get()
    local = checkin.opens_at.astimezone(home.household.zone)
    assert (local.weekday(), local.time()) == (6, time(19, 30))
    assert checkin.opens_at > timezone.now()
    assert "Next check-in: Sunday" in page and "19:30" in page
    # A new time moves the check-in that has not opened yet.
    home.partner_client.post(_url(home, "checkin_plan"), {"weekday": "2", "at": "08:15"})
    checkin.refresh_from_db()
    local = checkin.opens_at.astimezone(home.household.zone)
    assert (local.weekday(), local.time()) == (2, time(8, 15))
    assert Checkin.objects.count() == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"weekday": "9", "at": "19:30"}, "Select a valid choice"),
        ({"weekday": "1", "at": "25:00"}, "Give a time such as 19:30."),
        ({"weekday": "", "at": ""}, "Choose a day."),
    ],
)
def test_a_bad_time_is_refused_with_a_clear_message(
    home: Home, data: dict[str, str], message: str
) -> None:
    r = home.owner_client.post(_url(home, "checkin_plan"), data)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Checkin.objects.exists()


def test_a_check_in_needs_two(home: Home) -> None:
    from evenly.households.services import member_leave

    member_leave(member=home.partner)
    r = home.owner_client.post(_url(home, "checkin_start"), follow=True)
    assert "needs two of you" in r.content.decode()
    assert not Checkin.objects.exists()


# --- preparation: private until shared ------------------------------------------------------


def test_preparation_is_private_until_shared(home: Home) -> None:
    checkin = _start(home)
    r = _add(home.owner_client, home, checkin, "appreciation", text="Thank you for the soup")
    assert r.status_code == 302
    item = Item.objects.get()
    assert not item.is_shared
    together = _url(home, "checkin_together", checkin.pk)
    assert "Thank you for the soup" in home.owner_client.get(together).content.decode()
    assert "Thank you for the soup" not in home.partner_client.get(together).content.decode()
    assert (
        "Thank you for the soup"
        not in home.partner_client.get(_url(home, "checkin_prepare", checkin.pk)).content.decode()
    )
    # Every route naming the private item answers Sam 404, as if it did not exist.
    for name, method in [
        ("checkin_item_edit", "get"),
        ("checkin_item_edit", "post"),
        ("checkin_item_delete", "get"),
        ("checkin_item_delete", "post"),
        ("checkin_item_share", "post"),
        ("checkin_item_unshare", "post"),
        ("checkin_paraphrase", "post"),
        ("checkin_respond", "post"),
    ]:
        r = getattr(home.partner_client, method)(_url(home, name, item.pk))
        assert r.status_code == 404, name
    home.owner_client.post(_url(home, "checkin_item_share", item.pk), {"next": "together"})
    assert "Thank you for the soup" in home.partner_client.get(together).content.decode()
    # Shared, Sam may read it but still not change it.
    assert home.partner_client.get(_url(home, "checkin_item_edit", item.pk)).status_code == 404
    assert home.partner_client.post(_url(home, "checkin_item_delete", item.pk)).status_code == 404
    assert Item.objects.filter(pk=item.pk).exists()


def test_share_all_of_a_kind_shares_only_mine(home: Home) -> None:
    checkin = _start(home)
    for n in range(3):
        _add(home.owner_client, home, checkin, "appreciation", text=f"Robin thanks {n}")
    _add(home.partner_client, home, checkin, "appreciation", text="Sam thanks")
    home.owner_client.post(_url(home, "checkin_share_kind", checkin.pk), {"kind": "appreciation"})
    assert Item.objects.filter(shared_at__isnull=False).count() == 3
    assert not Item.objects.get(text="Sam thanks").is_shared


@pytest.mark.parametrize(
    "kind, fields, message",
    [
        ("appreciation", {"text": "   "}, "This field is required."),
        ("feeling", {"feeling": "zorbified", "intensity": "2"}, "Select a valid choice"),
        ("feeling", {"feeling": "tired", "intensity": "7"}, "Select a valid choice"),
        ("concern", {"feeling": "tired", "when": "x", "need": "", "request": "y"}, "required"),
        ("went_well", {"text": "x" * 2001}, "at most 2000 characters"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_saved(
    home: Home, kind: str, fields: dict[str, str], message: str
) -> None:
    checkin = _start(home)
    r = _add(home.owner_client, home, checkin, kind, **fields)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not Item.objects.exists()


def test_one_concern_each(home: Home) -> None:
    checkin = _start(home)
    fields = {k.split("-", 1)[1]: v for k, v in CONCERN.items()}
    assert _add(home.owner_client, home, checkin, "concern", **fields).status_code == 302
    r = _add(home.owner_client, home, checkin, "concern", **fields)
    assert r.status_code == 400
    assert "One concern each" in r.content.decode()
    assert _add(home.partner_client, home, checkin, "concern", **fields).status_code == 302
    assert Item.objects.filter(kind="concern").count() == 2


def test_edit_and_remove_with_confirmation(home: Home) -> None:
    checkin = _start(home)
    _add(home.owner_client, home, checkin, "went_well", text="Bins every week")
    item = Item.objects.get()
    r = home.owner_client.post(
        _url(home, "checkin_item_edit", item.pk), {"went_well-text": "Bins, every single week"}
    )
    assert r.status_code == 302
    item.refresh_from_db()
    assert item.text == "Bins, every single week"
    page = home.owner_client.get(_url(home, "checkin_item_delete", item.pk)).content.decode()
    assert (
        "Remove this?" in page
        and "What went well, as you wrote it" in page
        and "cannot be brought back" in page
    )
    assert Item.objects.exists()
    home.owner_client.post(_url(home, "checkin_item_delete", item.pk))
    assert not Item.objects.exists()


def test_the_coach_marks_the_words_on_the_preparation_page(home: Home) -> None:
    checkin = _start(home)
    fields = {k.split("-", 1)[1]: v for k, v in CONCERN.items()}
    fields["when"] = "you never do the dishes"
    _add(home.owner_client, home, checkin, "concern", **fields)
    page = home.owner_client.get(_url(home, "checkin_prepare", checkin.pk)).content.decode()
    assert "<mark>you never</mark>" in page


def test_the_coach_fragment(home: Home) -> None:
    url = _url(home, "checkin_coach")
    r = home.owner_client.post(
        url, {"field": "concern-when", "concern-when": "you always leave it"}
    )
    assert r.status_code == 200
    body = r.content.decode()
    assert "<mark>you always</mark>" in body and "Try:" in body
    assert "<html" not in body  # a fragment, not a page
    fine = home.owner_client.post(
        url, {"field": "concern-when", "concern-when": "the bins were left out on Tuesday"}
    )
    assert "nothing to soften" in fine.content.decode()
    empty = home.owner_client.post(url, {"field": "concern-when"})
    assert empty.status_code == 200 and empty.content.decode().strip() == ""
    # What is posted is escaped, never echoed as markup.
    r = home.owner_client.post(url, {"field": "t", "t": "<script>x</script> you never listen"})
    assert "<script>" not in r.content.decode()


# --- together -----------------------------------------------------------------------------


def _shared_concern(home: Home) -> tuple[Checkin, Item]:
    checkin = _start(home)
    _add(
        home.owner_client,
        home,
        checkin,
        "concern",
        **{k.split("-", 1)[1]: v for k, v in CONCERN.items()},
    )
    concern = Item.objects.get(kind="concern")
    home.owner_client.post(_url(home, "checkin_item_share", concern.pk))
    return checkin, concern


def test_a_concern_is_heard_before_it_is_answered(home: Home) -> None:
    checkin, concern = _shared_concern(home)
    robin, sam = home.owner_client, home.partner_client
    together = _url(home, "checkin_together", checkin.pk)
    page = sam.get(together).content.decode()
    assert "I feel tired when the dishes are still in the sink in the morning" in page
    assert "What I hear is" in page
    assert "Waiting for your partner" in robin.get(together).content.decode()

    # The speaker does not paraphrase their own concern; the listener may not respond yet.
    r = robin.post(_url(home, "checkin_paraphrase", concern.pk), {"paraphrase-text": "x"})
    assert r.status_code == 400 and "Your partner paraphrases" in r.content.decode()
    r = sam.post(_url(home, "checkin_respond", concern.pk), {"response-text": "But…"})
    assert r.status_code == 400 and "First say back what you heard" in r.content.decode()

    sam.post(
        _url(home, "checkin_paraphrase", concern.pk), {"paraphrase-text": "You want them done"}
    )
    first = Paraphrase.objects.get()
    # Only the speaker answers, and "Not quite" needs what was missing.
    r = sam.post(_url(home, "checkin_answer", first.pk), {"answer-verdict": "yes"})
    assert r.status_code == 400 and "Only the person who raised" in r.content.decode()
    r = robin.post(_url(home, "checkin_answer", first.pk), {"answer-verdict": "not_quite"})
    assert r.status_code == 400 and "what was missing" in r.content.decode()
    robin.post(
        _url(home, "checkin_answer", first.pk),
        {"answer-verdict": "not_quite", "answer-missing": "It is about mornings, not blame."},
    )
    assert services.concern_stage(concern) == "paraphrase"
    sam.post(
        _url(home, "checkin_paraphrase", concern.pk),
        {"paraphrase-text": "Mornings feel heavy when the kitchen is full."},
    )
    second = Paraphrase.objects.latest("id")
    robin.post(_url(home, "checkin_answer", second.pk), {"answer-verdict": "yes"})
    assert services.concern_stage(concern) == "respond"
    sam.post(_url(home, "checkin_respond", concern.pk), {"response-text": "I can do Tuesdays."})
    assert services.concern_stage(concern) == "done"
    page = robin.get(together).content.decode()
    assert "Not quite. It is about mornings, not blame." in page
    assert "Yes, that's it." in page
    assert "I can do Tuesdays." in page


def test_a_check_in_not_open_yet_has_no_conversation(home: Home) -> None:
    services.checkin_plan_set(household=home.household, weekday=0, at=time(20))
    checkin = services.checkin_current(household=home.household)
    assert checkin is not None and not checkin.is_open()
    item = services.item_add(
        member=home.owner,
        checkin=checkin,
        kind="concern",
        feeling="tired",
        when="a",
        need="b",
        request="c",
    )
    services.item_share(member=home.owner, item=item)
    r = home.partner_client.post(
        _url(home, "checkin_paraphrase", item.pk), {"paraphrase-text": "You are tired"}
    )
    assert r.status_code == 400 and "not open" in r.content.decode()
    assert (
        "We're together now"
        in home.partner_client.get(_url(home, "checkin_together", checkin.pk)).content.decode()
    )


# --- what is agreed -----------------------------------------------------------------------


def test_actions_are_agreed_done_and_undone(home: Home) -> None:
    checkin = _start(home)
    today = home.household.today()
    url = _url(home, "checkin_action_add", checkin.pk)
    r = home.owner_client.post(
        url,
        {
            "action-text": "Book the boiler service",
            "action-owner": home.partner.pk,
            "action-due_on": str(today - timedelta(days=1)),
        },
    )
    assert r.status_code == 400 and "Choose today or a later day." in r.content.decode()
    r = home.owner_client.post(
        url, {"action-text": "", "action-owner": home.partner.pk, "action-due_on": str(today)}
    )
    assert r.status_code == 400
    r = home.owner_client.post(
        url, {"action-text": "x", "action-owner": home.outsider.pk, "action-due_on": str(today)}
    )
    assert r.status_code == 400
    assert not Action.objects.exists()
    home.owner_client.post(
        url,
        {
            "action-text": "Book the boiler service",
            "action-owner": home.partner.pk,
            "action-due_on": str(today + timedelta(days=3)),
        },
    )
    action = Action.objects.get()
    assert "Book the boiler service" in home.partner_client.get(_url(home, "talk")).content.decode()
    home.partner_client.post(_url(home, "checkin_action_done", action.pk), {"done": "1"})
    action.refresh_from_db()
    assert action.done_at is not None
    history = home.owner_client.get(_url(home, "checkin_history")).content.decode()
    assert "Book the boiler service" in history
    home.partner_client.post(_url(home, "checkin_action_done", action.pk), {"done": "0"})
    action.refresh_from_db()
    assert action.done_at is None


def test_a_new_owner_agreed_by_both_becomes_a_proposed_deal(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    checkin = _start(home)
    active = Deal.objects.get(status=Deal.Status.ACTIVE)
    card = Card.objects.get(household=home.household, name="Laundry")
    holder = active.cards.get(card=card).owner
    to = home.partner if holder == home.owner else home.owner
    r = home.owner_client.post(
        _url(home, "checkin_change_add", checkin.pk),
        {"change-kind": "owner", "change-card": card.pk, "change-to_member": to.pk},
    )
    assert r.status_code == 302
    change = DealChange.objects.get()
    assert change.status == "proposed" and not Deal.objects.filter(status="proposed").exists()
    r = home.partner_client.post(_url(home, "checkin_change_agree", change.pk), follow=True)
    assert "accept it on the Deal page" in r.content.decode()
    change.refresh_from_db()
    assert change.status == "agreed" and change.deal is not None
    card.refresh_from_db()
    assert card.locked_to == to
    proposed = change.deal
    assert proposed.status == Deal.Status.PROPOSED and proposed.cards.get(card=card).owner == to
    # The normal accept flow: the old deal stays active until everyone accepts.
    assert Deal.objects.get(status=Deal.Status.ACTIVE) == active


def test_a_change_that_cannot_be_made_changes_nothing(home: Home) -> None:
    """Without ratings the engine cannot propose; the lock is rolled back with the agreement."""
    checkin = _start(home)
    card = Card.objects.filter(household=home.household).first()
    change = services.deal_change_propose(
        member=home.owner, checkin=checkin, kind="owner", card=card, to_member=home.partner
    )
    r = home.partner_client.post(_url(home, "checkin_change_agree", change.pk), follow=True)
    assert "Everyone rates every card first" in r.content.decode()
    change.refresh_from_db()
    card.refresh_from_db()
    assert change.status == "proposed" and card.locked_to is None
    assert list(change.agreed_by.all()) == [home.owner]


def test_a_new_standard_and_a_declined_change(home: Home) -> None:
    checkin = _start(home)
    card = Card.objects.get(household=home.household, name="Bathroom clean")
    url = _url(home, "checkin_change_add", checkin.pk)
    r = home.owner_client.post(
        url, {"change-kind": "standard", "change-card": card.pk, "change-standard": ""}
    )
    assert r.status_code == 400 and "Write what “done” will mean" in r.content.decode()
    home.owner_client.post(
        url, {"change-kind": "standard", "change-card": card.pk, "change-standard": "Mirror too"}
    )
    change = DealChange.objects.get()
    home.partner_client.post(_url(home, "checkin_change_agree", change.pk))
    card.refresh_from_db()
    assert card.standard == "Mirror too"
    home.owner_client.post(
        url, {"change-kind": "standard", "change-card": card.pk, "change-standard": "Weekly"}
    )
    other = DealChange.objects.latest("id")
    home.partner_client.post(_url(home, "checkin_change_decline", other.pk))
    other.refresh_from_db()
    card.refresh_from_db()
    assert other.status == "declined" and card.standard == "Mirror too"


# --- closing and the record ---------------------------------------------------------------


def test_it_closes_when_everyone_is_done_and_the_record_counts_it(home: Home) -> None:
    services.checkin_plan_set(household=home.household, weekday=6, at=time(19))
    checkin = _start(home)
    close = _url(home, "checkin_close", checkin.pk)
    home.owner_client.post(close)
    checkin.refresh_from_db()
    assert not checkin.is_closed
    assert (
        "Waiting for Sam"
        in home.owner_client.get(_url(home, "checkin_together", checkin.pk)).content.decode()
    )
    home.owner_client.post(_url(home, "checkin_not_done", checkin.pk))
    home.partner_client.post(close)
    checkin.refresh_from_db()
    assert not checkin.is_closed
    home.owner_client.post(close)
    checkin.refresh_from_db()
    assert checkin.is_closed
    # Closed means read-only.
    r = _add(home.owner_client, home, checkin, "went_well", text="late")
    assert r.status_code == 400 and "closed" in r.content.decode()
    # Closing made the next one ready, at least a few days on; the Talk page only reads it.
    following = Checkin.objects.get(closed_at__isnull=True)
    with CaptureQueriesContext(connection) as queries:
        page = home.owner_client.get(_url(home, "talk")).content.decode()
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    assert not [w for w in writes if "checkin" in w], writes
    assert following.opens_at >= checkin.opens_at + timedelta(days=4)
    assert "You met in 1 of the last 8 weeks." in page
    history = home.partner_client.get(_url(home, "checkin_history")).content.decode()
    assert "You met in 1 of the last 8 weeks." in history


def _conversation(home: Home, checkin: Checkin, n: int) -> None:
    """n shared items of each kind from both, and a heard concern each, with actions."""
    for m in (home.owner, home.partner):
        for i in range(n):
            for kind in ("appreciation", "went_well"):
                item = services.item_add(member=m, checkin=checkin, kind=kind, text=f"{kind} {i}")
                services.item_share(member=m, item=item)
            services.item_add(
                member=m, checkin=checkin, kind="feeling", feeling="calm", intensity=1
            )
    for speaker, listener in ((home.owner, home.partner), (home.partner, home.owner)):
        concern = services.item_add(
            member=speaker,
            checkin=checkin,
            kind="concern",
            feeling="tired",
            when="w",
            need="n",
            request="r",
        )
        services.item_share(member=speaker, item=concern)
        for i in range(n):
            said = services.paraphrase_add(member=listener, concern=concern, text=f"p{i}")
            services.paraphrase_answer(
                member=speaker, paraphrase=said, verdict="not_quite", missing="m"
            )
        for i in range(n):
            services.action_add(
                member=speaker,
                checkin=checkin,
                text=f"a{i}",
                owner=listener,
                due_on=home.household.today(),
                concern=concern,
            )


@pytest.mark.parametrize(
    "name, per_checkin",
    [
        ("checkin_together", True),
        ("checkin_prepare", True),
        ("talk", False),
        ("checkin_history", False),
    ],
)
def test_pages_ask_the_database_as_often_however_much_was_said(
    home: Home, name: str, per_checkin: bool
) -> None:
    counts = []
    for n in (1, 6):
        Checkin.objects.all().delete()
        checkin = _start(home)
        _conversation(home, checkin, n)
        if name == "checkin_history":  # a closed check-in, to be listed
            services.checkin_close(member=home.owner, checkin=checkin)
            services.checkin_close(member=home.partner, checkin=checkin)
        url = _url(home, name, checkin.pk) if per_checkin else _url(home, name)
        with CaptureQueriesContext(connection) as queries:
            assert home.owner_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_outside_pressure_brought_to_the_check_in_shows_there_once_shared(home: Home) -> None:
    from evenly.values.services import pressure_for_checkin, pressure_save, pressure_share

    checkin = _start(home)
    note = pressure_save(
        member=home.owner,
        pressure=None,
        source="family",
        who="My mother",
        expectation="Sunday lunch at hers, every single week",
    )
    together = _url(home, "checkin_together", checkin.pk)
    assert "Sunday lunch" not in home.partner_client.get(together).content.decode()
    pressure_share(member=home.owner, pressure=note)
    assert (
        "Outside pressure to talk about" not in home.partner_client.get(together).content.decode()
    )
    pressure_for_checkin(member=home.partner, pressure=note)
    page = home.partner_client.get(together).content.decode()
    assert "Outside pressure to talk about" in page and "Sunday lunch at hers" in page


def test_leaving_takes_what_was_never_shared(home: Home) -> None:
    from evenly.growth.models import Aspiration
    from evenly.growth.services import aspiration_create, aspiration_share
    from evenly.households.services import member_leave

    checkin = _start(home)
    services.item_add(member=home.partner, checkin=checkin, kind="went_well", text="private")
    shared = services.item_add(member=home.partner, checkin=checkin, kind="went_well", text="out")
    services.item_share(member=home.partner, item=shared)
    aspiration_create(member=home.partner, title="Secret novel", kind="creative")
    public = aspiration_create(member=home.partner, title="Marathon", kind="health")
    aspiration_share(member=home.partner, aspiration=public)
    member_leave(member=home.partner)
    assert list(Item.objects.values_list("text", flat=True)) == ["out"]
    assert list(Aspiration.objects.values_list("title", flat=True)) == ["Marathon"]


def test_the_kept_empty_forms_follow_the_household_and_the_language(
    home: Home, keeping: None
) -> None:
    """The preparation's empty forms are kept (``evenly.pages.kept``): a member joining, a
    refused form and another language each show at once."""
    from evenly.accounts.services import account_create
    from evenly.households.services import invitation_accept, invitation_create
    from tests.conftest import PASSWORD

    checkin = _start(home)
    url = _url(home, "checkin_prepare", checkin.pk)
    page = home.owner_client.get(url).content.decode()
    assert 'name="appreciation-text"' in page and 'name="appreciation-about"' not in page
    assert home.owner_client.get(url).content.decode().count("<textarea") == page.count("<textarea")
    # A third member joins: whom an appreciation is for is asked, with both others named.
    token = invitation_create(household=home.household, member=home.owner).token
    newcomer = account_create(email="kim@example.org", password=PASSWORD, verified=True)
    invitation_accept(token=token, user=newcomer, display_name="Kim")
    page = home.owner_client.get(url).content.decode()
    assert 'name="appreciation-about"' in page and ">Kim</option>" in page
    assert ">Sam</option>" in page and ">Robin</option>" not in page
    # A refused form shows what was typed; the next page's form is empty again.
    typed = "went well " * 230
    refused = _add(home.owner_client, home, checkin, "went_well", text=typed)
    assert refused.status_code == 400 and typed.strip() in refused.content.decode()
    assert typed.strip() not in home.owner_client.get(url).content.decode()
    home.owner_client.cookies["evenly_language"] = "de"
    german = home.owner_client.get(url).content.decode()
    assert "Ich schätze…" in german and "I appreciate…" not in german


def test_the_kept_history_follows_every_action_and_language(home: Home, keeping: None) -> None:
    checkin = _start(home)
    today = home.household.today()
    history = _url(home, "checkin_history")
    assert "None open." in home.owner_client.get(history).content.decode()
    home.owner_client.post(
        _url(home, "checkin_action_add", checkin.pk),
        {
            "action-text": "Book the boiler service",
            "action-owner": home.partner.pk,
            "action-due_on": str(today + timedelta(days=3)),
        },
    )
    action = Action.objects.get()
    page = home.owner_client.get(history).content.decode()
    open_part = page.split('id="open-h"')[1].split("</section>")[0]
    assert "Book the boiler service" in open_part
    home.partner_client.post(_url(home, "checkin_action_done", action.pk), {"done": "1"})
    page = home.partner_client.get(history).content.decode()
    assert "Book the boiler service" in page.split('id="done-h"')[1].split("</section>")[0]
    assert "Book the boiler service" not in page.split('id="open-h"')[1].split("</section>")[0]
    # The owner's kept page follows too, and their language gets its own words.
    home.owner_client.cookies["evenly_language"] = "de"
    german = home.owner_client.get(history).content.decode()
    assert "Book the boiler service" in german.split('id="done-h"')[1].split("</section>")[0]
    assert "Nothing done yet." not in german and "None open." not in german
