"""Reads of the Grow tab. Aspirations are read through ``access.visible_aspirations``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from evenly.cards.to_core import fraction
from evenly.core.life_events import end_words
from evenly.core.week_fit import WeekFit
from evenly.deals.models import DEAL_IN_FORCE, SOLVE_UNDER_WAY, Deal, DealSolve, solve_stalled
from evenly.deals.selectors import SolveView, deal_week_fit, solve_view
from evenly.growth.access import visible_aspirations
from evenly.growth.models import Aspiration, Handover, LifeEvent, ProgressNote, Support
from evenly.households.models import Household, Member
from evenly.pages.words import in_language


@dataclass
class PersonalWeek:
    member: Member
    goal_minutes: int
    taken_minutes: Fraction


@dataclass
class GrowPage:
    deal: Deal | None
    fits: list[WeekFit]
    personal: list[PersonalWeek]
    handovers: list[Handover]
    events: list[LifeEvent]
    # Each handover with the solve it waits on (None once it has its deal, or needs none).
    handover_rows: list[tuple[Handover, SolveView | None]]


def solve_under_way(solve: DealSolve | None) -> bool:
    """The worker is still working the deal out (queued or running, and not stalled)."""
    return (
        solve is not None
        and solve.state in SOLVE_UNDER_WAY
        and not solve_stalled(solve, now=timezone.now())
    )


def solve_ended_without_deal(solve: DealSolve | None) -> bool:
    """The worker failed, or went silent: the household may ask for the deal again."""
    return solve is not None and solve.state != DealSolve.State.DONE and not solve_under_way(solve)


def latest_solve(item: Handover | LifeEvent) -> DealSolve | None:
    """The worker's solve a handover or life event asked for last: its own deal's, or once it
    has ended, the restoring deal's."""
    ended = item.status == item.Status.ENDED
    return item.restore_solve if ended else item.solve


def waiting_solve(item: Handover | LifeEvent) -> SolveView | None:
    """The solve a handover or life event waits on, as the deal page shows it: under way, or
    ended without a deal (failed or stalled, to ask again). None once its deal is there."""
    solve = latest_solve(item)
    if solve is None or solve.state == DealSolve.State.DONE:
        return None
    return solve_view(solve=solve, now=timezone.now())


def grow_page(*, member: Member) -> GrowPage:
    household = member.household
    members = list(household.members.current())
    # The proposed deal if there is one, else the active one: one query for both.
    open_deals = list(household.deals.filter(status__in=(Deal.Status.PROPOSED, Deal.Status.ACTIVE)))
    deal = next(
        (d for d in open_deals if d.status == Deal.Status.PROPOSED),
        next((d for d in open_deals if d.status == Deal.Status.ACTIVE), None),
    )
    today = household.today()
    monday = today - timedelta(days=today.weekday())
    taken = dict(
        household.personal.filter(on__gte=monday, on__lte=today)
        .values("member_id")
        .annotate(total=Sum("minutes"))
        .values_list("member_id", "total")
    )
    handovers = list(
        household.handovers.filter(
            # An ended one stays while the deal giving its card back is not there yet.
            Q(status__in=[Handover.Status.PROPOSED, Handover.Status.RUNNING])
            | Q(status=Handover.Status.ENDED, restore_solve__isnull=False)
            & ~Q(restore_solve__state=DealSolve.State.DONE)
        ).select_related("card", "to_member", "from_member", "deal", "solve", "restore_solve")
    )
    return GrowPage(
        deal=deal,
        fits=deal_week_fit(household=household, deal=deal) if deal else [],
        personal=[
            PersonalWeek(m, m.personal_time_goal_minutes, fraction(taken.get(m.pk) or 0))
            for m in members
        ],
        handovers=handovers,
        events=list(
            household.life_events.filter(
                status__in=[LifeEvent.Status.PROPOSED, LifeEvent.Status.ACTIVE]
            ).select_related("deal")
        ),
        handover_rows=[(h, waiting_solve(h)) for h in handovers],
    )


@dataclass
class AspirationsPage:
    mine: list[Aspiration]
    others: list[Aspiration]


def aspirations_page(*, member: Member) -> AspirationsPage:
    items = list(visible_aspirations(member).select_related("member").prefetch_related("support"))
    return AspirationsPage(
        mine=[a for a in items if a.member_id == member.pk],
        others=[a for a in items if a.member_id != member.pk],
    )


@dataclass
class AspirationPage:
    aspiration: Aspiration
    notes: list[ProgressNote]
    support: list[Support]
    handovers: list[Handover]


def aspiration_page(*, aspiration: Aspiration) -> AspirationPage:
    return AspirationPage(
        aspiration=aspiration,
        notes=list(aspiration.notes.select_related("author")),
        support=list(aspiration.support.select_related("member")),
        handovers=list(
            aspiration.handovers.select_related("card", "to_member", "from_member", "deal")
        ),
    )


def life_events(*, household: Household) -> list[LifeEvent]:
    return list(household.life_events.select_related("member", "deal", "restore_deal")[:50])


# --- a life change's re-deal that did not come into force ---------------------------------


@dataclass(frozen=True)
class RedealFate:
    """What became of a life change's re-deal that was withdrawn before everyone accepted it:
    ``current`` is the deal that replaced it (the newest proposed, else the one in force), or
    None when it was withdrawn with nothing newer (a member left, say)."""

    withdrawn: Deal
    current: Deal | None

    @property
    def replaced(self) -> bool:
        return self.current is not None


def redeal_in_force(*, household: Household, event: LifeEvent) -> bool:
    """Whether a life change's re-deal is in force, or a later deal that replaced it is: the
    life change's own changes are made when it starts, so the household then lives by them under
    a deal everyone said yes to. One query at most."""
    deal = event.deal
    if deal is None:
        return False
    if deal.status in DEAL_IN_FORCE:
        return True
    return (
        deal.status == Deal.Status.WITHDRAWN
        and household.deals.filter(version__gt=deal.version, status__in=DEAL_IN_FORCE).exists()
    )


def redeal_fate(event: LifeEvent) -> RedealFate | None:
    """None while the life change's re-deal is waiting, in force, or never made; else whether it
    was replaced by a newer proposal (and by which deal now) or withdrawn. One query at most."""
    deal = event.deal
    if event.status != LifeEvent.Status.PROPOSED or deal is None:
        return None
    if deal.status != Deal.Status.WITHDRAWN:
        return None
    newer = list(
        event.household.deals.filter(
            version__gt=deal.version,
            status__in=[Deal.Status.PROPOSED, Deal.Status.ACTIVE],
        ).order_by("-version")
    )
    proposed = [d for d in newer if d.status == Deal.Status.PROPOSED]
    current = (proposed or newer)[0] if newer else None
    return RedealFate(withdrawn=deal, current=current)


# --- what the catch-up would do ---------------------------------------------------------------


@dataclass(frozen=True)
class CatchUpDue:
    """One thing ``services.growth_catch_up`` would change, in the household's words."""

    sentence: str


def catch_up_due(*, household: Household) -> list[CatchUpDue]:
    """What bringing handovers and life changes up to date would do, without doing it: the
    same tests as ``services.growth_catch_up``, read only. Empty when there is nothing to do."""
    due: list[CatchUpDue] = []
    today = household.today()
    for h in household.handovers.filter(
        status__in=[Handover.Status.PROPOSED, Handover.Status.RUNNING]
    ).select_related("deal", "card", "to_member", "from_member", "solve"):
        if h.status == Handover.Status.PROPOSED and solve_under_way(h.solve):
            continue  # its deal is still being worked out: nothing to do until it is there
        # The deal it waits for, while it waits; growth_follow_deals settles it.
        waits_for = h.deal if h.status == Handover.Status.PROPOSED else None
        if waits_for is not None and waits_for.status == Deal.Status.WITHDRAWN:
            due.append(
                CatchUpDue(
                    _("The handover of %(card)s was replaced by another proposal.")
                    % {"card": h.card.name}
                )
            )
            continue
        if h.until <= today:
            words = {
                "card": h.card.name,
                "to": h.to_member.display_name,
                # "ends today" on its day, "ended on 12 June 2026" after it
                "ends": in_language(end_words(h.until, today)),
            }
            if h.from_member:
                sentence = _("%(from)s's handover of %(card)s to %(to)s %(ends)s.") % {
                    **words,
                    "from": h.from_member.display_name,
                }
            else:
                sentence = _("The handover of %(card)s to %(to)s %(ends)s.") % words
            due.append(CatchUpDue(sentence))
        elif waits_for is not None and waits_for.status in DEAL_IN_FORCE:
            due.append(
                CatchUpDue(
                    _("Everyone said yes to %(to)s taking %(card)s: the handover can start.")
                    % {"to": h.to_member.display_name, "card": h.card.name}
                )
            )
    for event in household.life_events.filter(
        status__in=[LifeEvent.Status.PROPOSED, LifeEvent.Status.ACTIVE]
    ).select_related("deal", "solve"):
        if solve_under_way(event.solve):
            continue  # its re-deal is still being worked out: nothing to do until it is there
        if event.until is not None and event.until <= today:
            due.append(
                CatchUpDue(
                    _("The life change “%(title)s” %(ends)s.")
                    % {
                        "title": in_language(event.title_words),
                        "ends": in_language(end_words(event.until, today)),
                    }
                )
            )
        elif event.status == LifeEvent.Status.PROPOSED and redeal_in_force(
            household=household, event=event
        ):
            due.append(
                CatchUpDue(
                    _("Everyone said yes to the re-deal for “%(title)s”.")
                    % {"title": in_language(event.title_words)}
                )
            )
    return due
