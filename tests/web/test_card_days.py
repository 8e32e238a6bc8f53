"""Choosing when a card happens: the form offers what its cadence allows, core's rule refuses
what does not fit (its message on the form), and the card list and This week follow it."""

from __future__ import annotations

from datetime import time, timedelta

from django.urls import reverse

from evenly.cards.models import weekdays_from_bits
from evenly.core.schedule import Timing, next_turn
from evenly.week.selectors import schedule
from tests.conftest import Home
from tests.web.form_html import field_errors


def _when(home: Home, card_id: int) -> str:
    return reverse("card_when", args=[home.household.pk, card_id])


def test_weekly_card_on_saturday_at_nine(home: Home) -> None:
    card = home.household.cards.get(name="Laundry")
    r = home.owner_client.post(_when(home, card.pk), {"weekdays": ["5"], "at": "09:00"})
    assert r.status_code == 302
    card.refresh_from_db()
    assert card.timing == Timing(weekdays=frozenset({5}), at=time(9))
    page = home.owner_client.get(reverse("cards", args=[home.household.pk])).content.decode()
    assert "Sat 09:00" in page
    # the edit page shows the choice ticked
    edit = home.owner_client.get(reverse("card_edit", args=[home.household.pk, card.pk]))
    assert 'value="5" class="day-choice" id="id_weekdays_5" checked' in edit.content.decode()


def test_wrong_number_of_days_says_so_on_the_form(home: Home) -> None:
    card = home.household.cards.get(name="Laundry")
    r = home.owner_client.post(_when(home, card.pk), {"weekdays": ["0", "2", "4"]})
    assert r.status_code == 400
    errors = field_errors(r.content.decode(), "weekdays")
    assert errors == ['"weekly" comes round once a week: choose 1 day of the week (not 3).']
    card.refresh_from_db()
    assert not card.timing.days_chosen


def test_a_month_day_beyond_28_names_the_bound(home: Home) -> None:
    card = home.household.cards.get(name="Bathroom clean")
    card.cadence = "monthly"
    card.save()
    r = home.owner_client.post(_when(home, card.pk), {"month_day": "31"})
    assert r.status_code == 400
    assert "28" in " ".join(field_errors(r.content.decode(), "month_day"))
    r = home.owner_client.post(_when(home, card.pk), {"month_day": "15", "at": "18:30"})
    assert r.status_code == 302
    card.refresh_from_db()
    assert card.timing == Timing(month_day=15, at=time(18, 30))


def test_daily_card_takes_only_a_time(home: Home) -> None:
    card = home.household.cards.get(name="Cooking dinner")
    page = home.owner_client.get(reverse("card_edit", args=[home.household.pk, card.pk]))
    html = page.content.decode()
    assert 'name="at"' in html and 'name="weekdays"' not in html and 'name="any_day"' not in html
    # days sent anyway are not offered, so they are ignored; the time is kept
    r = home.owner_client.post(_when(home, card.pk), {"weekdays": ["1"], "at": "19:00"})
    assert r.status_code == 302
    card.refresh_from_db()
    assert card.timing == Timing(at=time(19))


def test_any_day_and_clearing_back_to_the_spread(home: Home) -> None:
    card = home.household.cards.get(name="Bins out")
    r = home.owner_client.post(_when(home, card.pk), {"any_day": "on", "at": "08:00"})
    assert r.status_code == 400  # any day has no time
    r = home.owner_client.post(_when(home, card.pk), {"any_day": "on"})
    assert r.status_code == 302
    card.refresh_from_db()
    assert card.any_day
    page = home.owner_client.get(reverse("cards", args=[home.household.pk])).content.decode()
    assert "any day" in page
    r = home.owner_client.post(_when(home, card.pk), {})
    assert r.status_code == 302
    card.refresh_from_db()
    assert not card.timing.days_chosen and weekdays_from_bits(card.weekdays) == frozenset()


def test_outsider_cannot_choose_days(home: Home) -> None:
    card = home.household.cards.get(name="Laundry")
    r = home.outsider_client.post(_when(home, card.pk), {"weekdays": ["5"]})
    assert r.status_code == 404
    other_card = home.other_household.cards.get()
    r = home.owner_client.post(
        reverse("card_when", args=[home.household.pk, other_card.pk]), {"weekdays": ["5"]}
    )
    assert r.status_code == 404


def test_this_week_follows_the_chosen_days(rated_and_dealt: Home) -> None:
    home = rated_and_dealt
    card = home.household.cards.get(name="Laundry")
    home.owner_client.post(_when(home, card.pk), {"weekdays": ["5"], "at": "09:00"})
    start = home.household.today()
    dues = [
        d
        for d in schedule(household=home.household, start=start, end=start + timedelta(days=27))
        if d.card.pk == card.pk
    ]
    assert len(dues) == 4
    assert all(d.on.weekday() == 5 and d.at == time(9) and not d.any_day for d in dues)


def test_rotation_shows_whose_turn_is_next(home: Home) -> None:
    card = home.household.cards.get(name="Bins out")
    home.owner_client.post(
        reverse("card_holder", args=[home.household.pk, card.pk]), {"holder": "turns"}
    )
    home.owner_client.post(_when(home, card.pk), {"weekdays": ["5"]})
    card.refresh_from_db()
    turns = [m.display_name for m in card.rotation.all()]
    found = next_turn(
        turns,
        card.cadence,
        card.timing,
        anchor=home.household.schedule_anchor,
        salt=card.pk,
        today=home.household.today(),
    )
    assert found is not None
    page = home.owner_client.get(reverse("cards", args=[home.household.pk])).content.decode()
    assert f'<strong class="when">Sat</strong> · next: {found[0]}' in page
    # a week on, the other one's turn
    later = next_turn(
        turns,
        card.cadence,
        card.timing,
        anchor=home.household.schedule_anchor,
        salt=card.pk,
        today=found[1] + timedelta(days=1),
    )
    assert later is not None and later[0] != found[0]


def test_days_chosen_for_an_old_cadence_ask_to_be_chosen_again(home: Home) -> None:
    card = home.household.cards.get(name="Laundry")
    home.owner_client.post(_when(home, card.pk), {"weekdays": ["5"]})
    card.refresh_from_db()
    card.cadence = "3 per week"
    card.save()
    page = home.owner_client.get(reverse("cards", args=[home.household.pk])).content.decode()
    assert "choose the days again" in page and ">Sat<" not in page


def test_card_list_survives_an_old_unreadable_cadence_on_a_rotation(home: Home) -> None:
    card = home.household.cards.get(name="Bins out")
    home.owner_client.post(
        reverse("card_holder", args=[home.household.pk, card.pk]), {"holder": "turns"}
    )
    type(card).objects.filter(pk=card.pk).update(cadence="whenever")
    r = home.owner_client.get(reverse("cards", args=[home.household.pk]))
    assert r.status_code == 200 and "next:" not in r.content.decode()
