"""The balance over a period (with drift), the stereotype mirror and the weekly summary."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import (
    get_language,
    gettext,
    gettext_lazy,
    gettext_noop,
    ngettext,
    pgettext_lazy,
)
from django.views.decorators.http import require_http_methods

from evenly.core.balance import Balance, Reconciliation, reconcile
from evenly.core.mirror import (
    CAVEATS,
    MIRROR_POPULATION,
    SOURCE,
    Tradition,
    activity_name,
    population_name,
)
from evenly.felt import selectors as felt_selectors
from evenly.households.access import member_for
from evenly.insight import charts, selectors
from evenly.pages import household_page
from evenly.pages.kept import keep_part, kept_part, revision_key
from evenly.week.periods import PERIODS, Period, PeriodForm

_TRADITIONS = (Tradition.MOSTLY_WOMEN, Tradition.MOSTLY_MEN, Tradition.SHARED)
_CLASS_NAMES = {
    Tradition.MOSTLY_WOMEN: gettext_lazy("Traditionally mostly women's"),
    Tradition.MOSTLY_MEN: gettext_lazy("Traditionally mostly men's"),
    Tradition.SHARED: gettext_lazy("Traditionally shared"),
}

_SHORT = {
    Tradition.MOSTLY_WOMEN: gettext_lazy("mostly women's"),
    Tradition.MOSTLY_MEN: gettext_lazy("mostly men's"),
    Tradition.SHARED: gettext_lazy("shared"),
}
# The period names (evenly.week.periods.PERIODS) as _period.html shows them, translated there.
_PERIOD_NAMES = (
    gettext_noop("This week"),
    gettext_noop("4 weeks"),
    gettext_noop("3 months"),
    gettext_noop("A year"),
    gettext_noop("Custom"),
)


def _period(request: HttpRequest, household: Any) -> tuple[Period, list[str]]:
    """The period the query string asks for, and what is wrong with it (then: this week)."""
    form = PeriodForm(request.GET or None, today=household.today(), max_years=selectors.MAX_YEARS)
    return form.chosen(), form.problems()


def _picker(period: Period, request: HttpRequest) -> dict[str, Any]:
    return {
        "period": period,
        "periods": PERIODS,
        "start_value": request.GET.get("start", period.start.isoformat()),
        "end_value": request.GET.get("end", period.end.isoformat()),
        "chosen": request.GET.get("period", "week"),
    }


@require_http_methods(["GET"])
def balance(request: HttpRequest, household_id: int) -> HttpResponse:
    """Who carried the home over a period, against target and deal, and whether anyone drifts."""
    member = member_for(request, household_id)
    household = member.household
    period, errors = _period(request, household)
    today = household.today()
    # The figures, rendered, are the same for every member: kept per household revision (its
    # settings move it too), day (the drift's weeks), period and language. Summing a year of
    # the ledger and its 53 weeks is most of the page's cost.
    key = revision_key(
        "balance",
        household,
        today.isoformat(),
        period.start.isoformat(),
        period.end.isoformat(),
        get_language(),
    )
    part = kept_part(request, key)
    if part is None:
        fig = selectors.balance_figures(household=household, period=period, today=today)
        body: dict[str, Any] = {"household": household, "fig": fig, "period": period}
        if fig.deal is not None and fig.plan_since is not None:
            body["deal_since"] = fig.plan_since
        if fig.balance is not None:
            body |= _balance_charts(fig.balance, fig.weeks, household.tolerance_minutes)
        with timezone.override(household.zone):
            part = keep_part(request, key, "insight/_balance_body.html", body)
    context: dict[str, Any] = {"errors": errors, "balance_part": part, **_picker(period, request)}
    # How it feels sits outside the kept part: a new answer shows at once, whatever moved the
    # revision (a few small queries, and none while the household has the check off).
    context["felt_trend"] = felt_selectors.felt_trend(household=household)
    return household_page(request, member, "insight/balance.html", context, tab="balance")


_PART_LABELS = {
    "planned": gettext_lazy("planned"),
    "skipped": gettext_lazy("skipped"),
    "by_others": gettext_lazy("done by others"),
    "for_others": gettext_lazy("done for others"),
    "extras": gettext_lazy("extras"),
}
_OPEN_LABELS = (gettext_lazy("not logged yet"), gettext_lazy("more than planned"))
_PLAN_KEYS = ("planned", "skipped", "by_others", "open")


def _line(r: Reconciliation) -> dict[str, Any]:
    """The member's headline and the line that adds up to it, in whole minutes that add up as
    shown: [(operator, label, minutes)] up to "= logged", then the share and the headline."""
    parts, logged, share, headline = r.rounded()
    shown: list[tuple[str, str, int]] = []
    for p in parts:
        whole = int(p.minutes)
        if not r.has_plan and p.key in _PLAN_KEYS:
            continue
        if whole == 0 and p.key != "planned":
            continue
        if p.key == "open":
            label = str(_OPEN_LABELS[0] if whole < 0 else _OPEN_LABELS[1])
        else:
            label = str(_PART_LABELS[p.key])
        op = "" if not shown else ("+" if whole > 0 else "−")
        shown.append((op, label, abs(whole)))
    share_minutes = int(share.minutes)
    cell = {p.key: int(p.minutes) for p in parts}
    own = cell["planned"] + cell["skipped"] + cell["by_others"] + cell["open"]
    return {
        # The same whole minutes in columns, for the tables: they add up as the line does
        # (own cards + done for others + extras = logged; logged - share = difference).
        "cells": {
            "planned": cell["planned"],
            "skipped": -cell["skipped"],
            "by_others": -cell["by_others"],
            "own": own,
            "for_others": cell["for_others"],
            "extras": cell["extras"],
            "share": logged - headline,
        },
        "name": r.name,
        "headline": headline,
        "has_plan": r.has_plan,
        "parts": shown,
        "logged": logged,
        "share_op": "−" if share_minutes <= 0 else "+",
        "share": abs(share_minutes),
        "result": abs(headline),
        "over": headline > 0,
    }


def _balance_charts(b: Balance, weeks: list[Balance], tolerance: int) -> dict[str, Any]:
    tol = tolerance * b.weeks
    ms = b.members
    has_deal = any(m.deal is not None for m in ms)
    context: dict[str, Any] = {
        "b": b,
        "lines": (lines := [_line(r) for r in reconcile(b)]),
        "rows": list(zip(ms, lines, strict=True)),
        "tolerance": tol,
        "home_chart": charts.target_bars([(m.name, m.home, m.target, tol) for m in ms]),
        "plan_chart": (
            charts.target_bars([(m.name, m.home, m.deal, Fraction(0)) for m in ms])
            if has_deal
            else None
        ),
        "total_chart": charts.stacked_bars(
            [(m.name, [("bal-home", m.home), ("bal-paid", m.paid)]) for m in ms]
        ),
        "split_chart": charts.stacked_bars(
            [
                (
                    m.name,
                    [("bal-did", m.did), ("bal-noticed", m.noticed), ("bal-planned", m.planned)],
                )
                for m in ms
            ]
        ),
        "personal_chart": charts.target_bars(
            [(m.name, m.personal, m.personal_goal, Fraction(0)) for m in ms]
        ),
        "has_goals": any(m.personal_goal for m in ms),
        "has_paid": any(m.paid for m in ms),
        "leisure_gap_weekly": b.leisure_gap / b.weeks,
    }
    if len(weeks) >= 4:
        names = [m.name for m in ms]
        context["trend"] = charts.trend(
            [[w.member(n).share if w.total else None for n in names] for w in weeks],
            names,
            [f"{w.start:%-d %b}" for w in weeks],
        )
        context["trend_rows"] = [
            {
                "start": w.start,
                "end": w.end,
                "total": w.total,
                "cells": [
                    (w.member(n).share, w.member(n).target / w.total if w.total else None)
                    for n in names
                ],
            }
            for w in weeks
        ]
    return context


@require_http_methods(["GET"])
def mirror(request: HttpRequest, household_id: int) -> HttpResponse:
    """Whether the split of the work done follows the old gendered pattern, in any direction."""
    member = member_for(request, household_id)
    household = member.household
    period, errors = _period(request, household)
    fig = selectors.mirror_figures(household=household, period=period)
    mi = fig.mirror
    classes = []
    names = [m.name for m in mi.members]
    for t in _TRADITIONS:
        c = mi.of(t)
        shares = c.shares
        national = c.national_women_share
        classes.append(
            {
                "key": t.value,
                "title": _CLASS_NAMES[t],
                "figures": c,
                "activities": [activity_name(a) for a in c.activities],
                "shares": [(n, c.member_minutes[n], shares[n]) for n in names],
                "national": national,
                "national_men": None if national is None else 1 - national,
                "chart": charts.share_bars(
                    [
                        (
                            gettext("Household"),
                            [(f"mirror-s{i % 4}", shares[n]) for i, n in enumerate(names)],
                        )
                    ]
                    + (
                        [
                            (
                                gettext("Nationally"),
                                [("mirror-w", national), ("mirror-m", 1 - national)],
                            )
                        ]
                        if national is not None
                        else []
                    )
                )
                if c.minutes
                else None,
            }
        )
    context = {
        "errors": errors,
        "fig": fig,
        "mi": mi,
        "classes": classes,
        "member_rows": [
            {"name": m.name, "minutes": m.minutes, "shares": [m.shares[t] for t in _TRADITIONS]}
            for m in mi.members
        ],
        "legend": [(f"mirror-s{i % 4}", n) for i, n in enumerate(names)],
        "national": [
            {
                "row": n,
                "activity": activity_name(n.activity),
                "population": population_name(n.population),
                "fallback": n.population != MIRROR_POPULATION,
                "kind": _SHORT[n.tradition],
            }
            for n in mi.national
        ],
        "years": sorted({n.years for n in mi.national if n.population == MIRROR_POPULATION}),
        "fallback_rows": sorted(
            {
                (population_name(n.population), n.years)
                for n in mi.national
                if n.population != MIRROR_POPULATION
            }
        ),
        "caveats": CAVEATS,
        "source": SOURCE,
        "population": population_name(MIRROR_POPULATION),
        **_picker(period, request),
    }
    return household_page(request, member, "insight/mirror.html", context, tab="balance")


def _times(n: int) -> str:
    if n == 1:
        return gettext("once")
    if n == 2:
        return gettext("twice")
    return ngettext("%(n)s time", "%(n)s times", n) % {"n": n}


def _things(n: int) -> str:
    return ngettext("%(n)s thing", "%(n)s things", n) % {"n": n}


_VERBS = {
    "did": (gettext_lazy("did"), ""),
    "noticed": (gettext_lazy("noticed when"), gettext_lazy(" needed doing")),
    "planned": (pgettext_lazy("what a member did", "planned"), ""),
}


def appreciation_text(a: selectors.Appreciation) -> SafeString:
    """The prompt in words, e.g. "Sam did <strong>Laundry</strong> 3 times and noticed 4 things:
    say thank you for one of them." Kind, specific, and never about anyone's gender."""
    g = a.group
    if g is None:
        return format_html(
            gettext(
                "Nothing of {}’s is logged this week: ask how their week went, and thank them "
                "for something you saw them do."
            ),
            a.receiver,
        )
    name = f"“{g.name}”" if g.free_text else g.name
    extras = [gettext("noticed %(things)s") % {"things": _things(a.noticed)}] if a.noticed else []
    extras += [gettext("planned %(things)s") % {"things": _things(a.planned)}] if a.planned else []
    if len(extras) == 2:
        rest = gettext(", %(first)s and %(second)s") % {"first": extras[0], "second": extras[1]}
    else:
        rest = gettext(" and %(more)s") % {"more": extras[0]} if extras else ""
    several = g.times > 1 or bool(extras)
    verb, after = _VERBS.get(g.kind, (g.kind, ""))
    return format_html(
        gettext("{} {} <strong>{}</strong>{} {}{}: say thank you for {}."),
        a.receiver,
        verb,
        name,
        after,
        _times(g.times),
        rest,
        gettext("one of them") if several else gettext("it"),
    )


@require_http_methods(["GET"])
def summary(request: HttpRequest, household_id: int) -> HttpResponse:
    """This week together: what each member did, the balance, personal time, a thank-you each."""
    member = member_for(request, household_id)
    household = member.household
    today = household.today()
    start, errors = selectors.week_from(request.GET, today)
    fig = selectors.summary_figures(household=household, start=start, today=today)
    later = start + timedelta(weeks=1)
    prompts = sorted(fig.prompts, key=lambda a: a.giver_pk != member.pk)  # yours first
    context: dict[str, Any] = {
        "errors": errors,
        "fig": fig,
        "earlier": fig.earlier,
        "later": later if later <= today else None,
        "later_is_now": later <= today < later + timedelta(weeks=1),
        "prompts": [(a, appreciation_text(a)) for a in prompts],
        "empty": not fig.entry_count and not fig.personal_count,
        # Where how it feels and how the minutes fall diverge, in the latest month everyone
        # answered the monthly check (open months only: nobody's answer is read before).
        "felt_diverging": felt_selectors.felt_divergences(household=household),
    }
    b = fig.balance
    if b is not None:
        tol = household.tolerance_minutes * b.weeks
        context |= {
            "b": b,
            "tolerance": tol,
            "home_chart": charts.target_bars([(m.name, m.home, m.target, tol) for m in b.members]),
            "has_goals": any(m.personal_goal for m in b.members),
        }
    return household_page(request, member, "insight/summary.html", context, tab="balance")
