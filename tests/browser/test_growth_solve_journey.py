"""A life change in a four-member household, at a phone and a laptop size: Robin applies "a
new pet"; the changes are made at once and the life change's page says its re-deal is being
worked out (waiting for the worker, then each step, in a live region); when the real worker
(``manage.py worker --batch``, run in the test's thread) is done, the page shows the
comparison, the cards that move and the deal to accept, by itself, without a reload. Shots go
to test-artefacts/screenshots/<viewport>/growth-solve-NN-*.png. A handover is followed the same
way on the Grow page (growth-solve-handover-NN-*.png)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, expect

from tests.browser.conftest import WAIT_MS, Recorder, click, recording, signed_in
from tests.conftest import Home
from tests.web.solve_household import grow_to_four

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

SHOTS = "growth-solve-"


@pytest.fixture
def handover_rec(request: pytest.FixtureRequest, viewport: str) -> Iterator[Recorder]:
    """The handover journey keeps its own shots (growth-solve-handover-NN-*.png)."""
    yield from recording(request, prefix="growth-solve-handover-")


def test_a_four_member_life_change_is_re_dealt_by_the_worker_while_its_page_follows(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, rec: Recorder
) -> None:
    from evenly.deals import services
    from evenly.deals.models import Deal, DealSolve
    from evenly.growth.models import LifeEvent

    home = rated_and_dealt
    grow_to_four(home)
    h = home.household
    base = f"{live_server.url}/h/{h.pk}"

    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{base}/life-changes/")
    robin.locator("input[value='new-pet']").check()
    click(robin, robin.get_by_role("button", name="Apply it and propose a re-deal"))

    # The changes are made; the re-deal is the worker's, and the page says so.
    expect(robin.get_by_text("the re-deal is being worked out")).to_be_visible()
    status = robin.locator("#deal-solve [role=status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text("Waiting for the worker to start…")
    expect(robin.get_by_role("heading", name="What changed")).to_be_visible()
    expect(robin.get_by_role("heading", name="The re-deal")).to_have_count(0)
    event = LifeEvent.objects.get(household=h)
    assert event.solve is not None and event.deal is None
    assert not Deal.objects.filter(household=h, version=3).exists()
    rec.step(robin, "robin-waits-for-the-re-deal")
    robin.evaluate("document.body.dataset.sameDocument = 'yes'")

    note = services._solve_note
    shot: list[str] = []

    def watched(solve_id: int, phase: str) -> None:
        note(solve_id, phase)
        if not shot and phase != "saving":
            expect(status).not_to_have_text("Waiting for the worker to start…")
            shot.append(status.inner_text())
            rec.step(robin, "robin-sees-the-step-under-way")

    services._solve_note = watched
    try:
        call_command("worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "3600")
    finally:
        services._solve_note = note
    solve = DealSolve.objects.get(pk=event.solve_id)
    assert solve.state == DealSolve.State.DONE, solve.error
    assert shot and shot[0].endswith("…"), shot

    # Done: the comparison replaces the progress, in the same document.
    expect(robin.get_by_role("heading", name="The re-deal")).to_be_visible()
    expect(robin.locator("#deal-solve")).to_have_count(0)
    expect(robin.get_by_role("link", name="Look at Deal v3 and accept it")).to_be_visible()
    expect(robin.get_by_text("Undo this change")).to_be_visible()
    assert robin.evaluate("document.body.dataset.sameDocument") == "yes"
    event.refresh_from_db()
    assert event.deal is not None and event.deal.version == 3 and event.summary
    expect(robin.get_by_text(event.summary.split(";")[0])).to_be_visible()
    rec.step(robin, "robin-sees-the-re-deal-without-a-reload")
    assert not rec.browser_errors, rec.report()


def test_a_four_member_handover_is_followed_on_the_grow_page(  # type: ignore[no-untyped-def]
    browser: Browser, live_server, rated_and_dealt: Home, viewport: str, handover_rec: Recorder
) -> None:
    rec = handover_rec
    from datetime import timedelta

    from django.db import transaction

    from evenly.deals.models import Deal
    from evenly.growth.models import Handover
    from evenly.growth.services import handover_propose

    home = rated_and_dealt
    grow_to_four(home)
    h = home.household
    active = Deal.objects.get(household=h, status=Deal.Status.ACTIVE)
    row = active.cards.exclude(owner=home.owner).exclude(owner=None).select_related("card").first()
    with transaction.atomic():  # its solve is queued for the worker when this commits
        handover = handover_propose(
            member=home.owner,
            card=row.card,
            to_member=home.owner,
            until=h.today() + timedelta(days=10),
        )
    assert handover.solve is not None and handover.deal is None

    robin = signed_in(browser, live_server.url, viewport, home.owner.user).new_page()
    rec.watch(robin, "robin")
    robin.goto(f"{live_server.url}/h/{h.pk}/grow/")
    status = robin.locator("#deal-solve [role=status]")
    expect(status).to_have_text("Waiting for the worker to start…")
    # No cancelling while the worker deals: the button comes back with the deal.
    expect(robin.get_by_role("button", name="Cancel")).to_have_count(0)
    rec.step(robin, "robin-sees-the-handover-being-worked-out")
    robin.evaluate("document.body.dataset.sameDocument = 'yes'")

    call_command("worker", "--batch", "--no-reload", "--no-startup-delay", "--tick", "3600")
    handover.refresh_from_db()
    assert handover.deal is not None and handover.status == Handover.Status.PROPOSED

    expect(robin.locator("#deal-solve")).to_have_count(0)
    expect(robin.get_by_role("button", name="Cancel")).to_be_visible()
    assert robin.evaluate("document.body.dataset.sameDocument") == "yes"
    rec.step(robin, "robin-sees-the-handover-with-its-deal")
    assert not rec.browser_errors, rec.report()
