"""Propose a deal for a household: who owns each card, why, and a certificate anyone can check."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from evenly.core.engine import EngineLimits, Solution, solve
from evenly.core.figures import ROTATION, rotation_share
from evenly.core.model import FairnessBasis, Household
from evenly.core.reasons import card_reasons
from evenly.core.units import minutes_json

Owner = str | tuple[str, ...]  # a member's name, or the members of a rotation


@dataclass(frozen=True, slots=True)
class MemberLoad:
    """One member's weekly load against their target, in their own minutes."""

    name: str
    load_minutes: Fraction
    target_minutes: Fraction

    @property
    def deviation_minutes(self) -> Fraction:
        """Positive when the member carries more than their share."""
        return self.load_minutes - self.target_minutes


@dataclass(frozen=True, slots=True)
class Envy:
    """How one member sees another's cards, weighted by entitlement, in their own minutes."""

    member: str
    other: str
    own_minutes: Fraction
    other_minutes: Fraction
    largest_card_minutes: Fraction
    ef1: bool

    @property
    def envy_minutes(self) -> Fraction:
        """How much more ``member`` carries than ``other`` (0 if not more)."""
        return max(Fraction(0), self.own_minutes - self.other_minutes)


@dataclass(frozen=True, slots=True)
class Move:
    """A card that changes owner against the deal in force."""

    card: str
    from_member: str
    to_member: str
    minutes: Fraction  # the previous owner's weekly minutes for it


@dataclass(frozen=True, slots=True)
class Certificate:
    """Everything needed to check a deal by hand."""

    fairness: FairnessBasis
    members: tuple[MemberLoad, ...]
    total_minutes: Fraction
    max_deviation_minutes: Fraction
    optimal_deviation_minutes: Fraction
    optimal_deviation_proven: bool
    deviation_limit_minutes: Fraction
    tolerance_minutes: Fraction
    envy: tuple[Envy, ...]
    ef1: bool
    ef1_possible: bool | None
    entitlements: dict[str, Fraction]
    preference_score: int
    moved_minutes: Fraction
    moves: tuple[Move, ...]
    proven_optimal: bool
    solve_ms: float
    redeal: bool

    @property
    def within_tolerance(self) -> bool:
        """True when every member is within the household's tolerance of their target."""
        return self.max_deviation_minutes <= self.tolerance_minutes


@dataclass(frozen=True, slots=True)
class Deal:
    """A proposed deal: the owner of every card (in the household's order), reasons, certificate."""

    household: Household
    owners: dict[str, Owner]
    reasons: dict[str, str]
    certificate: Certificate
    # Per card, the weekly minutes it adds to each holder's load, in the holder's own minutes
    # (a rotation's even split for each member in it): a member's cards add up to their load.
    card_minutes: dict[str, dict[str, Fraction]] = field(default_factory=dict)

    @property
    def single_member(self) -> bool:
        """True for a household of one: the plan holds, the fairness comparisons do not apply."""
        return len(self.household.members) == 1

    def cards_of(self, member: str) -> list[str]:
        """Cards the member owns, in the household's order."""
        return [card for card, who in self.owners.items() if who == member]

    def rotations(self) -> list[str]:
        """Cards shared in turns, in the household's order."""
        return [card for card, who in self.owners.items() if isinstance(who, tuple)]

    def to_json(self) -> dict[str, Any]:
        """The deal as the command line's ``--json`` prints it (minutes as numbers)."""
        c = self.certificate
        return {
            "deal": {
                card: (list(who) if isinstance(who, tuple) else who)
                for card, who in self.owners.items()
            },
            "members": {
                m.name: {
                    "load_minutes": minutes_json(m.load_minutes),
                    "target_minutes": minutes_json(m.target_minutes),
                    "deviation_minutes": minutes_json(m.deviation_minutes),
                }
                for m in c.members
            },
            "max_deviation_minutes": minutes_json(c.max_deviation_minutes),
            "optimal_deviation_minutes": minutes_json(c.optimal_deviation_minutes),
            "optimal_deviation_proven": c.optimal_deviation_proven,
            "tolerance_minutes": minutes_json(c.tolerance_minutes),
            "ef1": c.ef1,
            "ef1_possible": c.ef1_possible,
            "preference_score": c.preference_score,
            "moved_minutes": minutes_json(c.moved_minutes),
            "moves": [
                {
                    "card": mv.card,
                    "from": mv.from_member,
                    "to": mv.to_member,
                    "minutes": minutes_json(mv.minutes),
                }
                for mv in c.moves
            ],
            "proven_optimal": c.proven_optimal,
            "reasons": dict(self.reasons),
            "card_minutes": {
                card: {name: minutes_json(v) for name, v in by_member.items()}
                for card, by_member in self.card_minutes.items()
            },
            # What the fairness basis counts beside home work, per member and week: paid work,
            # and time of one's own when the household counts it (``count_personal_time``).
            "paid_minutes": {m.name: minutes_json(m.paid_minutes) for m in self.household.members},
            "personal_minutes": {
                m.name: minutes_json(m.personal_minutes) for m in self.household.members
            }
            if self.household.count_personal_time
            else {},
            "solve_ms": round(c.solve_ms, 1),
        }


def certificate_renamed(certificate: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    """A certificate as ``Deal.to_json`` writes it, with its members' names changed by ``names``
    (old name → new, all at once, so two members may trade names).

    The certificate names members by the names they had when it was made: who holds each card,
    each member's load and target, each card's minutes per holder, paid and personal minutes,
    the moves. A stored one follows a member who changes their name, or they lose their rows.
    A row already under a new name (no member of the household has that name) gives way to the
    renamed member's. The reasons are sentences and are not touched here.
    """
    gone = set(names.values()) - set(names)

    def name(value: Any) -> Any:
        return names.get(value, value) if isinstance(value, str) else value

    def rows(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        return {name(k): v for k, v in value.items() if k in names or k not in gone}

    renamed = dict(certificate)
    if isinstance(deal := renamed.get("deal"), dict):
        renamed["deal"] = {
            card: [name(n) for n in who] if isinstance(who, list) else name(who)
            for card, who in deal.items()
        }
    for part in ("members", "paid_minutes", "personal_minutes"):
        if part in renamed:
            renamed[part] = rows(renamed[part])
    if isinstance(card_minutes := renamed.get("card_minutes"), dict):
        renamed["card_minutes"] = {card: rows(v) for card, v in card_minutes.items()}
    if isinstance(moves := renamed.get("moves"), list):
        renamed["moves"] = [
            {k: name(v) if k in ("from", "to") else v for k, v in mv.items()}
            if isinstance(mv, dict)
            else mv
            for mv in moves
        ]
    return renamed


def propose_deal(
    household: Household,
    *,
    limits: EngineLimits | None = None,
    progress: Callable[[str], None] | None = None,
) -> Deal:
    """Deal a validated household: an owner for every card, a reason each, and a certificate.

    ``progress`` is called with the name of each solver phase as it starts.
    """
    solution = solve(household, limits=limits, progress=progress)
    return deal_from_solution(solution)


def deal_from_solution(solution: Solution) -> Deal:
    """Present an engine solution in the household's own order and words."""
    inst, fig = solution.instance, solution.figures
    household = inst.household
    names = inst.members
    by_card = dict(zip(inst.cards, solution.owner, strict=True))
    owners: dict[str, Owner] = {}
    for card in household.responsibilities:
        o = by_card[card.name]
        owners[card.name] = card.rotate if o == ROTATION else names[o]
    reasons_by_card = card_reasons(solution)
    # Words (a str each): a page says them in its reader's language.
    reasons: dict[str, str] = {
        card.name: reasons_by_card[card.name] for card in household.responsibilities
    }
    member_order = {m.name: pos for pos, m in enumerate(household.members)}
    loads = sorted(
        (
            MemberLoad(name=names[i], load_minutes=fig.loads[i], target_minutes=fig.targets[i])
            for i in range(inst.n)
        ),
        key=lambda ml: member_order[ml.name],
    )
    envy = tuple(
        Envy(
            member=names[p.i],
            other=names[p.k],
            own_minutes=p.own,
            other_minutes=p.other,
            largest_card_minutes=p.largest,
            ef1=p.ef1,
        )
        for p in sorted(
            fig.envy, key=lambda p: (member_order[names[p.i]], member_order[names[p.k]])
        )
    )
    card_order = {card.name: pos for pos, card in enumerate(household.responsibilities)}
    moves = tuple(
        sorted(
            (
                Move(
                    card=inst.cards[j],
                    from_member=names[frm],
                    to_member=names[to],
                    minutes=inst.w[frm][j],
                )
                for j, frm, to in fig.moves
            ),
            key=lambda mv: card_order[mv.card],
        )
    )
    certificate = Certificate(
        fairness=household.fairness,
        members=tuple(loads),
        total_minutes=fig.total,
        max_deviation_minutes=fig.max_deviation,
        optimal_deviation_minutes=solution.optimal_deviation,
        optimal_deviation_proven=solution.optimal_deviation_proven,
        deviation_limit_minutes=solution.deviation_limit,
        tolerance_minutes=household.tolerance_minutes,
        envy=envy,
        ef1=fig.ef1,
        ef1_possible=solution.ef1_possible,
        entitlements={names[i]: inst.entitlements[i] for i in range(inst.n)},
        preference_score=fig.preference_score,
        moved_minutes=fig.moved_minutes,
        moves=moves,
        proven_optimal=solution.proven_optimal,
        solve_ms=solution.solve_ms,
        redeal=household.is_redeal,
    )
    card_minutes: dict[str, dict[str, Fraction]] = {}
    for j, card_name in enumerate(inst.cards):
        o = solution.owner[j]
        card_minutes[card_name] = (
            {names[i]: rotation_share(inst, i, j) for i in inst.rotation[j]}
            if o == ROTATION
            else {names[o]: inst.w[o][j]}
        )
    return Deal(
        household=household,
        owners=owners,
        reasons=reasons,
        certificate=certificate,
        card_minutes={card.name: card_minutes[card.name] for card in household.responsibilities},
    )
