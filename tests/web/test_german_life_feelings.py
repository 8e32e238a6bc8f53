"""Life events, the stereotype mirror, feelings and concerns on German pages: core's sentences
said in German (no lang="en" left around them), the household's own words as they were typed,
and rows written before the words were stored still shown, in English."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from evenly.cards.models import Card
from evenly.checkins import services as checkin_services
from evenly.checkins.models import Item
from evenly.growth import services as growth_services
from evenly.growth.models import LifeEvent
from tests.conftest import Home
from tests.web.test_insight import _log, _monday

pytestmark = pytest.mark.django_db

GERMAN = {"accept-language": "de"}


@pytest.fixture(autouse=True)
def _compiled() -> None:
    call_command("compile_translations", verbosity=0)


def _url(home: Home, name: str, *args: object) -> str:
    return reverse(name, args=[home.household.pk, *args])


def _german(home: Home, url: str) -> str:
    response = home.owner_client.get(url, headers=GERMAN)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="de"' in html
    return html


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_life_event_is_described_in_german(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    until = home.household.today() + timedelta(days=30)
    event = growth_services.life_event_apply(
        member=home.owner, key="illness", concerns=home.partner, until=until
    )
    assert event.summary_words is not None and event.change["lines_words"]
    page = _german(home, _url(home, "life_event", event.pk))
    main = _main(page)
    assert 'lang="en"' not in main
    text = _text(main)
    assert "Eine Krankheit" in text
    assert f"{home.partner.display_name} kann bis" in text
    assert "ein Viertel des üblichen Anteils tragen" in text
    assert re.search(r"Keine Karte wechselt|Karten? wechselt|Karten wechseln", text), text
    assert event.summary not in text  # said in German, not the English kept beside it
    listing = _text(_main(_german(home, _url(home, "life_events"))))
    assert "Eine Krankheit" in listing and "Ein neues Haustier" in listing  # the form's choices
    assert "English" not in listing and "Englisch" not in listing


def test_a_life_event_stored_before_its_words_shows_its_english(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    event = growth_services.life_event_apply(member=home.owner, key="new-pet")
    change = dict(event.change)
    del change["lines_words"]
    LifeEvent.objects.filter(pk=event.pk).update(summary_words=None, change=change)
    text = _text(_main(_german(home, _url(home, "life_event", event.pk))))
    assert event.summary in text
    assert event.change["lines"][0] in text
    assert "Ein neues Haustier" in text  # the title comes from its template


def test_the_mirror_speaks_german(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    Card.objects.create(
        household=home.household,
        name="Mowing the lawn",
        catalog_key="lawn-mowing",
        category="Home & garden",
        cadence="every 2 weeks",
        minutes=45,
    )
    home.household.cards.filter(name="Laundry").update(catalog_key="laundry")
    day = _monday(home) - timedelta(days=3)
    _log(home, home.owner, 90, day, "Mowing the lawn")
    _log(home, home.partner, 120, day, "Laundry")
    html = _german(home, _url(home, "mirror") + "?period=4w")
    text = _text(_main(html))
    assert (
        "Sam macht 100% der Arbeit, die traditionell vor allem Frauen machen, und Robin macht "
        "100% der Arbeit, die traditionell vor allem Männer machen" in text
    )
    assert "Rasen- und Gartenpflege" in text and "Putzen und Wäsche" in text
    assert "Verheiratete Eltern, beide in Vollzeit erwerbstätig" in text
    assert "Ein einzelner Haushalt ist keine Stichprobe." in text
    # Only the publication's name stays English, marked so.
    marked = re.findall(r'<(\w+)[^>]*lang="en"[^>]*>(.*?)</\1>', _main(html), re.S)
    assert marked and all("American Time Use Survey" in inner for _, inner in marked)


def test_feelings_and_a_concern_are_said_in_german(home: Home) -> None:
    checkin = checkin_services.checkin_start(member=home.owner)
    prepare = _url(home, "checkin_prepare", checkin.pk)
    home.owner_client.post(
        prepare,
        {"kind": "feeling", "feeling-feeling": "tired", "feeling-intensity": "2"},
    )
    home.owner_client.post(
        prepare,
        {
            "kind": "concern",
            "concern-feeling": "worried",
            "concern-when": "Wenn das Geschirr morgens noch in der Spüle steht",
            "concern-need": "und ich brauche eine freie Küche",
            "concern-request": "Wärst du bereit, es abends zu spülen?",
        },
    )
    concern = Item.objects.get(kind="concern")
    assert concern.feeling == "worried"  # the key stays English
    page = _german(home, prepare)
    main = _main(page)
    text = _text(main)
    assert "Ich fühle mich ziemlich müde" in text
    german = (
        "Ich fühle mich besorgt, wenn das Geschirr morgens noch in der Spüle steht, und ich "
        "brauche eine freie Küche. Wärst du bereit, es abends zu spülen?"
    )
    assert german in text
    assert '<option value="thankful">beschenkt</option>' in main
    assert ">ziemlich<" in main or "ziemlich</label>" in main
    assert "I feel" not in text
    assert "Ein paar Worte, wenn du magst" in text and "Was diese Woche gut lief" in text
    together = _text(_main(_german(home, _url(home, "checkin_together", checkin.pk))))
    assert "Ich fühle mich ziemlich müde" in together and german in together
    delete = _text(_main(_german(home, _url(home, "checkin_item_delete", concern.pk))))
    assert german in delete
    # In English, the same concern reads as before.
    english = home.owner_client.get(prepare, headers={"accept-language": "en"}).content.decode()
    assert "I feel quite tired" in _text(english)
    assert "I feel worried when das Geschirr" in _text(english)


def test_a_shared_feeling_is_said_in_german_on_the_together_page(home: Home) -> None:
    checkin = checkin_services.checkin_start(member=home.owner)
    home.partner_client.post(
        _url(home, "checkin_prepare", checkin.pk),
        {"kind": "feeling", "feeling-feeling": "grateful", "feeling-intensity": "3"},
    )
    item = Item.objects.get()
    home.partner_client.post(_url(home, "checkin_item_share", item.pk))
    html = _german(home, _url(home, "checkin_together", checkin.pk))
    assert re.search(r"fühlt sich sehr <strong>dankbar</strong>", html), _text(_main(html))


def test_a_life_change_missing_what_it_needs_says_so_in_german(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    url = _url(home, "life_events")
    r = home.owner_client.post(url, {"key": "new-job"}, headers=GERMAN)
    assert r.status_code == 400
    assert "Wähl, um wen es bei dieser Veränderung geht." in r.content.decode()
    r = home.owner_client.post(url, {"key": "new-job", "concerns": home.partner.pk}, headers=GERMAN)
    assert r.status_code == 400
    assert "Gib die neuen Stunden Erwerbsarbeit pro Woche an." in r.content.decode()
    assert not LifeEvent.objects.exists()


def test_the_redeal_table_and_the_capacity_choices_are_german(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    event = growth_services.life_event_apply(member=home.owner, key="new-pet")
    assert event.change["moves"] and event.change["moves_words"]
    main = _main(_german(home, _url(home, "life_event", event.pk)))
    cells = re.findall(r"<td>(.*?)</td>", main)
    assert "neu" in cells and "new" not in cells
    # A bare "None" is Django admin's "-" in German: the capacity's "None" has its own context.
    form = _main(_german(home, _url(home, "life_events")))
    assert re.search(r'<option value="0">Nichts</option>', form), form


def test_cores_catalog_never_says_another_apps_words_differently() -> None:
    """All catalogs are one at run time and core's (in LOCALE_PATHS) wins: a bare msgid that an
    app translates otherwise ("moved", a card in a new deal) would change that app's page."""
    import polib  # type: ignore[import-untyped]

    from evenly.web.management.commands.compile_translations import SOURCES

    def entries(path: object) -> dict[tuple[str | None, str], str]:
        return {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path)) if e.msgstr}

    core = entries(SOURCES / "core/locale/de/LC_MESSAGES/django.po")
    clashes = [
        f"{po.parts[-5]}: {key[1]!r} is {text!r} there, {core[key]!r} in core"
        for po in SOURCES.glob("*/locale/de/LC_MESSAGES/django.po")
        if po.parts[-5] != "core"
        for key, text in entries(po).items()
        if key in core and core[key] != text
    ]
    assert not clashes, "\n".join(clashes)
