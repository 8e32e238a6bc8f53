"""Shared values: the list, where members' choices meet, and the word-level comparison."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from evenly.core.values import (
    ADDED,
    BY_KEY,
    REMOVED,
    SAME,
    VALUES,
    canonical,
    in_common_words,
    is_listed,
    split_own_words,
    value_for,
    values_overlap,
    word_diff,
)


def test_the_list_is_a_good_size_and_says_what_each_value_means() -> None:
    assert 25 <= len(VALUES) <= 40
    assert len(BY_KEY) == len(VALUES)
    assert len({v.name.casefold() for v in VALUES}) == len(VALUES)
    for v in VALUES:
        assert v.key == v.key.lower().strip() and v.key.isidentifier()
        assert v.meaning.endswith(".") and 10 < len(v.meaning) <= 90, v
    for wanted in ("honesty", "fairness", "kindness", "adventure", "security", "faith", "fun"):
        assert wanted in BY_KEY


def test_values_are_recognised_however_they_are_written() -> None:
    assert value_for("  HONESTY ") is BY_KEY["honesty"]
    assert value_for("faith or spirituality") is BY_KEY["faith"]
    assert value_for("faith") is BY_KEY["faith"]
    assert value_for("Kindness.") is BY_KEY["kindness"]
    assert value_for("Good coffee") is None
    assert canonical("kindness") == "Kindness"
    assert canonical("  good   coffee ") == "good coffee"  # own words: as written, tidied
    assert canonical("iPhone-free Dinners.") == "iPhone-free Dinners"
    assert canonical("patience") == canonical("Patience")
    assert is_listed("Kindness") and not is_listed("good coffee")


def test_own_words_written_differently_are_one_value_as_the_first_wrote_it() -> None:
    picks = {"Sam": {"Good coffee", "Fun"}, "Robin": {"good coffee", "iPhone-free Dinners"}}
    assert in_common_words(picks) == {
        "Robin": {"good coffee", "iPhone-free Dinners"},
        "Sam": {"good coffee", "Fun"},
    }
    assert values_overlap(in_common_words(picks)).shared == ("good coffee",)


def test_own_words_are_split_on_commas_and_lines_once_each() -> None:
    assert split_own_words("good coffee, Quiet Sundays\nquiet sundays;  ,\n music ") == [
        "good coffee",
        "Quiet Sundays",
        "music",
    ]
    assert split_own_words("  ") == []


def test_overlap_names_what_everyone_chose_and_who_chose_the_rest() -> None:
    overlap = values_overlap(
        {
            "Sam": ["Honesty", "Fun", "Adventure", "Calm"],
            "Robin": ["honesty", "Fun", "Calm", "Security"],
        }
    )
    assert overlap.shared == ("Calm", "Fun")
    assert overlap.some == {
        "Adventure": ("Sam",),
        "honesty": ("Robin",),
        "Honesty": ("Sam",),
        "Security": ("Robin",),
    }
    assert overlap.members == ("Robin", "Sam")
    assert overlap.chosen_by("Fun") == ("Robin", "Sam")
    assert overlap.chosen_by("Security") == ("Robin",)
    assert overlap.chosen_by("Thrift") == ()
    assert not overlap.is_empty


def test_overlap_of_three_lists_values_chosen_by_more_first() -> None:
    overlap = values_overlap(
        {"Ana": {"Fun", "Calm", "Rest"}, "Bo": {"Fun", "Calm"}, "Cy": {"Fun", "Rest", "Calm"}}
    )
    assert overlap.shared == ("Calm", "Fun")
    assert overlap.some_sorted == [("Rest", ("Ana", "Cy"))]


def test_overlap_edge_cases() -> None:
    assert values_overlap({}).is_empty
    alone = values_overlap({"Robin": ["Fun"]})
    assert alone.shared == ("Fun",) and alone.some == {}
    nothing_chosen = values_overlap({"Robin": ["Fun"], "Sam": []})
    assert nothing_chosen.shared == () and nothing_chosen.some == {"Fun": ("Robin",)}


names = st.text(alphabet="ABCDEFGHIJ", min_size=1, max_size=3)
values = st.sampled_from([v.name for v in VALUES[:8]] + ["Own words", "good coffee"])


@given(st.dictionaries(names, st.lists(values, max_size=8), max_size=6))
def test_overlap_properties(picks: dict[str, list[str]]) -> None:
    overlap = values_overlap(picks)
    chosen = {v for vs in picks.values() for v in vs}
    # Shared values are in every member's picks.
    for value in overlap.shared:
        assert all(value in vs for vs in picks.values())
    # Every chosen value is in exactly one of shared and some; nothing else is in either.
    for value in chosen:
        assert (value in overlap.shared) != (value in overlap.some)
    assert set(overlap.shared) | set(overlap.some) == chosen
    # Names under "some" are exactly who chose the value, sorted, and never everyone.
    for value, who in overlap.some.items():
        assert set(who) == {m for m, vs in picks.items() if value in vs}
        assert list(who) == sorted(who, key=lambda n: (n.casefold(), n))
        assert len(who) < len(picks)
    assert list(overlap.shared) == sorted(overlap.shared, key=lambda n: (n.casefold(), n))


def test_word_diff_marks_what_was_added_and_removed() -> None:
    parts = word_diff("We share the work fairly.", "We share the work and the fun fairly.")
    assert [(p.kind, p.text) for p in parts] == [
        (SAME, "We share the work"),
        (ADDED, "and the fun"),
        (SAME, "fairly."),
    ]
    changed = word_diff("A calm home.", "A kind home.")
    assert [(p.kind, p.text) for p in changed] == [
        (SAME, "A"),
        (REMOVED, "calm"),
        (ADDED, "kind"),
        (SAME, "home."),
    ]
    assert [(p.kind, p.text) for p in word_diff("", "New words")] == [(ADDED, "New words")]
    assert [(p.kind, p.text) for p in word_diff("Same", " Same ")] == [(SAME, "Same")]


@given(
    st.lists(st.sampled_from(["we", "us", "home", "calm", "fun."]), max_size=12),
    st.lists(st.sampled_from(["we", "us", "home", "kind", "fun."]), max_size=12),
)
def test_word_diff_rebuilds_both_versions(old: list[str], new: list[str]) -> None:
    parts = word_diff(" ".join(old), " ".join(new))
    before = " ".join(p.text for p in parts if p.kind != ADDED).split()
    after = " ".join(p.text for p in parts if p.kind != REMOVED).split()
    assert before == old and after == new
