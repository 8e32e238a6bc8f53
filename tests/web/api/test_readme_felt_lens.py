"""The README's curl commands for How it feels and the lens, sent as they are written (the
household's and the item's ids made the test's own): each answers as the README says."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from evenly.checkins import services
from tests.web.api.conftest import Api
from tests.web.api.test_readme_week import _send

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[3] / "README.md"
SECTION = "**How it feels and the lens**"


def _curls() -> list[list[str]]:
    text = README.read_text()
    section = text[text.index(SECTION) : text.index("### This week from a script")]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.DOTALL)
    words = shlex.split(block.replace("\\\n", " "))
    commands: list[list[str]] = []
    for word in words:
        if word == "curl":
            commands.append([word])
        else:
            commands[-1].append(word)
    return commands


def test_the_readme_turns_it_on_answers_reads_and_asks_the_lens(api: Api) -> None:
    home = api.home
    checkin = services.checkin_start(member=home.owner)
    note = services.item_add(
        member=home.owner,
        checkin=checkin,
        kind="went_well",
        text="I always kept an emergency fund in case something happened to our family.",
    )
    ours = f"/households/{home.household.pk}/"
    commands = [
        [
            w.replace("/households/1/", ours).replace(
                "/checkin-items/12/", f"/checkin-items/{note.pk}/"
            )
            for w in c
        ]
        for c in _curls()
    ]
    setting, answer, state, lens = commands
    env = {"TOKEN": api.robin}
    assert _send(setting, env).json()["on"] is True
    mine = _send(answer, env).json()["mine"]
    assert mine["fair_to_me"] == 5 and mine["csi4"] == 13
    read = _send(state, env).json()
    assert read["answered"] == [{"id": home.owner.pk, "name": "Robin"}] and read["open"] is False
    reading = _send(lens, env).json()["reading"]
    assert reading["script"] == "Männer sind Versorger"
