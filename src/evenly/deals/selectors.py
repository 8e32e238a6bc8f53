"""Reads about deals: the one in force, the one waiting, a deal by owner, two versions compared."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Any

from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from evenly.cards.models import Card
from evenly.cards.selectors import cadence_label
from evenly.cards.to_core import core_member, fraction
from evenly.core.model import Household as CoreHousehold
from evenly.core.solve_place import Step, phase_step
from evenly.core.week_fit import WeekFit, week_fit
from evenly.deals.models import SOLVE_UNDER_WAY, Deal, DealCard, DealSolve, solve_stalled
from evenly.households.models import Household, Member
from evenly.pages.templatetags.durations import hm as duration_text_of
from evenly.pages.words import in_language


def deal_active(*, household: Household) -> Deal | None:
    return household.deals.filter(status=Deal.Status.ACTIVE).first()


def deal_open(*, household: Household) -> Deal | None:
    """The proposal waiting for everyone's yes, if any."""
    return household.deals.filter(status=Deal.Status.PROPOSED).first()


def deal_active_and_open(*, household: Household) -> tuple[Deal | None, Deal | None]:
    """The deal in force and the proposal waiting for everyone's yes, in one query."""
    active: Deal | None = None
    waiting: Deal | None = None
    for deal in household.deals.filter(status__in=(Deal.Status.ACTIVE, Deal.Status.PROPOSED)):
        if deal.status == Deal.Status.ACTIVE:
            active = active or deal  # newest first, as deal_active reads it
        else:
            waiting = waiting or deal
    return active, waiting


def deal_by_version(*, household: Household, version: int) -> Deal | None:
    """The household's deal of this version number, if there is one."""
    return household.deals.filter(version=version).first()


def deals_all(*, household: Household) -> list[Deal]:
    return list(household.deals.prefetch_related("acceptances__member").order_by("-version"))


def cards_changed_since(*, deal: Deal) -> bool:
    """True when the household's cards no longer match the deal (added or removed)."""
    dealt = set(deal.cards.exclude(card=None).values_list("card_id", flat=True))
    now = set(
        Card.objects.for_household(deal.household_id)
        .filter(paused=False)
        .values_list("pk", flat=True)
    )
    return dealt != now


CHART_WIDTH = 400  # SVG units; the chart scales to the page, text stays readable on a phone


@dataclass
class OwnerGroup:
    title: str
    member: Member | None
    cards: list[DealCard] = field(default_factory=list)
    figures: dict[str, Any] | None = None  # load, target, deviation from the certificate


@dataclass(frozen=True)
class MemberFigures:
    """One member's week in a deal, from the deal's own certificate, in minutes a week."""

    name: str
    load: float  # their home work in this deal
    target: float  # their fair share of it by the household's rule
    deviation: float  # load - target: positive when they carry more than their share
    paid: float | None  # paid work (None when the rule does not count it)
    personal: float | None  # time of their own, when the rule counts it

    @property
    def together(self) -> float:
        """Paid work (and counted time of one's own) plus home work: "total work"."""
        return (self.paid or 0) + (self.personal or 0) + self.load


@dataclass(frozen=True)
class Verdict:
    """What a couple reads first: each member's weekly time and whether that is fair.

    ``fair`` when the largest gap from anyone's share is within the household's tolerance;
    otherwise ``furthest`` is the member furthest from their share and ``best_gap`` the
    smallest largest gap any deal can reach."""

    members: list[MemberFigures]
    fair: bool
    tolerance: float
    largest_gap: float
    best_gap: float
    furthest: MemberFigures | None
    counts_paid: bool  # the rule counts paid work: "total work" (or free time)

    @property
    def even_total(self) -> float | None:
        """For "total work": what each member's paid, own and home time would add up to if
        the deal were exactly even (their targets make them all equal)."""
        if not self.members:
            return None
        m = self.members[0]
        return (m.paid or 0) + (m.personal or 0) + m.target


@dataclass
class DealView:
    deal: Deal
    groups: list[OwnerGroup]
    accepted: list[Member]
    waiting: list[Member]
    bars: list[dict[str, Any]]
    verdict: Verdict | None = None
    with_cards: bool = True  # False: the groups hold no cards (the page has them rendered)

    @property
    def chart_height(self) -> int:
        return len(self.bars) * 46

    @property
    def card_count(self) -> int:
        if not self.with_cards:
            return self.deal.cards.count()
        return sum(len(g.cards) for g in self.groups)


def in_member_order(rows: dict[str, Any], names: list[str]) -> list[tuple[str, Any]]:
    """A certificate's per-member rows in the household's order (who joined first), then any
    other names (members who left) by name. PostgreSQL's jsonb keeps no key order, so the
    order is never read from the stored document."""
    place = {name: i for i, name in enumerate(names)}
    return sorted(rows.items(), key=lambda item: (place.get(item[0], len(place)), item[0]))


def deal_verdict(*, deal: Deal, members: list[Member]) -> Verdict | None:
    """The verdict of a deal from its certificate; None for a certificate without members.

    Paid hours and time of one's own are the deal's own (kept in its certificate); a deal
    made before it kept them reads the members' present ones."""
    cert = deal.certificate
    rows = cert.get("members", {})
    if not rows:
        return None
    counts_paid = deal.fairness in ("total-work", "free-time")
    by_name = {m.display_name: m for m in members}
    paid_kept: dict[str, float] = cert.get("paid_minutes") or {}
    personal_kept: dict[str, float] = cert.get("personal_minutes") or {}
    figures = []
    for name, r in in_member_order(rows, [m.display_name for m in members]):
        member = by_name.get(name)
        paid: float | None = None
        personal: float | None = None
        if counts_paid:
            if name in paid_kept:
                paid = float(paid_kept[name])
            elif member is not None:
                paid = float(member.paid_hours) * 60
            if personal_kept:
                personal = float(personal_kept.get(name, 0))
            elif "paid_minutes" not in cert and deal.household.count_personal_time and member:
                personal = float(member.personal_time_goal_minutes)
        figures.append(
            MemberFigures(
                name=name,
                load=float(r["load_minutes"]),
                target=float(r["target_minutes"]),
                deviation=float(r["deviation_minutes"]),
                paid=paid,
                personal=personal,
            )
        )
    tolerance = float(cert.get("tolerance_minutes", 0))
    largest = float(cert.get("max_deviation_minutes", 0))
    furthest = max(figures, key=lambda f: abs(f.deviation))
    return Verdict(
        members=figures,
        fair=largest <= tolerance,
        tolerance=tolerance,
        largest_gap=largest,
        best_gap=float(cert.get("optimal_deviation_minutes", largest)),
        furthest=None if largest <= tolerance else furthest,
        counts_paid=counts_paid,
    )


def deal_view(*, deal: Deal, with_cards: bool = True) -> DealView:
    """The deal grouped by owner (rotations last) with each member's figures and acceptance;
    without ``with_cards``, only the figures and acceptance (the groups stay empty)."""
    household = deal.household
    members = {m.pk: m for m in household.members.all()}
    current = [m for m in members.values() if m.left_at is None]
    figures = deal.certificate.get("members", {})
    groups = {
        m.pk: OwnerGroup(title=m.display_name, member=m, figures=figures.get(m.display_name))
        for m in current
    }
    turns = OwnerGroup(title=_("Taken in turns"), member=None)
    for dc in deal.cards.select_related("card") if with_cards else ():
        if dc.rotation:
            dc.turn_names = [members[i].display_name for i in dc.rotation if i in members]
            turns.cards.append(dc)
        elif dc.owner_id in groups:
            groups[dc.owner_id].cards.append(dc)
        elif dc.owner_id in members:  # a member who has left since
            m = members[dc.owner_id]
            groups[m.pk] = OwnerGroup(
                title=_("%(name)s (left)") % {"name": m.display_name}, member=m
            )
            groups[m.pk].cards.append(dc)
    ordered = list(groups.values()) + ([turns] if turns.cards else [])
    # Each card's weekly time, as the deal counted it (deals made before it kept them: none).
    kept: dict[str, dict[str, float]] = deal.certificate.get("card_minutes") or {}
    for group in ordered:
        for dc in group.cards:
            weekly = kept.get(dc.name, {})
            if dc.rotation:
                dc.turn_minutes = [(n, weekly[n]) for n in dc.turn_names if n in weekly]
            elif group.member is not None:
                dc.weekly_minutes = weekly.get(group.member.display_name)
    accepted_ids = {a.member_id for a in deal.acceptances.all()}
    return DealView(
        deal=deal,
        groups=ordered,
        accepted=[m for m in current if m.pk in accepted_ids],
        waiting=[m for m in current if m.pk not in accepted_ids],
        bars=load_bars(
            certificate=deal.certificate, order=[m.display_name for m in members.values()]
        ),
        verdict=deal_verdict(deal=deal, members=list(members.values())),
        with_cards=with_cards,
    )


def load_bars(
    *, certificate: dict[str, Any], order: Sequence[str] = (), width: int = CHART_WIDTH
) -> list[dict[str, Any]]:
    """Geometry for the loads-against-targets chart (SVG units; the page draws it), one bar per
    member in ``order`` (the household's)."""
    rows = certificate.get("members", {})
    tolerance = float(certificate.get("tolerance_minutes", 0))
    if not rows:
        return []
    label_w, pad = 90, 6
    top = max(max(r["load_minutes"], r["target_minutes"] + tolerance) for r in rows.values())
    scale = (width - label_w - pad) / (top * 1.08 or 1)
    bars = []
    for n, (name, r) in enumerate(in_member_order(rows, list(order))):
        load, target = r["load_minutes"], r["target_minutes"]
        bars.append(
            {
                "name": name,
                "y": n * 46,
                "x0": label_w,
                "load_w": round(load * scale, 1),
                "target_x": round(label_w + target * scale, 1),
                "band_x": round(label_w + max(0.0, target - tolerance) * scale, 1),
                "band_w": round((min(target, tolerance) + tolerance) * scale, 1),
                "track_w": width - label_w - pad,
                "load": load,
                "target": target,
                "deviation": r["deviation_minutes"],
            }
        )
    return bars


@dataclass
class CompareRow:
    name: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _holder(dc: DealCard | None, names: dict[int, str]) -> str:
    if dc is None:
        return "—"
    if dc.rotation:
        return "Turns: " + ", ".join(names.get(i, "?") for i in dc.rotation)
    return names.get(dc.owner_id or 0, "—")


def deal_compare(*, a: Deal, b: Deal) -> list[CompareRow]:
    """Every card of either version with its holder in each; changed rows first."""
    names = {m.pk: m.display_name for m in a.household.members.all()}
    cards_a = {dc.name: dc for dc in a.cards.all()}
    cards_b = {dc.name: dc for dc in b.cards.all()}
    rows = [
        CompareRow(name, _holder(cards_a.get(name), names), _holder(cards_b.get(name), names))
        for name in sorted(cards_a.keys() | cards_b.keys())
    ]
    return sorted(rows, key=lambda r: (not r.changed, r.name))


def current_owners(*, household: Household) -> dict[int, int]:
    """The deal in force as card id → owner's member id (rotations and removed cards left out)."""
    active = household.deals.filter(status=Deal.Status.ACTIVE).first()
    if active is None:
        return {}
    return {
        dc.card_id: dc.owner_id
        for dc in active.cards.all()
        if dc.card_id is not None and dc.owner_id is not None
    }


def deal_week_fit(*, household: Household, deal: Deal) -> list[WeekFit]:
    """Whether each member's paid work, their part of this deal and their time of their own
    fit in a week: said on a proposed deal before anyone accepts it."""
    members = list(household.members.current())
    loads = {
        name: fraction(row["load_minutes"])
        for name, row in deal.certificate.get("members", {}).items()
    }
    core = CoreHousehold(
        name=household.name,
        members=tuple(core_member(m) for m in members),
        responsibilities=(),
        count_personal_time=household.count_personal_time,
    )
    return week_fit(core, {m.display_name: loads.get(m.display_name, Fraction(0)) for m in members})


def _said(message: str, **values: str) -> str:
    """``{% blocktranslate with name=... %}`` in Python: the translation as it stands, the
    values escaped into it (so the page reads the same as when the template said it)."""
    return mark_safe(_(message) % {k: conditional_escape(v) for k, v in values.items()})


def deal_card_groups(*, view: DealView, changeable: bool) -> list[dict[str, Any]]:
    """The deal page's card lists, each card as plain values said once here: on a hundred-card
    deal, resolving model attributes, translating and reversing URLs row by row through the
    template engine was most of the page's cost. ``changeable``: the deal still shows the form
    to change who holds a card (not for a withdrawn or superseded one)."""
    household_id = view.deal.household_id
    # One reverse for the form's address, each card's id put in its place.
    head, tail = reverse("card_holder", args=[household_id, 1]).rsplit("/1/", 1)
    # The cards a household now takes in turns (the form shows it chosen), in one query.
    card_ids = [dc.card_id for g in view.groups for dc in g.cards if dc.card_id]
    in_turns = set(
        Card.rotation.through.objects.filter(card_id__in=card_ids).values_list("card_id", flat=True)
    )
    language_is_english = (get_language() or "en").startswith("en")
    groups = []
    for g in view.groups:
        rows = []
        for dc in g.cards:
            card = dc.card
            turns = ", ".join(f"{name} {duration_text_of(m)}" for name, m in dc.turn_minutes)
            rows.append(
                {
                    "pk": dc.pk,
                    "name": dc.name,
                    "cadence": dc.cadence if language_is_english else cadence_label(dc.cadence),
                    "locked": dc.locked,
                    "weekly": None
                    if dc.weekly_minutes is None
                    else _said("%(time)s a week", time=duration_text_of(dc.weekly_minutes)),
                    "turn_names": ", ".join(dc.turn_names),
                    "turn_minutes": turns,
                    "reason": in_language(dc.reason_words, dc.reason),
                    "holder_url": f"{head}/{dc.card_id}/{tail}"
                    if dc.card_id and changeable
                    else "",
                    "locked_to_id": card.locked_to_id if card is not None else None,
                    "in_turns": dc.card_id in in_turns,
                }
            )
        groups.append(
            {
                "title": g.title,
                "figures": g.figures,
                "why": _said("Why %(name)s", name=g.member.display_name)
                if g.member
                else _("Why in turns"),
                "cards": rows,
            }
        )
    return groups


def holder_choices(*, members: Iterable[Member]) -> list[tuple[int, str]]:
    """The "Always <name>" choices of the form that changes who holds a card, said once."""
    return [(m.pk, _said("Always %(name)s", name=m.display_name)) for m in members]


# --- Deals worked out by the worker -------------------------------------------------------


@dataclass(frozen=True)
class SolveView:
    """A solve as the deal page shows it: under way (with the step in plain words), stalled
    (the worker never answered), failed (why), or done."""

    solve: DealSolve
    step: Step
    stalled: bool

    @property
    def under_way(self) -> bool:
        return self.solve.state in SOLVE_UNDER_WAY and not self.stalled

    @property
    def finished(self) -> bool:
        return not self.under_way


def solve_view(*, solve: DealSolve, now: datetime) -> SolveView:
    step = Step.START if solve.state == DealSolve.State.QUEUED else phase_step(solve.phase)
    return SolveView(solve=solve, step=step, stalled=solve_stalled(solve, now=now))


def deal_solve_shown(*, household: Household, now: datetime) -> SolveView | None:
    """The household's latest solve while the deal page should speak of it: under way, or
    ended without a deal (failed or stalled) and not followed by a newer deal. One query."""
    solve = DealSolve.objects.for_household(household).first()
    if solve is None or solve.state == DealSolve.State.DONE:
        return None
    if solve.state == DealSolve.State.FAILED and (
        household.deals.filter(created_at__gt=solve.created_at).exists()
    ):
        return None
    return solve_view(solve=solve, now=now)
