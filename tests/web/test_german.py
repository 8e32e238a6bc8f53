"""A crawl of the demo in German: every main page says ``<html lang="de">``, and no English
text is left on the pages of the apps already translated.

The pages come from the URL resolver (as in test_get_never_writes): every route a GET answers
whose only id is the household's, as Robin of the demo household, and the public ones as a
visitor too. Each page's visible text (text nodes, and the aria-label, title, placeholder and
alt a screen reader or a hover shows; never scripts or styles) is split into runs, the
household's own words (anything typed into the demo: card names, member names, notes) and
numbers are taken out, and a run counts as English when

- it is an English msgid of any app's catalog (placeholders match anything), unless the German
  catalog translates it to the same words (e.g. "Check-in"), or
- it holds at least two of the English stop words below.

The pages of the apps in ``TRANSLATED_APPS`` must have none; the others are printed as the
to-do list (``pytest tests/web/test_german.py -s``). Add an app to the set once its pages are
German; the set only grows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser

import polib  # type: ignore[import-untyped]
import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import resolve, reverse

from evenly.accounts.models import User
from evenly.demo import DEMO_EMAILS, demo_load
from evenly.web.management.commands.compile_translations import SOURCES, po_files
from tests.web.test_security import PUBLIC, SAMPLES, routes

pytestmark = pytest.mark.django_db

# The apps whose pages are German through and through (the app of a page is its view's).
TRANSLATED_APPS = {
    "web",
    "accounts",
    "households",
    "pages",
    "perception",
    "felt",
    "checkins",
    "insight",
    "reminders",
    "calendars",
    "privacy",
    "values",
    "growth",
    "week",
    "deals",
    "cards",
}

STOP_WORDS = frozenset(
    {"the", "and", "you", "your", "with", "this", "what", "for", "is", "are", "of"}
)
# Words that are the same in both languages, or names.
ALLOWED = frozenset({"Evenly", "OK", "English", "Deutsch", "·", "…"})
SHOWN_ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")
WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


class _Text(HTMLParser):
    """The runs of text a person sees or hears on a page."""

    HIDDEN = frozenset({"script", "style", "template", "head"})

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[str] = []
        self._hidden = 0
        self._open: list[str] = []  # the hidden elements open now (innermost last)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # Text marked as English on purpose (lang="en": the coach's wording, for now) is not
        # counted; the page says so in German.
        if tag in self.HIDDEN or (("lang", "en") in attrs and tag != "html"):
            self._hidden += 1
            self._open.append(tag)
        for name, value in attrs:
            if name in SHOWN_ATTRIBUTES and value:
                self.runs.append(value)

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag == self._open[-1]:
            self._open.pop()
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.runs.append(data)


def _pattern(msgid: str) -> str:
    """A msgid as a regex: its placeholders (%(n)s, %s, {x}) match any text, the rest itself
    (with any run of spaces for a space)."""
    parts = re.split(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}", msgid)
    return "(?:.+?)".join(r"\s+".join(map(re.escape, p.split(" "))) for p in parts)


def _english_msgids() -> re.Pattern[str]:
    texts: set[str] = set()
    for path in po_files():
        for entry in polib.pofile(str(path)):
            for msgid, msgstr in ((entry.msgid, entry.msgstr), (entry.msgid_plural, "")):
                words = WORD.findall(re.sub(r"%\(\w+\)[sdif]|\{\w*\}", " ", msgid or ""))
                # "%(a)s and %(b)s" would match any text with an "and": a msgid with
                # placeholders needs two words of its own to count.
                has_placeholders = len(words) != len(WORD.findall(msgid or ""))
                enough = len(words) >= 2 if has_placeholders else bool(words)
                if enough and msgstr != msgid:
                    texts.add(" ".join(msgid.split()))
    ordered = sorted(texts, key=len, reverse=True)
    return re.compile("|".join(f"(?:{_pattern(t)})" for t in ordered if t))


def _strings(value: object) -> list[str]:
    """The texts in a stored value (a JSON field's too: history keeps what changed as written
    at the time)."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return [value] if isinstance(value, str) else []


def _household_words() -> re.Pattern[str]:
    """Everything typed into the demo (the household's words), longest first."""
    words: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("evenly."):
            continue
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
            and not f.choices
        ]
        for row in model._base_manager.values_list(*fields) if fields else ():
            for value in row:
                for text in _strings(value):
                    for line in text.splitlines():
                        if len(line.strip()) > 1:
                            words.add(line.strip())
    ordered = sorted(words, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered))


def _english(run: str, msgids: re.Pattern[str], household: re.Pattern[str]) -> bool:
    text = " ".join(run.split())
    if not text or text in ALLOWED:
        return False
    # The household's words never count; what is left around them may (each stands in as a
    # NUL, so "Robin added Gifts" still matches the msgid "{who} added {s}").
    marked = household.sub("\x00", text)
    words = WORD.findall(marked)
    if not words or " ".join(words) in ALLOWED:
        return False
    if msgids.fullmatch(marked):
        return True
    return len({w.lower() for w in words} & STOP_WORDS) >= 2


def _app_of(url: str) -> str:
    module = resolve(url).func.__module__
    if module.startswith("django.contrib.auth"):
        return "accounts"  # password change and reset: Django's views, our templates
    return module.split(".")[1] if module.startswith("evenly.") else module


def _main_pages(household_id: int) -> list[tuple[str, str, bool]]:
    """(url, route name, public) of every main page: GET, and no id but the household's."""
    pages = []
    for route in routes():
        sample = SAMPLES.get(route.name or "")
        if sample is None or "GET" not in sample.methods:
            continue
        if set(sample.kwargs) - {"household_id"} or route.name in {"service_worker", "pulse"}:
            continue
        kwargs = {"household_id": household_id} if sample.kwargs else {}
        assert route.name
        pages.append((reverse(route.name, kwargs=kwargs), route.name, sample.access == PUBLIC))
    return pages


def test_the_demo_in_german_has_no_english_left_on_translated_pages() -> None:
    call_command("compile_translations", verbosity=0)
    demo = demo_load()
    robin = Client(headers={"accept-language": "de-DE,de;q=0.9"})
    robin.force_login(User.objects.get(email=DEMO_EMAILS[0]))
    visitor = Client(headers={"accept-language": "de"})
    msgids, household = _english_msgids(), _household_words()
    english: dict[str, dict[str, list[str]]] = defaultdict(dict)
    problems: list[str] = []
    crawled = 0
    for url, name, public in _main_pages(demo.household_id):
        for who, client in (("Robin", robin), ("a visitor", visitor)):
            if who == "a visitor" and not public:
                continue
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            crawled += 1
            page = response.content.decode()
            if '<html lang="de"' not in page:
                problems.append(f'{url} ({name}) as {who}: not <html lang="de">')
            parser = _Text()
            parser.feed(page)
            left = sorted(
                {" ".join(r.split()) for r in parser.runs if _english(r, msgids, household)}
            )
            if left:
                english[_app_of(url)][f"{url} ({name}) as {who}"] = left
    assert crawled > 30
    # The to-do list, shown with `pytest -s` (and on a failure).
    print("\n\nGerman to-do: English text left on the pages of apps not yet translated")
    for app in sorted(set(english) - TRANSLATED_APPS):
        count = sum(len(texts) for texts in english[app].values())
        print(f"\n== {app}: {count} run(s) on {len(english[app])} page(s)")
        for page_name, texts in sorted(english[app].items()):
            print(f"  {page_name}")
            for text in texts:
                print(f"    - {text[:100]}")
    for app in sorted(TRANSLATED_APPS & set(english)):
        for page_name, texts in sorted(english[app].items()):
            problems += [f"{page_name}: English left: {text!r}" for text in texts]
    assert not problems, "\n".join(problems)


def test_the_catalogs_of_translated_apps_are_complete() -> None:
    """Every msgid of a translated app has a German msgstr, none left fuzzy (a fuzzy entry is
    skipped when compiling, so its page would show English)."""
    problems = []
    for app in sorted(TRANSLATED_APPS):
        path = SOURCES / app / "locale" / "de" / "LC_MESSAGES" / "django.po"
        catalog = polib.pofile(str(path))
        problems += [
            f"{path}:{e.linenum}: untranslated {e.msgid!r}" for e in catalog.untranslated_entries()
        ]
        problems += [f"{path}:{e.linenum}: fuzzy {e.msgid!r}" for e in catalog.fuzzy_entries()]
    assert not problems, "\n".join(problems)


def test_no_two_apps_translate_one_text_two_ways() -> None:
    """Django merges every app's catalog into one: where two apps translate the same English
    (without a msgctxt) differently, one silently wins on the other's pages. Same meaning: say
    it one way; different meanings ("To" a person, "To" a date): give each a context
    (``pgettext`` / ``{% translate "To" context "recipient" %}``)."""
    said: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for path in po_files():
        if path.name != "django.po" or path.parent.parent.name != "de":
            continue
        app = path.parents[3].name
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.translated():
                continue
            text = entry.msgstr or repr(sorted(entry.msgstr_plural.items()))
            said[(entry.msgctxt, entry.msgid)][app] = text
    clashes = [
        f"{msgid!r}{f' (context {context!r})' if context else ''}: {by_app}"
        for (context, msgid), by_app in sorted(said.items(), key=str)
        if len(set(by_app.values())) > 1
    ]
    assert not clashes, "\n".join(clashes)
