"""The household document's checks: bounds, every problem at once, each with its path."""

from __future__ import annotations

import json

import pytest

from evenly.core.bounds import MAX_DOCUMENT_DEPTH, MAX_HOUSEHOLD_DOCUMENT_BYTES
from evenly.core.household_document import (
    DocumentError,
    checked,
    document_problems,
    parse_document,
)

GOOD = {
    "format": "evenly-household",
    "version": 1,
    "household": {
        "name": "Robin & Sam",
        "time_zone": "Europe/Berlin",
        "fairness": "equal",
        "tolerance_minutes": 15,
        "drift_weeks": 3,
        "count_personal_time": False,
        "created_at": "2026-01-01T09:00:00+00:00",
    },
    "members": [
        {
            "key": "m1",
            "display_name": "Robin",
            "you": True,
            "paid_hours": "38.5",
            "personal_time_goal_minutes": 0,
            "share": None,
            "capacity": "1",
            "joined_at": "2026-01-01T09:00:00+00:00",
            "left_at": None,
        }
    ],
    "cards": [
        {
            "name": "Laundry",
            "category": "Home",
            "cadence": "weekly",
            "minutes": "60",
            "mental_minutes": "5",
            "locked_to": "m1",
            "rotation": [],
            "weekdays": [5],
            "created_at": "2026-01-01T09:00:00+00:00",
            "ratings": [{"member": "m1", "preference": "fine", "minutes": None}],
        }
    ],
}


def test_a_good_document_has_no_problems() -> None:
    assert document_problems(GOOD) == []
    assert checked(GOOD) is GOOD


def test_every_problem_is_listed_with_its_path() -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["household"]["drift_weeks"] = 99
    bad["members"][0]["paid_hours"] = 38.5  # a float, not exact text
    bad["cards"][0]["cadence"] = "whenever"
    bad["cards"][0]["locked_to"] = "m2"
    bad["cards"][0]["weekdays"] = [7]
    bad["cards"][0]["ratings"].append({"member": "m1", "preference": "meh"})
    bad["ledger"] = [{"member": "m1", "card": "Hoovering", "kind": "did", "minutes": "5"}]
    paths = [p.path for p in document_problems(bad)]
    for path in (
        "household.drift_weeks",
        "members[0].paid_hours",
        "cards[0].cadence",
        "cards[0].locked_to",
        "cards[0].weekdays",
        "cards[0].ratings[1].member",
        "cards[0].ratings[1].preference",
        "ledger[0].card",
        "ledger[0].done_on",
    ):
        assert path in paths, (path, paths)


def test_another_kind_of_file_is_told_so_and_nothing_more() -> None:
    problems = document_problems({"format": "evenly-person", "version": 1, "members": 3})
    assert [p.path for p in problems] == ["format"]
    assert [p.path for p in document_problems([1, 2])] == [""]


def test_size_depth_and_json_are_checked_before_parsing() -> None:
    with pytest.raises(DocumentError, match="larger than"):
        parse_document(b" " * (MAX_HOUSEHOLD_DOCUMENT_BYTES + 1))
    deep = b"[" * (MAX_DOCUMENT_DEPTH + 1) + b"]" * (MAX_DOCUMENT_DEPTH + 1)
    with pytest.raises(DocumentError, match="nests"):
        parse_document(deep)
    assert parse_document(b'{"a": "[[[[[[[[[[[[[[[["}') == {"a": "[" * 16}  # text is not nesting
    for raw, said in ((b"{oops", "not JSON"), (b"\xff", "UTF-8"), (b'{"a": NaN}', "not JSON")):
        with pytest.raises(DocumentError, match=said):
            parse_document(raw)


def test_counts_names_and_the_member_who_exports_are_bounded() -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["members"] = [
        {**GOOD["members"][0], "key": f"m{i}", "display_name": f"P{i}", "you": i == 1}  # type: ignore[dict-item]
        for i in range(1, 11)
    ]
    bad["cards"] = [GOOD["cards"][0], {**GOOD["cards"][0], "name": "laundry "}]  # type: ignore[index]
    messages = {p.path: str(p.message) for p in document_problems(bad)}
    assert "at most 8" in messages["members"]
    assert messages["cards[1].name"] == "is used by two cards"
    nobody = json.loads(json.dumps(GOOD))
    nobody["members"][0]["you"] = False
    assert "exactly one" in str(document_problems(nobody)[0].message)


def test_control_and_nul_characters_are_refused_wherever_they_hide() -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["cards"][0]["standard"] = "Fold \x1b[31m it"
    bad["deals"] = [
        {
            "version": 1,
            "status": "active",
            "fairness": "equal",
            "created_at": "2026-01-01T09:00:00+00:00",
            "certificate": {"reasons": {"Laundry": "a\x00b"}},
            "cards": [],
        }
    ]
    messages = {p.path: str(p.message) for p in document_problems(bad)}
    assert "control character" in messages["cards[0].standard"]
    assert "NUL" in messages["deals[0].certificate.reasons.Laundry"]


def test_texts_are_bounded_by_what_the_database_keeps() -> None:
    bad = json.loads(json.dumps(GOOD))
    bad["cards"][0]["standard"] = "x" * 241
    bad["members"].append(
        {**bad["members"][0], "key": "m2", "display_name": "robin ", "you": False}
    )
    messages = {p.path: str(p.message) for p in document_problems(bad)}
    assert "at most 240" in messages["cards[0].standard"]
    assert messages["members[1].display_name"] == "is used by two members"
