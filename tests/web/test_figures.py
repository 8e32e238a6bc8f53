"""Figures that reconcile on the Balance page: one headline per member for every period the page
offers, and a line under it whose numbers, read back from the HTML, add up to it exactly."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from evenly.deals.models import Deal
from evenly.week.models import LogEntry, OccurrenceChange
from evenly.week.periods import NAMED
from tests.conftest import Home

_DURATION = re.compile(r"(?:(\d+) h(?: (\d+)(?: min)?)?|(\d+) min)$")
_LINE = re.compile(r'<p class="bal-line[^"]*">(.*?)</p>', re.S)
_HEADLINE = re.compile(r'<p class="bal-headline-text"><strong>(.*?)</strong></p>', re.S)


def minutes_of(text: str) -> int:
    """A shown duration in minutes: "2 h 5 min", "2 h 05", "2 h" or "45 min" (one parser for
    the filter's old and new forms)."""
    found = _DURATION.search(text.strip())
    assert found, f"no duration at the end of {text!r}"
    hours, mins, only = found.groups()
    if only is not None:
        return int(only)
    return int(hours) * 60 + int(mins or 0)


def _text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _signed(result: str) -> int:
    """ "1 h 20 over" → +80, "20 min under" → −20, "even" → 0."""
    if result == "even":
        return 0
    amount, way = result.rsplit(" ", 1)
    assert way in ("over", "under"), result
    return minutes_of(amount) * (1 if way == "over" else -1)


def check_lines(html: str) -> dict[str, tuple[int, str]]:
    """Read every member's line back and check its arithmetic; their headlines, by name."""
    lines = [_text(x) for x in _LINE.findall(html)]
    heads = [_text(x) for x in _HEADLINE.findall(html)]
    assert lines and len(lines) == len(heads)
    out = {}
    for line, head in zip(lines, heads, strict=True):
        before, logged_text, result = (
            line.split(" = ") if line.count(" = ") == 2 else ("", *line.split(" = "))
        )
        total = 0
        if before:
            for i, token in enumerate(re.split(r" (?=[+−] )", before)):
                sign = -1 if token.startswith("− ") else 1
                assert i == 0 or token[0] in "+−", token
                total += sign * minutes_of(token.lstrip("+− "))
        logged_part, share_part = re.split(r" (?=[+−] their share)", logged_text)
        logged = minutes_of(logged_part.removeprefix("logged "))
        assert logged_part.startswith("logged ")
        if before:
            assert total == logged, line
        share = minutes_of(share_part.removeprefix("− ").removeprefix("+ "))
        share_sign = -1 if share_part.startswith("−") else 1
        headline = _signed(result)
        assert logged + share_sign * share == headline, line
        name, said = head.split(": ", 1)
        if headline == 0:
            assert said == "exactly their share"
        else:
            assert said == f"{result} their share" or said.replace(" their share", "") == result
        out[name] = (headline, line)
    return out


def _rows(html: str, caption: str) -> dict[str, list[str]]:
    """A table's rows by member name: the cells' text after the name."""
    table = html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]
    rows = {}
    for row in re.findall(r"<tr><td>(.*?)</tr>", table, re.S):
        cells = [_text(c) for c in re.split(r"</td>\s*<td[^>]*>", row)]
        rows[_text(cells[0])] = [c.removesuffix("</td>") for c in cells[1:]]
    assert rows, caption
    return rows


def _signed_minutes(text: str) -> int:
    text = text.replace("</td>", "").strip()
    sign = -1 if text.startswith("−") else 1
    return sign * minutes_of(text.lstrip("+−"))


def check_tables(html: str, lines: dict[str, tuple[int, str]]) -> None:
    """The tables beside the headlines show the same figures, and add up the same way."""
    for name, (logged, share, diff, _pct) in _rows(html, "Home work in the period").items():
        assert _signed_minutes(diff) == lines[name][0], name
        assert minutes_of(logged) - _signed_minutes(share) == lines[name][0], name
    planned_table = "<caption>Planned by the deal and logged" in html
    assert planned_table == ("No deal yet" not in html)
    if planned_table:
        for name, cells in _rows(html, "Planned by the deal and logged").items():
            _planned, skipped, by_others, own, for_others, extras, logged = map(minutes_of, cells)
            assert own + for_others + extras == logged, (name, cells)
            line = lines[name][1]
            assert line.startswith(f"planned {_text(cells[0])}") or "planned" not in line
            assert f"logged {_text(cells[-1])}" in line
            assert (f"skipped {_text(cells[1])}" in line) == bool(skipped), (line, cells)
            assert (f"done by others {_text(cells[2])}" in line) == bool(by_others), (line, cells)


def _log(home: Home, member, minutes: int, on: date, card: str | None = None, **kw):  # type: ignore[no-untyped-def]
    card_obj = home.household.cards.get(name=card) if card else None
    return LogEntry.objects.create(
        household=home.household,
        member=member,
        card=card_obj,
        title=card or "Fixed the fence",
        minutes=Decimal(minutes),
        done_on=on,
        **kw,
    )


def _url(home: Home) -> str:
    return reverse("balance", args=[home.household.pk])


def test_the_parser_reads_both_duration_forms() -> None:
    assert [minutes_of(t) for t in ("2 h 5 min", "2 h 05", "2 h", "45 min", "163 h 20")] == [
        125,
        125,
        120,
        45,
        163 * 60 + 20,
    ]


def test_a_new_couple_on_the_day_their_deal_starts_is_not_behind_anything(
    rated_and_dealt: Home,
) -> None:
    home = rated_and_dealt
    deal = home.household.deals.get(status=Deal.Status.ACTIVE)
    weekly = Decimal(str(deal.certificate["members"]["Robin"]["load_minutes"]))
    for key, _label in NAMED:
        html = home.owner_client.get(_url(home), {"period": key}).content.decode()
        lines = check_lines(html)
        assert lines == {
            "Robin": (0, lines["Robin"][1]),
            "Sam": (0, lines["Sam"][1]),
        }, key
        assert "behind" not in html.lower()
        # One day planned (today), not four weeks or a year: planned ≈ the weekly load / 7.
        planned = minutes_of(lines["Robin"][1].split(" − ")[0])
        assert abs(planned - float(weekly) / 7) < 1, (key, planned, weekly)


def test_no_deal_says_so_plainly(home: Home) -> None:
    _log(home, home.owner, 40, home.household.today())
    html = home.owner_client.get(_url(home)).content.decode()
    assert "No deal yet, so nothing is planned" in html
    lines = check_lines(html)
    assert lines["Robin"][0] == 20 and lines["Sam"][0] == -20
    assert lines["Robin"][1] == "extras 40 min = logged 40 min − their share 20 min = 20 min over"


@pytest.fixture
def history(rated_and_dealt: Home) -> Home:
    """Weeks of history: a deal in force since a Thursday 3 weeks ago, own cards, covers, things
    done for the other, skips, noticing and planning, free text, and entries before the deal."""
    home = rated_and_dealt
    today = home.household.today()
    monday = today - timedelta(days=today.weekday())
    started = monday - timedelta(weeks=3) + timedelta(days=3)
    Deal.objects.filter(household=home.household).update(
        activated_at=timezone.make_aware(
            timezone.datetime.combine(started, timezone.datetime.min.time()), home.household.zone
        )
        + timedelta(hours=9)
    )
    robin, sam = home.owner, home.partner
    deal = home.household.deals.get(status=Deal.Status.ACTIVE)
    owners = {dc.card.name: dc.owner for dc in deal.cards.select_related("card", "owner")}
    robins = [n for n, o in owners.items() if o == robin]
    sams = [n for n, o in owners.items() if o == sam]
    assert robins and sams
    day = started - timedelta(weeks=8)  # before the deal: no plan, all extras
    while day <= today:
        n = (day - started).days
        _log(home, robin, 25 + n % 7, day, robins[0])
        if n % 3 == 0:
            _log(home, sam, 17, day, sams[0], kind="noticed")
            _log(home, sam, 41, day, sams[-1])
        # A cover every fifth day, and on this week's Monday, so this week has one too.
        if n % 5 == 0 or day == monday:
            _log(home, robin, 33, day, sams[0], covered_for=sam)  # a cover while Sam was away
        if n % 11 == 0:
            _log(home, sam, 12, day, robins[-1], kind="planned")
            _log(home, sam, 50, day, None)  # free text
        if n % 9 == 0 and day >= started:
            OccurrenceChange.objects.create(
                household=home.household,
                card=home.household.cards.get(name=robins[-1]),
                due_on=day,
                kind=OccurrenceChange.Kind.SKIPPED,
                by=robin,
                owner=robin,
                minutes=Decimal("22.5"),
            )
        day += timedelta(days=1)
    return home


def test_every_period_offered_shows_a_headline_and_a_line_that_adds_up(history: Home) -> None:
    home = history
    seen = set()
    for key, _label in NAMED:
        html = home.owner_client.get(_url(home), {"period": key}).content.decode()
        lines = check_lines(html)
        check_tables(html, lines)
        assert set(lines) == {"Robin", "Sam"}, key
        robin_line = lines["Robin"][1]
        assert robin_line.startswith("planned "), robin_line
        assert "done for others" in robin_line
        assert "done by others" in lines["Sam"][1]
        if key != "week":
            assert "skipped" in robin_line and "extras" in lines["Sam"][1], (key, robin_line)
        seen.add(lines["Robin"][0])
    # The headlines are one figure per member and period, opposite for a couple of equal shares.
    assert len(seen) > 1


def test_the_line_reads_a_custom_period_too(history: Home) -> None:
    home = history
    today = home.household.today()
    html = home.owner_client.get(
        _url(home),
        {"period": "custom", "start": (today - timedelta(days=40)).isoformat(), "end": today},
    ).content.decode()
    assert set(check_lines(html)) == {"Robin", "Sam"}


def test_a_cover_while_away_and_a_thing_done_for_the_other_reconcile(
    rated_and_dealt: Home,
) -> None:
    """Through the services, as the week page does them: Sam is away, Robin covers one of Sam's
    occurrences and does it; Sam does one of Robin's for them. Each shows on both lines."""
    from evenly.week.selectors import schedule
    from evenly.week.services import away_create, cover_take, entry_done_for, entry_mark_done

    home = rated_and_dealt
    robin, sam = home.owner, home.partner
    today = home.household.today()
    monday = today - timedelta(days=today.weekday())
    dues = schedule(household=home.household, start=monday, end=today + timedelta(days=6))
    sams = [d for d in dues if d.owner == sam and d.on >= today]
    robins = [d for d in dues if d.owner == robin and d.on >= today]
    assert sams and robins
    first = sams[0]
    away_create(member=sam, starts_on=first.on, ends_on=first.on, reason="travel")
    cover_take(member=robin, card=first.card, due_on=first.on)
    entry_mark_done(member=robin, card=first.card, due_on=first.on, minutes=Decimal(25))
    entry_done_for(member=sam, card=robins[0].card, due_on=robins[0].on, minutes=Decimal(40))
    html = home.owner_client.get(_url(home)).content.decode()
    lines = check_lines(html)
    check_tables(html, lines)
    assert "done for others 25 min" in lines["Robin"][1]
    assert "done by others 40 min" in lines["Robin"][1]
    assert "done by others 25 min" in lines["Sam"][1]
    assert "done for others 40 min" in lines["Sam"][1]
    # Equal shares of 65 min: Robin logged 25 (7 min 30 under), Sam 40 (7 min 30 over); halves
    # round away from zero, so both read 8 min.
    assert (lines["Robin"][0], lines["Sam"][0]) == (-8, 8)
