"""The registries that let a lower app call into the apps above it without importing them:
leaving a household runs each app's own clean-up, and the account pages list the person's
households through what `households` registered with `accounts`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evenly.calendars.services import feeds_revoke_for_leaver
from evenly.cards.services import cards_member_left
from evenly.checkins.services import checkins_member_left
from evenly.deals.services import deals_member_left, deals_member_renamed
from evenly.felt.services import felt_member_left
from evenly.growth.services import growth_member_left
from evenly.households import hooks
from evenly.households.history import Kind
from evenly.households.models import Member
from evenly.households.services import member_leave, member_update
from evenly.reminders.services import reminders_member_left
from evenly.values.services import values_member_left
from tests.conftest import Home


def test_every_app_that_keeps_a_members_things_registered_its_clean_up() -> None:
    assert set(hooks.member_leave_hooks()) == {
        feeds_revoke_for_leaver,
        cards_member_left,
        checkins_member_left,
        deals_member_left,
        felt_member_left,
        growth_member_left,
        reminders_member_left,
        values_member_left,
    }


def test_the_deals_follow_a_members_new_name() -> None:
    assert hooks.member_rename_hooks() == (deals_member_renamed,)


def test_registering_twice_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "_ON_LEAVE", [])
    hooks.on_member_leave(cards_member_left)
    hooks.on_member_leave(cards_member_left)
    assert hooks.member_leave_hooks() == (cards_member_left,)


def test_leaving_runs_every_hook_with_the_member_after_they_are_marked_gone(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, bool]] = []

    def spy(member: Member) -> None:
        seen.append((member.display_name, member.left_at is not None))

    monkeypatch.setattr(hooks, "_ON_LEAVE", [*hooks.member_leave_hooks(), spy])
    member_leave(member=home.partner)
    assert seen == [("Sam", True)]


def test_a_failing_clean_up_leaves_the_member_in_the_household(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(member: Member) -> None:
        raise RuntimeError("clean-up failed")

    monkeypatch.setattr(hooks, "_ON_LEAVE", [*hooks.member_leave_hooks(), broken])
    with pytest.raises(RuntimeError):
        member_leave(member=home.partner)
    partner = Member.objects.get(pk=home.partner.pk)
    assert partner.left_at is None
    assert not home.household.events.filter(kind=Kind.MEMBER_LEFT).exists()


def test_a_rename_runs_its_hooks_with_the_old_name_once_and_a_failing_one_keeps_the_name(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, str]] = []

    def spy(member: Member, was: str) -> None:
        seen.append((was, Member.objects.get(pk=member.pk).display_name))

    def rename(name: str) -> None:
        member_update(
            member=home.partner,
            display_name=name,
            paid_hours=home.partner.paid_hours,
            personal_time_goal_minutes=home.partner.personal_time_goal_minutes,
            share=home.partner.share,
        )

    monkeypatch.setattr(hooks, "_ON_RENAME", [spy])
    rename("Sasha")
    rename("Sasha")  # the same name again: nothing to follow
    assert seen == [("Sam", "Sasha")]

    def broken(member: Member, was: str) -> None:
        raise RuntimeError("following the name failed")

    monkeypatch.setattr(hooks, "_ON_RENAME", [broken])
    with pytest.raises(RuntimeError):
        rename("Kit")
    assert Member.objects.get(pk=home.partner.pk).display_name == "Sasha"


def test_the_account_page_links_each_household_the_person_is_in(home: Home) -> None:
    page = home.owner_client.get(reverse("account")).content.decode()
    assert f'href="{reverse("week", args=[home.household.pk])}"' in page
    assert "Robin &amp; Sam" in page
    assert "Olly" not in page  # the outsider's household is not theirs
