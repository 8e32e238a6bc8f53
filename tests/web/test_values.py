"""Values, the mission statement, shared goals and outside pressure: privacy until shared,
agreement by everyone, validation, confirmation before deleting, and a steady number of
queries on every list page."""

from __future__ import annotations

import html
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evenly.households.services import member_leave
from evenly.values import selectors, services
from evenly.values.models import (
    Goal,
    Milestone,
    MissionVersion,
    OutsidePressure,
    PressureAgreement,
    ValuesCard,
)
from tests.conftest import Home

SECRET_WORD = "Quokka-kindness"
SECRET_STAND = "Lighthouse-of-teatime"
SECRET_PRESSURE = "Marmalade-Sundays"


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _page(client: Client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, r.status_code
    return r.content.decode()


def _save_values(
    client: Client, home: Home, picks: list[str], own: str = "", stand_for: str = ""
) -> Any:
    return client.post(
        _url(home, "values"), {"picks": picks, "own_words": own, "stand_for": stand_for}
    )


def _share_values(client: Client, home: Home) -> Any:
    return client.post(_url(home, "values_share"), follow=True)


def _both_share(home: Home) -> None:
    robin, sam = home.owner_client, home.partner_client
    assert _save_values(robin, home, ["honesty", "fun", "calm"], "good coffee").status_code == 302
    assert (
        _save_values(sam, home, ["honesty", "fun", "adventure"], "Good coffee").status_code == 302
    )
    _share_values(robin, home)
    _share_values(sam, home)


def _grow_pages(home: Home) -> list[str]:
    return [_url(home, n) for n in ("values", "mission", "goals", "pressures")]


# --- values: private until everyone has shared ------------------------------------------------


def test_values_stay_private_until_everyone_has_shared(home: Home) -> None:
    robin, sam = home.owner_client, home.partner_client
    r = _save_values(robin, home, ["honesty", "adventure"], SECRET_WORD, SECRET_STAND)
    assert r.status_code == 302
    mine = _page(robin, _url(home, "values"))
    assert SECRET_WORD in mine and SECRET_STAND in mine
    assert "Only you can see these" in mine

    def sam_sees_nothing() -> None:
        for url in _grow_pages(home):
            page = _page(sam, url)
            assert SECRET_WORD not in page and SECRET_STAND not in page, url
            assert 'Adventure</strong> <span class="muted small">·' not in page

    sam_sees_nothing()
    assert "Nobody has shared yet." in _page(sam, _url(home, "values"))

    # Shared, yet Sam still sees only that Robin has shared, never what.
    r = _share_values(robin, home)
    assert "The others see your values once everyone has shared" in r.content.decode()
    sam_sees_nothing()
    assert "Robin has shared; waiting for you." in _page(sam, _url(home, "values"))
    assert "You have shared; waiting for Sam." in _page(robin, _url(home, "values"))

    # Robin may keep editing after sharing.
    _save_values(robin, home, ["honesty", "adventure", "fun"], SECRET_WORD, SECRET_STAND)
    assert ValuesCard.objects.get(member=home.owner).is_shared
    sam_sees_nothing()

    # Sam shares: now everyone sees where they meet, and each other's own words.
    _save_values(sam, home, ["honesty", "fun", "rest"], "", "A home that laughs")
    r = _share_values(sam, home)
    assert "Everyone has shared now" in r.content.decode()
    page = _page(sam, _url(home, "values"))
    assert "Everyone has shared." in page
    assert SECRET_WORD in page and SECRET_STAND in page
    assert "A home that laughs" in _page(robin, _url(home, "values"))


def test_the_overlap_names_what_everyone_chose_and_who_chose_the_rest(home: Home) -> None:
    _both_share(home)
    view = selectors.values_view(member=home.partner)
    assert view.overlap is not None
    # "good coffee" and "Good coffee" in their own words are one value.
    assert view.overlap.shared == ("Fun", "good coffee", "Honesty")  # as Robin, first, wrote it
    assert view.overlap.some == {"Adventure": ("Sam",), "Calm": ("Robin",)}
    page = _page(home.owner_client, _url(home, "values"))
    assert "Values you all chose" in page
    assert "Telling each other the truth" in page  # Honesty's meaning
    assert '<strong>Calm</strong> <span class="muted small">· Robin</span>' in page


def test_values_in_a_members_own_words_are_shown_as_typed(home: Home) -> None:
    """Own words keep their case and are never translated, in English or German; the list's
    values are said in the reader's language."""
    robin, sam = home.owner_client, home.partner_client
    _save_values(robin, home, ["honesty"], "iPhone-free Dinners, Friends, SLOW sundays")
    _save_values(sam, home, ["honesty"], "iphone-free dinners, Friends")
    _share_values(robin, home)
    _share_values(sam, home)
    for client in (robin, sam):
        for url in (_url(home, "values"), _url(home, "mission")):
            page = _page(client, url)
            assert "<strong>iPhone-free Dinners</strong>" in page
            assert "<strong>Friends</strong>" in page
            assert "<strong>SLOW sundays</strong>" in page
            assert "Slow sundays" not in page and "Iphone-free dinners" not in page
            german = html.unescape(client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode())
            assert "<strong>Ehrlichkeit</strong>" in german  # a value of the list, translated
            assert "<strong>Friends</strong>" in german  # own words, never translated
            assert "<strong>iPhone-free Dinners</strong>" in german
            assert "<strong>Freundeskreis</strong>" not in german
    assert home.outsider_client.get(_url(home, "values")).status_code == 404


def test_a_member_who_left_no_longer_holds_the_overlap_back(home: Home) -> None:
    _save_values(home.owner_client, home, ["fun"])
    _share_values(home.owner_client, home)
    assert not selectors.values_view(member=home.owner).everyone_shared
    member_leave(member=home.partner)
    assert selectors.values_view(member=home.owner).everyone_shared


def test_own_words_naming_a_listed_value_count_as_that_value(home: Home) -> None:
    _save_values(home.owner_client, home, ["fun"], "kindness, Patience, patience")
    card = ValuesCard.objects.get(member=home.owner)
    picks = list(card.picks.values_list("key", "own"))
    assert picks == [("fun", ""), ("kindness", ""), ("patience", "")]


@pytest.mark.parametrize(
    "picks, own, stand_for, message",
    [
        ([], "", "", "Choose at least one value, or write one in your own words."),
        (["nonsense"], "", "", "Choose values from the list"),
        (["fun"], "x" * 41, "", "Keep each value to 40 characters"),
        (["fun"], "", "y" * 1001, "Please keep it to 1,000 characters (it has 1,001)."),
        (
            ["honesty", "fairness", "kindness", "trust", "respect", "loyalty", "adventure"],
            "one, two, three, four, five, six",
            "",
            "Choose at most 12 values (you have 13)",
        ),
    ],
)
def test_bad_values_are_refused_with_a_clear_message(
    home: Home, picks: list[str], own: str, stand_for: str, message: str
) -> None:
    r = _save_values(home.owner_client, home, picks, own, stand_for)
    assert r.status_code == 400
    page = r.content.decode()
    assert message in page
    if own and len(own) < 100:
        assert own.split(",")[0] in page  # what was typed is kept
    assert not ValuesCard.objects.exists()


def test_sharing_before_saving_is_refused(home: Home) -> None:
    r = _share_values(home.owner_client, home)
    assert "Choose your values and save them first" in r.content.decode()
    assert not ValuesCard.objects.exists()


# --- the mission statement ------------------------------------------------------------------


def _write(client: Client, home: Home, text: str) -> Any:
    return client.post(_url(home, "mission"), {"text": text})


def test_the_mission_waits_for_everyones_values(home: Home) -> None:
    page = _page(home.owner_client, _url(home, "mission"))
    assert "First, your values" in page
    r = _write(home.owner_client, home, "We share it all.")
    assert r.status_code == 400
    assert "once everyone has shared their values" in r.content.decode()
    assert "We share it all." in r.content.decode()  # kept
    assert not MissionVersion.objects.exists()


def test_mission_versions_are_agreed_by_everyone_and_an_edit_needs_agreeing_again(
    home: Home,
) -> None:
    robin, sam = home.owner_client, home.partner_client
    _both_share(home)
    page = _page(robin, _url(home, "mission"))
    assert "Where your values meet" in page and "good coffee" in page

    assert _write(robin, home, "We share the work and the fun.").status_code == 302
    v1 = MissionVersion.objects.get()
    assert (v1.number, v1.author) == (1, home.owner)
    robin.post(_url(home, "mission_agree", v1.pk))
    page = _page(sam, _url(home, "mission"))
    assert "Agreed by Robin; waiting for you." in page
    assert "Our statement" not in page

    r = sam.post(_url(home, "mission_agree", v1.pk), follow=True)
    assert "Everyone agrees: version 1 is your mission statement." in r.content.decode()
    page = _page(robin, _url(home, "mission"))
    assert "Our statement" in page and "agreed by everyone on" in page

    # Sam changes it: version 2 needs everyone again; version 1 stays the statement meanwhile.
    assert _write(sam, home, "We share the <b>work</b>, the rest and the fun.").status_code == 302
    v2 = MissionVersion.objects.get(number=2)
    view = selectors.mission_view(member=home.owner)
    assert view.current is not None and view.current.version == v2
    assert view.agreed is not None and view.agreed.version == v1
    assert not view.current.agreement.agreed
    page = _page(robin, _url(home, "mission"))
    assert "A new version to agree" in page and "Version 1, agreed by everyone on" in page
    # Agreeing with the old version is refused: it is not the newest.
    r = robin.post(_url(home, "mission_agree", v1.pk), follow=True)
    assert "Version 2 has been saved since" in r.content.decode()
    robin.post(_url(home, "mission_agree", v2.pk))
    sam.post(_url(home, "mission_agree", v2.pk))
    assert selectors.mission_view(member=home.owner).agreed.version == v2  # type: ignore[union-attr]

    # The comparison, word by word, with the text escaped.
    page = _page(robin, _url(home, "mission_version", v2.pk))
    assert "compared with version 1" in page
    assert "We share the <del>work</del> <ins>&lt;b&gt;work&lt;/b&gt;, the rest</ins> and" in page
    assert "<b>work</b>" not in page
    first = _page(robin, _url(home, "mission_version", v1.pk))
    assert "The first version" in first


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "Write the mission statement, in your own words."),
        ("z" * 1001, "Please keep it to 1,000 characters (it has 1,001)."),
    ],
)
def test_a_bad_mission_is_refused(home: Home, text: str, message: str) -> None:
    _both_share(home)
    r = _write(home.owner_client, home, text)
    assert r.status_code == 400
    assert message in r.content.decode()
    assert not MissionVersion.objects.exists()


def test_the_same_words_again_are_not_a_new_version(home: Home) -> None:
    _both_share(home)
    _write(home.owner_client, home, "Together.")
    r = _write(home.partner_client, home, "  Together.  ")
    assert r.status_code == 400
    assert "That is version 1 as it is" in r.content.decode()
    assert MissionVersion.objects.count() == 1


# --- shared goals ---------------------------------------------------------------------------


def _goal(client: Client, home: Home, **data: Any) -> Any:
    fields = {
        "title": "One screen-free evening a week",
        "why": "To talk",
        "target_on": "",
        "owners": [home.owner.pk, home.partner.pk],
    }
    return client.post(_url(home, "goals"), fields | data)


def _milestone(client: Client, home: Home, goal: Goal, **data: Any) -> Any:
    fields = {"milestone-title": "Pick the evening", "milestone-owner": home.partner.pk}
    return client.post(_url(home, "goal_milestone_add", goal.pk), fields | data)


def test_goals_with_milestones_progress_and_are_reached(home: Home) -> None:
    robin, sam = home.owner_client, home.partner_client
    r = _goal(robin, home)
    goal = Goal.objects.get()
    assert r.status_code == 302 and r.url == _url(home, "goal", goal.pk)
    assert set(goal.owners.all()) == {home.owner, home.partner}
    assert "No milestones yet" in _page(sam, _url(home, "goal", goal.pk))

    assert _milestone(robin, home, goal).status_code == 302
    _milestone(robin, home, goal, **{"milestone-title": "Phones in the drawer"})
    first, _second = goal.milestones.order_by("id")
    assert first.owner == home.partner
    sam.post(_url(home, "goal_milestone_done", first.pk))
    page = _page(robin, _url(home, "goal", goal.pk))
    assert "1 of 2 milestones" in page
    assert "1 of 2 milestones" in _page(robin, _url(home, "goals"))
    first.refresh_from_db()
    assert first.is_done and first.done_by == home.partner
    # Undo.
    sam.post(_url(home, "goal_milestone_done", first.pk), {"done": "0"})
    first.refresh_from_db()
    assert not first.is_done
    assert "0 of 2 milestones" in _page(robin, _url(home, "goal", goal.pk))

    r = sam.post(_url(home, "goal_reached", goal.pk), follow=True)
    page = r.content.decode()
    assert "You did it, together" in page and "Reached on" in page
    goals = _page(robin, _url(home, "goals"))
    reached = goals.split('id="reached-h"')[1]
    assert "One screen-free evening a week" in reached
    assert "Nothing yet. Pick one thing" in goals  # nothing left under "Working on"
    # Not reached after all.
    sam.post(_url(home, "goal_reached", goal.pk), {"reached": "0"})
    goal.refresh_from_db()
    assert not goal.is_reached


def test_a_goal_is_edited_archived_and_brought_back(home: Home) -> None:
    robin = home.owner_client
    _goal(robin, home)
    goal = Goal.objects.get()
    later = (home.household.today() + timedelta(days=90)).isoformat()
    r = robin.post(
        _url(home, "goal_edit", goal.pk),
        {"title": "Save for a home", "why": "", "target_on": later, "owners": [home.owner.pk]},
    )
    assert r.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Save for a home" and list(goal.owners.all()) == [home.owner]

    robin.post(_url(home, "goal_archive", goal.pk))
    goal.refresh_from_db()
    assert goal.is_archived
    assert "Archived (1)" in _page(robin, _url(home, "goals"))
    # An archived goal stays as it is.
    r = _milestone(robin, home, goal)
    assert "bring it back first" in robin.get(_url(home, "goal", goal.pk)).content.decode()
    assert not Milestone.objects.exists()
    robin.post(_url(home, "goal_archive", goal.pk), {"archived": "0"})
    goal.refresh_from_db()
    assert not goal.is_archived


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"title": ""}, "title", "Give the goal a name."),
        ({"title": "t" * 121}, "title", "Please keep it to 120 characters (it has 121)."),
        ({"owners": []}, "owners", "Choose who looks after it: one of you, or more."),
        ({"target_on": "2000-01-01"}, "target_on", "Choose today or a later day"),
        ({"target_on": "soon"}, "target_on", "Give a date such as 2026-12-01."),
    ],
)
def test_a_bad_goal_is_refused_beside_its_field(
    home: Home, data: dict[str, Any], field: str, message: str
) -> None:
    r = _goal(home.owner_client, home, **data)
    assert r.status_code == 400
    page = r.content.decode()
    assert message in page
    assert f'id="id_{field}_error"' in page
    assert not Goal.objects.exists()


def test_a_goal_cannot_be_given_to_someone_outside_the_household(home: Home) -> None:
    r = _goal(home.owner_client, home, owners=[home.outsider.pk])
    assert r.status_code == 400
    assert "Choose members of this household." in r.content.decode()
    assert not Goal.objects.exists()
    _goal(home.owner_client, home)
    goal = Goal.objects.get()
    r = _milestone(home.owner_client, home, goal, **{"milestone-owner": home.outsider.pk})
    assert r.status_code == 400
    assert "Choose who sees this step through." in r.content.decode()
    r = _milestone(home.owner_client, home, goal, **{"milestone-title": " "})
    assert r.status_code == 400
    assert "Write the milestone: one step." in r.content.decode()
    assert not Milestone.objects.exists()


def test_deleting_a_goal_or_a_milestone_asks_first(home: Home) -> None:
    robin = home.owner_client
    _goal(robin, home)
    goal = Goal.objects.get()
    _milestone(robin, home, goal)
    milestone = Milestone.objects.get()

    page = _page(robin, _url(home, "goal_milestone_delete", milestone.pk))
    assert "Remove this milestone?" in page and "Pick the evening" in page
    assert Milestone.objects.exists()
    assert robin.post(_url(home, "goal_milestone_delete", milestone.pk)).status_code == 302
    assert not Milestone.objects.exists()

    _milestone(robin, home, goal)
    page = _page(robin, _url(home, "goal_delete", goal.pk))
    assert "Delete “One screen-free evening a week”?" in page and "1 milestone" in page
    assert Goal.objects.exists()
    r = robin.post(_url(home, "goal_delete", goal.pk))
    assert r.status_code == 302 and r.url == _url(home, "goals")
    assert not Goal.objects.exists() and not Milestone.objects.exists()


def test_a_milestone_is_edited(home: Home) -> None:
    robin = home.owner_client
    _goal(robin, home)
    goal = Goal.objects.get()
    _milestone(robin, home, goal)
    milestone = Milestone.objects.get()
    url = _url(home, "goal_milestone_edit", milestone.pk)
    assert "Pick the evening" in _page(robin, url)
    r = robin.post(url, {"milestone-title": "", "milestone-owner": home.owner.pk})
    assert r.status_code == 400 and "Write the milestone: one step." in r.content.decode()
    r = robin.post(url, {"milestone-title": "Tuesdays", "milestone-owner": home.owner.pk})
    assert r.status_code == 302
    milestone.refresh_from_db()
    assert (milestone.title, milestone.owner) == ("Tuesdays", home.owner)


# --- outside pressure -----------------------------------------------------------------------

PRESSURE = {
    "source": "family",
    "who": "My mother",
    "expectation": f"{SECRET_PRESSURE}: lunch at hers every week",
    "feeling": "Torn",
}


def _note(client: Client, home: Home, **data: str) -> Any:
    return client.post(_url(home, "pressures"), PRESSURE | data)


PRESSURE_ROUTES = [
    ("pressure", "get"),
    ("pressure_edit", "get"),
    ("pressure_edit", "post"),
    ("pressure_delete", "get"),
    ("pressure_delete", "post"),
    ("pressure_share", "post"),
    ("pressure_stance", "post"),
    ("pressure_reply", "post"),
    ("pressure_agree", "post"),
    ("pressure_checkin", "post"),
    ("pressure_resolve", "post"),
]


def test_a_pressure_is_private_to_its_author_until_shared(home: Home) -> None:
    robin, sam = home.owner_client, home.partner_client
    r = _note(robin, home)
    pressure = OutsidePressure.objects.get()
    assert r.status_code == 302 and r.url == _url(home, "pressure", pressure.pk)
    assert SECRET_PRESSURE in _page(robin, _url(home, "pressures"))
    assert "Only you can see this." in _page(robin, _url(home, "pressure", pressure.pk))
    for url in _grow_pages(home):
        assert SECRET_PRESSURE not in _page(sam, url)
    # Every route naming it answers Sam 404, as if it did not exist; nothing changes.
    before = list(OutsidePressure.objects.values())
    for name, method in PRESSURE_ROUTES:
        data = {"part": "stance", "text": "x", "stance-text": "x", "reply-text": "x"}
        r = getattr(sam, method)(_url(home, name, pressure.pk), data if method == "post" else {})
        assert r.status_code == 404, (name, method)
    assert list(OutsidePressure.objects.values()) == before
    assert not PressureAgreement.objects.exists()
    # A private note cannot be brought to the check-in, nor be given a stance.
    r = robin.post(_url(home, "pressure_checkin", pressure.pk), follow=True)
    assert "Share it with the household first." in r.content.decode()
    assert selectors.pressures_for_checkin(household=home.household) == []

    r = robin.post(_url(home, "pressure_share", pressure.pk), follow=True)
    assert "Shared." in r.content.decode()
    assert SECRET_PRESSURE in _page(sam, _url(home, "pressures"))
    page = _page(sam, _url(home, "pressure", pressure.pk))
    assert "Torn" in page and "noted by Robin" in page
    # Only the author edits or removes the note itself.
    assert sam.get(_url(home, "pressure_edit", pressure.pk)).status_code == 404
    assert sam.post(_url(home, "pressure_delete", pressure.pk)).status_code == 404


def _shared_pressure(home: Home) -> OutsidePressure:
    _note(home.owner_client, home)
    pressure = OutsidePressure.objects.get()
    home.owner_client.post(_url(home, "pressure_share", pressure.pk))
    return pressure


def test_a_stance_and_a_reply_are_agreed_by_everyone_and_edits_reset_agreement(
    home: Home,
) -> None:
    robin, sam = home.owner_client, home.partner_client
    pressure = _shared_pressure(home)
    url = _url(home, "pressure", pressure.pk)
    r = sam.post(_url(home, "pressure_stance", pressure.pk), {"stance-text": "Every other week."})
    assert r.status_code == 302
    sam.post(_url(home, "pressure_agree", pressure.pk), {"part": "stance"})
    assert "Agreed by Sam; waiting for you." in _page(robin, url)
    r = robin.post(_url(home, "pressure_agree", pressure.pk), {"part": "stance"}, follow=True)
    assert "Everyone agrees with the stance now." in r.content.decode()
    view = selectors.pressure_view(member=home.owner, pressure=pressure)
    assert view.stance.everyone and not view.reply.everyone

    # Robin changes the words: everyone agrees again, Robin too.
    robin.post(_url(home, "pressure_stance", pressure.pk), {"stance-text": "Once a month."})
    view = selectors.pressure_view(member=home.owner, pressure=pressure)
    assert not view.stance.everyone and view.stance.agreed == []
    assert "Nobody has agreed yet." in _page(sam, url)
    # The same words saved again change nothing.
    sam.post(_url(home, "pressure_agree", pressure.pk), {"part": "stance"})
    robin.post(_url(home, "pressure_stance", pressure.pk), {"stance-text": " Once a month. "})
    assert PressureAgreement.objects.filter(part="stance").count() == 1

    robin.post(
        _url(home, "pressure_reply", pressure.pk),
        {"reply-text": "We love coming, and we will come once a month."},
    )
    robin.post(_url(home, "pressure_agree", pressure.pk), {"part": "reply"})
    sam.post(_url(home, "pressure_agree", pressure.pk), {"part": "reply"})
    page = _page(robin, url)
    assert page.count("Agreed by everyone") == 1  # the reply; the stance waits for Robin
    assert "Reply agreed" in _page(sam, _url(home, "pressures"))


def test_bringing_a_pressure_to_the_check_in_and_resolving_it(home: Home) -> None:
    robin, sam = home.owner_client, home.partner_client
    pressure = _shared_pressure(home)
    # Another of Robin's, private, marked directly: never brought to the check-in.
    private = OutsidePressure.objects.create(
        household=home.household,
        author=home.owner,
        source="work",
        expectation="x",
        for_checkin=True,
    )
    assert selectors.pressures_for_checkin(household=home.household) == []
    r = sam.post(_url(home, "pressure_checkin", pressure.pk), follow=True)
    assert "on the list for your next check-in" in r.content.decode()
    assert selectors.pressures_for_checkin(household=home.household) == [pressure]
    assert selectors.pressures_for_checkin(household=home.other_household) == []  # type: ignore[arg-type]
    sam.post(_url(home, "pressure_checkin", pressure.pk), {"bring": "0"})
    assert selectors.pressures_for_checkin(household=home.household) == []
    sam.post(_url(home, "pressure_checkin", pressure.pk))

    r = robin.post(_url(home, "pressure_resolve", pressure.pk), follow=True)
    assert "Resolved." in r.content.decode()
    assert selectors.pressures_for_checkin(household=home.household) == []
    resolved = _page(sam, _url(home, "pressures")).split('id="resolved-h"')[1]
    assert SECRET_PRESSURE in resolved
    # A resolved note takes no more stances until it is opened again.
    r = sam.post(_url(home, "pressure_stance", pressure.pk), {"stance-text": "New"}, follow=True)
    assert "This is resolved." in r.content.decode()
    sam.post(_url(home, "pressure_resolve", pressure.pk), {"resolved": "0"})
    pressure.refresh_from_db()
    assert not pressure.is_resolved
    assert private.pk not in [
        p.pk for p in selectors.pressures_for_checkin(household=home.household)
    ]


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"source": ""}, "source", "Choose where it comes from."),
        ({"source": "aliens"}, "source", "Choose where it comes from."),
        ({"expectation": "  "}, "expectation", "Write what is expected of you, or of you both."),
        ({"who": "w" * 81}, "who", "Please keep it to 80 characters (it has 81)."),
        ({"feeling": "f" * 501}, "feeling", "Please keep it to 500 characters (it has 501)."),
    ],
)
def test_a_bad_pressure_is_refused_beside_its_field(
    home: Home, data: dict[str, str], field: str, message: str
) -> None:
    r = _note(home.owner_client, home, **data)
    assert r.status_code == 400
    page = r.content.decode()
    assert message in page and f'id="id_{field}_error"' in page
    assert SECRET_PRESSURE in page or field == "expectation"  # what was typed is kept
    assert not OutsidePressure.objects.exists()


def test_an_empty_stance_is_refused(home: Home) -> None:
    pressure = _shared_pressure(home)
    r = home.partner_client.post(_url(home, "pressure_stance", pressure.pk), {"stance-text": ""})
    assert r.status_code == 400
    assert "Write where you stand on it, together." in r.content.decode()
    r = home.partner_client.post(
        _url(home, "pressure_agree", pressure.pk), {"part": "reply"}, follow=True
    )
    assert "There is no reply yet." in r.content.decode()
    pressure.refresh_from_db()
    assert pressure.stance == "" and not PressureAgreement.objects.exists()


def test_removing_a_pressure_asks_first(home: Home) -> None:
    robin = home.owner_client
    _note(robin, home)
    pressure = OutsidePressure.objects.get()
    page = _page(robin, _url(home, "pressure_delete", pressure.pk))
    assert "Remove this?" in page and SECRET_PRESSURE in page
    assert OutsidePressure.objects.exists()
    robin.post(_url(home, "pressure_delete", pressure.pk))
    assert not OutsidePressure.objects.exists()


def test_the_author_edits_a_note(home: Home) -> None:
    robin = home.owner_client
    _note(robin, home)
    pressure = OutsidePressure.objects.get()
    url = _url(home, "pressure_edit", pressure.pk)
    assert "My mother" in _page(robin, url)
    r = robin.post(url, PRESSURE | {"expectation": ""})
    assert r.status_code == 400
    r = robin.post(url, PRESSURE | {"who": "My dad"})
    assert r.status_code == 302
    pressure.refresh_from_db()
    assert pressure.who == "My dad"


# --- queries --------------------------------------------------------------------------------


def _fill(home: Home, n: int) -> dict[str, int]:
    """``n`` of everything: values, versions, goals with milestones, pressures with agreement."""
    ValuesCard.objects.all().delete()
    for model in (MissionVersion, Goal, OutsidePressure):
        model.objects.all().delete()
    keys = ["honesty", "fun", "calm", "rest", "trust", "kindness"][:n]
    for member in (home.owner, home.partner):
        services.values_save(
            member=member, keys=keys, own_words=", ".join(f"own {i}" for i in range(n))
        )
        services.values_share(member=member)
    for i in range(n):
        version = services.mission_save(member=home.owner, text=f"Version {i}")
        services.mission_agree(member=home.partner, version=version)
    for i in range(n):
        goal = services.goal_save(
            member=home.owner, goal=None, title=f"Goal {i}", owners=[home.owner, home.partner]
        )
        for j in range(n):
            m = services.milestone_save(
                member=home.owner, goal=goal, milestone=None, title=f"Step {j}", owner=home.partner
            )
            if j % 2:
                services.milestone_done(member=home.owner, milestone=m)
        if i % 2:
            services.goal_reached(member=home.owner, goal=goal)
    for i in range(n):
        p = services.pressure_save(
            member=home.partner if i % 2 else home.owner,
            pressure=None,
            source="work",
            expectation=f"Expectation {i}",
        )
        services.pressure_share(member=p.author, pressure=p)
        services.pressure_write(member=home.owner, pressure=p, part="stance", text=f"Stance {i}")
        services.pressure_agree(member=home.partner, pressure=p, part="stance")
        services.pressure_write(member=home.owner, pressure=p, part="reply", text=f"Reply {i}")
    return {"goal": goal.pk, "pressure": p.pk, "version": version.pk}


@pytest.mark.parametrize(
    "name, arg",
    [
        ("values", None),
        ("mission", None),
        ("mission_version", "version"),
        ("goals", None),
        ("goal", "goal"),
        ("pressures", None),
        ("pressure", "pressure"),
    ],
)
def test_pages_ask_the_database_as_often_however_much_there_is(
    home: Home, name: str, arg: str | None
) -> None:
    counts = []
    for n in (1, 6):
        ids = _fill(home, n)
        url = _url(home, name, ids[arg]) if arg else _url(home, name)
        with CaptureQueriesContext(connection) as queries:
            assert home.owner_client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
