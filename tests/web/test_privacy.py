"""Personal data: the registry, deletion that deletes, and "Download my data"."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, models
from django.urls import reverse

from evenly.accounts.services import account_delete
from evenly.households.models import Member
from evenly.privacy.registry import HOUSEHOLD, REGISTRY, installed
from tests.conftest import Home

MARK = "ZQX"  # every planted marker starts with this; nothing else in the app does


def _m(tag: str) -> str:
    return f"{MARK}{tag}"


def test_every_text_field_of_every_model_is_classified() -> None:
    """A new CharField or TextField anywhere fails here until the registry says whose it is."""
    missing = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.CharField | models.TextField):
                entry = REGISTRY.get(model._meta.label)
                if entry is None or f.name not in entry.fields:
                    missing.append(f"{model._meta.label}.{f.name}")
    assert not missing, "Not in evenly.privacy.registry: " + ", ".join(missing)


def test_the_registry_names_only_fields_that_exist() -> None:
    for label, entry in installed().items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.concrete_fields}
        assert set(entry.fields) <= names, label


def _plant(home: Home, who: Member, other: Member, tag: str) -> None:
    """``who`` fills every text field a member can fill, each with its own marker."""
    from evenly.cards.services import card_save, rating_set
    from evenly.checkins import services as talk
    from evenly.checkins.models import Checkin
    from evenly.growth import services as grow
    from evenly.values import services as values
    from evenly.week import services as week

    h = home.household
    today = h.today()
    cards = list(h.cards.order_by("name"))
    card_save(
        household=h,
        card=None,
        name=_m(f"{tag}cardname"),
        category="Home",
        cadence="weekly",
        minutes=Decimal(10),
        mental_minutes=Decimal(0),
        standard=_m(f"{tag}cardstandard"),
    )
    for card in h.cards.all():
        rating_set(member=who, card=card, preference="fine", standard=_m(f"{tag}rating"))
    week.entry_log(
        member=who, kind="did", minutes=Decimal(20), done_on=today, title=_m(f"{tag}logtitle")
    )
    week.personal_log(member=who, minutes=Decimal(60), on=today, what=_m(f"{tag}personal"))
    from evenly.week.models import OccurrenceChange

    # Made directly: skipping through the service needs a deal.
    OccurrenceChange.objects.create(
        household=h, card=cards[0], due_on=today, kind="skipped", by=who, reason=_m(f"{tag}skip")
    )
    week.away_create(
        member=who,
        starts_on=today + timedelta(days=3),
        ends_on=today + timedelta(days=4),
        reason="travel",
    )
    checkin = Checkin.objects.filter(household=h).first() or talk.checkin_start(member=who)
    for kind in ("appreciation", "went_well"):
        item = talk.item_add(member=who, checkin=checkin, kind=kind, text=_m(f"{tag}{kind}"))
        talk.item_share(member=who, item=item)
    talk.item_add(member=who, checkin=checkin, kind="appreciation", text=_m(f"{tag}private"))
    concern = talk.item_add(
        member=who,
        checkin=checkin,
        kind="concern",
        feeling="tired",
        when=_m(f"{tag}when"),
        need=_m(f"{tag}need"),
        request=_m(f"{tag}request"),
    )
    talk.item_share(member=who, item=concern)
    said = talk.paraphrase_add(member=other, concern=concern, text="what I heard")
    talk.paraphrase_answer(
        member=who, paraphrase=said, verdict="not_quite", missing=_m(f"{tag}missing")
    )
    theirs = talk.item_add(
        member=other, checkin=checkin, kind="concern", feeling="tired", when="w", need="n",
        request="r",
    )  # fmt: skip
    talk.item_share(member=other, item=theirs)
    heard = talk.paraphrase_add(member=who, concern=theirs, text=_m(f"{tag}paraphrase"))
    talk.paraphrase_answer(member=other, paraphrase=heard, verdict="yes")
    talk.response_add(member=who, concern=theirs, text=_m(f"{tag}response"))
    talk.action_add(member=who, checkin=checkin, text=_m(f"{tag}action"), owner=who, due_on=today)
    talk.deal_change_propose(
        member=who,
        checkin=checkin,
        kind="standard",
        card=cards[0],
        standard=_m(f"{tag}changestandard"),
    )
    mine = grow.aspiration_create(
        member=who, title=_m(f"{tag}aspiration"), kind="education", support_wanted=_m(f"{tag}want")
    )
    grow.note_add(member=who, aspiration=mine, text=_m(f"{tag}note"))
    theirs_a = grow.aspiration_create(member=other, title="Learn Welsh", kind="education")
    grow.aspiration_share(member=other, aspiration=theirs_a)
    grow.support_commit(member=who, aspiration=theirs_a, text=_m(f"{tag}support"))
    values.values_save(
        member=who, keys=["honesty"], own_words=_m(f"{tag}own"), stand_for=_m(f"{tag}standfor")
    )
    values.values_share(member=who)
    goal = values.goal_save(
        member=who, goal=None, title=_m(f"{tag}goal"), owners=[who], why=_m(f"{tag}why")
    )
    values.milestone_save(
        member=who, goal=goal, milestone=None, title=_m(f"{tag}milestone"), owner=who
    )
    pressure = values.pressure_save(
        member=who,
        pressure=None,
        source="family",
        expectation=_m(f"{tag}expect"),
        who=_m(f"{tag}who"),
        feeling=_m(f"{tag}pfeeling"),
    )
    values.pressure_share(member=who, pressure=pressure)
    values.pressure_write(member=who, pressure=pressure, part="stance", text=_m(f"{tag}stance"))
    values.pressure_write(member=who, pressure=pressure, part="reply", text=_m(f"{tag}reply"))


def _where(marker: str) -> list[tuple[str, str]]:
    """Every (table, column) in the database that holds ``marker``, by raw SQL."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for col in connection.introspection.get_table_description(cursor, table):
                qn = connection.ops.quote_name
                cursor.execute(
                    f"SELECT COUNT(*) FROM {qn(table)} WHERE CAST({qn(col.name)} AS TEXT) LIKE %s",
                    [f"%{marker}%"],
                )
                if cursor.fetchone()[0]:
                    found.append((table, col.name))
    return found


def _kind_of(table: str, column: str) -> str:
    for model in apps.get_models():
        if model._meta.db_table == table:
            for f in model._meta.concrete_fields:
                if f.column == column:
                    entry = REGISTRY.get(model._meta.label)
                    text = entry.fields.get(f.name) if entry else None
                    return text.kind if text else "UNCLASSIFIED"
    return "UNKNOWN"


@pytest.mark.django_db(transaction=False)
def test_deleting_an_account_leaves_none_of_its_words_outside_household_text(
    home: Home,
) -> None:
    robin, sam = home.owner, home.partner
    from evenly.week.services import personal_log

    _plant(home, robin, sam, "R")
    personal_log(member=sam, minutes=Decimal(30), on=home.household.today(), what=_m("S"))
    from evenly.values.services import mission_agree, mission_save, values_save, values_share

    values_save(member=sam, keys=["honesty"])
    values_share(member=sam)

    mission_save(member=robin, text=_m("Rmissiondraft"))
    agreed = mission_save(member=robin, text=_m("Rmissionagreed"))
    mission_agree(member=sam, version=agreed)
    before = _where(_m("R"))
    # The planting reached every personal text column (a feeling is a word from a list).
    personal = {
        (apps.get_model(label)._meta.db_table, apps.get_model(label)._meta.get_field(name).column)
        for label, entry in installed().items()
        for name, text in entry.fields.items()
        if text.kind == "PERSONAL"
    } - {("checkins_item", "feeling")}
    assert personal - set(before) == set(), "not planted"
    account_delete(user=robin.user)
    left = [(t, c) for t, c in _where(_m("R")) if _kind_of(t, c) != HOUSEHOLD]
    assert not left, f"Robin's words survive the account in: {left}"
    # The partner's own words are theirs and stay.
    assert ("week_personaltime", "what") in _where(_m("S"))
    assert Member.objects.get(pk=robin.pk).display_name == "Robin"


def test_deleted_members_are_not_quoted_by_deal_reasons(rated_and_dealt: Home) -> None:
    from evenly.deals.models import Deal, DealCard

    home = rated_and_dealt
    assert DealCard.objects.filter(reason__contains="Robin").exists()
    account_delete(user=home.owner.user)
    for dc in DealCard.objects.filter(deal__household=home.household).select_related("owner"):
        if dc.owner_id == home.owner.pk:
            assert dc.reason == "Robin held this card in this deal."
        else:
            assert "Robin" not in dc.reason, dc.reason
    for deal in Deal.objects.filter(household=home.household):
        assert "enjoy" not in json.dumps(deal.certificate["reasons"]).replace("Sam enjoys", "")
        for text in deal.certificate["reasons"].values():
            assert "Robin" not in text or text == "Robin held this card in this deal."


def test_deleting_an_account_removes_its_login_records(home: Home, client) -> None:  # type: ignore[no-untyped-def]
    from axes.models import AccessAttempt, AccessLog

    client.post(reverse("login"), {"username": "robin@example.org", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="robin@example.org").exists()
    account_delete(user=home.owner.user)
    assert not AccessAttempt.objects.filter(username__iexact="robin@example.org").exists()
    assert not AccessLog.objects.filter(username__iexact="robin@example.org").exists()


def test_a_successful_sign_in_is_not_kept(home: Home, client) -> None:  # type: ignore[no-untyped-def]
    from axes.models import AccessLog

    from tests.conftest import PASSWORD

    r = client.post(reverse("login"), {"username": "sam@example.org", "password": PASSWORD})
    assert r.status_code == 302
    assert not AccessLog.objects.exists()


def test_leaving_a_household_keeps_the_account_and_its_shared_words(home: Home) -> None:
    """member_leave alone still keeps what was shared (only deletion erases it)."""
    from evenly.households.services import member_leave

    _plant(home, home.owner, home.partner, "R")
    member_leave(member=home.partner)
    assert ("checkins_item", "text") in _where(_m("R"))


# --- Download my data ---------------------------------------------------------------------


def test_download_my_data_holds_what_the_person_wrote(home: Home) -> None:
    _plant(home, home.owner, home.partner, "R")
    page = home.owner_client.get(reverse("account_data"))
    assert page.status_code == 200 and "Download my data" in page.content.decode()
    r = home.owner_client.get(reverse("account_data_download"))
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    doc = json.loads(r.content)
    assert doc["format"] == "evenly-person" and doc["version"] == 1
    assert doc["account"]["email"] == "robin@example.org"
    text = r.content.decode()
    for tag in ("personal", "logtitle", "rating", "private", "need", "paraphrase", "response",
                "aspiration", "note", "support", "own", "standfor", "expect", "stance"):  # fmt: skip
        assert _m(f"R{tag}") in text, tag


def test_download_my_data_never_holds_a_partners_private_words(home: Home) -> None:
    _plant(home, home.partner, home.owner, "S")
    text = home.owner_client.get(reverse("account_data_download")).content.decode()
    for tag in ("private", "rating", "personal", "aspiration", "note", "own",
                "standfor", "logtitle", "missing", "paraphrase", "response", "support"):  # fmt: skip
        assert _m(f"S{tag}") not in text, tag


def test_export_person_writes_the_same_document(home: Home) -> None:
    _plant(home, home.owner, home.partner, "R")
    out = StringIO()
    call_command("export_person", "Robin@Example.org", stdout=out)
    doc = json.loads(out.getvalue())
    assert doc["format"] == "evenly-person"
    assert _m("Rpersonal") in out.getvalue()


def test_export_person_of_an_unknown_email_is_a_one_line_error(db, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_:
        call_command("export_person", "nobody@example.org")
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "nobody@example.org" in err
