"""Cards: the catalog, custom cards, who holds a card, and private rating."""

from __future__ import annotations

import re

from evenly.cards.models import Card, Rating


def url(home, path: str) -> str:
    return f"/h/{home.household.pk}/{path}"


def test_catalog_search_and_add(home):
    page = home.owner_client.get(url(home, "cards/catalog/?q=laundry"))
    assert page.status_code == 200
    body = page.content.decode()
    # Every card stays in the form (so ticks are kept); those the search leaves out are hidden.
    assert re.search(r'<label data-row [^>]*>[^<]*<input [^>]*value="laundry"', body)
    assert re.search(r'<label data-row [^>]* hidden><input [^>]*value="dishes"', body)
    before = home.household.cards.count()
    r = home.owner_client.post(
        url(home, "cards/catalog/"), {"key": ["folding-laundry", "laundry", "dishes"]}, follow=True
    )
    assert r.status_code == 200
    # "Laundry" is already a card of this household (by name), so only two are added.
    assert home.household.cards.count() == before + 2
    assert "Added 2 cards" in r.content.decode()
    assert home.household.cards.filter(catalog_key="folding-laundry").exists()
    again = home.owner_client.get(url(home, "cards/catalog/?q=folding")).content.decode()
    assert "added</span>" in again


def test_catalog_filters_by_category(home):
    body = home.owner_client.get(url(home, "cards/catalog/?category=Pets")).content.decode()
    assert re.search(r"<fieldset [^>]*data-group >\s*<legend><h2>Pets</h2>", body)
    assert re.search(r"<fieldset [^>]*data-group hidden>\s*<legend><h2>Vehicles</h2>", body)


def test_catalog_unknown_key_adds_nothing(home):
    before = home.household.cards.count()
    r = home.owner_client.post(url(home, "cards/catalog/"), {"key": ["no-such-card"]}, follow=True)
    assert "Not in the catalog" in r.content.decode()
    assert home.household.cards.count() == before


def test_custom_card_validation_keeps_what_was_typed(home):
    r = home.owner_client.post(
        url(home, "cards/new/"),
        {
            "name": "Feed the sourdough starter",
            "category": "Kitchen & food",
            "cadence": "every other tuesday",
            "minutes": "5",
            "mental_minutes": "2",
            "standard": "Fed and back in the fridge",
        },
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert "is not a cadence Evenly understands" in body
    assert 'value="Feed the sourdough starter"' in body
    assert "Fed and back in the fridge" in body
    assert not home.household.cards.filter(name="Feed the sourdough starter").exists()


def test_custom_card_created_and_name_clash_refused(home):
    data = {
        "name": "Feed the sourdough starter",
        "category": "Kitchen & food",
        "cadence": "2 per week",
        "minutes": "5",
        "mental_minutes": "2",
        "standard": "",
    }
    assert home.owner_client.post(url(home, "cards/new/"), data).status_code == 302
    card = home.household.cards.get(name="Feed the sourdough starter")
    assert card.cadence == "2 per week"
    clash = home.owner_client.post(url(home, "cards/new/"), data | {"name": "laundry"})
    assert clash.status_code == 400
    assert "already has a card called" in clash.content.decode()


def test_edit_and_delete_card(home):
    card = home.household.cards.get(name="Laundry")
    page = home.owner_client.get(url(home, f"cards/{card.pk}/"))
    assert page.status_code == 200
    r = home.owner_client.post(
        url(home, f"cards/{card.pk}/"),
        {
            "name": "Laundry",
            "category": "Laundry & clothes",
            "cadence": "2 per week",
            "minutes": "50",
            "mental_minutes": "10",
            "standard": "Folded and put away",
        },
    )
    assert r.status_code == 302
    card.refresh_from_db()
    assert card.cadence == "2 per week" and card.standard == "Folded and put away"
    confirm = home.owner_client.get(url(home, f"cards/{card.pk}/delete/"))
    assert "Remove Laundry?" in confirm.content.decode()
    assert Card.objects.filter(pk=card.pk).exists()  # a GET never deletes
    home.owner_client.post(url(home, f"cards/{card.pk}/delete/"))
    assert not Card.objects.filter(pk=card.pk).exists()


def test_lock_and_rotation(home):
    card = home.household.cards.get(name="Bins out")
    r = home.owner_client.post(
        url(home, f"cards/{card.pk}/holder/"), {"mode": "lock", "locked_to": home.partner.pk}
    )
    assert r.status_code == 302
    card.refresh_from_db()
    assert card.locked_to == home.partner
    r = home.owner_client.post(url(home, f"cards/{card.pk}/holder/"), {"holder": "turns"})
    card.refresh_from_db()
    assert card.locked_to is None and set(card.rotation.all()) == {home.owner, home.partner}
    bad = home.owner_client.post(
        url(home, f"cards/{card.pk}/holder/"), {"mode": "rotate", "rotation": [home.owner.pk]}
    )
    assert bad.status_code == 400 and "at least two" in bad.content.decode()
    # The outsider cannot be made to hold it.
    outsider = home.owner_client.post(
        url(home, f"cards/{card.pk}/holder/"), {"mode": "lock", "locked_to": home.outsider.pk}
    )
    assert outsider.status_code == 400


def test_rating_flow_progress_and_privacy(home):
    first = home.owner_client.get(url(home, "rate/"))
    body = first.content.decode()
    assert "0 of 4 rated" in body
    cards = list(home.household.cards.order_by("category", "name"))
    r = home.owner_client.post(
        url(home, f"rate/{cards[0].pk}/"),
        {"preference": "enjoy", "minutes": "33", "standard": "Sparkling like new"},
    )
    assert r.status_code == 302
    assert Rating.objects.get(member=home.owner, card=cards[0]).preference == "enjoy"
    assert "1 of 4 rated" in home.owner_client.get(url(home, "rate/")).content.decode()
    # The partner sees neither the choice nor the own words.
    for path in ("rate/", "ratings/", "standards/", "deal/", f"rate/?card={cards[0].pk}"):
        partner_body = home.partner_client.get(url(home, path)).content.decode()
        assert "Sparkling like new" not in partner_body
    # htmx gets the next card in place.
    r = home.owner_client.post(
        url(home, f"rate/{cards[1].pk}/"), {"preference": "fine"}, HTTP_HX_REQUEST="true"
    )
    assert r.status_code == 200 and 'id="rate-panel"' in r.content.decode()
    assert "<html" not in r.content.decode()


def test_bad_rating_is_refused(home):
    card = home.household.cards.first()
    r = home.owner_client.post(
        url(home, f"rate/{card.pk}/"), {"preference": "adore", "minutes": "-3"}
    )
    assert r.status_code == 400
    assert not Rating.objects.filter(card=card).exists()


def test_standards_diff_after_everyone_rated(home):
    cards = list(home.household.cards.all())
    for c in cards:
        home.owner_client.post(url(home, f"rate/{c.pk}/"), {"preference": "fine"})
    hidden = home.owner_client.get(url(home, "standards/")).content.decode()
    assert "Hidden until everyone has rated" in hidden
    laundry = home.household.cards.get(name="Laundry")
    for c in cards:
        extra = {"minutes": "120", "standard": "Ironed too"} if c == laundry else {}
        home.partner_client.post(url(home, f"rate/{c.pk}/"), {"preference": "fine", **extra})
    shown = home.owner_client.get(url(home, "standards/")).content.decode()
    assert "Laundry" in shown and "Ironed too" in shown and "Bins out</h2>" not in shown


def test_card_names_bounds_and_count_come_from_core(home):
    data = {
        "name": "Ｌaundry",  # full-width L: the same name as Laundry
        "category": "Home",
        "cadence": "weekly",
        "minutes": "5",
        "mental_minutes": "0",
        "standard": "",
    }
    r = home.owner_client.post(url(home, "cards/new/"), data)
    assert r.status_code == 400
    assert "already has a card called" in r.content.decode()
    r = home.owner_client.post(url(home, "cards/new/"), data | {"name": "Bins\x1b[2J"})
    assert r.status_code == 400
    assert "control or invisible character" in r.content.decode()
    r = home.owner_client.post(url(home, "cards/new/"), data | {"name": "Bins", "minutes": "1441"})
    assert r.status_code == 400
    assert "from 0 to 1440 minutes" in r.content.decode()
    r = home.owner_client.post(
        url(home, "cards/new/"), data | {"name": "Bins", "mental_minutes": "10081"}
    )
    assert r.status_code == 400
    assert "10080 minutes" in r.content.decode()
    r = home.owner_client.post(
        url(home, "cards/new/"), data | {"name": "Bins", "cadence": "1000000 per week"}
    )
    assert r.status_code == 400
    assert "at most 50 times a week" in r.content.decode()
    assert not home.household.cards.filter(name="Bins").exists()
    form = home.owner_client.get(url(home, "cards/new/")).content.decode()
    assert 'max="1440"' in form and 'max="10080"' in form


def test_a_household_holds_at_most_max_cards(home, monkeypatch):
    from evenly.core import bounds

    have = home.household.cards.count()
    monkeypatch.setattr(bounds, "MAX_CARDS", have)
    data = {
        "name": "One too many",
        "category": "Home",
        "cadence": "weekly",
        "minutes": "5",
        "mental_minutes": "0",
        "standard": "",
    }
    r = home.owner_client.post(url(home, "cards/new/"), data)
    assert r.status_code == 400
    assert f"at most {have} cards" in r.content.decode()
    r = home.owner_client.post(url(home, "catalog/"), {"key": ["take-out-bins"]})
    assert home.household.cards.count() == have


def test_the_list_kept_between_pages_follows_a_change_by_the_other_member(home, keeping):
    """The cards' list is kept rendered per household revision: what Sam changes shows on
    Robin's next page."""
    card = home.household.cards.get(name="Cooking dinner")
    assert "always Sam" not in home.owner_client.get(url(home, "cards/")).content.decode()
    r = home.partner_client.post(
        url(home, f"cards/{card.pk}/holder/"), {"holder": str(home.partner.pk)}
    )
    assert r.status_code == 302
    assert "always Sam" in home.owner_client.get(url(home, "cards/")).content.decode()
