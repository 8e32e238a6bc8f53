"""The API tests' base: the web tests' household (Robin and Sam, and Olly elsewhere), with a
read-and-change token for Robin and Olly and a read-only one for Sam."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from evenly.accounts.tokens import token_create
from tests.conftest import Home


@dataclass
class Api:
    home: Home
    robin: str  # read and change
    sam_read: str  # read only
    olly: str  # read and change, another household

    @staticmethod
    def call(method: str, url: str, token: str | None = None, body: Any = None) -> Any:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        client = Client()
        kwargs: dict[str, Any] = {}
        if body is not None:
            kwargs = {"data": body, "content_type": "application/json"}
        return getattr(client, method.lower())(url, **kwargs, **headers)


@pytest.fixture
def api(home: Home) -> Api:
    return Api(
        home=home,
        robin=token_create(user=home.owner.user, name="Robin's script", can_write=True).secret,
        sam_read=token_create(user=home.partner.user, name="Sam's dashboard").secret,
        olly=token_create(user=home.outsider.user, name="Olly", can_write=True).secret,
    )
