"""Quick approximate deals that give the exact solver a good place to start.

Nothing here decides a deal: the solver proves or improves whatever these find. They work in
floating point for speed; the engine checks their results exactly before relying on them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from evenly.core.figures import ROTATION, Instance


class _Loads:
    """Loads and deviations of a deal in floating point, updated one move at a time."""

    def __init__(self, inst: Instance, owner: list[int]) -> None:
        self.inst = inst
        self.owner = owner
        self.w = [[float(x) for x in row] for row in inst.w]
        self.a = [float(x) for x in inst.target_a]
        self.b = [float(x) for x in inst.target_b]
        self.loads = [0.0] * inst.n
        for j, o in enumerate(owner):
            if o == ROTATION:
                group = inst.rotation[j]
                for i in group:
                    self.loads[i] += self.w[i][j] / len(group)
            else:
                self.loads[o] += self.w[o][j]

    def deviations(self, loads: Sequence[float]) -> list[float]:
        total = sum(loads)
        return [load - (a * total + b) for load, a, b in zip(loads, self.a, self.b, strict=True)]

    def after_move(self, j: int, k: int) -> list[float]:
        loads = list(self.loads)
        o = self.owner[j]
        loads[o] -= self.w[o][j]
        loads[k] += self.w[k][j]
        return loads

    def move(self, j: int, k: int) -> None:
        self.loads = self.after_move(j, k)
        self.owner[j] = k


def _movable(inst: Instance) -> list[tuple[int, list[int]]]:
    cards = []
    for j in range(inst.m):
        allowed = [i for i in range(inst.n) if inst.allowed(i, j)]
        if len(allowed) > 1:
            cards.append((j, allowed))
    return cards


def _start(inst: Instance, *, by_preference: bool) -> list[int]:
    """Every card to its favourite (or, balancing, largest cards first to whoever has room)."""
    owner = [ROTATION] * inst.m
    for j in range(inst.m):
        allowed = [i for i in range(inst.n) if inst.allowed(i, j)]
        if allowed:
            owner[j] = allowed[0]
    if by_preference:
        for j in range(inst.m):
            allowed = [i for i in range(inst.n) if inst.allowed(i, j)]
            if allowed:
                owner[j] = max(allowed, key=lambda i: (inst.preference[i][j].score, -inst.w[i][j]))
        return owner
    # Largest cards first, each to the member furthest below an estimate of their target.
    expected = sum(float(sum(inst.w[i][j] for i in range(inst.n))) / inst.n for j in range(inst.m))
    targets = [
        float(a) * expected + float(b) for a, b in zip(inst.target_a, inst.target_b, strict=True)
    ]
    state = _Loads(inst, [o if inst.rotation[j] else ROTATION for j, o in enumerate(owner)])
    loads = list(state.loads)
    movable = sorted(
        (j for j in range(inst.m) if not inst.rotation[j]),
        key=lambda j: -max(float(inst.w[i][j]) for i in range(inst.n)),
    )
    for j in movable:
        allowed = [i for i in range(inst.n) if inst.allowed(i, j)]
        best = max(allowed, key=lambda i: targets[i] - loads[i] - float(inst.w[i][j]))
        owner[j] = best
        loads[best] += float(inst.w[best][j])
    return owner


def _excess(devs: Sequence[float], limit: float) -> float:
    return sum(max(0.0, abs(d) - limit) ** 2 for d in devs)


def warm_start(
    inst: Instance, *, limit: float, by_preference: bool, rounds: int = 400
) -> list[int]:
    """A deal whose largest deviation is at most ``limit`` minutes if the search finds one.

    ``by_preference`` starts from everyone's favourites and gives up as little preference as
    it can while balancing; otherwise it balances only. Single moves come first; when none
    helps, a swap between the furthest-off member and another.
    """
    owner = _start(inst, by_preference=by_preference)
    state = _Loads(inst, owner)
    movable = _movable(inst)
    n, w, a, b = inst.n, state.w, state.a, state.b
    members = range(n)
    for _ in range(rounds):
        loads = state.loads
        total = sum(loads)
        devs = [loads[i] - a[i] * total - b[i] for i in members]
        excess = _excess(devs, limit)
        if excess <= 0:
            break
        # Only moves that involve the furthest-off member can lower the largest deviation.
        worst = max(members, key=lambda i: abs(devs[i]))
        best: tuple[float, float] | None = None
        chosen = (0, 0)
        for j, allowed in movable:
            o = owner[j]
            for k in allowed:
                if k == o or (o != worst and k != worst):
                    continue
                # Deviations after moving card j from o to k, without copying the loads.
                shift = w[k][j] - w[o][j]
                new_excess = 0.0
                for i in members:
                    d = devs[i] - a[i] * shift
                    if i == o:
                        d -= w[o][j]
                    elif i == k:
                        d += w[k][j]
                    over = (d if d > 0 else -d) - limit
                    if over > 0:
                        new_excess += over * over
                gain = excess - new_excess
                if gain <= 1e-9:
                    continue
                loss = inst.preference[o][j].score - inst.preference[k][j].score
                key = (-float(loss) if by_preference else 0.0, gain)
                if best is None or key > best:
                    best, chosen = key, (j, k)
        if best is None:
            if not _swap(inst, state, devs, worst, excess, limit):
                break
            continue
        state.move(*chosen)
    return state.owner


def _swap(
    inst: Instance, state: _Loads, devs: list[float], worst: int, excess: float, limit: float
) -> bool:
    """Swap one card of the furthest-off member for one of another's, if that balances better.

    For each of the worst member's cards, the other member's card closest in size to what
    would cancel the deviation is found by bisection, so a round costs m log m, not m².
    """
    w, owner = state.w, state.owner
    mine = [j for j in range(inst.m) if owner[j] == worst and inst.allowed(worst, j)]
    best: tuple[float, int, int] | None = None
    for k in range(inst.n):
        if k == worst:
            continue
        theirs = sorted(
            (w[worst][j], j)
            for j in range(inst.m)
            if owner[j] == k and inst.allowed(worst, j) and inst.allowed(k, j)
        )
        if not theirs:
            continue
        sizes = [size for size, _ in theirs]
        for j in mine:
            if not inst.allowed(k, j):
                continue
            wanted = w[worst][j] - devs[worst]
            at = bisect_left(sizes, wanted)
            for pos in (at - 1, at):
                if 0 <= pos < len(theirs):
                    loads = list(state.loads)
                    other = theirs[pos][1]
                    loads[worst] += w[worst][other] - w[worst][j]
                    loads[k] += w[k][j] - w[k][other]
                    gain = excess - _excess(state.deviations(loads), limit)
                    if gain > 1e-9 and (best is None or gain > best[0]):
                        best = (gain, j, other)
    if best is None:
        return False
    _, j, other = best
    k = owner[other]
    state.move(j, k)
    state.move(other, worst)
    return True
