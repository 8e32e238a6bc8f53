"""Where a deal is worked out: inside the request when it is quick, else by the worker.

One rule, from the household's shape alone (members, cards, cards that already have an owner),
so the page, the API and the tests agree before any solving starts. The figures behind it are
the deal benchmark's (benchmarks/results/deal.md): couples are dealt in ~10 ms at 100 cards,
while re-deals of 4–6 members (the fewest-minutes-moved phase in play) take hundreds of
milliseconds to seconds, too long for a page to wait on.
"""

from __future__ import annotations

from enum import StrEnum

from evenly.core.bounds import (
    QUICK_SOLVE_CARDS,
    QUICK_SOLVE_COUPLE_CARDS,
    QUICK_SOLVE_FIRST_DEAL_SIZE,
)


def solve_is_quick(*, members: int, cards: int, owned: int) -> bool:
    """True when a deal of this shape is expected well under ~200 ms (dealt inline).

    ``cards`` counts the cards to deal (not paused); ``owned`` how many of them already have an
    owner in the deal in force (a re-deal also minimises the minutes that move).
    """
    if cards <= QUICK_SOLVE_CARDS:
        return True
    if members <= 2:
        return cards <= QUICK_SOLVE_COUPLE_CARDS
    if owned == 0:
        return members * cards <= QUICK_SOLVE_FIRST_DEAL_SIZE
    # A re-deal of three or more members: the fewest-moves phase is the engine's slow tail.
    return False


class Step(StrEnum):
    """A solver phase as a household reads it (the pages put it in plain words)."""

    START = "start"  # queued, or reading the household
    BALANCE = "balance"  # how even the deal can be
    MOVES = "moves"  # keeping cards with their owners
    PREFERENCE = "preference"  # matching cards to preferences
    ENVY = "envy"  # nobody would rather have another's cards
    SAVING = "saving"  # the engine is done; the deal is being kept


def phase_step(phase: str) -> Step:
    """The step a solver phase name (``solve(progress=...)``) belongs to.

    Read from the words in the phase's name, so a phase the engine adds later still lands on a
    sensible step instead of failing."""
    if not phase:
        return Step.START
    if "envy" in phase:
        return Step.ENVY
    if "moves" in phase:
        return Step.MOVES
    if "deviation" in phase:
        return Step.BALANCE
    if "preference" in phase:
        return Step.PREFERENCE
    if phase == Step.SAVING:
        return Step.SAVING
    return Step.START
