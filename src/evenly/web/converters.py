"""URL converters: an id that no database row can have is simply not found (404), never a 500."""

from __future__ import annotations

from evenly.core import bounds


class IdConverter:
    """A positive database id: at most 19 digits and at most :data:`bounds.MAX_ID`.

    ``to_python`` raises ``ValueError`` above the bound, so Django treats the URL as not matching
    and answers 404 instead of passing an id the database driver cannot hold.
    """

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > bounds.MAX_ID:
            raise ValueError(f"id above {bounds.MAX_ID}")
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))
