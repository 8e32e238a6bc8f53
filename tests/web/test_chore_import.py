"""Coming from another app: the import page (upload, preview, add) and `import_chores`."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from evenly.cards.models import Card
from evenly.households.history import Kind
from evenly.households.models import HouseholdEvent as HistoryEntry

GOOD_CSV = b"name,how often,minutes\nDishes,daily,20\nSourdough starter,every 2 months,60\nlaundry,weekly,45\n"
BAD_CSV = b"name,how often,minutes\nDishes,sometimes,20\n,weekly,abc\nWindows,every 2 months,2000\n"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "chores.csv"


def url(home, path: str = "cards/import/") -> str:
    return f"/h/{home.household.pk}/{path}"


def upload(client, home, content: bytes, name: str = "chores.csv"):
    return client.post(url(home), {"file": SimpleUploadedFile(name, content)})


def data_of(body: str) -> str:
    found = re.search(r'name="data" value="([^"]*)"', body)
    assert found, body
    return found.group(1)


def test_cards_page_links_to_the_import(home):
    body = home.owner_client.get(url(home, "cards/")).content.decode()
    assert f'href="/h/{home.household.pk}/cards/import/"' in body


@pytest.mark.parametrize("who", ["owner_client", "partner_client"])
def test_preview_then_add(home, who):
    client = getattr(home, who)
    before = Card.objects.count()
    r = upload(client, home, GOOD_CSV)
    assert r.status_code == 200
    body = r.content.decode()
    # Two new cards: Dishes matches the catalog; the starter is new; Laundry the household has.
    assert "catalog card “Dishes”, with its “Done means”" in body
    assert "new card" in body
    assert "Add 2 cards" in body
    assert "the catalog card’s time, or 15 min;" in body
    assert re.search(
        r"row 4 \(&quot;laundry&quot;\)</strong> <span class=\"reason\">the household has this card already",
        body,
    )
    assert Card.objects.count() == before  # the preview writes nothing
    r = client.post(url(home), {"do": "add", "data": data_of(body)}, follow=True)
    assert r.redirect_chain[-1][0] == url(home, "cards/")
    assert "Added 2 cards from the file" in r.content.decode()
    dishes = home.household.cards.get(name="Dishes")
    assert (dishes.catalog_key, dishes.cadence, dishes.minutes) == ("dishes", "daily", 20)
    assert dishes.standard  # the catalog's "done means" came with it
    windows = home.household.cards.get(name="Sourdough starter")
    assert (windows.catalog_key, windows.cadence, windows.category) == (
        "",
        "every 2 months",
        "Imported",
    )
    assert HistoryEntry.objects.filter(
        household=home.household, kind=Kind.CARD_ADDED, subject="Sourdough starter"
    ).exists()


def test_a_bad_file_lists_every_problem_and_writes_nothing(home):
    before = Card.objects.count()
    r = upload(home.owner_client, home, BAD_CSV)
    assert r.status_code == 400
    body = r.content.decode()
    assert "The file has 4 problems; nothing was added." in body
    assert "&quot;sometimes&quot; is not a cadence Evenly understands" in body
    assert "row 3:" in body and "the chore has no name" in body
    assert "minutes each time &quot;abc&quot; is not a number" in body
    assert "row 4 (&quot;Windows&quot;):" in body and "from 0 to 1440 minutes" in body
    assert 'name="data"' not in body  # no "Add" button
    assert Card.objects.count() == before


def test_a_tampered_add_is_checked_again_and_writes_nothing(home):
    before = Card.objects.count()
    data = base64.b64encode(BAD_CSV).decode()
    r = home.owner_client.post(url(home), {"do": "add", "data": data})
    assert r.status_code == 400
    assert "nothing was added" in r.content.decode()
    r = home.owner_client.post(url(home), {"do": "add", "data": "not base64!"}, follow=True)
    assert "did not come through" in r.content.decode()
    assert Card.objects.count() == before


def test_the_same_file_twice_adds_nothing_the_second_time(home):
    data = base64.b64encode(GOOD_CSV).decode()
    home.owner_client.post(url(home), {"do": "add", "data": data})
    count = Card.objects.count()
    r = home.owner_client.post(url(home), {"do": "add", "data": data}, follow=True)
    assert "no cards you do not have already" in r.content.decode()
    assert Card.objects.count() == count


def test_json_exports_preview(home):
    grocy = [
        {
            "id": "1",
            "name": "Vacuuming",
            "period_type": "weekly",
            "period_interval": "1",
            "period_config": "monday,thursday",
        },
        {"id": "2", "name": "Water plants", "period_type": "dynamic-regular", "period_days": "3"},
    ]
    body = upload(
        home.owner_client, home, json.dumps(grocy).encode(), "chores.json"
    ).content.decode()
    assert "2 per week" in body and "every 3 days" in body
    assert "catalog card “Vacuuming”, with its “Done means”" in body
    donetick = {
        "res": [{"name": "Take out recycling", "frequencyType": "adaptive", "frequency": 1}]
    }
    r = upload(home.owner_client, home, json.dumps(donetick).encode(), "chores.json")
    assert r.status_code == 400
    assert "adaptive frequency has no fixed cadence" in r.content.decode()


def test_german_page_and_problems(home):
    home.owner_client.cookies["django_language"] = "de"
    body = home.owner_client.get(url(home), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Aus einer anderen App" in body
    assert "Name;Wie oft;Minuten\nAbwasch;täglich;20" in body
    good = "Name;Wie oft;Minuten\nAbwasch;täglich;20\nSauerteig füttern;alle 3 Tage;\n".encode()
    r = home.owner_client.post(
        url(home), {"file": SimpleUploadedFile("a.csv", good)}, HTTP_ACCEPT_LANGUAGE="de"
    )
    body = r.content.decode()
    assert "Katalogkarte „Abwasch“, mit ihrem „Erledigt heißt“" in body and "neue Karte" in body
    assert (
        "alle 3 Tage" in body
        and "(geschätzt)" in body
        and "oder 15 min;" in body
        and "2 Karten hinzufügen" in body
    )
    csv = "Name;Wie oft;Minuten\nAbwasch;täglich;20\nFenster;manchmal;30\n".encode()
    r = home.owner_client.post(
        url(home), {"file": SimpleUploadedFile("a.csv", csv)}, HTTP_ACCEPT_LANGUAGE="de"
    )
    body = r.content.decode()
    assert r.status_code == 400
    assert "Zeile 3" in body and "ist kein Rhythmus" in body


def test_outsider_gets_404_and_anonymous_the_login(home):
    for method in ("get", "post"):
        r = getattr(home.outsider_client, method)(url(home))
        assert r.status_code == 404
        r = getattr(home.anon_client, method)(url(home))
        assert r.status_code == 302 and "/login/" in r["Location"]
    before = Card.objects.count()
    data = base64.b64encode(GOOD_CSV).decode()
    assert home.outsider_client.post(url(home), {"do": "add", "data": data}).status_code == 404
    assert upload(home.outsider_client, home, GOOD_CSV).status_code == 404
    assert Card.objects.count() == before


def test_get_writes_nothing(home, django_assert_max_num_queries):
    before = Card.objects.count()
    r = home.owner_client.get(url(home) + "?do=add&data=" + base64.b64encode(GOOD_CSV).decode())
    assert r.status_code == 200
    assert Card.objects.count() == before


def test_no_file_is_a_form_error(home):
    r = home.owner_client.post(url(home), {})
    assert r.status_code == 400
    assert 'class="error"' in r.content.decode()


# --- the command --------------------------------------------------------------------------


def run(*args: str):
    from io import StringIO

    out, err = StringIO(), StringIO()
    code = 0
    try:
        call_command("import_chores", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        code = int(exit.code or 0)
    return code, out.getvalue(), err.getvalue()


def test_command_adds_and_dry_runs(home, tmp_path):
    path = tmp_path / "chores.csv"
    path.write_bytes(GOOD_CSV)
    before = Card.objects.count()
    code, out, _err = run(str(home.household.pk), str(path), "--dry-run")
    assert code == 0
    assert "Dishes | daily | 20 min | catalog card Dishes" in out
    assert "left out: the household has this card already" in out
    assert "2 card(s) would be added" in out
    assert Card.objects.count() == before
    code, out, _err = run(str(home.household.pk), str(path), "--as", "SAM@example.org")
    assert code == 0 and "Added 2 card(s)" in out
    entry = HistoryEntry.objects.get(household=home.household, subject="Sourdough starter")
    assert entry.actor == home.partner


def test_command_errors_are_clear(home, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(BAD_CSV)
    before = Card.objects.count()
    code, _out, err = run(str(home.household.pk), str(bad))
    assert code == 1
    assert 'row 2 ("Dishes"): "sometimes" is not a cadence' in err
    assert "Nothing was added." in err and "Traceback" not in err
    for args, says in [
        (("99999", str(bad)), "No household has the number '99999'"),
        (("abc", str(bad)), "No household has the number 'abc'"),
        ((str(home.household.pk), str(tmp_path / "none.csv")), "no such file"),
        ((str(home.household.pk), str(tmp_path)), "is a folder"),
        ((str(home.household.pk), str(bad), "--as", "olly@example.org"), "no current member"),
    ]:
        code, _out, err = run(*args)
        assert code == 2, args
        assert says in err, (args, err)
    assert Card.objects.count() == before


def test_the_example_file_imports(home, tmp_path):
    code, out, err = run(str(home.household.pk), str(EXAMPLE), "--dry-run")
    assert code == 0, err
    assert "would be added" in out
