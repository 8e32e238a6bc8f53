"""Handovers and life changes in a larger household: their deal is worked out by the worker (the
rule in evenly.core.solve_place), the Grow pages follow it and show the result without a
reload, and a failure leaves them in a state the household can ask again from. A couple's stay
inside the request, as before (tests/web/test_growth.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from evenly.deals import services as deal_services
from evenly.deals.models import Deal, DealSolve
from evenly.deals.tasks import deal_solve
from evenly.growth import services
from evenly.growth.models import Handover, LifeEvent
from tests.conftest import Home
from tests.web.solve_household import grow_to_four

TASK = "evenly.deals.tasks.deal_solve"


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


@pytest.fixture
def four(rated_and_dealt: Home) -> Home:
    grow_to_four(rated_and_dealt)
    return rated_and_dealt


def _apply_pet(home: Home, capture) -> tuple[LifeEvent, str]:
    with capture(execute=True):
        r = home.owner_client.post(_url(home, "life_events"), {"key": "new-pet"}, follow=True)
    assert r.status_code == 200
    return LifeEvent.objects.get(), r.content.decode()


def _break_the_next_solve(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise MemoryError("solver internals")

    monkeypatch.setattr(deal_services, "propose_deal", broken)


# --- the quick path -------------------------------------------------------------------------


def test_a_couples_life_change_is_dealt_inside_the_request_as_before(
    rated_and_dealt: Home, django_capture_on_commit_callbacks
) -> None:
    home = rated_and_dealt
    event, page = _apply_pet(home, django_capture_on_commit_callbacks)
    assert event.deal is not None and event.deal.status == Deal.Status.PROPOSED
    assert event.solve is None and event.summary and event.summary_words
    assert "a re-deal is proposed" in page and "Working out a new deal" not in page
    assert not DealSolve.objects.exists() and not DBTaskResult.objects.exists()


# --- life changes by the worker -------------------------------------------------------------


def test_a_larger_households_life_change_is_worked_out_and_then_compared(
    four: Home, django_capture_on_commit_callbacks
) -> None:
    home = four
    cards_before = home.household.cards.count()
    event, page = _apply_pet(home, django_capture_on_commit_callbacks)
    # The changes are made at once; the re-deal is the worker's.
    assert home.household.cards.count() > cards_before
    solve = event.solve
    assert solve is not None and solve.state == DealSolve.State.QUEUED and event.deal is None
    assert DBTaskResult.objects.get(task_path=TASK).args_kwargs["args"] == [solve.pk]
    assert not Deal.objects.filter(household=home.household, version=3).exists()
    assert "the re-deal is being worked out" in page
    assert "the re-deal is worked out by Evenly" in page
    assert "Working out a new deal" in page and "Waiting for the worker to start" in page
    poll_url = _url(home, "life_event_solve", event.pk)
    assert f'hx-get="{poll_url}"' in page
    # Undoing it while the worker deals would leave a deal with the changes in: not offered.
    assert "Undo this change" not in page
    r = home.owner_client.post(_url(home, "life_event_end", event.pk), follow=True)
    assert "still being worked out" in r.content.decode()
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.PROPOSED

    # The partner polls the same progress; an outsider's poll and page are 404.
    assert "Waiting for the worker" in home.partner_client.get(poll_url).content.decode()
    assert home.outsider_client.get(poll_url).status_code == 404
    assert home.outsider_client.get(_url(home, "life_event", event.pk)).status_code == 404

    assert deal_solve.call(solve.pk) == "done"
    event.refresh_from_db()
    v3 = Deal.objects.get(household=home.household, version=3)
    # The hook gave the event its deal, compared with the deal in force when it was applied.
    assert event.deal == v3 and v3.status == Deal.Status.PROPOSED
    assert event.summary and event.summary_words and event.change["minutes_delta"]
    assert set(event.change["minutes_delta"]) == {"Robin", "Sam", "Kim", "Alex"}
    # The poll now makes the page fetch itself: the comparison, without progress.
    step = home.owner_client.get(poll_url).content.decode()
    assert f'hx-get="{_url(home, "life_event", event.pk)}"' in step and "is ready" in step
    page = home.partner_client.get(_url(home, "life_event", event.pk)).content.decode()
    assert "Working out a new deal" not in page and "The re-deal" in page
    assert "Look at Deal v3 and accept it" in page and "Undo this change" in page
    # Everyone says yes: the change is in force, as with a couple.
    for member in home.household.members.current():
        deal_services.deal_accept(deal=v3, member=member)
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ACTIVE


def test_a_failed_re_deal_can_be_asked_for_again(
    four: Home, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    home = four
    event, _page = _apply_pet(home, django_capture_on_commit_callbacks)
    first = event.solve
    with monkeypatch.context() as patched:
        _break_the_next_solve(patched)
        assert deal_solve.call(first.pk) == "failed"
    event.refresh_from_db()
    assert event.deal is None and event.status == LifeEvent.Status.PROPOSED
    page = home.partner_client.get(_url(home, "life_event", event.pk)).content.decode()
    assert "The new deal could not be worked out:" in page and "solver internals" not in page
    assert "Ask for the deal again" in page and "Undo this change" in page
    # An outsider cannot ask for it; a member can, and it goes to the worker again.
    redeal = _url(home, "life_event_redeal", event.pk)
    assert home.outsider_client.post(redeal).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        r = home.partner_client.post(redeal, follow=True)
    assert "asked for again" in r.content.decode()
    event.refresh_from_db()
    assert event.solve != first and event.solve.state == DealSolve.State.QUEUED
    assert event.solve.asked_by == home.partner
    assert deal_solve.call(event.solve.pk) == "done"
    event.refresh_from_db()
    assert event.deal is not None and event.deal.proposed_by == home.partner and event.summary
    # Nothing is left to ask for again.
    r = home.owner_client.post(redeal, follow=True)
    assert "There is no deal to ask for again." in r.content.decode()


def test_a_failed_re_deal_can_be_undone_instead(
    four: Home, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    home = four
    cards_before = home.household.cards.count()
    event, _page = _apply_pet(home, django_capture_on_commit_callbacks)
    with monkeypatch.context() as patched:
        _break_the_next_solve(patched)
        assert deal_solve.call(event.solve.pk) == "failed"
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.life_event_end(member=home.owner, event=event)
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ENDED and home.household.cards.count() == cards_before
    # The restoring deal is the worker's too, and lands on the event when done.
    assert event.restore_solve is not None and event.restore_deal is None
    assert deal_solve.call(event.restore_solve.pk) == "done"
    event.refresh_from_db()
    assert event.restore_deal is not None and event.restore_deal.status == Deal.Status.PROPOSED


# --- handovers by the worker ----------------------------------------------------------------


def _hand_over(home: Home, capture, client=None):
    active = Deal.objects.get(household=home.household, status=Deal.Status.ACTIVE)
    row = active.cards.exclude(owner=home.partner).exclude(owner=None).first()
    with capture(execute=True):
        r = (client or home.partner_client).post(
            _url(home, "handover_add"),
            {
                "card": row.card_id,
                "to_member": home.partner.pk,
                "until": str(home.household.today() + timedelta(days=10)),
            },
            follow=True,
        )
    return Handover.objects.get(), r.content.decode()


def test_a_larger_households_handover_follows_its_deal_from_the_worker(
    four: Home, django_capture_on_commit_callbacks
) -> None:
    home = four
    handover, page = _hand_over(home, django_capture_on_commit_callbacks)
    assert handover.status == Handover.Status.PROPOSED and handover.deal is None
    assert handover.solve is not None and handover.card.locked_to == home.partner
    assert "is being worked out" in page and "Working out a new deal" in page
    poll_url = _url(home, "handover_solve", handover.pk)
    assert f'hx-get="{poll_url}"' in page
    assert home.outsider_client.get(poll_url).status_code == 404
    assert "Waiting for the worker" in home.owner_client.get(poll_url).content.decode()
    # Cancelling it while the worker deals would still bring a deal with the card moved.
    r = home.owner_client.post(_url(home, "handover_end", handover.pk), follow=True)
    assert "still being worked out" in r.content.decode()

    assert deal_solve.call(handover.solve.pk) == "done"
    handover.refresh_from_db()
    deal = handover.deal
    assert deal is not None and deal.cards.get(card=handover.card).owner == home.partner
    step = home.owner_client.get(poll_url).content.decode()
    assert f'hx-get="{_url(home, "grow")}"' in step
    page = home.owner_client.get(_url(home, "grow")).content.decode()
    assert "Working out a new deal" not in page
    for member in home.household.members.current():
        deal_services.deal_accept(deal=deal, member=member)
    handover.refresh_from_db()
    assert handover.status == Handover.Status.RUNNING


def test_a_failed_handover_deal_is_asked_again_or_cancelled(
    four: Home, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    home = four
    handover, _page = _hand_over(home, django_capture_on_commit_callbacks)
    with monkeypatch.context() as patched:
        _break_the_next_solve(patched)
        assert deal_solve.call(handover.solve.pk) == "failed"
    page = home.owner_client.get(_url(home, "grow")).content.decode()
    assert "Its deal could not be worked out." in page and "Ask for the deal again" in page
    redeal = _url(home, "handover_redeal", handover.pk)
    assert home.outsider_client.post(redeal).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        home.owner_client.post(redeal)
    handover.refresh_from_db()
    assert handover.solve.state == DealSolve.State.QUEUED
    with monkeypatch.context() as patched:
        _break_the_next_solve(patched)
        assert deal_solve.call(handover.solve.pk) == "failed"
    # Or the household lets it go: the card is as it was.
    r = home.owner_client.post(_url(home, "handover_end", handover.pk), follow=True)
    assert "Cancelled" in r.content.decode()
    handover.refresh_from_db()
    handover.card.refresh_from_db()
    assert handover.status == Handover.Status.CANCELLED and handover.card.locked_to is None


def test_a_handover_ending_in_a_larger_household_restores_through_the_worker(
    four: Home, django_capture_on_commit_callbacks
) -> None:
    home = four
    handover, _page = _hand_over(home, django_capture_on_commit_callbacks)
    deal_solve.call(handover.solve.pk)
    handover.refresh_from_db()
    for member in home.household.members.current():
        deal_services.deal_accept(deal=handover.deal, member=member)
    Handover.objects.filter(pk=handover.pk).update(until=home.household.today())
    with django_capture_on_commit_callbacks(execute=True):
        r = home.owner_client.post(_url(home, "catch_up"), follow=True)
    assert "is being worked out" in r.content.decode()
    handover.refresh_from_db()
    assert handover.status == Handover.Status.ENDED and handover.restore_solve is not None
    assert deal_solve.call(handover.restore_solve.pk) == "done"
    handover.refresh_from_db()
    restore = handover.restore_deal
    assert restore is not None
    assert restore.cards.get(card=handover.card).owner == handover.from_member


# --- in German ------------------------------------------------------------------------------

GERMAN = {"accept-language": "de"}


def test_progress_and_failure_on_the_grow_pages_are_said_in_german(
    four: Home, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    home = four
    event, _page = _apply_pet(home, django_capture_on_commit_callbacks)
    page = home.owner_client.get(_url(home, "life_event", event.pk), headers=GERMAN)
    html = page.content.decode()
    assert '<html lang="de"' in html
    assert "Eine neue Abmachung wird ausgearbeitet" in html and "Working out" not in html
    assert "die neue Aufteilung wird von Evenly ausgearbeitet" in html
    with monkeypatch.context() as patched:
        _break_the_next_solve(patched)
        deal_solve.call(event.solve.pk)
    html = home.owner_client.get(_url(home, "life_event", event.pk), headers=GERMAN)
    html = html.content.decode()
    assert "Die neue Abmachung konnte nicht ausgearbeitet werden:" in html
    assert "Abmachung noch einmal anfragen" in html and "Die Änderungen bleiben bestehen" in html
    assert "Ask for the deal again" not in html
    r = home.owner_client.post(_url(home, "life_event_end", event.pk), headers=GERMAN, follow=True)
    assert "Abmachung, die die alte Verteilung wiederherstellt" in r.content.decode()


def test_a_handover_in_progress_is_said_in_german(
    four: Home, django_capture_on_commit_callbacks
) -> None:
    home = four
    active = Deal.objects.get(household=home.household, status=Deal.Status.ACTIVE)
    row = active.cards.exclude(owner=home.owner).exclude(owner=None).first()
    with django_capture_on_commit_callbacks(execute=True):
        r = home.owner_client.post(
            _url(home, "handover_add"),
            {
                "card": row.card_id,
                "to_member": home.owner.pk,
                "until": str(home.household.today() + timedelta(days=10)),
            },
            headers=GERMAN,
            follow=True,
        )
    html = r.content.decode()
    assert "Sie wird gerade ausgearbeitet" in html and "is being worked out" not in html
    assert "Eine neue Abmachung wird ausgearbeitet" in html
    r = home.owner_client.post(
        _url(home, "handover_end", Handover.objects.get().pk), headers=GERMAN, follow=True
    )
    assert "wird noch ausgearbeitet" in r.content.decode()


def test_a_change_whose_date_comes_while_its_re_deal_is_worked_out_waits_for_it(
    four: Home, django_capture_on_commit_callbacks
) -> None:
    from evenly.growth import selectors

    home = four
    event, _page = _apply_pet(home, django_capture_on_commit_callbacks)
    LifeEvent.objects.filter(pk=event.pk).update(until=home.household.today())
    # Ending it now would undo the changes under the worker's feet: not due, not done.
    assert not selectors.catch_up_due(household=home.household)
    assert services.growth_catch_up(household=home.household) == []
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.PROPOSED
    deal_solve.call(event.solve.pk)
    # Its re-deal is there: now it is due, and ends with a restoring deal for the worker.
    assert selectors.catch_up_due(household=home.household)
    with django_capture_on_commit_callbacks(execute=True):
        said = services.growth_catch_up(household=home.household)
    assert any("is being worked out" in sentence for sentence in said)
    event.refresh_from_db()
    assert event.status == LifeEvent.Status.ENDED and event.restore_solve is not None


def test_a_failed_restoring_deal_stays_on_the_pages_to_ask_again(
    four: Home, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    home = four
    handover, _page = _hand_over(home, django_capture_on_commit_callbacks)
    deal_solve.call(handover.solve.pk)
    handover.refresh_from_db()
    for member in home.household.members.current():
        deal_services.deal_accept(deal=handover.deal, member=member)
    handover.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.handover_end_now(member=home.owner, handover=handover)
    handover.refresh_from_db()
    assert handover.status == Handover.Status.ENDED and handover.restore_solve is not None
    with monkeypatch.context() as patched:
        _break_the_next_solve(patched)
        assert deal_solve.call(handover.restore_solve.pk) == "failed"
    page = home.partner_client.get(_url(home, "grow")).content.decode()
    assert "The deal giving it back could not be worked out." in page
    assert "Ask for the deal again" in page and "End it now" not in page
    with django_capture_on_commit_callbacks(execute=True):
        home.partner_client.post(_url(home, "handover_redeal", handover.pk))
    handover.refresh_from_db()
    assert handover.restore_solve.state == DealSolve.State.QUEUED
    assert deal_solve.call(handover.restore_solve.pk) == "done"
    handover.refresh_from_db()
    restore = handover.restore_deal
    assert restore is not None
    assert restore.cards.get(card=handover.card).owner == handover.from_member
    # Given back: the Grow page lists it no more.
    page = home.partner_client.get(_url(home, "grow")).content.decode()
    assert handover.card.name not in page.split("Cards handed over for a while")[1]

    # A life change undone whose restoring deal failed says so on its page, and asks again.
    event, _page = _apply_pet(home, django_capture_on_commit_callbacks)
    deal_solve.call(event.solve.pk)
    event.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.life_event_end(member=home.owner, event=event)
    event.refresh_from_db()
    with monkeypatch.context() as patched:
        _break_the_next_solve(patched)
        assert deal_solve.call(event.restore_solve.pk) == "failed"
    page = home.owner_client.get(_url(home, "life_event", event.pk)).content.decode()
    assert "The change is undone. Ask again for the deal that gives the cards back." in page
    assert "The re-deal" in page  # what it changed stays readable
    with django_capture_on_commit_callbacks(execute=True):
        home.owner_client.post(_url(home, "life_event_redeal", event.pk))
    event.refresh_from_db()
    assert deal_solve.call(event.restore_solve.pk) == "done"
    event.refresh_from_db()
    assert event.restore_deal is not None


def test_a_re_deal_no_worker_took_up_can_be_asked_for_again(
    four: Home, django_capture_on_commit_callbacks
) -> None:
    from django.utils import timezone

    from evenly.core.bounds import DEAL_SOLVE_STALE_MINUTES

    home = four
    event, _page = _apply_pet(home, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - timedelta(minutes=DEAL_SOLVE_STALE_MINUTES + 1)
    DealSolve.objects.filter(pk=event.solve_id).update(created_at=long_ago)
    page = home.owner_client.get(_url(home, "life_event", event.pk)).content.decode()
    assert "the worker did not answer for" in page and "Ask for the deal again" in page
    with django_capture_on_commit_callbacks(execute=True):
        home.owner_client.post(_url(home, "life_event_redeal", event.pk))
    stalled = DealSolve.objects.get(pk=event.solve_id)
    event.refresh_from_db()
    # The silent one is marked as stopped; the new one is queued and the page follows it.
    assert stalled.state == DealSolve.State.FAILED and event.solve != stalled
    assert event.solve.state == DealSolve.State.QUEUED
    page = home.owner_client.get(_url(home, "life_event", event.pk)).content.decode()
    assert "Waiting for the worker to start" in page
