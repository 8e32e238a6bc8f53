"""``{{ a_date|day:"…" }}`` writes exactly what Django's ``date`` filter writes, in every
language, while remembering calendar days' texts."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.template import Context, Template
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

FORMATS = ["l j M", "D j M", "l j F", "Ymd", "Y-m-d", "l", "D", ""]


def _both(value: object, fmt: str) -> tuple[str, str]:
    ctx = Context({"v": value})
    ours = Template('{{ v|day:"' + fmt + '" }}').render(ctx)
    django = Template('{{ v|date:"' + fmt + '" }}').render(ctx)
    return ours, django


@settings(max_examples=60, deadline=None)
@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)),
    fmt=st.sampled_from(FORMATS),
    language=st.sampled_from(["en", "de"]),
)
def test_a_day_reads_as_djangos_date_filter_writes_it(
    day: dt.date, fmt: str, language: str
) -> None:
    with translation.override(language):
        ours, django = _both(day, fmt)
    assert ours == django


def test_the_language_is_part_of_what_is_remembered() -> None:
    monday = dt.date(2026, 12, 7)
    with translation.override("en"):
        assert _both(monday, "l")[0] == "Monday"
    with translation.override("de"):
        assert _both(monday, "l")[0] == "Montag"
    with translation.override("en"):
        assert _both(monday, "l")[0] == "Monday"


def test_a_moment_is_written_in_the_pages_time_zone() -> None:
    moment = dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        ours, django = _both(moment, "l j M")
    assert ours == django == "Monday 7 Dec"


def test_nothing_writes_nothing() -> None:
    assert _both(None, "l") == ("", "")
    assert _both("", "l") == ("", "")
