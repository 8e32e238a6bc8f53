from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from evenly.cards.selectors import ratings_progress_all
from evenly.core.bounds import DEAL_SOLVE_POLL_SECONDS, DEAL_SOLVE_STALE_MINUTES
from evenly.deals import selectors, services
from evenly.deals.models import Deal, DealSolve
from evenly.households.access import household_object, member_for
from evenly.households.models import Household, Member
from evenly.households.selectors import members_of
from evenly.pages import attempt, household_page
from evenly.pages.kept import keep_part, kept_part, revision_key


def _get_version(household: Household, version: int) -> Deal:
    """A deal of this household by its version number, or 404."""
    deal_obj = selectors.deal_by_version(household=household, version=version)
    if deal_obj is None:
        raise Http404("No such deal")
    return deal_obj


@require_http_methods(["GET"])
def deal(request: HttpRequest, household_id: int) -> HttpResponse:
    """The deal page: the proposal waiting for a yes, else the deal in force, else how to start."""
    member = member_for(request, household_id)
    household = member.household
    active, waiting = selectors.deal_active_and_open(household=household)
    shown = waiting or active
    context: dict[str, object] = {"active": active} | _solve_context(household)
    if shown is not None:
        context |= _deal_context(request, shown, member)
    else:
        progress = ratings_progress_all(household=household)
        context |= {
            "progress": progress,
            "all_rated": bool(progress) and all(p.done for p in progress.values()),
            "member_count": members_of(household=household).count(),
            "card_count": household.cards.count(),
        }
    return household_page(request, member, "deals/deal.html", context, tab="deal")


def _deal_cards_key(deal_obj: Deal) -> str:
    """What the deal's cards show: the deal (its creation instant beside its id, since SQLite
    gives the ids of rows rolled back again), the household as it stands, the language."""
    return revision_key(
        "deal-cards",
        deal_obj.household,
        deal_obj.pk,
        deal_obj.created_at.timestamp(),
        get_language(),
    )


def _deal_cards(request: HttpRequest, deal_obj: Deal, view: selectors.DealView) -> SafeString:
    """The deal's cards, each with its reason and the form to change who holds it, rendered
    and kept (``evenly.pages.kept``)."""
    changeable = deal_obj.status not in (Deal.Status.WITHDRAWN, Deal.Status.SUPERSEDED)
    household = deal_obj.household
    return keep_part(
        request,
        _deal_cards_key(deal_obj),
        "deals/_deal_cards.html",
        {
            "household": household,
            "card_groups": selectors.deal_card_groups(view=view, changeable=changeable),
            "holder_choices": selectors.holder_choices(members=members_of(household=household)),
        },
    )


def _solve_context(household: Household) -> dict[str, object]:
    """A deal the worker is working out, or that ended without a deal (see ``_solve.html``)."""
    return {
        "solve": selectors.deal_solve_shown(household=household, now=timezone.now()),
        "poll_seconds": DEAL_SOLVE_POLL_SECONDS,
        "stale_minutes": DEAL_SOLVE_STALE_MINUTES,
    }


@require_http_methods(["GET"])
def deal_solve(request: HttpRequest, household_id: int, solve_id: int) -> HttpResponse:
    """What the deal page polls while a deal is worked out: its step, one small read. When it
    has ended, the answer makes the page fetch itself again (the new deal, or why not)."""
    member = member_for(request, household_id)
    solve = household_object(DealSolve, member.household, solve_id)
    context = {
        "household": member.household,
        "solve": selectors.solve_view(solve=solve, now=timezone.now()),
        "poll_seconds": DEAL_SOLVE_POLL_SECONDS,
    }
    return render(request, "deals/_solve_step.html", context)


def _deal_context(request: HttpRequest, deal_obj: Deal, member: Member) -> dict[str, Any]:
    deal_cards = kept_part(request, _deal_cards_key(deal_obj))
    view = selectors.deal_view(deal=deal_obj, with_cards=deal_cards is None)
    if deal_cards is None:
        deal_cards = _deal_cards(request, deal_obj, view)
    # Said before anyone accepts: whether each week still has room for time of one's own.
    fits = (
        selectors.deal_week_fit(household=deal_obj.household, deal=deal_obj)
        if deal_obj.status == Deal.Status.PROPOSED
        else []
    )
    return {
        "view": view,
        "shown": deal_obj,
        "i_accepted": member in view.accepted,
        "changed": selectors.cards_changed_since(deal=deal_obj),
        "deal_cards": deal_cards,
        "fits": fits,
        "fits_not": [f for f in fits if not f.fits],
    }


@require_http_methods(["GET"])
def deal_version(request: HttpRequest, household_id: int, version: int) -> HttpResponse:
    member = member_for(request, household_id)
    deal_obj = _get_version(member.household, version)
    context = _deal_context(request, deal_obj, member) | {
        "active": selectors.deal_active(household=member.household)
    }
    return household_page(request, member, "deals/deal.html", context, tab="deal")


@require_POST
def deal_propose(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    try:
        proposed = services.deal_propose_start(household=member.household, member=member)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("deal", household_id)
    if isinstance(proposed, DealSolve):  # the worker deals it; the page shows its progress
        return redirect("deal", household_id)
    messages.success(
        request,
        _("Deal v%(version)s proposed. It becomes active when everyone accepts.")
        % {"version": proposed.version},
    )
    return redirect("deal", household_id)


@require_POST
def deal_accept(request: HttpRequest, household_id: int, version: int) -> HttpResponse:
    member = member_for(request, household_id)
    deal_obj = _get_version(member.household, version)
    attempt(
        request,
        lambda: services.deal_accept(deal=deal_obj, member=member),
        success=lambda accepted: (
            _("Everyone said yes: deal v%(version)s is active.") % {"version": accepted.version}
            if accepted.status == Deal.Status.ACTIVE
            else _("You accepted. Waiting for the others.")
        ),
    )
    return redirect("deal", household_id)


@require_http_methods(["GET"])
def deal_history(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    deals = selectors.deals_all(household=member.household)
    return household_page(request, member, "deals/history.html", {"deals": deals}, tab="deal")


@require_http_methods(["GET"])
def deal_compare(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    deals = selectors.deals_all(household=household)
    try:
        a_v = int(request.GET.get("a", "0"))
        b_v = int(request.GET.get("b", "0"))
    except ValueError:
        a_v = b_v = 0
    if not a_v or not b_v:
        if len(deals) >= 2:
            a_v, b_v = deals[1].version, deals[0].version
        else:
            return household_page(
                request, member, "deals/compare.html", {"deals": deals, "rows": None}, tab="deal"
            )
    a = _get_version(household, a_v)
    b = _get_version(household, b_v)
    rows = selectors.deal_compare(a=a, b=b)
    members = list(household.members.all())
    return household_page(
        request,
        member,
        "deals/compare.html",
        {
            "deals": deals,
            "a": a,
            "b": b,
            "rows": rows,
            "changed": sum(r.changed for r in rows),
            "verdicts": [(d, selectors.deal_verdict(deal=d, members=members)) for d in (a, b)],
        },
        tab="deal",
    )
