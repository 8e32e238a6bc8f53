"""One duration format on every page: "h mm" ("7 h 05", "45 min"), never "PT15M" or old forms.

A crawl of the demo household as Robin: every page its tabs lead to, and every page of the
household those pages link to, is read as text and fails on a raw ISO 8601 duration ("PT15M"),
a duration in the old form ("2 h 5 min"), minutes with decimals ("22.50 min"), or an hour or
more written in minutes ("77 min", "90 minutes").
"""

from __future__ import annotations

import html
import re
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

import pytest
from django.template import Context, Template
from django.test import Client

from evenly.demo import DEMO_EMAILS, demo_load

pytestmark = pytest.mark.django_db(transaction=False)

OLD_FORMS = {
    "a raw ISO 8601 duration": re.compile(r"\bP(?:T\d+[HMS]|\d+D)"),
    "the old hours-and-minutes form": re.compile(r"\b\d+ h \d+ min\b"),
    "minutes with decimals": re.compile(r"\b\d+[.,]\d+ ?min(?:utes?)?\b"),
    "hours with decimals": re.compile(r"\b\d+[.,]\d+ ?h\b"),
    "an hour or more in minutes": re.compile(r"\b(?:[6-9]\d|\d{3,}) ?min(?:utes?)?\b"),
    "a bare figure of minutes": re.compile(r"\b\d+ minutes\b"),
}


def _text(page: str) -> str:
    """What a person reads: the page without its tags, scripts and styles."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    # A form field's own limit ("At most 1440 minutes") names the unit its box takes.
    page = re.sub(r'(?s)<p class="help"[^>]*>.*?</p>', " ", page)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _links(page: str, prefix: str) -> set[str]:
    found = {html.unescape(h) for h in re.findall(r'href="([^"#]+)', page)}
    return {h for h in found if h.startswith(prefix) and not h.endswith((".ics", ".csv"))}


def old_forms_in(text: str) -> list[str]:
    """Every duration in ``text`` that is not written the one way."""
    return [
        f"{what}: {m.group(0)!r} in …{text[max(0, m.start() - 40) : m.end() + 20]!r}…"
        for what, pattern in OLD_FORMS.items()
        for m in pattern.finditer(text)
    ]


def test_the_check_finds_each_old_form() -> None:
    for text in ["PT15M.", "2 h 5 min", "22.50 min", "77 min", "90 minutes", "37.5 h paid"]:
        assert old_forms_in(text), text
    assert not old_forms_in(
        "Robin 7 h 10 · Sam 7 h 05 a week · each within 15 min of a fair share, 45 min"
    )


def test_every_main_page_of_the_demo_writes_durations_as_h_mm() -> None:
    from evenly.accounts.models import User

    result = demo_load()
    client = Client()
    client.force_login(User.objects.get(email=DEMO_EMAILS[0]))
    prefix = f"/h/{result.household_id}/"
    start = client.get(f"{prefix}week/")
    assert start.status_code == 200
    tabs = _links(start.content.decode(), prefix)
    seen: dict[str, str] = {}
    for url in sorted(tabs):
        page = client.get(url)
        if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
            seen[url] = page.content.decode()
    for url in sorted({link for page in list(seen.values()) for link in _links(page, prefix)}):
        if url not in seen:
            page = client.get(url)
            if page.status_code == 200 and page["Content-Type"].startswith("text/html"):
                seen[url] = page.content.decode()
    assert len(seen) >= 15, sorted(seen)
    for must in (
        "deal/",
        "week/",
        "balance/",
        "balance/mirror/",
        "cards/",
        "household/",
        "ratings/",
    ):
        assert any(url.endswith(must) for url in seen), (must, sorted(seen))
    deal = re.sub(r"\s+", " ", _text(seen[f"{prefix}deal/"]))
    assert re.search(
        r"Robin \d+ h \d\d · Sam \d+ h \d\d a week · each within 15 min of a fair share", deal
    )
    problems = [f"{url}: {p}" for url, page in seen.items() for p in old_forms_in(_text(page))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (timedelta(minutes=15), "15 min"),
        (timedelta(hours=7, minutes=5), "7 h 05"),
        (Decimal("22.5"), "23 min"),
        (Fraction(430), "7 h 10"),
        (-65, "−1 h 05"),
        ("90", "1 h 30"),
        (None, "—"),
        ("", "—"),
        ("soon", "—"),
    ],
)
def test_the_hm_builtin_needs_no_load(value: object, text: str) -> None:
    assert Template("{{ v|hm }}").render(Context({"v": value})) == text


def test_signed_hm_marks_which_way() -> None:
    render = Template("{{ a|signed_hm }} {{ b|signed_hm }} {{ c|signed_hm }}").render
    assert render(Context({"a": 65, "b": -65, "c": 0})) == "+1 h 05 −1 h 05 0 min"
