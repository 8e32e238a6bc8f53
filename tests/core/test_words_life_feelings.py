"""Core's sentences about life events, the mirror, feelings and I-statements, said in German
through core's own catalog: every template translated with its placeholders intact, whole
sentences in German word order, and the English unchanged."""

from __future__ import annotations

import csv
import datetime
import re
from fractions import Fraction
from importlib import resources
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

from evenly.core import feelings, mirror
from evenly.core.checkin import i_statement, record_sentence, weeks_held
from evenly.core.life_events import TEMPLATES, EventChange, RedealDiff, format_date
from evenly.core.words import Words

CATALOG = Path(__file__).parents[2] / "src/evenly/core/locale/de/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


class CoreGerman:
    """gettext, ngettext and pgettext from core's German .po (no Django, no .mo)."""

    def __init__(self) -> None:
        self.texts: dict[tuple[str | None, str], polib.POEntry] = {
            (e.msgctxt, e.msgid): e for e in polib.pofile(str(CATALOG))
        }

    def gettext(self, message: str, /) -> str:
        entry = self.texts.get((None, message))
        return entry.msgstr if entry and entry.msgstr else message

    def pgettext(self, context: str, message: str, /) -> str:
        entry = self.texts.get((context, message))
        return entry.msgstr if entry and entry.msgstr else message

    def ngettext(self, singular: str, plural: str, count: int, /) -> str:
        entry = self.texts.get((None, singular))
        if entry is None or not entry.msgstr_plural:
            return singular if count == 1 else plural
        return entry.msgstr_plural[0 if count == 1 else 1]


DE = CoreGerman()


def test_every_template_in_cores_catalog_is_translated_with_its_placeholders() -> None:
    problems = []
    for entry in polib.pofile(str(CATALOG)):
        if entry.obsolete:
            continue
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            wanted |= set(PLACEHOLDER.findall(entry.msgid_plural))
            forms = list(entry.msgstr_plural.values())
        else:
            forms = [entry.msgstr]
        if "fuzzy" in entry.flags or not all(forms):
            problems.append(f"untranslated: {entry.msgid!r}")
        for form in forms:
            # A plural's singular form may leave out {count} ("Karte" for one); nothing else.
            given = set(PLACEHOLDER.findall(form))
            if given - wanted or (wanted - given) - {"count"}:
                problems.append(f"placeholders differ: {entry.msgid!r} -> {form!r}")
    assert not problems, "\n".join(problems)


# --- feelings --------------------------------------------------------------------------------


def test_a_feeling_keeps_its_english_key_and_is_said_in_german() -> None:
    said = feelings.feeling_said("thankful", 3)
    assert said == "I feel very thankful"
    assert said.translated(DE) == "Ich fühle mich sehr beschenkt"
    assert feelings.feeling_said("worn out").translated(DE) == "Ich fühle mich abgekämpft"
    assert feelings.feeling_said("Tired", 1).translated(DE) == "Ich fühle mich ein wenig müde"
    # A word the vocabulary lacks (an old row) is said as it was stored.
    assert feelings.feeling_said("purple", 2).translated(DE) == "Ich fühle mich ziemlich purple"


def test_every_feeling_word_family_and_intensity_has_its_own_german() -> None:
    words = [w for f in feelings.FAMILIES for w in f.words]
    german = [w.translated(DE) for w in words]  # type: ignore[attr-defined]
    assert all(g != w for g, w in zip(german, words, strict=True))
    assert len(set(german)) == len(german), "two feelings read the same in German"
    assert [f.name.translated(DE) for f in feelings.FAMILIES][:2] == ["Froh", "Dankbar"]
    assert [w.translated(DE) for w in feelings.INTENSITIES.values()] == [
        "ein wenig",
        "ziemlich",
        "sehr",
    ]
    # The choices' values stay the English keys a check-in item stores.
    _, options = feelings.feeling_choices()[1]
    assert options[1] == ("thankful", "thankful") and type(options[1][0]) is str


def test_a_feeling_is_not_the_same_word_as_a_card_that_moved() -> None:
    moved = feelings.feeling_word("moved")
    assert isinstance(moved, Words) and moved.context == "feeling"
    assert Words.from_json(moved.to_json()).translated(DE) == "bewegt"


# --- I-statements ----------------------------------------------------------------------------


def test_the_i_statement_is_said_in_german_around_the_persons_own_words() -> None:
    text = i_statement(
        feeling="tired",
        when="When the laundry waits",
        need="I need some rest.",
        request="Would you be willing to take the laundry on Sundays?",
    )
    assert text == (
        "I feel tired when the laundry waits, and I need some rest. "
        "Would you be willing to take the laundry on Sundays?"
    )
    assert text.translated(DE) == (
        "Ich fühle mich müde, wenn the laundry waits, und ich brauche some rest. "
        "Wärst du bereit, take the laundry on Sundays?"
    )
    short = i_statement(feeling="calm", when="dinner is planned")
    assert short.translated(DE) == "Ich fühle mich ruhig, wenn dinner is planned."


def test_german_lead_words_typed_again_are_not_doubled() -> None:
    text = i_statement(
        feeling="exhausted",
        when="Wenn die Wäsche liegen bleibt.",
        need="und ich brauche mehr Ruhe",
        request="Wärst du bereit, Müll und Wäsche sonntags zu übernehmen?",
    )
    assert text.translated(DE) == (
        "Ich fühle mich erschöpft, wenn die Wäsche liegen bleibt, und ich brauche mehr Ruhe. "
        "Wärst du bereit, Müll und Wäsche sonntags zu übernehmen?"
    )
    # "Ich" mid-sentence is small in German; a German noun keeps its capital.
    assert i_statement(feeling="sad", when="Ich allein koche", need="Ich brauche Hilfe").args[
        "when"
    ] == ("ich allein koche")
    # A German request may start with a noun; an English one starts with a verb.
    for typed, said in [
        ("Müll rausbringen", "Müll rausbringen"),
        ("Wärst du bereit, Bad putzen", "Bad putzen"),
        ("Cook", "cook"),
        ("Take the bins out", "take the bins out"),
    ]:
        assert i_statement(feeling="sad", when="x", request=typed).args["request"] == said


def test_the_check_in_record_is_said_in_german() -> None:
    today = datetime.date(2026, 12, 6)
    assert record_sentence(weeks_held([today], today=today)).translated(DE) == (
        "Ihr habt euch in 1 der letzten 8 Wochen getroffen."
    )
    assert (
        record_sentence(weeks_held([], today=today))
        .translated(DE)
        .startswith("In den letzten 8 Wochen noch kein Check-in.")
    )
    assert record_sentence(weeks_held([], today=today, weeks=1)) == (
        "No check-in in the last week yet. The next one is a fine place to start."
    )


# --- life events -----------------------------------------------------------------------------


def _change(**fields: object) -> EventChange:
    base: dict[str, object] = {
        "key": "illness",
        "title": TEMPLATES["illness"].title,
        "member": "Sam",
        "until": datetime.date(2026, 6, 12),
        "added": (),
        "paused": (),
        "paid_hours": {},
        "capacity": {},
    }
    return EventChange(**(base | fields))  # type: ignore[arg-type]


def test_what_a_life_event_changes_is_said_in_german() -> None:
    change = _change(
        starts=datetime.date(2026, 5, 1),
        capacity={"Sam": (Fraction(1), Fraction(1, 4))},
        paid_hours={"Sam": (Fraction(40), Fraction(45, 2))},
        already=("Looking after Sam",),
    )
    lines = change.describe()
    assert lines == [
        "Starts on 1 May 2026",
        "Keeps 1 card the household already has: Looking after Sam",
        "Sam's paid hours: 40 → 22.5 a week until 12 June 2026",
        "Sam can carry a quarter of their usual share until 12 June 2026",
    ]
    assert [line.translated(DE) for line in lines] == [
        "Beginnt am 1. Mai 2026",
        "Behält 1 Karte, die der Haushalt schon hat: Looking after Sam",
        "Bezahlte Stunden von Sam: 40 → 22.5 pro Woche bis 12. Juni 2026",
        "Sam kann bis 12. Juni 2026 ein Viertel des üblichen Anteils tragen",
    ]
    assert _change(until=None).describe()[0].translated(DE) == "Ändert nichts im Haushalt"
    assert format_date(datetime.date(2027, 3, 9)).translated(DE) == "9. März 2027"


def test_every_life_event_has_a_german_title_and_description() -> None:
    for template in TEMPLATES.values():
        assert isinstance(template.title, Words) and isinstance(template.description, Words)
        assert template.title.translated(DE) != template.title
        assert template.description.translated(DE) != template.description


def test_the_redeal_summary_is_said_in_german_and_stored() -> None:
    diff = RedealDiff(
        moves=(("A", "Robin", "Sam"), ("B", None, "Sam"), ("C", "Sam", "Robin")),
        minutes_delta={"Robin": Fraction(-120), "Sam": Fraction(90), "Kai": Fraction(0)},
    )
    summary = diff.summary()
    assert summary == "3 cards move (1 of them new); Robin −2 h a week, Sam +1 h 30, Kai no change"
    german = "3 Karten wechseln (1 davon neu); Robin −2 h pro Woche, Sam +1 h 30, Kai unverändert"
    assert summary.translated(DE) == german
    assert Words.from_json(summary.to_json()).translated(DE) == german
    one = RedealDiff(moves=(("N", None, "Sam"),), minutes_delta={})
    assert one.summary().translated(DE) == "1 Karte wechselt (eine neue)"
    assert RedealDiff(moves=(), minutes_delta={}).summary().translated(DE) == (
        "Keine Karte wechselt"
    )


# --- the mirror ------------------------------------------------------------------------------


def test_every_activity_and_population_of_the_baselines_has_a_name_to_translate() -> None:
    text = resources.files("evenly.core").joinpath("data/time_use_baselines.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))
    assert {r["activity"] for r in rows} == set(mirror.ACTIVITY_NAMES)
    assert {r["population"] for r in rows} == set(mirror.POPULATION_NAMES)
    for key, name in [*mirror.ACTIVITY_NAMES.items(), *mirror.POPULATION_NAMES.items()]:
        assert name == key and name.translated(DE) != key, key
    assert mirror.activity_name("Housework").translated(DE) == "Putzen und Wäsche"  # type: ignore[attr-defined]
    assert mirror.activity_name("Knitting") == "Knitting"


@pytest.mark.parametrize(
    ("minutes", "english", "german"),
    [
        (
            {("Sam", "Housework"): 100, ("Robin", "Lawn and garden care"): 100},
            "Sam holds 100% of the work traditionally done mostly by women and Robin holds",
            "Sam macht 100% der Arbeit, die traditionell vor allem Frauen machen, und Robin",
        ),
        (
            {("Sam", "Housework"): 100, ("Robin", "Leisure and sports"): 100},
            "Sam holds 100% of the work traditionally done mostly by women; nothing of",
            "Sam macht 100% der Arbeit, die traditionell vor allem Frauen machen; von der",
        ),
        (
            {("Sam", "Housework"): 50, ("Robin", "Housework"): 50},
            "No member holds most of either kind",
            "Niemand macht den Großteil",
        ),
        ({("Sam", "Housework"): 50}, "Not enough has been logged", "Es ist noch zu wenig"),
    ],
)
def test_the_mirrors_summary_is_said_in_german(
    minutes: dict[tuple[str, str], int], english: str, german: str
) -> None:
    result = mirror.mirror(
        minutes_by_member_and_activity={k: Fraction(v) for k, v in minutes.items()},
        members=["Robin", "Sam"],
    )
    assert result.summary.startswith(english)
    assert result.summary.translated(DE).startswith(german)
    assert [c.translated(DE) for c in mirror.CAVEATS][2] == (
        "Ein einzelner Haushalt ist keine Stichprobe."
    )
