"""How it feels: the monthly check and the months everyone answered. Thin views: rules live
in services, reads in selectors."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from evenly.felt import selectors, services
from evenly.felt.forms import FeltForm
from evenly.households.access import member_for
from evenly.households.models import Member
from evenly.pages import attempt, form_submit, household_page


def _page(
    request: HttpRequest, member: Member, form: FeltForm | None = None, *, status: int = 200
) -> HttpResponse:
    view = selectors.felt_page(household=member.household, member=member)
    if form is None:
        # Changing this month's answer starts from the one given.
        initial = {n: getattr(view.mine, n) for n in selectors.FIELDS} if view.mine else None
        form = FeltForm(initial=initial)
    context = {"view": view, "form": form}
    return household_page(request, member, "felt/felt.html", context, tab="balance", status=status)


@require_GET
def felt(request: HttpRequest, household_id: int) -> HttpResponse:
    return _page(request, member_for(request, household_id))


@require_POST
def turn_on(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    attempt(
        request,
        lambda: services.felt_turn_on(member=member),
        success=gettext("The monthly check is on for your household."),
    )
    return redirect("felt", household_id)


@require_POST
def turn_off(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    attempt(
        request,
        lambda: services.felt_turn_off(member=member),
        success=gettext("The monthly check is off. The answers given so far stay."),
    )
    return redirect("felt", household_id)


@require_POST
def answer(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = FeltForm(request.POST)
    back = reverse("felt", args=[household_id])
    if done := form_submit(
        request,
        form,
        lambda _data: services.felt_answer(member=member, answer=form.answer()),
        success=lambda result: (
            gettext("Thank you. Everyone has answered: this month's answers are open below.")
            if result[1]
            else gettext(
                "Thank you. Your answers stay private until everyone has answered; "
                "until then you can change them."
            )
        ),
        then=back,
        refused=back,
    ):
        return done
    messages.error(request, gettext("Please answer every question."))
    return _page(request, member, form, status=400)
