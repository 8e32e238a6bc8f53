"""Deals worked out by the worker: a quick deal stays inside the request; a slow one (the rule
in evenly.core.solve_place) is queued, run by the task with each phase recorded, shown on the
deal page while under way and as the new deal when done; one at a time per household; a
failure is a sentence; a stalled solve can be asked again; another household sees nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evenly.core.bounds import DEAL_SOLVE_STALE_MINUTES, QUICK_SOLVE_CARDS
from evenly.core.solve_place import Step, phase_step, solve_is_quick
from evenly.deals import services
from evenly.deals.models import Deal, DealSolve
from evenly.deals.tasks import deal_solve
from tests.web.solve_household import grow_to_four

TASK = "evenly.deals.tasks.deal_solve"


def page(home, client=None) -> str:
    client = client or home.owner_client
    return client.get(f"/h/{home.household.pk}/deal/").content.decode()


def poll(home, solve, client=None):
    client = client or home.owner_client
    return client.get(reverse("deal_solve", args=[home.household.pk, solve.pk]))


def propose(home, client=None):
    client = client or home.owner_client
    return client.post(f"/h/{home.household.pk}/deals/propose/", follow=True)


# --- the rule ------------------------------------------------------------------------------


def test_the_rule_keeps_couples_and_small_households_inline() -> None:
    assert solve_is_quick(members=2, cards=100, owned=90)
    assert solve_is_quick(members=6, cards=QUICK_SOLVE_CARDS, owned=QUICK_SOLVE_CARDS)
    assert solve_is_quick(members=3, cards=60, owned=0)  # a first deal of a small household
    assert not solve_is_quick(members=4, cards=100, owned=90)  # a re-deal: the slow tail
    assert not solve_is_quick(members=6, cards=300, owned=0)
    assert not solve_is_quick(members=2, cards=400, owned=0)


def test_phases_land_on_steps_even_unknown_ones() -> None:
    assert phase_step("deviation limit") == Step.BALANCE
    assert phase_step("best possible deviation") == Step.BALANCE
    assert phase_step("fewest moves, then preference") == Step.MOVES
    assert phase_step("preference") == Step.PREFERENCE
    assert phase_step("preference, envy-free up to one card") == Step.ENVY
    assert phase_step("") == Step.START
    assert phase_step("a phase the engine adds one day") == Step.START


# --- the quick path ------------------------------------------------------------------------


def test_a_couple_is_dealt_inside_the_request_as_before(
    rated_and_dealt, django_capture_on_commit_callbacks
):
    home = rated_and_dealt
    with django_capture_on_commit_callbacks(execute=True):
        body = propose(home).content.decode()
    assert "Deal v2 proposed" in body
    assert Deal.objects.get(household=home.household, version=2).status == Deal.Status.PROPOSED
    assert not DealSolve.objects.exists() and not DBTaskResult.objects.exists()


# --- the slow path -------------------------------------------------------------------------


@pytest.fixture
def four(rated_and_dealt):
    grow_to_four(rated_and_dealt)
    return rated_and_dealt


def test_a_slow_deal_goes_to_the_worker_and_the_page_follows_it(
    four, django_capture_on_commit_callbacks
):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        body = propose(home).content.decode()
    solve = DealSolve.objects.get(household=home.household)
    assert solve.state == DealSolve.State.QUEUED and solve.asked_by == home.owner
    # Queued for the worker (the database backend), not dealt: no version 3 yet.
    queued = DBTaskResult.objects.get(task_path=TASK)
    assert queued.status == "READY" and queued.args_kwargs["args"] == [solve.pk]
    assert not Deal.objects.filter(household=home.household, version=3).exists()
    assert "Working out a new deal" in body and "Waiting for the worker to start" in body
    assert (
        'role="status" aria-live="polite"' in body and "without JavaScript, reload the page" in body
    )
    assert f'hx-get="{reverse("deal_solve", args=[home.household.pk, solve.pk])}"' in body
    # Every member sees it; the poll is a read that says the same.
    assert "Waiting for the worker to start" in page(home, home.partner_client)
    assert "Waiting for the worker to start" in poll(home, solve).content.decode()

    # The worker: each phase is recorded as it starts, and the page's poll says it in words.
    seen: list[tuple[str, str]] = []
    note = services._solve_note

    def spy(solve_id: int, phase: str) -> None:
        note(solve_id, phase)
        row = DealSolve.objects.get(pk=solve_id)
        seen.append((row.phase, poll(home, row).content.decode()))

    services._solve_note = spy
    try:
        assert deal_solve.call(solve.pk) == "done"
    finally:
        services._solve_note = note
    phases = [p for p, _ in seen]
    # The engine's own phases first (their names are the engine's), then keeping the deal.
    assert len(phases) >= 2 and phases[-1] == "saving"
    assert all(phase_step(p) != Step.START for p in phases), phases
    assert "Almost done: keeping the new deal" in seen[-1][1]
    words = {
        Step.BALANCE: "Finding how evenly the cards can be shared",
        Step.MOVES: "Keeping as many cards as possible with whoever has them now",
        Step.PREFERENCE: "Matching the cards to what each of you prefers",
        Step.ENVY: "Checking that nobody would rather have someone else",
        Step.SAVING: "Almost done",
    }
    for phase, text in seen:
        assert words[phase_step(phase)] in text, (phase, text)

    solve.refresh_from_db()
    v3 = Deal.objects.get(household=home.household, version=3)
    assert solve.state == DealSolve.State.DONE and solve.deal == v3 and solve.error == ""
    assert solve.started_at and solve.finished_at and v3.proposed_by == home.owner
    assert v3.cards.count() == 26 and v3.status == Deal.Status.PROPOSED
    # The poll now tells the page to fetch itself again; the page shows the deal, no progress.
    answer = poll(home, solve).content.decode()
    assert "The new deal is ready." in answer and 'hx-select="#main"' in answer
    body = page(home)
    assert "Deal v3" in body and "Working out a new deal" not in body
    # Taken once: a second run of the same task does nothing.
    assert deal_solve.call(solve.pk) == "not queued"


def test_asking_again_while_one_runs_starts_nothing(four, django_capture_on_commit_callbacks):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
        body = propose(home, home.partner_client).content.decode()
    assert "A new deal is already being worked out" in body
    assert DealSolve.objects.filter(household=home.household).count() == 1
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 1
    # The same answer while it runs.
    DealSolve.objects.update(state=DealSolve.State.RUNNING, phase="preference")
    assert "A new deal is already being worked out" in propose(home).content.decode()
    assert "Matching the cards to what each of you prefers" in page(home)


def test_a_failed_solve_says_why_without_a_traceback(four, django_capture_on_commit_callbacks):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    solve = DealSolve.objects.get()
    # Every card is paused before the worker starts: there is nothing left to deal.
    card = home.household.cards.get(name="Errand 1")
    card.paused = True
    card.save()
    home.household.cards.exclude(pk=card.pk).update(paused=True)
    assert deal_solve.call(solve.pk) == "failed"
    solve.refresh_from_db()
    assert solve.state == DealSolve.State.FAILED and solve.finished_at
    assert "Traceback" not in solve.error and solve.error
    body = page(home)
    assert "The new deal could not be worked out:" in body and solve.error in body
    assert not Deal.objects.filter(version=3).exists()


def test_an_unexpected_error_is_a_sentence_for_the_household(
    four, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    solve = DealSolve.objects.get()

    def broken(*args, **kwargs):
        raise MemoryError("solver internals")

    monkeypatch.setattr(services, "propose_deal", broken)
    assert deal_solve.call(solve.pk) == "failed"
    solve.refresh_from_db()
    assert solve.error.startswith("The deal could not be worked out. Ask again")
    assert "solver internals" not in solve.error and "solver internals" not in caplog.text
    assert "MemoryError" in caplog.text
    # It can be asked again at once.
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    assert DealSolve.objects.filter(state=DealSolve.State.QUEUED).count() == 1


def test_a_solve_no_worker_took_is_shown_as_stopped_and_can_be_asked_again(
    four, django_capture_on_commit_callbacks
):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    solve = DealSolve.objects.get()
    late = timezone.now() - timedelta(minutes=DEAL_SOLVE_STALE_MINUTES + 1)
    DealSolve.objects.update(created_at=late, updated_at=late)
    body = page(home)
    assert f"the worker did not answer for {DEAL_SOLVE_STALE_MINUTES} minutes" in body
    assert "Working out a new deal" not in body
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    solve.refresh_from_db()
    assert solve.state == DealSolve.State.FAILED and "worker stopped" in solve.error
    fresh = DealSolve.objects.get(state=DealSolve.State.QUEUED)
    # The old one, if a worker takes it up after all, does nothing.
    assert deal_solve.call(solve.pk) == "not queued"
    assert deal_solve.call(fresh.pk) == "done"


def test_a_solve_is_its_households_alone(four, django_capture_on_commit_callbacks):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    solve = DealSolve.objects.get()
    assert poll(home, solve, home.outsider_client).status_code == 404
    other = f"/h/{home.other_household.pk}/deals/solves/{solve.pk}/"
    assert home.outsider_client.get(other).status_code == 404
    assert (
        "Working out"
        not in home.outsider_client.get(f"/h/{home.other_household.pk}/deal/").content.decode()
    )
    assert poll(home, solve, home.anon_client).status_code in (302, 404)
    assert poll(home, solve, home.partner_client).status_code == 200


def test_the_poll_writes_nothing(
    four, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    solve = DealSolve.objects.get()
    with django_assert_max_num_queries(8) as ctx:
        poll(home, solve)
    assert not [
        q for q in ctx.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}
    ]


# --- the API -------------------------------------------------------------------------------


def _token(member) -> str:
    from evenly.accounts.tokens import token_create

    return token_create(user=member.user, name="test", can_write=True).secret


def test_the_api_answers_202_with_a_solve_to_read(four, django_capture_on_commit_callbacks):
    from django.test import Client

    home = four
    h = home.household.pk
    robin = {"HTTP_AUTHORIZATION": f"Bearer {_token(home.owner)}"}
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/api/v1/households/{h}/deals", **robin)
    assert r.status_code == 202, r.content
    body = r.json()
    assert body["state"] == "queued" and body["step"] == "start" and body["version"] is None
    assert body["asked_by"] == home.owner.pk and not body["stalled"]
    solve_url = f"/api/v1/households/{h}/deal-solves/{body['id']}"
    # A second ask while it is under way is refused and starts nothing.
    again = client.post(f"/api/v1/households/{h}/deals", **robin)
    assert again.status_code == 422 and "already being worked out" in again.content.decode()
    assert DealSolve.objects.count() == 1
    # Another household's member: 404 in their own household's path and in Robin's.
    olly = {"HTTP_AUTHORIZATION": f"Bearer {_token(home.outsider)}"}
    assert client.get(solve_url, **olly).status_code == 404
    other = f"/api/v1/households/{home.other_household.pk}/deal-solves/{body['id']}"
    assert client.get(other, **olly).status_code == 404
    assert deal_solve.call(body["id"]) == "done"
    done = client.get(solve_url, **robin).json()
    assert done["state"] == "done" and done["version"] == 3 and done["finished_at"]
    assert client.get(f"/api/v1/households/{h}/deals/3", **robin).status_code == 200


def test_the_progress_is_said_in_german(four, django_capture_on_commit_callbacks):
    home = four
    with django_capture_on_commit_callbacks(execute=True):
        propose(home)
    solve = DealSolve.objects.get()
    german = {"HTTP_ACCEPT_LANGUAGE": "de"}
    body = home.owner_client.get(f"/h/{home.household.pk}/deal/", **german).content.decode()
    assert "Eine neue Abmachung wird ausgearbeitet" in body
    assert "Wartet darauf, dass der Hintergrunddienst beginnt" in body
    DealSolve.objects.update(state=DealSolve.State.RUNNING, phase="fewest moves, then preference")
    url = reverse("deal_solve", args=[home.household.pk, solve.pk])
    step = home.owner_client.get(url, **german).content.decode()
    assert "Lässt so viele Karten wie möglich bei denen, die sie jetzt haben" in step
    # The worker writes a failure in the asker's language, whatever its own.
    home.owner.user.language = "de"
    home.owner.user.save()
    DealSolve.objects.update(state=DealSolve.State.QUEUED, phase="")
    home.household.cards.update(paused=True)
    assert deal_solve.call(solve.pk) == "failed"
    solve.refresh_from_db()
    assert solve.error == "Wähle erst ein paar Karten: Noch gibt es nichts zu verteilen."


# Transactional: the solve is enqueued when the request's transaction commits, and the real
# worker (``manage.py worker --batch``, as ``make run``'s) takes it from the database.
@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_the_solve_from_the_database(rated_and_dealt):
    from django.core.management import call_command

    home = rated_and_dealt
    grow_to_four(home)
    propose(home)
    assert DBTaskResult.objects.get(task_path=TASK).status == "READY"
    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "3600")
    result = DBTaskResult.objects.get(task_path=TASK)
    assert result.status == "SUCCESSFUL", result.traceback
    solve = DealSolve.objects.get()
    assert solve.state == DealSolve.State.DONE and solve.deal.version == 3
    assert "Deal v3" in page(home) and "Working out" not in page(home)


def test_two_asks_at_once_make_one_solve(four, monkeypatch):
    """Where the row lock is no lock (SQLite), the constraint still keeps one under way."""
    from django.core.exceptions import ValidationError

    home = four
    services.deal_solve_start(household=home.household, member=home.owner)
    # The second ask does not see the first (as if both had read at the same moment).
    monkeypatch.setattr(services, "solve_stalled", lambda solve, now: True)
    monkeypatch.setattr(DealSolve.objects, "for_household", lambda h: DealSolve.objects.none())
    with pytest.raises(ValidationError, match="already being worked out"):
        services.deal_solve_start(household=home.household, member=home.partner)
    assert DealSolve.objects.count() == 1


# --- a check-in's change of owner, agreed by everyone --------------------------------------


def test_a_check_in_change_in_a_large_household_is_dealt_by_the_worker(
    four, django_capture_on_commit_callbacks
):
    from evenly.checkins import services as checkins
    from evenly.checkins.models import DealChange

    home = four
    members = list(home.household.members.current().order_by("pk"))
    checkin = checkins.checkin_start(member=home.owner)
    card = home.household.cards.get(name="Laundry")
    active = Deal.objects.get(status=Deal.Status.ACTIVE)
    holder = active.cards.get(card=card).owner
    to = next(m for m in members if m != holder)
    change = checkins.deal_change_propose(
        member=home.owner, checkin=checkin, kind="owner", card=card, to_member=to
    )
    with django_capture_on_commit_callbacks(execute=True):
        for m in members[1:]:
            change = checkins.deal_change_agree(member=m, change=change)
    change.refresh_from_db()
    assert change.status == DealChange.Status.AGREED and change.deal is None
    assert change.solve is not None and change.proposal is None
    assert DBTaskResult.objects.get(task_path=TASK).args_kwargs["args"] == [change.solve.pk]
    together = home.owner_client.get(f"/h/{home.household.pk}/checkin/{checkin.pk}/").content
    assert (
        "the new deal is" in together.decode()
        and "worked out on the Deal page" in together.decode()
    )
    assert deal_solve.call(change.solve.pk) == "done"
    change.refresh_from_db()
    v3 = Deal.objects.get(version=3)
    assert change.proposal == v3 and v3.cards.get(card=card).owner == to
    german = home.owner_client.get(
        f"/h/{home.household.pk}/checkin/{checkin.pk}/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Abmachung v3" in german
