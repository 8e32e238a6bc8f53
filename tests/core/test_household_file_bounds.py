"""Issue 12: every number, name and size in a household file is within core.bounds, or a named
problem; nothing a file holds raises, runs for seconds or takes gigabytes."""

import io
import time
from pathlib import Path

import pytest

from evenly.core import bounds
from evenly.core.household_file import (
    HouseholdFileError,
    load_household,
    parse_household,
    read_bounded,
)

BASE = 'name = "H"\n[[members]]\nname = "Robin"\n[[members]]\nname = "Sam"\n'
CARD = '[[responsibilities]]\nname = "Laundry"\ncategory = "Laundry"\ncadence = "weekly"\n'


def problems(text: str) -> list[str]:
    with pytest.raises(HouseholdFileError) as err:
        parse_household(text, source="home.toml")
    return [p.describe("home.toml") for p in err.value.problems]


def one_problem_with(text: str, expected: str) -> None:
    found = problems(text)
    assert any(expected in line for line in found), found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BASE + CARD + "minutes = 1e308", "field minutes: must be at most 1440 minutes"),
        (BASE + CARD + "minutes = " + "9" * 4000, "field minutes: must be at most 1440 minutes"),
        (BASE + CARD + "minutes = 1441", "must be at most 1440 minutes; got 1441"),
        (BASE + CARD + "minutes = nan", "field minutes: must be a finite number"),
        (BASE + CARD + "minutes = inf", "field minutes: must be a finite number"),
        (BASE + CARD + "minutes = 30\nmental_minutes = 1e300", "at most 10080 minutes"),
        (
            BASE + CARD + "minutes = 30\n[responsibilities.ratings.Robin]\nminutes = 1e300",
            "field ratings.Robin.minutes: must be at most 1440 minutes",
        ),
        (
            BASE + CARD.replace('"weekly"', '"1000000 per week"') + "minutes = 30",
            "at most 50 times a week",
        ),
        ('name = "H"\ntolerance_minutes = 1e9\n[[members]]\nname = "A"', "at most 600 minutes"),
        ('name = "H"\n[[members]]\nname = "A"\npersonal_hours = 1e20', "at most 100 hours"),
        ('name = "H"\n[[members]]\nname = "A"\ncapacity = 2', "capacity: must be at most 1"),
        (
            'name = "H"\nfairness = "custom"\n[[members]]\nname = "A"\nshare = 1e308',
            "share: must be at most 1",
        ),
        (
            BASE + CARD + "minutes = 30\nrotate = [" + '"Robin",' * 10_000 + "]",
            "must list two to 8 members",
        ),
    ],
)
def test_a_number_out_of_bounds_is_a_named_problem(text: str, expected: str) -> None:
    one_problem_with(text, expected)


def test_an_integer_of_5000_digits_is_a_problem_not_a_crash() -> None:
    one_problem_with(BASE + CARD + "minutes = " + "9" * 5000, "cannot read")


@pytest.mark.parametrize("opener", ["[", "{a="])
def test_deep_nesting_is_a_problem_not_a_recursion_error(opener: str) -> None:
    closer = "]" if opener == "[" else "}"
    text = BASE + "x = " + opener * 5000 + "1" + closer * 5000
    one_problem_with(text, f"nests tables or lists more than {bounds.MAX_NESTING_DEPTH} deep")


def test_deep_dotted_keys_are_refused_too() -> None:
    text = BASE + "x" + ".x" * 200 + " = 1"
    one_problem_with(text, "nests tables or lists more than")


def test_more_cards_than_the_bound_is_one_problem() -> None:
    cards = "".join(
        f'[[responsibilities]]\nname = "C{i}"\ncategory = "K"\ncadence = "weekly"\nminutes = 5\n'
        for i in range(bounds.MAX_CARDS + 1)
    )
    assert problems(BASE + cards) == [
        f"home.toml, field responsibilities: has {bounds.MAX_CARDS + 1} cards; "
        f"a household has at most {bounds.MAX_CARDS}"
    ]


def test_a_household_at_the_card_bound_is_read() -> None:
    cards = "".join(
        f'[[responsibilities]]\nname = "C{i}"\ncategory = "K"\ncadence = "weekly"\nminutes = 5\n'
        for i in range(bounds.MAX_CARDS)
    )
    assert len(parse_household(BASE + cards).responsibilities) == bounds.MAX_CARDS


def test_names_that_differ_only_by_case_or_spacing_are_one_name() -> None:
    one_problem_with(
        'name = "H"\n[[members]]\nname = "Robin"\n[[members]]\nname = " robin "',
        'member "robin", field name: is used twice',
    )
    one_problem_with(
        BASE + CARD + "minutes = 5\n" + CARD.replace("Laundry", "LAUNDRY ", 1) + "minutes = 5",
        'card "LAUNDRY", field name: is used by two cards',
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('name = "H"\n[[members]]\nname = "Ro\\u001b[31mbin"', "control or invisible character"),
        ('name = "H"\n[[members]]\nname = "' + "R" * 41 + '"', "at most 40"),
        ('name = "' + "H" * 81 + '"\n[[members]]\nname = "A"', "at most 80"),
        (BASE + CARD.replace("Laundry", "L" * 81, 1) + "minutes = 5", "at most 80"),
        (BASE + CARD + 'minutes = 5\nstandard = "ok\\u0007"', "control or invisible"),
    ],
)
def test_names_with_control_characters_or_too_long_are_refused(text: str, expected: str) -> None:
    one_problem_with(text, expected)


def test_a_problem_line_never_carries_a_control_character() -> None:
    found = problems(BASE + '"\\u001b[2J" = 2\n"\\u0000" = 3')
    assert len(found) == 2
    assert not any(ch in line for line in found for ch in "\x1b\x00\n")


def test_many_problems_are_reported_up_to_the_bound() -> None:
    text = BASE + "".join(f"unknown{i} = 1\n" for i in range(1000))
    found = problems(text)
    assert len(found) == bounds.MAX_REPORTED_PROBLEMS + 1
    assert "more problems follow" in found[-1]


def test_a_file_over_the_size_bound_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as f:  # sparse: 50 MB that take no disk and must not be read
        f.truncate(50_000_000)
    started = time.perf_counter()
    with pytest.raises(HouseholdFileError, match="a household file is at most 1,000,000 bytes"):
        load_household(big)
    assert time.perf_counter() - started < 1


def test_text_over_the_size_bound_is_refused_before_parsing() -> None:
    one_problem_with("# " + "x" * bounds.MAX_FILE_BYTES, "at most 1,000,000 bytes")


def test_a_stream_is_read_no_further_than_the_bound() -> None:
    class Endless(io.RawIOBase):
        asked = 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            assert size != -1, "read whole"
            self.asked += size
            return b"#" * size

    stream = Endless()
    with pytest.raises(HouseholdFileError, match="at most 1,000,000 bytes"):
        read_bounded(stream, source="-")  # type: ignore[arg-type]
    assert stream.asked == bounds.MAX_FILE_BYTES + 1
    assert read_bounded(io.BytesIO(b'name = "H"'), source="-") == 'name = "H"'
