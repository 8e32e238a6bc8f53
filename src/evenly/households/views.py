from __future__ import annotations

from datetime import date
from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from evenly.accounts.client_ip import client_ip
from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.accounts.ratelimit import rate_check, too_many
from evenly.households import services
from evenly.households.access import household_object, member_for
from evenly.households.forms import HouseholdCreateForm, HouseholdSettingsForm, JoinForm, MemberForm
from evenly.households.history import event_sentence
from evenly.households.models import HouseholdEvent, Invitation, Member
from evenly.households.qr import invitation_qr
from evenly.households.selectors import (
    household_events,
    invitations_open,
    members_of,
    waiting_places,
)
from evenly.pages import form_submit, household_page
from evenly.pages.needs import Need, needs_for


@require_http_methods(["GET", "POST"])
def household_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = HouseholdCreateForm(request.POST or None)
    if done := form_submit(
        request,
        form,
        lambda data: services.household_create(user=request.user, **data),
        success=lambda household: f"{household.name} is ready. Next: choose your cards.",
        then=lambda household: reverse("catalog", args=[household.pk]),
    ):
        return done
    status = 400 if form.errors else 200
    return render(request, "households/create.html", {"form": form}, status=status)


def _members_page(request: HttpRequest, member: Member, **forms: BaseForm) -> HttpResponse:
    household = member.household
    new_link = request.session.pop(f"invite-link-{household.pk}", None)
    context = {
        "members": members_of(household=household),
        "invitations": invitations_open(household=household),
        "member_form": forms.get("member_form") or MemberForm(instance=member, prefix="me"),
        "settings_form": forms.get("settings_form")
        or HouseholdSettingsForm(instance=household, prefix="home"),
        "new_link": new_link,
        "new_link_qr": invitation_qr(new_link) if new_link else "",
    }
    status = 400 if forms else 200
    return household_page(
        request, member, "households/members.html", context, tab="members", status=status
    )


@require_http_methods(["GET"])
def members(request: HttpRequest, household_id: int) -> HttpResponse:
    return _members_page(request, member_for(request, household_id))


@require_POST
def member_update(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    original = member.display_name
    form = MemberForm(request.POST, instance=member, prefix="me")
    if done := form_submit(
        request,
        form,
        lambda data: services.member_update(member=member, **data),
        success="Your details are saved.",
        then=reverse("members", args=[household_id]),
    ):
        return done
    member.display_name = original  # the form changed the instance in memory
    return _members_page(request, member, member_form=form)


@require_POST
def household_update(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    form = HouseholdSettingsForm(request.POST, instance=household, prefix="home")
    if done := form_submit(
        request,
        form,
        lambda data: services.household_update(household=household, actor=member, **data),
        success="Household settings are saved.",
        then=reverse("members", args=[household_id]),
    ):
        return done
    household.refresh_from_db()
    return _members_page(request, member, settings_form=form)


@require_POST
def invitation_create(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    try:
        new = services.invitation_create(household=member.household, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        link = request.build_absolute_uri(f"/join/{new.token}/")
        # Shown once on the next page: only a hash of the token is stored.
        request.session[f"invite-link-{household_id}"] = link
    return redirect("members", household_id)


@require_POST
def invitation_revoke(request: HttpRequest, household_id: int, invitation_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    invitation = household_object(Invitation, member.household, invitation_id)
    services.invitation_revoke(invitation=invitation, actor=member)
    messages.success(request, _("The invitation link no longer works."))
    return redirect("members", household_id)


@login_not_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """What an invited person opens: who invites them to which household, what Evenly will ask
    of them and what stays private. Signed out, it offers sign-up and sign-in, which come back
    here; signed in, it asks their name in the household and joins."""
    invitation = services.invitation_by_token(token=token)
    if invitation is None:
        return render(request, "households/join_invalid.html", {"reason": "not valid"}, status=404)
    if invitation.status != "open":
        context = {"reason": invitation.status, "invitation": invitation}
        return render(request, "households/join_invalid.html", context, status=410)
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(f"{reverse('signup')}?{urlencode({'next': request.path})}")
        return render(request, "households/join.html", {"invitation": invitation})
    user = cast(AuthenticatedHttpRequest, request).user
    form = JoinForm(request.POST or None)
    if request.method == "POST":
        blocked = rate_check(
            hits=[("join_per_ip", client_ip(request)), ("join_per_user", str(user.pk))]
        )
        if blocked is not None:
            return too_many(request, blocked)
    if done := form_submit(
        request,
        form,
        lambda data: services.invitation_accept(
            token=token, user=user, display_name=data["display_name"]
        ),
        success=lambda member: f"Welcome to {member.household.name}. Next: rate the cards.",
        then=lambda member: reverse("rate", args=[member.household_id]),
    ):
        return done
    return render(
        request,
        "households/join.html",
        {
            "form": form,
            "invitation": invitation,
            "places": waiting_places(household=invitation.household),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    if request.method == "POST":
        name = member.household.name
        services.member_leave(member=member)
        messages.success(request, _("You have left %(name)s.") % {"name": name})
        return redirect("home")
    return household_page(request, member, "households/leave.html", tab="members")


@require_http_methods(["GET"])
def history(request: HttpRequest, household_id: int) -> HttpResponse:
    """Household → History: who changed the shared record and when, newest first, by day."""
    member = member_for(request, household_id)
    household = member.household
    kind = request.GET.get("kind", "")
    if kind not in HouseholdEvent.Kind.values:
        kind = ""
    page = household_events(household=household, kind=kind, page=request.GET.get("page", 1))
    days: list[tuple[date, list[tuple[HouseholdEvent, str]]]] = []
    for event in page:
        day = timezone.localtime(event.at, household.zone).date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append((event, event_sentence(event)))
    context = {
        "page": page,
        "days": days,
        "kind": kind,
        "kinds": HouseholdEvent.Kind.choices,
    }
    return household_page(request, member, "households/history.html", context, tab="members")


# What each kind of need is called on the Needs-you page, beside its line.
NEED_KINDS = {
    "card": gettext_lazy("Card"),
    "cover": gettext_lazy("Cover"),
    "ratings": gettext_lazy("Rate"),
    "deal": gettext_lazy("Deal"),
    "checkin": gettext_lazy("Check-in"),
    "perception": gettext_lazy("Perception check"),
    "felt": gettext_lazy("How it feels"),
    "redeal": gettext_lazy("Balance"),
    "invitation": gettext_lazy("Invitation"),
    "invite": gettext_lazy("Household"),
}


@require_http_methods(["GET"])
def needs(request: AuthenticatedHttpRequest, household_id: int) -> HttpResponse:
    """What waits on this member today, in three plain groups, each line a link to where it
    is done. Only reads: every app says what of its own waits (``evenly.pages.needs``)."""
    member = member_for(request, household_id)
    today = member.household.today()
    # GET only (the view takes nothing else): what follows the household's revision is kept.
    found = needs_for(member, today=today, kept=True)
    groups: list[tuple[str, str, list[tuple[Need, str]]]] = [
        ("overdue", _("Overdue"), []),
        ("today", _("Today"), []),
        ("later", _("When you can"), []),
    ]
    for need in found:
        group = 0 if need.overdue else 1 if need.on == today else 2
        groups[group][2].append((need, str(NEED_KINDS.get(need.kind, ""))))
    context = {
        "groups": [g for g in groups if g[2]],
        "needs_count": len(found),
        "today": today,
    }
    # htmx asks for this page only to redraw the tab's count on another page (base.html): the
    # tab it takes must not say that page is this one.
    tab = "" if request.htmx else "needs"
    return household_page(request, member, "households/needs.html", context, tab=tab)
