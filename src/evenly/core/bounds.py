"""Every limit a person can reach, defined once.

Forms, the household file, the command line, the services and (later) the API read these
constants and the checks below, so a limit and its message are the same everywhere. A value out
of bounds gets a message that names the bound ("at most 50 times a week"); nothing outside these
bounds ever reaches the deal engine, the schedule or the database.

The numbers are generous for a real household and small enough that no input can make a page
run for seconds or overflow a database column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from evenly.core.units import number_text
from evenly.core.words import Words, say

# --- People -------------------------------------------------------------------------------
MIN_MEMBERS = 1
MAX_MEMBERS = 8
MAX_PAID_HOURS = 100  # a week; more leaves no room for sleep
MAX_PERSONAL_HOURS = 100  # weekly goal of time of one's own
MAX_PERSONAL_MINUTES = MAX_PERSONAL_HOURS * 60  # the same goal, as the member form asks it
MIN_CAPACITY = Fraction(0)
MAX_CAPACITY = Fraction(1)
MIN_SHARE = Fraction(0)
MAX_SHARE = Fraction(1)

# --- Cards --------------------------------------------------------------------------------
MAX_CARDS = 500  # per household
MAX_MINUTES = 24 * 60  # per occurrence: a whole day
MIN_LOGGED_MINUTES = Fraction(1, 100)  # the least a log entry can record: a hundredth of a minute
MAX_MENTAL_MINUTES = 7 * 24 * 60  # per week: noticing and planning
MAX_TIMES_PER_WEEK = 50  # "N per week"
MAX_TIMES_PER_MONTH = 200  # "N per month"
MAX_TIMES_PER_YEAR = 2_600  # "N per year" (50 a week)
MAX_EVERY_DAYS = 366  # "every N days"
MAX_EVERY_WEEKS = 104  # "every N weeks"
MAX_EVERY_MONTHS = 60  # "every N months"
MAX_OCCURRENCES_PER_WEEK = Fraction(MAX_TIMES_PER_WEEK)
# A card's chosen days: a day of the month that every month has, and a day of the week at most
# once, so only cadences of up to seven times a week can name their days.
MIN_MONTH_DAY = 1
MAX_MONTH_DAY = 28
MAX_CHOSEN_WEEKDAYS = 7

# --- The week -----------------------------------------------------------------------------
MAX_MOVE_DAYS = 14  # an occurrence moves at most this many days from the day it was due
MAX_SKIP_REASON_CHARS = 120  # "why we skip it", one short line
# A tick made on the week page carries a key the browser makes (a UUID, 36 characters), so that
# a tick sent twice (queued offline, then replayed) is recorded once.
TICK_KEY_CHARS = 36
_TICK_KEY = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# --- Perception ---------------------------------------------------------------------------
MAX_PERCENT = 100  # an estimate of one's part of the home work, in whole percent

# --- How it feels (the monthly check, evenly.core.felt) -------------------------------------
FELT_MIN = 1  # the fairness and satisfaction scales run 1..7 with labelled ends
FELT_MAX = 7
CSI4_HAPPY_MAX = 6  # the CSI-4's first item runs 0..6 ("Extremely unhappy" .. "Perfect")
CSI4_ITEM_MAX = 5  # its other three items run 0..5 ("Not at all" .. "Completely")
CSI4_MAX = CSI4_HAPPY_MAX + 3 * CSI4_ITEM_MAX  # 21: the score's top
# "Felt and measured diverge": a member logged at least this much more than an even share of
# the month's home minutes (two people: 60 % or more) and says it feels fair to them (5..7) ...
FELT_CARRY_MARGIN = Fraction(1, 10)
FELT_FAIR_FROM = 5
# ... or the minutes are within this of even (two people: 45..55 %) and it feels unfair (1..3).
FELT_EVEN_MARGIN = Fraction(1, 20)
FELT_UNFAIR_TO = 3
# Less logged than this in a month is too little to say what the minutes show (2 hours).
FELT_MIN_MEASURED_MINUTES = 120

# --- The household ------------------------------------------------------------------------
MAX_TOLERANCE_MINUTES = 600  # deviations this small a week count as fair
MIN_DRIFT_WEEKS = 2
MAX_DRIFT_WEEKS = 12

# --- Dates --------------------------------------------------------------------------------
# Any date a person types (a due date, an away period, "until") lies in these years; a year
# such as 9999 is a typo, and would overflow date arithmetic a day later.
MIN_YEAR = 2000
MAX_YEAR = 2100

# --- Text ---------------------------------------------------------------------------------
MAX_NAME_CHARS = 40  # a member's display name
MAX_HOUSEHOLD_NAME_CHARS = 80
MAX_CARD_NAME_CHARS = 80
MAX_STANDARD_CHARS = 300  # a card's "done means" sentence
MAX_COACH_CHARS = 5_000  # the text the check-in coach reads at once

# --- Signing in ---------------------------------------------------------------------------
TWO_STEP_MINUTES = 5  # after the password, this long to give the second-step code
TWO_STEP_TRIES = 5  # wrong codes in one sign-in before the password is asked again
RECOVERY_CODES = 10  # one-time codes for when the phone is not at hand

# --- The JSON API -------------------------------------------------------------------------
MAX_API_TOKEN_NAME_CHARS = 60  # "Home Assistant", "Robin's phone"
MAX_API_TOKENS = 20  # live (not revoked, not expired) tokens of one account
MAX_API_TOKEN_DAYS = 366  # a token may expire after at most a year; none: it never expires
# A token's "last used" moves at most this often, so a busy client does not write on every read.
API_TOKEN_LAST_USED_MINUTES = 5
API_PAGE_DEFAULT = 50  # items of a list per page unless the client asks for fewer or more
API_PAGE_MAX = 200  # items of a list per page at most
API_OFFSET_MAX = MAX_CARDS * 100  # an offset beyond any list Evenly keeps
MAX_IDEMPOTENCY_KEY_CHARS = 64  # the Idempotency-Key a client sends with a POST it may retry
IDEMPOTENCY_HOURS = 24  # how long a POST's answer is kept to be sent again to a retry

# --- Files and ids ------------------------------------------------------------------------
MAX_FILE_BYTES = 1_000_000  # a household file larger than this is refused before parsing
MAX_NESTING_DEPTH = 8  # tables and lists inside each other in a household file
MAX_INTEGER_DIGITS = 12  # any integer with more digits is refused before arithmetic
MAX_ID = 2**63 - 1  # database ids are signed 64-bit; a larger id in a URL is simply not found
MAX_REPORTED_PROBLEMS = 50  # a file with more problems gets these and "more problems follow"
MAX_ARGUMENT_CHARS = 10_000  # any one command-line argument (a sentence to coach, too)
# Chores brought over from another app (a Donetick, Grocy or CSV file): the file is refused
# before it is read when larger, and it adds at most a household's worth of cards at once.
MAX_CHORE_FILE_BYTES = 256_000
MAX_IMPORT_CHORES = MAX_CARDS

# --- A whole household moved between Evenlys (evenly.transfer) ------------------------------
# Years of a real household's ledger fit well inside these; a file past them is refused whole.
MAX_HOUSEHOLD_DOCUMENT_BYTES = 20_000_000
MAX_DOCUMENT_DEPTH = 12  # objects and lists inside each other (a deal's certificate nests)
MAX_DOCUMENT_MEMBERS = 4 * MAX_MEMBERS  # members who left are kept too, marked as gone
MAX_DOCUMENT_DEALS = 1_000  # deal versions, every one the household ever proposed
MAX_DOCUMENT_ROWS = 200_000  # ledger entries, occurrence changes, time of one's own, each
MAX_DOCUMENT_ITEMS = 2_000  # away periods, goals, mission versions; a deal's cards
MAX_DOCUMENT_TEXT_CHARS = 10_000  # any one text in the file (a mission statement, a reason)
MAX_STORED_STANDARD_CHARS = 240  # a card's or a rating's "done means", as the database keeps it


@dataclass(frozen=True, slots=True)
class Bound:
    """A closed range with the words that name it in a message ("minutes per time")."""

    what: str
    low: Fraction
    high: Fraction
    unit: str = ""

    def check(self, value: Fraction | Decimal | int | float) -> Words | None:
        """None when ``value`` lies within the bound, else one sentence naming the bound."""
        low, high = number_text(self.low), self.describe
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
            return say(
                "{what} must be a number from {low} to {high}", what=self.what, low=low, high=high
            )
        if value < self.low or value > self.high:
            return say("{what} must be from {low} to {high}", what=self.what, low=low, high=high)
        return None

    @property
    def describe(self) -> Words | str:
        """The upper bound in words: "1440 minutes"."""
        if not self.unit:
            return number_text(self.high)
        return say("{number} {unit}", number=number_text(self.high), unit=self.unit)


_HOURS, _MINUTES = say("hours"), say("minutes")
PAID_HOURS = Bound(say("paid hours a week"), Fraction(0), Fraction(MAX_PAID_HOURS), _HOURS)
PERSONAL_HOURS = Bound(
    say("hours of one's own a week"), Fraction(0), Fraction(MAX_PERSONAL_HOURS), _HOURS
)
CAPACITY = Bound(say("capacity"), MIN_CAPACITY, MAX_CAPACITY)
SHARE = Bound(say("a share"), MIN_SHARE, MAX_SHARE)
MINUTES = Bound(say("minutes each time"), Fraction(0), Fraction(MAX_MINUTES), _MINUTES)
MENTAL_MINUTES = Bound(
    say("minutes a week of noticing and planning"),
    Fraction(0),
    Fraction(MAX_MENTAL_MINUTES),
    _MINUTES,
)
MONTH_DAY = Bound(
    say("the day of the month"),
    Fraction(MIN_MONTH_DAY),
    Fraction(MAX_MONTH_DAY),
    say("(every month has it)"),
)
TOLERANCE_MINUTES = Bound(
    say("the tolerance"), Fraction(0), Fraction(MAX_TOLERANCE_MINUTES), say("minutes a week")
)
DRIFT_WEEKS = Bound(
    say("weeks off balance"), Fraction(MIN_DRIFT_WEEKS), Fraction(MAX_DRIFT_WEEKS), say("weeks")
)
PERSONAL_MINUTES = Bound(
    say("time of one's own a week"), Fraction(0), Fraction(MAX_PERSONAL_MINUTES), _MINUTES
)
LOGGED_MINUTES = Bound(
    say("the minutes it took"), MIN_LOGGED_MINUTES, Fraction(MAX_MINUTES), _MINUTES
)
PERCENT = Bound(say("a part in percent"), Fraction(0), Fraction(MAX_PERCENT), say("percent"))
API_TOKEN_DAYS = Bound(
    say("days until it expires"), Fraction(1), Fraction(MAX_API_TOKEN_DAYS), say("days")
)


def date_check(value: date) -> Words | None:
    """None for a date within :data:`MIN_YEAR`–:data:`MAX_YEAR`, else a message saying so."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return say("choose a date between the years {low} and {high}", low=MIN_YEAR, high=MAX_YEAR)
    return None


def move_check(*, due_on: date, to: date, today: date) -> Words | None:
    """None when an occurrence due on ``due_on`` may move to ``to``, else why not.

    It may go to today or later, at most :data:`MAX_MOVE_DAYS` days from the day it was due.
    """
    problem = date_check(to)
    if problem:
        return problem
    if to < today:
        return say("choose today or a later day: the past cannot take it")
    if abs((to - due_on).days) > MAX_MOVE_DAYS:
        return say("a card moves at most {days} days from the day it was due", days=MAX_MOVE_DAYS)
    return None


def tick_key_problem(key: str) -> Words | None:
    """None for a tick's key as browsers make it (a UUID in lower-case hex with hyphens, exactly
    :data:`TICK_KEY_CHARS` characters), else why not."""
    if len(key) != TICK_KEY_CHARS or not _TICK_KEY.fullmatch(key):
        return say(
            "a tick's key is a UUID of {n} characters, like {example}",
            n=TICK_KEY_CHARS,
            example=_EXAMPLE_KEY,
        )
    return None


_EXAMPLE_KEY = "0b6e69a2-5f1c-4c8e-9d3a-2b7c1e4f5a60"


def skip_reason_problem(reason: str) -> Words | None:
    """None for an empty or acceptable reason to skip, else why not."""
    if not reason.strip():
        return None
    return text_problem(reason, what=THE_REASON, max_chars=MAX_SKIP_REASON_CHARS)


# Control, format, surrogate, private-use and unassigned characters; the zero-width joiner stays
# allowed because emoji sequences (a family, a flag) need it.
_REFUSED = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_ZWJ = "\u200d"


# What :func:`text_problem` names at the start of its message, for the text a page asks for.
THE_NAME = say("The name")
THE_HOUSEHOLD_NAME = say("The household name")
YOUR_NAME = say("Your name")
THE_REASON = say("The reason")


def text_problem(text: str, *, what: str, max_chars: int) -> Words | None:
    """None for acceptable one-line text, else why not. ``what`` names the text at the start of
    the message (:data:`THE_NAME`, or any Words or plain text).

    Control characters (a terminal escape, a NUL) and text longer than ``max_chars`` are refused:
    names are shown in terminals, emails and pages, where such characters do harm.
    """
    if not text.strip():
        return say("{what} cannot be empty", what=what)
    if len(text) > max_chars:
        return say(
            "{what} has {n} characters; at most {max}", what=what, n=len(text), max=max_chars
        )
    if any(ch != _ZWJ and unicodedata.category(ch) in _REFUSED for ch in text):
        return say(
            "{what} contains a control or invisible character; use letters, digits and spaces",
            what=what,
        )
    return None


def name_key(name: str) -> str:
    """How names are compared for uniqueness: "Robin", "robin" and "ROBIN " are one name."""
    return unicodedata.normalize("NFKC", " ".join(name.split())).casefold()


# --- Reminders ----------------------------------------------------------------------------
MIN_REMINDERS_PER_DAY = 1
MAX_REMINDERS_PER_DAY = 20  # a member's own cap, on each channel; more is no longer a reminder
DEFAULT_REMINDERS_PER_DAY = 4
MAX_PUSH_DEVICES = 10  # phones and browsers a member has asked Evenly to send reminders to
REMINDER_ATTEMPTS = 5  # tries to send one reminder before it is given up as failed
REMINDER_LATE_HOURS = 6  # a reminder this late (the job was down) is dropped, not sent
DIGEST_ITEMS = 12  # things a digest lists by name; it counts the rest ("and 5 more")
REMINDERS_PER_DAY = Bound(
    say("reminders a day"),
    Fraction(MIN_REMINDERS_PER_DAY),
    Fraction(MAX_REMINDERS_PER_DAY),
    say("reminders"),
)

# --- Deals worked out by the worker (evenly.core.solve_place) -----------------------------
# Which proposals are dealt inside the request and which go to the worker: the benchmark deals
# couples of 100 cards in ~10 ms and 4–6-member re-deals in hundreds of ms to seconds.
QUICK_SOLVE_CARDS = 24  # any household with this many cards or fewer is dealt at once
QUICK_SOLVE_COUPLE_CARDS = 300  # two members: dealt at once up to this many cards
QUICK_SOLVE_FIRST_DEAL_SIZE = 300  # a first deal (no card owned yet): members × cards
DEAL_SOLVE_STALE_MINUTES = 5  # a solve not picked up or silent this long is shown as stopped
DEAL_SOLVE_POLL_SECONDS = 2  # how often the deal page looks at a solve under way

# --- The stereotype lens (evenly.core.lens) ------------------------------------------------
# GEST's sentences are one first-person sentence each (at most ~250 characters); the embedder
# reads 128 word pieces. A longer "sentence" is refused, never silently cut.
MAX_LENS_SENTENCE_CHARS = 500
MAX_LENS_SENTENCES = 20  # sentences of one reflection the lens reads when its author asks
