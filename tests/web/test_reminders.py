"""Reminders that respect people: on time in the member's own zone, once, never in quiet hours,
never over the cap, never about what was done meanwhile, never with private text, and easy to
stop from the email itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evenly.households.services import household_update
from evenly.pages import needs as needs_module
from evenly.pages.needs import Need
from evenly.reminders import services
from evenly.reminders.models import Preference, PushSubscription, Reminder, Status
from evenly.reminders.selectors import reminders_next_at
from evenly.reminders.services import reminders_plan, reminders_run, reminders_send
from tests.conftest import PASSWORD, Home

# Monday 7 December 2026: Europe/London is on UTC.
MONDAY = date(2026, 12, 7)


def at(hour: int, minute: int = 0, day: date = MONDAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


class Waiting:
    """A Needs-you provider for the tests: what waits on each member, changeable mid-test."""

    def __init__(self) -> None:
        self.by_member: dict[int, list[Need]] = {}
        self.calls = 0

    def __call__(self, member: Any, today: date) -> list[Need]:
        self.calls += 1
        return list(self.by_member.get(member.pk, []))


@pytest.fixture
def waiting(monkeypatch: pytest.MonkeyPatch) -> Waiting:
    provider = Waiting()
    monkeypatch.setattr(needs_module, "_need_providers", [provider])
    return provider


def card_need(home: Home, name: str, *, overdue: bool = False, n: int = 1) -> Need:
    on = MONDAY - timedelta(days=1) if overdue else MONDAY
    return Need(
        kind="card",
        key=f"card:{n}:{on}",
        title=name,
        url=reverse("week", args=[home.household.pk]),
        on=on,
        overdue=overdue,
    )


def prefs(member: Any, **values: Any) -> Preference:
    values.setdefault("digest_at", time(7, 0))
    values.setdefault("planned_on", None)
    values.setdefault("next_at", None)
    pref, _ = Preference.objects.update_or_create(member=member, defaults=values)
    return pref


def due_now(member: Any, now: datetime) -> Preference:
    """Settings under which the member's reminders of today are due at ``now`` (real time)."""
    local = now.astimezone(member.household.zone)
    moment = (local - timedelta(minutes=1)).time() if local.time() >= time(0, 1) else time(0)
    return prefs(member, digest_at=moment, quiet_start=time(0), quiet_end=time(0))


def mails_to(email: str) -> list[mail.EmailMultiAlternatives]:
    return [m for m in mail.outbox if m.to == [email]]  # type: ignore[misc]


# --- on time, once ------------------------------------------------------------------------


def test_the_digest_goes_once_at_the_members_time(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    prefs(home.partner, digest=False)
    assert reminders_run(now=at(6, 59)).sent == 0
    assert mail.outbox == []
    outcome = reminders_run(now=at(7, 0))
    assert outcome.sent == 1, outcome
    reminders_run(now=at(7, 0))  # the same moment again
    reminders_run(now=at(7, 1))
    reminders_run(now=at(12, 0))
    [sent] = mails_to("robin@example.org")
    assert "Bins out" in sent.body
    assert sent.subject == "Evenly: 1 thing waits on you today"
    assert Reminder.objects.get().key == f"digest:{home.owner.pk}:2026-12-07:email"
    assert Reminder.objects.get().status == Status.SENT


def test_the_digest_follows_the_members_own_time_zone(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner, time_zone="America/New_York")  # 07:00 there is 12:00 UTC
    reminders_run(now=at(7, 0))
    assert mail.outbox == []
    reminders_run(now=at(12, 0))
    assert len(mails_to("robin@example.org")) == 1


def test_nothing_waiting_sends_no_digest(home: Home, waiting: Waiting) -> None:
    prefs(home.owner)
    reminders_run(now=at(7, 0))
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("zone", "spring", "autumn", "repeated"),
    [
        ("Europe/Berlin", date(2026, 3, 29), date(2026, 10, 25), time(2, 30)),
        ("America/New_York", date(2026, 3, 8), date(2026, 11, 1), time(1, 30)),
    ],
)
def test_the_job_run_every_quarter_hour_sends_one_digest_on_dst_days(
    home: Home, waiting: Waiting, zone: str, spring: date, autumn: date, repeated: time
) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    for day, digest_at in ((spring, time(2, 30)), (autumn, repeated)):
        mail.outbox.clear()
        Reminder.objects.all().delete()
        prefs(
            home.owner, time_zone=zone, digest_at=digest_at, quiet_start=time(0), quiet_end=time(0)
        )
        start = datetime.combine(day - timedelta(days=1), time(22), tzinfo=UTC)
        for quarter in range(4 * 30):
            reminders_run(now=start + timedelta(minutes=15 * quarter))
        subjects = [m.subject for m in mails_to("robin@example.org")]
        days = Reminder.objects.filter(kind="digest", status=Status.SENT).values_list(
            "local_date", flat=True
        )
        assert day in days
        # One digest per local day, the clock change's day included.
        assert len(subjects) == len(set(days)), (day, subjects)


# --- quiet hours, the cap, downtime ---------------------------------------------------------


def test_reminders_wait_for_quiet_hours_to_end(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out", overdue=True)]
    # No digest; nudges at 05:00, inside quiet hours that wrap midnight (22:00 to 06:30).
    prefs(
        home.owner, digest=False, digest_at=time(5, 0), quiet_start=time(22), quiet_end=time(6, 30)
    )
    reminders_run(now=at(5, 0))
    reminders_run(now=at(6, 29))
    assert mail.outbox == []
    reminders_run(now=at(6, 30))
    [sent] = mails_to("robin@example.org")
    assert sent.subject == "Evenly: Overdue: Bins out"


def test_a_moment_whose_quiet_hours_last_into_tomorrow_sends_nothing_that_day(
    home: Home, waiting: Waiting
) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out", overdue=True)]
    prefs(home.owner, digest=False, digest_at=time(23, 30), quiet_start=time(23), quiet_end=time(6))
    for hour, minute in ((23, 30), (23, 59)):
        reminders_run(now=at(hour, minute))
    reminders_run(now=at(6, 0, MONDAY + timedelta(days=1)))  # the next day's own moment is 23:30
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_a_digest_time_inside_quiet_hours_is_refused(home: Home) -> None:
    problems = services.preference_problem(
        reminded=True, digest_at=time(23), quiet_start=time(22), quiet_end=time(7), per_day=3
    )
    assert "falls in your quiet hours (22:00 to 07:00)" in problems["digest_at"]


def test_the_daily_cap_drops_the_rest_for_good(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [
        card_need(home, f"Card {n}", overdue=True, n=n) for n in range(5)
    ]
    prefs(home.owner, per_day=3)
    reminders_run(now=at(7, 0))
    sent = mails_to("robin@example.org")
    assert len(sent) == 3
    assert sent[0].subject.startswith("Evenly: 5 things wait on you today")  # the digest first
    assert Reminder.objects.filter(status=Status.DROPPED).count() == 3
    # Later runs that day, or settings saved again, never send the dropped ones.
    Preference.objects.filter(member=home.owner).update(planned_on=None, next_at=None)
    reminders_run(now=at(9, 0))
    reminders_run(now=at(18, 0))
    assert len(mails_to("robin@example.org")) == 3


def test_after_downtime_nothing_floods(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out", overdue=True)]
    prefs(home.owner)
    # The job was down all week; it comes back on Monday afternoon, long after 07:00.
    reminders_run(now=at(15, 0))
    assert mail.outbox == []
    assert not Reminder.objects.exists()  # no rows for past days, none for a stale moment
    # Tuesday at 07:00 it is on time again: one day's reminders, not a week's.
    reminders_run(now=at(7, 0, MONDAY + timedelta(days=1)))
    assert len(mails_to("robin@example.org")) == 2  # the digest and one nudge


def test_a_reminder_of_a_past_day_is_never_sent(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner, quiet_start=time(0), quiet_end=time(0), digest_at=time(23, 50))
    reminders_plan(now=at(23, 55))  # planned, but the worker stops before sending
    reminders_send(now=at(0, 5, MONDAY + timedelta(days=1)))
    assert mail.outbox == []
    assert Reminder.objects.get().status == Status.DROPPED


# --- a time zone changed on the day ----------------------------------------------------------


def _household_moves(home: Home, zone: str) -> None:
    """The household's settings page saves another time zone (nothing else changes)."""
    h = home.household
    h.refresh_from_db()
    household_update(
        household=h,
        name=h.name,
        time_zone=zone,
        fairness=h.fairness,
        tolerance_minutes=h.tolerance_minutes,
        drift_weeks=h.drift_weeks,
        actor=home.owner,
    )


def _digests(home: Home) -> list[tuple[date, datetime | None]]:
    """Robin's digests sent: the local day each belongs to and when it went."""
    return list(
        Reminder.objects.filter(member=home.owner, kind="digest", status=Status.SENT)
        .order_by("sent_at")
        .values_list("local_date", "sent_at")
    )


def test_a_household_moving_east_past_the_digest_time_still_gets_that_days_digest(
    home: Home, waiting: Waiting
) -> None:
    """Los Angeles to Tokyo on Monday at 02:00 UTC (11:00 in Tokyo): Tokyo's 08:00 of Monday
    passed three hours before, while the job, reckoning in Los Angeles, would look next at
    LA's 08:00 (Tokyo's Tuesday 01:00). Monday's digest in Tokyo goes on the next tick."""
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    _household_moves(home, "America/Los_Angeles")
    prefs(home.owner, digest_at=time(8, 0))
    prefs(home.partner, digest=False, checkin=False, nudges=False)
    sunday = MONDAY - timedelta(days=1)
    reminders_run(now=at(16, 0, sunday))  # 08:00 on Sunday in Los Angeles
    assert _digests(home) == [(sunday, at(16, 0, sunday))]
    _household_moves(home, "Asia/Tokyo")
    reminders_run(now=at(2, 1))
    assert _digests(home) == [(sunday, at(16, 0, sunday)), (MONDAY, at(2, 1))]
    # Never twice on Monday in Tokyo, and Tuesday's at Tokyo's 08:00 (Monday 23:00 UTC).
    for hour in range(3, 23):
        reminders_run(now=at(hour, 0))
    reminders_run(now=at(23, 0))
    assert [day for day, _ in _digests(home)] == [sunday, MONDAY, MONDAY + timedelta(days=1)]
    assert len(mails_to("robin@example.org")) == 3


def test_a_members_own_zone_changed_hours_after_its_digest_time_still_gets_the_digest(
    home: Home, waiting: Waiting
) -> None:
    """Robin (in London, digest at 07:00) sets Tokyo as their own zone on Monday at 05:00 UTC,
    14:00 in Tokyo: Tokyo's 07:00 was seven hours before, longer than a downtime the job
    catches up on. It is no downtime: Monday's digest goes on the next tick, once."""
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    prefs(home.partner, digest=False, checkin=False, nudges=False)
    sunday = MONDAY - timedelta(days=1)
    reminders_run(now=at(7, 0, sunday))
    pref = Preference.objects.get(member=home.owner)
    services.preference_save(
        member=home.owner,
        digest=True,
        digest_at=pref.digest_at,
        time_zone="Asia/Tokyo",
        checkin=True,
        nudges=True,
        quiet_start=pref.quiet_start,
        quiet_end=pref.quiet_end,
        per_day=pref.per_day,
        by_email=True,
        by_push=True,
    )
    # The Reminders page says so: now, not Tokyo's Tuesday 07:00.
    robin = type(home.owner).objects.get(pk=home.owner.pk)
    assert reminders_next_at(member=robin, now=at(5, 0)) == at(5, 0)
    reminders_run(now=at(5, 1))
    robin = type(home.owner).objects.get(pk=home.owner.pk)
    assert reminders_next_at(member=robin, now=at(5, 2)) == at(22, 0)
    for hour in range(6, 22):  # London's 07:00 passes, Tokyo's evening: nothing more
        reminders_run(now=at(hour, 0))
    assert _digests(home) == [(sunday, at(7, 0, sunday)), (MONDAY, at(5, 1))]


def test_a_household_moving_west_gets_its_digest_at_the_new_time_and_never_twice(
    home: Home, waiting: Waiting
) -> None:
    """London to New York before London's 07:00: Monday's digest comes at New York's 07:00
    (12:00 UTC). Moving again after it was sent sends no second one that Monday."""
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    prefs(home.partner, digest=False, checkin=False, nudges=False)
    reminders_run(now=at(6, 0))
    _household_moves(home, "America/New_York")
    for hour, minute in ((6, 1), (7, 0), (11, 59)):
        reminders_run(now=at(hour, minute))
    assert _digests(home) == []
    reminders_run(now=at(12, 0))
    assert _digests(home) == [(MONDAY, at(12, 0))]
    # Back to London (17:00 there), then Chicago (11:00, its 07:00 passed): Monday had one.
    _household_moves(home, "Europe/London")
    reminders_run(now=at(17, 1))
    _household_moves(home, "America/Chicago")
    reminders_run(now=at(17, 2))
    assert _digests(home) == [(MONDAY, at(12, 0))]


def test_a_move_into_quiet_hours_waits_for_them_and_sends_nothing_in_them(
    home: Home, waiting: Waiting
) -> None:
    """London to Tokyo on Monday at 14:30 UTC, 23:30 in Tokyo, inside quiet hours (22:00 to
    07:00): nothing goes in them; Tokyo's Tuesday digest comes at 07:00 there."""
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner, digest_at=time(7, 30))
    prefs(home.partner, digest=False, checkin=False, nudges=False)
    reminders_run(now=at(6, 0))  # looked at in London; its 07:30 is still to come
    _household_moves(home, "Asia/Tokyo")
    for minute in range(31, 60, 7):
        reminders_run(now=at(14, minute))
    assert _digests(home) == []
    reminders_run(now=at(22, 30))  # Tuesday 07:30 in Tokyo
    assert _digests(home) == [(MONDAY + timedelta(days=1), at(22, 30))]


# --- never twice, never about what was done -------------------------------------------------


def test_nothing_is_sent_about_a_card_done_meanwhile(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out", overdue=True)]
    prefs(home.owner)
    reminders_plan(now=at(7, 0))
    assert Reminder.objects.filter(status=Status.PENDING).count() == 2  # digest and nudge
    waiting.by_member[home.owner.pk] = []  # Robin took the bins out
    outcome = reminders_send(now=at(7, 1))
    assert outcome.sent == 0 and outcome.dropped == 2
    assert mail.outbox == []


def test_a_failed_send_is_tried_again_and_given_up_after_the_bound(
    home: Home, waiting: Waiting
) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    ):
        reminders_run(now=at(7, 0))
        row = Reminder.objects.get()
        assert (row.status, row.attempts) == (Status.PENDING, 1)
        for minute in range(1, 60):
            reminders_send(now=at(7, minute))
    row.refresh_from_db()
    assert row.status == Status.FAILED and row.attempts == 5
    assert mail.outbox == []


def test_a_row_claimed_by_one_worker_is_not_sent_by_another(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    reminders_plan(now=at(7, 0))
    Reminder.objects.update(status=Status.CLAIMED, claimed_by="another-worker")
    reminders_run(now=at(7, 1))
    assert mail.outbox == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PG"
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from django.db import connections

    from evenly.accounts.services import account_create
    from evenly.households.services import household_create

    members = []
    for k in range(12):
        user = account_create(email=f"p{k}@example.org", password=PASSWORD, verified=True)
        household = household_create(
            user=user, name=f"Home {k}", time_zone="UTC", fairness="equal", display_name="A"
        )
        members.append(household.members.get())
    need = Need(kind="card", key="card:1:x", title="Bins out", url="/", overdue=True)
    monkeypatch.setattr(needs_module, "_need_providers", [lambda member, today: [need]])
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            reminders_run(now=at(8, 0))  # the default digest time
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    # Each member: one digest and one nudge, once each, whoever sent them.
    assert len(mail.outbox) == 2 * len(members)
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == 2 * len(members)
    assert Reminder.objects.filter(status=Status.SENT).count() == 2 * len(members)


def test_the_job_reads_the_same_number_of_queries_however_much_waits(
    home: Home, waiting: Waiting
) -> None:
    def queries(n: int, day: date) -> int:
        waiting.by_member[home.owner.pk] = [
            card_need(home, f"Card {k}", overdue=True, n=k) for k in range(n)
        ]
        with CaptureQueriesContext(connection) as ctx:
            reminders_run(now=at(7, 0, day))
        return len(ctx.captured_queries)

    prefs(home.owner, per_day=2)
    prefs(home.partner)
    prefs(home.outsider)
    assert queries(3, MONDAY) == queries(30, MONDAY + timedelta(days=1))


# --- who gets what ----------------------------------------------------------------------------


def test_a_member_who_left_gets_nothing_and_their_rows_go(home: Home, waiting: Waiting) -> None:
    from evenly.households.services import member_leave

    waiting.by_member[home.partner.pk] = [card_need(home, "Bins out")]
    prefs(home.partner)
    reminders_plan(now=at(7, 0))
    PushSubscription.objects.create(
        member=home.partner, endpoint="https://push.example/1", p256dh="k", auth="a"
    )
    member_leave(member=home.partner)
    reminders_run(now=at(7, 0))
    reminders_run(now=at(7, 0, MONDAY + timedelta(days=1)))
    assert mails_to("sam@example.org") == []
    assert not Reminder.objects.filter(member=home.partner).exists()
    assert not PushSubscription.objects.filter(member=home.partner).exists()
    assert not Preference.objects.filter(member=home.partner).exists()


def test_deleting_an_account_takes_its_reminders(home: Home, waiting: Waiting) -> None:
    from evenly.accounts.services import account_delete

    waiting.by_member[home.partner.pk] = [card_need(home, "Bins out")]
    prefs(home.partner)
    reminders_plan(now=at(7, 0))
    account_delete(user=home.partner.user)
    assert not Reminder.objects.exists()


def test_an_unconfirmed_address_gets_no_email(home: Home, waiting: Waiting) -> None:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    type(home.owner.user).objects.filter(pk=home.owner.user.pk).update(email_verified_at=None)
    reminders_run(now=at(7, 0))
    assert mail.outbox == []


# --- the email ----------------------------------------------------------------------------------


def _digest(home: Home, waiting: Waiting) -> Any:
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    reminders_run(now=at(7, 0))
    [sent] = mails_to("robin@example.org")
    return sent


def _unsubscribe_path(sent: Any) -> str:
    header = sent.extra_headers["List-Unsubscribe"]
    found = re.fullmatch(r"<http://127\.0\.0\.1:8000(/reminders/unsubscribe/[^>]+/)>", header)
    assert found, header
    return found.group(1)


def test_every_email_has_text_html_and_a_one_click_unsubscribe(
    home: Home, waiting: Waiting
) -> None:
    sent = _digest(home, waiting)
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = _unsubscribe_path(sent)
    html, kind = sent.alternatives[0]
    assert kind == "text/html"
    assert path in sent.body and path in html
    week = f"http://127.0.0.1:8000/h/{home.household.pk}/week/"
    assert week in sent.body and f'href="{week}"' in html


def test_unsubscribe_get_writes_nothing_and_post_turns_the_kind_off(
    home: Home, waiting: Waiting
) -> None:
    path = _unsubscribe_path(_digest(home, waiting))
    visitor = Client()
    before = list(Preference.objects.values_list("digest", "nudges", "checkin"))
    page = visitor.get(path)
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    assert list(Preference.objects.values_list("digest", "nudges", "checkin")) == before
    assert visitor.post(path).status_code == 200
    pref = Preference.objects.get(member=home.owner)
    assert (pref.digest, pref.nudges, pref.checkin) == (False, True, True)


def test_a_mail_clients_one_click_post_works_without_csrf(home: Home, waiting: Waiting) -> None:
    path = _unsubscribe_path(_digest(home, waiting))
    client = Client(enforce_csrf_checks=True)
    r = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert r.status_code == 200
    assert Preference.objects.get(member=home.owner).digest is False
    # The rest of the site still wants its CSRF token.
    assert client.post("/login/", {"username": "x", "password": "y"}).status_code == 403


@pytest.mark.parametrize("token", ["nonsense", "eyJtIjoxLCJrIjoiZGlnZXN0In0:forged"])
def test_a_bad_unsubscribe_token_answers_404(home: Home, token: str) -> None:
    assert Client().get(f"/reminders/unsubscribe/{token}/").status_code == 404
    assert Client().post(f"/reminders/unsubscribe/{token}/").status_code == 404


def test_a_signed_out_person_following_a_digest_link_signs_in_and_lands_there(
    home: Home, waiting: Waiting
) -> None:
    sent = _digest(home, waiting)
    link = re.search(r"http://127\.0\.0\.1:8000(/h/\d+/week/)", sent.body)
    assert link
    visitor = Client()
    r = visitor.get(link.group(1))
    assert r.status_code == 302 and r.url == f"/login/?next={link.group(1)}"
    r = visitor.post(r.url, {"username": "robin@example.org", "password": PASSWORD})
    assert r.status_code == 302 and r.url == link.group(1)
    assert visitor.get(r.url).status_code == 200


def test_no_private_text_reaches_any_email(rated_and_dealt: Home) -> None:
    """A check-in item's words and a rating stay out of every reminder, whatever the apps that
    fill Needs-you put in it (the real providers, plus one standing in for the week's)."""
    from evenly.cards.models import Rating
    from evenly.checkins.models import Checkin, Item
    from evenly.week.selectors import waiting_on

    home = rated_and_dealt
    secret = "zebra-striped-secret"
    checkin = Checkin.objects.create(household=home.household, opens_at=datetime.now(UTC))
    Item.objects.create(
        checkin=checkin,
        author=home.owner,
        kind=Item.Kind.CONCERN,
        feeling="tired",
        when=secret,
        need=secret,
        request=secret,
    )
    Rating.objects.filter(member=home.owner).update(minutes=173)

    def week_provider(member: Any, today: date) -> list[Need]:
        found = waiting_on(household=member.household, member=member, today=today)
        return [
            Need(
                kind="card",
                key=f"card:{d.card.pk}:{d.on}",
                title=d.card.name,
                url=reverse("week", args=[member.household_id]),
                on=d.on,
                overdue=d.on < today,
            )
            for d in [*found.overdue, *found.today]
        ]

    providers = [*needs_module._need_providers, week_provider]
    with mock.patch.object(needs_module, "_need_providers", providers):
        now = datetime.now(UTC)
        for member in (home.owner, home.partner):
            due_now(member, now)
        reminders_run(now=now)
    assert mail.outbox, "the test sends nothing, so it could not catch a leak"
    everything = " ".join(
        m.subject + m.body + "".join(str(a[0]) for a in m.alternatives) for m in mail.outbox
    )
    assert secret not in everything
    assert "173" not in everything and "2 h 53" not in everything  # as minutes or as h mm
    for word in ("enjoy", "dislike", "hate"):
        assert word not in everything.lower()


def test_a_card_done_meanwhile_is_not_reminded_with_the_week(rated_and_dealt: Home) -> None:
    """The real thing: what waits comes from ``week.selectors.waiting_on``; marking it done
    between planning and sending drops the reminder."""
    from evenly.week.selectors import waiting_on
    from evenly.week.services import entry_mark_done

    home = rated_and_dealt
    household = home.household

    def week_provider(member: Any, today: date) -> list[Need]:
        found = waiting_on(household=member.household, member=member, today=today)
        return [
            Need(
                kind="card",
                key=f"card:{d.card.pk}:{d.on}",
                title=d.card.name,
                url=reverse("week", args=[member.household_id]),
                on=d.on,
                overdue=d.on < today,
            )
            for d in found.today
        ]

    now = datetime.now(UTC)
    today = household.today()
    dues_of = {
        m: waiting_on(household=household, member=m, today=today).today
        for m in (home.owner, home.partner)
    }
    who = max(dues_of, key=lambda m: len(dues_of[m]))
    if not dues_of[who]:
        pytest.skip("nothing falls due today in the sample deal")
    other = home.partner if who == home.owner else home.owner
    with mock.patch.object(needs_module, "_need_providers", [week_provider]):
        due_now(who, now)
        prefs(other, digest=False, nudges=False, checkin=False)
        reminders_plan(now=now)
        assert Reminder.objects.filter(member=who, status=Status.PENDING).exists()
        for due in dues_of[who]:
            entry_mark_done(member=who, card=due.card, due_on=due.on)
        reminders_send(now=now)
    assert mail.outbox == []
    assert Reminder.objects.filter(member=who, status=Status.DROPPED).exists()


# --- push ---------------------------------------------------------------------------------------


@pytest.fixture
def vapid(settings: Any) -> None:
    settings.VAPID_PUBLIC_KEY = "BPublicKey"
    settings.VAPID_PRIVATE_KEY = "private-key"
    settings.VAPID_SUBJECT = "mailto:ops@example.org"


def test_push_goes_to_every_device_and_a_gone_one_is_deleted(
    home: Home, waiting: Waiting, vapid: None
) -> None:
    import pywebpush

    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner, by_email=False)
    for n in (1, 2):
        PushSubscription.objects.create(
            member=home.owner, endpoint=f"https://push.example/{n}", p256dh="k", auth="a"
        )
    gone = mock.Mock(status_code=410)

    def webpush(subscription_info: dict[str, Any], **kwargs: Any) -> None:
        if subscription_info["endpoint"].endswith("/2"):
            raise pywebpush.WebPushException("gone", response=gone)

    with mock.patch("pywebpush.webpush", side_effect=webpush) as sent:
        reminders_run(now=at(7, 0))
    assert sent.call_count == 2
    payload = sent.call_args_list[0].kwargs["data"]
    assert "Bins out" in payload and "http://127.0.0.1:8000/h/" in payload
    assert sent.call_args_list[0].kwargs["vapid_claims"] == {"sub": "mailto:ops@example.org"}
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        "https://push.example/1"
    ]
    assert Reminder.objects.get().status == Status.SENT
    assert mail.outbox == []


def test_the_preferences_page_saves_and_refuses_clearly(home: Home) -> None:
    url = reverse("reminders", args=[home.household.pk])
    members = home.owner_client.get(reverse("members", args=[home.household.pk]))
    assert url in members.content.decode()
    page = home.owner_client.get(url)
    assert page.status_code == 200 and b"Send me a daily digest" in page.content
    data = {
        "digest": "on",
        "digest_at": "06:45",
        "time_zone": "Europe/Berlin",
        "checkin": "on",
        "quiet_start": "22:00",
        "quiet_end": "06:30",
        "per_day": "5",
        "by_email": "on",
    }
    assert home.owner_client.post(url, data).status_code == 302
    pref = Preference.objects.get(member=home.owner)
    assert (pref.digest_at, pref.time_zone, pref.nudges, pref.by_push) == (
        time(6, 45),
        "Europe/Berlin",
        False,
        False,
    )
    r = home.owner_client.post(url, data | {"digest_at": "23:00"})
    assert r.status_code == 400 and b"falls in your quiet hours" in r.content
    r = home.owner_client.post(url, data | {"per_day": "500"})
    assert r.status_code == 400


def test_the_page_says_when_the_next_reminders_come_and_lists_ones_own_latest(
    home: Home, waiting: Waiting
) -> None:
    url = reverse("reminders", args=[home.household.pk])
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    waiting.by_member[home.partner.pk] = [card_need(home, "Sam's secret errand", n=2)]
    prefs(home.owner, digest_at=time(7, 30), time_zone="America/New_York")
    prefs(home.partner)
    # 07:30 in New York is 12:30 UTC; before it, today's; once planned, tomorrow's.
    assert reminders_next_at(member=home.owner, now=at(9)) == at(12, 30)
    reminders_plan(now=at(12, 30))
    assert reminders_next_at(member=home.owner, now=at(12, 0)) == at(12, 30)  # planned, waiting
    reminders_send(now=at(12, 30))
    assert reminders_next_at(member=home.owner, now=at(13)) == at(12, 30, MONDAY + timedelta(1))
    page = home.owner_client.get(url).content.decode()
    assert "Coming up and lately" in page and "(America/New_York)" in page
    assert "1 thing waits on you today" in page and "Sent" in page
    assert "secret errand" not in page  # Sam's reminders are Sam's own
    prefs(home.owner, digest=False, checkin=False, nudges=False)
    robin = type(home.owner).objects.get(pk=home.owner.pk)
    assert reminders_next_at(member=robin, now=at(13)) is None
    assert "Every kind of reminder is off" in home.owner_client.get(url).content.decode()


def test_the_push_button_and_its_script_follow_the_csp(home: Home, vapid: None) -> None:
    page = home.owner_client.get(reverse("reminders", args=[home.household.pk])).content.decode()
    assert "Send reminders to this phone" in page and 'data-key="BPublicKey"' in page
    assert re.search(r'<script src="/static/reminders/push\.js" defer></script>', page)
    assert "<script>" not in page


def test_a_device_is_added_and_removed_by_its_member_only(home: Home) -> None:
    url = reverse("reminders_push", args=[home.household.pk])
    data = {
        "endpoint": "https://fcm.googleapis.com/fcm/send/abc",
        "p256dh": "key",
        "auth": "secret",
    }
    assert home.owner_client.post(url, data).status_code == 302
    device = PushSubscription.objects.get()
    assert device.member == home.owner
    remove = reverse("reminders_push_remove", args=[home.household.pk, device.pk])
    assert home.partner_client.post(remove).status_code == 404  # Sam's phone list is Sam's own
    assert home.owner_client.post(remove).status_code == 302
    assert not PushSubscription.objects.exists()
    # Only a browser's push service: never an address inside the network.
    for elsewhere in (
        "http://fcm.googleapis.com/x",
        "https://10.0.0.1/x",
        "https://evil.example/x",
    ):
        assert home.owner_client.post(url, data | {"endpoint": elsewhere}).status_code == 302
    assert not PushSubscription.objects.exists()


def test_the_service_worker_is_served_from_the_root(client: Client, db: None) -> None:
    r = client.get("/sw.js")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/javascript")
    assert r["Service-Worker-Allowed"] == "/"
    body = r.content.decode()
    assert "showNotification" in body and "openWindow" in body


# --- the command and the task -------------------------------------------------------------------


def _writes() -> tuple[list[str], Callable[..., Any]]:
    found: list[str] = []
    pattern = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        if pattern.match(sql):
            found.append(sql[:120])
        return execute(sql, *args)

    return found, wrapper


def test_the_dry_run_prints_what_would_go_and_writes_nothing(
    home: Home, waiting: Waiting, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.core.management import call_command

    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out", overdue=True)]
    prefs(home.owner)
    writes, wrapper = _writes()
    with connection.execute_wrapper(wrapper):
        call_command("reminders", "--dry-run", "--now", "2026-12-07T07:00")
    assert writes == []
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines == [
        f"Robin (household {home.household.pk}) · email · 1 thing waits on you today (1 overdue)",
        f"Robin (household {home.household.pk}) · email · Overdue: Bins out",
    ]
    assert mail.outbox == []
    call_command("reminders", "--now", "2026-12-07T07:00")
    assert len(mail.outbox) == 2


@pytest.mark.parametrize(
    "args",
    [["--now", "yesterday"], ["--now", "2026-13-40T07:00"], ["--dry-run", "--now"], ["--bogus"]],
)
def test_the_command_refuses_bad_arguments_in_one_line(args: list[str], db: None) -> None:
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "manage.py", "reminders", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_the_task_runs_the_job(home: Home, waiting: Waiting) -> None:
    from evenly.reminders.tasks import send_reminders

    with mock.patch("evenly.reminders.tasks.reminders_run") as run:
        run.return_value = services.Outcome()
        send_reminders.call()
    assert run.call_count == 1
    assert run.call_args.kwargs["now"].tzinfo is not None


def test_vapid_keys_makes_a_pair(capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    call_command("vapid_keys")
    out = capsys.readouterr().out
    public = re.search(r"VAPID_PUBLIC_KEY=([A-Za-z0-9_-]+)", out)
    private = re.search(r"VAPID_PRIVATE_KEY=([A-Za-z0-9_-]+)", out)
    assert public and private
    from py_vapid import Vapid01

    Vapid01.from_string(private.group(1))  # pywebpush reads it the same way


def test_the_weekly_check_in_reminder_and_its_switch(home: Home, waiting: Waiting) -> None:
    checkin = Need(kind="checkin", key="checkin:1:2026-12-07", title="The weekly check-in is today",
                   url=reverse("talk", args=[home.household.pk]), on=MONDAY)  # fmt: skip
    waiting.by_member[home.owner.pk] = [checkin]
    waiting.by_member[home.partner.pk] = [checkin]
    prefs(home.owner, digest=False)
    prefs(home.partner, digest=False, checkin=False)
    reminders_run(now=at(7, 0))
    [sent] = mails_to("robin@example.org")
    assert sent.subject == "Evenly: The weekly check-in is today"
    assert "http://127.0.0.1:8000" + reverse("talk", args=[home.household.pk]) in sent.body
    assert mails_to("sam@example.org") == []
    # Its unsubscribe link turns off the check-in reminder, nothing else.
    Client().post(_unsubscribe_path(sent))
    pref = Preference.objects.get(member=home.owner)
    assert (pref.checkin, pref.nudges) == (False, True)


def test_a_members_reminders_are_in_their_data_download(home: Home, waiting: Waiting) -> None:
    import json

    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    prefs(home.owner)
    reminders_run(now=at(7, 0))
    PushSubscription.objects.create(
        member=home.owner, endpoint="https://push.example/9", p256dh="secret-key", auth="x"
    )
    r = home.owner_client.get(reverse("account_data_download"))
    assert r.status_code == 200
    text = r.content.decode()
    assert "1 thing waits on you today" in text and "digest_at" in text
    assert "secret-key" not in text  # a device's keys are not the person's data to carry
    json.loads(text)


def test_the_unsubscribe_link_of_a_member_who_left_answers_404(
    home: Home, waiting: Waiting
) -> None:
    from evenly.households.services import member_leave

    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out")]
    path = _unsubscribe_path(_digest(home, waiting))
    member_leave(member=home.owner)
    assert Client().get(path).status_code == 404
    assert Client().post(path).status_code == 404
    assert not Preference.objects.filter(member=home.owner).exists()


def test_evenly_can_be_added_to_a_home_screen(home: Home) -> None:
    """iPhones offer web push only to a site added to the home screen as an app: every page
    links a web app manifest."""
    import json

    page = home.owner_client.get(reverse("reminders", args=[home.household.pk])).content.decode()
    found = re.search(r'<link rel="manifest" href="([^"]+)">', page)
    assert found
    r = Client().get(found.group(1))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/json")
    manifest = json.loads(b"".join(r.streaming_content) if r.streaming else r.content)
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"


def test_one_apps_trouble_does_not_stop_anyones_reminders(
    home: Home, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A provider that fails for one member: the others get theirs, and that member's are
    planned on a later run once it answers again."""
    broken = {home.partner.pk}

    def provider(member: Any, today: date) -> list[Need]:
        if member.pk in broken:
            raise RuntimeError("the app's own bug")
        return [card_need(home, "Bins out")]

    monkeypatch.setattr(needs_module, "_need_providers", [provider])
    prefs(home.owner)
    prefs(home.partner)
    reminders_run(now=at(7, 0))
    assert len(mails_to("robin@example.org")) == 1
    assert mails_to("sam@example.org") == []
    broken.clear()
    reminders_run(now=at(7, 1))
    assert len(mails_to("sam@example.org")) == 1
    assert len(mails_to("robin@example.org")) == 1


def test_a_long_digest_names_the_first_things_and_counts_the_rest(
    home: Home, waiting: Waiting
) -> None:
    from evenly.core import bounds

    waiting.by_member[home.owner.pk] = [
        card_need(home, f"Card {k:02d}", n=k) for k in range(bounds.DIGEST_ITEMS + 5)
    ]
    prefs(home.owner)
    reminders_run(now=at(7, 0))
    [sent] = mails_to("robin@example.org")
    assert f"Card {bounds.DIGEST_ITEMS - 1:02d}" in sent.body
    assert f"Card {bounds.DIGEST_ITEMS:02d}" not in sent.body
    assert "…and 5 more" in sent.body and "…and 5 more" in sent.alternatives[0][0]
    assert sent.subject == f"Evenly: {bounds.DIGEST_ITEMS + 5} things wait on you today"


def test_the_unsubscribe_page_speaks_german_while_the_email_stays_english(
    home: Home, waiting: Waiting
) -> None:
    """No member's language is stored, so the worker writes emails in the site's language
    (English); the unsubscribe page follows the browser's."""
    sent = _digest(home, waiting)
    assert sent.body.startswith("Hello ") and "Change your reminders" in sent.body
    page = Client(HTTP_ACCEPT_LANGUAGE="de").get(_unsubscribe_path(sent)).content.decode()
    assert "Abbestellen" in page and "tägliche Übersicht" in page
    assert "Unsubscribe" not in page
