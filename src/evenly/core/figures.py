"""The figures of a deal: loads, targets, deviation, envy and EF1, preference score, moves.

Everything here is exact (fractions of minutes on a hundredth-of-a-minute grid) so that the
engine, the certificate and anyone re-checking a deal get the same numbers. The engine builds its
solver model from the same :class:`Instance`, so there is one definition of each figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from evenly.core.model import FairnessBasis, Household, Member, Preference

# An owner is a member's index; a rotation card's owner is ROTATION.
ROTATION = -1

Assignment = Sequence[int]


@dataclass(frozen=True, slots=True)
class Instance:
    """A household in indexed form: members ``i``, cards ``j``, weekly minutes ``w[i][j]``.

    Targets are ``T_i = target_a[i] * L + target_b[i]`` where ``L`` is the total load, so every
    fairness basis is linear in the deal. ``entitlements`` are the weights of weighted EF1.
    """

    household: Household
    members: tuple[str, ...]
    cards: tuple[str, ...]
    w: tuple[tuple[Fraction, ...], ...]
    preference: tuple[tuple[Preference, ...], ...]
    rotation: tuple[tuple[int, ...], ...]  # per card: member indices sharing it, or ()
    locked: tuple[int | None, ...]  # per card: the member it is locked to
    current: tuple[int | None, ...]  # per card: owner in the deal in force
    target_a: tuple[Fraction, ...]
    target_b: tuple[Fraction, ...]
    entitlements: tuple[Fraction, ...]
    tolerance: Fraction

    @property
    def n(self) -> int:
        return len(self.members)

    @property
    def m(self) -> int:
        return len(self.cards)

    def allowed(self, i: int, j: int) -> bool:
        """Whether card j may go to member i (not ``cannot``; the lock, if any, is i)."""
        if self.rotation[j]:
            return False
        lock = self.locked[j]
        if lock is not None:
            return lock == i
        return self.preference[i][j] is not Preference.CANNOT


GRID = 10_000


def shares_on_grid(shares: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Shares that add up to 1, exact when their common denominator is small, else to 1/10,000.

    The solver multiplies by the common denominator, so it must stay small: thirds stay
    exact, while shares like 1,234/5,678 are kept to four decimal places (the largest share
    absorbs the rounding, so they still add up to exactly 1).
    """
    if math.lcm(*(x.denominator for x in shares)) <= GRID:
        return tuple(shares)
    rounded = [Fraction(round(x * GRID), GRID) for x in shares]
    largest = max(range(len(rounded)), key=lambda i: rounded[i])
    rounded[largest] += 1 - sum(rounded, Fraction(0))
    return tuple(rounded)


def target_coefficients(
    fairness: FairnessBasis,
    members: Sequence[Member],
    *,
    count_personal_time: bool = False,
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """The fairness rule as coefficients ``(a, b)``: member i's target is ``a[i] * L + b[i]``.

    ``L`` is the household's total home work in a week, in minutes. The one rule the engine,
    the certificate and the balance share (README, "How the engine decides"):

    - ``equal``: ``L / n``;
    - ``custom``: ``share * L``, shares normalised to add up to 1 (see :func:`shares_on_grid`);
    - ``total-work``: ``(L + total paid minutes) / n - own paid minutes``, which is negative
      when a member's paid week alone exceeds their even part of all the work (not clamped);
    - ``free-time``: ``L`` in proportion to free time, ``112 h - paid hours`` a week.

    With ``count_personal_time``, each member's weekly goal of time of their own counts like
    paid work: ``total-work`` evens out paid + personal + home, and ``free-time`` counts free
    time as ``112 h - paid - personal hours`` (at least 0). ``equal`` and ``custom`` ignore it.

    Then capacity: a member carries ``capacity`` of their target ``t_i``, and what members
    cannot carry, ``sum((1 - c_k) * t_k)``, goes to the others in proportion to ``c_i * a_i``
    (to capacity alone when those are all 0). This stays linear in ``L`` and every capacity 1
    changes nothing.

    Every basis gives targets that add up to exactly ``L``. Raises ``ValueError`` when every
    member's capacity is 0, or when ``free-time`` finds no free time in the household.
    """
    a, b = _basis_coefficients(fairness, members, count_personal_time)
    capacities = [mem.capacity for mem in members]
    if all(c == 1 for c in capacities):
        return a, b
    return _with_capacity(a, b, capacities)


def _basis_coefficients(
    fairness: FairnessBasis, members: Sequence[Member], count_personal_time: bool
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    n = len(members)
    zero = Fraction(0)
    if fairness is FairnessBasis.EQUAL:
        return tuple(Fraction(1, n) for _ in members), tuple(zero for _ in members)
    if fairness is FairnessBasis.CUSTOM:
        shares = [mem.share if mem.share is not None else zero for mem in members]
        total_share = sum(shares, zero)
        return shares_on_grid([s / total_share for s in shares]), tuple(zero for _ in members)
    if fairness is FairnessBasis.TOTAL_WORK:
        paid = [
            mem.paid_minutes + (mem.personal_minutes if count_personal_time else zero)
            for mem in members
        ]
        total_paid = sum(paid, zero)
        return tuple(Fraction(1, n) for _ in members), tuple(total_paid / n - p for p in paid)
    # FREE_TIME. Without personal time, paid hours are at most 100 of 112, so this is positive;
    # with it, a full week counts as no free time rather than less than none.
    free = [
        max(zero, mem.free_minutes - (mem.personal_minutes if count_personal_time else zero))
        for mem in members
    ]
    total_free = sum(free, zero)
    if total_free <= 0:
        raise ValueError(
            "free-time targets need some free time: every member's paid and personal hours "
            "fill the 112-hour waking week"
        )
    return tuple(f / total_free for f in free), tuple(zero for _ in members)


def _with_capacity(
    a: Sequence[Fraction], b: Sequence[Fraction], capacities: Sequence[Fraction]
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Targets ``c_i * t_i + w_i * sum((1 - c_k) * t_k)``, ``w_i = c_i a_i / sum(c_j a_j)``."""
    zero = Fraction(0)
    if all(c == 0 for c in capacities):
        raise ValueError(
            "every member's capacity is 0: someone has to carry the home work; "
            "give at least one member a capacity above 0"
        )
    weights = [c * ai for c, ai in zip(capacities, a, strict=True)]
    if sum(weights, zero) == 0:
        # The members who can carry work all have a share of 0: spread it by capacity alone.
        weights = list(capacities)
    total_weight = sum(weights, zero)
    spread_a = sum(((1 - c) * ai for c, ai in zip(capacities, a, strict=True)), zero)
    spread_b = sum(((1 - c) * bi for c, bi in zip(capacities, b, strict=True)), zero)
    share = [w / total_weight for w in weights]
    new_a = [c * ai + s * spread_a for c, ai, s in zip(capacities, a, share, strict=True)]
    new_b = [c * bi + s * spread_b for c, bi, s in zip(capacities, b, share, strict=True)]
    # Kept on the solver's grid like custom shares, so its whole numbers stay small.
    return shares_on_grid(new_a), _offsets_on_grid(new_b)


def _offsets_on_grid(offsets: Sequence[Fraction]) -> tuple[Fraction, ...]:
    """Offsets that add up to 0, exact when their denominators are small, else to 0.01 min.

    The largest offset absorbs the rounding, so targets still add up to exactly ``L``.
    """
    if math.lcm(*(x.denominator for x in offsets)) <= GRID:
        return tuple(offsets)
    rounded = [Fraction(round(x * 100), 100) for x in offsets]
    largest = max(range(len(rounded)), key=lambda i: abs(rounded[i]))
    rounded[largest] -= sum(rounded, Fraction(0))
    return tuple(rounded)


def targets(
    fairness: FairnessBasis,
    members: Sequence[Member],
    total: Fraction,
    *,
    count_personal_time: bool = False,
) -> tuple[Fraction, ...]:
    """Each member's weekly target for a weekly ``total`` of home work, in members' order.

    The same rule as the deal engine (:func:`target_coefficients`); they add up to ``total``.
    """
    a, b = target_coefficients(fairness, members, count_personal_time=count_personal_time)
    return tuple(ai * total + bi for ai, bi in zip(a, b, strict=True))


def build_instance(household: Household, *, canonical: bool = False) -> Instance:
    """Index a validated household. ``canonical`` sorts members and cards by name.

    The engine solves the canonical form so that the order of the file never changes the deal.
    """
    members = list(household.members)
    cards = list(household.responsibilities)
    if canonical:
        members.sort(key=lambda mem: mem.name)
        cards.sort(key=lambda c: c.name)
    names = [mem.name for mem in members]
    index = {name: i for i, name in enumerate(names)}
    w = tuple(tuple(c.weekly_minutes(name) for c in cards) for name in names)
    preference = tuple(tuple(c.rating(name).preference for c in cards) for name in names)
    rotation = tuple(tuple(sorted(index[x] for x in c.rotate)) for c in cards)
    locked = tuple(index[c.owner] if c.owner is not None else None for c in cards)
    current = tuple(index[c.current] if c.current is not None else None for c in cards)

    n = len(members)
    a, b = target_coefficients(
        household.fairness, members, count_personal_time=household.count_personal_time
    )
    zero = Fraction(0)

    # Entitlements: targets at the expected total (each card at the members' mean minutes).
    expected = sum((sum(w[i][j] for i in range(n)) / n for j in range(len(cards))), zero)
    raw = [max(zero, a[i] * expected + b[i]) for i in range(n)]
    total_raw = sum(raw, zero)
    entitlements = shares_on_grid(
        [Fraction(r / total_raw) for r in raw] if total_raw > 0 else list(a)
    )
    return Instance(
        household=household,
        members=tuple(names),
        cards=tuple(c.name for c in cards),
        w=w,
        preference=preference,
        rotation=rotation,
        locked=locked,
        current=current,
        target_a=a,
        target_b=b,
        entitlements=entitlements,
        tolerance=household.tolerance_minutes,
    )


@dataclass(frozen=True, slots=True)
class EnvyPair:
    """How member ``i`` sees member ``k``'s cards, in ``i``'s own weekly minutes."""

    i: int
    k: int
    own: Fraction  # i's load
    other: Fraction  # i's minutes for k's cards (k's rotation shares included), weighted
    largest: Fraction  # i's largest owned card, the one EF1 may drop

    @property
    def envy(self) -> Fraction:
        """Minutes by which i carries more than k (weighted by entitlements); 0 if none."""
        return max(Fraction(0), self.own - self.other)

    @property
    def ef1(self) -> bool:
        """True when dropping i's largest card removes the envy."""
        return self.own - self.largest <= self.other


@dataclass(frozen=True, slots=True)
class Figures:
    """Every figure of one deal, exact."""

    loads: tuple[Fraction, ...]
    targets: tuple[Fraction, ...]
    total: Fraction
    envy: tuple[EnvyPair, ...]
    preference_score: int
    moved_minutes: Fraction
    moves: tuple[tuple[int, int, int], ...]  # (card, from member, to member)

    @property
    def deviations(self) -> tuple[Fraction, ...]:
        """Signed deviation of each member: positive means over their share."""
        return tuple(load - t for load, t in zip(self.loads, self.targets, strict=True))

    @property
    def max_deviation(self) -> Fraction:
        """D: the largest absolute deviation of any member's load from their target."""
        return max((abs(d) for d in self.deviations), default=Fraction(0))

    @property
    def ef1(self) -> bool:
        """Weighted EF1 holds for every pair of members with a positive entitlement."""
        return all(p.ef1 for p in self.envy)


def rotation_share(inst: Instance, i: int, j: int) -> Fraction:
    """Member i's share of rotation card j in i's own minutes (0 if i is not in it)."""
    group = inst.rotation[j]
    return inst.w[i][j] / len(group) if i in group else Fraction(0)


def loads_of(inst: Instance, owner: Assignment) -> tuple[Fraction, ...]:
    """Each member's load: their cards plus an even split of the rotations they are in."""
    loads = [Fraction(0)] * inst.n
    for j in range(inst.m):
        o = owner[j]
        if o == ROTATION:
            for i in inst.rotation[j]:
                loads[i] += rotation_share(inst, i, j)
        else:
            loads[o] += inst.w[o][j]
    return tuple(loads)


def targets_of(inst: Instance, total: Fraction) -> tuple[Fraction, ...]:
    """Each member's target for a total load under the household's fairness basis."""
    return tuple(a * total + b for a, b in zip(inst.target_a, inst.target_b, strict=True))


def envy_of(inst: Instance, owner: Assignment, loads: Sequence[Fraction]) -> tuple[EnvyPair, ...]:
    """Weighted envy between every pair of members with a positive entitlement."""
    e = inst.entitlements
    pairs = []
    for i in range(inst.n):
        if e[i] <= 0:
            continue
        largest = max(
            (inst.w[i][j] for j in range(inst.m) if owner[j] == i),
            default=Fraction(0),
        )
        for k in range(inst.n):
            if k == i or e[k] <= 0:
                continue
            seen = Fraction(0)
            for j in range(inst.m):
                if owner[j] == k:
                    seen += inst.w[i][j]
                elif owner[j] == ROTATION and k in inst.rotation[j]:
                    seen += inst.w[i][j] / len(inst.rotation[j])
            pairs.append(
                EnvyPair(i=i, k=k, own=loads[i], other=seen * e[i] / e[k], largest=largest)
            )
    return tuple(pairs)


def preference_score_of(inst: Instance, owner: Assignment) -> int:
    """Sum of owners' preference scores over owned cards (rotations excluded)."""
    return sum(inst.preference[o][j].score for j, o in enumerate(owner) if o != ROTATION)


def moves_of(inst: Instance, owner: Assignment) -> tuple[tuple[int, int, int], ...]:
    """Cards whose owner differs from the deal in force: (card, from, to)."""
    return tuple(
        (j, cur, owner[j])
        for j, cur in enumerate(inst.current)
        if cur is not None and owner[j] != ROTATION and owner[j] != cur
    )


def figures_of(inst: Instance, owner: Assignment) -> Figures:
    """Compute every figure of a deal from scratch."""
    loads = loads_of(inst, owner)
    total = sum(loads, Fraction(0))
    moves = moves_of(inst, owner)
    return Figures(
        loads=loads,
        targets=targets_of(inst, total),
        total=total,
        envy=envy_of(inst, owner, loads),
        preference_score=preference_score_of(inst, owner),
        moved_minutes=sum((inst.w[frm][j] for j, frm, _ in moves), Fraction(0)),
        moves=moves,
    )


def owner_by_name(inst: Instance, deal: Mapping[str, str | tuple[str, ...]]) -> list[int]:
    """Turn a deal keyed by card name into the instance's owner list."""
    index = {name: i for i, name in enumerate(inst.members)}
    owner = []
    for card in inst.cards:
        who = deal[card]
        owner.append(ROTATION if isinstance(who, tuple) else index[who])
    return owner
