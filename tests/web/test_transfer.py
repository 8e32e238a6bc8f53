"""Household → Export and a household from a file: who may, what never travels, and a file with
problems that writes nothing."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from evenly.accounts.services import account_create
from evenly.cards.models import Card, Rating
from evenly.core.household_document import DocumentError
from evenly.households.models import Household, Member
from evenly.households.services import invitation_accept, invitation_create
from evenly.privacy.registry import PERSONAL, REGISTRY
from evenly.transfer.selectors import EXPORTED_MODELS, PRIVATE_TEXT, household_export
from evenly.transfer.services import household_import
from evenly.values.models import ValuePick, ValuesCard
from evenly.week.models import LogEntry, OccurrenceChange, PersonalTime
from tests.conftest import Home

pytestmark = pytest.mark.django_db


def test_the_export_page_and_file_are_for_members_only(home: Home) -> None:
    for name in ("household_export", "household_export_download"):
        url = reverse(name, args=[home.household.pk])
        assert home.owner_client.get(url).status_code == 200
        assert home.partner_client.get(url).status_code == 200
        assert home.outsider_client.get(url).status_code == 404
        anon = home.anon_client.get(url)
        assert anon.status_code == 302 and "/login" in anon["Location"]
    download = home.partner_client.get(
        reverse("household_export_download", args=[home.household.pk])
    )
    assert download["Content-Disposition"].startswith("attachment;")
    document = json.loads(download.content)
    assert document["format"] == "evenly-household" and document["version"] == 1
    assert [m["display_name"] for m in document["members"] if m["you"]] == ["Sam"]
    assert document["source"]["ledger_csv"] == reverse("ledger_csv", args=[home.household.pk])
    assert b"@example.org" not in download.content  # nobody's email travels
    page = home.owner_client.get(reverse("household_export", args=[home.household.pk]))
    assert reverse("ledger_csv", args=[home.household.pk]).encode() in page.content


def test_the_household_page_links_to_export_and_the_create_page_to_a_file(home: Home) -> None:
    members = home.owner_client.get(reverse("members", args=[home.household.pk]))
    assert reverse("household_export", args=[home.household.pk]).encode() in members.content
    create = home.owner_client.get(reverse("household_create"))
    assert reverse("household_from_file").encode() in create.content


def test_private_fields_of_the_file_are_the_registrys_personal_fields() -> None:
    personal = {
        (label, name): text.owner
        for label in EXPORTED_MODELS
        if label in REGISTRY  # a model without text has no entry
        for name, text in REGISTRY[label].fields.items()
        if text.kind == PERSONAL
    }
    assert personal == PRIVATE_TEXT


def _plant_private_text(home: Home, member: Member, words: str) -> None:
    """``words`` in every personal field the file's models have, written by ``member``."""
    household = home.household
    cards = list(Card.objects.for_household(household).order_by("name"))
    for card in cards:  # everyone rates everything: the seal is open, ratings are shared
        for m in (home.owner, home.partner):
            mine = words if m == member else "Robin's own standard"
            Rating.objects.create(card=card, member=m, preference="fine", standard=mine)
    today = household.today()
    LogEntry.objects.create(
        household=household, member=member, title=words, minutes=Decimal(5), done_on=today
    )
    OccurrenceChange.objects.create(
        household=household,
        card=cards[0],
        due_on=today,
        kind="skipped",
        reason=words,
        by=member,
        minutes=Decimal(5),
    )
    PersonalTime.objects.create(
        household=household, member=member, minutes=Decimal(30), on=today, what=words
    )
    values = ValuesCard.objects.create(household=household, member=member, stand_for=words)
    ValuePick.objects.create(card=values, own=words[:40])


def test_a_partners_private_text_never_travels(home: Home) -> None:
    secret = "Sam's-own-words-xyzzy"
    _plant_private_text(home, home.partner, secret)
    seen = json.dumps(household_export(member=home.owner))
    assert "xyzzy" not in seen
    # Ratings are shared once everyone rated: Sam's preferences travel, Sam's words do not.
    document = household_export(member=home.owner)
    partner_key = next(m["key"] for m in document["members"] if m["display_name"] == "Sam")
    assert any(r["member"] == partner_key for c in document["cards"] for r in c["ratings"])
    # Sam's own export carries Sam's words.
    assert "xyzzy" in json.dumps(household_export(member=home.partner))


def test_ratings_of_others_stay_out_while_sealed(home: Home) -> None:
    card = Card.objects.for_household(home.household).order_by("name").first()
    assert card is not None
    Rating.objects.create(card=card, member=home.partner, preference="hate")
    document = household_export(member=home.owner)
    assert all(not c["ratings"] for c in document["cards"])


def _problems(data: Any) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        household_import(
            user=account_create(email="x@example.org", password="pw-pw-pw-pw-1", verified=True),
            data=data,
        )
    return [p.path for p in caught.value.problems]


def test_a_file_with_several_problems_writes_nothing_and_names_each(home: Home) -> None:
    document = household_export(member=home.owner)
    document["household"]["time_zone"] = "Mars/Olympus"
    document["members"][1]["display_name"] = "Robin"  # two members with one name
    document["cards"][0]["minutes"] = "-5"
    document["cards"][1]["locked_to"] = "m9"
    document["ledger"] = [{"member": "m1", "kind": "did", "minutes": "x"}]
    households, members = Household.objects.count(), Member.objects.count()
    paths = _problems(document)
    for path in (
        "household.time_zone",
        "members[1].display_name",
        "cards[0].minutes",
        "cards[1].locked_to",
        "ledger[0].minutes",
        "ledger[0].done_on",
    ):
        assert path in paths, (path, paths)
    assert (Household.objects.count(), Member.objects.count()) == (households, members)


def test_the_page_lists_every_problem_and_creates_nothing(home: Home) -> None:
    document = household_export(member=home.owner)
    document["cards"][0]["minutes"] = "-5"
    document["members"][0]["paid_hours"] = "999"
    upload = SimpleUploadedFile("h.json", json.dumps(document).encode(), "application/json")
    households = Household.objects.count()
    response = home.owner_client.post(reverse("household_from_file"), {"file": upload})
    assert response.status_code == 400
    text = response.content.decode()
    assert "cards[0].minutes" in text and "members[0].paid_hours" in text
    assert "nothing was created" in text
    assert Household.objects.count() == households
    for raw in (b"{not json", b"[" * 100 + b"]" * 100, b"\xff\xfe"):
        upload = SimpleUploadedFile("h.json", raw, "application/json")
        response = home.owner_client.post(reverse("household_from_file"), {"file": upload})
        assert response.status_code == 400
    assert Household.objects.count() == households


def test_a_good_file_makes_a_new_household_with_waiting_places_an_invitation_fills(
    home: Home,
) -> None:
    upload = SimpleUploadedFile(
        "h.json", json.dumps(household_export(member=home.owner)).encode(), "application/json"
    )
    olly = home.outsider.user  # someone from elsewhere brings the household over
    response = home.outsider_client.post(reverse("household_from_file"), {"file": upload})
    assert response.status_code == 302
    new = Household.objects.exclude(pk__in=[home.household.pk, home.other_household.pk]).get()
    assert new.name == home.household.name and new.cards.count() == home.household.cards.count()
    robin = new.members.get(display_name="Robin")
    sam = new.members.get(display_name="Sam")
    assert robin.user == olly and sam.user is None and sam.left_at is None
    members_page = home.outsider_client.get(reverse("members", args=[new.pk]))
    assert b"waiting for an invitation" in members_page.content
    # Sam, invited, writes Sam's name and takes the waiting place (no ninth member, no copy).
    invite = invitation_create(household=new, member=robin)
    page = home.partner_client.get(reverse("join", args=[invite.token]))
    assert b"A place is kept for Sam" in page.content
    joined = invitation_accept(token=invite.token, user=home.partner.user, display_name="sam")
    assert joined.pk == sam.pk and new.members.current().count() == 2


def test_the_commands_export_and_import(home: Home, tmp_path: Path) -> None:
    target = tmp_path / "home.json"
    out = io.StringIO()
    call_command(
        "export_household",
        str(home.household.pk),
        str(target),
        "--as",
        "sam@example.org",
        stdout=out,
    )
    document = json.loads(target.read_text())
    assert [m["display_name"] for m in document["members"] if m["you"]] == ["Sam"]
    out = io.StringIO()
    call_command("import_household", str(target), "--owner", "olly@example.org", stdout=out)
    new_id = int(out.getvalue().strip().splitlines()[-1])
    assert Household.objects.get(pk=new_id).members.get(
        display_name="Sam"
    ).user == home.partner.user.__class__.objects.get(email="olly@example.org")


def test_the_commands_fail_clearly_without_a_traceback(home: Home, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "evenly-household", "version": 1, "members": 3}))
    cases = [
        (["export_household", "999999", str(tmp_path / "x.json")], "No household"),
        (
            ["export_household", str(home.household.pk), "-", "--as", "olly@example.org"],
            "not a member",
        ),
        (
            ["import_household", str(tmp_path / "missing.json"), "--owner", "nobody@example.org"],
            "No account",
        ),
        (
            ["import_household", str(tmp_path / "missing.json"), "--owner", "olly@example.org"],
            "Cannot read",
        ),
        (["import_household", str(bad), "--owner", "olly@example.org"], "members: must be a list"),
    ]
    households = Household.objects.count()
    for args, said in cases:
        err = io.StringIO()
        with pytest.raises(SystemExit) as exit_:
            call_command(*args, stdout=io.StringIO(), stderr=err)
        assert exit_.value.code != 0 and said in err.getvalue(), err.getvalue()
    assert Household.objects.count() == households


def test_every_household_page_opens_with_a_waiting_place(home: Home) -> None:
    """The imported household's members without an account yet (waiting places) break no page."""
    from tests.web.test_security import HOUSEHOLD, SAMPLES, routes

    new = household_import(user=home.outsider.user, data=household_export(member=home.owner))
    assert new.members.current().filter(user__isnull=True).exists()
    opened = 0
    for r in routes():
        sample = SAMPLES[r.name]
        if (
            sample.access != HOUSEHOLD
            or "GET" not in sample.methods
            or r.params != {"household_id"}
        ):
            continue
        response = home.outsider_client.get(reverse(r.name, args=[new.pk]))
        assert response.status_code in (200, 302, 304), (r.name, response.status_code)
        opened += 1
    assert opened > 20


def test_the_problems_are_said_in_german(home: Home) -> None:
    document = household_export(member=home.owner)
    document["cards"][0]["minutes"] = "-5"
    upload = SimpleUploadedFile("h.json", json.dumps(document).encode(), "application/json")
    response = home.owner_client.post(
        reverse("household_from_file"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="de"
    )
    text = response.content.decode()
    assert "nichts wurde angelegt" in text and "als Text geschriebene Zahl" in text


def test_households_from_a_file_are_rate_limited(home: Home, settings: Any) -> None:
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "import_per_user": 2}
    url = reverse("household_from_file")
    for _ in range(2):
        upload = SimpleUploadedFile("h.json", b"{}", "application/json")
        assert home.owner_client.post(url, {"file": upload}).status_code == 400
    upload = SimpleUploadedFile("h.json", b"{}", "application/json")
    assert home.owner_client.post(url, {"file": upload}).status_code == 429
    assert home.owner_client.get(url).status_code == 200  # reading the page is never limited


def test_a_full_household_from_a_file_can_still_invite_its_waiting_places(home: Home) -> None:
    document = household_export(member=home.owner)
    template = document["members"][1]
    document["members"] += [
        {**template, "key": f"m{i}", "display_name": f"Person {i}", "you": False}
        for i in range(3, 9)
    ]
    new = household_import(user=home.outsider.user, data=document)
    assert new.members.current().count() == 8
    robin = new.members.get(user=home.outsider.user)
    invite = invitation_create(household=new, member=robin)
    joined = invitation_accept(token=invite.token, user=home.partner.user, display_name="Person 5")
    assert joined.display_name == "Person 5" and new.members.current().count() == 8
    # Someone new, whose name is no waiting place, finds the household full.
    invite = invitation_create(household=new, member=robin)
    stranger = account_create(email="new@example.org", password="pw-pw-pw-pw-1", verified=True)
    with pytest.raises(ValidationError):
        invitation_accept(token=invite.token, user=stranger, display_name="Someone else")
