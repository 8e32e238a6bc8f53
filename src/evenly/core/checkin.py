"""The weekly check-in's calendar: when the next one opens, and a gentle record of the weeks
in which the household held one.

Times are aware datetimes; the household's weekday and time of day are read in its own zone,
so a check-in "on Sunday at 19:00" stays at 19:00 across a change of summer time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from evenly.core.feelings import feeling_word
from evenly.core.words import Words, say, say_n

# A check-in held early (or late) stands in for the scheduled one nearby: the next one is
# never sooner than this after the last one opened.
MIN_GAP = timedelta(days=4)
RECORD_WEEKS = 8


def next_opening(
    *,
    weekday: int,
    at: time,
    zone: ZoneInfo,
    now: datetime,
    last_opened: datetime | None = None,
) -> datetime:
    """The first scheduled time (``weekday`` 0 = Monday, ``at`` local time in ``zone``)
    strictly after ``now`` and at least ``MIN_GAP`` after ``last_opened``.

    On Monday 23 November 2026 at noon, "Sundays at 19:00" next opens on Sunday the 29th:

    >>> from datetime import UTC
    >>> z = ZoneInfo("Europe/London")
    >>> next_opening(weekday=6, at=time(19), zone=z, now=datetime(2026, 11, 23, 12, tzinfo=UTC))
    datetime.datetime(2026, 11, 29, 19, 0, tzinfo=zoneinfo.ZoneInfo(key='Europe/London'))
    """
    if not 0 <= weekday <= 6:
        raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {weekday}")
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    after = now if last_opened is None else max(now, last_opened + MIN_GAP)
    local = after.astimezone(zone)
    day = local.date() + timedelta(days=(weekday - local.weekday()) % 7)
    while True:
        candidate = datetime.combine(day, at, tzinfo=zone)
        if candidate > after:
            return candidate
        day += timedelta(days=7)


@dataclass(frozen=True)
class WeekHeld:
    """One week of the record: its Monday, and whether a check-in was held in it."""

    monday: date
    held: bool


def weeks_held(
    held_on: Iterable[date], *, today: date, weeks: int = RECORD_WEEKS
) -> list[WeekHeld]:
    """The last ``weeks`` weeks (Monday to Sunday), oldest first, the current week last, each
    marked held when any day in ``held_on`` falls in it."""
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    this_monday = today - timedelta(days=today.weekday())
    mondays = {d - timedelta(days=d.weekday()) for d in held_on}
    return [
        WeekHeld(monday=m, held=m in mondays)
        for m in (this_monday - timedelta(weeks=k) for k in range(weeks - 1, -1, -1))
    ]


def record_sentence(record: list[WeekHeld]) -> Words:
    """The record in one kind sentence: no streaks, no scolding."""
    held = sum(w.held for w in record)
    n = len(record)
    if held == 0:
        return say_n(
            "No check-in in the last week yet. The next one is a fine place to start.",
            "No check-ins in the last {count} weeks yet. The next one is a fine place to start.",
            n,
        )
    if held == n:
        return say_n("You met in the last week.", "You met every week of the last {count}.", n)
    return say_n(
        "You met in {held} of the last {count} weeks.",
        "You met in {held} of the last {count} weeks.",
        n,
        held=held,
    )


# Words that start a clause only because they start the sentence: their capital is dropped after
# the lead words. A name, a weekday or "I" keeps its capital (they are not in this list).
_SENTENCE_STARTS = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "our",
        "your",
        "you",
        "we",
        "it",
        "its",
        "there",
        "this",
        "that",
        "these",
        "those",
        "every",
        "each",
        "some",
        "no",
        "nobody",
        "nothing",
        "everyone",
        "someone",
        "after",
        "before",
        "during",
        "if",
        "as",
        "at",
        "on",
        "in",
        "by",
        "while",
        "since",
        "until",
        "whenever",
        "all",
        "most",
        "dinner",
        "breakfast",
        "lunch",
        "both",
        "neither",
        "either",
        "one",
        "to",
        "for",
        "with",
        "without",
        "being",
        "having",
        "more",
        "less",
        "too",
        "so",
        "then",
        # German (a German speaker's when, need and request): articles, pronouns, prepositions.
        # German nouns keep their capital; "ich" is written small mid-sentence.
        "ich",
        "du",
        "wir",
        "der",
        "die",
        "das",
        "den",
        "dem",
        "ein",
        "eine",
        "einen",
        "mein",
        "meine",
        "dein",
        "deine",
        "unser",
        "unsere",
        "es",
        "jeder",
        "jede",
        "jedes",
        "wenn",
        "nach",
        "vor",
        "beim",
        "am",
        "im",
        "mehr",
        "etwas",
    ]
)

# Small words that tell an English request from a German one (none of them is German).
_ENGLISH_WORDS = frozenset(
    [
        "the",
        "a",
        "to",
        "on",
        "my",
        "your",
        "for",
        "with",
        "and",
        "me",
        "us",
        "it",
        "of",
        "at",
        "every",
        "some",
        "more",
        "less",
        "before",
        "after",
        "when",
        "this",
        "that",
        "our",
        "up",
        "out",
        "off",
        "them",
        "do",
        "once",
        "each",
        "twice",
    ]
)

# The lead words each part of an I-statement follows, as the form's labels say them (English,
# then German): typed again by the person, they are not said twice. The first English entry of
# "when" and "need", and the second of "request", are the frame's own words (see `i_statement`).
_LEADS = {
    "when": ("and when", "when", "und wenn", "wenn"),
    "need": ("and I need", "I need", "und ich brauche", "ich brauche"),
    "request": (
        "and Would you be willing to",
        "Would you be willing to",
        "Wärst du bereit zu",
        "Wärst du bereit",
    ),
}

# What the coach reads before a part of a check-in sentence typed into a field of its own: the
# I-statement frame's words before that part, so a request reads as the request it is ("do the
# dishes" after "Would you be willing to") and not as an order. While "when" is typed the feeling
# may not be chosen yet, so "It happens" stands in for "I feel <feeling>". A listener's paraphrase
# follows the words of its form's label ("What I hear is…").
LEAD_INS = {
    "when": f"It happens {_LEADS['when'][1]} ",
    "need": f"{_LEADS['need'][0]} ",
    "request": f"{_LEADS['request'][1]} ",
    "paraphrase": "What I hear is ",
}


def _clause(text: str, leads: tuple[str, ...], *, verb: bool = False) -> str:
    """One part of an I-statement as it reads after its lead words ("when", "I need", "Would you
    be willing to", or the German "wenn", "ich brauche", "Wärst du bereit"): stripped, without a
    final full stop or question mark, without the lead words if the person typed them too, and
    with a capital dropped when it only started the sentence ("When I come home" after "when"
    reads "I come home"; "Monday" and "I" stay). A verb after "willing to" loses its capital
    too, unless the person wrote German lead words (a German noun keeps its capital)."""
    text = " ".join(text.split()).rstrip(".?! ")
    typed = text.split()
    for said in leads:
        words = said.split()
        if [w.lower().rstrip(",:;") for w in typed[: len(words)]] == [w.lower() for w in words]:
            text = " ".join(typed[len(words) :]).lstrip(",:; ")
            verb = verb and said.isascii()
            break
    first = text.split(" ", 1)[0]
    # After "willing to" comes a verb: its capital only ever started the sentence. Only in an
    # English request: a German one may start with a noun ("Müll rausbringen"), which keeps it.
    rest = {w.lower().strip(",;:") for w in text.split()[1:]}
    verb = verb and (not rest or bool(_ENGLISH_WORDS & rest))
    common = first.lower().strip(",;:") in _SENTENCE_STARTS or (verb and first[1:].islower())
    if first[:1].isupper() and common:
        text = first.lower() + text[len(first) :]
    return text


def i_statement(*, feeling: str, when: str, need: str = "", request: str = "") -> Words:
    """A concern as one I-statement: "I feel <feeling> when <when>, and I need <need>. Would you
    be willing to <request>?"; each part read by :func:`_clause`, so no word is said twice. The
    feeling is said in the reader's language; the parts the person typed are their own words."""
    said = {
        "feeling": feeling_word(feeling),
        "when": _clause(when, _LEADS["when"]),
    }
    needs = _clause(need, _LEADS["need"])
    ask = _clause(request, _LEADS["request"], verb=True)
    if needs and ask:
        return say(
            "I feel {feeling} when {when}, and I need {need}. Would you be willing to {request}?",
            **said,
            need=needs,
            request=ask,
        )
    if needs:
        return say("I feel {feeling} when {when}, and I need {need}.", **said, need=needs)
    if ask:
        return say(
            "I feel {feeling} when {when}. Would you be willing to {request}?", **said, request=ask
        )
    return say("I feel {feeling} when {when}.", **said)
