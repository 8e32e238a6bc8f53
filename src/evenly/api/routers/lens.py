"""``/households/{id}/checkin-items/{item_id}/lens``: "does this echo an old script?" on one's
own check-in item, as the check-in page's button asks it (``checkins.lens.lens_answer``).

Only the item's author may ask (``item_for(..., own=True)``): anyone else, the partner with a
shared item too, gets 404. The answer is worked out for the request and never stored, so the
POST writes nothing (``reads_only``): a read-only token may ask, and no household revision
moves. It is a POST, not a GET, because the lens runs only when its author asks: nothing that
fetches addresses by itself (a prefetch, a crawler, a cache) should run it."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from evenly.api.auth import reads_only
from evenly.api.schemas import PROBLEMS
from evenly.checkins.access import item_for
from evenly.checkins.lens import lens_answer
from evenly.households.access import membership_of

router = Router(tags=["check-ins"])


class ShareOut(Schema):
    name: str = Field(description="the member, as the household calls them")
    minutes: int = Field(description="their minutes a week on the script's cards, in the deal")
    percent: int = Field(description="their part of everyone's minutes on those cards")


class ReadingOut(Schema):
    sentence: str = Field(description="the author's sentence the answer is about")
    named: bool = Field(description="the lens is sure enough to name a script")
    script: str = Field(description="the (closest) old script, in plain words")
    percent: int = Field(description="how likely the lens finds it, in per cent")
    sureness: str = Field(description="how sure, in words")
    precision_percent: int = Field(
        description="when the lens names a script, how often it was right on sentences it had "
        "not seen, in per cent"
    )
    question: str = Field(description="a question to think about (empty unless named)")
    categories: list[str] = Field(description="the card categories the script bears on")
    shares: list[ShareOut] = Field(
        description="each member's minutes a week on those categories in the deal in force"
    )
    has_deal: bool = Field(description="a deal is in force to take the figures from")


class LensOut(Schema):
    item: int
    reading: ReadingOut | None = Field(
        description="null: the item holds no words of the author's for the lens to read"
    )


@router.post(
    "/households/{household_id}/checkin-items/{item_id}/lens",
    response={200: LensOut, **PROBLEMS},
    summary="Does this echo an old script? The stereotype lens on your own check-in item "
    "(writes nothing; the answer is yours alone and is not kept)",
    url_name=reads_only("api_checkin_item_lens"),
)
def item_lens(request: HttpRequest, household_id: int, item_id: int) -> LensOut:
    member = membership_of(request.user, household_id)
    item = item_for(member, item_id, own=True)
    answer = lens_answer(item=item, household=member.household)
    if answer is None:
        return LensOut(item=item.pk, reading=None)
    return LensOut(
        item=item.pk,
        reading=ReadingOut(
            sentence=answer.sentence,
            named=answer.named,
            script=answer.script,
            percent=answer.percent,
            sureness=answer.sureness,
            precision_percent=answer.precision_percent,
            question=answer.question,
            categories=answer.categories,
            shares=[
                ShareOut(name=s.name, minutes=s.minutes, percent=s.percent) for s in answer.shares
            ],
            has_deal=answer.has_deal,
        ),
    )
