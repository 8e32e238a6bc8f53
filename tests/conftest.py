"""The web test base: a household with an owner and a partner, and an outsider elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client


@dataclass
class Home:
    household: object
    owner: object  # Member
    partner: object  # Member
    owner_client: Client
    partner_client: Client
    outsider_client: Client
    anon_client: Client
    other_household: object  # the outsider's own household
    outsider: object  # Member of other_household


PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations() -> None:
    """Every app's .po compiled to .mo before any page is drawn (make does it too; a bare
    `pytest` must not test against stale or missing catalogs)."""
    from django.core.management import call_command

    call_command("compile_translations", verbosity=0)


@pytest.fixture(autouse=True)
def english_between_tests() -> Iterator[None]:
    """A page asked for in German leaves German active in this thread (LocaleMiddleware sets it
    per request); each test starts and ends in English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def fast_password_hashing(request: pytest.FixtureRequest) -> None:
    """Argon2 takes most of a second per hash by design; tests that do not check hashing
    use a fast hasher. Mark a test ``real_hashing`` to keep the production setting."""
    if "real_hashing" in request.keywords or "django_db_setup" not in request.fixturenames:
        return
    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def nothing_kept(request: pytest.FixtureRequest) -> None:
    """Pages keep parts and the Needs-you count per household revision (``evenly.pages.kept``):
    the revision moves with every form, API write and background job, but tests also write
    straight through the services between two pages, which production never does. So tests
    keep nothing, unless they ask for ``keeping`` (or drive a browser, which writes as people
    do)."""
    names = request.fixturenames
    if "django_db_setup" not in names or "keeping" in names or "live_server" in names:
        return
    settings = request.getfixturevalue("settings")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.fixture
def keeping() -> Iterator[None]:
    """What pages keep is kept, as in production (see ``nothing_kept``), from nothing."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db) -> Home:  # type: ignore[no-untyped-def]
    from evenly.accounts.services import account_create
    from evenly.cards.services import card_save
    from evenly.households.services import (
        household_create,
        invitation_accept,
        invitation_create,
    )

    robin = account_create(email="robin@example.org", password=PASSWORD, verified=True)
    sam = account_create(email="sam@example.org", password=PASSWORD, verified=True)
    olly = account_create(email="olly@example.org", password=PASSWORD, verified=True)
    household = household_create(
        user=robin,
        name="Robin & Sam",
        time_zone="Europe/London",
        fairness="equal",
        display_name="Robin",
    )
    owner = household.members.get()
    new = invitation_create(household=household, member=owner)
    partner = invitation_accept(token=new.token, user=sam, display_name="Sam")
    other = household_create(
        user=olly,
        name="Olly's flat",
        time_zone="Europe/Paris",
        fairness="equal",
        display_name="Olly",
    )
    for name, cadence, minutes in [
        ("Cooking dinner", "daily", 45),
        ("Laundry", "weekly", 60),
        ("Bins out", "weekly", 10),
        ("Bathroom clean", "weekly", 40),
    ]:
        card_save(
            household=household,
            card=None,
            name=name,
            category="Home",
            cadence=cadence,
            minutes=Decimal(minutes),
            mental_minutes=Decimal(5),
            standard="Done properly",
        )
    card_save(
        household=other,
        card=None,
        name="Hoovering",
        category="Cleaning",
        cadence="weekly",
        minutes=Decimal(30),
        mental_minutes=Decimal(0),
        standard="",
    )

    def client_for(user: object) -> Client:
        c = Client()
        c.force_login(user)  # type: ignore[arg-type]
        return c

    return Home(
        household=household,
        owner=owner,
        partner=partner,
        owner_client=client_for(robin),
        partner_client=client_for(sam),
        outsider_client=client_for(olly),
        anon_client=Client(),
        other_household=other,
        outsider=other.members.get(),
    )


@pytest.fixture
def rated_and_dealt(home: Home) -> Home:
    """Both members have rated every card and accepted the engine's deal."""
    from evenly.cards.services import rating_set
    from evenly.deals.services import deal_accept, deal_propose

    prefs = {
        "Robin": ["enjoy", "dislike", "fine", "like"],
        "Sam": ["fine", "enjoy", "like", "hate"],
    }
    for member in (home.owner, home.partner):
        for card, pref in zip(
            home.household.cards.order_by("name"), prefs[member.display_name], strict=True
        ):
            rating_set(member=member, card=card, preference=pref)
    deal = deal_propose(household=home.household, member=home.owner)
    deal_accept(deal=deal, member=home.owner)
    deal_accept(deal=deal, member=home.partner)
    return home


def follow_mailed_link(client: Client, email: str) -> object:
    """Open the confirmation link last mailed to ``email`` and press its one button, as a person
    would; returns the response (a redirect to where sign-up was going)."""
    import re

    from django.core import mail

    bodies = [m.body for m in mail.outbox if m.to == [email]]
    assert bodies, f"no mail to {email}"
    link = re.search(r"https?://testserver(/verify/[^\s]+)", bodies[-1])
    assert link, bodies[-1]
    assert client.get(link.group(1)).status_code == 200
    return client.post(link.group(1))


def sign_up(client: Client, email: str, password: str = PASSWORD, nxt: str = "") -> object:
    """Sign up through the form and confirm the address by the mailed link."""
    r = client.post("/signup/", {"email": email, "password": password, "next": nxt})
    assert r.status_code == 302, r
    return follow_mailed_link(client, email)


@pytest.fixture
def without_needs_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """No app says what waits on a member: for a page's own query budget. The count on the
    "Needs you" tab, drawn on every household page, keeps its own budget (tests/web/test_needs.py)."""
    from evenly.pages import needs

    monkeypatch.setattr(needs, "_need_providers", [])
