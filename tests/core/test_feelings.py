"""The feelings vocabulary for check-ins."""

from __future__ import annotations

from evenly.core.feelings import (
    FAMILIES,
    INTENSITIES,
    feeling_choices,
    feeling_family,
    feeling_words,
)


def test_families_are_well_formed() -> None:
    assert 8 <= len(FAMILIES) <= 10
    keys = [f.key for f in FAMILIES]
    assert len(set(keys)) == len(keys)
    for family in FAMILIES:
        assert 6 <= len(family.words) <= 12, family.key
        assert all(w == w.strip().lower() and w for w in family.words)
    words = [w for f in FAMILIES for w in f.words]
    assert len(words) == len(set(words)), "a word belongs to one family"
    assert {f.pleasant for f in FAMILIES} == {True, False}
    names = {f.name for f in FAMILIES}
    for expected in ("Joyful", "Grateful", "Peaceful", "Hopeful", "Sad", "Confused"):
        assert expected in names


def test_feeling_family_finds_a_word_in_any_case_and_spacing() -> None:
    tired = feeling_family("Tired")
    assert tired is not None and tired.key == "tired" and not tired.pleasant
    assert feeling_family("  WORN   out ") is tired
    grateful = feeling_family("grateful")
    assert grateful is not None and grateful.pleasant
    assert feeling_family("purple") is None
    assert feeling_family("") is None


def test_intensities() -> None:
    assert INTENSITIES == {1: "a little", 2: "quite", 3: "very"}


def test_feeling_choices_are_grouped_for_a_select() -> None:
    choices = feeling_choices()
    assert [name for name, _ in choices] == [f.name for f in FAMILIES]
    for (_, options), family in zip(choices, FAMILIES, strict=True):
        assert options == [(w, w) for w in family.words]


def test_feeling_words_by_pleasantness() -> None:
    everything = feeling_words()
    pleasant = feeling_words(pleasant=True)
    unpleasant = feeling_words(pleasant=False)
    assert set(pleasant) | set(unpleasant) == set(everything)
    assert not set(pleasant) & set(unpleasant)
    assert "happy" in pleasant and "lonely" in unpleasant
