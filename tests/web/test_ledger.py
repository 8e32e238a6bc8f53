"""The ledger (list, filters, edit and delete within 7 days, CSV) and personal time."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evenly.week import services
from evenly.week.models import LogEntry, PersonalTime
from tests.conftest import Home


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _today(home: Home) -> date:
    return home.household.today()


def _entry(home: Home, member: object, title: str = "Fixed the tap", **extra: object) -> LogEntry:
    fields: dict[str, object] = {
        "household": home.household,
        "member": member,
        "title": title,
        "kind": LogEntry.Kind.DID,
        "minutes": Decimal(30),
        "done_on": _today(home),
        **extra,
    }
    return LogEntry.objects.create(**fields)


def _age(item: LogEntry | PersonalTime, days: int) -> None:
    """Pretend the item was logged ``days`` ago."""
    type(item).objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(days=days))
    item.refresh_from_db()


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _entries_section(html: str) -> str:
    return html.split('id="entries-h"', 1)[1].split("</section>", 1)[0]


# --- the ledger page -----------------------------------------------------------------------


def test_ledger_lists_the_households_entries(home: Home) -> None:
    card = home.household.cards.get(name="Laundry")
    _entry(home, home.owner, "Laundry", card=card, minutes=Decimal("22.5"))
    _entry(home, home.partner, "Booked the dentist", kind=LogEntry.Kind.PLANNED,
           covered_for=home.owner)  # fmt: skip
    response = home.owner_client.get(_url(home, "ledger"))
    assert response.status_code == 200
    rows = _entries_section(_html(response))
    assert "Laundry" in rows and "23 min" in rows and ">Did</span>" in rows
    assert "Booked the dentist" in rows and ">Planned</span>" in rows
    assert "Sam · " in rows and "covering for Robin" in rows
    assert "not a card" in rows  # the free-text entry says so
    assert "style=" not in _html(response) and "<script>" not in _html(response)


def test_ledger_empty_state(home: Home) -> None:
    html = _html(home.owner_client.get(_url(home, "ledger")))
    assert "Nothing logged this week yet" in html
    assert _url(home, "week_log") in html


def test_ledger_periods(home: Home) -> None:
    today = _today(home)
    _entry(home, home.owner, "Today thing")
    _entry(home, home.owner, "Three weeks ago", done_on=today - timedelta(days=20))
    _entry(home, home.owner, "Last spring", done_on=today - timedelta(days=300))
    client = home.owner_client

    def shown(query: str) -> set[str]:
        response = client.get(_url(home, "ledger") + query)
        assert response.status_code == 200, query
        rows = _entries_section(_html(response))
        return {t for t in ["Today thing", "Three weeks ago", "Last spring"] if t in rows}

    assert shown("") == {"Today thing"}
    assert shown("?period=week") == {"Today thing"}
    assert shown("?period=4w") == {"Today thing", "Three weeks ago"}
    assert shown("?period=3m") == {"Today thing", "Three weeks ago"}
    assert shown("?period=year") == {"Today thing", "Three weeks ago", "Last spring"}
    old = today - timedelta(days=300)
    assert shown(f"?start={old:%Y-%m-%d}&end={old:%Y-%m-%d}") == {"Last spring"}
    # The chosen period is marked and keeps the other filters.
    html = _html(client.get(_url(home, "ledger") + "?period=4w&kind=did"))
    assert 'period=4w&amp;kind=did" aria-current="page"' in html


def test_ledger_filters_by_member_and_kind(home: Home) -> None:
    _entry(home, home.owner, "Robin did")
    _entry(home, home.owner, "Robin noticed", kind=LogEntry.Kind.NOTICED)
    _entry(home, home.partner, "Sam noticed", kind=LogEntry.Kind.NOTICED)
    client = home.owner_client

    def shown(query: str) -> set[str]:
        rows = _entries_section(_html(client.get(_url(home, "ledger") + query)))
        return {t for t in ["Robin did", "Robin noticed", "Sam noticed"] if t in rows}

    assert shown(f"?member={home.partner.pk}") == {"Sam noticed"}
    assert shown("?kind=noticed") == {"Robin noticed", "Sam noticed"}
    assert shown(f"?member={home.owner.pk}&kind=noticed") == {"Robin noticed"}
    assert shown(f"?member={home.owner.pk}&kind=planned") == set()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=decade", "period"),
        ("start=2025-01-01", "end"),
        ("end=2025-01-01", "start"),
        ("start=2025-02-30&end=2025-03-01", "start"),
        ("start=2025-03-10&end=2025-03-01", "end"),
        ("start=2015-01-01&end=2025-03-01", "end"),
        ("kind=slept", "kind"),
        ("member=999999", "member"),
    ],
)
def test_ledger_bad_filters_say_why_and_show_this_week(home: Home, query: str, field: str) -> None:
    _entry(home, home.owner, "Today thing")
    _entry(home, home.owner, "Long ago", done_on=_today(home) - timedelta(days=40))
    response = home.owner_client.get(_url(home, "ledger") + "?" + query)
    assert response.status_code == 400
    html = _html(response)
    assert f'id="id_{field}_error"' in html
    assert "this shows this week" in html
    rows = _entries_section(html)
    assert "Today thing" in rows and "Long ago" not in rows


def test_ledger_member_filter_refuses_another_households_member(home: Home) -> None:
    response = home.owner_client.get(_url(home, "ledger") + f"?member={home.outsider.pk}")
    assert response.status_code == 400
    assert "Olly" not in _html(response)


def test_ledger_pages_through_many_entries(home: Home) -> None:
    today = _today(home)
    LogEntry.objects.bulk_create(
        LogEntry(household=home.household, member=home.owner, title=f"Task {i:03}",
                 minutes=Decimal(5), done_on=today - timedelta(days=i % 300))
        for i in range(120)
    )  # fmt: skip
    url = _url(home, "ledger") + "?period=year"
    html = _html(home.owner_client.get(url))
    assert _entries_section(html).count('<li class="spread">') == 50
    assert "Page 1 of 3" in html and "Older entries" in html
    assert "period=year&amp;page=2" in html
    html = _html(home.owner_client.get(url + "&page=3"))
    assert _entries_section(html).count('<li class="spread">') == 20
    assert "Newer entries" in html and "Older entries →" not in html
    # A page number out of range shows the last page, not an error.
    assert home.owner_client.get(url + "&page=99").status_code == 200


def _ledger_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.usefixtures("without_needs_count")
def test_ledger_query_count_does_not_grow_with_entries(home: Home) -> None:
    today = _today(home)

    def add(n: int) -> None:
        LogEntry.objects.bulk_create(
            LogEntry(household=home.household, member=m, title=f"Task {i}",
                     minutes=Decimal(5), done_on=today, covered_for=home.owner)
            for i in range(n)
            for m in [home.partner if i % 2 else home.owner]
        )  # fmt: skip

    url = _url(home, "ledger") + "?period=year"
    add(10)
    few = _ledger_queries(home.owner_client, url)
    add(190)
    many = _ledger_queries(home.owner_client, url)
    assert few == many
    assert many <= 10


# --- edit and delete: the author, for 7 days ------------------------------------------------


def test_only_own_recent_entries_show_edit_and_delete(home: Home) -> None:
    mine = _entry(home, home.owner, "Mine, new")
    old = _entry(home, home.owner, "Mine, old")
    _age(old, 8)
    theirs = _entry(home, home.partner, "Sam's")
    html = _html(home.owner_client.get(_url(home, "ledger")))
    assert _url(home, "ledger_edit", mine.pk) in html
    assert _url(home, "ledger_delete", mine.pk) in html
    for other in (old, theirs):
        assert _url(home, "ledger_edit", other.pk) not in html
        assert _url(home, "ledger_delete", other.pk) not in html


def test_edit_own_entry(home: Home) -> None:
    entry = _entry(home, home.owner, "Fixed the tap")
    yesterday = _today(home) - timedelta(days=1)
    url = _url(home, "ledger_edit", entry.pk)
    html = _html(home.owner_client.get(url))
    assert 'value="Fixed the tap"' in html and 'value="30"' in html
    response = home.owner_client.post(
        url, {"title": "Fixed the  kitchen tap", "kind": "planned", "minutes": "45",
              "done_on": yesterday.isoformat()}
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == _url(home, "ledger")
    entry.refresh_from_db()
    assert (entry.title, entry.kind, entry.minutes, entry.done_on) == (
        "Fixed the kitchen tap", "planned", Decimal(45), yesterday,
    )  # fmt: skip
    assert "Saved: Fixed the kitchen tap, 45 min" in _html(
        home.owner_client.get(response["Location"])
    )


def test_edit_goes_back_to_the_same_filters_and_nowhere_else(home: Home) -> None:
    entry = _entry(home, home.owner)
    data = {"title": "x", "kind": "did", "minutes": "5", "done_on": _today(home).isoformat()}
    back = "period=4w&kind=did"
    html = _html(home.owner_client.get(_url(home, "ledger") + "?" + back))
    assert "?back=period%3D4w%26kind%3Ddid" in html
    url = _url(home, "ledger_edit", entry.pk)
    response = home.owner_client.post(url + "?back=period%3D4w%26kind%3Ddid", data)
    assert response["Location"] == _url(home, "ledger") + "?period=4w&kind=did"
    response = home.owner_client.post(url + "?back=https://evil.example/", data)
    assert response["Location"] == _url(home, "ledger")
    response = home.owner_client.post(url + "?back=next%3D%2F%2Fevil.example", data)
    assert response["Location"] == _url(home, "ledger")


def test_edit_errors_show_beside_fields_and_keep_what_was_typed(home: Home) -> None:
    entry = _entry(home, home.owner)
    url = _url(home, "ledger_edit", entry.pk)
    response = home.owner_client.post(
        url, {"title": "Fixed the sink", "kind": "did", "minutes": "lots",
              "done_on": _today(home).isoformat()}
    )  # fmt: skip
    assert response.status_code == 400
    html = _html(response)
    assert 'id="id_minutes_error"><p>Minutes: a number' in html
    assert 'value="Fixed the sink"' in html
    future = _today(home) + timedelta(days=2)
    response = home.owner_client.post(
        url, {"title": "Fixed the sink", "kind": "did", "minutes": "20",
              "done_on": future.isoformat()}
    )  # fmt: skip
    assert response.status_code == 400
    assert 'id="id_done_on_error"><p>That day has not happened yet.' in _html(response)
    assert f'value="{future.isoformat()}"' in _html(response)
    entry.refresh_from_db()
    assert (entry.title, entry.minutes) == ("Fixed the tap", Decimal(30))


def test_edit_free_text_entry_needs_words(home: Home) -> None:
    entry = _entry(home, home.owner)
    response = home.owner_client.post(
        _url(home, "ledger_edit", entry.pk),
        {"title": "  ", "kind": "did", "minutes": "20", "done_on": _today(home).isoformat()},
    )
    assert response.status_code == 400
    assert 'id="id_title_error"><p>Say what it was.' in _html(response)


def test_edit_a_scheduled_completion_keeps_it_done(home: Home) -> None:
    card = home.household.cards.get(name="Laundry")
    entry = _entry(home, home.owner, "Laundry", card=card, due_on=_today(home))
    url = _url(home, "ledger_edit", entry.pk)
    assert "disabled" in _html(home.owner_client.get(url)).split('name="kind"', 1)[1][:80]
    # A crafted post cannot turn it into noticing; an empty title takes the card's name.
    response = home.owner_client.post(
        url, {"title": "", "kind": "noticed", "minutes": "50", "done_on": _today(home)}
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.kind, entry.title, entry.minutes) == ("did", "Laundry", Decimal(50))
    with pytest.raises(services.ValidationError, match="stays"):
        services.entry_update(
            member=home.owner, entry=entry, minutes=Decimal(5), kind="noticed",
            done_on=entry.done_on,
        )  # fmt: skip


def test_delete_own_entry_after_confirming(home: Home) -> None:
    entry = _entry(home, home.owner, "Fixed the tap")
    url = _url(home, "ledger_delete", entry.pk)
    html = _html(home.owner_client.get(url))
    assert "Delete this entry?" in html and "Fixed the tap" in html
    assert LogEntry.objects.filter(pk=entry.pk).exists()  # GET changes nothing
    response = home.owner_client.post(url)
    assert response.status_code == 302
    assert not LogEntry.objects.filter(pk=entry.pk).exists()
    assert "Deleted: Fixed the tap" in _html(home.owner_client.get(response["Location"]))


def test_partner_cannot_edit_or_delete_anothers_entry(home: Home) -> None:
    entry = _entry(home, home.owner, "Fixed the tap")
    client = home.partner_client
    data = {"title": "Sam did it", "kind": "did", "minutes": "1", "done_on": _today(home)}
    for url in [_url(home, "ledger_edit", entry.pk), _url(home, "ledger_delete", entry.pk)]:
        for response in [client.get(url), client.post(url, data)]:
            assert response.status_code == 403, url
            assert "Only the person who logged it can" in _html(response)
            assert "Nothing was changed" in _html(response)
    entry.refresh_from_db()
    assert (entry.title, entry.minutes) == ("Fixed the tap", Decimal(30))


def test_after_7_days_nobody_can_edit_delete_or_undo(home: Home) -> None:
    entry = _entry(home, home.owner, "Fixed the tap", done_on=_today(home) - timedelta(days=3))
    _age(entry, 8)
    data = {"title": "changed", "kind": "did", "minutes": "1", "done_on": _today(home)}
    client = home.owner_client
    response = client.post(_url(home, "ledger_edit", entry.pk), data)
    assert response.status_code == 403
    assert "edited for 7 days; this one is older" in _html(response)
    response = client.post(_url(home, "ledger_delete", entry.pk))
    assert response.status_code == 403
    assert "deleted for 7 days; this one is older" in _html(response)
    assert client.get(_url(home, "ledger_edit", entry.pk)).status_code == 403
    client.post(_url(home, "week_entry_undo", entry.pk))
    entry.refresh_from_db()
    assert entry.title == "Fixed the tap"
    # Six days on, it still can.
    _age(entry, 6)
    assert client.post(_url(home, "ledger_delete", entry.pk)).status_code == 302
    assert not LogEntry.objects.exists()


def test_one_rule_for_the_7_day_window(home: Home) -> None:
    entry = _entry(home, home.owner)
    now = timezone.now()
    assert services.may_change(member=home.owner, item=entry, now=now)
    assert not services.may_change(member=home.partner, item=entry, now=now)
    later = entry.created_at + services.EDIT_WINDOW + timedelta(seconds=1)
    assert not services.may_change(member=home.owner, item=entry, now=later)
    assert services.changeable_ids(member=home.owner, items=[entry]) == {entry.pk}


# --- CSV -----------------------------------------------------------------------------------


def _csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_every_entry_oldest_first(home: Home) -> None:
    today = _today(home)
    card = home.household.cards.get(name="Laundry")
    _entry(home, home.partner, "Laundry", card=card, due_on=today, covered_for=home.owner,
           minutes=Decimal("22.50"))  # fmt: skip
    _entry(home, home.owner, "Booked the dentist", kind="planned",
           done_on=today - timedelta(days=400))  # fmt: skip
    response = home.owner_client.get(_url(home, "ledger_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="robin-sam-ledger.csv"'
    rows = _csv(response)
    assert rows[0] == [
        "date", "member", "kind", "card", "title", "minutes", "covered_for", "due_on",
    ]  # fmt: skip
    assert rows[1] == [
        (today - timedelta(days=400)).isoformat(), "Robin", "planned", "", "Booked the dentist",
        "30", "", "",
    ]  # fmt: skip
    assert rows[2] == [
        today.isoformat(), "Sam", "did", "Laundry", "Laundry", "22.5", "Robin", today.isoformat(),
    ]  # fmt: skip
    assert len(rows) == 3


def test_csv_of_a_chosen_period_and_filter(home: Home) -> None:
    today = _today(home)
    _entry(home, home.owner, "Now")
    _entry(home, home.partner, "Sam now")
    _entry(home, home.owner, "Long ago", done_on=today - timedelta(days=100))
    response = home.owner_client.get(
        _url(home, "ledger_csv") + f"?period=4w&member={home.owner.pk}"
    )
    assert [r[4] for r in _csv(response)[1:]] == ["Now"]
    # "4 weeks" is this ISO week and the three before it, as on the Balance page.
    start = today - timedelta(days=today.weekday(), weeks=3)
    assert response["Content-Disposition"] == (
        f'attachment; filename="robin-sam-{start:%Y-%m-%d}-to-{today:%Y-%m-%d}-ledger.csv"'
    )
    response = home.owner_client.get(_url(home, "ledger_csv") + "?start=2025-05-09&end=2025-01-01")
    assert response.status_code == 400
    # The ledger page's download link carries the filters.
    html = _html(home.owner_client.get(_url(home, "ledger") + "?period=3m&kind=did"))
    assert f'href="{_url(home, "ledger_csv")}?period=3m&amp;kind=did" download' in html
    assert f'href="{_url(home, "ledger_csv")}" download' in html
    html = _html(home.owner_client.get(_url(home, "ledger") + f"?member={home.owner.pk}"))
    csv_url = _url(home, "ledger_csv")
    assert f'href="{csv_url}?member={home.owner.pk}&amp;period=week" download' in html


@pytest.mark.parametrize("bad", ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_cannot_run_as_formulas(home: Home, bad: str) -> None:
    _entry(home, home.owner, bad)
    rows = _csv(home.owner_client.get(_url(home, "ledger_csv")))
    assert rows[1][4] == "'" + bad
    assert rows[1][1] == "Robin"  # ordinary cells stay as they are


def test_csv_member_names_are_escaped_too(home: Home) -> None:
    home.partner.display_name = "=cmd"
    home.partner.save()
    _entry(home, home.partner, "Tidied")
    rows = _csv(home.owner_client.get(_url(home, "ledger_csv")))
    assert rows[1][1] == "'=cmd"


# --- personal time -------------------------------------------------------------------------


def test_personal_log_and_goal_progress(home: Home) -> None:
    home.owner.personal_time_goal_minutes = 300
    home.owner.save()
    url = _url(home, "personal")
    html = _html(home.owner_client.get(url))
    assert "0 min</strong> of your 5 h goal" in html
    assert '<progress class="progress" max="300" value="0"' in html
    response = home.owner_client.post(
        url, {"what": "Piano practice", "minutes": "90", "on": _today(home).isoformat()}
    )
    assert response.status_code == 302
    item = PersonalTime.objects.get()
    assert (item.member, item.minutes, item.what) == (home.owner, Decimal(90), "Piano practice")
    html = _html(home.owner_client.get(url))
    assert "Logged 1 h 30 of time of your own" in html
    assert "1 h 30</strong> of your 5 h goal" in html
    assert 'max="300" value="90"' in html
    assert "Piano practice" in html
    assert _url(home, "personal_delete", item.pk) in html
    # Past the goal: the bar is full and says so.
    services.personal_log(member=home.owner, minutes=Decimal(240), on=_today(home))
    html = _html(home.owner_client.get(url))
    assert 'max="300" value="300"' in html and "goal reached" in html


def test_personal_without_a_goal_points_to_the_household_page(home: Home) -> None:
    html = _html(home.owner_client.get(_url(home, "personal")))
    assert "No weekly goal yet" in html
    assert _url(home, "members") in html


def test_personal_what_stays_private_from_the_partner(home: Home) -> None:
    home.owner.personal_time_goal_minutes = 120
    home.owner.save()
    services.personal_log(
        member=home.owner, minutes=Decimal(45), on=_today(home), what="Therapy session"
    )
    html = _html(home.partner_client.get(_url(home, "personal")))
    assert "Therapy session" not in html
    others = html.split('id="others-h"', 1)[1]
    assert "Robin" in others and "45 min of 2 h" in others
    assert 'max="120" value="45"' in others
    # Not in the ledger or its CSV either.
    assert "Therapy" not in _html(home.partner_client.get(_url(home, "ledger") + "?period=year"))
    assert (
        "Therapy"
        not in b"".join(
            home.partner_client.get(_url(home, "ledger_csv")).streaming_content
        ).decode()
    )


def test_personal_errors_keep_what_was_typed(home: Home) -> None:
    url = _url(home, "personal")
    response = home.owner_client.post(
        url, {"what": "Guitar", "minutes": "0", "on": _today(home).isoformat()}
    )
    assert response.status_code == 400
    assert 'id="id_minutes_error"' in _html(response) and 'value="Guitar"' in _html(response)
    long_ago = _today(home) - timedelta(days=10)
    response = home.owner_client.post(
        url, {"what": "Guitar", "minutes": "30", "on": long_ago.isoformat()}
    )
    assert response.status_code == 400
    assert 'id="id_on_error"><p>Log work from the last 7 days.' in _html(response)
    assert not PersonalTime.objects.exists()


def test_personal_delete_own_within_7_days_only(home: Home) -> None:
    item = services.personal_log(member=home.owner, minutes=Decimal(30), on=_today(home))
    url = _url(home, "personal_delete", item.pk)
    response = home.partner_client.post(url)
    assert response.status_code == 403
    assert PersonalTime.objects.filter(pk=item.pk).exists()
    _age(item, 8)
    assert home.owner_client.post(url).status_code == 403
    assert _url(home, "personal_delete", item.pk) not in _html(
        home.owner_client.get(_url(home, "personal"))
    )
    _age(item, 1)
    response = home.owner_client.post(url)
    assert response.status_code == 302
    assert not PersonalTime.objects.exists()


def test_personal_query_count_does_not_grow(home: Home) -> None:
    today = _today(home)

    def add(n: int) -> None:
        PersonalTime.objects.bulk_create(
            PersonalTime(household=home.household, member=m, minutes=Decimal(10),
                         on=today - timedelta(days=i % 20), what=f"Thing {i}")
            for i in range(n)
            for m in (home.owner, home.partner)
        )  # fmt: skip

    add(5)
    few = _ledger_queries(home.owner_client, _url(home, "personal"))
    add(100)
    many = _ledger_queries(home.owner_client, _url(home, "personal"))
    assert few == many


def test_week_page_links_to_the_ledger_and_personal_time(home: Home) -> None:
    html = _html(home.owner_client.get(_url(home, "week")))
    assert f'href="{_url(home, "ledger")}"' in html
    assert f'href="{_url(home, "personal")}"' in html


# --- access: every new route ---------------------------------------------------------------


@pytest.fixture
def samples(home: Home) -> dict[str, object]:
    return {
        "entry": _entry(home, home.owner),
        "personal": services.personal_log(
            member=home.owner, minutes=Decimal(30), on=_today(home), what="Running"
        ),
    }


def _views(home: Home, samples: dict[str, object]) -> list[tuple[str, list[str]]]:
    entry, item = samples["entry"], samples["personal"]
    return [
        (_url(home, "ledger"), ["GET"]),
        (_url(home, "ledger_csv"), ["GET"]),
        (_url(home, "ledger_edit", entry.pk), ["GET", "POST"]),  # type: ignore[attr-defined]
        (_url(home, "ledger_delete", entry.pk), ["GET", "POST"]),  # type: ignore[attr-defined]
        (_url(home, "personal"), ["GET", "POST"]),
        (_url(home, "personal_delete", item.pk), ["POST"]),  # type: ignore[attr-defined]
    ]


def _unchanged() -> None:
    assert LogEntry.objects.get().title == "Fixed the tap"
    assert PersonalTime.objects.count() == 1


def test_outsider_gets_404(home: Home, samples: dict[str, object]) -> None:
    for url, _methods in _views(home, samples):
        for method in ["GET", "POST"]:
            data = {"title": "x", "kind": "did", "minutes": "5", "done_on": _today(home)}
            response = getattr(home.outsider_client, method.lower())(url, data)
            assert response.status_code in (404, 405), (url, method)
            if method in _methods:
                assert response.status_code == 404, (url, method)
    _unchanged()


def test_anonymous_is_sent_to_login(home: Home, samples: dict[str, object]) -> None:
    for url, _methods in _views(home, samples):
        for method in ["GET", "POST"]:
            response = getattr(home.anon_client, method.lower())(url)
            assert response.status_code == 302, (url, method)
            assert response["Location"].startswith("/login/"), (url, method)
    _unchanged()


def test_wrong_method_is_405(home: Home, samples: dict[str, object]) -> None:
    for url, methods in _views(home, samples):
        for method in {"GET", "POST", "PUT", "DELETE"} - set(methods):
            response = getattr(home.owner_client, method.lower())(url)
            assert response.status_code == 405, (url, method)
    _unchanged()


def test_another_households_ids_are_404(home: Home) -> None:
    other, olly = home.other_household, home.outsider
    theirs = LogEntry.objects.create(
        household=other, member=olly, title="Hoovering", minutes=Decimal(30),
        done_on=other.today(),
    )  # fmt: skip
    their_time = services.personal_log(
        member=olly, minutes=Decimal(20), on=other.today(), what="Secret"
    )
    client = home.owner_client
    data = {"title": "x", "kind": "did", "minutes": "5", "done_on": _today(home)}
    for url in [_url(home, "ledger_edit", theirs.pk), _url(home, "ledger_delete", theirs.pk)]:
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert client.post(_url(home, "personal_delete", their_time.pk)).status_code == 404
    assert client.post(_url(home, "personal_delete", 999999)).status_code == 404
    assert client.get(_url(home, "ledger_edit", 999999)).status_code == 404
    # Their entries never show in this household's ledger or CSV.
    assert "Hoovering" not in _html(client.get(_url(home, "ledger") + "?period=year"))
    assert b"Hoovering" not in b"".join(client.get(_url(home, "ledger_csv")).streaming_content)
    assert LogEntry.objects.get(pk=theirs.pk).title == "Hoovering"
    assert PersonalTime.objects.filter(pk=their_time.pk).exists()


def test_writes_need_a_csrf_token(home: Home, samples: dict[str, object]) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(home.owner.user)  # type: ignore[attr-defined]
    entry, item = samples["entry"], samples["personal"]
    for url in [
        _url(home, "ledger_edit", entry.pk),  # type: ignore[attr-defined]
        _url(home, "ledger_delete", entry.pk),  # type: ignore[attr-defined]
        _url(home, "personal"),
        _url(home, "personal_delete", item.pk),  # type: ignore[attr-defined]
    ]:
        assert client.post(url, {}).status_code == 403
    _unchanged()


def test_week_routes_are_covered_here_or_in_test_week() -> None:
    """test_week covers the week's own twelve routes (five are one-tap actions on an
    occurrence); this file covers the rest."""
    from evenly.week.urls import urlpatterns

    names = {p.name for p in urlpatterns}
    mine = {"ledger", "ledger_csv", "ledger_edit", "ledger_delete", "personal", "personal_delete"}
    assert mine <= names and len(names - mine) == 12


# --- the entries, kept (evenly.pages.kept) -------------------------------------------------


def test_kept_entries_follow_changes_the_reader_and_the_7_days(home: Home, keeping: None) -> None:
    mine = _entry(home, home.owner, "Mine, new")
    url = _url(home, "ledger")
    html = _html(home.owner_client.get(url))
    assert _url(home, "ledger_edit", mine.pk) in html
    # The partner sees the same entries, without the owner's links and with the owner's name.
    theirs = _entries_section(_html(home.partner_client.get(url)))
    assert "Mine, new" in theirs and _url(home, "ledger_edit", mine.pk) not in theirs
    # A form sent to the household moves its revision: the new entry shows at once.
    response = home.partner_client.post(
        _url(home, "week_log"),
        {"title": "Watered the plants", "kind": "did", "minutes": "10", "done_on": _today(home)},
    )
    assert response.status_code == 302
    assert "Watered the plants" in _entries_section(_html(home.owner_client.get(url)))
    # Past its 7 days an entry loses its links though nothing else changed.
    _age(mine, 8)
    html = _html(home.owner_client.get(url))
    assert "Mine, new" in html and _url(home, "ledger_edit", mine.pk) not in html
    # Another page of the query string is its own part, its links carrying the query on.
    paged = _html(home.owner_client.get(url + "?period=year&member=" + str(home.owner.pk)))
    assert "Watered the plants" not in _entries_section(paged)
