"""Peers of the deal engine: simple ways households and apps share chores, and fairpyx.

Each peer returns a full assignment in the order of ``build_instance(h, canonical=True)`` (a
member index per card, ``ROTATION`` for rotation cards) that respects ``cannot``, locks and
rotations, so that :func:`evenly.core.figures.figures_of` scores it exactly like the engine.
Peers walk the cards in the household file's order and the members in the file's order.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

from evenly.core.figures import ROTATION, Instance

HERE = Path(__file__).resolve().parent
FAIRPYX_SCRIPT = HERE / "fairpyx_peer.py"


class Order:
    """File order of cards and members, as indices into the canonical instance."""

    def __init__(self, inst: Instance) -> None:
        h = inst.household
        card_index = {name: j for j, name in enumerate(inst.cards)}
        member_index = {name: i for i, name in enumerate(inst.members)}
        self.cards = [card_index[c.name] for c in h.responsibilities]
        self.members = [member_index[mem.name] for mem in h.members]


def fixed_start(inst: Instance) -> tuple[list[int | None], list[Fraction], list[int]]:
    """Rotations and locked cards as every peer must deal them; the other cards are free.

    Returns the partial owner list, each member's load from it (own minutes) and the free cards.
    """
    owner: list[int | None] = [None] * inst.m
    loads = [Fraction(0)] * inst.n
    free = []
    for j in range(inst.m):
        if inst.rotation[j]:
            owner[j] = ROTATION
            for i in inst.rotation[j]:
                loads[i] += inst.w[i][j] / len(inst.rotation[j])
        elif (lock := inst.locked[j]) is not None:
            owner[j] = lock
            loads[lock] += inst.w[lock][j]
        else:
            free.append(j)
    return owner, loads, free


def _done(owner: Sequence[int | None]) -> list[int]:
    if any(o is None for o in owner):
        raise AssertionError("a peer left a card without an owner")
    return [o for o in owner if o is not None]


def round_robin(inst: Instance) -> list[int]:
    """Cards in file order dealt to members in turn, skipping a member who cannot take it."""
    order = Order(inst)
    owner, _, free = fixed_start(inst)
    free_set = set(free)
    turn = 0
    for j in order.cards:
        if j not in free_set:
            continue
        for step in range(inst.n):
            pos = (turn + step) % inst.n
            if inst.allowed(order.members[pos], j):
                owner[j] = order.members[pos]
                turn = pos + 1
                break
    return _done(owner)


def least_assigned(inst: Instance) -> list[int]:
    """Each card in file order to the allowed member with the least load so far (own minutes).

    This is how chore apps balance: by time assigned, with no notion of targets or preferences.
    """
    order = Order(inst)
    owner, loads, free = fixed_start(inst)
    free_set = set(free)
    rank = {i: pos for pos, i in enumerate(order.members)}
    for j in order.cards:
        if j not in free_set:
            continue
        allowed = [i for i in range(inst.n) if inst.allowed(i, j)]
        i = min(allowed, key=lambda i: (loads[i], rank[i]))
        owner[j] = i
        loads[i] += inst.w[i][j]
    return _done(owner)


def hand_deal(inst: Instance) -> list[int]:
    """Members take turns picking their most preferred remaining card, as a couple deals cards.

    Ties go to the card that comes first in the file; a member with nothing left to take passes.
    """
    order = Order(inst)
    owner, _, free = fixed_start(inst)
    position = {j: pos for pos, j in enumerate(order.cards)}
    remaining = sorted(free, key=lambda j: position[j])
    turn = 0
    while remaining:
        i = order.members[turn % inst.n]
        turn += 1
        options = [j for j in remaining if inst.allowed(i, j)]
        if not options:
            continue
        j = max(options, key=lambda j: (inst.preference[i][j].score, -position[j]))
        owner[j] = i
        remaining.remove(j)
    return _done(owner)


PEERS = {
    "round robin": round_robin,
    "least assigned": least_assigned,
    "hand deal": hand_deal,
}


def fairpyx_request(case_id: str, inst: Instance) -> dict[str, Any]:
    """The free cards as chores (negative values, own minutes); ``cannot`` as agent conflicts."""
    order = Order(inst)
    _, _, free = fixed_start(inst)
    free_set = set(free)
    cards = [j for j in order.cards if j in free_set]
    agents = [inst.members[i] for i in order.members]
    return {
        "id": case_id,
        "agents": agents,
        "items": [str(j) for j in cards],
        "valuations": {
            inst.members[i]: {str(j): -float(inst.w[i][j]) for j in cards} for i in order.members
        },
        "conflicts": {
            inst.members[i]: [str(j) for j in cards if not inst.allowed(i, j)]
            for i in order.members
        },
    }


def fairpyx_round_robin(
    python: Path, requests: list[dict[str, Any]], insts: dict[str, Instance]
) -> dict[str, list[int]]:
    """Run fairpyx's round_robin on every request in one subprocess of the fairpyx venv.

    One process for the batch: importing fairpyx takes seconds. PYTHONHASHSEED is fixed
    because fairpyx picks among tied items by iterating a set.
    """
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.run(
        [str(python), str(FAIRPYX_SCRIPT)],
        input=json.dumps(requests),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    bundles: dict[str, dict[str, list[str]]] = json.loads(proc.stdout)
    result = {}
    for cid, by_agent in bundles.items():
        inst = insts[cid]
        owner, _, _ = fixed_start(inst)
        index = {name: i for i, name in enumerate(inst.members)}
        for agent, items in by_agent.items():
            for item in items:
                owner[int(item)] = index[agent]
        result[cid] = _done(owner)
    return result


def check_assignment(inst: Instance, owner: Sequence[int]) -> None:
    """Raise if an assignment breaks ``cannot``, a lock or a rotation."""
    for j, o in enumerate(owner):
        if inst.rotation[j]:
            if o != ROTATION:
                raise AssertionError(f"rotation card {inst.cards[j]!r} given to one member")
        elif o == ROTATION or not inst.allowed(o, j):
            raise AssertionError(f"card {inst.cards[j]!r} given to a member who may not have it")
