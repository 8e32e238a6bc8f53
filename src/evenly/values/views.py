"""Values, the mission statement, shared goals and outside pressure. Thin views: access helpers
fetch, services decide, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from evenly.core.values import VALUES
from evenly.households.access import member_for
from evenly.households.models import Member
from evenly.pages import attempt, form_submit, household_page
from evenly.values import selectors, services
from evenly.values.access import goal_for, milestone_for, pressure_for, version_for
from evenly.values.forms import (
    GoalForm,
    MilestoneForm,
    MissionForm,
    PressureForm,
    ReplyForm,
    StanceForm,
    ValuesForm,
)
from evenly.values.models import Goal, OutsidePressure, PressureAgreement

TAB = "grow"


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _current(member: Member) -> list[Member]:
    return list(member.household.members.filter(left_at__isnull=True))


def _data(request: HttpRequest) -> Any:
    """The posted data to bind a form to, or None on a GET (an empty POST is still a POST)."""
    return request.POST if request.method == "POST" else None


def _posted(request: HttpRequest, name: str) -> bool:
    """A yes/no button: ``name=0`` means no, anything else (or nothing) yes."""
    return request.POST.get(name, "1") != "0"


# --- values ---------------------------------------------------------------------------------


def _values_form(view: selectors.ValuesView) -> ValuesForm:
    mine = view.mine
    if mine is None:
        return ValuesForm()
    return ValuesForm(
        initial={
            "picks": [v.key for v in mine.listed],
            "own_words": ", ".join(mine.own),
            "stand_for": mine.stand_for,
        }
    )


@require_http_methods(["GET", "POST"])
def values(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = ValuesForm(request.POST) if request.method == "POST" else None
    if form is not None and (
        done := form_submit(
            request,
            form,
            lambda data: services.values_save(
                member=member,
                keys=data["picks"],
                own_words=data["own_words"],
                stand_for=data["stand_for"],
            ),
            success=lambda card: (
                _("Saved. The others see your values once everyone has shared theirs.")
                if card.is_shared
                else _("Saved, for your eyes only. Share them when you are ready.")
            ),
            then=reverse("values", args=[household_id]),
        )
    ):
        return done
    view = selectors.values_view(member=member)
    context = {
        "view": view,
        "form": form or _values_form(view),
        "values_list": VALUES,
    }
    return household_page(
        request,
        member,
        "values/values.html",
        context,
        tab=TAB,
        status=400 if form is not None else 200,
    )


@require_POST
def values_share(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    attempt(
        request,
        lambda: services.values_share(member=member),
        success=lambda _x: (
            _("Shared. Everyone has shared now: here is where you meet.")
            if services.everyone_shared_values(household=member.household)
            else _("Shared. The others see your values once everyone has shared theirs.")
        ),
    )
    return redirect("values", household_id)


# --- the mission statement ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def mission(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = MissionForm(request.POST) if request.method == "POST" else None
    if form is not None and (
        done := form_submit(
            request,
            form,
            lambda data: services.mission_save(member=member, **data),
            success=lambda version: (
                _(
                    "Saved as version %(n)s. It becomes your statement once everyone "
                    "agrees with it, you too."
                )
                % {"n": version.number}
            ),
            then=reverse("mission", args=[household_id]),
        )
    ):
        return done
    view = selectors.mission_view(member=member)
    if form is None:
        form = MissionForm(initial={"text": view.current.version.text if view.current else ""})
    return household_page(
        request,
        member,
        "values/mission.html",
        {"view": view, "form": form},
        tab=TAB,
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def mission_version(request: HttpRequest, household_id: int, version_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    version = version_for(member, version_id)
    view = selectors.mission_compare(version=version)
    return household_page(request, member, "values/mission_version.html", {"view": view}, tab=TAB)


@require_POST
def mission_agree(request: HttpRequest, household_id: int, version_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    version = version_for(member, version_id)

    def agreed(_x: object) -> str:
        view = selectors.mission_view(member=member)
        if view.agreed is not None and view.agreed.version.pk == version.pk:
            return _("Everyone agrees: version %(n)s is your mission statement.") % {
                "n": version.number
            }
        return _("Agreed. It is your statement once everyone agrees.")

    attempt(request, lambda: services.mission_agree(member=member, version=version), success=agreed)
    return redirect("mission", household_id)


# --- shared goals ---------------------------------------------------------------------------


def _goal_fields(form: GoalForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "why": data["why"],
        "target_on": data["target_on"],
        "owners": list(data["owners"]),
    }


@require_http_methods(["GET", "POST"])
def goals(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    current = _current(member)
    form = GoalForm(_data(request), members=current, initial={"owners": current})
    if done := form_submit(
        request,
        form,
        lambda _x: services.goal_save(member=member, goal=None, **_goal_fields(form)),
        success=lambda goal: (
            _("Added: “%(title)s”. Add its first milestones here.") % {"title": goal.title}
        ),
        then=lambda goal: reverse("goal", args=[household_id, goal.pk]),
    ):
        return done
    view = selectors.goals_view(household=member.household)
    return household_page(
        request,
        member,
        "values/goals.html",
        {"view": view, "form": form},
        tab=TAB,
        status=400 if request.method == "POST" else 200,
    )


def _goal_page(
    request: HttpRequest,
    member: Member,
    goal: Goal,
    form: MilestoneForm | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    view = selectors.goal_view(goal=goal)
    if form is None:
        form = MilestoneForm(members=_current(member), initial={"owner": member.pk})
    return household_page(
        request, member, "values/goal.html", {"view": view, "form": form}, tab=TAB, status=status
    )


@require_GET
def goal(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    return _goal_page(request, member, goal_for(member, goal_id))


@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    goal = goal_for(member, goal_id)
    initial = {
        "title": goal.title,
        "why": goal.why,
        "target_on": goal.target_on,
        "owners": list(goal.owners.all()),
    }
    form = GoalForm(_data(request), members=_current(member), initial=initial)
    if done := form_submit(
        request,
        form,
        lambda _x: services.goal_save(member=member, goal=goal, **_goal_fields(form)),
        success=_("Saved."),
        then=reverse("goal", args=[household_id, goal.pk]),
    ):
        return done
    return household_page(
        request,
        member,
        "values/goal_edit.html",
        {"goal": goal, "form": form},
        tab=TAB,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def goal_reached(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    goal = goal_for(member, goal_id)
    reached = _posted(request, "reached")
    try:
        services.goal_reached(member=member, goal=goal, reached=reached)
    except ValidationError as error:
        _error(request, error)
    else:
        if reached:
            messages.success(
                request,
                _(
                    "You did it, together: “%(title)s” is reached. Take a moment to enjoy it, "
                    "and to thank each other for your part."
                )
                % {"title": goal.title},
            )
        else:
            messages.info(
                request,
                _("“%(title)s” is back among the goals you are working on.")
                % {"title": goal.title},
            )
    return redirect("goal", household_id, goal.pk)


@require_POST
def goal_archive(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    goal = goal_for(member, goal_id)
    archived = _posted(request, "archived")
    services.goal_archive(member=member, goal=goal, archived=archived)
    if archived:
        messages.success(
            request,
            _("Archived: “%(title)s”. You can bring it back any time.") % {"title": goal.title},
        )
        return redirect("goals", household_id)
    messages.success(request, _("Back: “%(title)s”.") % {"title": goal.title})
    return redirect("goal", household_id, goal.pk)


@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    goal = goal_for(member, goal_id)
    if request.method == "POST":
        services.goal_delete(member=member, goal=goal)
        messages.success(
            request, _("Deleted: “%(title)s” and its milestones.") % {"title": goal.title}
        )
        return redirect("goals", household_id)
    n = goal.milestones.count()
    return household_page(
        request, member, "values/goal_delete.html", {"goal": goal, "milestones": n}, tab=TAB
    )


@require_POST
def goal_milestone_add(request: HttpRequest, household_id: int, goal_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    goal = goal_for(member, goal_id)
    form = MilestoneForm(request.POST, members=_current(member))
    back = reverse("goal", args=[household_id, goal.pk])
    if done := form_submit(
        request,
        form,
        lambda data: services.milestone_save(member=member, goal=goal, milestone=None, **data),
        success=_("Milestone added."),
        then=back,
        refused=back,
    ):
        return done
    return _goal_page(request, member, goal, form, status=400)


@require_http_methods(["GET", "POST"])
def goal_milestone_edit(request: HttpRequest, household_id: int, milestone_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    milestone = milestone_for(member, milestone_id)
    initial = {"title": milestone.title, "owner": milestone.owner_id, "due_on": milestone.due_on}
    form = MilestoneForm(_data(request), members=_current(member), initial=initial)
    if done := form_submit(
        request,
        form,
        lambda data: services.milestone_save(
            member=member, goal=milestone.goal, milestone=milestone, **data
        ),
        success=_("Saved."),
        then=reverse("goal", args=[household_id, milestone.goal_id]),
    ):
        return done
    return household_page(
        request,
        member,
        "values/milestone_edit.html",
        {"milestone": milestone, "goal": milestone.goal, "form": form},
        tab=TAB,
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def goal_milestone_done(request: HttpRequest, household_id: int, milestone_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    milestone = milestone_for(member, milestone_id)
    done = _posted(request, "done")
    attempt(
        request,
        lambda: services.milestone_done(member=member, milestone=milestone, done=done),
        success=_("“%(title)s”: done. Well done!") % {"title": milestone.title}
        if done
        else _("“%(title)s”: not done after all.") % {"title": milestone.title},
    )
    return redirect("goal", household_id, milestone.goal_id)


@require_http_methods(["GET", "POST"])
def goal_milestone_delete(
    request: HttpRequest, household_id: int, milestone_id: int
) -> HttpResponse:
    member = member_for(request, household_id)
    milestone = milestone_for(member, milestone_id)
    if request.method == "POST":
        attempt(
            request,
            lambda: services.milestone_delete(member=member, milestone=milestone),
            success=_("Removed: “%(title)s”.") % {"title": milestone.title},
        )
        return redirect("goal", household_id, milestone.goal_id)
    return household_page(
        request,
        member,
        "values/milestone_delete.html",
        {"milestone": milestone, "goal": milestone.goal},
        tab=TAB,
    )


# --- outside pressure -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pressures(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = PressureForm(_data(request))
    if done := form_submit(
        request,
        form,
        lambda data: services.pressure_save(member=member, pressure=None, **data),
        success=_("Noted, for your eyes only. Share it when you are ready."),
        then=lambda pressure: reverse("pressure", args=[household_id, pressure.pk]),
    ):
        return done
    view = selectors.pressures_view(member=member)
    return household_page(
        request,
        member,
        "values/pressures.html",
        {"view": view, "form": form},
        tab=TAB,
        status=400 if request.method == "POST" else 200,
    )


def _pressure_page(
    request: HttpRequest,
    member: Member,
    pressure: OutsidePressure,
    bound: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    view = selectors.pressure_view(member=member, pressure=pressure)
    p = view.pressure
    forms: dict[str, Any] = {
        "stance": StanceForm(initial={"text": p.stance}),
        "reply": ReplyForm(initial={"text": p.reply}),
    }
    forms.update(bound or {})
    return household_page(
        request,
        member,
        "values/pressure.html",
        {"view": view, "forms": forms},
        tab=TAB,
        status=status,
    )


@require_GET
def pressure(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    return _pressure_page(request, member, pressure_for(member, pressure_id))


@require_http_methods(["GET", "POST"])
def pressure_edit(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    pressure = pressure_for(member, pressure_id, own=True)
    initial = {f: getattr(pressure, f) for f in ("source", "who", "expectation", "feeling")}
    form = PressureForm(_data(request), initial=initial)
    if done := form_submit(
        request,
        form,
        lambda data: services.pressure_save(member=member, pressure=pressure, **data),
        success=_("Saved."),
        then=reverse("pressure", args=[household_id, pressure.pk]),
    ):
        return done
    return household_page(
        request,
        member,
        "values/pressure_edit.html",
        {"pressure": pressure, "form": form},
        tab=TAB,
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def pressure_delete(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    pressure = pressure_for(member, pressure_id, own=True)
    if request.method == "POST":
        services.pressure_delete(member=member, pressure=pressure)
        messages.success(request, _("Removed."))
        return redirect("pressures", household_id)
    return household_page(
        request, member, "values/pressure_delete.html", {"pressure": pressure}, tab=TAB
    )


@require_POST
def pressure_share(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    pressure = pressure_for(member, pressure_id, own=True)
    services.pressure_share(member=member, pressure=pressure)
    messages.success(
        request, _("Shared. Now you can find a stance and a reply you are all happy with.")
    )
    return redirect("pressure", household_id, pressure.pk)


def _write(request: HttpRequest, household_id: int, pressure_id: int, part: str) -> HttpResponse:
    member = member_for(request, household_id)
    pressure = pressure_for(member, pressure_id)
    form_class = StanceForm if part == PressureAgreement.Part.STANCE else ReplyForm
    form = form_class(request.POST)
    back = reverse("pressure", args=[household_id, pressure.pk])
    if done := form_submit(
        request,
        form,
        lambda data: services.pressure_write(member=member, pressure=pressure, part=part, **data),
        success=_("Saved. It is agreed once everyone presses “I agree”, you too."),
        then=f"{back}#{part}",
        refused=back,
    ):
        return done
    return _pressure_page(request, member, pressure, {part: form}, status=400)


@require_POST
def pressure_stance(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    return _write(request, household_id, pressure_id, PressureAgreement.Part.STANCE)


@require_POST
def pressure_reply(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    return _write(request, household_id, pressure_id, PressureAgreement.Part.REPLY)


@require_POST
def pressure_agree(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    pressure = pressure_for(member, pressure_id)
    part = request.POST.get("part", "")

    def agreed(_x: object) -> str:
        view = selectors.pressure_view(member=member, pressure=pressure)
        agreement = view.stance if part == PressureAgreement.Part.STANCE else view.reply
        stance = part == PressureAgreement.Part.STANCE
        if agreement.everyone:
            if stance:
                return _("Everyone agrees with the stance now.")
            return _("Everyone agrees with the reply now.")
        if stance:
            return _("Agreed. The stance is agreed once everyone agrees.")
        return _("Agreed. The reply is agreed once everyone agrees.")

    attempt(
        request,
        lambda: services.pressure_agree(member=member, pressure=pressure, part=part),
        success=agreed,
    )
    return redirect("pressure", household_id, pressure.pk)


@require_POST
def pressure_checkin(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    pressure = pressure_for(member, pressure_id)
    bring = _posted(request, "bring")
    attempt(
        request,
        lambda: services.pressure_for_checkin(member=member, pressure=pressure, bring=bring),
        success=_("It is on the list for your next check-in.")
        if bring
        else _("Taken off the list for your next check-in."),
    )
    return redirect("pressure", household_id, pressure.pk)


@require_POST
def pressure_resolve(request: HttpRequest, household_id: int, pressure_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    pressure = pressure_for(member, pressure_id)
    resolved = _posted(request, "resolved")
    attempt(
        request,
        lambda: services.pressure_resolve(member=member, pressure=pressure, resolved=resolved),
        success=_("Resolved. Well handled, together.") if resolved else _("Open again."),
    )
    return redirect("pressure", household_id, pressure.pk)
