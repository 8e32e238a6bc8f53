"""This week together: the weekly summary (what each did, the balance, a thank-you each)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evenly.insight.selectors import MemberWeek, WorkGroup, appreciations
from evenly.week.models import LogEntry, PersonalTime
from tests.conftest import Home


def _url(home: Home) -> str:
    return reverse("summary", args=[home.household.pk])


def _last_monday(home: Home) -> date:
    """The Monday of the last full week: the summary's default."""
    today = home.household.today()
    return today - timedelta(days=today.weekday(), weeks=1)


def _log(  # type: ignore[no-untyped-def]
    home: Home,
    member,
    minutes: int,
    on: date,
    card: str | None = None,
    kind: str = "did",
    covered_for=None,
) -> LogEntry:
    return LogEntry.objects.create(
        household=home.household,
        member=member,
        card=home.household.cards.get(name=card) if card else None,
        title=card or "Fixed the fence",
        kind=kind,
        minutes=Decimal(minutes),
        done_on=on,
        covered_for=covered_for,
    )


def _get(home: Home, client: str = "owner_client", **params: str) -> str:
    response = getattr(home, client).get(_url(home), params)
    assert response.status_code == 200
    return response.content.decode()


def _week(home: Home) -> date:
    """A hand-checked week (the last full one); returns its Monday.

    Robin: did Cooking dinner 2 × 45, Bins out 10 (covering for Sam); noticed Laundry 10;
    planned Bins out 20: 3 did (100 min), 1 noticed (10), 1 planned (20) = 130 min.
    Sam: did Laundry 3 × 30; noticed Bins out 3 × 5 and Cooking dinner 5: 3 did (90 min),
    4 noticed (20) = 110 min. Together 240; equal shares of 120: Robin +10 (54%), Sam −10 (46%).
    """
    mon = _last_monday(home)
    robin, sam = home.owner, home.partner
    _log(home, robin, 45, mon, "Cooking dinner")
    _log(home, robin, 45, mon + timedelta(days=2), "Cooking dinner")
    _log(home, robin, 10, mon + timedelta(days=3), "Bins out", covered_for=sam)
    _log(home, robin, 10, mon + timedelta(days=1), "Laundry", kind="noticed")
    _log(home, robin, 20, mon + timedelta(days=6), "Bins out", kind="planned")
    for d in (0, 2, 4):
        _log(home, sam, 30, mon + timedelta(days=d), "Laundry")
    for d in (1, 3, 5):
        _log(home, sam, 5, mon + timedelta(days=d), "Bins out", kind="noticed")
    _log(home, sam, 5, mon + timedelta(days=6), "Cooking dinner", kind="noticed")
    # Outside the week on either side: left out.
    _log(home, robin, 500, mon - timedelta(days=1), "Laundry")
    _log(home, sam, 500, mon + timedelta(days=7), "Laundry")
    PersonalTime.objects.create(
        household=home.household, member=sam, minutes=45, on=mon, what="Secret novel draft"
    )
    PersonalTime.objects.create(
        household=home.household, member=sam, minutes=30, on=mon + timedelta(days=5), what="Choir"
    )
    robin.personal_time_goal_minutes = 120
    robin.save()
    return mon


# --- access ---------------------------------------------------------------------------------


def test_outsider_gets_404(home: Home) -> None:
    assert home.outsider_client.get(_url(home)).status_code == 404


def test_wrong_method_is_405(home: Home) -> None:
    assert home.owner_client.post(_url(home)).status_code == 405


def test_anonymous_is_sent_to_log_in(home: Home) -> None:
    response = home.anon_client.get(_url(home))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_summary_is_in_the_balance_subnav(home: Home) -> None:
    html = _get(home)
    assert f'href="{_url(home)}" aria-current="page">This week together</a>' in html
    balance = home.owner_client.get(reverse("balance", args=[home.household.pk])).content
    assert f'href="{_url(home)}"'.encode() in balance


# --- the week ------------------------------------------------------------------------------


def test_empty_state(home: Home) -> None:
    html = _get(home)
    assert "Nothing logged this week" in html
    assert "A thank-you each" not in html
    mon = _last_monday(home)
    assert f"{mon:%a} {mon.day} {mon:%b} to" in html


def test_hand_checked_figures(home: Home) -> None:
    mon = _week(home)
    html = _get(home)
    assert f"{mon:%a} {mon.day} {mon:%b} to" in html
    # Counts and minutes by kind.
    assert (
        '<td>Robin</td><td class="num">3 · 1 h 40</td><td class="num">1 · 10 min</td>'
        '<td class="num">1 · 20 min</td>'
    ) in html
    assert (
        '<td>Sam</td><td class="num">3 · 1 h 30</td><td class="num">4 · 20 min</td>'
        '<td class="num">0 · 0 min</td>'
    ) in html
    # The cards each completed, grouped, with the cover noted.
    assert (
        '<span class="item-title">Cooking dinner</span> <span class="muted">· 2 times, 1 h 30'
        in html
    )
    assert '<span class="item-title">Laundry</span> <span class="muted">· 3 times, 1 h 30' in html
    assert '· 1 time, 10 min</span><p class="reason">Covering for Sam</p>' in html
    assert "<strong>Noticed:</strong> Bins out ×3, Cooking dinner</p>" in html
    # The balance: 240 min together, equal shares of 2 h.
    assert "<strong>4 h</strong> of home work this week" in html
    assert (
        '<td>Robin</td><td class="num">2 h 10</td><td class="num">2 h</td>'
        '<td class="num">+10 min</td><td class="num">54%</td>'
    ) in html
    assert (
        '<td>Sam</td><td class="num">1 h 50</td><td class="num">2 h</td>'
        '<td class="num">−10 min</td><td class="num">46%</td>'
    ) in html
    assert html.count('<rect class="load ') == 2  # one small bar chart, a bar each
    # Personal time: weekly totals against the goal.
    assert (
        '<td>Robin</td><td class="num">0 min</td><td class="num">2 h</td><td class="num">−2 h</td>'
    ) in html
    assert '<td>Sam</td><td class="num">1 h 15</td><td class="num">0 min</td>' in html


def test_each_prompt_names_the_other_members_work(home: Home) -> None:
    _week(home)
    html = _get(home)  # Robin's view: Robin's own prompt first
    for_robin = (
        'For you</p><p class="reason">Sam did <strong>Laundry</strong> 3 times and noticed '
        "4 things: say thank you for one of them."
    )
    for_sam = (
        'For Sam</p><p class="reason">Robin did <strong>Cooking dinner</strong> twice, '
        "noticed 1 thing and planned 1 thing: say thank you for one of them."
    )
    assert for_robin in html and for_sam in html
    assert html.index(for_robin) < html.index(for_sam)
    partner_view = _get(home, "partner_client")
    assert 'For you</p><p class="reason">Robin did <strong>Cooking dinner</strong>' in partner_view
    for word in (" he ", " she ", " his ", " her ", "husband", "wife"):
        assert word not in html.lower()


def test_prompt_is_deterministic_and_falls_back_to_noticing() -> None:
    def mw(pk: int, name: str, groups: list[WorkGroup]) -> MemberWeek:
        counts = {
            k: sum(g.times for g in groups if g.kind == k) for k in ("did", "noticed", "planned")
        }
        return MemberWeek(pk, name, counts, {}, groups)

    a = mw(
        1, "Ash", [WorkGroup("noticed", "Bins", False, 1), WorkGroup("noticed", "Car", False, 2)]
    )
    b = mw(
        2,
        "Bo",
        [WorkGroup("did", "Dishes", False, 2, 60), WorkGroup("did", "Bath", False, 1, 60)],
    )
    c = mw(3, "Cy", [])
    prompts = appreciations([a, b, c])
    assert [(p.giver, p.receiver) for p in prompts] == [("Ash", "Bo"), ("Bo", "Ash"), ("Cy", "Ash")]
    # Equal minutes: more times wins. Noticing only: the most-noticed card.
    assert prompts[0].group is not None and prompts[0].group.name == "Dishes"
    assert prompts[1].group is not None and prompts[1].group.name == "Car"
    assert appreciations([a, b, c]) == prompts
    # Nobody else logged anything: a kind nudge to ask about their week.
    alone = appreciations([c, mw(4, "Di", [])])
    assert alone[0].receiver == "Di" and alone[0].group is None


def test_prompt_when_partner_logged_nothing(home: Home) -> None:
    _log(home, home.owner, 30, _last_monday(home), "Laundry")
    html = _get(home)
    assert 'For you</p><p class="reason">Nothing of Sam’s is logged this week: ask how' in html
    assert "Robin did <strong>Laundry</strong> once: say thank you for it." in html


def test_personal_time_what_stays_private(home: Home) -> None:
    _week(home)
    for client in ("owner_client", "partner_client"):
        html = _get(home, client)
        assert "Secret novel" not in html and "Choir" not in html


def test_free_text_entries_are_quoted(home: Home) -> None:
    _log(home, home.partner, 25, _last_monday(home))
    html = _get(home)
    assert "Sam did <strong>“Fixed the fence”</strong> once: say thank you for it." in html


def test_left_members_are_not_shown(home: Home) -> None:
    from django.utils import timezone

    mon = _last_monday(home)
    _log(home, home.owner, 30, mon, "Laundry")
    _log(home, home.partner, 40, mon, "Bins out")
    home.partner.left_at = timezone.now()
    home.partner.save()
    html = _get(home)
    assert "<td>Sam</td>" not in html
    assert "A thank-you each" not in html  # one member: nobody to thank


# --- choosing the week ---------------------------------------------------------------------


def test_another_week_and_its_links(home: Home) -> None:
    mon = _last_monday(home) - timedelta(weeks=2)
    _log(home, home.partner, 30, mon + timedelta(days=3), "Laundry")
    html = _get(home, week=(mon + timedelta(days=2)).isoformat())  # any day picks its week
    assert f"{mon:%a} {mon.day} {mon:%b} to" in html
    assert "Sam did <strong>Laundry</strong> once" in html
    earlier = (mon - timedelta(weeks=1)).isoformat()
    later = (mon + timedelta(weeks=1)).isoformat()
    assert f'href="{_url(home)}?week={earlier}" rel="prev">← Earlier</a>' in html
    assert f'href="{_url(home)}?week={later}" rel="next">Later →</a>' in html


def test_the_last_full_week_links_to_this_week_so_far(home: Home) -> None:
    html = _get(home)
    this_monday = _last_monday(home) + timedelta(weeks=1)
    assert f'?week={this_monday.isoformat()}" rel="next">This week so far →</a>' in html
    now = _get(home, week=this_monday.isoformat())
    assert "so far</span>" in now
    assert 'rel="next"' not in now


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2025-13-01", "is not a date like 2025-03-03"),
        ("next tuesday", "is not a date like"),
        ("2999-01-06", "has not started yet"),
        ("1999-12-27", "Choose a week from 3 January 2000 on"),
    ],
)
def test_bad_weeks_fall_back_with_a_message(home: Home, week: str, message: str) -> None:
    html = _get(home, week=week)
    assert message in html
    assert "Showing the last full week instead" in html
    mon = _last_monday(home)
    assert f"{mon:%a} {mon.day} {mon:%b} to" in html


def test_no_earlier_link_before_the_first_week() -> None:
    from evenly.insight.selectors import EARLIEST_WEEK, week_from

    assert week_from({"week": EARLIEST_WEEK.isoformat()}, date(2025, 3, 5)) == (EARLIEST_WEEK, [])
    assert week_from({}, date(2025, 3, 5)) == (date(2025, 2, 24), [])
    assert week_from({"week": "2025-03-09"}, date(2025, 3, 5)) == (date(2025, 3, 3), [])


# --- queries -------------------------------------------------------------------------------


def _queries(home: Home) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = home.owner_client.get(_url(home))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.usefixtures("without_needs_count")
def test_query_count_does_not_grow_with_entries(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    mon = _last_monday(home)
    cards = ["Laundry", "Bins out", "Cooking dinner", "Bathroom clean", None]
    kinds = ["did", "did", "noticed", "planned"]

    def add(n: int, offset: int) -> None:
        for i in range(offset, offset + n):
            who, other = (home.owner, home.partner) if i % 2 else (home.partner, home.owner)
            _log(
                home,
                who,
                5 + i % 7,
                mon + timedelta(days=i % 7),
                cards[i % 5],
                kinds[i % 4],
                covered_for=other if i % 3 == 0 else None,
            )
            if i % 10 == 0:
                PersonalTime.objects.create(
                    household=home.household, member=who, minutes=20, on=mon, what=f"p{i}"
                )

    add(10, 0)
    few = _queries(home)
    add(190, 10)
    html = _get(home)
    assert "For you" in html
    assert _queries(home) == few
    assert few <= 14
