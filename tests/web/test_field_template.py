"""Every form field renders through one template (pages/field.html): a screen reader finds a
field's help and errors through the ids its aria-describedby names, so each must be on the page."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import Home

ID = re.compile(r'\sid="([^"]+)"')
DESCRIBED = re.compile(r'<(\w+)\b[^>]*\saria-describedby="([^"]+)"[^>]*>')


def _missing_descriptions(html: str) -> list[str]:
    """Each aria-describedby id that names no element on the page, with its tag."""
    ids = set(ID.findall(html))
    return [
        f"<{tag}> {name}"
        for tag, names in DESCRIBED.findall(html)
        for name in names.split()
        if name not in ids
    ]


def _input(html: str, name: str) -> str:
    tag = re.search(rf'<(?:input|select|textarea)\b[^>]*\sname="{name}"[^>]*>', html)
    assert tag, f"no field {name!r} on the page"
    return tag.group(0)


def test_week_log_help_text_is_read_with_its_field(home: Home) -> None:
    """The bug: the week's field partial gave help the id ``…_help`` while the input pointed at
    ``…_helptext``, so screen readers never read it."""
    html = home.owner_client.get(reverse("week_log", args=[home.household.pk])).content.decode()
    assert 'aria-describedby="id_title_helptext"' in _input(html, "title")
    assert 'id="id_title_helptext"' in html
    assert not _missing_descriptions(html)


def test_week_log_errors_are_shown_marked_and_described(home: Home) -> None:
    url = reverse("week_log", args=[home.household.pk])
    r = home.owner_client.post(url, {"title": "", "kind": "noticed", "minutes": "abc"})
    assert r.status_code == 400
    html = r.content.decode()
    minutes = _input(html, "minutes")
    assert 'aria-invalid="true"' in minutes
    described = re.search(r'aria-describedby="([^"]+)"', minutes)
    assert described and "id_minutes_error" in described.group(1).split()
    assert re.search(r'<div class="error" id="id_minutes_error">\s*<p>', html)
    assert '<div class="field has-error">' in html
    assert not _missing_descriptions(html)


def test_ledger_filter_and_household_forms_describe_only_ids_on_the_page(home: Home) -> None:
    h = home.household.pk
    for url in (
        reverse("ledger", args=[h]) + "?start=2025-03-10&end=2025-03-01",
        reverse("personal", args=[h]),
    ):
        html = home.owner_client.get(url).content.decode()
        assert "aria-describedby" in html, url
        assert not _missing_descriptions(html), url


def _household_pages() -> list[str]:
    """The names of every route that takes the household's id and nothing else."""
    names: list[str] = []

    def walk(patterns: list[URLPattern | URLResolver], above: set[str]) -> None:
        for p in patterns:
            converters = above | set(p.pattern.converters)
            if isinstance(p, URLResolver):
                if p.namespace != "api":  # the JSON API has no forms (tests/web/api)
                    walk(p.url_patterns, converters)
            elif p.name and converters == {"household_id"}:
                names.append(p.name)

    walk(get_resolver().url_patterns, set())
    return names


def test_every_household_page_describes_only_ids_on_the_page(home: Home) -> None:
    problems = {}
    names = _household_pages()
    assert len(names) > 20
    for name in names:
        r = home.owner_client.get(reverse(name, args=[home.household.pk]))
        if r.status_code != 200 or "html" not in r.get("Content-Type", ""):
            continue
        missing = _missing_descriptions(r.content.decode())
        if missing:
            problems[name] = missing
    assert not problems
