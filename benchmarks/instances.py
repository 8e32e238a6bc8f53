"""Benchmark households for the deal engine, generated deterministically from a seed.

Every family builds :class:`evenly.core.model.Household` objects directly. Each instance is
seeded from its own id (``random.Random`` hashes a string seed with SHA-512), so an instance is
the same whatever else is generated, and whatever ``PYTHONHASHSEED`` says.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction

from evenly.core.cadence import parse_cadence
from evenly.core.catalog import CatalogCard, catalog_cards
from evenly.core.figures import build_instance
from evenly.core.model import (
    FairnessBasis,
    Household,
    Member,
    Preference,
    Rating,
    Responsibility,
)

FAMILIES = (
    "realistic",
    "correlated",
    "identical",
    "heavy-tailed",
    "constrained",
    "redeal",
    "owned",
)
# The "owned" family: interactive re-deals of larger households, 80-95 % of cards already
# owned. It runs on these cells of its own (4-6 members, 100-300 cards), not the main matrix.
OWNED_CELLS = ((4, 100), (5, 200), (6, 100), (6, 150), (6, 300))
NAMES = ("Alex", "Blair", "Casey", "Drew", "Emery", "Finley", "Gray", "Harper")
PAID_HOURS = (0, 12, 20, 24, 30, 32, 36, 38, 40, 40, 45, 50)
BASES = (FairnessBasis.EQUAL, FairnessBasis.TOTAL_WORK, FairnessBasis.FREE_TIME)
# Realistic ratings: mostly fine/like/dislike, some enjoy/hate, rarely cannot.
PREFERENCE_WEIGHTS = (
    (Preference.FINE, 36),
    (Preference.LIKE, 20),
    (Preference.DISLIKE, 20),
    (Preference.ENJOY, 10),
    (Preference.HATE, 11),
    (Preference.CANNOT, 3),
)
WEEKLY = parse_cadence("weekly")

# The previous deal of a re-deal comes from the engine; passed in so this module stays pure.
Dealer = Callable[[Household], dict[str, str | None]]


@dataclass(frozen=True, slots=True)
class Case:
    """One benchmark instance."""

    id: str
    family: str
    n: int
    m: int
    seed: int
    household: Household
    note: str = ""


def case_id(family: str, n: int, m: int, seed: int) -> str:
    return f"{family}-n{n}-m{m}-s{seed:02d}"


def make_case(family: str, n: int, m: int, seed: int, dealer: Dealer | None = None) -> Case:
    """Build one instance of a family. ``redeal`` needs ``dealer`` for the previous deal."""
    cid = case_id(family, n, m, seed)
    rng = random.Random(cid)
    note = ""
    if family == "realistic":
        household = realistic(rng, cid, n, m)
    elif family == "correlated":
        household = synthetic(rng, cid, n, m, kind="correlated")
    elif family == "identical":
        household = synthetic(rng, cid, n, m, kind="identical")
    elif family == "heavy-tailed":
        household = synthetic(rng, cid, n, m, kind="heavy-tailed")
    elif family == "constrained":
        household = constrained(rng, cid, n, m)
    elif family == "redeal":
        if dealer is None:
            raise ValueError("the redeal family needs a dealer for the previous deal")
        household, note = redeal(rng, cid, n, m, dealer)
    elif family == "owned":
        household, note = owned(rng, cid, n, m)
    else:
        raise ValueError(f"unknown family {family!r}")
    return Case(id=cid, family=family, n=n, m=m, seed=seed, household=household, note=note)


def _tenth(x: float) -> Fraction:
    """Minutes to a tenth, never below 0.5: exact in a household file and strictly positive."""
    return max(Fraction(1, 2), Fraction(round(x * 10), 10))


def _preference(rng: random.Random, allow_cannot: bool = True) -> Preference:
    prefs = [p for p, _ in PREFERENCE_WEIGHTS if allow_cannot or p is not Preference.CANNOT]
    weights = [w for p, w in PREFERENCE_WEIGHTS if allow_cannot or p is not Preference.CANNOT]
    return rng.choices(prefs, weights)[0]


def _preferences(rng: random.Random, names: Sequence[str]) -> dict[str, Preference]:
    """One preference per member; a card nobody may take gets its last ``cannot`` undone."""
    prefs = {name: _preference(rng) for name in names}
    if all(p is Preference.CANNOT for p in prefs.values()):
        prefs[names[-1]] = Preference.FINE
    return prefs


def _members(rng: random.Random, n: int) -> tuple[Member, ...]:
    return tuple(
        Member(name=NAMES[i], paid_hours=Fraction(rng.choice(PAID_HOURS))) for i in range(n)
    )


def _catalog_pool(rng: random.Random, m: int) -> list[tuple[str, CatalogCard, float]]:
    """m catalog cards in catalog order; past the catalog's size, numbered variants.

    A variant ("Laundry #2") is another instance of a catalog card, its minutes scaled by a
    factor in [0.7, 1.3] so that variants are not exact copies.
    """
    catalog = catalog_cards()
    if m <= len(catalog):
        chosen = sorted(rng.sample(range(len(catalog)), m))
        return [(catalog[k].name, catalog[k], 1.0) for k in chosen]
    pool = [(c.name, c, 1.0) for c in catalog]
    copies: dict[str, int] = {}
    while len(pool) < m:
        base = rng.choice(catalog)
        copies[base.name] = copies.get(base.name, 1) + 1
        pool.append((f"{base.name} #{copies[base.name]}", base, rng.uniform(0.7, 1.3)))
    return pool


def _catalog_card(
    rng: random.Random, names: Sequence[str], name: str, base: CatalogCard, scale: float
) -> Responsibility:
    minutes = _tenth(float(base.minutes) * scale)
    prefs = _preferences(rng, names)
    own: dict[str, Fraction | None] = dict.fromkeys(names)
    # About a third of the cards get own estimates: members differ in how long a task takes.
    if rng.random() < 0.35:
        for member in names:
            if rng.random() < 0.7:
                own[member] = _tenth(float(minutes) * rng.uniform(0.7, 1.3))
    return Responsibility(
        name=name,
        category=base.category,
        cadence=base.cadence,
        minutes=minutes,
        mental_minutes=base.mental_minutes,
        standard=base.standard,
        ratings={who: Rating(preference=prefs[who], minutes=own[who]) for who in names},
    )


def realistic(
    rng: random.Random,
    name: str,
    n: int,
    m: int,
    *,
    bases: Sequence[FairnessBasis] = BASES,
) -> Household:
    """Catalog cards, perturbed own estimates, realistic ratings, varied paid hours and basis."""
    basis = rng.choice(list(bases))
    members = _members(rng, n)
    names = [mem.name for mem in members]
    cards = tuple(
        _catalog_card(rng, names, card_name, base, scale)
        for card_name, base, scale in _catalog_pool(rng, m)
    )
    tolerance = Fraction(rng.choice((5, 15, 15, 30)))
    return Household(
        name=name,
        members=members,
        responsibilities=cards,
        fairness=basis,
        tolerance_minutes=tolerance,
    )


def synthetic(rng: random.Random, name: str, n: int, m: int, *, kind: str) -> Household:
    """Weekly cards of a common size; members' costs are noisy copies of it (or equal to it).

    ``correlated``: size uniform in 5–90 min, each member's cost the size times 1 ± 25 %.
    ``identical``: the same sizes, every member's cost equal to the size.
    ``heavy-tailed``: Pareto sizes (alpha 1.2, from 8 min, capped at 25 h), costs ± 15 %.
    """
    names = list(NAMES[:n])
    cards = []
    for j in range(m):
        if kind == "heavy-tailed":
            size = min(1500.0, 8.0 * rng.paretovariate(1.2))
            noise = 0.15
        else:
            size = rng.uniform(5.0, 90.0)
            noise = 0.0 if kind == "identical" else 0.25
        minutes = _tenth(size)
        prefs = _preferences(rng, names)
        ratings = {}
        for who in names:
            own = None if noise == 0 else _tenth(size * (1 + rng.uniform(-noise, noise)))
            ratings[who] = Rating(preference=prefs[who], minutes=own)
        cards.append(
            Responsibility(
                name=f"Card {j + 1:03d}",
                category="Home & garden",
                cadence=WEEKLY,
                minutes=minutes,
                mental_minutes=Fraction(0),
                ratings=ratings,
            )
        )
    return Household(
        name=name,
        members=tuple(Member(name=who) for who in names),
        responsibilities=tuple(cards),
        fairness=FairnessBasis.EQUAL,
    )


def constrained(rng: random.Random, name: str, n: int, m: int) -> Household:
    """A realistic household; ``cannot`` and locks on about 10 % of cards each; 1–2 rotations."""
    base = realistic(rng, name, n, m)
    names = list(base.member_names)
    cards = list(base.responsibilities)
    order = list(range(m))
    rng.shuffle(order)
    k = max(1, round(0.1 * m))
    rotations = order[: rng.choice((1, 2))]
    cannots = order[len(rotations) : len(rotations) + k]
    locks = order[len(rotations) + k : len(rotations) + 2 * k]

    def rated(card: Responsibility, who: str, pref: Preference) -> dict[str, Rating]:
        ratings = dict(card.ratings)
        ratings[who] = replace(ratings[who], preference=pref)
        return ratings

    for j in cannots:
        card = cards[j]
        able = [w for w in names if card.rating(w).preference is not Preference.CANNOT]
        if len(able) >= 2:  # someone else must still be able to take it
            cards[j] = replace(card, ratings=rated(card, rng.choice(able), Preference.CANNOT))
    for j in locks:
        card = cards[j]
        able = [w for w in names if card.rating(w).preference is not Preference.CANNOT]
        cards[j] = replace(card, owner=rng.choice(able))
    for j in rotations:
        card = cards[j]
        ratings = dict(card.ratings)
        for who in names:  # a rotation may not include someone who cannot do it
            if ratings[who].preference is Preference.CANNOT:
                ratings[who] = replace(ratings[who], preference=Preference.DISLIKE)
        group = sorted(rng.sample(names, rng.randint(2, n)))
        cards[j] = replace(card, rotate=tuple(group), ratings=ratings)
    return replace(base, responsibilities=tuple(cards))


REDEAL_CHANGES = ("paid-hours", "cards", "estimates")


def redeal(rng: random.Random, name: str, n: int, m: int, dealer: Dealer) -> tuple[Household, str]:
    """A realistic household, dealt by the engine, then changed: the deal becomes ``current``.

    Changes, by seed: one member's paid hours move by 20–30 h (on a total-work or free-time
    basis, where that matters); 10 % of cards removed and as many added; or one member's own
    estimates change by a factor in [0.5, 1.5] on 30 % of cards.
    """
    change = REDEAL_CHANGES[rng.randrange(len(REDEAL_CHANGES))]
    bases = BASES[1:] if change == "paid-hours" else BASES
    before = realistic(rng, name, n, m, bases=bases)
    previous = dealer(before)
    names = list(before.member_names)
    cards = list(before.responsibilities)
    members = list(before.members)
    if change == "paid-hours":
        i = rng.randrange(n)
        old = members[i].paid_hours
        delta = rng.randint(20, 30)
        new = old - delta if old >= 25 else old + delta
        members[i] = replace(members[i], paid_hours=max(Fraction(0), new))
        note = f"{names[i]} paid hours {old} -> {members[i].paid_hours}"
    elif change == "cards":
        k = max(1, round(0.1 * m))
        gone = set(rng.sample(range(m), k))
        cards = [c for j, c in enumerate(cards) if j not in gone]
        catalog = catalog_cards()
        for t in range(k):
            base = rng.choice(catalog)
            cards.append(
                _catalog_card(rng, names, f"{base.name} (new {t + 1})", base, rng.uniform(0.7, 1.3))
            )
        note = f"{k} cards removed, {k} added"
    else:
        who = rng.choice(names)
        changed = 0
        for j, card in enumerate(cards):
            if rng.random() < 0.3:
                own = card.rating(who).minutes or card.minutes
                ratings = dict(card.ratings)
                ratings[who] = replace(
                    ratings[who], minutes=_tenth(float(own) * rng.uniform(0.5, 1.5))
                )
                cards[j] = replace(card, ratings=ratings)
                changed += 1
        note = f"{who}'s estimates changed on {changed} cards"
    cards = [replace(c, current=previous.get(c.name)) for c in cards]
    household = replace(before, members=tuple(members), responsibilities=tuple(cards))
    return household, note


def _previous_deal(household: Household) -> dict[str, str]:
    """A plausible deal in force, made without the engine: largest cards first, each to the
    member who may take it and is furthest below their target (a greedy, fair when made).
    """
    inst = build_instance(household)
    total = sum((min(inst.w[i][j] for i in range(inst.n)) for j in range(inst.m)), Fraction(0))
    target = [a * total + b for a, b in zip(inst.target_a, inst.target_b, strict=True)]
    load = [Fraction(0)] * inst.n
    owner: dict[str, str] = {}
    for j in sorted(range(inst.m), key=lambda j: (-max(inst.w[i][j] for i in range(inst.n)), j)):
        able = [i for i in range(inst.n) if inst.allowed(i, j)]
        who = min(able, key=lambda i: (load[i] + inst.w[i][j] - target[i], i))
        load[who] += inst.w[who][j]
        owner[inst.cards[j]] = inst.members[who]
    return owner


def owned(rng: random.Random, name: str, n: int, m: int) -> tuple[Household, str]:
    """A realistic household whose earlier deal is in force on 80-95 % of its cards.

    The earlier deal (:func:`_previous_deal`) was even when made; since then one thing changed
    (paid hours, or one member's estimates on 30 % of cards), and 5-20 % of the cards are new
    and have no owner yet. Independent of the engine, so quick to generate.
    """
    change = ("paid-hours", "estimates")[rng.randrange(2)]
    bases = BASES[1:] if change == "paid-hours" else BASES
    before = realistic(rng, name, n, m, bases=bases)
    names = list(before.member_names)
    previous = _previous_deal(before)
    members = list(before.members)
    cards = list(before.responsibilities)
    if change == "paid-hours":
        i = rng.randrange(n)
        old = members[i].paid_hours
        delta = rng.randint(20, 30)
        new = old - delta if old >= 25 else old + delta
        members[i] = replace(members[i], paid_hours=max(Fraction(0), new))
        note = f"{names[i]} paid hours {old} -> {members[i].paid_hours}"
    else:
        who = rng.choice(names)
        changed = 0
        for j, card in enumerate(cards):
            if rng.random() < 0.3:
                own = card.rating(who).minutes or card.minutes
                ratings = dict(card.ratings)
                ratings[who] = replace(
                    ratings[who], minutes=_tenth(float(own) * rng.uniform(0.5, 1.5))
                )
                cards[j] = replace(card, ratings=ratings)
                changed += 1
        note = f"{who}'s estimates changed on {changed} cards"
    share = rng.uniform(0.80, 0.95)
    new_cards = set(rng.sample(range(m), m - round(share * m)))
    cards = [
        c if j in new_cards else replace(c, current=previous[c.name]) for j, c in enumerate(cards)
    ]
    note += f"; {m - len(new_cards)} of {m} cards owned"
    household = replace(before, members=tuple(members), responsibilities=tuple(cards))
    return household, note


def cases(
    families: Sequence[str],
    cells: Sequence[tuple[int, int]],
    seeds: Sequence[int],
    dealer: Dealer | None = None,
) -> list[Case]:
    """Every (family, cell, seed) instance, in a stable order."""
    return [
        make_case(family, n, m, seed, dealer)
        for (n, m) in cells
        for family in families
        for seed in seeds
    ]
