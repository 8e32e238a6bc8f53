"""Two partners hold their weekly check-in on the Talk tab, from the time to the record.

The household, its cards, both members' ratings and the accepted deal are set up through
services (the first journey, test_journey.py, already drives those pages). Robin holds the
dishes in the deal in force. Then both partners log in through the login form in their own
browser contexts and use the check-in through the UI only:

- Robin chooses the weekly time and prepares, privately: three appreciations, what went well,
  a feeling, and one concern whose "when…" first reads "you never do the dishes": the coach marks
  it as it is typed (htmx), and Robin rewrites it kindly before saving;
- Sam prepares one appreciation, and cannot see any of Robin's (on the check-in page either);
- Robin starts the check-in early; both share; Sam says back what he heard, Robin answers
  "Not quite", Sam tries again, Robin answers "Yes, that's it", Sam responds. Each partner sees
  the other's turn appear without reloading (the conversation polls while one waits);
- Sam agrees an action; Robin proposes to give the dishes to Sam; Sam agrees, which proposes a
  new deal; both accept it on the Deal page;
- both close the check-in; the Talk page shows the record and the open action; Sam ticks it
  done; the history lists the check-in.

Run at a phone and a laptop size. Every step is screenshotted into
``test-artefacts/screenshots/<viewport>/talk-NN-step.png`` and scanned with axe-core; serious
and critical violations, console errors (CSP reports among them), uncaught script errors and
failed responses fail the test. See conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    VIEWPORTS,
    WAIT_MS,
    Recorder,
    click,
    context_for,
    message,
    recording,
    section,
    soft,
    tab,
)

pytestmark = pytest.mark.browser
expect.set_options(timeout=WAIT_MS)

PASSWORD = "a long walk by the river"
PREFIX = "talk-"

# Robin enjoys the dishes and Sam hates them, so the deal in force gives them to Robin; at the
# check-in they agree that Sam takes them.
CARD_KEYS = ["breakfast", "dishes", "tidying", "grocery-shopping", "vacuuming", "laundry", "bills"]
PREFS = {
    "Robin": ["enjoy", "enjoy", "fine", "dislike", "fine", "hate", "like"],
    "Sam": ["fine", "hate", "dislike", "like", "like", "enjoy", "hate"],
}
GIVEN_CARD = "Dishes"

# What Robin prepares (the coach has nothing to say about any of it).
APPRECIATIONS = [
    "Thank you for cooking on Wednesday when I came home late; it meant I could rest.",
    "Thank you for calling the plumber on Monday; it took a weight off me.",
    "I loved our walk on Saturday morning; I felt close to you.",
]
WENT_WELL = "We shared the shopping and nobody had to ask."
FEELING = ("hopeful", "quite", "about how we share the evenings")
HARSH_WHEN = "you never do the dishes"
CONCERN = {
    "feeling": "frustrated",
    "when": "the dishes from dinner are still in the sink the next morning",
    "need": "a clear kitchen to start the day",
    "request": "do the dishes on your evenings before bed",
}
STATEMENT = (
    "I feel frustrated when the dishes from dinner are still in the sink the next morning, and "
    "I need a clear kitchen to start the day. Would you be willing to do the dishes on your "
    "evenings before bed?"
)
ROBIN_PRIVATE = [*APPRECIATIONS, WENT_WELL, FEELING[2], CONCERN["when"], HARSH_WHEN]

# What Sam prepares and says.
SAM_APPRECIATION = "Thank you for sorting the car insurance on Tuesday; it took a weight off me."
PARAPHRASE_1 = "you are annoyed about the dishes"
MISSING = "It is not about blame: I am tired of starting the day in a messy kitchen."
PARAPHRASE_2 = (
    "you feel frustrated when the dishes wait in the sink overnight, and you need a clear "
    "kitchen in the morning"
)
RESPONSE = (
    "I had not noticed how much the morning kitchen matters to you. I would like to take the "
    "dishes on my evenings."
)
ACTION = "Sam does the dishes before bed on Tuesdays and Thursdays"


@pytest.fixture
def talk_recorder(request: pytest.FixtureRequest) -> Iterator[Recorder]:
    """The shots are talk-NN-step.png, beside the other journeys' (which it leaves alone)."""
    yield from recording(request, PREFIX)


def _household() -> tuple[int, date]:
    """Robin's and Sam's household with rated cards and an accepted deal, in which Robin holds
    the dishes. Returns its id and its today."""
    from evenly.accounts.services import account_create
    from evenly.cards.services import cards_add_from_catalog, rating_set
    from evenly.deals.services import deal_accept, deal_propose
    from evenly.households.services import household_create, invitation_accept, invitation_create

    robin_user = account_create(email="robin@example.org", password=PASSWORD)
    sam_user = account_create(email="sam@example.org", password=PASSWORD)
    household = household_create(
        user=robin_user,
        name="Robin & Sam",
        time_zone="Europe/Berlin",
        fairness="equal",
        display_name="Robin",
    )
    robin = household.members.get()
    sam = invitation_accept(
        token=invitation_create(household=household, member=robin).token,
        user=sam_user,
        display_name="Sam",
    )
    cards = {c.catalog_key: c for c in cards_add_from_catalog(household=household, keys=CARD_KEYS)}
    assert len(cards) == len(CARD_KEYS)
    for member, name in ((robin, "Robin"), (sam, "Sam")):
        for key, pref in zip(CARD_KEYS, PREFS[name], strict=True):
            rating_set(member=member, card=cards[key], preference=pref)
    deal = deal_propose(household=household, member=robin)
    deal_accept(deal=deal, member=robin)
    deal_accept(deal=deal, member=sam)
    owner = deal.cards.get(name=GIVEN_CARD).owner
    assert owner == robin, f"the deal in force should give {GIVEN_CARD} to Robin, not {owner}"
    return household.pk, household.today()


def _log_in(page: Page, base: str, email: str, next_path: str, rec: Recorder, who: str) -> None:
    page.goto(f"{base}/login/?next={next_path}")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    rec.step(page, f"{who}-login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="This week", exact=True)).to_be_visible()


def _add_item(page: Page, kind: str, fields: dict[str, str]) -> None:
    """Fill and save one of the preparation page's forms (its section's id is the kind)."""
    form = page.locator(f"section#{kind}")
    details = form.locator("details.add")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    click(page, form.get_by_role("button", name="Save privately"))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_talk_journey(
    live_server,
    transactional_db,
    browser: Browser,
    talk_recorder: Recorder,
    viewport: str,
) -> None:
    base = live_server.url
    rec = talk_recorder
    bugs: list[str] = []
    hid, today = _household()
    h = f"/h/{hid}"
    robin_ctx = context_for(browser, viewport)
    sam_ctx = context_for(browser, viewport)
    try:
        robin = robin_ctx.new_page()
        sam = sam_ctx.new_page()
        rec.watch(robin, "Robin")
        rec.watch(sam, "Sam")

        # --- Robin: the Talk tab asks for a time first ----------------------------------------
        _log_in(robin, base, "robin@example.org", f"{h}/week/", rec, "robin")
        tab(robin, "Talk")
        expect(robin.get_by_role("heading", name="Weekly check-in")).to_be_visible()
        expect(robin.get_by_role("heading", name="Choose your check-in time")).to_be_visible()
        rec.step(robin, "robin-talk-empty")

        # Three days from now, so the check-in is some way off and Robin starts it early.
        weekday = (today + timedelta(days=3)).strftime("%A")
        robin.get_by_label("Day", exact=True).select_option(label=weekday)
        robin.get_by_label("Time", exact=True).fill("19:30")
        click(robin, robin.get_by_role("button", name="Save the time"))
        message(robin, "Saved: that is when your check-in opens each week.")
        next_h = robin.get_by_role("heading", name=re.compile(r"^Next check-in: "))
        expect(next_h).to_contain_text(f"{weekday} ")
        expect(next_h).to_contain_text("at 19:30")
        expect(section(robin, "When you meet")).to_contain_text(
            f"Every {weekday} at 19:30 (Europe/Berlin)."
        )
        expect(robin.get_by_role("button", name="Change the time")).to_be_visible()
        rec.step(robin, "robin-talk-planned")

        # --- Robin prepares, privately ------------------------------------------------------
        click(robin, robin.get_by_role("link", name="Prepare", exact=True))
        expect(robin).to_have_url(re.compile(rf"{h}/checkin/\d+/prepare/$"))
        checkin_path = robin.url.removeprefix(base).removesuffix("prepare/")
        expect(robin.get_by_role("heading", name=re.compile(r"^Prepare for "))).to_be_visible()
        expect(robin.locator(".private-note")).to_contain_text("Only you can see this page")
        rec.step(robin, "robin-prepare")

        for n, text in enumerate(APPRECIATIONS, start=1):
            _add_item(robin, "appreciation", {"I appreciate…": text})
            message(robin, "Saved, for your eyes only: an appreciation.")
            expect(robin.locator("section#appreciation li.my-item")).to_have_count(n)
        checklist = robin.get_by_role("list", name="My preparation")
        expect(checklist.locator("li.done")).to_contain_text("3 of 3 appreciations")
        rec.step(robin, "robin-appreciations")

        _add_item(robin, "went_well", {"What went well this week": WENT_WELL})
        message(robin, "Saved, for your eyes only: ")
        feeling, intensity, words = FEELING
        feeling_form = robin.locator("section#feeling")
        feeling_form.get_by_label("I feel", exact=True).select_option(feeling)
        feeling_form.get_by_label(intensity, exact=True).check()
        _add_item(robin, "feeling", {"A few words, if you like": words})
        message(robin, "Saved, for your eyes only: ")
        soft(
            bugs,
            "the feeling's saved message should keep the capital I",
            lambda: expect(robin.locator(".messages .message")).to_contain_text(
                "Saved, for your eyes only: how I am feeling.", timeout=2_000
            ),
        )
        expect(robin.locator("section#feeling li.my-item")).to_contain_text(
            f"I feel {intensity} {feeling}: {words}"
        )
        rec.step(robin, "robin-went-well-feeling")

        # The concern: typed harshly first; the coach marks "you never" as it is typed.
        concern = robin.locator("section#concern")
        expect(concern.locator("details.add")).to_have_attribute("open", "")
        concern.get_by_label("I feel", exact=True).select_option(CONCERN["feeling"])
        when = concern.get_by_label("when…", exact=True)
        when.press_sequentially(HARSH_WHEN, delay=30)
        coach = robin.locator("#coach-concern-when")
        expect(coach.locator("mark")).to_contain_text("you never")
        expect(coach).to_contain_text("Always / never")
        expect(coach).to_contain_text("Try:")
        when.scroll_into_view_if_needed()
        rec.step(robin, "robin-concern-coach")

        when.fill(CONCERN["when"])
        expect(coach.locator("mark")).to_have_count(0)
        expect(coach).to_contain_text("Reads kindly: nothing to soften.")
        concern.get_by_label("and I need…", exact=True).fill(CONCERN["need"])
        concern.get_by_label("Would you be willing to…", exact=True).fill(CONCERN["request"])
        rec.step(robin, "robin-concern-rewritten")
        click(robin, concern.get_by_role("button", name="Save privately"))
        message(robin, "Saved, for your eyes only: ")
        expect(concern.locator("li.my-item")).to_contain_text(STATEMENT)
        expect(concern.locator("li.my-item .badge")).to_have_text("Only you")
        # One concern each: there is no form for a second one.
        expect(concern.locator("details.add")).to_have_count(0)
        expect(checklist.locator("li:not(.done)")).to_have_count(0)
        expect(robin.locator(".private-note")).to_contain_text("Only you can see this page")
        rec.step(robin, "robin-prepared")

        # --- Sam prepares one appreciation, and sees nothing of Robin's ----------------------
        _log_in(sam, base, "sam@example.org", f"{h}/week/", rec, "sam")
        tab(sam, "Talk")
        expect(sam.get_by_role("heading", name=re.compile(r"^Next check-in: "))).to_be_visible()
        for text in ROBIN_PRIVATE:
            expect(sam.locator("main")).not_to_contain_text(text)
        click(sam, sam.get_by_role("link", name="Prepare", exact=True))
        expect(sam.locator(".private-note")).to_contain_text("Only you can see this page")
        _add_item(sam, "appreciation", {"I appreciate…": SAM_APPRECIATION})
        message(sam, "Saved, for your eyes only: an appreciation.")
        expect(sam.get_by_role("list", name="My preparation")).to_contain_text(
            "1 of 3 appreciations"
        )
        for text in ROBIN_PRIVATE:
            expect(sam.locator("main")).not_to_contain_text(text)
        rec.step(sam, "sam-prepared")

        sam.goto(f"{base}{checkin_path}")
        expect(sam.get_by_role("heading", name=re.compile(r"^Check-in, "))).to_be_visible()
        expect(sam.get_by_role("button", name="We're together now: start it")).to_be_visible()
        for text in ROBIN_PRIVATE:
            expect(sam.locator("main")).not_to_contain_text(text)
        rec.step(sam, "sam-checkin-not-yet-open")

        # --- Robin starts it; before anything is shared, Sam still sees nothing of Robin's --
        tab(robin, "Talk")
        expect(robin.get_by_role("list", name="My preparation").locator("li.done")).to_have_count(4)
        click(robin, robin.get_by_role("button", name="We're together now: start it"))
        expect(robin).to_have_url(f"{base}{checkin_path}")
        expect(robin.get_by_role("navigation", name="Steps")).to_be_visible()
        private = robin.locator("section#appreciation .private-note")
        expect(private).to_contain_text("Only you see these, prepared earlier:")
        for text in APPRECIATIONS:
            expect(private).to_contain_text(text)
        expect(robin.locator("section#concerns .private-note")).to_contain_text(STATEMENT)
        rec.step(robin, "robin-checkin-open")

        sam.reload()
        expect(sam.get_by_role("navigation", name="Steps")).to_be_visible()
        for text in ROBIN_PRIVATE:
            expect(sam.locator("main")).not_to_contain_text(text)
        expect(sam.locator("section#concerns")).to_contain_text("No concern shared yet.")
        click(sam, sam.locator("section#appreciation").get_by_role("button", name="Share it"))
        message(sam, "Shared 1 of yours.")
        rec.step(sam, "sam-checkin-open")

        # --- Robin shares the appreciations, the rest, and the concern -----------------------
        click(
            robin,
            robin.locator("section#appreciation").get_by_role("button", name="Share all 3"),
        )
        message(robin, "Shared 3 of yours.")
        shared = robin.locator("section#appreciation ul.items")
        for text in [*APPRECIATIONS, SAM_APPRECIATION]:
            expect(shared).to_contain_text(text)
        expect(robin.locator("section#appreciation .private-note")).to_have_count(0)
        for kind in ("went_well", "feeling"):
            click(robin, robin.locator(f"section#{kind}").get_by_role("button", name="Share it"))
            message(robin, "Shared 1 of yours.")
        expect(robin.locator("section#feeling ul.items")).to_contain_text(
            f"Robin feels {intensity} {feeling}: {words}"
        )
        rec.step(robin, "robin-shared")

        click(
            robin,
            robin.locator("section#concerns").get_by_role("button", name="Share my concern"),
        )
        message(robin, "Shared: the others can read it now.")
        conversation = robin.locator("section#concerns article.concern")
        expect(conversation.locator("blockquote")).to_have_text(STATEMENT)
        expect(conversation).to_contain_text("Waiting for your partner to say back what they heard")
        rec.step(robin, "robin-concern-shared")

        # --- Sam sees it all and says back what he heard -------------------------------------
        sam.reload()
        for text in [*APPRECIATIONS, WENT_WELL, words]:
            expect(sam.locator("#shared")).to_contain_text(text)
        sam_conv = sam.locator("section#concerns article.concern")
        expect(sam_conv.get_by_role("heading", name="Robin")).to_be_visible()
        expect(sam_conv.locator("blockquote")).to_have_text(STATEMENT)
        sam_conv.get_by_label("What I hear is…").fill(PARAPHRASE_1)
        rec.step(sam, "sam-concern")
        click(sam, sam_conv.get_by_role("button", name="Say it back"))
        message(sam, "Sent. Your partner will say whether that is it.")
        expect(sam_conv).to_contain_text("Waiting for Robin to say whether that is it.")

        # --- Robin sees it appear without reloading, and answers "Not quite" ----------------
        expect(conversation.get_by_role("button", name="Answer")).to_be_visible()
        expect(conversation).to_contain_text(f"Sam: What I hear is… {PARAPHRASE_1}")
        rec.step(robin, "robin-paraphrase-arrived")
        conversation.get_by_label("Not quite", exact=True).check()
        conversation.get_by_label("What was missing", exact=True).fill(MISSING)
        click(robin, conversation.get_by_role("button", name="Answer"))
        expect(conversation).to_contain_text(f"Robin: Not quite. {MISSING}")
        expect(conversation).to_contain_text("Waiting for your partner to say back what they heard")

        # Sam (waiting, so polling) gets the form back, and tries again.
        expect(sam_conv.get_by_role("button", name="Say it back")).to_be_visible()
        expect(sam_conv).to_contain_text(f"Robin: Not quite. {MISSING}")
        rec.step(sam, "sam-not-quite")
        sam_conv.get_by_label("What I hear is…").fill(PARAPHRASE_2)
        click(sam, sam_conv.get_by_role("button", name="Say it back"))
        message(sam, "Sent. Your partner will say whether that is it.")

        expect(conversation.get_by_role("button", name="Answer")).to_be_visible()
        expect(conversation).to_contain_text(PARAPHRASE_2)
        conversation.get_by_label("Yes, that's it", exact=True).check()
        click(robin, conversation.get_by_role("button", name="Answer"))
        expect(conversation).to_contain_text("Robin: Yes, that's it.")
        expect(conversation).to_contain_text("You were heard. Now your partner responds.")
        rec.step(robin, "robin-heard")

        # Sam (polling again) gets the response form.
        expect(sam_conv.get_by_role("button", name="Respond")).to_be_visible()
        sam_conv.get_by_label("My response").fill(RESPONSE)
        click(sam, sam_conv.get_by_role("button", name="Respond"))
        sam_concern = sam.locator("section#concerns article.concern")
        expect(sam_concern).to_contain_text(f"Sam responds: {RESPONSE}")
        expect(sam_concern).to_contain_text("Heard and answered.")
        rec.step(sam, "sam-responded")

        # Robin waited for the response: it appears without reloading, and the concern stays.
        robin_concern = robin.locator("section#concerns article.concern")
        soft(
            bugs,
            "Robin's concern, polled while Sam responds, should stay on the page with the response",
            lambda: expect(
                robin_concern.filter(has_text=f"Sam responds: {RESPONSE}")
            ).to_have_count(1),
        )
        rec.step(robin, "robin-response-arrived")
        robin.reload()
        expect(robin_concern).to_have_count(1)
        expect(robin_concern).to_contain_text(f"Sam responds: {RESPONSE}")

        # --- Sam agrees an action ------------------------------------------------------------
        actions = sam.locator("section#actions")
        actions.locator("summary", has_text="Agree an action").click()
        due = today + timedelta(days=7)
        action_form = actions.locator("form").filter(has=sam.get_by_role("button", name="Agree it"))
        action_form.get_by_label("What will be done", exact=True).fill(ACTION)
        action_form.get_by_label("Who", exact=True).select_option(label="Sam")
        action_form.get_by_label("By", exact=True).fill(due.isoformat())
        action_form.get_by_label("About", exact=True).select_option(label="Robin's concern")
        rec.step(sam, "sam-action-form")
        click(sam, action_form.get_by_role("button", name="Agree it"))
        message(sam, "Agreed.")
        expect(actions.locator("li.action")).to_contain_text(ACTION)
        expect(actions.locator("li.action")).to_contain_text(f"Sam, by {due:%a} {due.day} {due:%b}")

        # --- Robin proposes to give the dishes to Sam; Sam agrees: a new deal is proposed ----
        robin.reload()
        r_actions = robin.locator("section#actions")
        expect(r_actions.locator("li.action")).to_contain_text(ACTION)
        r_actions.locator("summary", has_text="Propose a change to the deal").click()
        change_form = r_actions.locator("form").filter(
            has=robin.get_by_role("button", name="Propose")
        )
        change_form.get_by_label("Give the card to", exact=True).check()
        change_form.get_by_label("Card", exact=True).select_option(label=GIVEN_CARD)
        change_form.get_by_label("To", exact=True).select_option(label="Sam")
        # Every field of the form is labelled (its ids must not clash with the action form's).
        for label in ("Card", "To", "Done means", "About"):
            soft(
                bugs,
                f"the change form's {label!r} field should be labelled",
                lambda label=label: expect(
                    change_form.get_by_label(label, exact=True)
                ).to_have_count(1, timeout=2_000),
            )
        rec.step(robin, "robin-change-form")
        click(robin, change_form.get_by_role("button", name="Propose"))
        message(robin, "Proposed. It is made once everyone agrees.")
        description = f"{GIVEN_CARD} goes to Sam (locked in the next deal)"
        expect(r_actions).to_contain_text(description)
        expect(r_actions).to_contain_text("Agreed so far: Robin")
        expect(r_actions.get_by_role("button", name="I agree")).to_have_count(0)
        rec.step(robin, "robin-change-proposed")

        sam.reload()
        change = sam.locator("section#actions li").filter(has_text=description)
        expect(change).to_contain_text("Agreed so far: Robin")
        click(sam, change.get_by_role("button", name="I agree"))
        message(sam, "Agreed by everyone. Deal v2 is proposed with the change")
        expect(sam.locator("section#actions")).to_contain_text(
            "Agreed by everyone: Deal v2 waits for everyone's acceptance on the Deal page"
        )
        rec.step(sam, "sam-change-agreed")

        # --- Both accept deal v2 on the Deal page --------------------------------------------
        robin.reload()
        click(robin, robin.locator("section#actions").get_by_role("link", name="Deal v2"))
        expect(robin).to_have_url(f"{base}{h}/deals/2/")
        expect(robin.get_by_role("heading", name=re.compile(r"^Deal v2"))).to_contain_text(
            "Proposed"
        )
        expect(robin.get_by_text("Until then, deal v1 stays in force.")).to_be_visible()
        sam_group = robin.locator("section.owner-group").filter(
            has=robin.get_by_role("heading", name=re.compile(r"^Sam\b"))
        )
        dishes = sam_group.locator("li").filter(has_text=GIVEN_CARD)
        expect(dishes).to_have_count(1)
        expect(dishes.locator(".badge")).to_contain_text("locked")
        rec.step(robin, "robin-deal-v2")
        click(robin, robin.get_by_role("button", name="Accept deal v2"))
        message(robin, "You accepted. Waiting for the others.")

        tab(sam, "Deal")
        expect(sam.get_by_role("heading", name=re.compile(r"^Deal v2"))).to_contain_text("Proposed")
        click(sam, sam.get_by_role("button", name="Accept deal v2"))
        message(sam, "Everyone said yes: deal v2 is active.")
        expect(sam.get_by_role("heading", name=re.compile(r"^Deal v2"))).to_contain_text("Active")
        rec.step(sam, "sam-deal-v2-active")

        # --- Both close the check-in ---------------------------------------------------------
        robin.goto(f"{base}{checkin_path}")
        finish = section(robin, "Finish")
        click(robin, finish.get_by_role("button", name="I'm done: close the check-in"))
        message(robin, "Noted. It closes when everyone is done.")
        expect(finish).to_contain_text("You are done. Waiting for Sam.")
        rec.step(robin, "robin-done")

        tab(sam, "Talk")
        expect(sam.get_by_role("heading", name="Your check-in is open")).to_be_visible()
        expect(sam.locator("main")).to_contain_text("(Robin already has)")
        click(sam, sam.get_by_role("link", name="Open the check-in"))
        expect(section(sam, "Finish")).to_contain_text("Done already: Robin.")
        click(sam, sam.get_by_role("button", name="I'm done: close the check-in"))
        message(sam, "Check-in closed. Thank you both for taking the time.")
        expect(sam).to_have_url(f"{base}{h}/checkin/")
        record = section(sam, "The last 8 weeks")
        expect(record).to_contain_text("You met in 1 of the last 8 weeks.")
        expect(record.locator("li.held")).to_have_count(1)
        open_actions = section(sam, "What you agreed, still to do")
        expect(open_actions.locator("li.action")).to_contain_text(ACTION)
        # The next check-in is ready to prepare, at the usual time.
        expect(sam.get_by_role("heading", name=re.compile(r"^Next check-in: "))).to_contain_text(
            weekday
        )
        rec.step(sam, "sam-closed")

        click(sam, open_actions.get_by_role("button", name="Done"))
        message(sam, f"“{ACTION}”: done.")
        expect(open_actions).to_contain_text("Nothing open.")
        rec.step(sam, "sam-action-done")

        click(sam, sam.get_by_role("link", name="Past check-ins and actions"))
        expect(sam.get_by_role("heading", name="Past check-ins")).to_be_visible()
        past = section(sam, "Check-ins")
        expect(past.locator("li")).to_have_count(1)
        expect(past.locator("li")).to_contain_text("7 shared items, 1 action")
        expect(section(sam, "Done").locator("li.action")).to_contain_text(ACTION)
        rec.step(sam, "sam-history")

        # Robin, still on the check-in page, sees it closed; then the held check-in as kept.
        robin.goto(f"{base}{h}/checkin/history/")
        click(robin, section(robin, "Check-ins").get_by_role("link"))
        expect(robin).to_have_url(f"{base}{checkin_path}")
        expect(robin.locator("main")).to_contain_text("Held and closed on")
        expect(robin.locator("#shared")).to_contain_text(APPRECIATIONS[0])
        expect(robin.locator("section#concerns")).to_contain_text(f"Sam responds: {RESPONSE}")
        expect(robin.locator("section#actions")).to_contain_text(description)
        expect(robin.get_by_role("button", name="I'm done: close the check-in")).to_have_count(0)
        rec.step(robin, "robin-closed-checkin")
    finally:
        robin_ctx.close()
        sam_ctx.close()

    problems = [rec.report()] if rec.report() else []
    if bugs:
        problems += [f"journey: {len(bugs)} defect(s):", *(f"  {b}" for b in bugs)]
    assert not problems, f"{viewport}:\n" + "\n".join(problems)
