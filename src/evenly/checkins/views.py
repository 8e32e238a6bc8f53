"""The weekly check-in's pages. Thin: access helpers fetch, services decide, selectors read."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_stubs_ext import StrOrPromise

from evenly.checkins import selectors, services
from evenly.checkins.access import action_for, change_for, checkin_for, item_for, paraphrase_for
from evenly.checkins.forms import (
    ActionForm,
    AnswerForm,
    DealChangeForm,
    ItemForm,
    ParaphraseForm,
    PlanForm,
    ResponseForm,
)
from evenly.checkins.lens import lens_answer
from evenly.checkins.models import Checkin, Item
from evenly.households.access import member_for
from evenly.households.models import Member
from evenly.pages import attempt, form_submit, household_page
from evenly.pages.kept import keep_part, kept_part, revision_key

KIND_NAMES: dict[str, StrOrPromise] = dict(Item.Kind.choices)
# The kinds mid-sentence ("Saved: how I am feeling"): lowercased by hand, to keep the "I".
KIND_PHRASES: dict[str, StrOrPromise] = {
    Item.Kind.APPRECIATION: gettext_lazy("an appreciation"),
    Item.Kind.WENT_WELL: gettext_lazy("what went well"),
    Item.Kind.FEELING: gettext_lazy("how I am feeling"),
    Item.Kind.CONCERN: gettext_lazy("your concern"),
}
SECTION_TITLES: dict[str, StrOrPromise] = {
    Item.Kind.APPRECIATION: gettext_lazy("Appreciations"),
    Item.Kind.WENT_WELL: gettext_lazy("What went well"),
    Item.Kind.FEELING: gettext_lazy("How I am feeling"),
    Item.Kind.CONCERN: gettext_lazy("One concern"),
}


def checkin_url(household_id: int, checkin: Checkin) -> str:
    return reverse("checkin_together", args=[household_id, checkin.pk])


def _error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- the check-in's home: schedule, the current one, open actions --------------------------


def _talk(
    request: HttpRequest, member: Member, plan_form: PlanForm | None = None, status: int = 200
) -> HttpResponse:
    current = services.checkin_current(household=member.household)
    view = selectors.talk_page(member=member, current=current)
    if plan_form is None:
        initial = {"weekday": view.plan.weekday, "at": view.plan.at} if view.plan else {}
        plan_form = PlanForm(initial=initial)
    context = {
        "view": view,
        "plan_form": plan_form,
        "opens": selectors.opens_in_words(current) if current else "",
    }
    return household_page(request, member, "checkins/talk.html", context, tab="talk", status=status)


@require_GET
def talk(request: HttpRequest, household_id: int) -> HttpResponse:
    return _talk(request, member_for(request, household_id))


@require_POST
def plan(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = PlanForm(request.POST)
    if done := form_submit(
        request,
        form,
        lambda data: services.checkin_plan_set(household=member.household, **data),
        success=gettext("Saved: that is when your check-in opens each week."),
        then=reverse("talk", args=[household_id]),
    ):
        return done
    return _talk(request, member, form, status=400)


@require_POST
def start(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    try:
        checkin = services.checkin_start(member=member)
    except ValidationError as error:
        _error(request, error)
        return redirect("talk", household_id)
    return redirect("checkin_together", household_id, checkin.pk)


@require_POST
def coach(request: HttpRequest, household_id: int) -> HttpResponse:
    """The coach's marks for one field, as the person types (an htmx fragment)."""
    member_for(request, household_id)
    field = request.POST.get("field", "")
    text = request.POST.get(field, "")[:5000]
    return render(request, "checkins/coach_fragment.html", {"text": text, "field": field})


@require_GET
def history(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    # The record, the actions and the past check-ins, rendered, kept per household revision
    # (holding, closing and every action's change move it), reader, day and language.
    key = revision_key(
        "checkin-history", household, member.pk, household.today().isoformat(), get_language()
    )
    part = kept_part(request, key)
    if part is None:
        view = selectors.history_page(member=member)
        with timezone.override(household.zone):
            part = keep_part(
                request,
                key,
                "checkins/_history_body.html",
                {"household": household, "view": view},
            )
    context = {"history_part": part}
    return household_page(request, member, "checkins/history.html", context, tab="talk")


# --- preparation ---------------------------------------------------------------------------


def _others(member: Member) -> list[Member]:
    return list(member.household.members.filter(left_at__isnull=True).exclude(pk=member.pk))


def _item_form(
    member: Member,
    kind: str,
    data: Any = None,
    initial: Any = None,
    others: list[Member] | None = None,
) -> ItemForm:
    return ItemForm(
        data,
        initial=initial,
        kind=kind,
        household_id=member.household_id,
        others=_others(member) if others is None else others,
    )


def _item_fields(form: ItemForm) -> dict[str, Any]:
    return {k: v for k, v in form.cleaned_data.items() if v is not None or k == "about"}


def _prepare(
    request: HttpRequest,
    member: Member,
    checkin: Checkin,
    bound: ItemForm | None = None,
    status: int = 200,
) -> HttpResponse:
    items = selectors.prepare_items(member=member, checkin=checkin)
    household = member.household
    others: dict[str, list[Member]] = {}  # read once for the four forms, if one is drawn

    def blank(kind: str) -> SafeString:
        # An empty form's fields are the same on every page of the reader: kept per household
        # revision (the others' names and ids in it move it), reader, kind and language.
        key = revision_key("checkin-fields", household, member.pk, kind, get_language())
        part = kept_part(request, key)
        if part is None:
            if not others:
                others["members"] = _others(member)
            form = _item_form(member, kind, others=others["members"])
            part = keep_part(request, key, "checkins/_fields.html", {"form": form})
        return part

    sections = [
        {
            "kind": kind,
            "title": SECTION_TITLES[kind],
            "items": items[kind],
            **(
                {"form": bound, "fields": None}
                if bound is not None and bound.kind == kind
                else {"form": None, "fields": blank(kind)}
            ),
        }
        for kind in KIND_NAMES
    ]
    context = {
        "checkin": checkin,
        "opens": selectors.opens_in_words(checkin),
        "is_open": checkin.is_open(),
        "ready": selectors.readiness(member=member, checkin=checkin),
        "sections": sections,
    }
    return household_page(
        request, member, "checkins/prepare.html", context, tab="talk", status=status
    )


@require_http_methods(["GET", "POST"])
def prepare(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    checkin = checkin_for(member, checkin_id)
    if request.method == "GET":
        return _prepare(request, member, checkin)
    kind = request.POST.get("kind", "")
    if kind not in KIND_NAMES:
        messages.error(
            request, gettext("That form was not one of the check-in's. Please try again.")
        )
        return redirect("checkin_prepare", household_id, checkin.pk)
    form = _item_form(member, kind, request.POST)
    if done := form_submit(
        request,
        form,
        lambda _: services.item_add(
            member=member, checkin=checkin, kind=kind, **_item_fields(form)
        ),
        success=gettext("Saved, for your eyes only: %(what)s.") % {"what": KIND_PHRASES[kind]},
        then=lambda item: f"{request.path}#{item.kind}",
    ):
        return done
    return _prepare(request, member, checkin, form, status=400)


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = item_for(member, item_id, own=True)
    initial = {
        f: getattr(item, f) for f in ("text", "about", "feeling", "intensity", "when", "need")
    } | {"request": item.request}
    form = _item_form(
        member, item.kind, request.POST if request.method == "POST" else None, initial
    )
    if done := form_submit(
        request,
        form,
        lambda _: services.item_update(member=member, item=item, **_item_fields(form)),
        success="Saved.",
        then=reverse("checkin_prepare", args=[household_id, item.checkin_id]),
    ):
        return done
    return household_page(
        request,
        member,
        "checkins/item_edit.html",
        {"item": item, "form": form, "kind_name": KIND_PHRASES[item.kind]},
        tab="talk",
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def item_delete(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = item_for(member, item_id, own=True)
    if request.method == "POST":
        attempt(
            request,
            lambda: services.item_delete(member=member, item=item),
            success=gettext("Removed: %(what)s.") % {"what": KIND_PHRASES[item.kind]},
        )
        return redirect("checkin_prepare", household_id, item.checkin_id)
    return household_page(
        request,
        member,
        "checkins/item_delete.html",
        {"item": item, "kind_name": KIND_PHRASES[item.kind]},
        tab="talk",
    )


def _back(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    """Back to where the button was: the preparation or the meeting."""
    if request.POST.get("next") == "together":
        return redirect("checkin_together", household_id, checkin_id)
    return redirect("checkin_prepare", household_id, checkin_id)


@require_POST
def item_share(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = item_for(member, item_id, own=True)
    attempt(
        request,
        lambda: services.item_share(member=member, item=item),
        success=gettext("Shared: the others can read it now."),
    )
    return _back(request, household_id, item.checkin_id)


@require_POST
def item_lens(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    """ "Does this echo an old script?" for the author's own item: worked out when they ask,
    shown to them alone, never stored (so a POST that writes nothing)."""
    member = member_for(request, household_id)
    item = item_for(member, item_id, own=True)
    context = {"item": item, "answer": lens_answer(item=item, household=member.household)}
    if request.headers.get("HX-Request") == "true":  # the button's htmx: the answer alone
        return render(request, "checkins/_lens.html", context)
    return household_page(request, member, "checkins/lens.html", context, tab="talk")


@require_POST
def item_unshare(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = item_for(member, item_id, own=True)
    attempt(
        request,
        lambda: services.item_unshare(member=member, item=item),
        success=gettext("Private again. Anyone who already read it may remember it."),
    )
    return _back(request, household_id, item.checkin_id)


@require_POST
def share_kind(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    checkin = checkin_for(member, checkin_id)
    kind = request.POST.get("kind", "")
    attempt(
        request,
        lambda: services.items_share_kind(member=member, checkin=checkin, kind=kind),
        success=lambda n: (
            ngettext("Shared %(n)s of yours.", "Shared %(n)s of yours.", n) % {"n": n}
            if n
            else gettext("Nothing left to share there.")
        ),
    )
    return _back(request, household_id, checkin.pk)


# --- together ------------------------------------------------------------------------------


def _together(
    request: HttpRequest,
    member: Member,
    checkin: Checkin,
    bound: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    view = selectors.together_page(member=member, checkin=checkin)
    concerns = [c.item for c in view.concerns]
    hid = member.household_id
    forms: dict[str, Any] = {
        "paraphrase": ParaphraseForm(household_id=hid),
        "answer": AnswerForm(household_id=hid),
        "response": ResponseForm(household_id=hid),
        "action": ActionForm(
            prefix="action",
            initial={"owner": member.pk, "due_on": checkin.household.today()},
            members=view.members,
            concerns=concerns,
        ),
        "change": DealChangeForm(
            prefix="change",
            initial={"kind": "owner"},
            household_id=hid,
            members=view.members,
            concerns=concerns,
        ),
    }
    forms.update(bound or {})
    context = {"view": view, "forms": forms, "opens": selectors.opens_in_words(checkin)}
    return household_page(
        request, member, "checkins/together.html", context, tab="talk", status=status
    )


@require_GET
def together(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    return _together(request, member, checkin_for(member, checkin_id))


def _concern(member: Member, item_id: int) -> Item:
    item = item_for(member, item_id)
    if item.kind != Item.Kind.CONCERN:
        raise Http404
    return item


@require_POST
def paraphrase(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    concern = _concern(member, item_id)
    form = ParaphraseForm(request.POST, household_id=household_id)
    if done := form_submit(
        request,
        form,
        lambda data: services.paraphrase_add(member=member, concern=concern, **data),
        success=gettext("Sent. Your partner will say whether that is it."),
        then=reverse("checkin_together", args=[household_id, concern.checkin_id]),
        flash_refusal=True,
    ):
        return done
    return _together(request, member, concern.checkin, {"paraphrase": form}, status=400)


@require_POST
def answer(request: HttpRequest, household_id: int, paraphrase_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    said = paraphrase_for(member, paraphrase_id)
    form = AnswerForm(request.POST, household_id=household_id)
    if done := form_submit(
        request,
        form,
        lambda data: services.paraphrase_answer(member=member, paraphrase=said, **data),
        success="",
        then=reverse("checkin_together", args=[household_id, said.concern.checkin_id]),
        flash_refusal=True,
    ):
        return done
    return _together(request, member, said.concern.checkin, {"answer": form}, status=400)


@require_POST
def respond(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    concern = _concern(member, item_id)
    form = ResponseForm(request.POST, household_id=household_id)
    if done := form_submit(
        request,
        form,
        lambda data: services.response_add(member=member, concern=concern, **data),
        success="",
        then=reverse("checkin_together", args=[household_id, concern.checkin_id]),
        flash_refusal=True,
    ):
        return done
    return _together(request, member, concern.checkin, {"response": form}, status=400)


@require_POST
def action_add(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    checkin = checkin_for(member, checkin_id)
    view = selectors.together_page(member=member, checkin=checkin)
    form = ActionForm(
        request.POST,
        prefix="action",
        members=view.members,
        concerns=[c.item for c in view.concerns],
    )
    if done := form_submit(
        request,
        form,
        lambda data: services.action_add(member=member, checkin=checkin, **data),
        success="Agreed.",
        then=f"{checkin_url(household_id, checkin)}#actions",
        flash_refusal=True,
    ):
        return done
    return _together(request, member, checkin, {"action": form}, status=400)


@require_POST
def action_done(request: HttpRequest, household_id: int, action_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    action = action_for(member, action_id)
    done = request.POST.get("done", "1") != "0"
    services.action_done(member=member, action=action, done=done)
    messages.success(request, f"“{action.text}”: {'done' if done else 'not done after all'}.")
    back = request.POST.get("next", "")
    if back == "history":
        return redirect("checkin_history", household_id)
    if back == "together":
        return redirect("checkin_together", household_id, action.checkin_id)
    return redirect("talk", household_id)


@require_POST
def change_add(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    checkin = checkin_for(member, checkin_id)
    view = selectors.together_page(member=member, checkin=checkin)
    form = DealChangeForm(
        request.POST,
        prefix="change",
        household_id=household_id,
        members=view.members,
        concerns=[c.item for c in view.concerns],
    )
    if done := form_submit(
        request,
        form,
        lambda data: services.deal_change_propose(member=member, checkin=checkin, **data),
        success=gettext("Proposed. It is made once everyone agrees."),
        then=f"{checkin_url(household_id, checkin)}#changes",
        flash_refusal=True,
    ):
        return done
    return _together(request, member, checkin, {"change": form}, status=400)


@require_POST
def change_agree(request: HttpRequest, household_id: int, change_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    change = change_for(member, change_id)

    def agreed(change: Any) -> str:
        if change.deal is not None:
            return gettext(
                "Agreed by everyone. Deal v%(version)s is proposed with the change: "
                "accept it on the Deal page."
            ) % {"version": change.deal.version}
        if change.solve is not None:
            return gettext(
                "Agreed by everyone. A new deal with the change is being worked out: it shows "
                "on the Deal page when it is ready."
            )
        if change.status == change.Status.AGREED:
            return gettext("Agreed by everyone: %(change)s.") % {"change": change.description}
        return gettext("Agreed. It is made once everyone agrees.")

    attempt(
        request, lambda: services.deal_change_agree(member=member, change=change), success=agreed
    )
    return redirect(f"{checkin_url(household_id, change.checkin)}#changes")


@require_POST
def change_decline(request: HttpRequest, household_id: int, change_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    change = change_for(member, change_id)
    try:
        services.deal_change_decline(member=member, change=change)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.info(request, gettext("Declined. Perhaps talk about another way."))
    return redirect(f"{checkin_url(household_id, change.checkin)}#changes")


@require_POST
def close(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    checkin = checkin_for(member, checkin_id)
    try:
        checkin = services.checkin_close(member=member, checkin=checkin)
    except ValidationError as error:
        _error(request, error)
        return redirect("checkin_together", household_id, checkin.pk)
    if checkin.is_closed:
        messages.success(request, gettext("Check-in closed. Thank you both for taking the time."))
        return redirect("talk", household_id)
    messages.success(request, gettext("Noted. It closes when everyone is done."))
    return redirect("checkin_together", household_id, checkin.pk)


@require_POST
def not_done(request: HttpRequest, household_id: int, checkin_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    checkin = checkin_for(member, checkin_id)
    attempt(request, lambda: services.checkin_reopen_vote(member=member, checkin=checkin))
    return redirect("checkin_together", household_id, checkin.pk)
