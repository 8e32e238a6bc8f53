"""``{% act_row due "today" %}``: one occurrence in this week's sections, with its one-tap
actions (``where``: overdue, today, later, done, theirs).

A week holds some ninety rows, each with up to four forms, a snooze button per day and a
dozen translated texts: drawn by Django's template engine (one ``{% include %}`` per row) they
were half the cost of the week page drawn after a change. So a row is written here, from
pieces worked out once per page (the translations, the forms' addresses, the snooze days) and
each row's own few values, escaped as the template engine escapes them. The page's HTML is
what the template wrote, byte for byte; the texts are the same messages, so every language
reads as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django import template
from django.template.context import Context
from django.template.defaultfilters import floatformat
from django.template.defaultfilters import time as time_filter
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from evenly.households.models import Member
from evenly.pages.templatetags.days import day
from evenly.pages.templatetags.durations import hm
from evenly.week.forms import DONE_MINUTES_INPUT
from evenly.week.selectors import Due

register = template.Library()

_OPEN = ("overdue", "today", "later")
# What every form of a row sends htmx: the week's sections, swapped from the page it gets.
_HX = (
    'hx-target="#week-main" hx-select="#week-main" hx-swap="outerHTML" '
    'hx-disabled-elt="find button"'
)


def _e(value: object) -> str:
    """``value`` as ``{{ value }}`` writes it: localized, then escaped."""
    return conditional_escape(cast(str, localize(value)))


@dataclass(frozen=True)
class _Snooze:
    on: Any  # the day (a date)
    value: str  # Y-m-d
    name: str  # its weekday, for the label ("Monday")
    short: str  # the button ("Mon")


class _Page:
    """What every row of one page shares, worked out once: its language's texts, the forms'
    addresses (named in ``_week_live.html``) and the days a snooze may pick."""

    def __init__(self, context: Context) -> None:
        self.member: Member = context["member"]
        self.household_pk = context["household"].pk
        # Each form's token (the kept part's mark, see evenly.pages.kept) and its htmx swap.
        csrf = CsrfTokenNode().render(context)
        self.swap = f'{csrf}<input type="hidden" name="swap" value="page">'
        self.done_url = _e(context.get("done_url", ""))
        self.done_for_url = _e(context.get("done_for_url", ""))
        self.skip_url = _e(context.get("skip_url", ""))
        self.snooze_url = _e(context.get("snooze_url", ""))
        self.move_url = _e(context.get("move_url", ""))
        self.min_minutes = _e(DONE_MINUTES_INPUT["min"])
        self.max_minutes = _e(DONE_MINUTES_INPUT["max"])
        self.max_reason = _e(context["max_reason"])
        self.today_value = _e(day(context["today"], "Y-m-d"))
        self.tomorrow_value = _e(day(context["tomorrow"], "Y-m-d"))
        self.snooze_days = [
            _Snooze(d, _e(day(d, "Y-m-d")), _e(day(d, "l")), _e(day(d, "D")))
            for d in context["snooze_days"]
        ]
        self.long_day = _("l j M")
        self.short_day = _("D j M")
        self.today = _("Today")
        self.done = _("Done")
        self.skipped = _("Skipped")
        self.undo = _("Undo")
        self.menu = _("Skip, snooze or move")
        self.snooze_to = _("Snooze to")
        self.tomorrow = _("Tomorrow")
        self.move_to = _("Move to")
        self.move = _("Move")
        self.why_skip = _("Why skip (optional)")
        self.ate_out = _("We ate out")
        self.skip = _("Skip")
        self.your_turn = _("your turn")
        self.away_offered = _("you're away: offered as cover")
        self.any_day = _("any day this week, by Sunday")
        self.move_limit = _("A move goes at most %(n)s days from the day it was due.") % {
            "n": _e(context["max_move_days"])
        }
        self.was_due = _("Was due %(day)s")
        self.at = _("at %(time)s")
        self.moved_from = _("moved from %(day)s")
        self.minutes_for = _("Minutes for %(card)s")
        self.done_card = _("Done: %(card)s")
        self.by = _("by %(name)s")
        self.you_did_for = _("You did this for %(name)s")
        self.did_for_you = _("%(name)s did this for you")
        self.about = _("about %(time)s")
        self.undo_skip_card = _("Undo the skip: %(card)s")
        self.undo_card = _("Undo: %(card)s")
        self.done_for_card = _("Done for %(name)s: %(card)s, %(day)s")
        self.done_for = _("Done for %(name)s")
        self.snooze_tomorrow_card = _("Snooze to tomorrow: %(card)s")
        self.snooze_day_card = _("Snooze to %(day)s: %(card)s")
        self.move_card = _("Move: %(card)s")
        self.skip_card = _("Skip: %(card)s")
        self.put_back_card = _("Put %(card)s back on %(day)s")
        self.put_back = _("Put it back on %(day)s")
        self.covering_for = _("covering for %(name)s")


_PAGE = "evenly.week.rows.page"


def _page(context: Context) -> _Page:
    """The page's shared pieces, kept for one rendering of the template (its render context)."""
    page: _Page | None = context.render_context.get(_PAGE)
    if page is None:
        page = context.render_context[_PAGE] = _Page(context)
    return page


def _name(member: Member | None) -> str:
    return _e(member.display_name) if member is not None else ""


def _at(page: _Page, due: Due) -> str:
    return page.at % {"time": _e(time_filter(due.at, "H:i"))}


def _badges(page: _Page, due: Due) -> str:
    """What ``week/_due_badges.html`` writes (the rows of other pages still include it)."""
    member, out = page.member, []
    if due.owner and due.owner != member:
        name = _name(due.owner)
        out.append(
            '<p class="reason"><span class="badge">'
            f"{page.covering_for % {'name': name}}</span></p>\n"
        )
    elif due.is_rotation:
        out.append(f'<p class="reason"><span class="badge">{page.your_turn}</span></p>\n')
    if due.needs_cover and due.owner == member:
        out.append(f'<p class="reason"><span class="badge warn">{page.away_offered}</span></p>')
    out.append("\n")
    if due.at or due.any_day:
        when = _at(page, due) if due.at else page.any_day
        out.append(f'<p class="reason when">{when}</p>')
    out.append("\n")
    return "".join(out)


def _open(page: _Page, due: Due, where: str, pk: str, ymd: str, value: str, card: str) -> str:
    """The row of an occurrence still to do: done, with its minutes."""
    if where == "overdue":
        reason = page.was_due % {"day": _e(day(due.on, page.long_day))}
    elif where == "later":
        reason = _e(day(due.on, page.long_day))
    else:
        reason = page.today
    if due.at:
        reason += " " + _at(page, due)
    if due.moved_from:
        reason += " · " + page.moved_from % {"day": _e(day(due.moved_from, page.short_day))}
    on = {"card": card}
    return (
        "\n"
        f'  <form class="due" method="post" action="{page.done_url}" hx-post="{page.done_url}" '
        f"{_HX}>{page.swap}\n"
        f'    {_hidden(pk, value)}<input type="hidden" name="key" value="" data-tick-key>\n'
        "    <div>\n"
        f'      <span class="item-title">{card}</span>\n'
        f"      {_badges(page, due)}\n"
        f'      <p class="reason">{reason}</p>\n'
        '      <p class="reason"><label><input type="number" name="minutes" value="'
        f'{_e(floatformat(due.minutes, "-2u"))}" min="{page.min_minutes}" '
        f'max="{page.max_minutes}" step="any" inputmode="decimal" '
        f'aria-label="{page.minutes_for % on}">&nbsp;min</label></p>\n'
        "    </div>\n"
        f'    <button type="submit" id="act-{pk}-{ymd}" aria-label="{page.done_card % on}">'
        f"{page.done}</button>\n"
        "  </form>\n"
        "  "
    )


def _menu(page: _Page, due: Due, pk: str, value: str, card: str) -> str:
    """The menu of an occurrence still to do: skip, snooze or move it."""
    on = {"card": card}
    hidden = _hidden(pk, value)
    snoozes = "".join(
        f'<button type="submit" class="secondary" name="to" value="{s.value}" aria-label="'
        f'{page.snooze_day_card % {"day": s.name, "card": card}}">{s.short}</button>'
        for s in page.snooze_days
        if s.on != due.on
    )
    put_back = ""
    if due.moved_from and due.change:
        undo = _e(reverse("week_change_undo", args=[page.household_pk, due.change.pk]))
        moved = _e(day(due.moved_from, "l"))
        put_back = (
            "\n"
            "      \n"
            f'      <form method="post" action="{undo}" hx-post="{undo}" {_HX}>{page.swap}\n'
            f'        <button type="submit" class="link" aria-label="'
            f'{page.put_back_card % {"card": card, "day": moved}}">'
            f"{page.put_back % {'day': moved}}</button></form>\n"
            "      "
        )
    return (
        "\n"
        '  <details class="act-menu">\n'
        f'    <summary>{page.menu}<span class="visually-hidden">: {card}</span></summary>\n'
        '    <div class="act-menu-body">\n'
        f'      <form method="post" action="{page.snooze_url}" hx-post="{page.snooze_url}" '
        f'{_HX} class="row">{page.swap}\n'
        f"        {hidden}\n"
        f"        <span>{page.snooze_to}</span>\n"
        '        <button type="submit" class="secondary" name="to" '
        f'value="{page.tomorrow_value}" aria-label="{page.snooze_tomorrow_card % on}">'
        f"{page.tomorrow}</button>\n"
        f"        {snoozes}\n"
        "      </form>\n"
        f'      <form method="post" action="{page.move_url}" hx-post="{page.move_url}" '
        f'{_HX} class="row">{page.swap}\n'
        f"        {hidden}\n"
        f'        <label>{page.move_to} <input type="date" name="to" required '
        f'min="{page.today_value}" value="{page.tomorrow_value}"></label>\n'
        f'        <button type="submit" class="secondary" aria-label="{page.move_card % on}">'
        f"{page.move}</button>\n"
        "      </form>\n"
        f'      <p class="muted small">{page.move_limit}</p>\n'
        f'      <form method="post" action="{page.skip_url}" hx-post="{page.skip_url}" '
        f'{_HX} class="row">{page.swap}\n'
        f"        {hidden}\n"
        f'        <label>{page.why_skip} <input type="text" name="reason" '
        f'maxlength="{page.max_reason}" placeholder="{page.ate_out}"></label>\n'
        f'        <button type="submit" class="secondary" aria-label="{page.skip_card % on}">'
        f"{page.skip}</button>\n"
        "      </form>\n"
        f"      {put_back}\n"
        "    </div>\n"
        "  </details>\n"
        "  "
    )


def _hidden(pk: str, value: str) -> str:
    """The two fields that name an occurrence: its card and the day it was due."""
    return (
        f'<input type="hidden" name="card" value="{pk}">'
        f'<input type="hidden" name="due_on" value="{value}">'
    )


def _closed(page: _Page, due: Due, where: str, pk: str, ymd: str, value: str, card: str) -> str:
    """The row of an occurrence done or skipped (with its undo), or of someone else's (with
    "done for")."""
    member = page.member
    entry, change = due.entry, due.change
    swap = page.swap
    if where == "done":
        if due.skipped:
            said = page.skipped
            if change is not None and change.reason:
                said += f": “{_e(change.reason)}”"
            if (change.by_id if change is not None else "") != member.pk:
                by = change.by.display_name if change is not None else ""
                said += " · " + page.by % {"name": _e(by)}
            said += "\n        "
        elif (
            entry is not None
            and entry.member_id == member.pk
            and entry.covered_for_id
            and entry.covered_for_id != member.pk
        ):
            name = _name(entry.covered_for)
            said = f"{page.you_did_for % {'name': name}} · {_e(hm(entry.minutes))}\n        "
        elif entry is not None and entry.member_id == member.pk:
            said = f"{page.done} · {_e(hm(entry.minutes))}\n        "
        else:
            name = _name(entry.member) if entry is not None else ""
            minutes = _e(hm(entry.minutes if entry is not None else ""))
            said = f"{page.did_for_you % {'name': name}} · {minutes}"
        reason = f"{_e(day(due.on, page.short_day))} ·\n        {said}\n      "
    else:
        reason = _e(day(due.on, page.long_day))
        if due.at:
            reason += " " + _at(page, due)
        reason += " · " + page.about % {"time": _e(hm(due.minutes))}
    if where == "done":
        undo = ""
        if due.skipped:
            url = _e(reverse("week_change_undo", args=[page.household_pk, change.pk]))  # type: ignore[union-attr]
            label = page.undo_skip_card % {"card": card}
        elif entry is not None and entry.member_id == member.pk:
            url = _e(reverse("week_entry_undo", args=[page.household_pk, entry.pk]))
            label = page.undo_card % {"card": card}
        else:
            url = ""
        if url:
            undo = (
                "\n"
                "        \n"
                f'        <form method="post" action="{url}" hx-post="{url}" {_HX}>{swap}\n'
                f'          <button type="submit" class="secondary" id="act-{pk}-{ymd}" '
                f'aria-label="{label}">{page.undo}</button></form>\n'
                "      "
            )
        actions = f"\n      {undo}\n    "
    else:
        holder = _name(due.holder)
        on = _e(day(due.on, "l"))
        actions = (
            "\n"
            f'      <form method="post" action="{page.done_for_url}" '
            f'hx-post="{page.done_for_url}" {_HX}>{swap}\n'
            f'        <input type="hidden" name="card" value="{pk}">'
            f'<input type="hidden" name="due_on" value="{value}">\n'
            '        <button type="submit" class="secondary" aria-label="'
            f'{page.done_for_card % {"name": holder, "card": card, "day": on}}">'
            f"{page.done_for % {'name': holder}}</button></form>\n"
            "    "
        )
    return (
        "\n"
        f'  <div class="due{" done" if where == "done" else ""}">\n'
        "    <div>\n"
        f'      <span class="item-title">{card}</span>\n'
        '      <p class="reason">\n'
        f"      {reason}\n"
        "      </p>\n"
        "    </div>\n"
        f"    {actions}\n"
        "  </div>\n"
        "  "
    )


@register.simple_tag(takes_context=True)
def act_row(context: Context, due: Due, where: str) -> SafeString:
    """One occurrence of this week's sections as ``<li>``, with its actions."""
    page = _page(context)
    pk = _e(due.card.pk)
    ymd = _e(day(due.due_on, "Ymd"))
    value = _e(day(due.due_on, "Y-m-d"))
    card = _e(due.card.name)
    if where in _OPEN:
        body = _open(page, due, where, pk, ymd, value, card)
        menu = _menu(page, due, pk, value, card)
    else:
        body, menu = _closed(page, due, where, pk, ymd, value, card), ""
    return mark_safe(  # every value in it is escaped (``_e``) or a translation
        "\n"
        f'<li class="act-row" id="row-{pk}-{ymd}" data-row="row-{pk}-{ymd}" tabindex="-1">\n'
        f"  {body}\n"
        f"  {menu}\n"
        "</li>\n"
    )
