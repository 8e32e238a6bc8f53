"""The load benchmark's pieces (benchmarks/load.py): its Poisson schedule, its percentiles, the
search for the highest held rate, and a second of its load generator against a live server:
signing in through the form, ticking a card off and undoing it with the CSRF token, and every
kind of request of the mix answered. Nothing here asserts how fast anything is."""

from __future__ import annotations

import asyncio
import importlib.util
import random
import statistics
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.conftest import PASSWORD, Home

LOAD = Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("evenly_load_benchmark", LOAD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


load = _load()


def test_the_schedule_is_a_poisson_process_of_the_rate() -> None:
    times = load.poisson_schedule(50.0, 400.0, random.Random(1))
    # 20,000 arrivals expected, standard deviation about 141: within 5 of them.
    assert abs(len(times) - 20_000) < 5 * 141
    assert times == sorted(times) and times[0] > 0 and times[-1] < 400.0
    gaps = [b - a for a, b in zip([0.0, *times], times, strict=False)]
    # Exponential gaps: mean 1/rate and as spread as their mean (a fixed interval has none).
    assert statistics.mean(gaps) == pytest.approx(0.02, rel=0.03)
    assert statistics.stdev(gaps) / statistics.mean(gaps) == pytest.approx(1.0, abs=0.05)
    assert load.poisson_schedule(50.0, 400.0, random.Random(1)) == times
    assert load.poisson_schedule(0.0, 10.0, random.Random(1)) == []


def test_the_mix_is_drawn_by_its_weights() -> None:
    kinds = load.pick_kinds(20_000, random.Random(2))
    total = sum(w for _, _, w in load.MIX)
    for name, _, weight in load.MIX:
        assert kinds.count(name) / len(kinds) == pytest.approx(weight / total, abs=0.015)


def test_percentiles_are_nearest_rank() -> None:
    values = [float(v) for v in range(100, 0, -1)]
    assert load.pct(values, 50) == 50.0
    assert load.pct(values, 95) == 95.0
    assert load.pct(values, 99) == 99.0
    assert load.pct(values, 100) == 100.0
    assert load.pct([7.0], 95) == 7.0
    assert load.pct([1.0, 2.0, 3.0], 50) == 2.0  # a measured value, never an interpolation
    with pytest.raises(ValueError):
        load.pct([], 50)
    summary = load.latency_summary([1.0, 2.0, 3.0, 4.0])
    assert summary["n"] == 4 and summary["p50"] == 2.0 and summary["max"] == 4.0


def test_a_rate_is_held_only_with_no_errors_and_p95_within_the_goal() -> None:
    ok = {"errors": 0, "latency_ms": {"n": 10, "p95": 100.0}}
    assert load.within_goal(ok)
    assert not load.within_goal({**ok, "errors": 1})
    assert not load.within_goal({**ok, "latency_ms": {"n": 10, "p95": 100.1}})
    assert not load.within_goal({**ok, "latency_ms": {"n": 0}})


def test_the_search_doubles_then_bisects_then_stops() -> None:
    assert load.next_probe(100.0, None, 400.0) == 200.0
    assert load.next_probe(300.0, None, 400.0) == 400.0
    assert load.next_probe(400.0, None, 400.0) is None
    assert load.next_probe(0.0, 25.0, 400.0) == 12.0
    assert load.next_probe(50.0, 100.0, 400.0) == 75.0
    assert load.next_probe(72.0, 75.0, 400.0) is None  # within 5 %
    assert load.next_probe(0.0, 2.0, 400.0) is None


@pytest.mark.django_db(transaction=True)
def test_a_second_of_load_against_a_live_server(rated_and_dealt: Home, live_server: Any) -> None:
    from evenly.cards.services import card_owner_rule_set
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.week.models import LogEntry

    home = rated_and_dealt
    # Cooking dinner (daily) becomes Robin's, so Robin has a card to tick off whatever the day.
    cooking = home.household.cards.get(name="Cooking dinner")  # type: ignore[attr-defined]
    card_owner_rule_set(card=cooking, locked_to=home.owner, rotation=[])
    deal = deal_propose(household=home.household, member=home.owner)
    for member in (home.owner, home.partner):
        deal = deal_accept(deal=deal, member=member)
    household = home.household.pk
    robin = home.owner.user.email  # type: ignore[attr-defined]

    def entries() -> int:
        return LogEntry.objects.filter(household_id=household, member=home.owner).count()

    with pytest.raises(RuntimeError, match="login as"):
        asyncio.run(_with(live_server.url, lambda g: g.login(robin, "wrong password", household)))
    session = asyncio.run(_with(live_server.url, lambda g: g.login(robin, PASSWORD, household)))
    assert session.csrf and "sessionid" in session.cookies
    before = list(session.open_ticks)
    assert before, "the member has cards due this week to tick off"

    assert asyncio.run(_with(live_server.url, lambda g: g.tick(session))) is None
    assert entries() == 1 and len(session.undos) == 1
    session.open_ticks = []  # nothing left to tick: the next tick undoes
    assert asyncio.run(_with(live_server.url, lambda g: g.tick(session))) is None
    assert entries() == 0 and not session.undos
    assert len(session.open_ticks) == 1 and session.open_ticks[0] in before

    session.open_ticks = list(before)
    phase = asyncio.run(
        _with(
            live_server.url,
            lambda g: g.phase(
                [session], rate=30.0, seconds=1.0, seed=3, max_outstanding=300, worker_pids=[]
            ),
        )
    )
    assert phase["errors"] == 0, phase["error_examples"]
    assert phase["answered"] == phase["scheduled"] > 0
    assert phase["mix"].get("tick") and phase["mix"].get("pulse")
    assert set(phase["by_kind"]) == set(phase["mix"])
    # Every card the second left ticked off is one entry, and the member can still undo it.
    assert entries() == len(session.undos)
    assert len(session.undos) + len(session.open_ticks) == len(before)


async def _with(url: str, act: Any) -> Any:
    """``act(generator)`` with a generator of its own (aiohttp binds it to this loop)."""
    gen = load.Generator(url, timeout=30.0)
    try:
        return await act(gen)
    finally:
        await gen.close()
