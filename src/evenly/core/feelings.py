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

from evenly.core.words import Words, say


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
        say("Joyful"),
        True,
        (
            say("happy"),
            say("glad"),
            say("joyful"),
            say("delighted"),
            say("cheerful"),
            say("excited"),
            say("playful"),
            say("amused"),
        ),
    ),
    FeelingFamily(
        "grateful",
        say("Grateful"),
        True,
        (
            say("grateful"),
            say("thankful"),
            say("appreciated"),
            say("moved"),
            say("touched"),
            say("cared for"),
            say("loved"),
            say("seen"),
        ),
    ),
    FeelingFamily(
        "peaceful",
        say("Peaceful"),
        True,
        (
            say("calm"),
            say("relaxed"),
            say("content"),
            say("peaceful"),
            say("relieved"),
            say("rested"),
            say("safe"),
            say("at ease"),
        ),
    ),
    FeelingFamily(
        "hopeful",
        say("Hopeful"),
        True,
        (
            say("hopeful"),
            say("encouraged"),
            say("optimistic"),
            say("confident"),
            say("proud"),
            say("inspired"),
            say("eager"),
        ),
    ),
    FeelingFamily(
        "sad",
        say("Sad"),
        False,
        (
            say("sad"),
            say("disappointed"),
            say("down"),
            say("discouraged"),
            say("heavy"),
            say("unhappy"),
            say("heartbroken"),
            say("low"),
        ),
    ),
    FeelingFamily(
        "afraid",
        say("Anxious / afraid"),
        False,
        (
            say("anxious"),
            say("worried"),
            say("nervous"),
            say("scared"),
            say("afraid"),
            say("uneasy"),
            say("on edge"),
            say("tense"),
        ),
    ),
    FeelingFamily(
        "angry",
        say("Angry / frustrated"),
        False,
        (
            say("angry"),
            say("frustrated"),
            say("irritated"),
            say("annoyed"),
            say("resentful"),
            say("furious"),
            say("impatient"),
            say("exasperated"),
        ),
    ),
    FeelingFamily(
        "tired",
        say("Tired / overwhelmed"),
        False,
        (
            say("tired"),
            say("exhausted"),
            say("overwhelmed"),
            say("drained"),
            say("worn out"),
            say("stretched thin"),
            say("burnt out"),
            say("stressed"),
        ),
    ),
    FeelingFamily(
        "hurt",
        say("Hurt / lonely"),
        False,
        (
            say("hurt"),
            say("lonely"),
            say("left out"),
            say("unappreciated"),
            say("invisible"),
            say("rejected"),
            say("ignored"),
            say("taken for granted"),
            say("embarrassed"),
        ),
    ),
    FeelingFamily(
        "confused",
        say("Confused"),
        False,
        (
            say("confused"),
            say("unsure"),
            say("torn"),
            say("puzzled"),
            say("lost"),
            say("uncertain"),
            say("hesitant"),
        ),
    ),
)

# Intensity 1..3, as said before the feeling: "I feel quite tired".
INTENSITIES: dict[int, Words] = {1: say("a little"), 2: say("quite"), 3: say("very")}

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
