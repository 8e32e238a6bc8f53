"""The one registry of personal data.

Every CharField and TextField of every model in the project is listed here (a test walks
``apps.get_models()`` and fails on any field missing), with one of three kinds:

- ``PERSONAL``: the person's own words. Erased when they delete their account, exported in
  "Download my data" only to them. ``owner`` is the lookup from the row to the Member who wrote
  it (a field may have its own owner: a pressure's stance is written by ``stance_by``).
- ``HOUSEHOLD``: belongs to the household and stays when a member goes (card names, agreed
  actions, goals, the display name kept in history).
- ``SYSTEM``: not typed by anyone, or typed by staff: choices, keys, hashes, generated text.

``rows`` (optional) narrows which of a member's rows are personal at all (a mission draft nobody
else agreed with), and ``about`` names the lookups that make a row "about" a member for the
export (their deal cards, their perception answers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["PERSONAL", "HOUSEHOLD", "SYSTEM"]
PERSONAL: Kind = "PERSONAL"
HOUSEHOLD: Kind = "HOUSEHOLD"
SYSTEM: Kind = "SYSTEM"


@dataclass(frozen=True)
class Text:
    kind: Kind
    why: str
    owner: str = ""  # for PERSONAL: lookup from the row to the Member who wrote it


@dataclass(frozen=True)
class Model:
    fields: dict[str, Text]
    # Lookups from a row to Members it belongs to or is about: what "Download my data" selects.
    about: tuple[str, ...] = ()
    exported: bool = True
    # Erase by deleting the person's rows rather than blanking their text (a row that cannot
    # exist without its text, like a value in one's own words).
    delete_rows: bool = False


def _p(owner: str, why: str) -> Text:
    return Text(PERSONAL, why, owner)


def _h(why: str) -> Text:
    return Text(HOUSEHOLD, why)


def _s(why: str) -> Text:
    return Text(SYSTEM, why)


REGISTRY: dict[str, Model] = {
    # --- Django and django-axes: not the household's text; handled by the account erasure.
    "admin.LogEntry": Model(
        {
            "object_id": _s("staff tool: the id of an object an administrator edited"),
            "object_repr": _s("staff tool; rows about the deleted account are removed"),
            "change_message": _s("written by Django for the administrator"),
        },
        exported=False,
    ),
    "auth.Permission": Model({"name": _s("built in"), "codename": _s("built in")}, exported=False),
    "auth.Group": Model({"name": _s("set up by staff, no person's words")}, exported=False),
    "contenttypes.ContentType": Model(
        {"app_label": _s("built in"), "model": _s("built in")}, exported=False
    ),
    "sessions.Session": Model(
        {
            "session_key": _s("random key"),
            "session_data": _s("signed ids only; dead once the user is gone"),
        },
        exported=False,
    ),
    # Login records carry the email and address: removed with the account (erase.py), failures
    # expire after the cool-off, and successful sign-ins are not logged (AXES_DISABLE_ACCESS_LOG).
    "axes.AccessFailureLog": Model(
        {
            "user_agent": _s("login record: removed with the account"),
            "username": _s("login record: removed with the account"),
            "http_accept": _s("login record: removed with the account"),
            "path_info": _s("login record: removed with the account"),
        },
        exported=False,
    ),
    "axes.AccessAttempt": Model(
        {
            "user_agent": _s("login record: removed with the account"),
            "username": _s("login record: removed with the account"),
            "http_accept": _s("login record: removed with the account"),
            "path_info": _s("login record: removed with the account"),
            "get_data": _s("login record: removed with the account"),
            "post_data": _s("login record: removed with the account"),
        },
        exported=False,
    ),
    "axes.AccessLog": Model(
        {
            "user_agent": _s("login record: removed with the account"),
            "username": _s("login record: removed with the account"),
            "http_accept": _s("login record: removed with the account"),
            "path_info": _s("login record: removed with the account"),
            "session_hash": _s("login record: removed with the account"),
        },
        exported=False,
    ),
    # Two-factor devices (django-otp, if installed): secrets, deleted with the user (CASCADE).
    "otp_totp.TOTPDevice": Model(
        {"name": _s("device label; row goes with the user"), "key": _s("a secret")},
        exported=False,
    ),
    "otp_static.StaticDevice": Model(
        {"name": _s("device label; row goes with the user")}, exported=False
    ),
    "otp_static.StaticToken": Model({"token": _s("a secret")}, exported=False),
    # Background tasks (django-tasks-db): task names and ids as arguments; a failure keeps the
    # error's traceback for the operator. Pruned a week after they finish (evenly.web.tasks).
    "django_tasks_database.DBTaskResult": Model(
        {
            "status": _s("a choice"),
            "task_path": _s("a function's dotted path"),
            "queue_name": _s("a queue's name"),
            "backend_name": _s("a backend's name"),
            "exception_class_path": _s("an error's class"),
            "traceback": _s("for the operator; pruned with the result after a week"),
        },
        exported=False,
    ),
    # The worker's record of which periodic task it enqueued for which period.
    "web.PeriodicRun": Model(
        {"name": _s("an entry of the periodic table"), "task_id": _s("a random id")},
        exported=False,
    ),
    # --- accounts
    "accounts.RateCounter": Model(
        {"key": _s("a hash of an address or an account id, purged with its window")},
        exported=False,
    ),
    "accounts.User": Model(
        {
            "password": _s("a hash; the row is deleted with the account"),
            "email": _s("the account itself; the row is deleted with the account"),
            "language": _s("a choice: the language reminders are written in"),
        },
        exported=False,  # exported by hand: the email and the dates, never the hash
    ),
    "accounts.ApiToken": Model(
        {
            "name": _s("the account holder's label for their own token; deleted with the account"),
            "prefix": _s("random, finds the token"),
            "secret_hash": _s("a hash"),
        },
        exported=False,  # a key, not the person's data; deleted with the account
    ),
    # --- the JSON API: the answer to a POST, kept a day for a retry with the same key
    "api.IdempotentReply": Model(
        {
            "key": _s("random, made by the client"),
            "method": _s("an HTTP method"),
            "path": _s("an API address"),
            "body": _s("a copy of the API's answer, gone after a day and with the account"),
        },
        exported=False,
    ),
    # --- households
    "households.Household": Model(
        {
            "name": _h("the household's name, chosen together"),
            "time_zone": _s("a choice"),
            "fairness": _s("a choice"),
        },
        exported=False,  # exported through the memberships
    ),
    "households.Member": Model(
        {"display_name": _h("the history keeps who did what under this name (the issue says so)")},
        about=("self",),
    ),
    "households.Invitation": Model({"token_hash": _s("a hash")}, exported=False),
    # --- calendar feeds: a private link's secrets, never exported
    "calendars.Feed": Model(
        {
            "kind": _s("a choice"),
            "seed": _s("random, turns into the link only with the server's key"),
            "token_hash": _s("a hash"),
        },
        exported=False,
    ),
    "households.HouseholdEvent": Model(
        {
            "actor_name": _h("the history keeps who did what under this name"),
            "kind": _s("a choice"),
            "subject": _h("household text only: a card's name, a deal version, the household"),
        },
        exported=False,
    ),
    # --- cards
    "cards.Card": Model(
        {
            "name": _h("the household's list of responsibilities"),
            "catalog_key": _s("a catalog key"),
            "category": _s("a choice"),
            "cadence": _s("a choice"),
            "standard": _h("the card's agreed minimum standard, shared by the household"),
        },
        about=("locked_to", "rotation"),
    ),
    "cards.Rating": Model(
        {
            "preference": _s("a choice"),
            "standard": _p("member", "the member's own idea of done: private until all rated"),
        },
        about=("member",),
    ),
    # --- deals
    "deals.Deal": Model(
        {"status": _s("a choice"), "fairness": _s("a choice")},
        about=("proposed_by",),
    ),
    "deals.DealCard": Model(
        {
            "name": _h("copy of the card name"),
            "category": _s("a choice"),
            "cadence": _s("a choice"),
            # Generated by the engine, but it may quote a member's preferences and own minutes:
            # rewritten to a neutral reason when that member deletes their account
            # (evenly.deals.services.deal_reasons_forget).
            "reason": _h("the deal's reason, made neutral about a deleted member"),
            # The same reason as words a page can say in its reader's language (JSON), rewritten
            # with it.
            "reason_words": _h("the deal's reason as translatable words, made neutral with it"),
        },
        about=("owner",),
    ),
    "deals.DealSolve": Model(
        {
            "state": _s("a choice"),
            "phase": _s("the engine's name of a solver phase"),
            # Generated, in the asker's language; it may name members still rating.
            "error": _h("why a deal could not be worked out"),
        },
        about=("asked_by",),
    ),
    # --- week
    "week.LogEntry": Model(
        {
            # The card's name, or the member's own words for unplanned work: on deletion it
            # becomes the card's name again, or a neutral "Other work".
            "title": _p("member", "the member's words for unplanned work"),
            "kind": _s("a choice"),
        },
        about=("member",),
    ),
    "week.Away": Model({"reason": _s("a choice: travel, illness or other")}, about=("member",)),
    "week.OccurrenceChange": Model(
        {
            "kind": _s("a choice: skipped or moved"),
            # Shown to the household next to the skipped card; blanked when its author goes.
            "reason": _p("by", "the member's words for why an occurrence is skipped"),
        },
        about=("by",),
    ),
    "week.PersonalTime": Model(
        {"what": _p("member", "what the member did with their own time")}, about=("member",)
    ),
    # --- check-ins: what a member wrote is theirs, shared or not
    "checkins.Item": Model(
        {
            "kind": _s("a choice"),
            "text": _p("author", "the author's words (appreciation, concern, note, request)"),
            "feeling": _p("author", "the author's feeling"),
            "when": _p("author", "the author's words"),
            "need": _p("author", "the author's words"),
            "request": _p("author", "the author's words"),
        },
        about=("author",),
    ),
    "checkins.Paraphrase": Model(
        {
            "text": _p("listener", "the listener's paraphrase"),
            "verdict": _s("a choice"),
            # Written by the concern's author when they answer the paraphrase.
            "missing": _p("concern__author", "the speaker's words about what was missed"),
        },
        about=("listener",),
    ),
    "checkins.Response": Model(
        {"text": _p("listener", "the listener's response")}, about=("listener",)
    ),
    "checkins.Action": Model(
        {"text": _h("an agreed action belongs to the household")},
        about=("owner", "created_by"),
    ),
    "checkins.DealChange": Model(
        {
            "kind": _s("a choice"),
            "standard": _h("a proposed card standard, put to the household"),
            "status": _s("a choice"),
        },
        about=("proposed_by", "to_member"),
    ),
    # --- growth
    "growth.Aspiration": Model(
        {
            "title": _p("member", "the member's own aspiration"),
            "kind": _s("a choice"),
            "support_wanted": _p("member", "the member's words"),
        },
        about=("member",),
    ),
    "growth.ProgressNote": Model(
        {"text": _p("author", "the author's progress note")}, about=("author",)
    ),
    "growth.Support": Model({"text": _p("member", "the supporter's words")}, about=("member",)),
    "growth.Handover": Model({"status": _s("a choice")}, about=("from_member", "to_member")),
    "growth.LifeEvent": Model(
        {
            "key": _s("a catalog key"),
            "title": _s("from the catalog"),
            "summary": _s("generated from the re-deal's figures"),
            "status": _s("a choice"),
        },
        about=("member",),
    ),
    # --- values
    "values.ValuesCard": Model(
        {"stand_for": _p("member", "the member's own words")}, about=("member",)
    ),
    "values.ValuePick": Model(
        {"key": _s("a catalog key"), "own": _p("card__member", "the member's own words")},
        about=("card__member",),
        delete_rows=True,  # a pick is a list key or own words, never neither
    ),
    "values.MissionVersion": Model(
        # A version someone else agreed with is the household's; a draft only its author
        # agreed with is erased with the author (erase.py).
        {"text": _h("agreed versions belong to the household; lone drafts are removed")},
        about=("author",),
    ),
    "values.Goal": Model(
        {"title": _h("a shared goal"), "why": _h("a shared goal")}, about=("owners",)
    ),
    "values.Milestone": Model({"title": _h("a shared goal's step")}, about=("owner",)),
    "values.OutsidePressure": Model(
        {
            "source": _s("a choice: where it comes from"),
            "who": _p("author", "the author's words"),
            "expectation": _p("author", "the author's words"),
            "feeling": _p("author", "the author's words"),
            "stance": _p("stance_by", "the words of who wrote the stance"),
            "reply": _p("reply_by", "the words of who wrote the reply"),
        },
        about=("author",),
    ),
    "values.PressureAgreement": Model({"part": _s("a choice: stance or reply")}, about=("member",)),
    "reminders.Preference": Model(
        {
            "time_zone": _s("a choice from the list"),
            "planned_zone": _s("the time zone the job last reckoned in"),
        },
        about=("member",),
    ),
    "reminders.Reminder": Model(
        {
            "kind": _s("a choice"),
            "channel": _s("a choice"),
            "key": _s("generated"),
            "status": _s("a choice"),
            "claimed_by": _s("a random id of the run that sent it"),
            "subject": _h("generated from household text: a card's name, the check-in"),
            "need_key": _s("generated"),
            "url": _s("an address on the site"),
        },
        about=("member",),
    ),
    # A device's push address and keys: nobody's words, and secrets not to export.
    "reminders.PushSubscription": Model(
        {"endpoint": _s("given by the browser"), "p256dh": _s("a key"), "auth": _s("a key")},
        exported=False,
    ),
    # Rows without text that are about a person: exported, nothing to erase.
    "perception.Estimate": Model({}, about=("member",)),
    # The monthly check: numbers only; its own service deletes them with the account.
    "felt.FeltAnswer": Model({}, about=("member",)),
    "values.MissionAgreement": Model({}, about=("member",)),
}


def installed() -> dict[str, Model]:
    """The registry's entries whose app is installed (django-otp may not be)."""
    from django.apps import apps

    out = {}
    for label, model_entry in REGISTRY.items():
        try:
            apps.get_model(label)
        except LookupError:
            continue
        out[label] = model_entry
    return out
