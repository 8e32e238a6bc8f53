"""Shared values: a list of values to choose from, where members' choices meet, and a word-level
comparison of two versions of a text (the household's mission statement).

Each member privately picks the values that matter to them, from ``VALUES`` or in their own
words. Once everyone has shared, ``values_overlap`` says which values everyone chose and which
only some did, and by whom. Names and values are plain strings here: the web app passes display
names and the values' names.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Value:
    """A value on the list, with a one-line meaning."""

    key: str
    name: str
    meaning: str


VALUES: tuple[Value, ...] = (
    Value("honesty", "Honesty", "Telling each other the truth, kindly, even when it is hard."),
    Value("fairness", "Fairness", "Sharing the load and the choices so nobody carries more."),
    Value("kindness", "Kindness", "Being gentle with each other, especially on bad days."),
    Value("trust", "Trust", "Relying on each other and keeping our word."),
    Value("respect", "Respect", "Taking each other's time, views and limits seriously."),
    Value("loyalty", "Loyalty", "Standing by each other, in company and in private."),
    Value("adventure", "Adventure", "Trying new things, places and ideas together."),
    Value("security", "Security", "A safe, steady home and money that lets us sleep at night."),
    Value("learning", "Learning", "Staying curious and making room for each other to learn."),
    Value("health", "Health", "Looking after our bodies and minds: sleep, food, movement."),
    Value(
        "faith",
        "Faith or spirituality",
        "Making room for what we believe and what gives life meaning.",
    ),
    Value("family", "Family", "Time and care for the people we call family."),
    Value("friendship", "Friendship", "Keeping our friends close and being good friends."),
    Value("fun", "Fun", "Laughing, playing and not taking everything so seriously."),
    Value(
        "independence", "Independence", "Each of us keeping a life, time and choices of our own."
    ),
    Value("creativity", "Creativity", "Making things, and making room for each other's ideas."),
    Value(
        "generosity", "Generosity", "Giving time, help and money freely, to each other and others."
    ),
    Value("calm", "Calm", "A peaceful home: fewer rushes, softer voices."),
    Value("tradition", "Tradition", "Keeping the rituals, holidays and customs that matter to us."),
    Value("growth", "Growth", "Becoming better people, and supporting each other's plans."),
    Value("community", "Community", "Being part of our neighbourhood and giving something back."),
    Value("nature", "Nature", "Time outdoors, and caring for the world around us."),
    Value("ambition", "Ambition", "Aiming high in work or life, and backing each other's goals."),
    Value("simplicity", "Simplicity", "Less stuff and fewer commitments; enough is enough."),
    Value("openness", "Openness", "Talking about anything, without fear of being judged."),
    Value("patience", "Patience", "Giving each other, and ourselves, time to get things right."),
    Value("gratitude", "Gratitude", "Noticing what the other does, and saying thank you."),
    Value("affection", "Affection", "Closeness, touch and saying what we feel for each other."),
    Value("reliability", "Reliability", "Doing what we said we would, when we said we would."),
    Value("teamwork", "Teamwork", "Facing things together, as one team, not as rivals."),
    Value("equality", "Equality", "Equal say, equal worth and an equal share of the home."),
    Value("thrift", "Thrift", "Spending with care and saving for what matters."),
    Value("rest", "Rest", "Protecting time to recover, for each of us."),
)

BY_KEY: dict[str, Value] = {v.key: v for v in VALUES}
_BY_WORDS: dict[str, Value] = {
    **{v.key: v for v in VALUES},
    **{v.name.casefold(): v for v in VALUES},
}

_NAMES = frozenset(v.name for v in VALUES)

OWN_WORDS_MAX = 40  # characters in one value written in a member's own words


def tidy(text: str) -> str:
    """One value as written: spaces collapsed, trailing punctuation gone."""
    return re.sub(r"\s+", " ", text).strip().strip(".,;:!?").strip()


def value_for(text: str) -> Value | None:
    """The list's value that ``text`` names (its name or key, any case), or None."""
    return _BY_WORDS.get(tidy(text).casefold())


def canonical(text: str) -> str:
    """The name under which a chosen value is shown and compared with others' choices.

    A value on the list keeps the list's name, however it was written ("honesty" is Honesty;
    a page translates it). A value in someone's own words stays as they wrote it (only tidied:
    "iPhone-free dinners" keeps its case); :func:`in_common_words` makes two members' spellings
    of it one.
    """
    known = value_for(text)
    if known is not None:
        return known.name
    return tidy(text)


def is_listed(name: str) -> bool:
    """Whether ``name`` (a :func:`canonical` name) is a value of the list, said in the reader's
    language, rather than someone's own words, shown as they wrote them."""
    return name in _NAMES


def in_common_words(picks: Mapping[str, Collection[str]]) -> dict[str, set[str]]:
    """Each member's values (:func:`canonical` names) with one spelling for each: own words two
    members wrote differently ("good coffee", "Good coffee") are compared without regard to
    case and read as the member first by name wrote them, so :func:`values_overlap` sees one
    value."""
    spelling: dict[str, str] = {}
    for member in sorted(picks, key=_order):
        for value in sorted(picks[member], key=_order):
            spelling.setdefault(value.casefold(), value)
    return {member: {spelling[v.casefold()] for v in values} for member, values in picks.items()}


def split_own_words(text: str) -> list[str]:
    """Values written in one's own words, one per line or separated by commas, tidied, in the
    order written, each once (compared without regard to case)."""
    out: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"[,\n;]", text):
        words = tidy(part)
        if words and words.casefold() not in seen:
            seen.add(words.casefold())
            out.append(words)
    return out


def _order(text: str) -> tuple[str, str]:
    return (text.casefold(), text)


@dataclass(frozen=True)
class ValuesOverlap:
    """Where members' values meet.

    ``shared``: the values every member chose, sorted. ``some``: each value that only some
    members chose, with their names, sorted.
    """

    shared: tuple[str, ...]
    some: dict[str, tuple[str, ...]] = field(default_factory=dict)
    members: tuple[str, ...] = ()

    def chosen_by(self, value: str) -> tuple[str, ...]:
        """Who chose ``value``: everyone for a shared value, nobody for one nobody chose."""
        if value in self.shared:
            return self.members
        return self.some.get(value, ())

    @property
    def some_sorted(self) -> list[tuple[str, tuple[str, ...]]]:
        """The values only some chose, those chosen by more members first, then by name."""
        return sorted(self.some.items(), key=lambda kv: (-len(kv[1]), *_order(kv[0])))

    @property
    def is_empty(self) -> bool:
        return not self.shared and not self.some


def values_overlap(picks: Mapping[str, Collection[str]]) -> ValuesOverlap:
    """Compare each member's chosen values (member name -> values).

    A value is shared when every member chose it; otherwise it is listed under ``some`` with
    the names of those who chose it. With no members there is nothing shared.
    """
    members = tuple(sorted(picks, key=_order))
    chosen: dict[str, set[str]] = {}
    for member, values in picks.items():
        for value in values:
            chosen.setdefault(value, set()).add(member)
    everyone = set(members)
    shared = tuple(
        sorted((v for v, who in chosen.items() if everyone and who == everyone), key=_order)
    )
    some = {
        v: tuple(sorted(who, key=_order))
        for v, who in sorted(chosen.items(), key=lambda kv: _order(kv[0]))
        if v not in shared
    }
    return ValuesOverlap(shared=shared, some=some, members=members)


# --- comparing two versions of a text ---------------------------------------------------


SAME = "same"
ADDED = "added"
REMOVED = "removed"


@dataclass(frozen=True)
class DiffPart:
    """A run of words that two versions share, or that one of them alone has."""

    kind: str  # SAME, ADDED or REMOVED
    text: str


def word_diff(old: str, new: str) -> list[DiffPart]:
    """The words of ``new`` against ``old``: runs kept, added and removed, in reading order.

    Words are compared as written (punctuation stays with its word); the text of each part is
    its words joined by single spaces.
    """
    a, b = old.split(), new.split()
    parts: list[DiffPart] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(DiffPart(SAME, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart(REMOVED, " ".join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart(ADDED, " ".join(b[j1:j2])))
    return parts
