"""Reads about deals: the one in force, the one waiting, a deal by owner, two versions compared."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from evenly.cards.models import Card
from evenly.cards.to_core import core_member, fraction
from evenly.core.model import Household as CoreHousehold
from evenly.core.week_fit import WeekFit, week_fit
from evenly.deals.models import Deal, DealCard
from evenly.households.models import Household, Member


def deal_active(*, household: Household) -> Deal | None:
    return household.deals.filter(status=Deal.Status.ACTIVE).first()


def deal_open(*, household: Household) -> Deal | None:
    """The proposal waiting for everyone's yes, if any."""
    return household.deals.filter(status=Deal.Status.PROPOSED).first()


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


@dataclass
class DealView:
    deal: Deal
    groups: list[OwnerGroup]
    accepted: list[Member]
    waiting: list[Member]
    bars: list[dict[str, Any]]

    @property
    def chart_height(self) -> int:
        return len(self.bars) * 46


def deal_view(*, deal: Deal) -> DealView:
    """The deal grouped by owner (rotations last) with each member's figures and acceptance."""
    household = deal.household
    members = {m.pk: m for m in household.members.all()}
    current = [m for m in members.values() if m.left_at is None]
    figures = deal.certificate.get("members", {})
    groups = {
        m.pk: OwnerGroup(title=m.display_name, member=m, figures=figures.get(m.display_name))
        for m in current
    }
    turns = OwnerGroup(title="Taken in turns", member=None)
    for dc in deal.cards.select_related("card").prefetch_related("card__rotation"):
        if dc.rotation:
            dc.turn_names = [members[i].display_name for i in dc.rotation if i in members]
            turns.cards.append(dc)
        elif dc.owner_id in groups:
            groups[dc.owner_id].cards.append(dc)
        elif dc.owner_id in members:  # a member who has left since
            m = members[dc.owner_id]
            groups[m.pk] = OwnerGroup(title=f"{m.display_name} (left)", member=m)
            groups[m.pk].cards.append(dc)
    ordered = list(groups.values()) + ([turns] if turns.cards else [])
    accepted_ids = {a.member_id for a in deal.acceptances.all()}
    return DealView(
        deal=deal,
        groups=ordered,
        accepted=[m for m in current if m.pk in accepted_ids],
        waiting=[m for m in current if m.pk not in accepted_ids],
        bars=load_bars(certificate=deal.certificate),
    )


def load_bars(*, certificate: dict[str, Any], width: int = CHART_WIDTH) -> list[dict[str, Any]]:
    """Geometry for the loads-against-targets chart (SVG units; the page draws it)."""
    rows = certificate.get("members", {})
    tolerance = float(certificate.get("tolerance_minutes", 0))
    if not rows:
        return []
    label_w, pad = 90, 6
    top = max(max(r["load_minutes"], r["target_minutes"] + tolerance) for r in rows.values())
    scale = (width - label_w - pad) / (top * 1.08 or 1)
    bars = []
    for n, (name, r) in enumerate(rows.items()):
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
