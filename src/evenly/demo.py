"""The demo household: Robin and Sam, about 60 rated cards, an accepted deal, 8 weeks of history
and of weekly check-ins.

``demo_load()`` builds it through the same services the web app uses (sign up, create, invite,
join, add cards, rate, lock, propose, accept, away, cover), then writes the history straight to
the log, since the services only mark today's work. It is idempotent: an existing demo household
and its two accounts are deleted and rebuilt, all in one transaction. The same seed gives the same
household.

The cards, ratings, paid hours, locks and turns come from ``examples/robin-and-sam.toml``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypedDict

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

from evenly.accounts.models import User
from evenly.accounts.services import account_create
from evenly.calendars.models import Feed
from evenly.calendars.services import feed_create
from evenly.cards.models import Card
from evenly.cards.services import card_owner_rule_set, card_save, card_timing_set, rating_set
from evenly.cards.to_core import decimal
from evenly.checkins.models import Action, Checkin, CheckinClose, Item
from evenly.checkins.services import checkin_next_ready, checkin_plan_set
from evenly.core import bounds
from evenly.core.felt import Answer as FeltAnswerValues
from evenly.core.felt import month_after, month_of
from evenly.core.household_file import load_household
from evenly.core.schedule import Timing
from evenly.deals.models import Acceptance, Deal
from evenly.deals.services import deal_accept, deal_propose
from evenly.felt.models import FeltAnswer, FeltMonth
from evenly.felt.services import felt_answer, felt_turn_on
from evenly.growth.services import aspiration_create, aspiration_share, support_commit
from evenly.households.models import Household, HouseholdEvent, Invitation, Member
from evenly.households.services import (
    household_create,
    household_update,
    invitation_accept,
    invitation_create,
    member_update,
)
from evenly.reminders.selectors import reminders_next_at
from evenly.reminders.services import preference_save, reminders_plan
from evenly.values.services import (
    goal_save,
    milestone_done,
    milestone_save,
    mission_agree,
    mission_save,
    values_save,
    values_share,
)
from evenly.week.models import LogEntry
from evenly.week.selectors import schedule
from evenly.week.services import away_create, cover_take

EXAMPLE_FILE = Path(__file__).resolve().parents[2] / "examples" / "robin-and-sam.toml"
DEMO_URL = "http://127.0.0.1:8000/"
DEMO_PASSWORD = "evenly-demo"
DEMO_TIME_ZONE = "Europe/London"
DEMO_SEED = 20250601
HISTORY_WEEKS = 8
SKIP_SHARE = 0.10  # about one occurrence in ten was never done


# Each member of the example file, with the demo account that signs in as them.
class _Person(TypedDict):
    email: str
    personal_time_goal_minutes: int


_PEOPLE: dict[str, _Person] = {
    "Robin": {"email": "robin@demo.evenly", "personal_time_goal_minutes": 240},
    "Sam": {"email": "sam@demo.evenly", "personal_time_goal_minutes": 360},
}
DEMO_EMAILS = tuple(p["email"] for p in _PEOPLE.values())

# Noticing and planning logged per week, by member: Sam carries more of the invisible work.
_INVISIBLE_PER_WEEK = {"Robin": 2, "Sam": 6}
_UNPLANNED = (
    "Fixed the dripping kitchen tap",
    "Defrosted the freezer",
    "Sorted the shoe pile by the door",
    "Wrapped a present for a classmate's party",
    "Took the recycling to the tip",
    "Re-glued the wobbly chair",
    "Returned the library books",
    "Cleared the gutter over the back door",
)


@dataclass(frozen=True)
class DemoLogin:
    name: str
    email: str
    password: str


@dataclass(frozen=True)
class DemoResult:
    household_id: int
    household_name: str
    logins: tuple[DemoLogin, ...]
    cards: int
    entries: int
    weeks: int = HISTORY_WEEKS
    url: str = DEMO_URL

    def summary(self) -> str:
        """What the demo commands print: what was made, where to go, and how to log in."""
        width = max(len(login.name) for login in self.logins)
        email_width = max(len(login.email) for login in self.logins)
        lines = [
            f'Demo household "{self.household_name}" is ready: {len(self.logins)} members, '
            f"{self.cards} rated cards, an accepted deal and {self.weeks} weeks of history "
            f"({self.entries} log entries).",
            f"Open {self.url} and log in as either partner:",
        ]
        lines += [
            f"  {login.name:<{width}}  email {login.email:<{email_width}}  "
            f"password {login.password}"
            for login in self.logins
        ]
        return "\n".join(lines)


def pending_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Migrations the database still lacks (the demo needs none missing)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def demo_delete() -> int:
    """Delete the demo accounts and every household they belong to; returns how many households."""
    users = User.objects.filter(email__in=DEMO_EMAILS)
    households = Household.objects.filter(members__user__in=users).distinct()
    count = 0
    for household in households:
        household.delete()
        count += 1
    users.delete()
    _reset_login_throttle()
    return count


def _reset_login_throttle() -> None:
    """Forget failed logins for the demo accounts, so a fresh demo always lets them in."""
    from axes.utils import reset

    for email in DEMO_EMAILS:
        reset(username=email)


def _at(day: date, hour: int, minute: int, household: Household) -> datetime:
    """A wall-clock moment on ``day`` where the household lives (minutes may pass 59)."""
    return datetime.combine(day, time(0), tzinfo=household.zone) + timedelta(
        hours=hour, minutes=minute
    )


def demo_load(
    *, progress: Callable[[str], None] | None = None, seed: int = DEMO_SEED
) -> DemoResult:
    """Build (or rebuild) the demo household and return the logins; see the module docstring."""
    say = progress or (lambda _message: None)
    with transaction.atomic():
        if demo_delete():
            say("Removed the previous demo household.")
        return _build(say, seed)


def _build(say: Callable[[str], None], seed: int) -> DemoResult:
    source = load_household(EXAMPLE_FILE)
    names = [m.name for m in source.members]
    assert names == list(_PEOPLE), f"{EXAMPLE_FILE} should name {', '.join(_PEOPLE)}"

    say("Creating the accounts and the household…")
    users = {
        name: account_create(
            email=str(_PEOPLE[name]["email"]), password=DEMO_PASSWORD, verified=True
        )
        for name in names
    }
    first, *others = names
    household = household_create(
        user=users[first],
        name=source.name,
        time_zone=DEMO_TIME_ZONE,
        fairness=source.fairness.value,
        display_name=first,
    )
    household = household_update(
        household=household,
        name=source.name,
        time_zone=DEMO_TIME_ZONE,
        fairness=source.fairness.value,
        tolerance_minutes=int(source.tolerance_minutes),
    )
    members = {first: household.members.get()}
    for name in others:
        invite = invitation_create(household=household, member=members[first])
        members[name] = invitation_accept(token=invite.token, user=users[name], display_name=name)
    for person in source.members:
        members[person.name] = member_update(
            member=members[person.name],
            display_name=person.name,
            paid_hours=decimal(person.paid_hours),
            personal_time_goal_minutes=int(_PEOPLE[person.name]["personal_time_goal_minutes"]),
            share=None,
        )

    say(f"Adding {len(source.responsibilities)} cards and both partners' ratings…")
    for resp in source.responsibilities:
        card = card_save(
            household=household,
            card=None,
            name=resp.name,
            category=resp.category,
            cadence=resp.cadence.text,
            minutes=decimal(resp.minutes),
            mental_minutes=decimal(resp.mental_minutes),
            standard=resp.standard,
            actor=members[first],
        )
        if resp.catalog_key:
            # So the catalog picker shows the card as already added.
            Card.objects.filter(pk=card.pk).update(catalog_key=resp.catalog_key)
        for name in names:
            rating = resp.rating(name)
            rating_set(
                member=members[name],
                card=card,
                preference=rating.preference.value,
                minutes=None if rating.minutes is None else decimal(rating.minutes),
            )
        if resp.owner or resp.rotate:
            card_owner_rule_set(
                card=card,
                locked_to=members[resp.owner] if resp.owner else None,
                rotation=[members[n] for n in resp.rotate],
                actor=members[first],
            )

    _chosen_days(household, members[first])

    say("Proposing the deal; both partners accept it…")
    deal = deal_propose(household=household, member=members[first])
    for name in names:
        deal = deal_accept(deal=deal, member=members[name])
    assert deal.status == Deal.Status.ACTIVE

    # Everything so far happened 8 weeks ago, so the schedule starts then.
    today = household.today()
    day0 = today - timedelta(weeks=HISTORY_WEEKS)
    _backdate(household, deal, day0)
    household.refresh_from_db()

    rng = random.Random(seed)
    say("A few days away for Sam, with one card covered by Robin…")
    _away_and_cover(household, members, today, rng)

    say(f"Writing {HISTORY_WEEKS} weeks of history…")
    entries = _history(household, members, day0, today - timedelta(days=1), rng, seed)
    LogEntry.objects.bulk_create(entries, batch_size=500)

    say("Past check-ins: what was shared and agreed…")
    _checkins(household, members, today)

    say("Values, a mission statement, a shared goal and an aspiration…")
    _grow(members, today)

    say("How it feels: the monthly check since the first month of history…")
    _felt(household, members, day0, today)
    # A calendar link, so the Calendar page shows one working from the first look.
    feed_create(member=members[first], kind=Feed.Kind.MINE)
    # Robin walks the dog at 07:30, so Robin's digest comes at 07:00; Sam keeps the defaults.
    preference_save(
        member=members[first],
        digest=True,
        digest_at=time(7, 0),
        time_zone="",
        checkin=True,
        nudges=True,
        quiet_start=time(22, 0),
        quiet_end=time(6, 30),
        per_day=bounds.DEFAULT_REMINDERS_PER_DAY,
        by_email=True,
        by_push=True,
    )
    # Robin's next reminders, planned as the job would plan them at that moment: the first look
    # at Robin's reminders page shows them waiting.
    next_at = reminders_next_at(member=members[first], now=timezone.now())
    if next_at is not None:
        reminders_plan(now=next_at)

    return DemoResult(
        household_id=household.pk,
        household_name=household.name,
        logins=tuple(
            DemoLogin(name=name, email=users[name].email, password=DEMO_PASSWORD) for name in names
        ),
        cards=household.cards.count(),
        entries=len(entries),
    )


# (weeks ago, Robin's appreciation, Sam's appreciation, an action agreed: owner, text, done)
_PAST_CHECKINS = [
    (
        7,
        "Thank you for sorting the car insurance; it took a weight off me.",
        "Thank you for the birthday card for my mum.",
        ("Sam", "Book the boiler service", True),
    ),
    (
        6,
        "Thank you for taking the bins out in the rain.",
        "Thank you for cooking on Thursday when I was late.",
        None,
    ),
    (
        4,
        "Thank you for noticing we were nearly out of bin bags.",
        "Thank you for planning the weekend so I could rest.",
        ("Robin", "Try the new laundry rota", True),
    ),
    (
        3,
        "Thank you for the tidy kitchen on Monday morning.",
        "Thank you for listening on Wednesday.",
        None,
    ),
    (
        2,
        "Thank you for covering my cards while I was away.",
        "Thank you for the calm evening on Friday.",
        ("Sam", "Plan next month's meals together", False),
    ),
    (
        1,
        "Thank you for the spotless bathroom.",
        "Thank you for remembering the school forms.",
        ("Robin", "Ask about swapping bins and recycling", False),
    ),
]


# Days and times the demo household chose for a few cards, so the week shows real days: the big
# shop on Saturday morning, Grandma's call on Sunday afternoon, the bins on collection nights.
_CHOSEN_DAYS: dict[str, Timing] = {
    "Grocery shopping": Timing(weekdays=frozenset({5}), at=time(10, 0)),
    "Grandma's Sunday call": Timing(weekdays=frozenset({6}), at=time(17, 0)),
    "Bins and recycling": Timing(weekdays=frozenset({0, 2, 4}), at=time(20, 0)),
    "Walking the dog": Timing(at=time(7, 30)),
    "Paying bills": Timing(month_day=1),
    "Fuel and charging": Timing(any_day=True),
}


def _chosen_days(household: Household, actor: Member) -> None:
    for card in household.cards.filter(name__in=_CHOSEN_DAYS):
        card_timing_set(card=card, timing=_CHOSEN_DAYS[card.name], actor=actor)


def _checkins(household: Household, members: dict[str, Member], today: date) -> None:
    """A weekly check-in on Sundays at 19:30, held in 6 of the last 8 weeks."""
    checkin_plan_set(household=household, weekday=6, at=time(19, 30))
    robin, sam = members["Robin"], members["Sam"]
    last_sunday = today - timedelta(days=(today.weekday() + 1) % 7 or 7)
    for weeks_ago, robin_says, sam_says, action in _PAST_CHECKINS:
        day = last_sunday - timedelta(weeks=weeks_ago - 1)
        opened = _at(day, 19, 30, household)
        checkin = Checkin.objects.create(
            household=household, opens_at=opened, closed_at=opened + timedelta(minutes=35)
        )
        for author, text, about in ((robin, robin_says, sam), (sam, sam_says, robin)):
            Item.objects.create(
                checkin=checkin,
                author=author,
                kind=Item.Kind.APPRECIATION,
                text=text,
                about=about,
                shared_at=opened,
                created_at=opened - timedelta(hours=3),
            )
        for member in (robin, sam):
            CheckinClose.objects.create(
                checkin=checkin, member=member, closed_at=opened + timedelta(minutes=35)
            )
        if action:
            owner, text, done = action
            Action.objects.create(
                checkin=checkin,
                household=household,
                text=text,
                owner=members[owner],
                due_on=day + timedelta(days=5),
                created_by=robin,
                created_at=opened,
                done_at=opened + timedelta(days=3) if done else None,
            )
    # The next one waits to be prepared.
    checkin_next_ready(household=household)


def _grow(members: dict[str, Member], today: date) -> None:
    """Both partners' values, shared, with an agreed mission statement; a shared goal with
    milestones; Sam's aspiration, with the support Robin promised."""
    robin, sam = members["Robin"], members["Sam"]
    values_save(
        member=robin,
        keys=["fairness", "honesty", "adventure", "family"],
        stand_for="Two people who carry the home together and still have room to grow.",
    )
    values_save(
        member=sam,
        keys=["fairness", "honesty", "learning", "calm"],
        own_words="Sunday mornings",
        stand_for="A calm home where nobody keeps score, because nobody has to.",
    )
    for m in (robin, sam):
        values_share(member=m)
    mission = mission_save(
        member=robin,
        text="We share the work of our home fairly and openly, make room for each other's "
        "ambitions, and keep Sunday mornings slow.",
    )
    for m in (robin, sam):
        mission_agree(member=m, version=mission)
    goal = goal_save(
        member=sam,
        goal=None,
        title="One screen-free evening a week",
        owners=[robin, sam],
        why="To talk, cook and play together without phones.",
    )
    done = milestone_save(
        member=sam, goal=goal, milestone=None, title="Pick the evening", owner=sam
    )
    milestone_done(member=sam, milestone=done)
    milestone_save(
        member=robin,
        goal=goal,
        milestone=None,
        title="A box for the phones by the door",
        owner=robin,
        due_on=today + timedelta(days=10),
    )
    exams = aspiration_create(
        member=sam,
        title="Pass the Open University statistics module",
        kind="education",
        support_wanted="Two quiet evenings a week until the exam in June.",
        target_on=date(today.year + (today.month > 5), 6, 12),
    )
    aspiration_share(member=sam, aspiration=exams)
    support_commit(
        member=robin,
        aspiration=exams,
        text="I'll take bedtime on Tuesdays and Thursdays until the exam.",
    )


# How it feels, month by month from the oldest: (Robin, Sam), each the 1..7 scales (fair to
# me, fair to the partner, satisfied) and the CSI-4's four items. Sam felt it unfair at first.
_FELT = (
    ((5, 3, 4, 4, 4, 3, 3), (2, 5, 3, 3, 3, 3, 3)),
    ((5, 4, 5, 4, 4, 4, 3), (4, 5, 4, 4, 4, 3, 4)),
    ((6, 5, 5, 5, 4, 4, 4), (5, 5, 5, 4, 4, 4, 4)),
)


def _felt(household: Household, members: dict[str, Member], day0: date, today: date) -> None:
    """The monthly check on since the first month of history, both partners' answers to the
    past months (open to both), and Robin's answer to this month, still sealed, so Sam's Needs
    you shows this month's check and the trend shows beside the balance."""
    robin, sam = members["Robin"], members["Sam"]
    felt_turn_on(member=robin)
    months = []
    month = month_of(day0)
    while month < month_of(today):
        months.append(month)
        month = month_after(month)
    rows = _FELT[-len(months) :] if months else ()
    for month, answers in zip(months, rows, strict=True):
        for member, values in zip((robin, sam), answers, strict=True):
            FeltAnswer.objects.create(
                household=household,
                member=member,
                month=month,
                **asdict(FeltAnswerValues(*values)),
            )
        FeltMonth.objects.create(household=household, month=month)
    felt_answer(member=robin, answer=FeltAnswerValues(*_FELT[-1][0]))


def _backdate(household: Household, deal: Deal, day0: date) -> None:
    """Move the household's beginning (creation, joining, cards, the deal) back to ``day0``."""
    Household.objects.filter(pk=household.pk).update(created_at=_at(day0, 9, 0, household))
    for minute, member in enumerate(household.members.order_by("pk")):
        Member.objects.filter(pk=member.pk).update(joined_at=_at(day0, 9, minute, household))
    Invitation.objects.filter(household=household).update(
        created_at=_at(day0, 9, 5, household),
        expires_at=_at(day0 + timedelta(days=7), 9, 5, household),
        used_at=_at(day0, 12, 0, household),
    )
    household.cards.update(created_at=_at(day0, 10, 0, household))
    Deal.objects.filter(pk=deal.pk).update(
        created_at=_at(day0, 20, 0, household), activated_at=_at(day0, 21, 30, household)
    )
    for minute, acceptance in enumerate(Acceptance.objects.filter(deal=deal).order_by("pk")):
        Acceptance.objects.filter(pk=acceptance.pk).update(
            accepted_at=_at(day0, 20, 15 + 75 * minute, household)
        )
    # The household's history of that first evening, a minute apart in the order it happened.
    start = _at(day0, 9, 0, household)
    for minute, pk in enumerate(
        HouseholdEvent.objects.filter(household=household)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        HouseholdEvent.objects.filter(pk=pk).update(at=start + timedelta(minutes=minute))


def _away_and_cover(
    household: Household, members: dict[str, Member], today: date, rng: random.Random
) -> None:
    """Sam was away four days about three weeks ago; Robin took one of Sam's cards."""
    starts = today - timedelta(days=24)
    ends = starts + timedelta(days=3)
    sam, robin = members["Sam"], members["Robin"]
    away_create(member=sam, starts_on=starts, ends_on=ends, reason="travel")
    offers = [
        d
        for d in schedule(household=household, start=starts, end=ends)
        if d.needs_cover and d.owner == sam
    ]
    if offers:
        # Prefer a card that is Sam's alone over a turn of a shared one.
        own = [d for d in offers if not d.is_rotation] or offers
        due = own[rng.randrange(len(own))]
        cover_take(member=robin, card=due.card, due_on=due.due_on)


def _history(
    household: Household,
    members: dict[str, Member],
    start: date,
    end: date,
    rng: random.Random,
    seed: int,
) -> list[LogEntry]:
    """The log for [start, end]: scheduled work done (or not), noticing, planning, extras."""
    entries: list[LogEntry] = []
    seen: dict[int, int] = {}
    for due in schedule(household=household, start=start, end=end):
        # Each occurrence draws from its own generator, keyed by the card's name and how many
        # times it has come round, so the same card gets the same story on every rebuild.
        k = seen.get(due.card.pk, 0)
        seen[due.card.pk] = k + 1
        if due.holder is None or due.needs_cover:
            continue  # nobody held it: the owner was away and nobody covered
        occurrence = random.Random(f"{seed}/{due.card.name}/{k}")
        covered_for = due.owner if due.owner is not None and due.owner != due.holder else None
        # Some occurrences are let slide, but never one somebody offered to cover: they did it.
        if occurrence.random() < SKIP_SHARE and covered_for is None:
            continue
        spread = Decimal(occurrence.randint(-20, 20)) / 100  # ±20 % around the estimate
        minutes = max(Decimal(1), (due.minutes * (1 + spread)).quantize(Decimal(1)))
        entries.append(
            LogEntry(
                household=household,
                member=due.holder,
                card=due.card,
                title=due.card.name,
                kind=LogEntry.Kind.DID,
                minutes=minutes,
                done_on=due.on,
                due_on=due.due_on,
                covered_for=covered_for,
                created_at=_at(
                    due.on, occurrence.randint(7, 21), occurrence.randint(0, 59), household
                ),
            )
        )

    cards = list(household.cards.order_by("name"))
    days = (end - start).days + 1
    for name, per_week in _INVISIBLE_PER_WEEK.items():
        member = members[name]
        for week in range(days // 7):
            for _ in range(per_week):
                day = start + timedelta(days=7 * week + rng.randrange(7))
                card = cards[rng.randrange(len(cards))]
                entries.append(
                    LogEntry(
                        household=household,
                        member=member,
                        card=card,
                        title=card.name,
                        kind=rng.choice((LogEntry.Kind.NOTICED, LogEntry.Kind.PLANNED)),
                        minutes=Decimal(5 * rng.randint(1, 5)),
                        done_on=day,
                        created_at=_at(day, rng.randint(7, 22), rng.randint(0, 59), household),
                    )
                )
    for week in range(days // 7):
        name = list(members)[week % len(members)]
        day = start + timedelta(days=7 * week + rng.randrange(7))
        entries.append(
            LogEntry(
                household=household,
                member=members[name],
                card=None,
                title=_UNPLANNED[week % len(_UNPLANNED)],
                kind=LogEntry.Kind.DID,
                minutes=Decimal(15 * rng.randint(1, 6)),
                done_on=day,
                created_at=_at(day, rng.randint(9, 19), rng.randint(0, 59), household),
            )
        )
    return entries
