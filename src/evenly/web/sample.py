"""The sample deal on the signed-out landing page.

A small household (``sample_household.toml``, a slice of ``examples/robin-and-sam.toml``) dealt
by the same engine a real household uses, in memory: nothing is stored and no account is read.
It is deterministic, so it is worked out once per process and language (its cards are catalog
cards, named in the page's language).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

from django.utils.translation import gettext_noop

from evenly.core.catalog import load_catalog
from evenly.core.deal import propose_deal
from evenly.core.household_file import load_household
from evenly.core.localized import card_text
from evenly.core.model import Household

SAMPLE_FILE = Path(__file__).resolve().parent / "sample_household.toml"

# Core's words for each fairness basis (``FairnessBasis.description``), marked here so that the
# landing page can say them in the page's language ({% translate s.basis %}).
BASIS_WORDS = (
    gettext_noop("equal household time"),
    gettext_noop("equal total work (paid + home)"),
    gettext_noop("home work in proportion to free time"),
    gettext_noop("custom shares"),
)


@dataclass(frozen=True, slots=True)
class SampleCard:
    name: str
    minutes: Fraction  # a week, in the owner's own estimate
    reason: str


@dataclass(frozen=True, slots=True)
class SampleMember:
    name: str
    load_minutes: Fraction
    target_minutes: Fraction
    cards: tuple[SampleCard, ...]


@dataclass(frozen=True, slots=True)
class SampleDeal:
    household: str
    basis: str
    tolerance_minutes: Fraction
    max_deviation_minutes: Fraction
    fair: bool
    members: tuple[SampleMember, ...]

    @property
    def card_count(self) -> int:
        return sum(len(m.cards) for m in self.members)


def _named_in(household: Household, language: str | None) -> Household:
    """The household with each catalog card named as the language says it."""
    catalog = load_catalog()
    return dataclasses.replace(
        household,
        responsibilities=tuple(
            dataclasses.replace(r, name=card_text(catalog[r.catalog_key], language).name)
            if r.catalog_key in catalog
            else r
            for r in household.responsibilities
        ),
    )


@cache
def sample_deal(language: str | None = None) -> SampleDeal:
    """The sample household's deal: each member's cards with the engine's reason for each,
    the cards named in ``language``."""
    household = _named_in(load_household(SAMPLE_FILE), language)
    deal = propose_deal(household)
    cards = {card.name: card for card in household.responsibilities}
    members = tuple(
        SampleMember(
            name=load.name,
            load_minutes=load.load_minutes,
            target_minutes=load.target_minutes,
            cards=tuple(
                SampleCard(
                    name=name,
                    minutes=cards[name].weekly_minutes(load.name),
                    reason=deal.reasons[name],
                )
                for name in deal.cards_of(load.name)
            ),
        )
        for load in deal.certificate.members
    )
    c = deal.certificate
    return SampleDeal(
        household=household.name,
        basis=c.fairness.description,
        tolerance_minutes=c.tolerance_minutes,
        max_deviation_minutes=c.max_deviation_minutes,
        fair=c.within_tolerance,
        members=members,
    )
