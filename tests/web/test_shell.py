"""The page shell: the tab bar (five tabs and "More" on a phone), the colour theme (Light, Dark,
Like my device, chosen once and painted right from the first byte), the script that moves focus
after an htmx swap, and the dark colours in the style sheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from evenly.web.views import THEME_COOKIE
from tests.conftest import Home

pytestmark = pytest.mark.django_db

STATIC = Path(settings.APP_DIR) / "web" / "static" / "evenly"
MORE = ("rate", "talk", "grow", "members")


def _tabs(html: str) -> str:
    return html.split('aria-label="Household">', 1)[1].split("</nav>", 1)[0]


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- the tab bar ------------------------------------------------------------------------------


def test_five_tabs_then_more_holding_the_rest_on_every_household_page(home: Home) -> None:
    for name in ("needs", "week", "cards", "deal", "balance", *MORE):
        url = reverse(name, args=[home.household.pk])
        tabs = _tabs(_html(home.owner_client, url))
        before, more = tabs.split('<details class="tab-more"', 1)
        # Every tab is there for a wide screen; the four after the fifth are marked as such.
        links = re.findall(r"<a ([^>]*)>", before)
        assert len(links) == 9, name
        assert [("tab-wide" in a) for a in links] == [False] * 5 + [True] * 4, name
        # "More" lists those four, each a link, in a <details> that works without a script.
        assert "<summary" in more and ">More" in more
        listed = re.findall(r'<li><a href="([^"]+)"', more)
        assert listed == [reverse(n, args=[home.household.pk]) for n in MORE], name
        # The current page is marked, and "More" is marked when it holds the current page.
        current = 'class="current"' in more.split("</summary>", 1)[0]
        assert current == (name in MORE), name
        if name in MORE:
            assert "current page:" in more
            assert more.count('aria-current="page"') == 1
        assert tabs.count('aria-current="page"') == (2 if name in MORE else 1), name


def test_the_style_sheet_folds_the_tabs_on_phones_only() -> None:
    css = (STATIC / "evenly.css").read_text()
    phone = css.split("@media (max-width: 719.98px) {", 1)[1].split("\n}", 1)[0]
    assert ".tabs > a.tab-wide { display: none; }" in phone
    assert ".tab-more { display: block; }" in phone
    assert ".tab-more { display: none;" in css


# --- the colour theme -------------------------------------------------------------------------


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_chosen_theme_is_kept_and_painted_from_the_first_byte(home: Home, theme: str) -> None:
    client = home.owner_client
    week = reverse("week", args=[home.household.pk])
    r = client.post(reverse("theme"), {"theme": theme, "back": week})
    assert r.status_code == 302 and r["Location"] == week
    cookie = r.cookies[THEME_COOKIE]
    assert cookie.value == theme
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 86400
    html = _html(client, week)
    assert f'<html lang="en" data-theme="{theme}">' in html
    assert f'<meta name="color-scheme" content="{theme}">' in html
    assert f'value="{theme}" aria-pressed="true"' in html
    # Back to the device's choice: the cookie goes.
    r = client.post(reverse("theme"), {"theme": "auto", "back": week})
    assert r.cookies[THEME_COOKIE].value == ""
    html = _html(client, week)
    assert 'data-theme="auto"' in html and 'content="light dark"' in html
    assert 'value="auto" aria-pressed="true"' in html


def test_a_visitor_may_choose_too_and_a_strange_value_or_address_changes_nothing(
    client: Client,
) -> None:
    r = client.post(reverse("theme"), {"theme": "dark", "back": "/login/"})
    assert r.status_code == 302 and r["Location"] == "/login/"
    assert 'data-theme="dark"' in _html(client, "/login/")
    # Another site's address is never followed.
    r = client.post(reverse("theme"), {"theme": "light", "back": "https://evil.example/"})
    assert r["Location"] == "/"
    # A value that is not a theme: a message, and the last choice stays.
    r = client.post(reverse("theme"), {"theme": "purple", "back": "/login/"}, follow=True)
    assert "Choose Light, Dark or Like my device." in r.content.decode()
    assert 'data-theme="light"' in r.content.decode()
    # A cookie that is not a theme counts as none.
    client.cookies[THEME_COOKIE] = "<script>"
    assert 'data-theme="auto"' in _html(client, "/login/")


def test_the_switch_is_a_form_on_every_page(home: Home) -> None:
    for url in ("/login/", reverse("week", args=[home.household.pk])):
        client = home.anon_client if url == "/login/" else home.owner_client
        html = _html(client, url)
        form = html.split('<form class="theme-switch"', 1)[1].split("</form>", 1)[0]
        assert f'action="{reverse("theme")}"' in form and 'method="post"' in form
        assert "csrfmiddlewaretoken" in form
        assert [v for v in re.findall(r'name="theme" value="(\w+)"', form)] == [
            "light",
            "dark",
            "auto",
        ]
        assert f'name="back" value="{url}"' in form


def test_the_style_sheet_has_dark_colours_for_the_device_and_for_the_choice() -> None:
    css = (STATIC / "evenly.css").read_text()
    device = css.split("@media (prefers-color-scheme: dark) {", 1)[1]
    assert ':root:not([data-theme="light"])' in device.split("}", 1)[0]
    chosen = css.split(':root[data-theme="dark"] {', 1)[1].split("}", 1)[0]
    assert "color-scheme: dark" in chosen and "--bg:" in chosen and "--ink:" in chosen
    # Colours outside the theme's custom properties would not follow it.
    body = css.split("/* == Page basics == */", 1)[1]
    for rule in ("background: #fff; color", "background: #e4e9ec", "border: 1px solid #8a979f"):
        assert rule not in body


# --- focus and the announcement after htmx swaps ----------------------------------------------


def test_every_page_loads_the_shell_script_and_has_a_place_to_announce(home: Home) -> None:
    html = _html(home.owner_client, reverse("week", args=[home.household.pk]))
    assert re.search(r'<script src="[^"]*evenly/shell\.js" defer></script>', html)
    assert '<div id="announce" class="visually-hidden" role="status" aria-live="polite"' in html
    assert "<script>" not in html  # no inline script: the CSP allows files of this site only
    js = (STATIC / "shell.js").read_text()
    # Focus moves only for what the person asked for, and without a scroll.
    assert '"submit"' in js and '"click"' in js and "preventScroll: true" in js
    assert "needs-tab" in js
