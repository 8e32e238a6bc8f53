"""A plain-language reason for every card, built from the deal's own figures.

Each reason says why the owner has the card and why the most natural alternative owner does not:
the first objective of the engine that moving the card alone would make worse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from evenly.core.engine import Solution
from evenly.core.figures import ROTATION, Instance, loads_of
from evenly.core.model import Preference, Responsibility
from evenly.core.units import duration_text
from evenly.core.words import Arg, Words, WordsError, and_list, say, say_n


def format_minutes(minutes: Fraction | float) -> str:
    """Minutes as a reason says them, without a sign: "40 min", "1 h 10", "2 h", "under a
    minute" (:func:`~evenly.core.units.duration_text`, the one rule, of the size)."""
    return duration_text(-minutes if minutes < 0 else minutes)


@dataclass
class _Counterfactual:
    """The figures of the deal with one card moved to another member."""

    k: int
    deviation: Fraction
    worst: int  # member with the largest deviation after the move
    worst_signed: Fraction
    ef1: bool
    envious: tuple[int, int] | None  # a pair (x, y) where x would carry too much more than y
    moved_delta: Fraction
    preference_delta: int

    def rank(self, limit: Fraction, ef1_required: bool) -> tuple[object, ...]:
        over = max(Fraction(0), self.deviation - limit)
        return (over, ef1_required and not self.ef1, self.moved_delta, -self.preference_delta)


class _State:
    """The deal's loads, envy sums and largest cards, for quick one-card what-ifs."""

    def __init__(self, inst: Instance, owner: tuple[int, ...]) -> None:
        self.inst, self.owner = inst, owner
        n, m = inst.n, inst.m
        self.loads = list(_loads(inst, owner))
        # seen[x][k]: x's own minutes for k's cards and rotation shares.
        self.seen = [[Fraction(0)] * n for _ in range(n)]
        self.owned: list[list[Fraction]] = [[] for _ in range(n)]
        for j in range(m):
            o = owner[j]
            if o == ROTATION:
                group = inst.rotation[j]
                for x in range(n):
                    for k in group:
                        self.seen[x][k] += inst.w[x][j] / len(group)
            else:
                self.owned[o].append(inst.w[o][j])
                for x in range(n):
                    self.seen[x][o] += inst.w[x][j]
        self.top2 = [sorted(ws, reverse=True)[:2] for ws in self.owned]

    def move(self, j: int, k: int) -> _Counterfactual:
        inst, i = self.inst, self.owner[j]
        loads = list(self.loads)
        loads[i] -= inst.w[i][j]
        loads[k] += inst.w[k][j]
        total = sum(loads, Fraction(0))
        devs = [loads[x] - (inst.target_a[x] * total + inst.target_b[x]) for x in range(inst.n)]
        # Name the new owner when they are (jointly) the furthest off: it reads most naturally.
        worst = max(range(inst.n), key=lambda x: (abs(devs[x]), x == k))

        def largest(x: int) -> Fraction:
            top = list(self.top2[x])
            if x == i and top and top[0] == inst.w[i][j]:
                top = top[1:]
            best = top[0] if top else Fraction(0)
            return max(best, inst.w[k][j]) if x == k else best

        e = inst.entitlements
        ef1 = True
        envious: tuple[int, int] | None = None
        for x in range(inst.n):
            if e[x] <= 0:
                continue
            drop = largest(x)
            for y in range(inst.n):
                if y == x or e[y] <= 0:
                    continue
                seen = self.seen[x][y]
                if y == i:
                    seen -= inst.w[x][j]
                if y == k:
                    seen += inst.w[x][j]
                if (loads[x] - drop) * e[y] > seen * e[x]:
                    ef1, envious = False, (x, y)
                    break
            if not ef1:
                break
        cur = inst.current[j]
        moved_delta = Fraction(0)
        if cur is not None:
            moved_delta = (inst.w[cur][j] if k != cur else Fraction(0)) - (
                inst.w[cur][j] if i != cur else Fraction(0)
            )
        pref_delta = inst.preference[k][j].score - inst.preference[i][j].score
        return _Counterfactual(
            k=k,
            deviation=abs(devs[worst]),
            worst=worst,
            worst_signed=devs[worst],
            ef1=ef1,
            envious=envious,
            moved_delta=moved_delta,
            preference_delta=pref_delta,
        )


def _loads(inst: Instance, owner: tuple[int, ...]) -> list[Fraction]:
    return list(loads_of(inst, owner))


def card_reasons(solution: Solution) -> dict[str, Words]:
    """A reason for every card, keyed by card name."""
    inst, owner = solution.instance, solution.owner
    cards = {c.name: c for c in inst.household.responsibilities}
    names = inst.members
    state = _State(inst, owner) if inst.n > 1 else None
    ef1_required = bool(solution.ef1_possible) and solution.figures.ef1
    reasons: dict[str, Words] = {}
    for j, card_name in enumerate(inst.cards):
        card = cards[card_name]
        o = owner[j]
        if o == ROTATION:
            group = [names[x] for x in inst.rotation[j]]
            each = inst.w[inst.rotation[j][0]][j] / len(group)
            reasons[card_name] = say(
                "{card} rotates between {members}: they take turns, about {time} a week each.",
                card=card_name,
                members=and_list(group),
                time=format_minutes(each),
            )
            continue
        who = names[o]
        if inst.locked[j] is not None:
            reasons[card_name] = say(
                "{who} owns {card}: the household chose to keep it with {who}.",
                who=who,
                card=card_name,
            )
            continue
        if state is None:
            reasons[card_name] = say(
                "{who} owns {card}: {who} is the only member of the household.",
                who=who,
                card=card_name,
            )
            continue
        reasons[card_name] = _reason(inst, state, solution, j, card, ef1_required)
    return reasons


def _reason(
    inst: Instance,
    state: _State,
    solution: Solution,
    j: int,
    card: Responsibility,
    ef1_required: bool,
) -> Words:
    names, o = inst.members, state.owner[j]
    who = names[o]
    cur = inst.current[j]
    if cur is not None and cur != o:
        head = say("{card} moves from {from_} to {to}", card=card.name, from_=names[cur], to=who)
    else:
        head = say("{who} owns {card}", who=who, card=card.name)

    why: list[Words] = []
    pref = inst.preference[o][j]
    others = [k for k in range(inst.n) if k != o]
    able = [k for k in others if inst.allowed(k, j)]
    traits = _owner_traits(inst, j, o, card, others, able)
    disliked = pref in (Preference.DISLIKE, Preference.HATE)
    if traits and pref is Preference.DISLIKE:
        why.append(say("{who} {does} but dislikes it", who=who, does=and_list(traits)))
    elif traits and pref is Preference.HATE:
        why.append(say("{who} {does} but hates it", who=who, does=and_list(traits)))
    elif traits:
        why.append(say("{who} {does}", who=who, does=and_list(traits)))
    cannot = [names[k] for k in others if inst.preference[k][j] is Preference.CANNOT]
    if cannot and not able and len(cannot) > 1:
        why.append(say("nobody else can do it"))
    elif cannot:
        # The count chooses the verb's number in languages that need it ("kann", "können").
        why.append(
            say_n("{names} can't do it", "{names} can't do it", len(cannot), names=and_list(cannot))
        )

    if not able:
        return _joined(head, why)

    options = [state.move(j, k) for k in able]
    limit = solution.deviation_limit
    best = min(options, key=lambda c: (c.rank(limit, ef1_required), c.k))
    why_not = _why_not_move(inst, j, best, limit, ef1_required)
    if disliked and not traits:
        return _joined(
            head,
            [
                *why,
                say("{who} {feels}, but {why_not}", who=who, feels=pref.phrase, why_not=why_not),
            ],
        )
    return _joined(head, [*why, why_not])


def _joined(head: Words, clauses: list[Words]) -> Words:
    """ "head: clause; clause." Each clause is a whole clause with its own subject, so a
    translator reorders words within it; only punctuation joins them."""
    rest: Arg = clauses[-1]
    for clause in reversed(clauses[:-1]):
        rest = Words("{clause}; {rest}", {"clause": clause, "rest": rest})
    return Words("{head}: {why}.", {"head": head, "why": rest})


def _owner_traits(
    inst: Instance, j: int, o: int, card: Responsibility, others: list[int], able: list[int]
) -> list[Words]:
    """What speaks for the card's owner (said once, with their name): they like it, are
    quicker at it than whoever could take it next, or already own it."""
    names = inst.members
    who = names[o]
    traits: list[Words] = []
    pref = inst.preference[o][j]
    if pref in (Preference.ENJOY, Preference.LIKE):
        traits.append(pref.phrase)
    if able:
        own = _per_occurrence(card, who)
        next_best = min(able, key=lambda k: (_per_occurrence(card, names[k]), k))
        alt_minutes = _per_occurrence(card, names[next_best])
        if own < alt_minutes:
            mine, theirs = format_minutes(own), format_minutes(alt_minutes)
            if len(others) == 1:
                traits.append(say("is quicker at it ({own} vs {other})", own=mine, other=theirs))
            else:
                traits.append(say("is quickest at it ({own} vs {other})", own=mine, other=theirs))
    if inst.current[j] == o:
        traits.append(say("already owns it"))
    return traits


def _why_not_move(
    inst: Instance, j: int, best: _Counterfactual, limit: Fraction, ef1_required: bool
) -> Words:
    """Why the best other member should not take the card instead."""
    names, cur = inst.members, inst.current[j]
    alt = names[best.k]
    # Giving a moved card back to its previous owner is "keeping" it, not "moving" it.
    keeping = best.k == cur
    if best.deviation > limit:
        worst, off = names[best.worst], format_minutes(best.worst_signed)
        over = best.worst_signed > 0
        if keeping and over:
            return say(
                "keeping it with {alt} would put {worst} {time} over their share",
                alt=alt,
                worst=worst,
                time=off,
            )
        if keeping:
            return say(
                "keeping it with {alt} would put {worst} {time} under their share",
                alt=alt,
                worst=worst,
                time=off,
            )
        if over:
            return say(
                "moving it to {alt} would put {worst} {time} over their share",
                alt=alt,
                worst=worst,
                time=off,
            )
        return say(
            "moving it to {alt} would put {worst} {time} under their share",
            alt=alt,
            worst=worst,
            time=off,
        )
    if ef1_required and not best.ef1 and best.envious is not None:
        x, y = (names[v] for v in best.envious)
        if keeping:
            return say(
                "keeping it with {alt} would leave {x} carrying more than {y} "
                "even with {x}'s largest card set aside",
                alt=alt,
                x=x,
                y=y,
            )
        return say(
            "moving it to {alt} would leave {x} carrying more than {y} "
            "even with {x}'s largest card set aside",
            alt=alt,
            x=x,
            y=y,
        )
    if best.moved_delta > 0:
        return say("moving it to {alt} would change the deal in force for no gain", alt=alt)
    if best.preference_delta < 0:
        alt_pref = inst.preference[best.k][j]
        if alt_pref is Preference.ENJOY:
            return say("{alt} only enjoys it", alt=alt)
        if alt_pref is Preference.LIKE:
            return say("{alt} only likes it", alt=alt)
        if alt_pref is Preference.FINE:
            return say("{alt} would only be fine with it", alt=alt)
        return say("{who} {does}", who=alt, does=alt_pref.phrase)
    return say("{alt} could take it just as fairly; keep it or swap by agreement", alt=alt)


def _per_occurrence(card: Responsibility, member: str) -> Fraction:
    own = card.rating(member).minutes
    return card.minutes if own is None else own


def neutral_reason(owner: str | None) -> Words:
    """The reason a deal keeps once a member has deleted their account: who held the card, and
    nothing about anyone's preferences or own time estimates."""
    if owner is None:
        return say("This card was shared in turns in this deal.")
    return say("{owner} held this card in this deal.", owner=owner)


def reason_renamed(stored: object, names: Mapping[str, str]) -> tuple[dict[str, Any], str] | None:
    """A reason kept as Words' JSON (:meth:`Words.to_json`) with the members' names in it
    changed by ``names`` (old name → new, all at once), and its English said again; None when
    no name in it changes or what is kept is not words. A reason puts a member's name in whole
    (``who``, ``alt``, the names of a list…); the card's own name stays as it is, even where it
    matches a member's."""
    if not isinstance(stored, dict):
        return None
    words = _words_renamed(stored, names)
    if words == stored:
        return None
    try:
        return words, str(Words.from_json(words))
    except WordsError:
        return None


def _words_renamed(stored: Mapping[str, Any], names: Mapping[str, str]) -> dict[str, Any]:
    def value(key: str, v: Any) -> Any:
        if isinstance(v, dict) and isinstance(v.get("w"), dict):
            return {**v, "w": _words_renamed(v["w"], names)}
        if isinstance(v, str) and key != "card":
            return names.get(v, v)
        return v

    renamed = dict(stored)
    if isinstance(args := stored.get("a"), dict):
        renamed["a"] = {k: value(k, v) for k, v in args.items()}
    return renamed
