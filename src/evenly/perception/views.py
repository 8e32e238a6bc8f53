"""The perception check: estimate first, then see the log. Thin views: rules live in services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from evenly.households.access import household_object, member_for
from evenly.households.models import Member
from evenly.pages import attempt, form_submit, household_page
from evenly.perception import selectors, services
from evenly.perception.forms import EstimateForm
from evenly.perception.models import Round


def _page(
    request: HttpRequest, member: Member, form: EstimateForm | None = None, *, status: int = 200
) -> HttpResponse:
    view = selectors.perception_page(household=member.household, member=member)
    context = {"view": view, "form": form or EstimateForm()}
    return household_page(
        request, member, "perception/perception.html", context, tab="balance", status=status
    )


@require_GET
def perception(request: HttpRequest, household_id: int) -> HttpResponse:
    return _page(request, member_for(request, household_id))


@require_POST
def start(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    new, created = services.round_start(member=member)
    if created:
        messages.success(
            request,
            gettext(
                "This month's check has started. Before you look at any figures: "
                "how much of the home do you think you carried since %(day)s?"
            )
            % {"day": date_format(new.period_start, gettext("j F"))},
        )
    else:
        messages.info(request, gettext("This month's check is already under way."))
    return redirect("perception", household_id)


@require_POST
def answer(request: HttpRequest, household_id: int, round_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    check = household_object(Round, member.household, round_id)
    problem = services.answer_problem(member=member, round=check)
    if problem:
        messages.error(request, problem)
        return redirect("perception", household_id)
    form = EstimateForm(request.POST)
    back = reverse("perception", args=[household_id])
    if done := form_submit(
        request,
        form,
        lambda data: services.estimate_submit(member=member, round=check, **data),
        success=lambda _: (
            gettext("Thank you. The results show once everyone answers.")
            if check.is_open
            else gettext("Thank you. Everyone has answered: here are the results.")
        ),
        then=back,
        refused=back,
    ):
        return done
    return _page(request, member, form, status=400)


@require_POST
def close(request: HttpRequest, household_id: int, round_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    check = household_object(Round, member.household, round_id)
    attempt(
        request,
        lambda: services.round_close(member=member, round=check),
        success=gettext("The check is closed: here are the results."),
    )
    return redirect("perception", household_id)
