"""Evenly writes to each person in their own language: the one they chose with the switch,
signed up or first signed in with. Reminders are written in it whatever language the worker
runs in, and two partners of one household may each get their own."""

from __future__ import annotations

from datetime import time

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from evenly.accounts.models import User
from evenly.accounts.services import language_of
from evenly.reminders.models import Reminder
from evenly.reminders.services import reminders_run
from tests.conftest import PASSWORD, Home
from tests.web.test_reminders import Waiting, at, card_need, mails_to, prefs, waiting  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_language_switch_remembers_the_choice_for_a_signed_in_person(home: Home) -> None:
    client = Client()
    client.force_login(home.owner.user)
    client.post(reverse("language"), {"language": "de"})
    assert User.objects.get(pk=home.owner.user.pk).language == "de"
    client.post(reverse("language"), {"language": "xx"})  # not one Evenly speaks: no change
    assert language_of(User.objects.get(pk=home.owner.user.pk)) == "de"


def test_a_visitor_choosing_a_language_writes_nothing(home: Home) -> None:
    Client().post(reverse("language"), {"language": "de"})
    assert set(User.objects.values_list("language", flat=True)) == {""}


def test_sign_up_keeps_the_language_of_the_page(client: Client) -> None:
    client.post(
        reverse("signup"),
        {"email": "kai@example.org", "password": "a long pass phrase 42"},
        headers={"accept-language": "de-DE,de;q=0.9"},
    )
    assert User.objects.get(email="kai@example.org").language == "de"


def test_first_sign_in_sets_a_language_and_later_ones_keep_the_choice(home: Home) -> None:
    User.objects.filter(pk=home.owner.user.pk).update(language="")
    german = Client(headers={"accept-language": "de"})
    german.post(reverse("login"), {"username": home.owner.user.email, "password": PASSWORD})
    assert User.objects.get(pk=home.owner.user.pk).language == "de"
    english = Client(headers={"accept-language": "en"})
    english.post(reverse("login"), {"username": home.owner.user.email, "password": PASSWORD})
    assert User.objects.get(pk=home.owner.user.pk).language == "de"


def test_each_partner_gets_the_digest_in_their_own_language(
    home: Home,
    waiting: Waiting,  # noqa: F811
) -> None:
    User.objects.filter(pk=home.owner.user.pk).update(language="de")
    User.objects.filter(pk=home.partner.user.pk).update(language="en")
    waiting.by_member[home.owner.pk] = [card_need(home, "Bins out", overdue=True)]
    waiting.by_member[home.partner.pk] = [card_need(home, "Bins out", overdue=True, n=2)]
    prefs(home.owner, nudges=False, digest_at=time(7, 0))
    prefs(home.partner, nudges=False, digest_at=time(7, 0))
    with translation.override("en"):  # the worker's own language does not matter
        assert reminders_run(now=at(7, 0)).sent == 2
    [robin] = mails_to(home.owner.user.email)
    [sam] = mails_to(home.partner.user.email)
    assert robin.subject == "Evenly: 1 Sache wartet heute auf dich (1 überfällig)"
    assert sam.subject == "Evenly: 1 thing waits on you today (1 overdue)"
    # The email itself, text and HTML, is German too (and its unsubscribe link works the same).
    html = robin.alternatives[0][0]  # type: ignore[attr-defined]
    assert "Bins out" in robin.body and 'lang="de"' in html
    assert (
        "Keine tägliche Übersicht mehr per E-Mail" in robin.body
        and "No more" not in robin.body + html
    )
    # The Reminders page lists what was planned in the member's words.
    subjects = dict(Reminder.objects.values_list("member__user__email", "subject"))
    assert subjects[home.owner.user.email].startswith("1 Sache wartet")
    assert len(mail.outbox) == 2
