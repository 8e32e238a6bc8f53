"""The coach on a page: the text with each flagged span in a <mark>, and a note per flag."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from evenly.core.checkin import LEAD_INS
from evenly.core.coach import LEARNED, Flag, coach, rule_named

register = template.Library()


@dataclass(frozen=True)
class Note:
    """A flag as the page shows it: the words, the rule's title, why, and what to try. A
    learned flag's title, reason and wording are core Words, said in the page's language; the
    rules' notes are English for now."""

    flag: Flag
    words: str
    title: str
    # Whether an earlier note of the box gave the same reason ("Do your job for once." marks two
    # spans of one rule): on a phone the same sixty words twice bury the two wordings to try.
    again: bool = False

    @property
    def learned(self) -> bool:
        """Whether the flag is the learned reading's (its texts can be said in German)."""
        return self.flag.rule == LEARNED.name


def marked(text: str, flags: list[Flag]) -> SafeString:
    """``text`` with every flagged span marked; overlapping spans merge into one mark."""
    spans: list[list[int]] = []
    for f in sorted(flags, key=lambda f: (f.start, f.end)):
        if spans and f.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], f.end)
        else:
            spans.append([f.start, f.end])
    parts = []
    at = 0
    for start, end in spans:
        parts.append((text[at:start], text[start:end]))
        at = end
    return format_html("{}{}", format_html_join("", "{}<mark>{}</mark>", parts), text[at:])


# A field holds part of a sentence: the learned reading reads it after the words that come
# before it, the check-in frame's (core's LEAD_INS), by the field's name on the page.
FIELD_LEAD_INS = {
    "concern-when": LEAD_INS["when"],
    "concern-need": LEAD_INS["need"],
    "concern-request": LEAD_INS["request"],
    "paraphrase-text": LEAD_INS["paraphrase"],
}


@register.inclusion_tag("checkins/_coach.html")
def coach_box(text: str, *, quiet_ok: bool = False, field: str = "") -> dict[str, Any]:
    """The coach's reading of ``text`` (typed into ``field``, when it is a form's); ``quiet_ok``
    says so when there is nothing to soften."""
    text = text or ""
    flags = coach(text, lead_in=FIELD_LEAD_INS.get(field, ""))
    notes = []
    reasons: set[str] = set()
    for f in flags:
        notes.append(Note(f, text[f.start : f.end], rule_named(f.rule).title, f.reason in reasons))
        reasons.add(f.reason)
    return {
        "text": text,
        "marked": marked(text, flags),
        "notes": notes,
        "english_notes": any(not n.learned for n in notes),
        "quiet_ok": quiet_ok and bool(text.strip()),
    }
