"""Chores from another app: each format, German CSV, every kind of problem, and a fuzz that the
reader never raises anything but its own error."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evenly.core import bounds
from evenly.core.chore_import import (
    ESTIMATED_MINUTES,
    ChoreImportError,
    Format,
    HouseholdCards,
    cadence_words,
    catalog_match,
    match_key,
    read_chores,
)


def problems_of(data: bytes, household: HouseholdCards | None = None) -> list[str]:
    with pytest.raises(ChoreImportError) as caught:
        read_chores(data, household=household)
    return [str(p) for p in caught.value.problems]


# --- CSV ----------------------------------------------------------------------------------


def test_english_csv():
    result = read_chores(
        b"name,how often,minutes\nDishes,daily,20\nFeed the starter,every 2 weeks,7.5\n"
    )
    assert result.format is Format.CSV
    dishes, starter = result.chores
    assert (dishes.name, dishes.cadence.text, dishes.minutes) == ("Dishes", "daily", 20)
    assert dishes.catalog is not None and dishes.catalog.key == "dishes"
    assert (starter.cadence.text, starter.minutes, starter.catalog) == (
        "every 2 weeks",
        Fraction(15, 2),
        None,
    )
    assert dishes.where == 'row 2 ("Dishes")'


def test_german_csv_with_semicolons_and_german_catalog_names():
    text = "Name;Wie oft;Minuten\nAbwasch;täglich;20\nWäsche waschen;wöchentlich;\nBad putzen;2 mal pro Woche;7,5\nFenster;alle 2 Monate;60\n"
    result = read_chores(text.encode("utf-8"))
    cadences = [c.cadence.text for c in result.chores]
    assert cadences == ["daily", "weekly", "2 per week", "every 2 months"]
    abwasch, waesche, bad, _fenster = result.chores
    assert abwasch.catalog is not None and abwasch.catalog.key == "dishes"
    assert waesche.catalog is not None and waesche.minutes_estimated
    assert waesche.minutes == waesche.catalog.minutes  # the catalog's minutes where none given
    assert bad.minutes == Fraction(15, 2)


def test_windows_spreadsheet_csv_is_read():
    text = "Aufgabe;Häufigkeit;Dauer\nMüll rausbringen;wöchentlich;10\n"
    result = read_chores(b"\xef\xbb\xbf" + text.encode("utf-8"))  # with a byte-order mark
    assert result.chores[0].name == "Müll rausbringen"
    result = read_chores(text.encode("cp1252"))
    assert result.chores[0].name == "Müll rausbringen"


def test_a_chore_without_minutes_nor_match_is_an_estimate():
    (chore,) = read_chores(b"name,how often\nFeed the starter,weekly\n").chores
    assert (chore.minutes, chore.minutes_estimated) == (ESTIMATED_MINUTES, True)


@pytest.mark.parametrize(
    ("said", "grammar"),
    [
        ("weekly", "weekly"),
        ("Every 2 weeks", "every 2 weeks"),
        ("every other week", "every 2 weeks"),
        ("daily", "daily"),
        ("monthly", "monthly"),
        ("twice a week", "2 per week"),
        ("3x per week", "3 per week"),
        ("3 times a month", "3 per month"),
        ("wöchentlich", "weekly"),
        ("Täglich", "daily"),
        ("monatlich", "monthly"),
        ("jährlich", "yearly"),
        ("zweimal pro Woche", "2 per week"),
        ("3-mal im Monat", "3 per month"),
        ("alle zwei Wochen", "every 2 weeks"),
        ("alle 3 Tage", "every 3 days"),
        ("jede 2. Woche", "every 2 weeks"),
        ("alle 2 Jahre", "every 24 months"),
        ("14-tägig", "every 2 weeks"),
        ("werktags", "weekdays"),
        ("am Wochenende", "weekends"),
        ("2 mal am Tag", "14 per week"),
    ],
)
def test_cadence_words(said, grammar):
    assert cadence_words(said) == grammar


def test_every_csv_problem_at_once_with_its_row():
    text = (
        "name,how often,minutes\n"
        "Dishes,sometimes,20\n"  # unknown cadence: a problem, never a guess
        ",weekly,10\n"  # no name
        "Laundry,weekly,abc\n"  # minutes not a number
        "Windows,monthly,2000\n"  # minutes over the bound
        "Bins,weekly,0\n"  # minutes zero
        f"{'x' * (bounds.MAX_CARD_NAME_CHARS + 1)},weekly,5\n"  # name too long
        "Hoover,60 per week,5\n"  # too often
        "Bell\x07,weekly,5\n"  # a control character
        "Gutters,,5\n"  # no cadence
    )
    found = problems_of(text.encode())
    assert found[0].startswith('row 2 ("Dishes"): "sometimes" is not a cadence Evenly understands')
    assert 'write e.g. "daily"' in found[0] and '"wöchentlich"' in found[0]
    assert any(p.startswith("row 3: the chore has no name") for p in found)
    assert any(
        p.startswith('row 4 ("Laundry"): minutes each time "abc" is not a number') for p in found
    )
    assert any(
        p.startswith('row 5 ("Windows"): minutes each time must be from 0 to 1440') for p in found
    )
    assert any(p.startswith('row 6 ("Bins"): minutes each time must be more than 0') for p in found)
    assert any(p.startswith("row 7 (") and "characters; at most 80" in p for p in found)
    assert any(p.startswith('row 8 ("Hoover"): "60 per week" is too often') for p in found)
    assert any(p.startswith("row 9 (") and "control or invisible character" in p for p in found)
    assert any(p.startswith('row 10 ("Gutters"): how often is empty') for p in found)
    assert len(found) == 9


def test_missing_and_doubled_columns():
    (found,) = problems_of(b"chore;minutes\nDishes;20\n")
    assert found.startswith("row 1: the first row names the columns; it needs")
    assert '"how often" (or "Wie oft")' in found
    found = problems_of(b"name,how often,name\nDishes,daily,Dishes\n")
    assert found == ['row 1: two columns say "name"; keep one']


def test_duplicates_and_cards_the_household_has_are_skipped():
    text = b"name,how often,minutes\nDishes,daily,20\n  dishes!,weekly,10\nLaundry,weekly,40\nAbwasch,daily,10\n"
    result = read_chores(text, household=HouseholdCards(names=("LAUNDRY",)))
    assert [c.name for c in result.chores] == ["Dishes"]
    skipped = {s.where: str(s.reason) for s in result.skipped}
    assert skipped['row 3 ("dishes!")'] == 'the same chore as row 2 ("Dishes")'
    assert skipped['row 4 ("Laundry")'] == "the household has this card already"
    # "Abwasch" is the catalog's Dishes in German: the same chore again.
    assert skipped['row 5 ("Abwasch")'] == 'the same chore as row 2 ("Dishes")'
    # A catalog card the household added under its German name is that card too.
    result = read_chores(
        b"name,how often\nDishes,daily\n", household=HouseholdCards(names=("Abwasch",))
    )
    assert result.chores == () and len(result.skipped) == 1
    result = read_chores(
        b"name,how often\nDishes,daily\n", household=HouseholdCards(catalog_keys=("dishes",))
    )
    assert result.chores == ()


def test_room_in_the_household():
    text = b"name,how often\nA,daily\nB,daily\nC,daily\n"
    (found,) = problems_of(text, HouseholdCards(room=2))
    assert found.startswith("the file adds 3 cards, and the household has room for 2 more")


def test_file_bounds():
    (found,) = problems_of(b"x" * (bounds.MAX_CHORE_FILE_BYTES + 1))
    assert f"at most {bounds.MAX_CHORE_FILE_BYTES}" in found
    rows = "".join(f"chore {i},weekly\n" for i in range(bounds.MAX_IMPORT_CHORES + 1))
    (found,) = problems_of(("name,how often\n" + rows).encode())
    assert found.startswith(f"the file has {bounds.MAX_IMPORT_CHORES + 1} chores; at most")
    (found,) = problems_of(b"[" * 50 + b"]" * 50)
    assert "more than 8 deep" in found
    (found,) = problems_of(b"[" * 100_000)
    assert "deep" in found or "not valid JSON" in found
    assert problems_of(b"   \n") == ["the file is empty; it needs a chore on each row or entry"]
    assert problems_of(b"name,how often\n") == ["the file has no chores"]
    assert problems_of(b"\x81\x8d\x8f\x90") == [
        "the file is not text; save it as CSV (UTF-8) or JSON"
    ]


def test_many_problems_are_cut_short():
    rows = "".join(f"chore {i},sometimes\n" for i in range(bounds.MAX_REPORTED_PROBLEMS + 5))
    found = problems_of(("name,how often\n" + rows).encode())
    assert len(found) == bounds.MAX_REPORTED_PROBLEMS + 1
    assert found[-1] == "more problems follow; correct these first"


# --- Grocy --------------------------------------------------------------------------------


def test_grocy_chores():
    chores = [
        {
            "id": "1",
            "name": "Dishes",
            "period_type": "daily",
            "period_interval": "1",
            "description": "",
        },
        {
            "id": 2,
            "name": "Vacuuming",
            "period_type": "weekly",
            "period_interval": 1,
            "period_config": "monday,thursday",
        },
        {
            "id": 3,
            "name": "Bins",
            "period_type": "weekly",
            "period_interval": "2",
            "period_config": "friday",
        },
        {
            "id": 4,
            "name": "Plants",
            "period_type": "dynamic-regular",
            "period_days": "3",
            "period_interval": None,
        },
        {
            "id": 5,
            "name": "Descale",
            "period_type": "monthly",
            "period_days": 15,
            "period_interval": 3,
        },
        {"id": 6, "name": "Smoke alarms", "period_type": "yearly", "period_interval": 1},
        {"id": 7, "name": "Batteries", "period_type": "manually"},
        {
            "id": 8,
            "name": "Gym bag",
            "period_type": "weekly",
            "period_interval": 2,
            "period_config": "monday,thursday",
        },
        {
            "id": 9,
            "name": "Weekdays",
            "period_type": "weekly",
            "period_config": "monday,tuesday,wednesday,thursday,friday",
        },
    ]
    result = read_chores(json.dumps(chores).encode())
    assert result.format is Format.GROCY
    assert [(c.name, c.cadence.text) for c in result.chores] == [
        ("Dishes", "daily"),
        ("Vacuuming", "2 per week"),
        ("Bins", "every 2 weeks"),
        ("Plants", "every 3 days"),
        ("Descale", "every 3 months"),
        ("Smoke alarms", "yearly"),
        ("Gym bag", "52 per year"),
        ("Weekdays", "weekdays"),
    ]
    assert all(c.minutes_estimated for c in result.chores)
    (batteries,) = result.skipped
    assert batteries.where == 'entry 7 ("Batteries")'
    assert "done when needed" in batteries.reason


def test_grocy_problems():
    chores = [
        {"name": "Hourly", "period_type": "hourly", "period_interval": 1},
        {
            "name": "Odd",
            "period_type": "weekly",
            "period_interval": 3,
            "period_config": "monday,friday",
        },
        {"name": "Strange", "period_type": "fortnightlyish"},
        {"name": "Zero", "period_type": "daily", "period_interval": "0"},
        {"name": "Days", "period_type": "weekly", "period_config": "mondai"},
        {"name": "", "period_type": "daily"},
        "not a chore",
        {"name": "Dyn", "period_type": "dynamic-regular", "period_days": "x"},
        {"name": "Too far", "period_type": "daily", "period_interval": 400},
    ]
    found = problems_of(json.dumps(chores).encode())
    assert found[0].startswith('entry 1 ("Hourly"): hourly is too often')
    assert found[1].startswith('entry 2 ("Odd"): 2 days every 3 weeks is no cadence')
    assert found[2].startswith('entry 3 ("Strange"): period_type "fortnightlyish" is not one')
    assert found[3].startswith('entry 4 ("Zero"): period_interval must be a whole number')
    assert found[4].startswith('entry 5 ("Days"): period_config names weekdays')
    assert found[5].startswith("entry 6: the chore has no name")
    assert found[6].startswith("entry 7: the entry is not a chore")
    assert found[7].startswith('entry 8 ("Dyn"): period_days must be')
    assert found[8].startswith('entry 9 ("Too far"): "every 400 days" is too far apart')
    assert all("export again" in p for p in found[:5])


# --- Donetick -----------------------------------------------------------------------------


def test_donetick_chores():
    chores = {
        "res": [
            {"id": 1, "name": "Dishes", "frequencyType": "daily", "frequency": 1, "isActive": True},
            {
                "id": 2,
                "name": "Laundry",
                "frequencyType": "days_of_the_week",
                "frequency": 1,
                "frequencyMetadata": {"days": ["monday", "thursday"], "time": "18:00"},
            },
            {
                "id": 3,
                "name": "Gutters",
                "frequencyType": "interval",
                "frequency": 6,
                "frequencyMetadata": {"unit": "months"},
            },
            {
                "id": 4,
                "name": "Rent",
                "frequencyType": "day_of_the_month",
                "frequency": 1,
                "frequencyMetadata": {
                    "months": [
                        "january",
                        "february",
                        "march",
                        "april",
                        "may",
                        "june",
                        "july",
                        "august",
                        "september",
                        "october",
                        "november",
                        "december",
                    ]
                },
            },
            {"id": 5, "name": "Taxes", "frequencyType": "yearly", "frequency": 1},
            {"id": 6, "name": "Call the plumber", "frequencyType": "once"},
            {
                "id": 7,
                "name": "Weekend shop",
                "frequencyType": "days_of_the_week",
                "frequencyMetadata": '{"days": ["saturday", "sunday"]}',
            },
            {
                "id": 8,
                "name": "Filters",
                "frequencyType": "interval",
                "frequency": 2,
                "frequencyMetadata": {"unit": "years"},
            },
        ]
    }
    result = read_chores(json.dumps(chores).encode())
    assert result.format is Format.DONETICK
    assert [(c.name, c.cadence.text) for c in result.chores] == [
        ("Dishes", "daily"),
        ("Laundry", "2 per week"),
        ("Gutters", "every 6 months"),
        ("Rent", "monthly"),
        ("Taxes", "yearly"),
        ("Weekend shop", "weekends"),
        ("Filters", "every 24 months"),
    ]
    assert result.chores[0].catalog is not None  # Dishes: the catalog's minutes
    assert [s.name for s in result.skipped] == ["Call the plumber"]
    # A bare list (the chores without Donetick's "res") reads the same.
    assert read_chores(json.dumps(chores["res"]).encode()).chores == result.chores


def test_donetick_problems():
    chores = [
        {"name": "Adaptive", "frequencyType": "adaptive", "frequency": 1},
        {
            "name": "Hours",
            "frequencyType": "interval",
            "frequency": 4,
            "frequencyMetadata": {"unit": "hours"},
        },
        {"name": "No days", "frequencyType": "days_of_the_week", "frequencyMetadata": {}},
        {"name": "Custom", "frequencyType": "custom"},
        {
            "name": "Zero",
            "frequencyType": "interval",
            "frequency": 0,
            "frequencyMetadata": {"unit": "days"},
        },
    ]
    found = problems_of(json.dumps(chores).encode())
    assert found[0].startswith('entry 1 ("Adaptive"): Donetick\'s adaptive frequency')
    assert found[1].startswith('entry 2 ("Hours"): an interval needs frequencyMetadata.unit')
    assert found[2].startswith('entry 3 ("No days"): days_of_the_week needs')
    assert found[3].startswith('entry 4 ("Custom"): frequencyType "custom" is not one')
    assert found[4].startswith('entry 5 ("Zero"): frequency must be a whole number')
    assert len(found) == 5


def test_json_that_is_no_export():
    (found,) = problems_of(b'{"hello": "world"}')
    assert found.startswith("the file is JSON, but not a list of chores from Donetick")
    (found,) = problems_of(b'[{"title": "x"}]')
    assert found.startswith("the file is JSON, but not a list")
    (found,) = problems_of(b'[{"name": "x",')
    assert found.startswith("the file is not valid JSON")


# --- matching -----------------------------------------------------------------------------


def test_match_key_and_catalog_match():
    assert match_key("  Bins-OUT! ") == match_key("bins out") == "binsout"
    assert match_key("Wäsche") == match_key("wasche")
    dishes = catalog_match("DISHES")
    assert dishes is not None and dishes.key == "dishes"
    assert catalog_match("abwasch") == dishes
    assert catalog_match("Something nobody has") is None
    assert catalog_match("!!!") is None


# --- fuzz ---------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.sampled_from(["daily", "weekly", "interval", "days_of_the_week", "manually", "monday", "x"]),
    st.text(max_size=12),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
DONETICK = st.fixed_dictionaries(
    {
        "frequencyType": st.sampled_from(
            ["daily", "interval", "days_of_the_week", "day_of_the_month", "once", "adaptive"]
        )
        | VALUES
    },
    optional={"name": VALUES, "frequency": VALUES, "frequencyMetadata": VALUES},
)
GROCY = st.fixed_dictionaries(
    {
        "period_type": st.sampled_from(
            ["daily", "weekly", "monthly", "yearly", "dynamic-regular", "manually"]
        )
        | VALUES
    },
    optional={
        "name": VALUES,
        "period_interval": VALUES,
        "period_days": VALUES,
        "period_config": VALUES,
    },
)
CSV_CELL = st.sampled_from(
    ["Dishes", "weekly", "alle 2 Wochen", "30", "7,5", "", '"', ";", "\n", "x" * 90]
) | st.text(max_size=10)
CSV_TEXT = st.lists(st.lists(CSV_CELL, max_size=4), max_size=6).map(
    lambda rows: "name;how often;minutes\n" + "\n".join(";".join(r) for r in rows)
)


def never_raises_but_its_own(data: bytes) -> None:
    try:
        read_chores(data, household=HouseholdCards(names=("Dishes",), room=3))
    except ChoreImportError as error:
        assert error.problems
        assert all(str(p) for p in error.problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_fuzz_bytes(data):
    never_raises_but_its_own(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CSV_TEXT)
def test_fuzz_csv(text):
    never_raises_but_its_own(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(DONETICK | GROCY | VALUES, max_size=5) | VALUES)
def test_fuzz_json(value):
    text = json.dumps(value) if not isinstance(value, dict) else json.dumps({"res": [value]})
    never_raises_but_its_own(text.encode("utf-8", "surrogatepass"))
