"""The I-statement coach: every rule's examples, exact spans, fine sentences, and robustness."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evenly.core.coach import LEARNED, MAX_CHARS, RULES, Flag, Rule, coach, rule_named

FIRES = [(rule.name, s) for rule in RULES for s in rule.fires]
QUIET = [(rule.name, s) for rule in RULES for s in rule.quiet]


def spans(text: str, rule: str) -> list[str]:
    return [text[f.start : f.end] for f in coach(text) if f.rule == rule]


def test_every_rule_is_complete() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)) == 8
    assert set(names) == {
        "absolute",
        "blame",
        "contempt",
        "defensiveness",
        "stonewalling",
        "should",
        "mind_reading",
        "gender_script",
    }
    for rule in RULES:
        assert rule.title and rule.reason and rule.suggestion and rule.patterns
        assert len(rule.fires) >= 5 and len(rule.quiet) >= 5, rule.name
        assert rule_named(rule.name) is rule
    with pytest.raises(dataclasses.FrozenInstanceError):
        RULES[0].name = "other"  # type: ignore[misc]


@pytest.mark.parametrize(("rule", "sentence"), FIRES)
def test_fires_examples_are_flagged(rule: str, sentence: str) -> None:
    found = spans(sentence, rule)
    assert found, f"{rule} should flag {sentence!r}"
    assert all(s.strip() == s and s for s in found)


@pytest.mark.parametrize(("rule", "sentence"), QUIET)
def test_quiet_examples_are_not_flagged_by_their_rule(rule: str, sentence: str) -> None:
    assert spans(sentence, rule) == []


@pytest.mark.parametrize(
    ("sentence", "rule", "span"),
    [
        ("You always leave the lights on.", "absolute", "You always"),
        ("Honestly, you’re never home before eight.", "absolute", "you’re never"),
        ("Not once have you picked the kids up.", "absolute", "Not once have you"),
        ("Every single time I ask, you sigh.", "absolute", "Every single time"),
        ("Youre lazy and you know it.", "blame", "Youre lazy"),
        ("You are such a selfish person.", "blame", "You are such a selfish person"),
        ("It's all your fault we were late.", "blame", "It's all your fault"),
        ("You made me feel stupid at dinner.", "blame", "You made me feel stupid"),
        ("We missed the bus because of you.", "blame", "because of you"),
        ("Nice going, genius.", "contempt", "genius"),
        ("You really need to grow up.", "contempt", "grow up"),
        ("Oh great, thanks a lot.", "contempt", "great, thanks a lot"),
        ("Oh wonderful, another takeaway.", "contempt", "Oh wonderful"),
        ("Sure, very helpful /s", "contempt", "/s"),
        ("You cleaned it *rolls eyes*", "contempt", "*rolls eyes*"),
        ("Yeah but I was tired.", "defensiveness", "Yeah but"),
        ("That's not my problem.", "defensiveness", "That's not my problem"),
        ("Fine. Do what you want.", "stonewalling", "Fine"),
        ("Whatever, I don't care.", "stonewalling", "Whatever"),
        ("I'm done talking about this.", "stonewalling", "I'm done talking"),
        ("I think you should call her.", "should", "you should"),
        ("You really ought to sort the garage.", "should", "You really ought to"),
        ("You obviously think I'm stupid.", "mind_reading", "You obviously think"),
        ("You don’t even notice when I clean.", "mind_reading", "You don’t even notice"),
        ("Thanks for helping out with the kids.", "gender_script", "helping out with the kids"),
        ("He helps with the housework sometimes.", "gender_script", "helps with the housework"),
        ("You're the mom, you should know.", "gender_script", "You're the mom"),
        ("Cooking is a woman's job.", "gender_script", "a woman's job"),
    ],
)
def test_the_span_is_exactly_the_words(sentence: str, rule: str, span: str) -> None:
    assert spans(sentence, rule) == [span]


FINE = [
    "I feel tired when the dishes pile up, and I need us to agree who does them. "
    "Would you be willing to take Tuesdays?",
    "I felt anxious on Monday when the bills arrived, and I need us to open them together.",
    "Thank you for taking the kids swimming on Saturday.",
    "I really appreciated the tea you brought me this morning.",
    "Could you book the dentist for the kids this month?",
    "I always sleep better when we go to bed at the same time.",
    "We never finished talking about the holiday; can we come back to it?",
    "Should we try a rota for the bathroom?",
    "Whatever works for you works for me.",
    "I'm fine with doing the bins this month.",
    "Thanks for cooking on Friday, it was lovely.",
    "Could you help me move the sofa on Saturday?",
    "If you need to rest after your shift, I can do bath time.",
    "I need a twenty-minute break; can we come back to this at eight?",
    "I'm proud of how we shared the move.",
]


@pytest.mark.parametrize("sentence", FINE)
def test_fine_sentences_have_no_flags(sentence: str) -> None:
    assert coach(sentence) == []


def test_apostrophes_and_spellings_of_you_are() -> None:
    for text in ("You're so lazy.", "You’re so lazy.", "You are so lazy.", "Youre so lazy."):
        assert spans(text, "blame"), text
    assert spans("YOU NEVER LISTEN", "absolute") == ["YOU NEVER"]
    assert spans("It’s not my fault.", "defensiveness") == ["It’s not my fault"]


def test_different_rules_may_overlap_but_one_rule_flags_a_span_once() -> None:
    text = "You never even think about me."
    assert {f.rule for f in coach(text)} == {"absolute", "mind_reading"}
    rule = Rule(
        name="test",
        title="Test",
        reason="r",
        suggestion="s",
        patterns=(re.compile("you never"), re.compile("never even"), re.compile("you")),
        fires=(),
        quiet=(),
    )
    assert rule.spans(text.lower()) == [(0, 9)]


def test_flags_are_sorted_by_start_then_rule() -> None:
    text = "Whatever. You never help with the kids, and you should know it's your fault."
    flags = coach(text)
    assert [(f.start, f.rule) for f in flags] == sorted((f.start, f.rule) for f in flags)
    assert [f.rule for f in flags] == [
        "stonewalling",
        "absolute",
        "gender_script",
        "should",
        "blame",
    ]


def test_per_match_suggestions() -> None:
    always = coach("You always forget.")[0]
    never = coach("You never ask.")[0]
    assert always.suggestion != never.suggestion
    assert "this week" in always.suggestion.lower()
    assert coach("Thanks for cooking tonight.") == []
    help_flag = coach("Thanks for helping with the kids.")[0]
    assert help_flag.rule == "gender_script" and "shared work" in help_flag.suggestion


def test_as_dict_has_exactly_the_five_keys() -> None:
    flag = coach("You always leave your socks out.")[0]
    assert flag.as_dict() == {
        "rule": "absolute",
        "start": 0,
        "end": 10,
        "reason": flag.reason,
        "suggestion": flag.suggestion,
    }
    assert set(Flag("x", 0, 1, "r", "s").as_dict()) == {
        "rule",
        "start",
        "end",
        "reason",
        "suggestion",
    }


def test_rule_named_rejects_an_unknown_name() -> None:
    with pytest.raises(KeyError, match="no coach rule named 'nope'"):
        rule_named("nope")


def test_only_the_first_max_chars_are_read() -> None:
    filler = "I feel calm. " * (MAX_CHARS // 13 + 5)
    text = filler + "You always forget."
    assert len(text) > MAX_CHARS
    assert coach(text) == []
    near = "x" * (MAX_CHARS - 12) + " You always forget."
    flags = coach(near)
    assert flags and all(f.end <= MAX_CHARS for f in flags)


def check_invariants(text: str) -> None:
    flags = coach(text)
    limit = min(len(text), MAX_CHARS)
    for f in flags:
        assert 0 <= f.start < f.end <= limit
        assert f.rule in {r.name for r in (*RULES, LEARNED)}
        assert f.reason and f.suggestion
    assert flags == sorted(flags, key=lambda f: (f.start, f.rule, f.end))
    for rule in {f.rule for f in flags}:
        mine = [f for f in flags if f.rule == rule]
        assert all(a.end <= b.start for a, b in itertools.pairwise(mine))
    assert coach(text) == flags


FRAGMENTS = [
    "you",
    "You're",
    "you’re",
    "always",
    "never",
    "should",
    "need to",
    "whatever",
    "Fine",
    ".",
    ",",
    "!",
    "?",
    " ",
    "  ",
    "\n",
    "help with the kids",
    "grow up",
    "/s",
    "*rolls eyes*",
    "yes, but",
    "your fault",
    "because of you",
    "I feel",
    "don't",
    "care",
    "a man's job",
    "'",
    "’",
    "🙄",
    "é",
    "\u0301",
    "\x00",
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_coach_never_raises_on_any_text(text: str) -> None:
    check_invariants(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_coach_holds_on_text_made_of_trigger_fragments(text: str) -> None:
    check_invariants(text)


@settings(max_examples=50, deadline=None)
@given(st.integers(0, 40), st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_coach_holds_on_text_across_the_cap(short_by: int, tail: str) -> None:
    # Triggers that straddle the cap must be cut cleanly, not flagged past it.
    head = ("You always say " * (MAX_CHARS // 15 + 1))[: MAX_CHARS - short_by]
    check_invariants(head + tail)


# Issue 18: blunt blame and contempt, with the marked span and the kind of gentler wording.
BLUNT = [
    ("Stop being so lazy.", "blame", "Stop being so", "Would you be willing"),
    ("Oh, stop whining about the bins.", "blame", "stop whining", "Would you be willing"),
    ("Pull your weight.", "blame", "Pull your weight", "Would you be willing"),
    ("Could you for once remember the recycling?", "blame", "for once", "without the history"),
    ("Why do I have to do everything around here?", "blame", "Why do I have to", "need behind"),
    ("Why am I the only one who ever cooks?", "blame", "Why am I the only one", "need behind"),
    ("Is it too much to ask for a bit of help?", "blame", "Is it too much to ask", "need behind"),
    ("Would it kill you to wipe the counter?", "blame", "Would it kill you", "need behind"),
    ("How many times do I have to ask you?", "blame", "How many times do I have to ask", "need"),
    ("Have you ever once cleaned the bathroom?", "blame", "Have you ever once cleaned", "need"),
    ("I'm not your maid.", "blame", "I'm not your maid", "need behind"),
    ("You couldn't even be bothered to call.", "blame", "You couldn't even be bothered", "Ask"),
    ("You can't do anything right.", "blame", "You can't do anything right", "Name the action"),
    ("Thanks a lot for nothing.", "contempt", "Thanks a lot for nothing", "without the sarcasm"),
    ("Great, another mess to clean up.", "contempt", "Great, another", "without the sarcasm"),
    ("Nice of you to finally show up.", "contempt", "Nice of you to finally", "sarcasm"),
    ("Typical.", "contempt", "Typical", "without the sarcasm"),
    ("You're a disgrace.", "contempt", "You're a disgrace", "Say the hurt plainly"),
    ("What's wrong with you?", "contempt", "What's wrong with you", "struggling"),
    ("Just shut up and listen.", "contempt", "shut up", "pause"),
]


@pytest.mark.parametrize(("text", "rule", "span", "advice"), BLUNT)
def test_blunt_blame_and_contempt_are_marked_with_a_gentler_wording(
    text: str, rule: str, span: str, advice: str
) -> None:
    flags = [f for f in coach(text) if f.rule == rule]
    assert [text[f.start : f.end] for f in flags] == [span]
    assert advice in flags[0].suggestion and flags[0].reason


@pytest.mark.parametrize(
    "text",
    [
        "Could you stop by the shop on the way home?",
        "Let's stop for coffee on the way.",
        "Please stop the washing machine when it beeps.",
        "Stop worrying, I've got the school forms.",
        "For once I'm early for the school run.",
        "It was nice to sleep in for once.",
        "Why don't we try a new rota?",
        "Why is the washing machine making that noise?",
        "How hard is it to learn to sew?",
        "Is it too late to call your mum?",
        "Thanks a lot for cooking dinner.",
        "Nice of you to bring flowers, thank you.",
        "Did you ever call the dentist back?",
        "Don't bother cooking tonight, I'll bring food home.",
        "What's wrong with the car?",
        "Typical Monday, everything went wrong at work.",
        "Who do you think will win the match?",
        "Why did I have to get old?!",
        "You did nothing wrong.",
        "You can't even imagine how glad I am.",
    ],
)
def test_fine_look_alikes_of_blunt_blame_are_left_alone(text: str) -> None:
    assert coach(text) == []


def test_an_order_with_for_once_gets_two_flags() -> None:
    text = "Do your job for once."
    assert [(text[f.start : f.end], f.rule) for f in coach(text)] == [
        ("Do your job", "blame"),
        ("for once", "blame"),
    ]


CHORES = ["the bins", "the dishes", "the laundry", "the school run", "the hoovering", "dinner"]


@given(st.sampled_from(CHORES), st.sampled_from(["I", "We"]), st.sampled_from(["did", "finished"]))
def test_for_once_about_ourselves_is_never_flagged(chore: str, who: str, verb: str) -> None:
    assert coach(f"For once {who.lower() if who == 'I' else 'we'} {verb} {chore} early.") == []
    assert coach(f"{who} {verb} {chore} early for once, and it felt good.") == []


@given(st.sampled_from(CHORES), st.sampled_from(["Just do", "Do", "Could you do"]))
def test_for_once_aimed_at_the_partner_is_flagged(chore: str, opener: str) -> None:
    text = f"{opener} {chore} for once."
    assert [f.rule for f in coach(text)] == ["blame"]
