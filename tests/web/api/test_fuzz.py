"""schemathesis fuzzes every operation of the API from its own OpenAPI schema, over HTTP against
a live server, with a read-and-change token of a member of a household that has rated its cards
and accepted a deal: every check schemathesis has, at least 50 examples per operation. The ids
in a path are the real ones, so the operations reach the services, not only the 404."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tests.conftest import Home
from tests.web.api.conftest import Api

pytestmark = [
    pytest.mark.api_fuzz,
    pytest.mark.django_db(transaction=True),
]


# Every check, each as schemathesis sets it, but one: a request the schema allows may still be
# refused with 422 by a rule of the household the schema cannot state (a card name taken, a
# cadence Evenly cannot read, a rotation of people who are not members). Any other answer to
# schema-valid data (a 400, a 500) still fails.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "401", "403", "404", "409", "422", "429"]
            }
        }
    }
)
# Reading the schema touches no database, so it is read once, when the tests are collected,
# from the application itself; the cases are then sent to the live server.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


def _robins_note(home: Home) -> int:
    """A note of Robin's own in an open check-in, so that the lens reads a real item."""
    from evenly.checkins.models import Item
    from evenly.checkins.services import checkin_start, item_add

    mine = Item.objects.filter(author=home.owner).values_list("pk", flat=True).first()
    if mine is not None:
        return mine
    checkin = checkin_start(member=home.owner)
    text = "I always kept an emergency fund in case something happened to our family."
    return item_add(member=home.owner, checkin=checkin, kind="went_well", text=text).pk


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_holds_to_its_schema(
    case: Any, api: Api, rated_and_dealt: Home, live_server: Any
) -> None:
    home = api.home
    ids = {
        "household_id": home.household.pk,
        "card_id": home.household.cards.order_by("pk").values_list("pk", flat=True).first() or 1,
        "version": 1,
        "other_version": 1,
        "checkin_id": home.household.checkins.values_list("pk", flat=True).first() or 1,
        "entry_id": home.household.entries.values_list("pk", flat=True).first() or 1,
        "change_id": home.household.changes.values_list("pk", flat=True).first() or 1,
        "away_id": home.household.aways.values_list("pk", flat=True).first() or 1,
        "solve_id": home.household.solves.values_list("pk", flat=True).first() or 1,
        "item_id": _robins_note(home),
    }
    # A whole-number id becomes the real one; any other value (schemathesis trying a wrong
    # type) is left as it is, to be refused.
    for name, value in (case.path_parameters or {}).items():
        if name in ids and isinstance(value, int) and not isinstance(value, bool):
            case.path_parameters[name] = ids[name]
    # identity: schemathesis' checks read a gzip body (GZipMiddleware) undecoded, though the
    # response says Content-Encoding: gzip (a gzip answer of the server was checked by hand).
    headers = {"Accept-Encoding": "identity"}
    if "Authorization" not in (case.headers or {}):  # else schemathesis tries a wrong one
        headers["Authorization"] = f"Bearer {api.robin}"
    with override_settings(RATE_LIMITS={"api_per_token": 10**9}):
        case.call_and_validate(base_url=live_server.url, headers=headers)
