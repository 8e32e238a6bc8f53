"""The Grow tab: your week, aspirations, handing a card over for a while, life changes.
Thin views: access helpers fetch, services decide, selectors read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evenly.accounts.http import safe_next
from evenly.core.bounds import DEAL_SOLVE_POLL_SECONDS, DEAL_SOLVE_STALE_MINUTES
from evenly.core.life_events import TEMPLATES
from evenly.deals.selectors import solve_view
from evenly.growth import selectors, services
from evenly.growth.access import aspiration_for, handover_for, life_event_for
from evenly.growth.forms import (
    AspirationForm,
    HandoverForm,
    LifeEventForm,
    NoteForm,
    SupportForm,
)
from evenly.growth.models import Handover, LifeEvent
from evenly.households.access import member_for
from evenly.households.fields import id_problem
from evenly.households.models import Member
from evenly.households.services import household_personal_time_set
from evenly.pages import attempt, form_submit, household_page
from evenly.pages.words import in_language


def _member(request: HttpRequest, household_id: int) -> Member:
    """The member. A GET never writes: what is due is said by the notice on every household
    page (``notices.catch_up_notice``), and brought up to date by ``catch_up`` below."""
    return member_for(request, household_id)


@require_POST
def catch_up(request: HttpRequest, household_id: int) -> HttpResponse:
    """Bring handovers and life changes up to date, say what happened, and go back."""
    member = member_for(request, household_id)
    said = services.growth_catch_up(household=member.household)
    for sentence in said:
        messages.info(request, sentence)
    if not said:
        messages.info(request, _("Handovers and life changes are up to date."))
    back = safe_next(request, request.POST.get("next"))
    return redirect(back or reverse("grow", args=[household_id]))


# --- your week --------------------------------------------------------------------------------


@require_GET
def grow(request: HttpRequest, household_id: int) -> HttpResponse:
    member = _member(request, household_id)
    view = selectors.grow_page(member=member)
    context = {"view": view} | _solve_context()
    return household_page(request, member, "growth/grow.html", context, tab="grow")


def _solve_context() -> dict[str, object]:
    """What the deals app's progress partial (``deals/_solve.html``) needs besides the solve."""
    return {"poll_seconds": DEAL_SOLVE_POLL_SECONDS, "stale_minutes": DEAL_SOLVE_STALE_MINUTES}


def _solve_step(
    request: HttpRequest, member: Member, item: Handover | LifeEvent, poll_url: str, done_url: str
) -> HttpResponse:
    """What a Grow page polls while the worker works out its deal: the step, one small read.
    Once it has ended, the answer makes the page fetch itself again (the deal, or why not)."""
    solve = selectors.latest_solve(item)
    if solve is None:
        raise Http404("No deal is worked out for it")
    context = {
        "household": member.household,
        "solve": solve_view(solve=solve, now=timezone.now()),
        "poll_url": poll_url,
        "done_url": done_url,
    } | _solve_context()
    return render(request, "deals/_solve_step.html", context)


@require_POST
def personal_fairness(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    on = request.POST.get("count_personal_time") == "1"
    household_personal_time_set(household=household, count=on, actor=member)
    messages.success(
        request,
        _(
            "Time of your own now counts like paid work in your fairness rule. Propose a deal to "
            "see what it changes."
        )
        if on
        else _("Time of your own no longer counts in your fairness rule."),
    )
    return redirect("grow", household_id)


# --- aspirations ------------------------------------------------------------------------------


def _aspirations(
    request: HttpRequest, member: Member, form: AspirationForm | None = None, status: int = 200
) -> HttpResponse:
    view = selectors.aspirations_page(member=member)
    return household_page(
        request,
        member,
        "growth/aspirations.html",
        {"view": view, "form": form or AspirationForm()},
        tab="grow",
        status=status,
    )


@require_http_methods(["GET", "POST"])
def aspirations(request: HttpRequest, household_id: int) -> HttpResponse:
    member = _member(request, household_id)
    if request.method == "GET":
        return _aspirations(request, member)
    form = AspirationForm(request.POST)
    if done := form_submit(
        request,
        form,
        lambda data: services.aspiration_create(member=member, **data),
        success=_("Saved, for your eyes only until you share it."),
        then=lambda new: reverse("aspiration", args=[household_id, new.pk]),
    ):
        return done
    return _aspirations(request, member, form, status=400)


def _aspiration(
    request: HttpRequest,
    member: Member,
    aspiration: Any,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    household = member.household
    forms: dict[str, Any] = {
        "note": NoteForm(),
        "support": SupportForm(),
        "handover": HandoverForm(household=household, initial={"to_member": member.pk}),
    }
    forms.update(bound or {})
    context = {"view": selectors.aspiration_page(aspiration=aspiration), "forms": forms}
    return household_page(
        request, member, "growth/aspiration.html", context, tab="grow", status=status
    )


@require_GET
def aspiration(request: HttpRequest, household_id: int, aspiration_id: int) -> HttpResponse:
    member = _member(request, household_id)
    return _aspiration(request, member, aspiration_for(member, aspiration_id))


@require_http_methods(["GET", "POST"])
def aspiration_edit(request: HttpRequest, household_id: int, aspiration_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = aspiration_for(member, aspiration_id, own=True)
    if request.method == "POST":
        form = AspirationForm(request.POST)
        if done := form_submit(
            request,
            form,
            lambda data: services.aspiration_update(member=member, aspiration=item, **data),
            success=_("Saved."),
            then=reverse("aspiration", args=[household_id, item.pk]),
        ):
            return done
    else:
        form = AspirationForm(
            initial={
                "title": item.title,
                "kind": item.kind,
                "support_wanted": item.support_wanted,
                "target_on": item.target_on,
            }
        )
    return household_page(
        request,
        member,
        "growth/aspiration_edit.html",
        {"aspiration": item, "form": form},
        tab="grow",
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def aspiration_delete(request: HttpRequest, household_id: int, aspiration_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = aspiration_for(member, aspiration_id, own=True)
    if request.method == "POST":
        services.aspiration_delete(member=member, aspiration=item)
        messages.success(request, _("Removed: %(title)s.") % {"title": item.title})
        return redirect("aspirations", household_id)
    return household_page(
        request, member, "growth/aspiration_delete.html", {"aspiration": item}, tab="grow"
    )


@require_POST
def aspiration_share(request: HttpRequest, household_id: int, aspiration_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = aspiration_for(member, aspiration_id, own=True)
    shared = request.POST.get("shared", "1") != "0"
    attempt(
        request,
        lambda: services.aspiration_share(member=member, aspiration=item, shared=shared),
        success=_("Shared with the household.") if shared else _("Private again."),
    )
    return redirect("aspiration", household_id, item.pk)


@require_POST
def aspiration_reached(request: HttpRequest, household_id: int, aspiration_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = aspiration_for(member, aspiration_id, own=True)
    reached = request.POST.get("reached", "1") != "0"
    services.aspiration_reached(member=member, aspiration=item, reached=reached)
    if reached:
        messages.success(
            request,
            _("You did it: %(title)s. That deserves a celebration.") % {"title": item.title},
        )
    return redirect("aspiration", household_id, item.pk)


@require_POST
def note_add(request: HttpRequest, household_id: int, aspiration_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = aspiration_for(member, aspiration_id)
    form = NoteForm(request.POST)
    if done := form_submit(
        request,
        form,
        lambda data: services.note_add(member=member, aspiration=item, **data),
        success=_("Noted."),
        then=reverse("aspiration", args=[household_id, item.pk]),
    ):
        return done
    return _aspiration(request, member, item, {"note": form}, status=400)


@require_POST
def support_add(request: HttpRequest, household_id: int, aspiration_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = aspiration_for(member, aspiration_id)
    form = SupportForm(request.POST)
    if done := form_submit(
        request,
        form,
        lambda data: services.support_commit(member=member, aspiration=item, **data),
        success=_("Thank you: your support is noted on the aspiration."),
        then=reverse("aspiration", args=[household_id, item.pk]),
    ):
        return done
    return _aspiration(request, member, item, {"support": form}, status=400)


# --- handovers --------------------------------------------------------------------------------


@require_POST
def handover_add(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = HandoverForm(request.POST, household=member.household)
    aspiration_id = request.POST.get("aspiration", "")
    item = None if id_problem(aspiration_id) else aspiration_for(member, int(aspiration_id))

    def proposed(handover: Any) -> str:
        if handover.solve is not None:
            return _(
                "%(card)s goes to %(to)s until %(until)s once everyone accepts the new deal. "
                "It is being worked out: the Grow page shows it when it is ready."
            ) % {
                "card": handover.card.name,
                "to": handover.to_member.display_name,
                "until": date_format(handover.until, _("j F")),
            }
        version = handover.deal.version if handover.deal else "?"
        return _(
            "Deal v%(version)s is proposed with %(card)s going to %(to)s until %(until)s: "
            "everyone accepts it on the Deal page."
        ) % {
            "version": version,
            "card": handover.card.name,
            "to": handover.to_member.display_name,
            "until": date_format(handover.until, _("j F")),
        }

    if done := form_submit(
        request,
        form,
        lambda data: services.handover_propose(member=member, aspiration=item, **data),
        success=proposed,
        # A deal the worker works out is followed on the Grow page.
        then=lambda handover: (
            reverse("grow", args=[household_id])
            if item is None or handover.solve is not None
            else reverse("aspiration", args=[household_id, item.pk])
        ),
    ):
        return done
    if item is not None:
        return _aspiration(request, member, item, {"handover": form}, status=400)
    messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("grow", household_id)


@require_POST
def handover_end(request: HttpRequest, household_id: int, handover_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    handover = handover_for(member, handover_id)
    attempt(
        request,
        lambda: services.handover_end_now(member=member, handover=handover),
        success=lambda ended: (
            _("Cancelled: %(card)s stays as it was.") % {"card": ended.card.name}
            if ended.status == ended.Status.CANCELLED
            else _("Ended early: a deal giving %(card)s back is proposed.")
            % {"card": ended.card.name}
        ),
    )
    return redirect("grow", household_id)


@require_GET
def handover_solve(request: HttpRequest, household_id: int, handover_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    handover = handover_for(member, handover_id)
    return _solve_step(
        request,
        member,
        handover,
        reverse("handover_solve", args=[household_id, handover.pk]),
        reverse("grow", args=[household_id]),
    )


@require_POST
def handover_redeal(request: HttpRequest, household_id: int, handover_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    handover = handover_for(member, handover_id)
    attempt(
        request,
        lambda: services.handover_redeal(member=member, handover=handover),
        success=_("The new deal is asked for again."),
    )
    return redirect("grow", household_id)


# --- life changes -----------------------------------------------------------------------------


def _life_events(
    request: HttpRequest, member: Member, form: LifeEventForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "events": selectors.life_events(household=member.household),
        "templates": TEMPLATES,
        "form": form or LifeEventForm(household=member.household),
    }
    return household_page(
        request, member, "growth/life_events.html", context, tab="grow", status=status
    )


@require_http_methods(["GET", "POST"])
def life_events(request: HttpRequest, household_id: int) -> HttpResponse:
    member = _member(request, household_id)
    if request.method == "GET":
        return _life_events(request, member)
    form = LifeEventForm(request.POST, household=member.household)
    if done := form_submit(
        request,
        form,
        lambda data: services.life_event_apply(
            member=member,
            key=data["key"],
            concerns=data["concerns"],
            paid_hours=data["paid_hours"],
            capacity=None if data["capacity"] is None else Decimal(data["capacity"]),
            until=data["until"],
        ),
        success=lambda event: (
            _(
                "%(title)s: the changes are made and a re-deal is proposed. "
                "Look it over together, then each accept it on the Deal page."
            )
            % {"title": in_language(event.title_words)}
            if event.solve is None
            else _(
                "%(title)s: the changes are made and the re-deal is being worked out. "
                "This page shows it when it is ready."
            )
            % {"title": in_language(event.title_words)}
        ),
        then=lambda event: reverse("life_event", args=[household_id, event.pk]),
    ):
        return done
    return _life_events(request, member, form, status=400)


@require_GET
def life_event(request: HttpRequest, household_id: int, event_id: int) -> HttpResponse:
    member = _member(request, household_id)
    event = life_event_for(member, event_id)
    return household_page(
        request,
        member,
        "growth/life_event.html",
        {
            "event": event,
            "template": TEMPLATES.get(event.key),
            "solve": selectors.waiting_solve(event),
            "fate": selectors.redeal_fate(event),
            "poll_url": reverse("life_event_solve", args=[household_id, event.pk]),
            "done_url": reverse("life_event", args=[household_id, event.pk]),
        }
        | _solve_context(),
        tab="grow",
    )


@require_GET
def life_event_solve(request: HttpRequest, household_id: int, event_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    event = life_event_for(member, event_id)
    return _solve_step(
        request,
        member,
        event,
        reverse("life_event_solve", args=[household_id, event.pk]),
        reverse("life_event", args=[household_id, event.pk]),
    )


@require_POST
def life_event_redeal(request: HttpRequest, household_id: int, event_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    event = life_event_for(member, event_id)
    attempt(
        request,
        lambda: services.life_event_redeal(member=member, event=event),
        success=_("The new deal is asked for again."),
    )
    return redirect("life_event", household_id, event.pk)


@require_http_methods(["GET", "POST"])
def life_event_end(request: HttpRequest, household_id: int, event_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    event = life_event_for(member, event_id)
    if request.method == "POST":
        attempt(
            request,
            lambda: services.life_event_end(member=member, event=event),
            success=lambda ended: (
                _(
                    "%(title)s has ended: the cards it added are gone, paused cards are back, "
                    "and a deal restoring who held what is proposed."
                )
                % {"title": in_language(ended.title_words)}
            ),
        )
        return redirect("life_event", household_id, event.pk)
    return household_page(
        request, member, "growth/life_event_end.html", {"event": event}, tab="grow"
    )
