"""A vocabulary of feelings for the weekly check-in, grouped into families.

Modelled on the Nonviolent Communication inventory of "feelings when needs are met" and "feelings
when needs are not met": words for what is felt, not for what the other person did ("ignored" and
"taken for granted" are kept because people reach for them, and the coach helps rephrase them).
A feeling may be given an intensity from 1 to 3.

Family names, words and intensities are :class:`~evenly.core.words.Words`: a check-in item stores
the English word as its key ("thankful"), and a page says it in its reader's language
(:func:`feeling_said`: "I feel very thankful", "Ich fühle mich sehr beschenkt").
"""

from __future__ import annotations

from dataclasses import dataclass

from evenly.core.words import Words, say, say_in


@dataclass(frozen=True)
class FeelingFamily:
    """A family of related feelings, such as "Tired / overwhelmed"."""

    key: str
    name: Words
    pleasant: bool
    words: tuple[Words, ...]  # each equal to its English key


FAMILIES: tuple[FeelingFamily, ...] = (
    FeelingFamily(
        "joyful",
        say_in("feeling", "Joyful"),
        True,
        (
            say_in("feeling", "happy"),
            say_in("feeling", "glad"),
            say_in("feeling", "joyful"),
            say_in("feeling", "delighted"),
            say_in("feeling", "cheerful"),
            say_in("feeling", "excited"),
            say_in("feeling", "playful"),
            say_in("feeling", "amused"),
        ),
    ),
    FeelingFamily(
        "grateful",
        say_in("feeling", "Grateful"),
        True,
        (
            say_in("feeling", "grateful"),
            say_in("feeling", "thankful"),
            say_in("feeling", "appreciated"),
            say_in("feeling", "moved"),
            say_in("feeling", "touched"),
            say_in("feeling", "cared for"),
            say_in("feeling", "loved"),
            say_in("feeling", "seen"),
        ),
    ),
    FeelingFamily(
        "peaceful",
        say_in("feeling", "Peaceful"),
        True,
        (
            say_in("feeling", "calm"),
            say_in("feeling", "relaxed"),
            say_in("feeling", "content"),
            say_in("feeling", "peaceful"),
            say_in("feeling", "relieved"),
            say_in("feeling", "rested"),
            say_in("feeling", "safe"),
            say_in("feeling", "at ease"),
        ),
    ),
    FeelingFamily(
        "hopeful",
        say_in("feeling", "Hopeful"),
        True,
        (
            say_in("feeling", "hopeful"),
            say_in("feeling", "encouraged"),
            say_in("feeling", "optimistic"),
            say_in("feeling", "confident"),
            say_in("feeling", "proud"),
            say_in("feeling", "inspired"),
            say_in("feeling", "eager"),
        ),
    ),
    FeelingFamily(
        "sad",
        say_in("feeling", "Sad"),
        False,
        (
            say_in("feeling", "sad"),
            say_in("feeling", "disappointed"),
            say_in("feeling", "down"),
            say_in("feeling", "discouraged"),
            say_in("feeling", "heavy"),
            say_in("feeling", "unhappy"),
            say_in("feeling", "heartbroken"),
            say_in("feeling", "low"),
        ),
    ),
    FeelingFamily(
        "afraid",
        say_in("feeling", "Anxious / afraid"),
        False,
        (
            say_in("feeling", "anxious"),
            say_in("feeling", "worried"),
            say_in("feeling", "nervous"),
            say_in("feeling", "scared"),
            say_in("feeling", "afraid"),
            say_in("feeling", "uneasy"),
            say_in("feeling", "on edge"),
            say_in("feeling", "tense"),
        ),
    ),
    FeelingFamily(
        "angry",
        say_in("feeling", "Angry / frustrated"),
        False,
        (
            say_in("feeling", "angry"),
            say_in("feeling", "frustrated"),
            say_in("feeling", "irritated"),
            say_in("feeling", "annoyed"),
            say_in("feeling", "resentful"),
            say_in("feeling", "furious"),
            say_in("feeling", "impatient"),
            say_in("feeling", "exasperated"),
        ),
    ),
    FeelingFamily(
        "tired",
        say_in("feeling", "Tired / overwhelmed"),
        False,
        (
            say_in("feeling", "tired"),
            say_in("feeling", "exhausted"),
            say_in("feeling", "overwhelmed"),
            say_in("feeling", "drained"),
            say_in("feeling", "worn out"),
            say_in("feeling", "stretched thin"),
            say_in("feeling", "burnt out"),
            say_in("feeling", "stressed"),
        ),
    ),
    FeelingFamily(
        "hurt",
        say_in("feeling", "Hurt / lonely"),
        False,
        (
            say_in("feeling", "hurt"),
            say_in("feeling", "lonely"),
            say_in("feeling", "left out"),
            say_in("feeling", "unappreciated"),
            say_in("feeling", "invisible"),
            say_in("feeling", "rejected"),
            say_in("feeling", "ignored"),
            say_in("feeling", "taken for granted"),
            say_in("feeling", "embarrassed"),
        ),
    ),
    FeelingFamily(
        "confused",
        say_in("feeling", "Confused"),
        False,
        (
            say_in("feeling", "confused"),
            say_in("feeling", "unsure"),
            say_in("feeling", "torn"),
            say_in("feeling", "puzzled"),
            say_in("feeling", "lost"),
            say_in("feeling", "uncertain"),
            say_in("feeling", "hesitant"),
        ),
    ),
)

# Intensity 1..3, as said before the feeling: "I feel quite tired".
INTENSITIES: dict[int, Words] = {
    1: say_in("feeling", "a little"),
    2: say_in("feeling", "quite"),
    3: say_in("feeling", "very"),
}

_BY_WORD: dict[str, FeelingFamily] = {w: f for f in FAMILIES for w in f.words}
_WORDS: dict[str, Words] = {str(w): w for f in FAMILIES for w in f.words}


def feeling_word(word: str) -> str:
    """A stored feeling word as Words a page can translate ("thankful"); a word the vocabulary
    does not have comes back as it is."""
    return _WORDS.get(" ".join(word.lower().split()), word)


def intensity_word(intensity: int | None) -> str:
    """How strongly, as said before the feeling ("quite"); "" for none."""
    return INTENSITIES.get(intensity, "") if intensity is not None else ""


def feeling_said(word: str, intensity: int | None = None) -> Words:
    """A feeling as one says it: "I feel quite tired", "I feel calm" (no intensity)."""
    if intensity in INTENSITIES:
        return say("I feel {how} {feeling}", how=INTENSITIES[intensity], feeling=feeling_word(word))
    return say("I feel {feeling}", feeling=feeling_word(word))


def feeling_family(word: str) -> FeelingFamily | None:
    """The family a feeling word belongs to, or None; case and spacing do not matter."""
    return _BY_WORD.get(" ".join(word.lower().split()))


def feeling_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The feelings as grouped choices for a Django <select>: [(family name, [(w, w), ...])]
    (the labels are Words: the form says them in its reader's language)."""
    return [(f.name, [(str(w), w) for w in f.words]) for f in FAMILIES]


def feeling_words(*, pleasant: bool | None = None) -> tuple[str, ...]:
    """Every feeling word, or only the pleasant (True) or unpleasant (False) ones."""
    return tuple(w for f in FAMILIES if pleasant is None or f.pleasant == pleasant for w in f.words)
