"""schemathesis fuzzes every operation of the API from its own OpenAPI schema, through Django's
WSGI application (no server to start), with a read-and-change token of a member of a household:
every check schemathesis has, at least 50 examples per operation. The household's and the card's
ids in a path are the real ones, so the operations reach the services, not only the 404."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from tests.web.api.conftest import Api

pytestmark = [
    pytest.mark.api_fuzz,
    pytest.mark.django_db,
]


@pytest.fixture(autouse=True)
def connection_kept_open() -> Iterator[None]:
    """Django closes the database connection after each request; the test's transaction lives
    on it (PostgreSQL), so, as Django's own test client does, it stays open during the test."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
# Reading the schema touches no database, so it is read once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi(
    "/api/v1/openapi.json", get_wsgi_application(), config=CONFIG
)


@schema.parametrize()
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_holds_to_its_schema(case: Any, api: Api) -> None:
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
    }
    # A whole-number id becomes the real one; any other value (schemathesis trying a wrong
    # type) is left as it is, to be refused.
    for name, value in (case.path_parameters or {}).items():
        if name in ids and isinstance(value, int) and not isinstance(value, bool):
            case.path_parameters[name] = ids[name]
    # identity: the WSGI transport would hand the checks gzip (GZipMiddleware) unread.
    headers = {"Accept-Encoding": "identity"}
    if "Authorization" not in (case.headers or {}):  # else schemathesis tries a wrong one
        headers["Authorization"] = f"Bearer {api.robin}"
    with override_settings(RATE_LIMITS={"api_per_token": 10**9}):
        case.call_and_validate(headers=headers)
