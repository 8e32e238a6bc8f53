"""The README's curl commands for this week and its Home Assistant sensor, sent as they are
written (the demo household's address and ids swapped for the test household's) through the
test client: the examples keep working as the API changes."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

from django.test import Client

from evenly.week import selectors
from tests.conftest import Home
from tests.web.api.conftest import Api
from tests.web.api.week_values import occurrences

README = Path(__file__).resolve().parents[3] / "README.md"
SECTION = "### This week from a script, and a Home Assistant sensor"


def _blocks(kind: str) -> list[str]:
    text = README.read_text()
    section = text[text.index(SECTION) :]
    section = section[: section.find("\n## ", 1) if "\n## " in section[1:] else None]
    return re.findall(rf"```{kind}\n(.*?)```", section, re.DOTALL)


def _curls() -> list[list[str]]:
    commands = []
    for block in _blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            if line.startswith("curl "):
                commands.append(shlex.split(line))
    return commands


def _send(words: list[str], env: dict[str, str]) -> Any:
    """One curl command line, through the test client (-X, -H and -d, as curl reads them)."""
    method, headers, data, url = "GET", {}, None, ""
    args = iter(words[1:])
    for word in args:
        if word == "-X":
            method = next(args)
        elif word == "-H":
            name, value = next(args).split(":", 1)
            headers[name.strip()] = value.strip()
        elif word == "-d":
            data = next(args)
        else:
            url = word
    for name, value in env.items():
        url, data = url.replace(f"${name}", value), data and data.replace(f"${name}", value)
        headers = {k: v.replace(f"${name}", value) for k, v in headers.items()}
    meta = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
    content_type = meta.pop("HTTP_CONTENT_TYPE", "application/json")
    path = url.removeprefix("http://127.0.0.1:8000")
    call = getattr(Client(), method.lower())
    if data is None:
        return call(path, **meta)
    return call(path, data, content_type=content_type, **meta)


def test_the_readme_ticks_off_a_card_once(api: Api, rated_and_dealt: Home) -> None:
    home = api.home
    text = "\n".join(_blocks("sh"))
    assert "python manage.py api_token" in text and "--write | tail -n 1" in text
    evenly = re.search(r"^EVENLY=(\S+)$", text, re.MULTILINE)
    assert evenly, "the README names the household's address"
    household = evenly.group(1).removeprefix("http://127.0.0.1:8000")
    assert household == "/api/v1/households/1"
    env = {"TOKEN": api.robin, "EVENLY": f"/api/v1/households/{home.household.pk}", "KEY": "t-1"}
    listing, tick = _curls()
    r = _send(listing, env)
    assert r.status_code == 200
    assert all(i["on"] == home.household.today().isoformat() for i in r.json()["items"])
    # The README's card and day are the demo's: the test household's first of Robin's instead.
    due = occurrences(home)[0][0]
    words = [
        re.sub(r'"card": \d+', f'"card": {due.card.pk}', w).replace(
            "2026-12-06", due.due_on.isoformat()
        )
        for w in tick
    ]
    first, again = _send(words, env), _send(words, env)
    assert first.status_code == again.status_code == 200, first.content
    assert again["Idempotent-Replayed"] == "true"
    assert home.household.entries.filter(card=due.card, due_on=due.due_on).count() == 1


def test_the_home_assistant_sensor_counts_todays_open_cards(
    api: Api, rated_and_dealt: Home
) -> None:
    (yaml,) = _blocks("yaml")
    resource = re.search(r"^\s+resource: (\S+)$", yaml, re.MULTILINE)
    assert resource and "platform: rest" in yaml
    assert "Authorization: !secret evenly_token" in yaml
    assert 'value_template: "{{ value_json.count }}"' in yaml
    path = resource.group(1).removeprefix("http://127.0.0.1:8000")
    path = path.replace("/households/1/", f"/households/{api.home.household.pk}/")
    answer = Client().get(path, HTTP_AUTHORIZATION=f"Bearer {api.sam_read}").json()
    today = api.home.household.today()
    todays = [
        d
        for d in selectors.schedule(household=api.home.household, start=today, end=today)
        if d.open
    ]
    assert answer["count"] == len(todays) > 0
