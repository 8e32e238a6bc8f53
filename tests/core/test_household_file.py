"""Reading household files: the contract, and a clear message for every bad input."""

from pathlib import Path

import pytest

from evenly.core.household_file import (
    HouseholdFileError,
    load_household,
    parse_household,
    starter_household,
)
from evenly.core.model import FairnessBasis, Preference

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "robin-and-sam.toml"

GOOD = """
name = "Robin & Sam"
fairness = "custom"
tolerance_minutes = 10

[[members]]
name = "Robin"
paid_hours = 38
share = 0.6

[[members]]
name = "Sam"
share = 0.4

[[responsibilities]]
name = "Laundry"
catalog = "laundry"
cadence = "weekly"
minutes = 45
mental_minutes = 10
standard = "Washed, dried, folded and put away the same day"
current = "Sam"
  [responsibilities.ratings.Robin]
  preference = "enjoy"
  minutes = 40

[[responsibilities]]
name = "Dishes"
category = "Kitchen & food"
cadence = "daily"
minutes = 20
rotate = ["Robin", "Sam"]

[[responsibilities]]
name = "Taxes"
catalog = "taxes"
owner = "Robin"
"""


def test_the_contract_reads_every_field() -> None:
    h = parse_household(GOOD)
    assert h.name == "Robin & Sam"
    assert h.fairness is FairnessBasis.CUSTOM
    assert h.tolerance_minutes == 10
    assert [m.name for m in h.members] == ["Robin", "Sam"]
    assert h.members[0].paid_hours == 38 and h.members[1].paid_hours == 0
    laundry, dishes, taxes = h.responsibilities
    assert laundry.catalog_key == "laundry" and laundry.cadence.text == "weekly"
    assert laundry.minutes == 45 and laundry.mental_minutes == 10
    assert laundry.current == "Sam"
    assert laundry.rating("Robin").preference is Preference.ENJOY
    assert laundry.rating("Robin").minutes == 40
    assert laundry.rating("Sam").preference is Preference.FINE
    assert dishes.rotate == ("Robin", "Sam") and dishes.mental_minutes == 0
    assert taxes.owner == "Robin" and taxes.category == "Money & admin"
    assert h.is_redeal


def test_catalog_defaults_fill_missing_fields() -> None:
    h = parse_household(
        'name = "A"\n[[members]]\nname = "A"\n[[responsibilities]]\ncatalog = "laundry"\n'
    )
    c = h.responsibilities[0]
    assert c.name == "Laundry" and c.category == "Laundry & clothes" and c.standard


def test_the_example_household_is_valid_and_realistic() -> None:
    h = load_household(EXAMPLE)
    assert 55 <= len(h.responsibilities) <= 65
    assert len(h.members) == 2
    assert any(c.rotate for c in h.responsibilities)
    assert any(c.owner for c in h.responsibilities)


def problems(text: str) -> list[str]:
    with pytest.raises(HouseholdFileError) as err:
        parse_household(text, source="home.toml")
    return [p.describe("home.toml") for p in err.value.problems]


BASE = 'name = "H"\n[[members]]\nname = "Robin"\n[[members]]\nname = "Sam"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name = ", "not valid TOML"),
        ('fairness = "equal"\n[[members]]\nname = "A"', "field name: must be non-empty text"),
        ('name = "H"', "field members: needs at least one member"),
        ('name = "H"\nfairness = "equl"\n[[members]]\nname = "A"', 'did you mean "equal"'),
        ('name = "H"\ntolerance_minutes = -1\n[[members]]\nname = "A"', "must be at least 0"),
        ('name = "H"\ncolour = 1\n[[members]]\nname = "A"', "field colour: is not a field"),
        ('name = "H"\n' + '[[members]]\nname = "A"\n' * 2, 'member "A", field name: is used twice'),
        (
            'name = "H"\n[[members]]\nname = "A"\npaid_hours = "lots"',
            "field paid_hours: must be a number",
        ),
        ('name = "H"\n[[members]]\nname = "A"\npaid_hours = 140', "must be at most 100"),
        (
            'name = "H"\nfairness = "custom"\n[[members]]\nname = "A"\nshare = 0.5\n'
            '[[members]]\nname = "B"\nshare = 0.4',
            "shares must add up to 1; 0.5 + 0.4 = 0.9",
        ),
        ('name = "H"\nfairness = "custom"\n[[members]]\nname = "A"', "field share: is needed"),
        (
            BASE + '[[responsibilities]]\nname = "X"\ncadence = "weekly"\nminutes = 5',
            "field category: is missing",
        ),
        (BASE + '[[responsibilities]]\ncatalog = "laundri"', 'did you mean "laundry"'),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\ncadence = "weekley"',
            'card "Laundry", field cadence: "weekley" is not a cadence',
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\nminutes = 0',
            "field minutes: must be more than 0",
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\nminutes = "ten"',
            "field minutes: must be a number",
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\nmental_minutes = -3',
            "field mental_minutes: must be at least 0",
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\nowner = "Sma"',
            "'Sma' is not a member (did you mean \"Sam\"?)",
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\ncurrent = "Kai"',
            "field current: 'Kai' is not a member",
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\nrotate = ["Robin"]',
            "must list two to 8 members",
        ),
        (
            BASE
            + '[[responsibilities]]\ncatalog = "laundry"\nrotate = ["Robin", "Sam"]\nowner = "Sam"',
            "either locked to an owner or rotated",
        ),
        (
            BASE
            + '[[responsibilities]]\ncatalog = "laundry"\n[[responsibilities]]\ncatalog = "laundry"',
            "used by two cards",
        ),
        (
            BASE
            + '[[responsibilities]]\ncatalog = "laundry"\n[responsibilities.ratings.Kai]\npreference = "fine"',
            'field ratings.Kai: "Kai" is not a member',
        ),
        (
            BASE
            + '[[responsibilities]]\ncatalog = "laundry"\n[responsibilities.ratings.Sam]\npreference = "love"',
            "field ratings.Sam.preference: must be one of",
        ),
        (
            BASE
            + '[[responsibilities]]\ncatalog = "laundry"\n[responsibilities.ratings.Sam]\nminutes = -5',
            "field ratings.Sam.minutes: must be more than 0",
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\n[responsibilities.ratings.Sam]\n'
            'preference = "cannot"\n[responsibilities.ratings.Robin]\npreference = "cannot"',
            'card "Laundry", field ratings: nobody can do this card',
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\nowner = "Sam"\n'
            '[responsibilities.ratings.Sam]\npreference = "cannot"',
            "locks the card to Sam, who rated it cannot",
        ),
        (
            BASE + '[[responsibilities]]\ncatalog = "laundry"\nrotate = ["Robin", "Sam"]\n'
            '[responsibilities.ratings.Sam]\npreference = "cannot"',
            'includes "Sam", who rated it cannot',
        ),
    ],
)
def test_bad_input_names_the_place_and_the_fix(text: str, expected: str) -> None:
    found = problems(text)
    assert any(expected in p for p in found), found
    assert all(p.startswith("home.toml") for p in found)


def test_every_problem_is_reported_at_once() -> None:
    found = problems(
        BASE
        + '[[responsibilities]]\ncatalog = "laundry"\ncadence = "sometimes"\n'
        + '[[responsibilities]]\ncatalog = "dishes"\nowner = "Nobody"\n'
    )
    assert len(found) == 2


def test_too_many_members() -> None:
    text = 'name = "H"\n' + "".join(f'[[members]]\nname = "M{i}"\n' for i in range(9))
    assert any("1 to 8" in p for p in problems(text))


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(HouseholdFileError, match="no such file"):
        load_household(tmp_path / "absent.toml")
    with pytest.raises(HouseholdFileError, match="folder"):
        load_household(tmp_path)
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(HouseholdFileError, match="UTF-8"):
        load_household(bad)


@pytest.mark.parametrize("fairness", list(FairnessBasis))
def test_starter_files_are_valid(fairness: FairnessBasis) -> None:
    text = starter_household(name="Home", members=["Robin", "Sam", "Kai"], fairness=fairness)
    h = parse_household(text)
    assert len(h.responsibilities) >= 95
    assert h.fairness is fairness


def test_starter_file_by_category_and_odd_names() -> None:
    text = starter_household(
        name='The "Big" house', members=["Ana María", "Jo"], categories=["Pets"]
    )
    h = parse_household(text)
    assert {c.category for c in h.responsibilities} == {"Pets"}
    assert h.name == 'The "Big" house'
    assert h.members[0].name == "Ana María"
