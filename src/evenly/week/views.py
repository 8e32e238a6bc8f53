"""This week, logging work, time away and cover; the ledger and its CSV; personal time.
Thin views: rules live in services/selectors."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.cards.models import Card
from evenly.core import bounds
from evenly.core.schedule import week_of
from evenly.core.units import duration_text
from evenly.households.access import household_object, member_for
from evenly.households.models import Member
from evenly.pages import attempt, form_submit, household_page
from evenly.pages.kept import keep_part, kept_part, revision_key
from evenly.pages.templatetags.durations import hm
from evenly.week import selectors, services
from evenly.week.forms import (
    DONE_MINUTES_INPUT,
    AwayForm,
    DoneForm,
    EntryEditForm,
    LedgerFilterForm,
    LogForm,
    MoveForm,
    OccurrenceForm,
    PersonalForm,
    SkipForm,
    SnoozeForm,
)
from evenly.week.models import Away, LogEntry, OccurrenceChange, PersonalTime
from evenly.week.periods import DEFAULT, NAMED, named_period

# How far from today ?week= may look (and how far a redirect will point).
WEEK_RANGE = timedelta(days=5 * 366)


def _week_url(household_id: int, day: date | None, today: date) -> str:
    """The week page, on the week holding ``day`` (no parameter for the current week)."""
    url = reverse("week", args=[household_id])
    if day is None or week_of(day) == week_of(today) or abs(day - today) > WEEK_RANGE:
        return url
    return f"{url}?week={week_of(day)[0].isoformat()}"


def _back(request: AuthenticatedHttpRequest, url: str) -> HttpResponse:
    """Back to a page: a redirect, or for htmx a full-page visit (not a swap into the row).

    Forms of this week's sections say ``swap=page``: htmx follows the redirect and swaps the
    sections from the page it gets (a row moves from one section to another)."""
    if request.htmx and request.POST.get("swap") != "page":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _parse_week(value: str | None, today: date) -> date | None:
    """The day asked for with ?week=, or None when it is not a date within range."""
    if value is None:
        return today
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if abs(day - today) <= WEEK_RANGE else None


def _progress(member: Member, day: date) -> dict[str, Any]:
    """The line under the week's title: its dates and how much of the member's part is done."""
    start, end = week_of(day)
    # Only the member's own occurrences: the cards they hold, not the whole household's week.
    mine = selectors.due_for(household=member.household, member=member, start=start, end=end)
    return {"start": start, "end": end, "due": len(mine), "done": sum(1 for d in mine if d.done)}


def _row(
    request: HttpRequest, member: Member, due: selectors.Due, *, error: str = ""
) -> HttpResponse:
    """One row of the week for htmx to swap in place, with the week's progress line."""
    context = {
        "due": due,
        "member": member,
        "household": member.household,
        "row_error": error,
        "row_progress": _progress(member, due.on),
        "minutes_input": DONE_MINUTES_INPUT,
    }
    return render(request, "week/_due_row.html", context)


def _occurrence_from(
    request: HttpRequest, member: Member, form_class: type[OccurrenceForm]
) -> tuple[OccurrenceForm, Card | None]:
    """Validate the posted occurrence; the card id is looked up in this household only (404)."""
    form = form_class(request.POST)
    valid = form.is_valid()
    if "card" not in form.cleaned_data:
        return form, None
    card = household_object(Card, member.household, form.cleaned_data["card"])
    return form, card if valid else None


def _bad_occurrence(request: AuthenticatedHttpRequest, member: Member, form: Form) -> HttpResponse:
    problems = " ".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(
        request, _("That did not work (%(problems)s). Please try again.") % {"problems": problems}
    )
    return _back(request, reverse("week", args=[member.household_id]))


@require_http_methods(["GET"])
def week(request: HttpRequest, household_id: int) -> HttpResponse:
    # The week's cards and the Needs-you count on the tab read the same schedule: worked out
    # once for the page (it only reads), not once for each.
    with selectors.shared_schedule():
        return _week(request, household_id)


def _week(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    today = household.today()
    day = _parse_week(request.GET.get("week"), today)
    status = 200
    if day is None:
        messages.error(
            request, _("That week is not a date we can show (use YYYY-MM-DD); here is this week.")
        )
        day, status = today, 400
    start, end = week_of(day)
    # The week's cards, rendered, are kept for the household's revision, the reader, the day,
    # the week and the language: the schedule behind them is most of the page's cost.
    key = revision_key(
        "week-live", household, member.pk, today.isoformat(), start.isoformat(), get_language()
    )
    week_live = kept_part(request, key)
    if week_live is None:
        week_live = _week_live(request, key, member, start=start, end=end, today=today)
    context = {
        "week_live": week_live,
        "week_start": start,
        "is_this_week": start <= today <= end,
        "prev_week": (start - timedelta(days=7)).isoformat(),
        "next_week": (start + timedelta(days=7)).isoformat(),
    }
    return household_page(request, member, "week/week.html", context, tab="week", status=status)


def _week_live(
    request: HttpRequest, key: str, member: Member, *, start: date, end: date, today: date
) -> SafeString:
    """What the week holds for ``member``: their sections (or days), the cover asked for and
    the others' progress, rendered and kept (``evenly.pages.kept``)."""
    household = member.household
    view = selectors.week_view(
        household=household, member=member, start=start, end=end, today=today
    )
    todays = [d for d in view.mine if d.on == today]
    days: dict[date, list[selectors.Due]] = {}
    for due in view.mine:
        if due.on != today:
            days.setdefault(due.on, []).append(due)
    context = {
        "household": household,
        "member": member,
        "minutes_input": DONE_MINUTES_INPUT,
        "view": view,
        "today": today,
        "is_this_week": start <= today <= end,
        "todays": todays,
        "days": sorted(days.items()),
        "progress": {
            "start": start,
            "end": end,
            "due": sum(1 for d in view.mine if not d.skipped),
            "done": sum(1 for d in view.mine if d.done),
        },
        "tomorrow": today + timedelta(days=1),
        # Days a snooze may pick: the rest of this week after tomorrow.
        "snooze_days": [today + timedelta(days=n) for n in range(2, (end - today).days + 1)],
        "max_move_days": bounds.MAX_MOVE_DAYS,
        "max_reason": bounds.MAX_SKIP_REASON_CHARS,
    }
    # Times on a household's pages are the household's own local times.
    with timezone.override(household.zone):
        return keep_part(request, key, "week/_week_live.html", context)


@require_POST
def mark_done(request: AuthenticatedHttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form, card = _occurrence_from(request, member, DoneForm)
    if "key" in form.errors:  # only a tampered page sends a key its script did not make
        return HttpResponseBadRequest(
            " ".join(str(e) for e in form.errors["key"]), content_type="text/plain; charset=utf-8"
        )
    if card is None:
        return _bad_occurrence(request, member, form)
    due_on = form.cleaned_data["due_on"]
    today = member.household.today()
    minutes, key = form.cleaned_data["minutes"], form.cleaned_data["key"]
    entry: LogEntry | None
    try:
        if key:
            entry = services.entry_mark_done_once(
                member=member, card=card, due_on=due_on, minutes=minutes, key=key
            )
        else:
            entry = services.entry_mark_done(
                member=member, card=card, due_on=due_on, minutes=minutes
            )
    except ValidationError as error:
        text = " ".join(error.messages)
        if request.htmx and request.POST.get("swap") != "page":
            due = selectors.occurrence(household=member.household, card=card, on=due_on)
            if due is not None:
                return _row(request, member, due, error=text)
        messages.error(request, text)
    else:
        if request.htmx and request.POST.get("swap") != "page":
            due = selectors.occurrence(household=member.household, card=card, on=due_on)
            if due is not None:
                return _row(request, member, due)
        if entry is not None:
            messages.success(
                request,
                _("Done: %(card)s, %(time)s. Thank you!")
                % {"card": card.name, "time": duration_text(entry.minutes)},
            )
    return _back(request, _week_url(household_id, due_on, today))


@require_POST
def entry_undo(request: AuthenticatedHttpRequest, household_id: int, entry_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    entry = household_object(LogEntry, member.household, entry_id)
    card, due_on, title = entry.card, entry.due_on, entry.title
    today = member.household.today()
    try:
        services.entry_undo(member=member, entry=entry)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if (
            request.htmx
            and request.POST.get("swap") != "page"
            and card is not None
            and due_on is not None
        ):
            due = selectors.occurrence(household=member.household, card=card, on=due_on)
            if due is not None:
                return _row(request, member, due)
        messages.success(request, _("Undone: %(title)s.") % {"title": title})
    if request.POST.get("back") == "log":
        return _back(request, reverse("week_log", args=[household_id]))
    return _back(request, _week_url(household_id, due_on, today))


def _act(
    request: AuthenticatedHttpRequest,
    household_id: int,
    form_class: type[OccurrenceForm],
    action: Callable[[Member, Card, dict[str, Any]], str],
) -> HttpResponse:
    """One tap on an occurrence of this week: check the form, run ``action`` (a service call
    that returns what to tell), and go back to the week (htmx swaps its sections)."""
    member = member_for(request, household_id)
    form, card = _occurrence_from(request, member, form_class)
    if card is None:
        return _bad_occurrence(request, member, form)
    try:
        text = action(member, card, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, text)
    return _back(request, reverse("week", args=[household_id]))


def _day(day: date, today: date) -> str:
    """A day as the week page says it; a day past this Sunday says so (it leaves this page)."""
    later = _(" (next week: see Later →)") if day > week_of(today)[1] else ""
    if day == today:
        return _("today")
    if day == today + timedelta(days=1):
        return _("tomorrow") + later
    return date_format(day, _("l j F")) + later


@require_POST
def done_for(request: AuthenticatedHttpRequest, household_id: int) -> HttpResponse:
    def act(member: Member, card: Card, data: dict[str, Any]) -> str:
        entry = services.entry_done_for(
            member=member, card=card, due_on=data["due_on"], minutes=data["minutes"]
        )
        whom = entry.covered_for.display_name if entry.covered_for else _("them")
        return _("Done for %(whom)s: %(card)s. They will see you did it. Thank you!") % {
            "whom": whom,
            "card": card.name,
        }

    return _act(request, household_id, DoneForm, act)


@require_POST
def skip(request: AuthenticatedHttpRequest, household_id: int) -> HttpResponse:
    def act(member: Member, card: Card, data: dict[str, Any]) -> str:
        services.occurrence_skip(
            member=member, card=card, due_on=data["due_on"], reason=data["reason"]
        )
        return _("Skipped: %(card)s. It is not due and counts against nobody.") % {
            "card": card.name
        }

    return _act(request, household_id, SkipForm, act)


def _reschedule(
    request: AuthenticatedHttpRequest,
    household_id: int,
    form: type[OccurrenceForm],
    service: Callable[..., OccurrenceChange],
    said: str,
) -> HttpResponse:
    """Snooze or move: the same form fields, the same answer, another rule in the service."""

    def act(member: Member, card: Card, data: dict[str, Any]) -> str:
        change = service(member=member, card=card, due_on=data["due_on"], to=data["to"])
        assert change.to_date is not None
        return _("%(said)s: %(card)s, now due %(day)s.") % {
            "said": said,
            "card": card.name,
            "day": _day(change.to_date, member.household.today()),
        }

    return _act(request, household_id, form, act)


@require_POST
def snooze(request: AuthenticatedHttpRequest, household_id: int) -> HttpResponse:
    return _reschedule(request, household_id, SnoozeForm, services.occurrence_snooze, _("Snoozed"))


@require_POST
def move(request: AuthenticatedHttpRequest, household_id: int) -> HttpResponse:
    return _reschedule(request, household_id, MoveForm, services.occurrence_move, _("Moved"))


@require_POST
def change_undo(
    request: AuthenticatedHttpRequest, household_id: int, change_id: int
) -> HttpResponse:
    member = member_for(request, household_id)
    change = household_object(OccurrenceChange, member.household, change_id)
    name, due_on = change.card.name, change.due_on
    try:
        services.change_undo(member=member, change=change)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Back as it was: %(card)s, due %(day)s.")
            % {"card": name, "day": date_format(due_on, _("l j F"))},
        )
    return _back(request, reverse("week", args=[household_id]))


@require_http_methods(["GET", "POST"])
def log(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    today = household.today()
    kinds = {kind for kind, _label in LogForm.KIND_LABELS}
    asked = request.GET.get("kind")
    initial = {"done_on": today, "kind": asked if asked in kinds else LogEntry.Kind.NOTICED}
    form = LogForm(request.POST or None, household=household, initial=initial)
    if done := form_submit(
        request,
        form,
        lambda data: services.entry_log(member=member, **data),
        success=lambda entry: (
            _("Logged: %(title)s, %(time)s of %(kind)s.")
            % {
                "title": entry.title,
                "time": duration_text(entry.minutes),
                "kind": entry.get_kind_display().lower(),
            }
        ),
        then=reverse("week", args=[household_id]),
    ):
        return done
    context = {
        "form": form,
        "entries": selectors.entries_of(
            household=household, member=member, start=today - services.EDIT_WINDOW, end=today
        ),
        "today": today,
    }
    status = 400 if form.errors else 200
    return household_page(request, member, "week/log.html", context, tab="week", status=status)


@require_http_methods(["GET", "POST"])
def away(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    today = household.today()
    form = AwayForm(request.POST or None, initial={"starts_on": today, "ends_on": today})
    if done := form_submit(
        request,
        form,
        lambda data: services.away_create(member=member, **data),
        success=lambda new: (
            _("Saved: away %(span)s. Your cards due then are offered to the others as cover.")
            % {"span": _span(new.starts_on, new.ends_on)}
        ),
        then=reverse("week_away", args=[household_id]),
    ):
        return done
    context = {"form": form, "aways": selectors.aways_of(household=household, since=today)}
    status = 400 if form.errors else 200
    return household_page(request, member, "week/away.html", context, tab="week", status=status)


def _span(first: date, last: date) -> str:
    if first == last:
        return date_format(first, _("D j M"))
    return _("%(first)s to %(last)s") % {
        "first": date_format(first, _("D j M")),
        "last": date_format(last, _("D j M")),
    }


@require_POST
def away_delete(request: HttpRequest, household_id: int, away_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = household_object(Away, member.household, away_id)
    attempt(
        request,
        lambda: services.away_delete(member=member, away=item),
        success=_("Cancelled: away %(span)s.") % {"span": _span(item.starts_on, item.ends_on)},
    )
    return redirect("week_away", household_id)


@require_POST
def cover(request: AuthenticatedHttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form, card = _occurrence_from(request, member, OccurrenceForm)
    if card is None:
        return _bad_occurrence(request, member, form)
    due_on = form.cleaned_data["due_on"]
    attempt(
        request,
        lambda: services.cover_take(member=member, card=card, due_on=due_on),
        success=lambda taken: (
            _("You're covering %(card)s on %(day)s for %(name)s. Thank you!")
            % {
                "card": card.name,
                "day": date_format(due_on, "l"),
                "name": taken.covered_for.display_name,
            }
        ),
    )
    return redirect(_week_url(household_id, due_on, member.household.today()))


# --- the ledger ------------------------------------------------------------------------------

# The ledger's own query parameters, the only ones carried back after an edit or a delete.
LEDGER_PARAMS = ("period", "start", "end", "member", "kind", "page")


def _ledger_filter(request: HttpRequest, member: Member) -> tuple[LedgerFilterForm, dict[str, Any]]:
    """The filter form bound to the query string, and the selector's arguments it gives.

    Without dates or a period the filter covers the whole ledger (period ``None``)."""
    asked = any(request.GET.get(k) for k in ("period", "start", "end", "member", "kind"))
    form = LedgerFilterForm(
        request.GET if asked else None,
        household=member.household,
        today=member.household.today(),
        initial={"period": "week"},
    )
    if not asked or not form.is_valid():
        return form, {"period": None, "start": None, "end": None, "member": None, "kind": ""}
    data = form.cleaned_data
    period = form.chosen() if data["period"] else None
    return form, {
        "period": period and period.key,
        "start": period and period.start,
        "end": period and period.end,
        "member": data["member"],
        "kind": data["kind"],
    }


def _ledger_back(household_id: int, query: str) -> str:
    """The ledger, with only its own parameters from ``query`` (never an outside address)."""
    params = [(k, v) for k, v in parse_qsl(query) if k in LEDGER_PARAMS]
    url = reverse("ledger", args=[household_id])
    return f"{url}?{urlencode(params)}" if params else url


def _refused(
    request: HttpRequest, member: Member, error: ValidationError, back: str
) -> HttpResponse:
    """A clear no: the rule that refuses it, and the way back. Nothing is changed."""
    context = {"problem": " ".join(error.messages), "back": back}
    return household_page(request, member, "week/refused.html", context, tab="week", status=403)


def _translated(text: str, **values: str) -> SafeString:
    """``text``, translated already, with ``values`` escaped in it: what a blocktranslate tag
    draws."""
    return mark_safe(text % {k: conditional_escape(v) for k, v in values.items()})


def _ledger_entries(
    request: HttpRequest,
    key: str,
    member: Member,
    *,
    form: LedgerFilterForm,
    page: Any,
    back: str,
    chosen: dict[str, Any],
    filtered: bool,
) -> SafeString:
    """The ledger's filter and its entries on ``page``, rendered and kept
    (``evenly.pages.kept``)."""
    household = member.household
    rows = list(page.object_list)
    changeable = services.changeable_ids(member=member, items=rows)
    # What each row shows more than once (its day; its two links), worked out once here: the
    # template drew them per row with url tags and date filters, most of the page's own cost.
    # Its words too: each row's texts are put together here from texts translated once (as
    # the template's tags would: the translated text as it is, the values in it escaped).
    day_format = _("D j M")
    then = f"?back={quote(back, safe='/')}" if back else ""
    you, edit, delete = mark_safe(_("You")), mark_safe(_("Edit")), mark_safe(_("Delete"))
    edit_as, delete_as = _("Edit: %(title)s, %(day)s"), _("Delete: %(title)s, %(day)s")
    covering = _("covering for %(name)s")
    kinds = {k: str(label) for k, label in LogEntry.Kind.choices}
    lines = []
    for entry in rows:
        day = date_format(entry.done_on, day_format)
        line: dict[str, Any] = {
            "entry": entry,
            "day": day,
            "kind": kinds.get(entry.kind, entry.kind),
            "who": you if entry.member_id == member.pk else entry.member.display_name,
            "minutes": hm(entry.minutes),
            "covering": ""
            if entry.covered_for is None
            else _translated(covering, name=entry.covered_for.display_name),
            "edit": "",
            "delete": "",
        }
        if entry.pk in changeable:
            named = {"title": entry.title, "day": day}
            line |= {
                "edit": reverse("ledger_edit", args=[household.pk, entry.pk]) + then,
                "delete": reverse("ledger_delete", args=[household.pk, entry.pk]) + then,
                "edit_label": _translated(edit_as, **named),
                "delete_label": _translated(delete_as, **named),
                "edit_text": edit,
                "delete_text": delete,
            }
        lines.append(line)
    context = {
        "household": household,
        "form": form,
        "chosen": chosen,
        "page": page,
        "rows": rows,
        "lines": lines,
        "filtered": filtered,
        # The links to other pages carry the query string on (the tag reads it from here: a
        # kept part is rendered without the request).
        "query": request.GET,
    }
    with timezone.override(household.zone):
        return keep_part(request, key, "week/_ledger_entries.html", context)


@require_http_methods(["GET"])
def ledger(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    today = household.today()
    form, chosen = _ledger_filter(request, member)
    status = 200
    if form.is_bound and form.errors:
        status = 400
    if chosen["start"] is None:
        # The page shows one period at a time: this week unless another is chosen.
        week = named_period(DEFAULT, today)
        chosen.update(period=week.key, start=week.start, end=week.end)
    entries = selectors.ledger_entries(
        household=household,
        start=chosen["start"],
        end=chosen["end"],
        member=chosen["member"],
        kind=chosen["kind"],
    )
    page = Paginator(entries, selectors.LEDGER_PAGE_SIZE).get_page(request.GET.get("page"))
    back = request.GET.urlencode()
    filtered = bool(chosen["member"] or chosen["kind"])
    # The filter and the entries, rendered, are kept for the household's revision (its
    # members' names in the filter move it too), the reader, the day, the language, what is
    # shown (the query string: the filter, the page, what the links carry back) and how many
    # of the reader's entries shown may still be changed: within one revision the entries are
    # the same, and those past their 7 days only ever leave that count.
    shown = (
        f"{chosen['period']}:{chosen['start']}:{chosen['end']}:"
        f"{chosen['member'].pk if chosen['member'] else ''}:{chosen['kind']}:{page.number}:{back}"
    )
    key = revision_key(
        "ledger",
        household,
        member.pk,
        today.isoformat(),
        get_language(),
        services.changeable_count(member=member, entries=entries),
        hashlib.sha256(shown.encode()).hexdigest(),
    )
    entries_part = kept_part(request, key)
    if entries_part is None:
        entries_part = _ledger_entries(
            request, key, member, form=form, page=page, back=back, chosen=chosen, filtered=filtered
        )
    context = {
        "form": form,
        "chosen": chosen,
        "page": page,
        "entries_part": entries_part,
        "periods": NAMED,
        "filtered": filtered,
        "back": back,
    }
    return household_page(request, member, "week/ledger.html", context, tab="week", status=status)


class _Echo:
    """A file that hands back what is written, for csv.writer into a streamed response."""

    def write(self, value: str) -> str:
        return value


@require_http_methods(["GET"])
def ledger_csv(request: HttpRequest, household_id: int) -> HttpResponseBase:
    member = member_for(request, household_id)
    household = member.household
    form, chosen = _ledger_filter(request, member)
    if form.is_bound and form.errors:
        problems = "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items())
        return HttpResponse(
            _("That export cannot be made (%(problems)s).") % {"problems": problems} + "\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    entries = selectors.ledger_entries(
        household=household,
        start=chosen["start"],
        end=chosen["end"],
        member=chosen["member"],
        kind=chosen["kind"],
    )
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        for row in selectors.ledger_csv_rows(entries):
            yield writer.writerow(row)

    name = slugify(household.name) or "household"
    if chosen["start"] is not None:
        name += f"-{chosen['start']:%Y-%m-%d}-to-{chosen['end']:%Y-%m-%d}"
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-ledger.csv"'
    return response


@require_http_methods(["GET", "POST"])
def ledger_edit(request: HttpRequest, household_id: int, entry_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    entry = household_object(LogEntry, member.household, entry_id)
    back = _ledger_back(household_id, request.GET.get("back", ""))
    try:
        services.check_may_change(member=member, item=entry, action="edit")
    except ValidationError as error:
        return _refused(request, member, error, back)
    initial = {
        "title": entry.title,
        "kind": entry.kind,
        "minutes": f"{entry.minutes.normalize():f}",
        "done_on": entry.done_on,
    }
    form = EntryEditForm(request.POST or None, initial=initial, scheduled=entry.due_on is not None)
    if done := form_submit(
        request,
        form,
        lambda data: services.entry_update(member=member, entry=entry, **data),
        success=lambda saved: (
            _("Saved: %(title)s, %(time)s.")
            % {"title": entry.title, "time": duration_text(entry.minutes)}
        ),
        then=back,
    ):
        return done
    context = {
        "form": form,
        "entry": entry,
        "back": back,
        "back_query": request.GET.get("back", ""),
    }
    status = 400 if form.errors else 200
    return household_page(
        request, member, "week/ledger_edit.html", context, tab="week", status=status
    )


@require_http_methods(["GET", "POST"])
def ledger_delete(request: HttpRequest, household_id: int, entry_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    entry = household_object(LogEntry, member.household, entry_id)
    back = _ledger_back(household_id, request.GET.get("back", ""))
    try:
        services.check_may_change(member=member, item=entry, action="delete")
        if request.method == "POST":
            services.entry_delete(member=member, entry=entry)
    except ValidationError as error:
        return _refused(request, member, error, back)
    if request.method == "POST":
        messages.success(
            request,
            _("Deleted: %(title)s, %(day)s.")
            % {"title": entry.title, "day": date_format(entry.done_on, _("D j M"))},
        )
        return redirect(back)
    context = {"entry": entry, "back": back, "back_query": request.GET.get("back", "")}
    return household_page(request, member, "week/ledger_delete.html", context, tab="week")


# --- personal time ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def personal(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    today = household.today()
    form = PersonalForm(request.POST or None, initial={"on": today})
    if done := form_submit(
        request,
        form,
        lambda data: services.personal_log(member=member, **data),
        success=lambda item: (
            _("Logged %(time)s of time of your own.") % {"time": duration_text(item.minutes)}
        ),
        then=reverse("personal", args=[household_id]),
    ):
        return done
    view = selectors.personal_view(household=household, member=member, today=today)
    context = {
        "form": form,
        "view": view,
        "changeable": services.changeable_ids(member=member, items=view.recent),
    }
    status = 400 if form.errors else 200
    return household_page(request, member, "week/personal.html", context, tab="week", status=status)


@require_POST
def personal_delete(request: HttpRequest, household_id: int, item_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    item = household_object(PersonalTime, member.household, item_id)
    try:
        services.personal_delete(member=member, item=item)
    except ValidationError as error:
        return _refused(request, member, error, reverse("personal", args=[household_id]))
    messages.success(
        request,
        _("Deleted: %(time)s on %(day)s.")
        % {"time": duration_text(item.minutes), "day": date_format(item.on, _("D j M"))},
    )
    return redirect("personal", household_id)
