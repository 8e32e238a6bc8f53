"""The key a browser gives a "Done" tick: a UUID as ``crypto.randomUUID()`` writes it."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evenly.core import bounds


@given(st.uuids())
def test_every_uuid_as_browsers_write_it_is_a_key(value: uuid.UUID) -> None:
    assert bounds.tick_key_problem(str(value)) is None


@pytest.mark.parametrize(
    "key",
    [
        "",
        "x",
        "0B6E69A2-5F1C-4C8E-9D3A-2B7C1E4F5A60",
        "0b6e69a25f1c4c8e9d3a2b7c1e4f5a60",
        "{0b6e69a2-5f1c-4c8e-9d3a-2b7c1e4f5a60}",
        "0b6e69a2-5f1c-4c8e-9d3a-2b7c1e4f5a60\n",
        "0b6e69a2-5f1c-4c8e-9d3a-2b7c1e4f5a6g",
        "٠b6e69a2-5f1c-4c8e-9d3a-2b7c1e4f5a60",
    ],
)
def test_anything_else_is_refused_with_a_message_naming_the_bound(key: str) -> None:
    problem = bounds.tick_key_problem(key)
    assert problem is not None and f"{bounds.TICK_KEY_CHARS} characters" in problem


@given(st.text(max_size=80))
def test_random_text_is_a_key_only_when_it_is_a_uuid(text: str) -> None:
    try:
        is_uuid = str(uuid.UUID(text)) == text
    except ValueError:
        is_uuid = False
    assert (bounds.tick_key_problem(text) is None) == is_uuid
