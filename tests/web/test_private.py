"""The one rule for what stays private (``evenly.households.private``), on its own and where the
apps use it; and the household-scoped QuerySets every household model has."""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.http import Http404
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from evenly.cards import selectors as card_selectors
from evenly.cards.services import rating_set
from evenly.checkins.access import visible_items
from evenly.checkins.models import Checkin, Item
from evenly.growth.access import visible_aspirations
from evenly.growth.models import Aspiration
from evenly.households.access import household_object
from evenly.households.models import Household, HouseholdQuerySet, Member
from evenly.households.private import Seal, everyone_answered
from evenly.households.services import member_leave
from evenly.perception.models import Round
from evenly.perception.services import estimate_submit, round_start
from evenly.values import selectors as values_selectors
from evenly.values.access import visible_pressures
from evenly.values.models import Goal, Milestone, OutsidePressure
from evenly.values.services import values_save, values_share
from tests.conftest import Home

ids = st.frozensets(st.integers(min_value=1, max_value=9), max_size=6)


# --- the seal, on its own --------------------------------------------------------------------


@given(members=ids, answered=ids, at_least=st.integers(0, 3), author=st.integers(1, 9))
def test_the_author_always_sees_their_own(
    members: frozenset[int], answered: frozenset[int], at_least: int, author: int
) -> None:
    assert Seal(members, answered, at_least).visible(author=author, viewer=author)


@given(
    members=ids,
    answered=ids,
    at_least=st.integers(0, 3),
    author=st.integers(1, 9),
    viewer=st.integers(1, 9),
)
def test_nothing_of_another_member_shows_until_every_current_member_has_answered(
    members: frozenset[int], answered: frozenset[int], at_least: int, author: int, viewer: int
) -> None:
    seal = Seal(members, answered, at_least)
    if author != viewer and seal.visible(author=author, viewer=viewer):
        assert members <= answered  # everyone current has answered
        assert len(members) >= at_least
        assert author in members and viewer in members  # neither has left
    assert seal.is_open == (not seal.waiting and len(members) >= at_least)
    assert seal.is_open == everyone_answered(members=members, answered=answered, at_least=at_least)
    assert seal.readable(viewer) <= answered | {viewer}


@given(members=ids, answered=ids, leaver=st.integers(1, 9), viewer=st.integers(1, 9))
def test_a_member_who_leaves_never_leaks(
    members: frozenset[int], answered: frozenset[int], leaver: int, viewer: int
) -> None:
    """Once a member has left, their answer is read by nobody else, whoever still answers."""
    after = Seal(members - {leaver}, answered | members, 1)  # everyone left has answered
    if viewer != leaver:
        assert not after.visible(author=leaver, viewer=viewer)
        assert leaver not in after.readable(viewer)


def test_ratings_need_two_members_and_everyone_done() -> None:
    assert not Seal.of(members=[1], answered=[1], at_least=2).is_open
    assert not Seal.of(members=[1, 2], answered=[1], at_least=2).is_open
    assert Seal.of(members=[1, 2], answered=[1, 2, 3], at_least=2).is_open
    assert not everyone_answered(members=[], answered=[])


# --- where the apps use it -------------------------------------------------------------------


def _rate_all(member: Member) -> None:
    for card in member.household.cards.all():
        rating_set(member=member, card=card, preference="fine", standard=f"{member} way")


def test_ratings_open_when_the_last_current_member_finishes_and_not_before(home: Home) -> None:
    _rate_all(home.owner)
    assert not card_selectors.ratings_revealed(household=home.household)
    assert card_selectors.standards_disagreements(household=home.household) == []
    _rate_all(home.partner)
    assert card_selectors.ratings_revealed(household=home.household)
    assert card_selectors.standards_disagreements(household=home.household)


def test_a_member_who_leaves_with_a_shared_values_card_is_not_shown(home: Home) -> None:
    household = home.household
    third = Member.objects.create(household=household, display_name="Alex")
    for member, key in ((home.owner, "fun"), (third, "honesty")):
        values_save(member=member, keys=[key], stand_for=f"{member} stands")
        values_share(member=member)
    member_leave(member=third)  # a shared card stays in the record…
    assert not values_selectors.values_view(member=home.owner).everyone_shared
    values_save(member=home.partner, keys=["rest"])
    values_share(member=home.partner)
    view = values_selectors.values_view(member=home.owner)
    assert view.everyone_shared
    # …but only current members' cards open.
    assert {c.member.display_name for c in view.cards} == {"Robin", "Sam"}


def test_a_perception_round_closes_when_every_current_member_has_answered(home: Home) -> None:
    check, _ = round_start(member=home.owner)
    estimate_submit(member=home.owner, round=check, home_share=50, mental_share=50)
    assert Round.objects.get(pk=check.pk).is_open
    estimate_submit(member=home.partner, round=check, home_share=40, mental_share=60)
    assert not Round.objects.get(pk=check.pk).is_open


def test_shared_by_author_rows_are_visible_to_their_author_and_once_shared(home: Home) -> None:
    robin, sam, olly = home.owner, home.partner, home.outsider
    now = timezone.now()
    checkin = Checkin.objects.create(household=home.household, opens_at=now)
    theirs = Checkin.objects.create(household=home.other_household, opens_at=now)
    private = Item.objects.create(checkin=checkin, author=robin, kind="appreciation", text="a")
    shared = Item.objects.create(
        checkin=checkin, author=robin, kind="appreciation", text="b", shared_at=now
    )
    elsewhere = Item.objects.create(
        checkin=theirs, author=olly, kind="appreciation", text="c", shared_at=now
    )
    assert set(visible_items(robin)) == {private, shared}
    assert set(visible_items(sam)) == {shared}
    assert set(visible_items(olly)) == {elsewhere}

    mine = Aspiration.objects.create(household=home.household, member=sam, title="Run")
    assert set(visible_aspirations(sam)) == {mine}
    assert set(visible_aspirations(robin)) == set()

    note = OutsidePressure.objects.create(
        household=home.household, author=sam, source="family", expectation="Sunday lunch"
    )
    assert set(visible_pressures(robin)) == set()
    note.shared_at = now
    note.save()
    assert set(visible_pressures(robin)) == {note}
    assert set(visible_pressures(olly)) == set()


# --- household-scoped QuerySets --------------------------------------------------------------


def _household_models() -> list[type]:
    return [
        m
        for m in apps.get_models()
        if m.__module__.startswith("evenly.")
        and m is not Household
        # Accounts belong to people, and the project's own rows (the worker's periodic runs)
        # to no household; so do the API's kept answers (a person's, by their key).
        and m._meta.app_label not in {"accounts", "web", "api"}
    ]


def test_every_household_model_reads_one_household_through_its_queryset(home: Home) -> None:
    models = _household_models()
    assert len(models) > 30
    for model in models:
        rows = model._default_manager.all()
        assert isinstance(rows, HouseholdQuerySet), model.__name__
        # The path is a real lookup: the query runs.
        rows.for_household(home.household).count()


def test_household_object_follows_the_parent_to_the_household(home: Home) -> None:
    goal = Goal.objects.create(household=home.other_household, title="Their goal")
    step = Milestone.objects.create(goal=goal, title="Step", owner=home.outsider)
    with pytest.raises(Http404):
        household_object(Milestone, home.household, step.pk)
    assert household_object(Milestone, home.other_household, step.pk) == step
    assert set(Milestone.objects.for_household(home.household)) == set()
    ours = Goal.objects.create(household=home.household, title="Ours", target_on=date(2030, 1, 1))
    assert list(Goal.objects.for_household(home.household)) == [ours]
