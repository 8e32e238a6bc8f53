"""Reads of the perception check: what a member may see, never more.

A round's results (everyone's estimates and the logged figures) are computed only once it is
closed. Before that a member sees their own estimate and who has answered, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.db.models import Prefetch
from django.utils.translation import gettext

from evenly.core.balance import MemberFacts, balance
from evenly.core.felt import month_of
from evenly.core.model import FairnessBasis
from evenly.households.models import Household, Member
from evenly.perception.models import Estimate, Round
from evenly.week.selectors import logged_by_day

NEAR = 5  # points: within this, the estimate and the log are "much the same"
PCT = "\u00a0%"  # a no-break space keeps the number and its sign together


@dataclass(frozen=True)
class Comparison:
    """One estimate beside the logged share, in whole percent."""

    thought: int
    logged: int | None  # None when nothing of that kind was logged in the 4 weeks

    @property
    def gap(self) -> int | None:
        """Logged minus thought, in percentage points."""
        return None if self.logged is None else self.logged - self.thought


@dataclass(frozen=True)
class ResultRow:
    member: Member
    home: Comparison
    mental: Comparison

    @property
    def sentence(self) -> str:
        """A kind, neutral line: what the member thought and what the log shows."""
        name = self.member.display_name
        home, mental = self.home, self.mental
        if home.logged is None:
            return gettext(
                "%(name)s thought %(home)s of the home work and %(mental)s "
                "of the noticing and planning; nothing was logged to compare with."
            ) % {"name": name, "home": f"{home.thought}{PCT}", "mental": f"{mental.thought}{PCT}"}
        text = gettext("%(name)s thought %(thought)s of the home work and logged %(logged)s") % {
            "name": name,
            "thought": f"{home.thought}{PCT}",
            "logged": f"{home.logged}{PCT}",
        }
        if mental.logged is None:
            text += gettext("; no noticing or planning was logged.")
        else:
            text += gettext(
                "; of the noticing and planning, thought %(thought)s and logged %(logged)s."
            ) % {"thought": f"{mental.thought}{PCT}", "logged": f"{mental.logged}{PCT}"}
        gaps = [g for g in (home.gap, mental.gap) if g is not None]
        if all(abs(g) <= NEAR for g in gaps):
            text += " " + gettext("Much the same.")
        return text


@dataclass(frozen=True)
class Result:
    """A closed round with everyone's estimates beside the logged figures."""

    round: Round
    rows: list[ResultRow]
    missing: list[Member]  # current members who did not answer
    logged_anything: bool


@dataclass(frozen=True)
class OpenRound:
    """The open round as one member may see it."""

    round: Round
    mine: Estimate | None  # the member's own answer, if any
    answered: list[Member]  # who has answered (names only, never their figures)
    waiting: list[Member]  # current members still to answer


@dataclass(frozen=True)
class PerceptionPage:
    this_month: date
    can_start: bool  # no round for this month yet
    open: OpenRound | None
    results: list[Result]  # closed rounds, newest first


def _percent(part: Fraction, whole: Fraction) -> int | None:
    """``part / whole`` in whole percent, halves rounded up; None when ``whole`` is 0."""
    if whole <= 0:
        return None
    return int(part * 100 / whole + Fraction(1, 2))


def perception_page(*, household: Household, member: Member) -> PerceptionPage:
    """Everything the perception page shows ``member``, in a fixed number of queries."""
    today = household.today()
    rounds = list(
        Round.objects.for_household(household).prefetch_related(
            Prefetch("estimates", queryset=Estimate.objects.select_related("member"))
        )
    )
    members = list(household.members.all())
    current = [m for m in members if m.left_at is None]
    open_round = next((r for r in rounds if r.is_open), None)
    closed = [r for r in rounds if not r.is_open]

    open_view = None
    if open_round is not None:
        estimates = list(open_round.estimates.all())
        answered_ids = {e.member_id for e in estimates}
        open_view = OpenRound(
            round=open_round,
            mine=next((e for e in estimates if e.member_id == member.pk), None),
            answered=[e.member for e in estimates],
            waiting=[m for m in current if m.pk not in answered_ids],
        )
    return PerceptionPage(
        this_month=month_of(today),
        can_start=not any(r.month == month_of(today) for r in rounds),
        open=open_view,
        results=_results(household, closed, members, current),
    )


def _results(
    household: Household, rounds: list[Round], members: list[Member], current: list[Member]
) -> list[Result]:
    """Each closed round's estimates beside its 4 weeks of log, from one query of the log."""
    if not rounds:
        return []
    start = min(r.period_start for r in rounds)
    end = max(r.period_end for r in rounds)
    items = logged_by_day(household=household, start=start, end=end)
    facts = [MemberFacts(name=str(m.pk)) for m in members]
    out = []
    for r in rounds:
        figures = balance(
            members=facts,
            fairness=FairnessBasis.EQUAL,  # only shares are used: no target needed
            items=[i for i in items if r.period_start <= i.on <= r.period_end],
            start=r.period_start,
            end=r.period_end,
        )
        home_total = figures.total
        mental_total = sum((m.invisible for m in figures.members), Fraction(0))
        by_member = {int(m.name): m for m in figures.members}
        estimates = list(r.estimates.all())
        rows = [
            ResultRow(
                member=e.member,
                home=Comparison(e.home_share, _percent(by_member[e.member_id].home, home_total)),
                mental=Comparison(
                    e.mental_share, _percent(by_member[e.member_id].invisible, mental_total)
                ),
            )
            for e in estimates
        ]
        answered = {e.member_id for e in estimates}
        out.append(
            Result(
                round=r,
                rows=rows,
                # Current members who were there while it was open and did not answer.
                missing=[
                    m
                    for m in current
                    if m.pk not in answered and m.joined_at < (r.closed_at or r.opened_at)
                ],
                logged_anything=home_total > 0,
            )
        )
    return out
