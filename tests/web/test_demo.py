"""The demo household: what `make run`, `manage.py demo` and `evenly demo` load."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db.models import F
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from evenly.cli import main
from evenly.demo import DEMO_EMAILS, DEMO_PASSWORD, DEMO_URL, DemoResult, demo_load

pytestmark = pytest.mark.django_db(transaction=False)


def _snapshot() -> dict[str, object]:
    """Everything about the demo that does not depend on database ids."""
    from evenly.accounts.models import User
    from evenly.cards.models import Card, Rating
    from evenly.deals.models import Acceptance, Deal, DealCard
    from evenly.households.models import Household, Member
    from evenly.week.models import Away, Cover, LogEntry

    deal = Deal.objects.get(status=Deal.Status.ACTIVE)
    invisible = LogEntry.objects.exclude(kind=LogEntry.Kind.DID)
    return {
        "users": sorted(User.objects.values_list("email", flat=True)),
        "households": Household.objects.count(),
        "members": sorted(
            Member.objects.values_list("display_name", "paid_hours", "personal_time_goal_minutes")
        ),
        "cards": sorted(
            Card.objects.values_list(
                "name", "category", "cadence", "minutes", "mental_minutes", "standard"
            )
        ),
        "ratings": sorted(
            Rating.objects.values_list(
                "card__name", "member__display_name", "preference", "minutes"
            )
        ),
        "deals": Deal.objects.count(),
        "owners": sorted(
            DealCard.objects.filter(deal=deal).values_list("name", "owner__display_name", "locked")
        ),
        "acceptances": Acceptance.objects.count(),
        "aways": Away.objects.count(),
        "covers": Cover.objects.count(),
        "invisible": sorted(
            invisible.values_list("member__display_name", "kind", "card__name", "minutes")
        ),
        "unplanned": sorted(
            LogEntry.objects.filter(card=None).values_list("member__display_name", "title")
        ),
    }


def test_the_demo_household_is_complete() -> None:
    from evenly.cards.models import Rating
    from evenly.deals.models import Deal
    from evenly.households.models import Household
    from evenly.week.models import Away, Cover, LogEntry

    result = demo_load()
    assert isinstance(result, DemoResult)
    household = Household.objects.get(pk=result.household_id)
    assert household.name == "Robin & Sam"
    assert household.time_zone == "Europe/London"
    assert household.fairness == "total-work"

    members = list(household.members.filter(left_at__isnull=True))
    assert [m.display_name for m in members] == ["Robin", "Sam"]
    assert {m.user.email for m in members} == set(DEMO_EMAILS)
    assert {m.display_name: int(m.paid_hours) for m in members} == {"Robin": 38, "Sam": 30}
    # Sam came in through an invitation link, which is now used.
    assert household.invitations.get().status == "used"

    cards = household.cards.all()
    assert cards.count() >= 55
    assert result.cards == cards.count()
    for member in members:
        assert Rating.objects.filter(member=member).count() == cards.count()
    assert cards.get(name="Caring for an elderly parent").locked_to.display_name == "Robin"
    assert {m.display_name for m in cards.get(name="Bedtime routine").rotation.all()} == {
        "Robin",
        "Sam",
    }
    assert cards.filter(catalog_key="weeknight-dinners").exists()

    deal = household.deals.get()
    assert deal.status == Deal.Status.ACTIVE
    assert {a.member.display_name for a in deal.acceptances.all()} == {"Robin", "Sam"}
    assert deal.cards.count() == cards.count()

    # The household, and so every card's schedule, began 8 weeks ago.
    today = household.today()
    start = today - timedelta(weeks=8)
    assert household.schedule_anchor == start
    assert deal.activated_at is not None
    assert deal.activated_at.astimezone(household.zone).date() == start

    entries = LogEntry.objects.filter(household=household)
    assert entries.count() == result.entries
    first = entries.order_by("done_on").first()
    last = entries.order_by("-done_on").first()
    assert first is not None and last is not None
    assert first.done_on <= start + timedelta(days=2)
    assert last.done_on == today - timedelta(days=1)
    assert not entries.filter(done_on__gte=today).exists()
    kinds = Counter(entries.values_list("kind", flat=True))
    assert kinds[LogEntry.Kind.DID] > 500
    assert kinds[LogEntry.Kind.NOTICED] > 0 and kinds[LogEntry.Kind.PLANNED] > 0
    # Every scheduled completion was done on its day by one of the household.
    scheduled = entries.filter(kind=LogEntry.Kind.DID, due_on__isnull=False)
    assert not scheduled.exclude(done_on=F("due_on")).exists()
    # Sam carries more of the invisible work, so the balance has something to show.
    invisible = Counter(
        entries.exclude(kind=LogEntry.Kind.DID).values_list("member__display_name", flat=True)
    )
    assert invisible["Sam"] > invisible["Robin"] > 0
    # Some occurrences were let slide: about one in ten.
    from evenly.week.selectors import schedule

    dues = schedule(household=household, start=start, end=today - timedelta(days=1))
    done = sum(1 for d in dues if d.done)
    assert 0.8 * len(dues) < done < 0.95 * len(dues)

    away = Away.objects.get(household=household)
    assert away.member.display_name == "Sam"
    assert away.ends_on < today
    cover = Cover.objects.get(household=household)
    assert cover.member.display_name == "Robin" and cover.covered_for.display_name == "Sam"
    assert away.starts_on <= cover.due_on <= away.ends_on
    covered = entries.get(card=cover.card, due_on=cover.due_on, kind=LogEntry.Kind.DID)
    assert covered.member.display_name == "Robin"
    assert covered.covered_for.display_name == "Sam"


def test_the_demo_logins_work() -> None:
    result = demo_load()
    assert [login.email for login in result.logins] == list(DEMO_EMAILS)
    for login in result.logins:
        assert login.password == DEMO_PASSWORD
        client = Client()
        # The throttling backend needs a request to look at.
        assert client.login(request=HttpRequest(), email=login.email, password=login.password)
        # And through the real login form.
        client = Client()
        response = client.post("/login/", {"username": login.email, "password": login.password})
        assert response.status_code == 302
        assert client.get("/").status_code in {200, 302}
        assert Client().login(request=HttpRequest(), email=login.email, password="wrong") is False


def test_the_demo_pages_open() -> None:
    result = demo_load()
    client = Client()
    assert client.login(request=HttpRequest(), email=result.logins[0].email, password=DEMO_PASSWORD)
    for page in ("week/", "deal/", "cards/"):
        response = client.get(f"/h/{result.household_id}/{page}")
        assert response.status_code == 200, page


def test_loading_twice_leaves_one_demo_household_with_the_same_contents() -> None:
    from evenly.households.models import Household
    from evenly.week.models import LogEntry

    first = demo_load()
    before = _snapshot()
    did_before = LogEntry.objects.filter(kind=LogEntry.Kind.DID, due_on__isnull=False).count()
    second = demo_load()
    after = _snapshot()
    did_after = LogEntry.objects.filter(kind=LogEntry.Kind.DID, due_on__isnull=False).count()

    assert Household.objects.count() == 1
    assert not Household.objects.filter(pk=first.household_id).exists()
    assert after == before
    assert second.cards == first.cards
    # Scheduled completions follow the schedule, whose days for cards that come round less than
    # weekly are offset by the card's database id, so a rebuild can move a monthly card into or
    # out of the 8 weeks: the count may differ by a few, never by much.
    assert abs(did_after - did_before) <= 0.02 * did_before

    # Another seed tells another story.
    demo_load(seed=8)
    assert _snapshot()["invisible"] != after["invisible"]


def test_the_management_command_loads_it_and_prints_the_logins(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from evenly.households.models import Household

    call_command("demo")
    out = capsys.readouterr().out
    assert DEMO_URL in out
    for email in DEMO_EMAILS:
        assert email in out
    assert DEMO_PASSWORD in out
    call_command("demo")
    assert Household.objects.count() == 1


def test_evenly_demo_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from evenly.households.models import Household

    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "http://127.0.0.1:8000/" in out
    assert "robin@demo.evenly" in out and "sam@demo.evenly" in out
    assert "password evenly-demo" in out
    assert "history" in err  # the progress lines
    assert Household.objects.count() == 1


def test_the_demo_replaces_only_the_demo_household() -> None:
    from evenly.accounts.services import account_create
    from evenly.households.models import Household
    from evenly.households.services import household_create

    other = account_create(email="someone@example.org", password="another pass phrase")
    kept = household_create(
        user=other, name="Elsewhere", time_zone="Europe/Paris", fairness="equal", display_name="Al"
    )
    demo_load()
    demo_load()
    assert Household.objects.filter(pk=kept.pk).exists()
    assert Household.objects.count() == 2


def test_the_demo_shows_the_loop_working() -> None:
    """Cards due today and overdue, a chosen day, a calendar link and a reminder waiting."""
    from evenly.calendars.models import Feed
    from evenly.households.models import Household
    from evenly.pages.needs import needs_for
    from evenly.reminders.models import Reminder, Status

    result = demo_load()
    household = Household.objects.get(pk=result.household_id)
    robin = household.members.get(display_name="Robin")
    today = household.today()
    waiting = [n for m in household.members.all() for n in needs_for(m, today=today)]
    assert any(n.kind == "card" and n.overdue for n in waiting)
    assert any(n.kind == "card" and n.on == today for n in waiting)
    assert household.cards.get(name="Grocery shopping").weekdays != 0
    assert Feed.objects.filter(member=robin).count() == 1
    pending = Reminder.objects.filter(member=robin, status=Status.PENDING)
    assert pending.filter(kind="digest").count() == 1
    assert pending.get(kind="digest").due_at > timezone.now()
