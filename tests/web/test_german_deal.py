"""The deal's reasons, its week sums, its verdict and core's bound messages, said in German.

Core writes them as Words (English text that remembers its template); the deal keeps each
reason's words beside its English, and the pages say them in the reader's language.
"""

from __future__ import annotations

import re
import string

import polib  # type: ignore[import-untyped]
import pytest
from django.urls import reverse
from django.utils import translation

from evenly.accounts.services import account_delete
from evenly.core.reasons import neutral_reason
from evenly.core.words import Words
from evenly.deals.models import Deal, DealCard
from evenly.pages.words import in_language, problem_sentence
from evenly.web.management.commands.compile_translations import SOURCES
from tests.conftest import Home
from tests.web.form_html import field_errors

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de"}
CORE_PO = SOURCES / "core" / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _proposed(home: Home) -> Deal:
    from evenly.cards.services import rating_set
    from evenly.deals.services import deal_propose

    prefs = {
        "Robin": ["enjoy", "dislike", "fine", "like"],
        "Sam": ["fine", "enjoy", "like", "hate"],
    }
    for member in (home.owner, home.partner):
        for card, pref in zip(
            home.household.cards.order_by("name"), prefs[member.display_name], strict=True
        ):
            rating_set(member=member, card=card, preference=pref)
    return deal_propose(household=home.household, member=home.owner)


def _english_marked(html: str) -> int:
    """Runs of the page marked English, leaving out the language switch's own "English"."""
    return html.count('lang="en"') - html.count('lang="en" aria-pressed')


def _german(value: object, english: str = "") -> str:
    with translation.override("de"):
        return in_language(value, english)


def _templates(words: Words) -> list[str]:
    """Every template in ``words``, its own and those of the Words put into it."""
    found = [words.template] + ([words.plural] if words.plural else [])
    for value in words.args.values():
        if isinstance(value, Words):
            found += _templates(value)
    return found


def _untranslated(words: Words) -> list[str]:
    """Templates with words of their own (not only placeholders and punctuation) that German
    leaves as they are."""
    bare = re.compile(r"\{\w+\}")
    with translation.override("de"):
        return [
            t
            for t in _templates(words)
            if re.search(r"[A-Za-z]", bare.sub("", t)) and translation.gettext(t) == t
        ]


def test_the_deal_page_says_every_reason_and_week_sum_in_german(home: Home) -> None:
    deal = _proposed(home)
    page = home.owner_client.get(reverse("deal", args=[home.household.pk]), **GERMAN)
    html = page.content.decode()
    assert _english_marked(html) == 0
    cards = list(deal.cards.all())
    assert cards
    for dc in cards:
        assert dc.reason_words is not None
        german = _german(dc.reason_words, dc.reason)
        assert german != dc.reason
        assert german.replace("'", "&#x27;") in html, german
        assert dc.reason.replace("'", "&#x27;") not in html
    assert "übernimmt" in html
    assert "bleiben frei." in html  # the week sums: "… von 98 h: passt, … bleiben frei."
    assert "of one's own" not in html and " home " not in html
    if deal.certificate["max_deviation_minutes"] <= deal.certificate["tolerance_minutes"]:
        assert "von ihrem fairen Anteil entfernt" in html
    assert "Englisch" not in html


def test_the_deal_page_in_english_is_unchanged(home: Home) -> None:
    deal = _proposed(home)
    html = home.owner_client.get(reverse("deal", args=[home.household.pk])).content.decode()
    for dc in deal.cards.all():
        assert dc.reason.replace("'", "&#x27;") in html
    assert "fair within" not in html


def test_every_sentence_of_a_reason_has_german_words(home: Home) -> None:
    from evenly.cards.to_core import core_household
    from evenly.core.deal import propose_deal
    from evenly.web.sample import sample_deal

    _proposed(home)
    reasons = list(propose_deal(core_household(household=home.household)).reasons.values())
    reasons += [c.reason for m in sample_deal().members for c in m.cards]
    reasons += [neutral_reason("Robin"), neutral_reason(None)]
    for reason in reasons:
        assert isinstance(reason, Words)
        assert _untranslated(reason) == [], reason


def test_a_reason_stored_before_words_were_kept_is_said_in_its_english(home: Home) -> None:
    deal = _proposed(home)
    DealCard.objects.filter(deal=deal).update(reason_words=None)
    html = home.owner_client.get(reverse("deal", args=[home.household.pk]), **GERMAN).content
    for dc in deal.cards.all():
        assert dc.reason.replace("'", "&#x27;") in html.decode()


def test_a_deleted_member_s_cards_keep_a_neutral_reason_in_both_languages(
    rated_and_dealt: Home,
) -> None:
    home = rated_and_dealt
    account_delete(user=home.owner.user)
    robin_held = DealCard.objects.filter(deal__household=home.household, owner=home.owner)
    assert robin_held.exists()
    for dc in robin_held:
        assert dc.reason == "Robin held this card in this deal."
        assert dc.reason_words == neutral_reason("Robin").to_json()
        assert _german(dc.reason_words) == "Robin hatte diese Karte in dieser Abmachung."
    for dc in DealCard.objects.filter(deal__household=home.household):
        assert "Robin" not in dc.reason or dc.reason == "Robin held this card in this deal."
        assert "Robin" not in _german(dc.reason_words, dc.reason) or dc.owner == home.owner


def test_the_sample_deal_on_the_front_page_gives_its_reasons_in_german(client) -> None:  # type: ignore[no-untyped-def]
    from evenly.web.sample import sample_deal

    html = client.get("/", **GERMAN).content.decode()
    assert _english_marked(html) == 0
    # The sample's cards are catalog cards, named in the page's language.
    reason = sample_deal("de").members[0].cards[0].reason
    assert _german(reason).replace("'", "&#x27;") in html
    assert "Abendessen unter der Woche" in html and "Weeknight dinners" not in html
    assert "von ihrem fairen Anteil entfernt" in html
    english = client.get("/").content.decode()
    assert sample_deal("en").members[0].cards[0].reason.replace("'", "&#x27;") in english


def test_a_card_with_too_many_minutes_is_refused_in_german(home: Home) -> None:
    data = {"name": "Garden", "category": "Outside", "cadence": "weekly", "mental_minutes": "0"}
    new = reverse("card_new", args=[home.household.pk])
    r = home.owner_client.post(new, {**data, "minutes": "2000"}, **GERMAN)
    assert r.status_code == 400
    assert field_errors(r.content.decode(), "minutes") == [
        "Minuten pro Mal: erlaubt sind 0 bis 1440 Minuten."
    ]
    r = home.owner_client.post(new, {**data, "minutes": "2000"})
    assert field_errors(r.content.decode(), "minutes") == [
        "Minutes each time must be from 0 to 1440 minutes."
    ]
    assert not home.household.cards.filter(name="Garden").exists()


def test_days_that_do_not_fit_the_cadence_are_refused_in_german(home: Home) -> None:
    card = home.household.cards.get(name="Laundry")
    when = reverse("card_when", args=[home.household.pk, card.pk])
    r = home.owner_client.post(when, {"weekdays": ["1", "5"]}, **GERMAN)
    assert (
        "„wöchentlich“ kommt einmal pro Woche: wähle 1 Wochentag (nicht 2)." in r.content.decode()
    )
    r = home.owner_client.post(when, {"weekdays": ["1", "5"]})
    assert "weekly&quot; comes round once a week: choose 1 day of the week (not 2)." in (
        r.content.decode()
    )


def test_a_problem_is_a_sentence_in_either_language() -> None:
    from evenly.core import bounds

    problem = bounds.text_problem("", what=bounds.YOUR_NAME, max_chars=40)
    assert problem == "Your name cannot be empty"
    assert problem_sentence(problem) == "Your name cannot be empty."
    with translation.override("de"):
        assert problem_sentence(problem) == "Dein Name darf nicht leer sein."
        assert problem_sentence("plain text") == "Plain text."


def test_core_s_german_catalog_is_complete_and_keeps_every_placeholder() -> None:
    catalog = polib.pofile(str(CORE_PO))
    problems = [f"untranslated {e.msgid!r}" for e in catalog.untranslated_entries()]
    problems += [f"fuzzy {e.msgid!r}" for e in catalog.fuzzy_entries()]

    def names(text: str) -> list[str]:
        return sorted(n for _, n, _, _ in string.Formatter().parse(text) if n is not None)

    for e in catalog.translated_entries():
        if e.msgid_plural:
            wanted = sorted(set(names(e.msgid) + names(e.msgid_plural)) - {"count"})
            for text in e.msgstr_plural.values():
                if sorted(set(names(text)) - {"count"}) != wanted:
                    problems.append(f"placeholders of {e.msgid!r}: {text!r}")
        elif names(e.msgstr) != names(e.msgid):
            problems.append(f"placeholders of {e.msgid!r}: {e.msgstr!r}")
    assert not problems, "\n".join(problems)


def test_a_cadence_evenly_cannot_read_is_explained_in_german(home: Home) -> None:
    data = {"name": "Garden", "category": "Outside", "minutes": "20", "mental_minutes": "0"}
    new = reverse("card_new", args=[home.household.pk])
    r = home.owner_client.post(new, {**data, "cadence": "3-mal pro Woche"}, **GERMAN)
    assert r.status_code == 400
    (error,) = field_errors(r.content.decode(), "cadence")
    assert error.startswith("Evenly versteht „3-mal pro Woche“ nicht als Rhythmus")
    r = home.owner_client.post(new, {**data, "cadence": "60 per week"}, **GERMAN)
    assert (
        "ist zu oft: höchstens 50-mal pro Woche" in field_errors(r.content.decode(), "cadence")[0]
    )
    r = home.owner_client.post(new, {**data, "cadence": "3-mal pro Woche"})
    (error,) = field_errors(r.content.decode(), "cadence")
    assert error.startswith('"3-mal pro Woche" is not a cadence Evenly understands')
