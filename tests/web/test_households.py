"""Households: create, invite by link, join, leave, and each member's details and settings."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evenly.accounts.models import User
from evenly.accounts.services import account_create
from evenly.cards.models import Rating
from evenly.households.models import MAX_MEMBERS, Household, Invitation, Member
from evenly.households.services import invitation_accept, invitation_create
from tests.conftest import PASSWORD, Home
from tests.web.form_html import field_errors, field_value


def client_for(email: str) -> tuple[User, Client]:
    user = account_create(email=email, password=PASSWORD)
    client = Client()
    client.force_login(user)
    return user, client


def url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def make_link(home: Home, client: Client | None = None) -> str:
    """Make an invitation link the way a member does, and read it off the members page."""
    client = client or home.owner_client
    r = client.post(url(home, "invitation_create"))
    assert r.status_code == 302 and r.url == url(home, "members")
    page = client.get(url(home, "members")).content.decode()
    found = re.search(r'value="https?://testserver(/join/[^"]+/)"', page)
    assert found, "the members page does not show the new link"
    return found.group(1)


def active_names(home: Home) -> list[str]:
    return list(
        home.household.members.filter(left_at__isnull=True).values_list("display_name", flat=True)
    )


# --- create -------------------------------------------------------------------------------


def test_create_a_household(home: Home) -> None:
    kim, client = client_for("kim@example.org")
    page = client.get(reverse("household_create")).content.decode()
    assert field_value(page, "time_zone") == "Europe/London"
    assert not re.search(r'name="[^"]*gender', page)
    r = client.post(
        reverse("household_create"),
        {
            "name": "  Kim's place ",
            "display_name": "Kim",
            "time_zone": "America/New_York",
            "fairness": "free-time",
        },
    )
    household = Household.objects.get(members__user=kim)
    assert r.status_code == 302 and r.url == reverse("catalog", args=[household.pk])
    assert household.name == "Kim's place"
    assert household.time_zone == "America/New_York"
    assert household.fairness == "free-time"
    assert household.members.get().display_name == "Kim"
    assert client.get(reverse("members", args=[household.pk])).status_code == 200


def test_create_a_household_shows_errors_beside_fields_and_keeps_what_was_typed(
    home: Home,
) -> None:
    _, client = client_for("kim@example.org")
    before = Household.objects.count()
    data = {
        "name": "Kim's place",
        "display_name": "",
        "time_zone": "Mars/Olympus_Mons",
        "fairness": "whatever",
    }
    r = client.post(reverse("household_create"), data)
    assert r.status_code in (200, 400)
    html = r.content.decode()
    assert field_errors(html, "display_name")
    assert any("valid choice" in e for e in field_errors(html, "time_zone"))
    assert any("valid choice" in e for e in field_errors(html, "fairness"))
    assert field_errors(html, "name") == []
    assert field_value(html, "name") == "Kim&#x27;s place"
    r = client.post(
        reverse("household_create"),
        {"name": "x" * 81, "display_name": "Kim", "time_zone": "Europe/Paris", "fairness": "equal"},
    )
    html = r.content.decode()
    assert field_errors(html, "name")
    assert field_value(html, "display_name") == "Kim"
    assert field_value(html, "time_zone") == "Europe/Paris"
    assert Household.objects.count() == before


# --- invitations and joining --------------------------------------------------------------


def test_an_invitation_link_works_once(home: Home) -> None:
    link = make_link(home)
    token = link.split("/")[2]
    # Shown once, and only its hash is kept.
    again = home.owner_client.get(url(home, "members")).content.decode()
    assert token not in again
    assert not Invitation.objects.filter(token_hash=token).exists()
    invitation = home.household.invitations.get(used_at__isnull=True)
    lifetime = invitation.expires_at - invitation.created_at
    assert abs(lifetime - timedelta(days=7)) < timedelta(seconds=5)

    _, kim_client = client_for("kim@example.org")
    page = kim_client.get(link).content.decode()
    assert "Robin invites you to <em>Robin &amp; Sam</em>" in page
    r = kim_client.post(link, {"display_name": "Kim"})
    assert r.status_code == 302 and r.url == url(home, "rate")
    assert active_names(home) == ["Robin", "Sam", "Kim"]
    assert kim_client.get(url(home, "week")).status_code == 200

    _, lee_client = client_for("lee@example.org")
    r = lee_client.get(link)
    assert r.status_code == 410 and "has already been used" in r.content.decode()
    r = lee_client.post(link, {"display_name": "Lee"})
    assert r.status_code == 410
    assert active_names(home) == ["Robin", "Sam", "Kim"]
    r = lee_client.get("/join/made-up-token/")
    assert r.status_code == 404


def test_an_invitation_expires_after_seven_days(home: Home) -> None:
    link = make_link(home)
    invitation = home.household.invitations.get(used_at__isnull=True)
    _, kim_client = client_for("kim@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() + timedelta(minutes=1)
    )
    assert kim_client.get(link).status_code == 200  # still good, just
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    r = kim_client.get(link)
    assert r.status_code == 410 and "This invitation has expired" in r.content.decode()
    assert kim_client.post(link, {"display_name": "Kim"}).status_code == 410
    assert active_names(home) == ["Robin", "Sam"]
    # No longer listed as open.
    page = home.owner_client.get(url(home, "members")).content.decode()
    assert "Open invitations" not in page


def test_an_invitation_can_be_revoked(home: Home) -> None:
    link = make_link(home)
    invitation = home.household.invitations.get(used_at__isnull=True)
    page = home.owner_client.get(url(home, "members")).content.decode()
    assert url(home, "invitation_revoke", invitation.pk) in page
    # Any member can revoke it.
    r = home.partner_client.post(url(home, "invitation_revoke", invitation.pk))
    assert r.status_code == 302
    _, kim_client = client_for("kim@example.org")
    r = kim_client.get(link)
    assert r.status_code == 410 and "was withdrawn" in r.content.decode()
    assert kim_client.post(link, {"display_name": "Kim"}).status_code == 410
    assert active_names(home) == ["Robin", "Sam"]


def test_a_member_cannot_join_twice(home: Home) -> None:
    link = make_link(home)
    r = home.partner_client.post(link, {"display_name": "Sam again"})
    assert r.status_code == 400
    assert "already a member" in r.content.decode()
    assert active_names(home) == ["Robin", "Sam"]
    # The link is not used up by the refusal.
    _, kim_client = client_for("kim@example.org")
    assert kim_client.post(link, {"display_name": "Kim"}).status_code == 302


def test_display_names_are_unique_in_a_household(home: Home) -> None:
    link = make_link(home)
    _, kim_client = client_for("kim@example.org")
    r = kim_client.post(link, {"display_name": " ROBIN "})
    assert r.status_code == 400
    html = r.content.decode()
    assert field_errors(html, "display_name") == ["Someone in this household has that name."]
    assert field_value(html, "display_name") == " ROBIN "
    assert active_names(home) == ["Robin", "Sam"]

    r = home.partner_client.post(
        url(home, "member_update"),
        {
            "me-display_name": "robin",
            "me-paid_hours": "20",
            "me-personal_time_goal_minutes": "60",
            "me-share": "",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert field_errors(html, "me-display_name") == ["Someone in this household has that name."]
    assert field_value(html, "me-paid_hours") == "20"
    home.partner.refresh_from_db()
    assert home.partner.display_name == "Sam" and home.partner.paid_hours == 0
    # Another household may have its own Robin.
    olly = home.outsider_client
    r = olly.post(
        reverse("member_update", args=[home.other_household.pk]),
        {
            "me-display_name": "Robin",
            "me-paid_hours": "0",
            "me-personal_time_goal_minutes": "0",
            "me-share": "",
        },
    )
    assert r.status_code == 302


def test_a_household_has_at_most_eight_members(home: Home) -> None:
    spare = invitation_create(household=home.household, member=home.owner)
    for i in range(MAX_MEMBERS - 2):
        user = account_create(email=f"m{i}@example.org", password=PASSWORD)
        new = invitation_create(household=home.household, member=home.owner)
        invitation_accept(token=new.token, user=user, display_name=f"Member {i}")
    assert len(active_names(home)) == MAX_MEMBERS

    page = home.owner_client.get(url(home, "members")).content.decode()
    assert "at most 8 members" in page
    assert url(home, "invitation_create") not in page
    before = Invitation.objects.count()
    r = home.owner_client.post(url(home, "invitation_create"), follow=True)
    assert "at most 8 members" in r.content.decode()
    assert Invitation.objects.count() == before
    # A link made before the household filled up no longer lets anyone in.
    _, kim_client = client_for("kim@example.org")
    r = kim_client.post(f"/join/{spare.token}/", {"display_name": "Kim"})
    assert r.status_code == 400
    assert "already has 8 members" in r.content.decode()
    assert len(active_names(home)) == MAX_MEMBERS


def test_the_join_page_tells_visitors_who_invites_them_then_sends_them_to_log_in_and_back(
    home: Home,
) -> None:
    link = make_link(home)
    visitor = Client()
    r = visitor.get(link)
    assert r.status_code == 200
    invite = r.content.decode()
    assert "Robin invites you to <em>Robin &amp; Sam</em>" in invite
    assert "What Evenly will ask of you" in invite and "What stays private" in invite
    assert f'href="/signup/?next={link}"' in invite
    assert f'href="/login/?next={link}"' in invite
    assert 'name="display_name"' not in invite  # the name is asked once signed in
    # Sending the form signed out joins nobody: it goes to sign-up, which comes back.
    r = visitor.post(link, {"display_name": "Kim"})
    assert r.status_code == 302 and r.url == f"/signup/?next={link.replace('/', '%2F')}"
    assert active_names(home) == ["Robin", "Sam"]
    page = visitor.get(f"/login/?next={link}").content.decode()
    assert f'name="next" value="{link}"' in page
    assert f'href="/signup/?next={link}"' in page
    account_create(email="kim@example.org", password=PASSWORD)
    r = visitor.post("/login/", {"username": "kim@example.org", "password": PASSWORD, "next": link})
    assert r.status_code == 302 and r.url == link
    assert visitor.post(link, {"display_name": "Kim"}).status_code == 302
    assert active_names(home) == ["Robin", "Sam", "Kim"]


# --- leaving ------------------------------------------------------------------------------


def test_leaving_asks_first_then_leaves(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    sam = home.partner_client
    r = sam.get(url(home, "leave"))
    assert r.status_code == 200
    page = r.content.decode()
    assert "Leave Robin &amp; Sam?" in page
    assert "Your ratings are deleted" in page
    assert re.search(r'<form method="post"', page)
    assert active_names(home) == ["Robin", "Sam"]  # looking changes nothing

    r = sam.post(url(home, "leave"))
    assert r.status_code == 302 and r.url == reverse("home")
    assert active_names(home) == ["Robin"]
    assert Member.objects.get(pk=home.partner.pk).left_at is not None
    assert not Rating.objects.filter(member=home.partner).exists()
    assert sam.get(url(home, "week")).status_code == 404
    assert "You have left Robin &amp; Sam" in sam.get(reverse("home")).content.decode()
    assert home.owner_client.get(url(home, "week")).status_code == 200

    # The last one out takes the household.
    other = home.other_household
    assert home.outsider_client.post(reverse("leave", args=[other.pk])).status_code == 302
    assert not Household.objects.filter(pk=other.pk).exists()


# --- member details and household settings ------------------------------------------------


def test_member_details_form_keeps_what_was_typed(home: Home) -> None:
    r = home.owner_client.post(
        url(home, "member_update"),
        {
            "me-display_name": "Robin the Great",
            "me-paid_hours": "200",
            "me-personal_time_goal_minutes": "90",
            "me-share": "1.5",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert field_errors(html, "me-paid_hours") == ["Paid hours a week must be from 0 to 100 hours."]
    assert field_errors(html, "me-share") == ["A share must be from 0 to 1."]
    assert field_errors(html, "me-display_name") == []
    assert field_value(html, "me-display_name") == "Robin the Great"
    assert field_value(html, "me-paid_hours") == "200"
    assert field_value(html, "me-personal_time_goal_minutes") == "90"
    assert field_value(html, "me-share") == "1.5"
    # Nothing was saved, and the rest of the page shows what is saved.
    home.owner.refresh_from_db()
    assert home.owner.display_name == "Robin"
    assert home.owner.paid_hours == 0 and home.owner.personal_time_goal_minutes == 0
    assert '<span class="item-title">Robin</span>' in html

    r = home.owner_client.post(
        url(home, "member_update"),
        {
            "me-display_name": " Robin R ",
            "me-paid_hours": "37.5",
            "me-personal_time_goal_minutes": "240",
            "me-share": "",
        },
    )
    assert r.status_code == 302
    home.owner.refresh_from_db()
    assert home.owner.display_name == "Robin R"
    assert str(home.owner.paid_hours) == "37.50"
    assert home.owner.personal_time_goal_minutes == 240


def test_household_settings_form_keeps_what_was_typed(home: Home) -> None:
    r = home.partner_client.post(
        url(home, "household_update"),
        {
            "home-name": "The Burrow",
            "home-time_zone": "Mars/Olympus_Mons",
            "home-fairness": "total-work",
            "home-tolerance_minutes": "999",
        },
    )
    assert r.status_code == 400
    html = r.content.decode()
    assert any("valid choice" in e for e in field_errors(html, "home-time_zone"))
    assert field_errors(html, "home-tolerance_minutes") == [
        "The tolerance must be from 0 to 600 minutes a week."
    ]
    assert field_value(html, "home-name") == "The Burrow"
    assert field_value(html, "home-fairness") == "total-work"
    assert field_value(html, "home-tolerance_minutes") == "999"
    assert "<h1>Robin &amp; Sam</h1>" in html  # what is saved
    home.household.refresh_from_db()
    assert home.household.name == "Robin & Sam"
    assert home.household.time_zone == "Europe/London"
    assert home.household.fairness == "equal"

    r = home.partner_client.post(
        url(home, "household_update"),
        {
            "home-name": "The Burrow",
            "home-time_zone": "Pacific/Auckland",
            "home-fairness": "total-work",
            "home-tolerance_minutes": "30",
            "home-drift_weeks": "4",
        },
    )
    assert r.status_code == 302
    home.household.refresh_from_db()
    assert home.household.name == "The Burrow"
    assert home.household.time_zone == "Pacific/Auckland"
    assert home.household.fairness == "total-work"
    assert home.household.tolerance_minutes == 30
    assert home.household.drift_weeks == 4
    assert home.household.today() == timezone.now().astimezone(home.household.zone).date()


def test_names_that_differ_only_by_case_spacing_or_width_are_one_name(home: Home) -> None:
    """ "Robin", "robin", "Ｒobin" (full-width) and "Sam  Smith" vs "Sam Smith" clash everywhere
    a display name is given: joining by invitation and changing one's details."""
    link = make_link(home)
    _, kim_client = client_for("kim@example.org")
    for typed in ("Ｒobin", "ROBIN\u3000"):
        r = kim_client.post(link, {"display_name": typed})
        assert r.status_code == 400, typed
        assert field_errors(r.content.decode(), "display_name") == [
            "Someone in this household has that name."
        ]
    assert active_names(home) == ["Robin", "Sam"]
    details = {"me-paid_hours": "20", "me-personal_time_goal_minutes": "0", "me-share": ""}
    r = home.owner_client.post(
        url(home, "member_update"), details | {"me-display_name": "Sam  Smith"}
    )
    assert r.status_code == 302
    r = home.partner_client.post(
        url(home, "member_update"), details | {"me-display_name": "sam smith"}
    )
    assert r.status_code == 400
    home.partner.refresh_from_db()
    assert home.partner.display_name == "Sam"
    home.owner.refresh_from_db()
    assert home.owner.display_name == "Sam Smith"  # spaces tidied


def test_control_characters_never_reach_a_name(home: Home) -> None:
    """A terminal escape or a NUL in a name would reach the command line and emails."""
    details = {"me-paid_hours": "20", "me-personal_time_goal_minutes": "0", "me-share": ""}
    for bad in ("Robin\x1b[31m", "Ro\x00bin", "Robin\u202e"):
        r = home.owner_client.post(url(home, "member_update"), details | {"me-display_name": bad})
        assert r.status_code == 400, repr(bad)
        if "\x00" not in bad:  # Django's own check says "Null characters are not allowed."
            assert "control or invisible character" in r.content.decode()
        settings = {
            "home-name": bad,
            "home-time_zone": "Europe/London",
            "home-fairness": "equal",
            "home-tolerance_minutes": "15",
            "home-drift_weeks": "3",
        }
        r = home.owner_client.post(url(home, "household_update"), settings)
        assert r.status_code == 400, repr(bad)
        new = {"name": bad, "display_name": "Kim", "time_zone": "Europe/Paris", "fairness": "equal"}
        r = home.owner_client.post(reverse("household_create"), new)
        assert r.status_code == 400, repr(bad)
        r = home.owner_client.post(
            reverse("household_create"), new | {"name": "Ok", "display_name": bad}
        )
        assert r.status_code == 400, repr(bad)
    _, kim_client = client_for("kim@example.org")
    assert kim_client.post(make_link(home), {"display_name": "Kim\x07"}).status_code == 400
    home.owner.refresh_from_db()
    home.household.refresh_from_db()
    assert home.owner.display_name == "Robin" and home.household.name == "Robin & Sam"
    assert Household.objects.count() == 2  # Robin & Sam's and the outsider's
    # An emoji family keeps its zero-width joiners.
    r = home.owner_client.post(
        url(home, "member_update"), details | {"me-display_name": "Robin 👨\u200d👩\u200d👧"}
    )
    assert r.status_code == 302


def test_paid_hours_above_core_bound_are_refused_so_deals_are_not_blocked(home: Home) -> None:
    """The form allowed 112 hours while the deal engine caps 100: 105 blocked every deal."""
    details = {"me-display_name": "Robin", "me-personal_time_goal_minutes": "0", "me-share": ""}
    r = home.owner_client.post(url(home, "member_update"), details | {"me-paid_hours": "105"})
    assert r.status_code == 400
    assert field_errors(r.content.decode(), "me-paid_hours") == [
        "Paid hours a week must be from 0 to 100 hours."
    ]
    r = home.owner_client.post(url(home, "member_update"), details | {"me-paid_hours": "100"})
    assert r.status_code == 302
    r = home.owner_client.get(url(home, "members"))
    assert 'max="100"' in r.content.decode()
