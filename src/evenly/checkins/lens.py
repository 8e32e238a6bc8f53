""" "Does this echo an old script?": the stereotype lens on a member's own check-in item.

Only the item's author asks, and only when they ask: the answer is worked out for that request
and never stored, so nobody else can ever read it. It speaks of the sentence ("this sentence
echoes …"), never of the person, offers a question to think about, and puts beside it the
household's own figures that bear on the script: each member's minutes a week, in the deal in
force, on the cards of the categories the script is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from evenly.checkins.models import Item
from evenly.core.bounds import MAX_LENS_SENTENCE_CHARS, MAX_LENS_SENTENCES
from evenly.core.lens import STEREOTYPES, LensReading, lens_read_many, loaded
from evenly.core.localized import category_label
from evenly.core.scripts import SCRIPTS
from evenly.deals.selectors import deal_active
from evenly.households.models import Household
from evenly.pages.words import in_language

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


@dataclass(frozen=True)
class Share:
    """One member's minutes a week on the script's cards, and their part of the total."""

    name: str
    minutes: int
    percent: int


@dataclass(frozen=True)
class LensAnswer:
    """What the lens says about one item, in the reader's language."""

    sentence: str  # the author's sentence the answer is about
    named: bool  # the lens is sure enough to name a script
    script: str  # the (closest) script in plain words
    percent: int  # the model's probability for it, in per cent
    sureness: str  # how sure, in words
    precision_percent: int  # how often a named script was right in cross-validation
    question: str = ""
    categories: list[str] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    has_deal: bool = False


def item_sentences(item: Item) -> list[str]:
    """The author's own words in the item, one sentence each (a concern's frame is Evenly's,
    so only its typed parts are read); very long sentences are cut to what the lens reads."""
    concern = item.kind == Item.Kind.CONCERN
    parts = [item.when, item.need, item.request] if concern else [item.text]
    sentences = [s.strip() for part in parts for s in _SENTENCE_END.split(part or "")]
    return [s[:MAX_LENS_SENTENCE_CHARS] for s in sentences if s.strip()][:MAX_LENS_SENTENCES]


def _sureness(probability: float, threshold: float) -> str:
    if probability >= 0.9:
        return _("very sure")
    if probability >= threshold:
        return _("fairly sure")
    return _("not sure")


def _shares(household: Household, categories: tuple[str, ...]) -> tuple[bool, list[Share]]:
    """Whether a deal is in force, and each member's weekly minutes on its cards of these
    categories (cards taken in turns count for each member who takes them), as the deal page
    shows them: the deal's own minutes per card and holder, kept when it was made."""
    deal = deal_active(household=household)
    if deal is None:
        return False, []
    kept: dict[str, dict[str, float]] = deal.certificate.get("card_minutes") or {}
    names = {m.pk: m.display_name for m in household.members.all()}
    minutes: dict[str, float] = {}
    for dc in deal.cards.filter(category__in=categories):
        # The holders by the names they have now, as the deal page reads them.
        ids = dc.rotation or ([dc.owner_id] if dc.owner_id is not None else [])
        weekly = kept.get(dc.name, {})
        for name in (names[i] for i in ids if i in names):
            if name in weekly:
                minutes[name] = minutes.get(name, 0.0) + weekly[name]
    total = sum(minutes.values())
    if total <= 0:
        return True, []
    members = [m.display_name for m in household.members.current()]
    return True, [
        Share(name=n, minutes=round(m), percent=round(100 * m / total))
        for n in members
        for m in [minutes.get(n, 0.0)]
    ]


def lens_answer(*, item: Item, household: Household) -> LensAnswer | None:
    """The lens on the item's sentences: the one that echoes a script most surely (or, when
    none is named, the closest guess). None when the item holds no words of the author's."""
    sentences = item_sentences(item)
    if not sentences:
        return None
    readings = lens_read_many(sentences)
    model, _embedder = loaded()

    def rank(r: LensReading) -> tuple[bool, float]:
        return (r.stereotype is not None, r.probability)

    reading = max(readings, key=rank)
    script = in_language(STEREOTYPES[reading.best])
    answer = LensAnswer(
        sentence=reading.sentence,
        named=reading.stereotype is not None,
        script=script,
        percent=round(100 * reading.probability),
        sureness=_sureness(reading.probability, model.threshold),
        precision_percent=round(100 * float(model.meta.get("oof_precision", 0))),
    )
    if reading.stereotype is None:
        return answer
    script_of = SCRIPTS[reading.stereotype]
    categories = script_of.categories
    has_deal, shares = _shares(household, categories) if categories else (False, [])
    language = get_language()
    return replace(
        answer,
        question=in_language(script_of.question),
        categories=[category_label(c, language) for c in categories],
        shares=shares,
        has_deal=has_deal,
    )
