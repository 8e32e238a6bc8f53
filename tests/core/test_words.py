"""Core's sentences: English as text, another language through a translator, and stored."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evenly.core.units import duration_text
from evenly.core.words import Words, WordsError, and_list, say, say_n, say_translated


class German:
    TEXTS = {
        "{first} and {last}": "{first} und {last}",
        "{who} owns {card}": "{card} gehört {who}",
        "{count} card": "{count} Karte",
        "{count} cards": "{count} Karten",
        "under a minute": "unter einer Minute",
        "{who} is away": "{wer} ist weg",  # a broken translation: a placeholder it lacks
    }

    def gettext(self, message: str, /) -> str:
        return self.TEXTS.get(message, message)

    def ngettext(self, singular: str, plural: str, count: int, /) -> str:
        chosen = singular if count == 1 else plural
        return self.TEXTS.get(chosen, chosen)


def test_words_are_their_english_text() -> None:
    words = say("{who} owns {card}", who=and_list(["Robin", "Sam", "Kai"]), card="Dishes")
    assert words == "Robin, Sam and Kai owns Dishes"
    assert isinstance(words, str)


def test_words_say_themselves_in_another_language_nested_and_listed() -> None:
    words = say("{who} owns {card}", who=and_list(["Robin", say("under a minute")]), card="Dishes")
    assert words.translated(German()) == "Dishes gehört Robin und unter einer Minute"
    assert say_translated(words, German()) == "Dishes gehört Robin und unter einer Minute"
    assert say_translated("plain text", German()) == "plain text"


def test_the_household_s_own_words_are_never_read_as_a_template() -> None:
    words = say("{who} owns {card}", who="{card}", card="Dishes {x} %(y)s")
    assert words == "{card} owns Dishes {x} %(y)s"
    assert words.translated(German()) == "Dishes {x} %(y)s gehört {card}"


def test_counts_choose_their_form() -> None:
    assert say_n("{count} card", "{count} cards", 1) == "1 card"
    assert say_n("{count} card", "{count} cards", 3).translated(German()) == "3 Karten"


def test_a_broken_translation_falls_back_to_english() -> None:
    assert say("{who} is away", who="Sam").translated(German()) == "Sam is away"


def test_placeholders_and_values_must_match() -> None:
    with pytest.raises(WordsError):
        say("{who} owns {card}", who="Robin")
    with pytest.raises(WordsError):
        say("{who} rests", who="Robin", card="Dishes")
    with pytest.raises(WordsError):
        Words("{count} card", {}, "{count} cards")


def test_stored_words_come_back_and_bad_json_is_refused() -> None:
    words = say(
        "{who} owns {card}",
        who=and_list(["A", "B"]),
        card=say_n("{count} card", "{count} cards", 2),
    )
    again = Words.from_json(words.to_json())
    assert again == words and again.translated(German()) == words.translated(German())
    assert pickle.loads(pickle.dumps(words)).translated(German()) == words.translated(German())
    for bad in (
        None,
        [],
        {"t": 3},
        {"t": "{a}", "a": {"a": 1.5}},
        {"t": "{a}", "a": []},
        {"t": "x", "p": "y"},
    ):
        with pytest.raises(WordsError):
            Words.from_json(bad)


def test_a_duration_under_a_minute_is_said_in_the_language() -> None:
    assert duration_text(0.2).translated(German()) == "unter einer Minute"  # type: ignore[attr-defined]


@given(st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=6))
def test_lists_keep_every_item_in_order(items: list[str]) -> None:
    text = and_list(items)
    assert isinstance(text, str)
    position = 0
    for item in items:
        position = text.index(item, position) + len(item)
