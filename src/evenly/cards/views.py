from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from evenly.accounts.http import AuthenticatedHttpRequest
from evenly.cards import selectors, services
from evenly.cards.forms import (
    CardForm,
    ChoresFileForm,
    OwnerRuleForm,
    RatingForm,
    TimingForm,
    category_choices,
)
from evenly.cards.models import Card, PreferenceChoice
from evenly.core import bounds
from evenly.core.chore_import import ESTIMATED_MINUTES, ChoreImport, ChoreImportError, Problem
from evenly.core.decks import add_ons as deck_add_ons
from evenly.core.decks import load_decks
from evenly.core.decks import shapes as deck_shapes
from evenly.core.localized import category_label, deck_text
from evenly.households.access import household_object, member_for
from evenly.households.models import Member
from evenly.households.selectors import members_of
from evenly.pages import form_errors_from, form_submit, household_page
from evenly.pages.kept import keep_part, kept_part, revision_key
from evenly.pages.templatetags.durations import hm

_CARD_FIELDS = ("name", "category", "cadence", "minutes", "mental_minutes", "standard")


@require_http_methods(["GET"])
def cards(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    today = household.today()
    # The list is the same for every member: kept per household revision, day (whose turn is
    # next) and language.
    key = revision_key("cards", household, today.isoformat(), get_language())
    part = kept_part(request, key)
    if part is None:
        groups: dict[str, list[selectors.CardWhen]] = {}
        for item in selectors.cards_with_when(household=household, today=today):
            groups.setdefault(category_label(item.card.category, get_language()), []).append(item)
        context = {
            "household": household,
            "groups": groups,
            "count": sum(len(g) for g in groups.values()),
        }
        part = keep_part(request, key, "cards/_cards.html", context)
    return household_page(request, member, "cards/cards.html", {"cards_part": part}, tab="cards")


def _picker_url(household_id: int, data: QueryDict, *, keep_filter: bool = True) -> str:
    """The picker's address carrying the ticks (and the search and category) of ``data``:
    showing another part of the catalog keeps what was ticked."""
    query = QueryDict(mutable=True)
    query["picked"] = "1"
    query.setlist("key", [k for k in data.getlist("key") if k])
    if keep_filter:
        for name in ("q", "category"):
            value = str(data.get(name, "")).strip()
            if value:
                query[name] = value
    return f"{reverse('catalog', args=[household_id])}?{query.urlencode()}#picker"


def _catalog_page(
    request: HttpRequest,
    member: Member,
    *,
    ticked: list[str],
    decks: list[str],
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    household = member.household
    category = request.GET.get("category", "")
    query = request.GET.get("q", "").strip()
    picker = selectors.catalog_picker(
        household=household,
        ticked=ticked,
        query=query,
        category=category,
        language=get_language(),
    )
    chosen = set(decks)
    return household_page(
        request,
        member,
        "cards/catalog.html",
        {
            "picker": picker,
            "categories": [(c, category_label(c, get_language())) for c in category_choices()],
            "category": category,
            "q": query,
            "filtered": bool(query or category),
            "first_time": not household.cards.exists(),
            "shapes": [(deck_text(d, get_language()), d.key in chosen) for d in deck_shapes()],
            "add_ons": [(deck_text(d, get_language()), d.key in chosen) for d in deck_add_ons()],
            "from_deck": deck_title(decks) if decks and not error else "",
            "deck_error": error,
            "picked": bool(request.GET.get("picked")),
        },
        tab="cards",
        status=status,
    )


def deck_title(keys: list[str]) -> str:
    """ "A couple with pets and a garden": the chosen decks as a household would say them."""
    decks = load_decks()
    names = [deck_text(decks[k], get_language()).name for k in keys if k in decks]
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    # "with pets", "mit Haustieren": only the first letter goes small (German nouns keep theirs).
    rest = ", ".join(name[:1].lower() + name[1:] for name in names[1:])
    return _("%(first)s, %(rest)s") % {"first": names[0], "rest": rest}


@require_http_methods(["GET", "POST"])
def catalog(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    if request.method == "POST":
        action = request.POST.get("do", "add")
        if action in {"show", "clear"}:
            # Without a script, showing another search or category goes through here, so the
            # ticks travel with it (the page's script filters in place instead).
            return redirect(_picker_url(household_id, request.POST, keep_filter=action == "show"))
        keys = [k for k in request.POST.getlist("key") if k]
        if not keys:
            messages.warning(request, _("Tick the cards you want first."))
            return redirect(_picker_url(household_id, request.POST))
        try:
            added = services.cards_add_from_catalog(
                household=household, keys=keys, actor=member, language=get_language()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(_picker_url(household_id, request.POST))
        done = ngettext("Added %(n)d card.", "Added %(n)d cards.", len(added)) % {"n": len(added)}
        progress = selectors.rating_progress(member=member)
        if progress.rated < progress.total:
            # The next thing a new card needs is everyone's rating: go straight there.
            messages.success(request, _("%(done)s Next: rate them.") % {"done": done})
            return redirect("rate", household_id)
        messages.success(request, done)
        return redirect("cards", household_id)
    decks = [d for d in request.GET.getlist("deck") if d.strip()]
    if request.GET.get("picked"):
        return _catalog_page(request, member, ticked=request.GET.getlist("key"), decks=[])
    if not decks:
        return _catalog_page(request, member, ticked=[], decks=[])
    try:
        ticked = services.deck_keys(decks)
    except ValidationError as error:
        return _catalog_page(
            request, member, ticked=[], decks=decks, error=" ".join(error.messages), status=400
        )
    return _catalog_page(request, member, ticked=ticked, decks=decks)


@require_POST
def deck_add(request: HttpRequest, household_id: int) -> HttpResponse:
    """The household's shape chosen: tick its deck on the picker to add or remove cards, or
    add the whole deck at once."""
    member = member_for(request, household_id)
    decks = [d for d in request.POST.getlist("deck") if d.strip()]
    try:
        if request.POST.get("do") != "add":
            services.deck_keys(decks)
            query = QueryDict(mutable=True)
            query.setlist("deck", decks)
            return redirect(f"{reverse('catalog', args=[household_id])}?{query.urlencode()}#picker")
        added = services.cards_add_deck(
            household=member.household, decks=decks, actor=member, language=get_language()
        )
    except ValidationError as error:
        return _catalog_page(
            request, member, ticked=[], decks=decks, error=" ".join(error.messages), status=400
        )
    if added:
        messages.success(
            request,
            ngettext(
                "Added %(n)d card from %(deck)s.", "Added %(n)d cards from %(deck)s.", len(added)
            )
            % {"n": len(added), "deck": deck_title(decks)},
        )
    else:
        messages.info(request, _("You have every card of that deck already."))
    return redirect("cards", household_id)


def _card_form_page(
    request: HttpRequest,
    member: Member,
    form: CardForm,
    card: Card | None = None,
    rule_form: OwnerRuleForm | None = None,
    status: int = 200,
    timing_form: TimingForm | None = None,
) -> HttpResponse:
    members = members_of(household=member.household)
    if card is not None and timing_form is None:
        timing = card.timing
        timing_form = TimingForm(
            cadence=card.cadence,
            initial={
                "weekdays": sorted(timing.weekdays),
                "month_day": timing.month_day,
                "at": timing.at,
                "any_day": timing.any_day,
            },
        )
    if card is not None and rule_form is None:
        mode = "lock" if card.locked_to_id else "rotate" if card.rotation.exists() else "deal"
        rule_form = OwnerRuleForm(
            members=members,
            initial={
                "mode": mode,
                "locked_to": card.locked_to_id,
                "rotation": list(card.rotation.values_list("pk", flat=True)),
            },
        )
    return household_page(
        request,
        member,
        "cards/card_form.html",
        {
            "form": form,
            "card": card,
            "rule_form": rule_form,
            "timing_form": timing_form,
            "categories": category_choices(),
        },
        tab="cards",
        status=status,
    )


@require_http_methods(["GET", "POST"])
def card_new(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    form = CardForm(request.POST or None, initial={"cadence": "weekly", "mental_minutes": 0})
    if done := form_submit(
        request,
        form,
        lambda data: services.card_save(
            household=member.household, card=None, actor=member, **data
        ),
        success=lambda card: _("Added %(name)s.") % {"name": card.name},
        then=reverse("cards", args=[household_id]),
    ):
        return done
    return _card_form_page(request, member, form, status=400 if form.errors else 200)


def _import_page(
    request: HttpRequest,
    member: Member,
    form: ChoresFileForm,
    *,
    problems: tuple[Problem, ...] = (),
    preview: ChoreImport | None = None,
    data: bytes = b"",
    status: int = 200,
) -> HttpResponse:
    return household_page(
        request,
        member,
        "cards/import.html",
        {
            "form": form,
            "problems": problems,
            "preview": preview,
            "rows": selectors.chores_preview_rows(preview) if preview else [],
            "estimated_minutes": ESTIMATED_MINUTES,
            # The file travels with the "Add" button, so nothing is kept between the two steps;
            # it is read and checked again when the cards are added.
            "data": base64.b64encode(data).decode("ascii"),
        },
        tab="cards",
        status=status,
    )


def _unwrapped(text: str) -> bytes | None:
    """The file the preview carried in its form, or None when it did not come back whole."""
    if len(text) > (bounds.MAX_CHORE_FILE_BYTES + 2) // 3 * 4 + 4:
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


@require_http_methods(["GET", "POST"])
def cards_import(request: HttpRequest, household_id: int) -> HttpResponse:
    """Coming from another app: upload a file, see what it adds, then add it."""
    member = member_for(request, household_id)
    if request.method == "POST" and request.POST.get("do") == "add":
        data = _unwrapped(str(request.POST.get("data", "")))
        if not data:
            messages.error(request, _("The file did not come through; choose it again."))
            return redirect("cards_import", household_id)
        try:
            added = services.chores_import(member=member, data=data, language=get_language())
        except ChoreImportError as error:
            return _import_page(
                request, member, ChoresFileForm(), problems=error.problems, status=400
            )
        if added:
            messages.success(
                request,
                ngettext(
                    "Added %(n)d card from the file. Next: rate them.",
                    "Added %(n)d cards from the file. Next: rate them.",
                    len(added),
                )
                % {"n": len(added)},
            )
        else:
            messages.info(request, _("The file has no cards you do not have already."))
        return redirect("cards", household_id)
    posted = request.method == "POST"
    form = ChoresFileForm(request.POST, request.FILES) if posted else ChoresFileForm()
    if posted and form.is_valid():
        data = form.cleaned_data["file"].read(bounds.MAX_CHORE_FILE_BYTES + 1)
        try:
            preview = selectors.chores_preview(household=member.household, data=data)
        except ChoreImportError as error:
            return _import_page(request, member, form, problems=error.problems, status=400)
        return _import_page(request, member, form, preview=preview, data=data)
    return _import_page(request, member, form, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def card_edit(request: HttpRequest, household_id: int, card_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    card = household_object(Card, member.household, card_id)
    initial = {f: getattr(card, f) for f in _CARD_FIELDS}
    form = CardForm(request.POST or None, initial=initial)
    if done := form_submit(
        request,
        form,
        lambda data: services.card_save(
            household=member.household, card=card, actor=member, **data
        ),
        success=lambda saved: _("Saved %(name)s.") % {"name": card.name},
        then=reverse("cards", args=[household_id]),
    ):
        return done
    card.refresh_from_db()
    return _card_form_page(request, member, form, card, status=400 if form.errors else 200)


@require_POST
def card_holder(request: HttpRequest, household_id: int, card_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    card = household_object(Card, member.household, card_id)
    members = members_of(household=member.household)
    data: QueryDict = request.POST
    holder = data.get("holder")
    if holder is not None:
        # The deal page's one-select shorthand: "deal", "turns" or a member id.
        data = data.copy()
        if holder == "turns":
            data["mode"] = "rotate"
            data.setlist("rotation", [str(m.pk) for m in members])
        elif holder == "deal":
            data["mode"] = "deal"
        else:  # a member id; the form refuses one that is not a member here
            data["mode"], data["locked_to"] = "lock", holder
    rule_form = OwnerRuleForm(data, members=members)

    def save(data: dict[str, Any]) -> None:
        mode = data["mode"]
        locked_to: Member | None = data["locked_to"] if mode == "lock" else None
        rotation = list(data["rotation"]) if mode == "rotate" else []
        services.card_owner_rule_set(
            card=card, locked_to=locked_to, rotation=rotation, actor=member
        )

    nxt = request.POST.get("next", "")
    if done := form_submit(
        request,
        rule_form,
        save,
        success=_("Saved who holds %(name)s. Propose a new deal to use it.") % {"name": card.name},
        then=nxt
        if nxt.startswith(f"/h/{household_id}/")
        else reverse("cards", args=[household_id]),
    ):
        return done
    initial = {f: getattr(card, f) for f in _CARD_FIELDS}
    return _card_form_page(request, member, CardForm(initial=initial), card, rule_form, status=400)


@require_POST
def card_when(request: HttpRequest, household_id: int, card_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    card = household_object(Card, member.household, card_id)
    form = TimingForm(request.POST, cadence=card.cadence)
    if done := form_submit(
        request,
        form,
        lambda _: services.card_timing_set(card=card, timing=form.timing(), actor=member),
        success=lambda saved: (
            _("Saved when %(name)s happens: This week follows it now.") % {"name": saved.name}
        ),
        then=reverse("cards", args=[household_id]),
    ):
        return done
    card.refresh_from_db()
    initial = {f: getattr(card, f) for f in _CARD_FIELDS}
    return _card_form_page(
        request, member, CardForm(initial=initial), card, status=400, timing_form=form
    )


@require_http_methods(["GET", "POST"])
def card_delete(request: HttpRequest, household_id: int, card_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    card = household_object(Card, member.household, card_id)
    if request.method == "POST":
        name = card.name
        services.card_delete(card=card, actor=member)
        messages.success(request, _("Removed %(name)s.") % {"name": name})
        return redirect("cards", household_id)
    return household_page(request, member, "cards/card_delete.html", {"card": card}, tab="cards")


def _rate_context(
    member: Member, card: Card | None, form: RatingForm | None = None, said: str = ""
) -> dict[str, Any]:
    everyone = selectors.ratings_progress_all(household=member.household)
    progress = everyone.get(member) or selectors.rating_progress(member=member)
    return {
        "card": card,
        "said": said,
        "left": max(progress.total - progress.rated, 0),
        "current": selectors.my_rating(member=member, card=card) if card else None,
        "form": form,
        "progress": progress,
        "everyone": everyone,
        "revealed": selectors.revealed_from(everyone),
        "choices": PreferenceChoice.choices,
        # The minutes input is written by hand: its min and max are the form's own.
        "minutes_input": RatingForm.base_fields["minutes"].widget.attrs,
    }


@require_http_methods(["GET"])
def rate(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    card_id = request.GET.get("card")
    card = (
        household_object(Card, member.household, card_id)
        if card_id
        else selectors.next_card_to_rate(member=member)
    )
    return household_page(
        request, member, "cards/rate.html", _rate_context(member, card), tab="rate"
    )


@require_POST
def rate_card(request: AuthenticatedHttpRequest, household_id: int, card_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    card = household_object(Card, member.household, card_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_set(member=member, card=card, **form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
    if form.errors:
        ctx = _rate_context(member, card, form)
        template = "cards/rate.html#rate-panel" if request.htmx else "cards/rate.html"
        return household_page(request, member, template, ctx, tab="rate", status=400)
    label = dict(PreferenceChoice.choices)[form.cleaned_data["preference"]]
    said = _("%(card)s: %(choice)s.") % {"card": card.name, "choice": label}
    nxt = selectors.next_card_to_rate(member=member)
    if request.htmx:
        ctx = _rate_context(member, nxt, said=said)
        return household_page(request, member, "cards/rate.html#rate-panel", ctx, tab="rate")
    messages.success(request, said)
    return redirect("rate", household_id)


@require_POST
def rate_rest_fine(request: HttpRequest, household_id: int) -> HttpResponse:
    """One button: every card this member has not rated yet is "fine"."""
    member = member_for(request, household_id)
    expected = request.POST.get("count", "")
    left = selectors.rating_progress(member=member)
    left_count = max(left.total - left.rated, 0)
    if expected.isdigit() and int(expected) != left_count:
        # The list changed since the page was drawn (a card added or rated elsewhere): say the
        # new number and let the member press again, rather than rate cards they never saw.
        messages.warning(
            request,
            ngettext(
                "%(n)d card is left to rate now, not %(was)s: press again to rate it as fine.",
                "%(n)d cards are left to rate now, not %(was)s: press again to rate them as fine.",
                left_count,
            )
            % {"n": left_count, "was": expected},
        )
        return redirect("rate", household_id)
    try:
        count = services.ratings_rest_fine(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("rate", household_id)
    if count:
        messages.success(
            request,
            ngettext(
                "Rated %(n)d card as fine. Change any of them under See and change mine.",
                "Rated %(n)d cards as fine. Change any of them under See and change mine.",
                count,
            )
            % {"n": count},
        )
    else:
        messages.info(request, _("You had rated every card already."))
    return redirect("rate", household_id)


@require_http_methods(["GET"])
def my_ratings(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    mine = selectors.my_ratings(member=member)
    labels = dict(PreferenceChoice.choices)
    language = get_language()
    # Each row's words said once here as plain values (label, category, time), not looked up
    # attribute by attribute and filtered through the template engine for every card.
    rows = []
    for card in member.household.cards.order_by("category", "name"):
        rating = mine.get(card.pk)
        own = rating is not None and bool(rating.minutes)
        rows.append(
            {
                "pk": card.pk,
                "name": card.name,
                "category": category_label(str(card.category), language),
                "rated": rating is not None,
                "label": labels.get(rating.preference, "") if rating is not None else "",
                "own_minutes": own,
                "minutes": hm(rating.minutes if own and rating is not None else card.minutes),
            }
        )
    return household_page(
        request,
        member,
        "cards/my_ratings.html",
        {"rows": rows, "progress": selectors.rating_progress(member=member)},
        tab="rate",
    )


@require_http_methods(["GET"])
def standards(request: HttpRequest, household_id: int) -> HttpResponse:
    member = member_for(request, household_id)
    household = member.household
    revealed = selectors.ratings_revealed(household=household)
    rows = selectors.standards_disagreements(household=household) if revealed else []
    return household_page(
        request,
        member,
        "cards/standards.html",
        {
            "revealed": revealed,
            "rows": rows,
            "everyone": selectors.ratings_progress_all(household=household),
            "minutes_unit": Decimal(1),
        },
        tab="rate",
    )
