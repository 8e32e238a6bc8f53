"""A vocabulary of feelings for the weekly check-in, grouped into families.

Modelled on the Nonviolent Communication inventory of "feelings when needs are met" and "feelings
when needs are not met": words for what is felt, not for what the other person did ("ignored" and
"taken for granted" are kept because people reach for them, and the coach helps rephrase them).
A feeling may be given an intensity from 1 to 3.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeelingFamily:
    """A family of related feelings, such as "Tired / overwhelmed"."""

    key: str
    name: str
    pleasant: bool
    words: tuple[str, ...]


FAMILIES: tuple[FeelingFamily, ...] = (
    FeelingFamily(
        "joyful",
        "Joyful",
        True,
        ("happy", "glad", "joyful", "delighted", "cheerful", "excited", "playful", "amused"),
    ),
    FeelingFamily(
        "grateful",
        "Grateful",
        True,
        ("grateful", "thankful", "appreciated", "moved", "touched", "cared for", "loved", "seen"),
    ),
    FeelingFamily(
        "peaceful",
        "Peaceful",
        True,
        ("calm", "relaxed", "content", "peaceful", "relieved", "rested", "safe", "at ease"),
    ),
    FeelingFamily(
        "hopeful",
        "Hopeful",
        True,
        ("hopeful", "encouraged", "optimistic", "confident", "proud", "inspired", "eager"),
    ),
    FeelingFamily(
        "sad",
        "Sad",
        False,
        ("sad", "disappointed", "down", "discouraged", "heavy", "unhappy", "heartbroken", "low"),
    ),
    FeelingFamily(
        "afraid",
        "Anxious / afraid",
        False,
        ("anxious", "worried", "nervous", "scared", "afraid", "uneasy", "on edge", "tense"),
    ),
    FeelingFamily(
        "angry",
        "Angry / frustrated",
        False,
        (
            "angry",
            "frustrated",
            "irritated",
            "annoyed",
            "resentful",
            "furious",
            "impatient",
            "exasperated",
        ),
    ),
    FeelingFamily(
        "tired",
        "Tired / overwhelmed",
        False,
        (
            "tired",
            "exhausted",
            "overwhelmed",
            "drained",
            "worn out",
            "stretched thin",
            "burnt out",
            "stressed",
        ),
    ),
    FeelingFamily(
        "hurt",
        "Hurt / lonely",
        False,
        (
            "hurt",
            "lonely",
            "left out",
            "unappreciated",
            "invisible",
            "rejected",
            "ignored",
            "taken for granted",
            "embarrassed",
        ),
    ),
    FeelingFamily(
        "confused",
        "Confused",
        False,
        ("confused", "unsure", "torn", "puzzled", "lost", "uncertain", "hesitant"),
    ),
)

# Intensity 1..3, as said before the feeling: "I feel quite tired".
INTENSITIES: dict[int, str] = {1: "a little", 2: "quite", 3: "very"}

_BY_WORD: dict[str, FeelingFamily] = {w: f for f in FAMILIES for w in f.words}


def feeling_family(word: str) -> FeelingFamily | None:
    """The family a feeling word belongs to, or None; case and spacing do not matter."""
    return _BY_WORD.get(" ".join(word.lower().split()))


def feeling_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The feelings as grouped choices for a Django <select>: [(family name, [(w, w), ...])]."""
    return [(f.name, [(w, w) for w in f.words]) for f in FAMILIES]


def feeling_words(*, pleasant: bool | None = None) -> tuple[str, ...]:
    """Every feeling word, or only the pleasant (True) or unpleasant (False) ones."""
    return tuple(w for f in FAMILIES if pleasant is None or f.pleasant == pleasant for w in f.words)
