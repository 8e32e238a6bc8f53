"""Who may reach what: every route of the project, checked against one table of samples.

``SAMPLES`` names every URL pattern (the admin aside). A new route without an entry fails
``test_every_route_has_a_sample``, so nobody can add a page that escapes these checks:

- anonymous visitors are sent to the log-in page (public pages aside);
- a member of another household gets 404 on GET and on POST, never data;
- a method the view does not take answers 405;
- an object of another household inside a household's URL answers 404;
- a member who has left gets 404.

Each test builds the sample values once from the ``rated_and_dealt`` fixture and walks the whole
table, collecting every failure, so one run reports every route that misbehaves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from evenly.accounts.services import verify_tokens
from evenly.accounts.tokens import token_create, token_revoke
from evenly.calendars.models import Feed
from evenly.calendars.services import feed_create
from evenly.cards.models import Card, Rating
from evenly.cards.services import rating_set
from evenly.checkins.models import (
    Action,
    Checkin,
    CheckinClose,
    CheckinPlan,
    DealChange,
    Item,
    Paraphrase,
    Response,
)
from evenly.core.felt import Answer as FeltAnswer
from evenly.core.units import duration_text
from evenly.deals.models import Deal, DealSolve
from evenly.deals.services import deal_propose
from evenly.felt.services import felt_answer, felt_turn_on
from evenly.growth.models import Aspiration, Handover, LifeEvent, ProgressNote, Support
from evenly.households.models import Household, Invitation, Member
from evenly.households.services import invitation_create, member_leave
from evenly.perception.services import round_start
from evenly.reminders.models import PushSubscription
from evenly.reminders.services import unsubscribe_token
from evenly.values.models import (
    Goal,
    Milestone,
    MissionAgreement,
    MissionVersion,
    OutsidePressure,
    PressureAgreement,
    ValuePick,
    ValuesCard,
)
from evenly.week.models import Away, Cover, LogEntry, OccurrenceChange
from evenly.week.services import away_create, entry_log, personal_log
from tests.conftest import Home

PUBLIC = "public"  # anyone, signed in or not
LOGIN = "login"  # any signed-in person
HOUSEHOLD = "household"  # members of the household in the URL only


@dataclass(frozen=True)
class Sample:
    access: str
    methods: frozenset[str]
    # URL keyword -> the name of a sample value (see ``_values``).
    kwargs: dict[str, str] = field(default_factory=dict)


def S(access: str, methods: str, **kwargs: str) -> Sample:
    return Sample(access, frozenset(methods.split()), kwargs)


H = {"household_id": "household"}

SAMPLES: dict[str, Sample] = {
    # web
    "home": S(PUBLIC, "GET"),  # signed out: the landing page
    "demo_sign_in": S(PUBLIC, "POST"),
    "security_txt": S(PUBLIC, "GET"),
    "offline": S(PUBLIC, "GET"),
    # the colour theme (a cookie), for anyone, signed in or not
    "theme": S(PUBLIC, "POST"),
    # the language switch (a cookie), for anyone
    "language": S(PUBLIC, "POST"),
    # an open page asks whether its household changed (ETag / 304)
    "pulse": S(HOUSEHOLD, "GET", **H),
    # accounts. Django's form views take PUT as POST (ProcessFormView.put).
    "signup": S(PUBLIC, "GET POST"),
    "login": S(PUBLIC, "GET POST PUT"),
    "logout": S(LOGIN, "POST"),
    "account": S(LOGIN, "GET"),
    "account_delete": S(LOGIN, "GET POST"),
    # privacy: Download my data (both only read)
    "account_data": S(LOGIN, "GET"),
    "account_data_download": S(LOGIN, "GET"),
    # transfer: Household → Export (both only read) and a household from a file
    "household_export": S(HOUSEHOLD, "GET", **H),
    "household_export_download": S(HOUSEHOLD, "GET", **H),
    "household_from_file": S(LOGIN, "GET POST"),
    "password_change": S(LOGIN, "GET POST PUT"),
    "password_change_done": S(LOGIN, "GET"),
    "password_reset": S(PUBLIC, "GET POST PUT"),
    "password_reset_done": S(PUBLIC, "GET"),
    "password_reset_confirm": S(PUBLIC, "GET POST PUT", uidb64="reset_uidb64", token="reset_token"),
    "password_reset_complete": S(PUBLIC, "GET"),
    "signup_sent": S(PUBLIC, "GET"),
    "verify_email": S(PUBLIC, "GET POST", uidb64="reset_uidb64", token="verify_token"),
    "verify_resend": S(LOGIN, "POST"),
    # two-step sign-in and sign out everywhere
    "login_two_step": S(PUBLIC, "GET POST"),
    "two_step": S(LOGIN, "GET"),
    "two_step_start": S(LOGIN, "POST"),
    "two_step_setup": S(LOGIN, "GET POST"),
    "two_step_codes": S(LOGIN, "GET POST"),
    "two_step_off": S(LOGIN, "GET POST"),
    "sign_out_everywhere": S(LOGIN, "POST"),
    # households
    "household_create": S(LOGIN, "GET POST"),
    # Signed out, the invitation says who invites you and offers sign-up; POST needs an account.
    "join": S(PUBLIC, "GET POST", token="invite_token"),
    "members": S(HOUSEHOLD, "GET", **H),
    "member_update": S(HOUSEHOLD, "POST", **H),
    "household_update": S(HOUSEHOLD, "POST", **H),
    "invitation_create": S(HOUSEHOLD, "POST", **H),
    "invitation_revoke": S(HOUSEHOLD, "POST", **H, invitation_id="invitation"),
    "leave": S(HOUSEHOLD, "GET POST", **H),
    "needs": S(HOUSEHOLD, "GET", **H),
    # cards and ratings
    "cards": S(HOUSEHOLD, "GET", **H),
    "catalog": S(HOUSEHOLD, "GET POST", **H),
    "deck_add": S(HOUSEHOLD, "POST", **H),
    "card_new": S(HOUSEHOLD, "GET POST", **H),
    "cards_import": S(HOUSEHOLD, "GET POST", **H),
    "card_edit": S(HOUSEHOLD, "GET POST", **H, card_id="card"),
    "card_holder": S(HOUSEHOLD, "POST", **H, card_id="card"),
    "card_when": S(HOUSEHOLD, "POST", **H, card_id="card"),
    "card_delete": S(HOUSEHOLD, "GET POST", **H, card_id="card"),
    "rate": S(HOUSEHOLD, "GET", **H),
    "rate_card": S(HOUSEHOLD, "POST", **H, card_id="card"),
    "rate_rest_fine": S(HOUSEHOLD, "POST", **H),
    "my_ratings": S(HOUSEHOLD, "GET", **H),
    "standards": S(HOUSEHOLD, "GET", **H),
    # deals
    "deal": S(HOUSEHOLD, "GET", **H),
    "household_history": S(HOUSEHOLD, "GET", **H),
    "deal_history": S(HOUSEHOLD, "GET", **H),
    "deal_propose": S(HOUSEHOLD, "POST", **H),
    "deal_compare": S(HOUSEHOLD, "GET", **H),
    "deal_version": S(HOUSEHOLD, "GET", **H, version="version"),
    "deal_solve": S(HOUSEHOLD, "GET", **H, solve_id="deal_solve"),
    "deal_accept": S(HOUSEHOLD, "POST", **H, version="version"),
    # this week
    "week": S(HOUSEHOLD, "GET", **H),
    "week_done": S(HOUSEHOLD, "POST", **H),
    "week_entry_undo": S(HOUSEHOLD, "POST", **H, entry_id="entry"),
    "week_log": S(HOUSEHOLD, "GET POST", **H),
    "week_away": S(HOUSEHOLD, "GET POST", **H),
    "week_away_delete": S(HOUSEHOLD, "POST", **H, away_id="away"),
    "week_cover": S(HOUSEHOLD, "POST", **H),
    "week_done_for": S(HOUSEHOLD, "POST", **H),
    "week_skip": S(HOUSEHOLD, "POST", **H),
    "week_snooze": S(HOUSEHOLD, "POST", **H),
    "week_move": S(HOUSEHOLD, "POST", **H),
    "week_change_undo": S(HOUSEHOLD, "POST", **H, change_id="occurrence_change"),
    # ledger and personal time (the 7-day author rule answers 403 to a partner; see test_ledger)
    "ledger": S(HOUSEHOLD, "GET", **H),
    "ledger_csv": S(HOUSEHOLD, "GET", **H),
    "ledger_edit": S(HOUSEHOLD, "GET POST", **H, entry_id="entry"),
    "ledger_delete": S(HOUSEHOLD, "GET POST", **H, entry_id="entry"),
    "personal": S(HOUSEHOLD, "GET POST", **H),
    "personal_delete": S(HOUSEHOLD, "POST", **H, item_id="personal_item"),
    # insight
    "balance": S(HOUSEHOLD, "GET", **H),
    "mirror": S(HOUSEHOLD, "GET", **H),
    "summary": S(HOUSEHOLD, "GET", **H),
    # perception
    "perception": S(HOUSEHOLD, "GET", **H),
    "perception_start": S(HOUSEHOLD, "POST", **H),
    "perception_answer": S(HOUSEHOLD, "POST", **H, round_id="round"),
    "perception_close": S(HOUSEHOLD, "POST", **H, round_id="round"),
    # how it feels (the monthly check)
    "felt": S(HOUSEHOLD, "GET", **H),
    "felt_on": S(HOUSEHOLD, "POST", **H),
    "felt_off": S(HOUSEHOLD, "POST", **H),
    "felt_answer": S(HOUSEHOLD, "POST", **H),
    # the weekly check-in (a private item answers 404 to everyone but its author: see
    # test_checkins)
    "talk": S(HOUSEHOLD, "GET", **H),
    "checkin_plan": S(HOUSEHOLD, "POST", **H),
    "checkin_start": S(HOUSEHOLD, "POST", **H),
    "checkin_coach": S(HOUSEHOLD, "POST", **H),
    "checkin_history": S(HOUSEHOLD, "GET", **H),
    "checkin_together": S(HOUSEHOLD, "GET", **H, checkin_id="checkin"),
    "checkin_prepare": S(HOUSEHOLD, "GET POST", **H, checkin_id="checkin"),
    "checkin_share_kind": S(HOUSEHOLD, "POST", **H, checkin_id="checkin"),
    "checkin_close": S(HOUSEHOLD, "POST", **H, checkin_id="checkin"),
    "checkin_not_done": S(HOUSEHOLD, "POST", **H, checkin_id="checkin"),
    "checkin_action_add": S(HOUSEHOLD, "POST", **H, checkin_id="checkin"),
    "checkin_change_add": S(HOUSEHOLD, "POST", **H, checkin_id="checkin"),
    "checkin_item_edit": S(HOUSEHOLD, "GET POST", **H, item_id="checkin_item"),
    "checkin_item_delete": S(HOUSEHOLD, "GET POST", **H, item_id="checkin_item"),
    "checkin_item_share": S(HOUSEHOLD, "POST", **H, item_id="checkin_item"),
    "checkin_item_unshare": S(HOUSEHOLD, "POST", **H, item_id="checkin_item"),
    "checkin_item_lens": S(HOUSEHOLD, "POST", **H, item_id="checkin_item"),
    "checkin_paraphrase": S(HOUSEHOLD, "POST", **H, item_id="checkin_item"),
    "checkin_respond": S(HOUSEHOLD, "POST", **H, item_id="checkin_item"),
    "checkin_answer": S(HOUSEHOLD, "POST", **H, paraphrase_id="paraphrase"),
    "checkin_action_done": S(HOUSEHOLD, "POST", **H, action_id="action"),
    "checkin_change_agree": S(HOUSEHOLD, "POST", **H, change_id="change"),
    "checkin_change_decline": S(HOUSEHOLD, "POST", **H, change_id="change"),
    # values, the mission statement, shared goals, outside pressure (a note not yet shared
    # answers 404 to everyone but its author: see test_values)
    "values": S(HOUSEHOLD, "GET POST", **H),
    "values_share": S(HOUSEHOLD, "POST", **H),
    "mission": S(HOUSEHOLD, "GET POST", **H),
    "mission_version": S(HOUSEHOLD, "GET", **H, version_id="mission_version"),
    "mission_agree": S(HOUSEHOLD, "POST", **H, version_id="mission_version"),
    "goals": S(HOUSEHOLD, "GET POST", **H),
    "goal": S(HOUSEHOLD, "GET", **H, goal_id="goal"),
    "goal_edit": S(HOUSEHOLD, "GET POST", **H, goal_id="goal"),
    "goal_reached": S(HOUSEHOLD, "POST", **H, goal_id="goal"),
    "goal_archive": S(HOUSEHOLD, "POST", **H, goal_id="goal"),
    "goal_delete": S(HOUSEHOLD, "GET POST", **H, goal_id="goal"),
    "goal_milestone_add": S(HOUSEHOLD, "POST", **H, goal_id="goal"),
    "goal_milestone_edit": S(HOUSEHOLD, "GET POST", **H, milestone_id="milestone"),
    "goal_milestone_done": S(HOUSEHOLD, "POST", **H, milestone_id="milestone"),
    "goal_milestone_delete": S(HOUSEHOLD, "GET POST", **H, milestone_id="milestone"),
    "pressures": S(HOUSEHOLD, "GET POST", **H),
    "pressure": S(HOUSEHOLD, "GET", **H, pressure_id="pressure"),
    "pressure_edit": S(HOUSEHOLD, "GET POST", **H, pressure_id="pressure"),
    "pressure_delete": S(HOUSEHOLD, "GET POST", **H, pressure_id="pressure"),
    "pressure_share": S(HOUSEHOLD, "POST", **H, pressure_id="pressure"),
    "pressure_stance": S(HOUSEHOLD, "POST", **H, pressure_id="pressure"),
    "pressure_reply": S(HOUSEHOLD, "POST", **H, pressure_id="pressure"),
    "pressure_agree": S(HOUSEHOLD, "POST", **H, pressure_id="pressure"),
    "pressure_checkin": S(HOUSEHOLD, "POST", **H, pressure_id="pressure"),
    "pressure_resolve": S(HOUSEHOLD, "POST", **H, pressure_id="pressure"),
    # your week, aspirations (a private one answers 404 to everyone but its author: see
    # test_growth), cards handed over for a while, life changes
    "grow": S(HOUSEHOLD, "GET", **H),
    "catch_up": S(HOUSEHOLD, "POST", **H),
    "grow_personal_fairness": S(HOUSEHOLD, "POST", **H),
    "aspirations": S(HOUSEHOLD, "GET POST", **H),
    "aspiration": S(HOUSEHOLD, "GET", **H, aspiration_id="aspiration"),
    "aspiration_edit": S(HOUSEHOLD, "GET POST", **H, aspiration_id="aspiration"),
    "aspiration_delete": S(HOUSEHOLD, "GET POST", **H, aspiration_id="aspiration"),
    "aspiration_share": S(HOUSEHOLD, "POST", **H, aspiration_id="aspiration"),
    "aspiration_reached": S(HOUSEHOLD, "POST", **H, aspiration_id="aspiration"),
    "aspiration_note": S(HOUSEHOLD, "POST", **H, aspiration_id="aspiration"),
    "aspiration_support": S(HOUSEHOLD, "POST", **H, aspiration_id="aspiration"),
    "handover_add": S(HOUSEHOLD, "POST", **H),
    "handover_end": S(HOUSEHOLD, "POST", **H, handover_id="handover"),
    "handover_solve": S(HOUSEHOLD, "GET", **H, handover_id="handover"),
    "handover_redeal": S(HOUSEHOLD, "POST", **H, handover_id="handover"),
    "life_events": S(HOUSEHOLD, "GET POST", **H),
    "life_event": S(HOUSEHOLD, "GET", **H, event_id="life_event"),
    "life_event_end": S(HOUSEHOLD, "GET POST", **H, event_id="life_event"),
    "life_event_solve": S(HOUSEHOLD, "GET", **H, event_id="life_event"),
    "life_event_redeal": S(HOUSEHOLD, "POST", **H, event_id="life_event"),
    # calendar feeds: the page and its links; the feed itself answers its token, no sign-in
    "calendar": S(HOUSEHOLD, "GET", **H),
    "calendar_feed_new": S(HOUSEHOLD, "POST", **H),
    "calendar_feed_revoke": S(HOUSEHOLD, "POST", **H),
    "calendar_feed": S(PUBLIC, "GET", token="calendar_token"),
    # reminders: one's own settings and devices (a partner's device answers 404: see
    # test_reminders); the unsubscribe link of every email needs no sign-in (its signed token
    # is the authority); the service worker is served at the root for its scope
    "reminders": S(HOUSEHOLD, "GET POST", **H),
    "reminders_push": S(HOUSEHOLD, "POST", **H),
    "reminders_push_remove": S(HOUSEHOLD, "POST", **H, subscription_id="push_device"),
    "reminders_unsubscribe": S(PUBLIC, "GET POST", token="unsubscribe_token"),
    "service_worker": S(PUBLIC, "GET"),
    # Account → API tokens
    "api_tokens": S(LOGIN, "GET POST"),
    "api_token_revoke": S(LOGIN, "GET POST", token_id="api_token"),
    "api_token_remove": S(LOGIN, "GET POST", token_id="api_token_revoked"),
    "api_tokens_remove": S(LOGIN, "GET POST"),
}

ALL_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


# --- the routes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str | None
    route: str
    params: frozenset[str]


def _params(pattern: Any) -> set[str]:
    converters = getattr(pattern, "converters", None)
    if converters is not None:
        return set(converters)
    return set(pattern.regex.groupindex)  # a re_path


def _walk(patterns: list[Any], prefix: str = "", params: frozenset[str] = frozenset()):  # type: ignore[no-untyped-def]
    for p in patterns:
        if isinstance(p, URLResolver):
            # The JSON API answers 401/404/405 as problem+json, not with the pages' log-in
            # redirect: tests/web/api/test_walk.py walks every operation of its schema.
            if p.namespace in {"admin", "api"}:
                continue
            yield from _walk(p.url_patterns, prefix + str(p.pattern), params | _params(p.pattern))
        elif isinstance(p, URLPattern):
            yield Route(p.name, prefix + str(p.pattern), params | _params(p.pattern))


def routes() -> list[Route]:
    return list(_walk(get_resolver().url_patterns))


def test_every_route_has_a_sample() -> None:
    problems = []
    seen = set()
    for r in routes():
        if r.name is None:
            problems.append(f"{r.route}: has no name, so it cannot be in SAMPLES")
            continue
        seen.add(r.name)
        sample = SAMPLES.get(r.name)
        if sample is None:
            problems.append(f"{r.name} ({r.route}): no entry in SAMPLES")
            continue
        if set(sample.kwargs) != r.params:
            problems.append(
                f"{r.name}: SAMPLES gives {sorted(sample.kwargs)}, the route takes "
                f"{sorted(r.params)}"
            )
        if ("household_id" in r.params) != (sample.access == HOUSEHOLD):
            problems.append(f"{r.name}: household routes (and only they) take household_id")
        if not sample.methods or not sample.methods <= set(ALL_METHODS):
            problems.append(f"{r.name}: methods {sorted(sample.methods)}")
    problems += [f"{name}: in SAMPLES but no such route" for name in set(SAMPLES) - seen]
    assert not problems, "\n".join(problems)


# --- the sample values --------------------------------------------------------------------


@dataclass
class World:
    home: Home
    mine: dict[str, Any]  # Robin and Sam's household and its objects
    theirs: dict[str, Any]  # the outsider's household and its objects

    def url(self, name: str, values: dict[str, Any]) -> str:
        sample = SAMPLES[name]
        return reverse(name, kwargs={k: values[v] for k, v in sample.kwargs.items()})


def _objects(member: Member) -> dict[str, Any]:
    household = member.household
    today = household.today()
    card = household.cards.order_by("pk").first()
    deal = household.deals.order_by("-version").first()
    entry = entry_log(
        member=member, kind="noticed", minutes=Decimal(5), done_on=today, title="Noticed socks"
    )
    away = away_create(
        member=member,
        starts_on=today + timedelta(days=30),
        ends_on=today + timedelta(days=31),
        reason="travel",
    )
    new = invitation_create(household=household, member=member)
    check, _ = round_start(member=member)
    # The monthly check on, with an answer, so its page shows what it has (no id of its own).
    felt_turn_on(member=member)
    felt_answer(member=member, answer=FeltAnswer(4, 4, 4, 3, 3, 3, 3))
    personal = personal_log(member=member, minutes=Decimal(30), on=today, what="Guitar")
    # Made directly: a household of one cannot hold a check-in, yet its ids must answer 404.
    checkin = Checkin.objects.create(household=household, opens_at=timezone.now())
    concern = Item.objects.create(
        checkin=checkin,
        author=member,
        kind=Item.Kind.CONCERN,
        feeling="tired",
        when="the bins are left",
        need="rest",
        request="take them out",
        shared_at=timezone.now(),
    )
    said = Paraphrase.objects.create(concern=concern, listener=member, text="You are tired")
    action = Action.objects.create(
        checkin=checkin, household=household, text="Bins", owner=member, due_on=today
    )
    change = DealChange.objects.create(
        checkin=checkin, kind=DealChange.Kind.STANDARD, card=card, standard="Lid closed"
    )
    # Made directly, like the check-in: the mission waits for everyone's values.
    version = MissionVersion.objects.create(
        household=household, number=1, text="We share it all", author=member
    )
    goal = Goal.objects.create(household=household, title="Save for a home", created_by=member)
    goal.owners.add(member)
    milestone = Milestone.objects.create(goal=goal, title="Open an account", owner=member)
    pressure = OutsidePressure.objects.create(
        household=household,
        author=member,
        source=OutsidePressure.Source.FAMILY,
        expectation="Sunday lunch every week",
        shared_at=timezone.now(),
        stance="Every other week",
    )
    # Made directly too: a household of one has no deal to hand a card over in.
    aspiration = Aspiration.objects.create(
        household=household, member=member, title="Learn the cello", shared_at=timezone.now()
    )
    # Their deal was worked out by the worker (made directly), so their progress poll answers.
    grow_solve = DealSolve.objects.create(
        household=household, asked_by=member, state=DealSolve.State.DONE
    )
    handover = Handover.objects.create(
        household=household,
        aspiration=aspiration,
        card=card,
        to_member=member,
        until=today + timedelta(days=60),
        status=Handover.Status.RUNNING,
        solve=grow_solve,
    )
    life_event = LifeEvent.objects.create(
        household=household,
        key="new-pet",
        title="A new pet",
        change={},
        status=LifeEvent.Status.ACTIVE,
        solve=grow_solve,
    )
    # Made directly: a skip needs a deal, which a household of one may lack.
    occurrence_change = OccurrenceChange.objects.create(
        household=household, card=card, due_on=today, kind="skipped", by=member
    )
    feed = feed_create(member=member, kind=Feed.Kind.HOUSEHOLD)
    return {
        "household": household.pk,
        "card": card.pk,
        "occurrence_change": occurrence_change.pk,
        "calendar_token": feed.token,
        "invitation": new.invitation.pk,
        "invite_token": new.token,
        # The other household has no deal: a version it lacks is as foreign as it gets.
        "version": deal.version if deal else 99,
        "entry": entry.pk,
        "away": away.pk,
        "round": check.pk,
        "personal_item": personal.pk,
        "checkin": checkin.pk,
        "checkin_item": concern.pk,
        "paraphrase": said.pk,
        "action": action.pk,
        "change": change.pk,
        "mission_version": version.pk,
        "goal": goal.pk,
        "milestone": milestone.pk,
        "pressure": pressure.pk,
        "aspiration": aspiration.pk,
        "handover": handover.pk,
        "life_event": life_event.pk,
        "push_device": PushSubscription.objects.create(
            member=member,
            endpoint=f"https://push.example/{member.pk}",
            p256dh="key",
            auth="secret",
        ).pk,
        # Account → API tokens: one of the person's own tokens
        "api_token": token_create(user=member.user, name="sample").token.pk,
        # and one revoked, which may be removed from the list
        "api_token_revoked": token_revoke(
            user=member.user,
            token_id=token_create(user=member.user, name="sample revoked").token.pk,
        ).pk,
        # A deal the worker worked out (made directly: it needs no worker to be read)
        "deal_solve": DealSolve.objects.create(
            household=household, asked_by=member, state=DealSolve.State.DONE
        ).pk,
    }


def _values(home: Home) -> World:
    mine = _objects(home.owner)
    theirs = _objects(home.outsider)
    robin = home.owner.user
    reset = {
        "reset_uidb64": urlsafe_base64_encode(force_bytes(robin.pk)),
        "reset_token": default_token_generator.make_token(robin),
        "verify_token": verify_tokens.make_token(robin),
        "unsubscribe_token": unsubscribe_token(member=home.owner, kind="digest"),
    }
    return World(home, mine | reset, theirs | reset)


@pytest.fixture
def world(rated_and_dealt: Home) -> World:
    return _values(rated_and_dealt)


def _call(client: Client, method: str, url: str, data: dict[str, Any] | None = None):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(url, data or {})
    if method == "POST":
        return client.post(url, data or {})
    return getattr(client, method.lower())(url)


def _household_routes() -> list[str]:
    return [n for n, s in SAMPLES.items() if s.access == HOUSEHOLD]


def _state(world: World) -> dict[str, list[Any]]:
    """A fingerprint of every household's data, to show a refused request changed nothing."""
    return {
        "households": list(
            Household.objects.order_by("pk").values_list(
                "name", "time_zone", "fairness", "tolerance_minutes"
            )
        ),
        "members": list(
            Member.objects.order_by("pk").values_list(
                "display_name", "left_at", "paid_hours", "personal_time_goal_minutes", "share"
            )
        ),
        "cards": list(
            Card.objects.order_by("pk").values_list(
                "pk", "name", "cadence", "minutes", "standard", "locked_to"
            )
        ),
        "rotations": list(
            Card.rotation.through.objects.order_by("pk").values_list("card", "member")
        ),
        "ratings": list(Rating.objects.order_by("pk").values_list("pk", "preference", "minutes")),
        "deals": list(Deal.objects.order_by("pk").values_list("pk", "version", "status")),
        "invitations": list(
            Invitation.objects.order_by("pk").values_list("pk", "used_at", "revoked_at")
        ),
        "entries": list(LogEntry.objects.order_by("pk").values_list("pk", "minutes")),
        "aways": list(Away.objects.order_by("pk").values_list("pk", "starts_on", "ends_on")),
        "covers": list(Cover.objects.order_by("pk").values_list("pk")),
        "aspirations": list(
            Aspiration.objects.order_by("pk").values_list("pk", "title", "shared_at", "reached_at")
        ),
        "aspiration_notes": list(ProgressNote.objects.order_by("pk").values_list("pk", "text")),
        "support": list(Support.objects.order_by("pk").values_list("pk", "text")),
        "handovers": list(Handover.objects.order_by("pk").values_list("pk", "status", "until")),
        "life_events": list(LifeEvent.objects.order_by("pk").values_list("pk", "status")),
        "household_flags": list(
            Household.objects.order_by("pk").values_list("pk", "count_personal_time")
        ),
        "capacities": list(Member.objects.order_by("pk").values_list("pk", "capacity")),
        "paused": list(Card.objects.filter(paused=True).order_by("pk").values_list("pk")),
        "checkins": list(Checkin.objects.order_by("pk").values_list("pk", "opens_at", "closed_at")),
        "checkin_plans": list(
            CheckinPlan.objects.order_by("pk").values_list("household", "weekday", "at")
        ),
        "checkin_closes": list(CheckinClose.objects.order_by("pk").values_list("pk")),
        "checkin_items": list(
            Item.objects.order_by("pk").values_list("pk", "text", "when", "shared_at")
        ),
        "paraphrases": list(Paraphrase.objects.order_by("pk").values_list("pk", "text", "verdict")),
        "responses": list(Response.objects.order_by("pk").values_list("pk")),
        "actions": list(Action.objects.order_by("pk").values_list("pk", "text", "done_at")),
        "changes": list(DealChange.objects.order_by("pk").values_list("pk", "status")),
        "values_cards": list(
            ValuesCard.objects.order_by("pk").values_list("pk", "stand_for", "shared_at")
        ),
        "value_picks": list(ValuePick.objects.order_by("pk").values_list("pk", "key", "own")),
        "mission_versions": list(
            MissionVersion.objects.order_by("pk").values_list("pk", "number", "text")
        ),
        "mission_agreements": list(
            MissionAgreement.objects.order_by("pk").values_list("version", "member")
        ),
        "goals": list(
            Goal.objects.order_by("pk").values_list(
                "pk", "title", "why", "target_on", "reached_at", "archived_at"
            )
        ),
        "goal_owners": list(
            Goal.owners.through.objects.order_by("pk").values_list("goal", "member")
        ),
        "milestones": list(
            Milestone.objects.order_by("pk").values_list("pk", "title", "owner", "done_at")
        ),
        "pressures": list(
            OutsidePressure.objects.order_by("pk").values_list(
                "pk",
                "source",
                "who",
                "expectation",
                "feeling",
                "shared_at",
                "stance",
                "reply",
                "for_checkin",
                "resolved_at",
            )
        ),
        "calendar_feeds": list(
            Feed.objects.order_by("pk").values_list("pk", "member", "kind", "token_hash")
        ),
        "push_devices": list(PushSubscription.objects.order_by("pk").values_list("pk", "member")),
        "pressure_agreements": list(
            PressureAgreement.objects.order_by("pk").values_list("pressure", "part", "member")
        ),
    }


# --- anonymous, outsider, wrong method, foreign objects, former member --------------------


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    anon = world.home.anon_client
    before = _state(world)
    problems = []
    for name, sample in SAMPLES.items():
        url = world.url(name, world.mine)
        for method in sorted(sample.methods & {"GET", "POST"}):
            r = _call(anon, method, url)
            if sample.access == PUBLIC:
                if r.status_code not in (200, 302) or (
                    r.status_code == 302 and r.url.startswith("/login/")
                ):
                    problems.append(f"{method} {name}: public, yet {r.status_code}")
            elif r.status_code in (401, 403):
                continue
            elif r.status_code != 302 or not r.url.startswith(f"/login/?next={url}"):
                problems.append(
                    f"{method} {name}: {r.status_code} {r.get('Location', '')}, "
                    "expected a redirect to /login/?next=…"
                )
    assert not problems, "\n".join(problems)
    assert _state(world) == before


def _words(r: HttpResponse) -> str:
    """The page without its CSRF tokens, which are random letters and can spell "Sam"."""
    html = r.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", html)


def test_a_member_of_another_household_gets_404_on_every_household_route(
    world: World,
) -> None:
    outsider = world.home.outsider_client
    before = _state(world)
    problems = []
    for name in _household_routes():
        url = world.url(name, world.mine)
        for method in sorted(SAMPLES[name].methods):
            r = _call(outsider, method, url)
            if r.status_code != 404:
                problems.append(f"outsider {method} {name}: {r.status_code}, expected 404")
            elif "Robin" in _words(r) or "Sam" in _words(r):
                problems.append(f"outsider {method} {name}: the 404 names a member")
    assert not problems, "\n".join(problems)
    assert _state(world) == before


def test_a_method_a_view_does_not_take_answers_405(world: World) -> None:
    home = world.home
    before = _state(world)
    problems = []
    for name, sample in SAMPLES.items():
        client = home.anon_client if sample.access == PUBLIC else home.owner_client
        url = world.url(name, world.mine)
        for method in ALL_METHODS:
            if method in sample.methods:
                continue
            r = _call(client, method, url)
            if r.status_code == 302 and resolve(r.url.split("?")[0]).url_name == name:
                # Django's password reset link first moves its token into the session.
                r = _call(client, method, r.url)
            if r.status_code != 405:
                problems.append(f"{method} {name}: {r.status_code}, expected 405")
            elif "GET" in sample.methods and "GET" not in r.get("Allow", ""):
                problems.append(f"{method} {name}: Allow header {r.get('Allow')!r} lacks GET")
    assert not problems, "\n".join(problems)
    assert _state(world) == before


def test_objects_of_another_household_answer_404(world: World) -> None:
    """Robin's household URL with the outsider's ids, and the outsider's with Robin's."""
    home = world.home
    before = _state(world)
    problems = []
    cases = [
        ("Robin, outsider's ids", home.owner_client, world.mine["household"], world.theirs),
        ("outsider, Robin's ids", home.outsider_client, world.theirs["household"], world.mine),
    ]
    with_objects = [n for n in _household_routes() if len(SAMPLES[n].kwargs) > 1]
    assert with_objects, "no household route takes an object id?"
    for who, client, household_id, foreign in cases:
        values = foreign | {"household": household_id}
        for name in with_objects:
            url = world.url(name, values)
            for method in sorted(SAMPLES[name].methods):
                r = _call(client, method, url)
                if r.status_code != 404:
                    problems.append(f"{who}: {method} {name} {url}: {r.status_code}")
    assert not problems, "\n".join(problems)
    assert _state(world) == before


def test_ids_of_another_household_in_query_and_form_data_answer_404(world: World) -> None:
    home = world.home
    robin = home.owner_client
    h = world.mine["household"]
    their_card = world.theirs["card"]
    today = home.household.today().isoformat()
    before = _state(world)
    url = lambda name: reverse(name, args=[h])  # noqa: E731

    assert robin.get(url("rate"), {"card": their_card}).status_code == 404
    assert robin.get(url("deal_compare"), {"a": 1, "b": 99}).status_code == 404
    done = {"card": their_card, "due_on": today}
    assert robin.post(url("week_done"), done).status_code == 404
    assert robin.post(url("week_done"), done, HTTP_HX_REQUEST="true").status_code == 404
    assert robin.post(url("week_cover"), done).status_code == 404
    # Choices limited to the household: the form says no, beside the field.
    r = robin.post(
        url("week_log"), {"kind": "noticed", "card": their_card, "minutes": 5, "done_on": today}
    )
    assert r.status_code == 400
    r = robin.post(
        reverse("card_holder", args=[h, world.mine["card"]]),
        {"mode": "lock", "locked_to": home.outsider.pk},
    )
    assert r.status_code == 400
    r = robin.post(
        reverse("card_holder", args=[h, world.mine["card"]]), {"holder": str(home.outsider.pk)}
    )
    assert r.status_code == 400
    assert _state(world) == before
    assert not Card.objects.filter(locked_to=home.outsider).exists()


def test_a_member_who_has_left_gets_404(world: World) -> None:
    home = world.home
    member_leave(member=home.partner)
    sam = home.partner_client
    before = _state(world)
    problems = []
    for name in _household_routes():
        url = world.url(name, world.mine)
        for method in sorted(SAMPLES[name].methods):
            r = _call(sam, method, url)
            if r.status_code != 404:
                problems.append(f"former member {method} {name}: {r.status_code}")
    assert not problems, "\n".join(problems)
    assert _state(world) == before
    # Still signed in, just not a member: the start page offers to create or join one.
    assert sam.get("/").status_code == 200


# --- CSRF ---------------------------------------------------------------------------------

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _token(response: HttpResponse) -> str:
    found = CSRF_INPUT.search(response.content.decode())
    assert found, "the page has no CSRF token"
    return found.group(1)


def test_csrf_is_enforced(home: Home) -> None:
    anon = Client(enforce_csrf_checks=True)
    credentials = {"username": "robin@example.org", "password": "correct horse battery staple"}
    assert anon.post("/login/", credentials).status_code == 403
    token = _token(anon.get("/login/"))
    r = anon.post("/login/", credentials | {"csrfmiddlewaretoken": token})
    assert r.status_code == 302, r.content.decode()[:2000]

    robin = Client(enforce_csrf_checks=True)
    robin.force_login(home.owner.user)
    members = reverse("members", args=[home.household.pk])
    data = {
        "me-display_name": "Robin",
        "me-paid_hours": "30",
        "me-personal_time_goal_minutes": "120",
        "me-share": "",
    }
    update = reverse("member_update", args=[home.household.pk])
    assert robin.post(update, data).status_code == 403
    home.owner.refresh_from_db()
    assert home.owner.paid_hours == 0
    # A token of another session does not do.
    assert robin.post(update, data | {"csrfmiddlewaretoken": token}).status_code == 403
    token = _token(robin.get(members))
    assert robin.post(update, data | {"csrfmiddlewaretoken": token}).status_code == 302
    home.owner.refresh_from_db()
    assert home.owner.paid_hours == 30

    # htmx sends the token in a header (base.html puts it in hx-headers).
    card = home.household.cards.order_by("pk").first()
    rate = reverse("rate_card", args=[home.household.pk, card.pk])
    assert robin.post(rate, {"preference": "like"}, HTTP_HX_REQUEST="true").status_code == 403
    page = robin.get(reverse("rate", args=[home.household.pk])).content.decode()
    header = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page)
    assert header, "base.html no longer sends the CSRF token with htmx requests"
    r = robin.post(
        rate, {"preference": "like"}, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=header.group(1)
    )
    assert r.status_code == 200
    assert Rating.objects.filter(card=card, member=home.owner, preference="like").exists()

    # Logging out is a POST and needs the token too.
    assert robin.post("/logout/").status_code == 403
    assert robin.get("/account/").status_code == 200


# --- headers and the HTML of every page ---------------------------------------------------


def _csp(response: HttpResponse) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    assert header, "no Content-Security-Policy header"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def _check_headers(r: HttpResponse, what: str) -> list[str]:
    problems = []
    csp = _csp(r)
    expected = {
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
    for directive, sources in expected.items():
        if csp.get(directive) != sources:
            problems.append(f"{what}: CSP {directive} is {csp.get(directive)}, want {sources}")
    for directive, sources in csp.items():
        if any(s in ("'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:") for s in sources):
            problems.append(f"{what}: CSP {directive} allows {sources}")
    if "default-src" not in csp:
        problems.append(f"{what}: CSP has no default-src")
    if r.get("X-Frame-Options") != "DENY":
        problems.append(f"{what}: X-Frame-Options {r.get('X-Frame-Options')!r}")
    if not r.get("Referrer-Policy"):
        problems.append(f"{what}: no Referrer-Policy")
    if r.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{what}: X-Content-Type-Options {r.get('X-Content-Type-Options')!r}")
    return problems


def test_security_headers(home: Home) -> None:
    problems = []
    problems += _check_headers(home.anon_client.get("/login/"), "login page")
    problems += _check_headers(
        home.owner_client.get(reverse("members", args=[home.household.pk])), "members page"
    )
    problems += _check_headers(
        home.outsider_client.get(reverse("members", args=[home.household.pk])), "404 page"
    )
    assert not problems, "\n".join(problems)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.inline: list[tuple[str, dict[str, str | None], str]] = []
        self._open: tuple[str, dict[str, str | None]] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open, self._text = (tag, dict(attrs)), []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[0]:
            self.inline.append((*self._open, "".join(self._text)))
            self._open = None


def _html_problems(html: str, what: str) -> list[str]:
    parser = _Tags()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.tags:
        if "style" in attrs:
            problems.append(f"{what}: <{tag} style=…> (the CSP blocks inline styles)")
        for attr in attrs:
            if attr.startswith("on"):
                problems.append(f"{what}: <{tag} {attr}=…> (the CSP blocks inline handlers)")
        for attr in ("src", "href", "action", "hx-get", "hx-post"):
            value = (attrs.get(attr) or "").strip().lower()
            if value.startswith("javascript:"):
                problems.append(f"{what}: <{tag} {attr}={value!r}>")
            loads = tag in ("script", "link", "img", "iframe") and attr in ("src", "href")
            if loads and value.startswith(("http:", "https:", "//")):
                problems.append(f"{what}: <{tag}> loads {value} from elsewhere")
        if tag in ("iframe", "object", "embed", "base"):
            problems.append(f"{what}: <{tag}>")
    for tag, attrs, text in parser.inline:
        if text.strip() and "nonce" not in attrs:
            problems.append(f"{what}: inline <{tag}> without a nonce")
        if tag == "script" and not text.strip() and not attrs.get("src"):
            problems.append(f"{what}: empty <script> without src")
    return problems


def test_the_page_checker_finds_what_it_looks_for() -> None:
    bad = (
        '<p style="color:red">x</p><script>alert(1)</script><button onclick="go()">b</button>'
        '<script src="https://cdn.example/x.js"></script><a href="javascript:go()">a</a>'
        "<style>p{}</style>"
    )
    found = "\n".join(_html_problems(bad, "page"))
    for expected in ("style=", "inline <script>", "onclick", "cdn.example", "javascript:"):
        assert expected in found
    assert "inline <style>" in found
    good = '<script src="/static/vendor/htmx.min.js" defer></script><script nonce="n">x()</script>'
    assert _html_problems(good, "page") == []


def test_no_page_has_inline_script_or_style(world: World) -> None:
    """Every GET route's page, as the member (or a visitor for public pages), in several states."""
    home = world.home
    h = home.household.pk
    # More to show: a proposal waiting for a yes (and two versions to compare), and an
    # invitation link shown once on the members page.
    deal_propose(household=home.household, member=home.partner)
    home.owner_client.post(reverse("invitation_create", args=[h]))
    last_week = (home.household.today() - timedelta(days=7)).isoformat()
    problems = []
    pages = []
    for name, sample in SAMPLES.items():
        if "GET" not in sample.methods:
            continue
        client = home.anon_client if sample.access == PUBLIC else home.owner_client
        pages.append((name, client, world.url(name, world.mine), {}))
    card = world.mine["card"]
    pages += [
        ("rate ?card", home.owner_client, reverse("rate", args=[h]), {"card": card}),
        ("catalog ?q", home.owner_client, reverse("catalog", args=[h]), {"q": "bin"}),
        (
            "catalog ?deck",
            home.owner_client,
            reverse("catalog", args=[h]),
            {"deck": ["couple", "pets"]},
        ),
        ("compare 1-2", home.owner_client, reverse("deal_compare", args=[h]), {"a": 1, "b": 2}),
        ("week ?week", home.partner_client, reverse("week", args=[h]), {"week": last_week}),
        ("log ?kind", home.partner_client, reverse("week_log", args=[h]), {"kind": "planned"}),
        ("deal, partner", home.partner_client, reverse("deal", args=[h]), {}),
        ("404", home.outsider_client, reverse("week", args=[h]), {}),
        ("join, used", home.outsider_client, "/join/not-a-token/", {}),
    ]
    for name, client, url, query in pages:
        r = client.get(url, query, follow=True)
        if r.status_code not in (200, 404):
            problems.append(f"GET {name} {url}: {r.status_code}")
            continue
        if r.streaming:  # the CSV export: not HTML
            continue
        problems += _html_problems(r.content.decode(), f"GET {name}")
        problems += _check_headers(r, f"GET {name}")
    # Forms re-rendered with errors, and htmx fragments.
    posts = [
        ("card_new", reverse("card_new", args=[h]), {"name": ""}, {}),
        ("member_update", reverse("member_update", args=[h]), {"me-paid_hours": "x"}, {}),
        ("household_update", reverse("household_update", args=[h]), {"home-name": ""}, {}),
        ("week_log", reverse("week_log", args=[h]), {"minutes": "-1"}, {}),
        ("week_away", reverse("week_away", args=[h]), {"starts_on": "x"}, {}),
        ("household_create", reverse("household_create"), {"name": ""}, {}),
        ("rate_card", reverse("rate_card", args=[h, card]), {"preference": "x"}, {}),
        ("deck_add, no such deck", reverse("deck_add", args=[h]), {"deck": "dragons"}, {}),
        (
            "rate_card htmx",
            reverse("rate_card", args=[h, card]),
            {"preference": "like"},
            {"HTTP_HX_REQUEST": "true"},
        ),
    ]
    for name, url, data, headers in posts:
        r = home.owner_client.post(url, data, **headers)
        if r.status_code not in (200, 400):
            problems.append(f"POST {name}: {r.status_code}")
            continue
        problems += _html_problems(r.content.decode(), f"POST {name}")
    r = home.anon_client.post("/signup/", {"email": "nope"})
    problems += _html_problems(r.content.decode(), "POST signup")
    assert not problems, "\n".join(problems)


# --- private ratings ----------------------------------------------------------------------

ROBIN_MINUTES = "173"
ROBIN_TIME = duration_text(int(ROBIN_MINUTES))  # the same, as pages write it: "2 h 53"
ROBIN_WORDS = "zebra-striped"


def _secret_free(html: str) -> str:
    """The page without tokens and nonces, where three digits could turn up by chance."""
    return re.sub(r"[A-Za-z0-9+/=_-]{20,}", "", html)


def _leaks(html: str) -> list[str]:
    text = _secret_free(html)
    found = []
    if ROBIN_WORDS in text:
        found.append(f"Robin's standard ({ROBIN_WORDS})")
    if re.search(rf"(?<![\d.]){ROBIN_MINUTES}(?![\d])", text):
        found.append(f"Robin's minutes ({ROBIN_MINUTES})")
    if ROBIN_TIME in text:
        found.append(f"Robin's minutes as h mm ({ROBIN_TIME})")
    return found


PREFERENCE_WORDS = re.compile(r"Robin (enjoys|likes|is fine with|dislikes|hates|can't|cannot)")


def _robin_rates_everything(home: Home) -> list[Card]:
    """Robin rates every card through the rating page, with own minutes and standard."""
    h = home.household.pk
    cards = list(home.household.cards.order_by("pk"))
    for card in cards:
        r = home.owner_client.post(
            reverse("rate_card", args=[h, card.pk]),
            {
                "preference": "enjoy",
                "minutes": ROBIN_MINUTES,
                "standard": f"{ROBIN_WORDS} {card.name}",
            },
        )
        assert r.status_code == 302, r.content.decode()[:2000]
    # Robin sees them (so the checks below would notice a leak).
    mine = home.owner_client.get(reverse("my_ratings", args=[h])).content.decode()
    assert ROBIN_TIME in mine
    again = home.owner_client.get(reverse("rate", args=[h]), {"card": cards[0].pk})
    assert ROBIN_WORDS in again.content.decode()
    # Sam has rated one card so far.
    rating_set(member=home.partner, card=cards[0], preference="hate", standard="Good enough")
    return cards


def _sam_pages(home: Home, cards: list[Card]) -> list[tuple[str, str]]:
    h = home.household.pk
    urls = [
        reverse(n, args=[h])
        for n in ("rate", "my_ratings", "standards", "deal", "deal_history", "cards", "week")
    ]
    urls += [reverse("rate", args=[h]) + f"?card={c.pk}" for c in cards]
    urls += [reverse("card_edit", args=[h, c.pk]) for c in cards]
    urls += [reverse("deal_version", args=[h, d.version]) for d in home.household.deals.all()]
    sam = home.partner_client
    return [(u, sam.get(u, follow=True).content.decode()) for u in urls]


def test_ratings_stay_private_until_everyone_has_rated(home: Home) -> None:
    h = home.household.pk
    cards = _robin_rates_everything(home)
    sam = home.partner_client
    problems = []
    for url, html in _sam_pages(home, cards):
        problems += [f"Sam sees {leak} on {url}" for leak in _leaks(html)]
        if PREFERENCE_WORDS.search(html):
            problems.append(f"Sam sees Robin's preference on {url}")
    r = sam.post(
        reverse("rate_card", args=[h, cards[1].pk]),
        {"preference": "like"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    problems += [f"Sam sees {leak} in the htmx answer" for leak in _leaks(r.content.decode())]
    assert not problems, "\n".join(problems)

    # Once Sam has finished, the standards page shows where they differ: Robin's words too.
    for card in cards[1:]:
        rating_set(member=home.partner, card=card, preference="fine", minutes=Decimal(20))
    standards = sam.get(reverse("standards", args=[h])).content.decode()
    assert ROBIN_WORDS in standards
    assert ROBIN_TIME in standards


def test_a_deal_proposed_before_everyone_has_rated_reveals_no_rating(home: Home) -> None:
    """Either the proposal waits for everyone's ratings, or its reasons give none away."""
    h = home.household.pk
    cards = _robin_rates_everything(home)
    home.partner_client.post(reverse("deal_propose", args=[h]))
    problems = []
    for url, html in _sam_pages(home, cards):
        problems += [f"Sam sees {leak} on {url}" for leak in _leaks(html)]
        problems += [
            f"Sam sees Robin's preference on {url}: {m.group(0)!r}"
            for m in PREFERENCE_WORDS.finditer(html)
        ]
    assert not problems, "\n".join(problems)


# --- private check-in items ---------------------------------------------------------------


def test_private_checkin_items_reach_no_other_member_on_any_page(world: World) -> None:
    """Robin prepares one item of each kind and shares none: no page Sam can open shows them,
    while Robin's own preparation page does (so the test can fail)."""
    from evenly.checkins.services import item_add

    home = world.home
    checkin = Checkin.objects.get(pk=world.mine["checkin"])
    secret = "Zebra-crossing-whisper"
    item_add(member=home.owner, checkin=checkin, kind="appreciation", text=f"{secret} 1")
    item_add(member=home.owner, checkin=checkin, kind="went_well", text=f"{secret} 2")
    item_add(
        member=home.owner,
        checkin=checkin,
        kind="feeling",
        feeling="tired",
        intensity=3,
        text=f"{secret} 3",
    )
    # The sample concern is Robin's and shared; Robin's private one would break "one each".
    item_add(
        member=home.partner,
        checkin=checkin,
        kind="concern",
        feeling="tired",
        when="x",
        need="y",
        request="z",
    )
    problems = []
    for name in _household_routes():
        if "GET" not in SAMPLES[name].methods:
            continue
        url = world.url(name, world.mine)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            r = home.partner_client.get(url, **headers)
            body = b"".join(r.streaming_content) if r.streaming else r.content
            if secret in body.decode():
                problems.append(f"{name}: Sam sees Robin's private item")
    assert not problems, "\n".join(problems)
    mine = home.owner_client.get(reverse("checkin_prepare", args=[home.household.pk, checkin.pk]))
    assert mine.content.decode().count(secret) == 3


# --- private values and notes of outside pressure -------------------------------------------


def test_private_values_and_pressure_notes_reach_no_other_member_on_any_page(
    world: World,
) -> None:
    """Robin chooses values in own words, writes what to stand for and notes a pressure, and
    shares the values card but not the note; Sam has not shared. No page Sam can open shows
    any of it, while Robin's own pages do (so the test can fail)."""
    from evenly.values.services import pressure_save, values_save, values_share

    home = world.home
    secret = "Wombat-lanterns"
    values_save(
        member=home.owner,
        keys=["honesty"],
        own_words=f"{secret} 1",
        stand_for=f"{secret} 2",
    )
    values_share(member=home.owner)
    values_save(member=home.partner, keys=["fun"], stand_for="Sam's words")
    note = pressure_save(
        member=home.owner,
        pressure=None,
        source="work",
        who=f"{secret} 3",
        expectation=f"{secret} 4",
        feeling=f"{secret} 5",
    )
    problems = []
    for name in _household_routes():
        if "GET" not in SAMPLES[name].methods:
            continue
        url = world.url(name, world.mine)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            r = home.partner_client.get(url, **headers)
            body = b"".join(r.streaming_content) if r.streaming else r.content
            if secret in body.decode():
                problems.append(f"{name}: Sam sees Robin's private values or note")
    h = home.household.pk
    for name in ("pressure", "pressure_edit", "pressure_delete"):
        r = home.partner_client.get(reverse(name, args=[h, note.pk]))
        if r.status_code != 404 or secret in r.content.decode():
            problems.append(f"{name} of Robin's private note: {r.status_code} for Sam")
    assert not problems, "\n".join(problems)
    robin = home.owner_client
    mine = robin.get(reverse("values", args=[h])).content.decode()
    assert f"{secret} 1" in mine and f"{secret} 2" in mine
    note_page = robin.get(reverse("pressure", args=[h, note.pk])).content.decode()
    assert all(f"{secret} {i}" in note_page for i in (3, 4, 5))


def test_private_aspirations_reach_no_other_member_on_any_page(world: World) -> None:
    """Robin's aspiration, not yet shared, with a note: no page Sam can open shows it."""
    from evenly.growth.services import aspiration_create, note_add

    home = world.home
    secret = "Quietly-learning-the-theremin"
    item = aspiration_create(
        member=home.owner, title=secret, kind="creative", support_wanted=f"{secret} support"
    )
    note_add(member=home.owner, aspiration=item, text=f"{secret} note")
    problems = []
    for name in _household_routes():
        if "GET" not in SAMPLES[name].methods:
            continue
        for values in (world.mine, world.mine | {"aspiration": item.pk}):
            r = home.partner_client.get(world.url(name, values))
            body = b"".join(r.streaming_content) if r.streaming else r.content
            if secret in body.decode():
                problems.append(f"{name}: Sam sees Robin's private aspiration")
    assert not problems, "\n".join(problems)
    page = home.owner_client.get(reverse("aspiration", args=[home.household.pk, item.pk]))
    assert page.content.decode().count(secret) >= 3  # title, support wanted, note
