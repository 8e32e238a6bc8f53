"""Reminder pages: a member's settings and devices, and the unsubscribe link of every email (no
sign-in: its signed token is the authority). The service worker that shows push notifications
is evenly.web's (/sw.js). Thin views: the rules live in services."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from evenly.accounts.services import may_email
from evenly.households.access import household_object, member_for
from evenly.households.models import Member
from evenly.pages import attempt, form_submit, household_page
from evenly.reminders import selectors, services
from evenly.reminders.forms import PreferenceForm, PushForm
from evenly.reminders.models import KIND_PHRASES, Kind, PushSubscription, zone_of


def _initial(member: Member) -> dict[str, object]:
    pref = services.preference_of(member)
    return {
        "digest": pref.digest,
        "digest_at": pref.digest_at,
        "time_zone": zone_of(member, pref).key,
        "checkin": pref.checkin,
        "nudges": pref.nudges,
        "quiet_start": pref.quiet_start,
        "quiet_end": pref.quiet_end,
        "per_day": pref.per_day,
        "by_email": pref.by_email,
        "by_push": pref.by_push,
    }


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = PreferenceForm(
        request.POST if request.method == "POST" else None, initial=_initial(member)
    )
    if done := form_submit(
        request,
        form,
        lambda data: services.preference_save(member=member, **data),
        success=_("Your reminder settings are saved."),
        then=reverse("reminders", args=[household_id]),
    ):
        return done
    context = {
        "form": form,
        "devices": list(member.push_subscriptions.all()),
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        "push_ready": bool(settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY),
        "may_email": bool(member.user and may_email(member.user)),
        "next_at": selectors.reminders_next_at(member=member, now=timezone.now()),
        "latest": selectors.reminders_latest(member=member),
        "zone": zone_of(member, services.preference_of(member)),
    }
    status = 400 if request.method == "POST" else 200
    return household_page(
        request, member, "reminders/preferences.html", context, tab="members", status=status
    )


@require_POST
def push_add(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = PushForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The browser did not give a push address Evenly can use."))
    else:
        attempt(
            request,
            lambda: services.push_subscribe(member=member, **form.cleaned_data),
            success=_("Reminders will come to this phone or browser too."),
        )
    return redirect("reminders", household_id)


@require_POST
def push_remove(request: HttpRequest, household_id: int, subscription_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    device = household_object(PushSubscription, member.household, subscription_id, member=member)
    services.push_unsubscribe(subscription=device)
    messages.success(request, _("Reminders no longer go to that phone or browser."))
    return redirect("reminders", household_id)


# The link in every reminder email: GET shows a button and never writes; POST (the button, or a
# mail client's one-click unsubscribe, RFC 8058, which carries no CSRF token) turns the kind
# off. The signed token is the authority, so this one view is exempt from CSRF.
@login_not_required
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_link(request: HttpRequest, token: str) -> HttpResponse:
    found = services.unsubscribe_read(token)
    if found is None:
        raise Http404(_("This link is not valid."))
    member, kind = found
    context = {"who": member, "kind_label": KIND_PHRASES[Kind(kind)], "done": False}
    if request.method == "POST":
        services.unsubscribe(member=member, kind=kind)
        context["done"] = True
    return render(request, "reminders/unsubscribe.html", context)
