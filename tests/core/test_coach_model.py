"""The coach's learned reading (evenly.core.coach_model): its flags explain themselves in English
and German, fine sentences stay unflagged, and training is deterministic, so the shipped model
rebuilds byte for byte."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import polib  # type: ignore[import-untyped]
import pytest
from tools.gest import DEFAULT_DEV

from evenly.core.coach import LEARNED, MAX_CHARS, UNSURE_BELOW, coach, learned_flag, rule_flags
from evenly.core.coach_model import (
    MODEL_FILE,
    Example,
    Model,
    features,
    read,
    shipped,
    stratified_folds,
    tokens,
    train,
)
from evenly.core.words import Words

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "src/evenly/core/data"
CATALOG = REPO / "src/evenly/core/locale/de/LC_MESSAGES/django.po"


class German:
    """gettext and ngettext from core's German .po (no Django, no .mo)."""

    def __init__(self) -> None:
        self.texts = {e.msgid: e for e in polib.pofile(str(CATALOG)) if not e.msgctxt}

    def gettext(self, message: str, /) -> str:
        entry = self.texts.get(message)
        return entry.msgstr if entry and entry.msgstr else message

    def ngettext(self, singular: str, plural: str, count: int, /) -> str:
        return singular if count == 1 else plural


DE = German()

# Blunt blame in wordings the rules were never given: the learned reading alone catches them.
UNRULED = list(LEARNED.fires)


@pytest.mark.parametrize("text", UNRULED)
def test_the_rules_miss_these_and_the_learned_reading_flags_them(text: str) -> None:
    assert rule_flags(text) == []
    flags = coach(text)
    assert [f.rule for f in flags] == ["learned"]


@pytest.mark.parametrize("text", UNRULED)
def test_a_learned_flag_names_the_words_that_carried_it_and_offers_a_wording(text: str) -> None:
    reading = read(text)
    flag = learned_flag(text)
    assert flag is not None and reading.flagged
    # The marked span is the strongest phrase, and the reason quotes every phrase named.
    assert (flag.start, flag.end) == reading.phrases[0]
    assert reading.words and all(w in text for w in reading.words)
    for words in reading.words:
        assert f"“{words}”" in flag.reason
    assert f"{min(99, round(100 * reading.probability))} % sure" in flag.reason
    assert flag.suggestion.startswith(
        (
            "Say the need",
            "Say it straight",
            "Name the action",
            "Ask for the one",
            "Say the hurt",
            "Leave out the name-calling",
            "Ask for the next time",
        )
    )
    # Each named phrase really pushed towards blame: without it the words' part of the score
    # falls (the sentence's meaning as a whole is read apart from its words).
    start, end = reading.phrases[0]
    model = shipped()
    shorter = text[:start] + text[end:]
    assert model.score(features(tokens(shorter))) < model.score(features(tokens(text)))


@pytest.mark.parametrize("text", UNRULED)
def test_a_learned_flag_says_why_and_what_to_try_in_german(text: str) -> None:
    flag = learned_flag(text)
    assert flag is not None
    assert isinstance(flag.reason, Words) and isinstance(flag.suggestion, Words)
    reason = flag.reason.translated(DE)
    assert reason.startswith("Der Coach hat gelernt, dass Worte wie „")
    for words in read(text).words:
        assert f"„{words}“" in reason  # the writer's own words, in German quotation marks
    assert "Vorwurf oder Verachtung" in reason and "% sicher" in reason
    suggestion = flag.suggestion.translated(DE)
    assert suggestion != str(flag.suggestion) and "„" in suggestion


@pytest.mark.parametrize(
    ("text", "opening"),
    [
        ("Want a medal for making toast?", "Say the need behind the question"),
        ("Quit slacking and do the hoovering.", "Ask for the one thing you need"),
        ("You lazy article.", "Leave out the name-calling"),
        ("You think the washing does itself, don't you.", "Name the action, not the person"),
        ("Thanks ever so much for leaving me with the pans.", "Say it straight"),
        ("Lift a bloody finger once in a while.", "Ask for the next time"),
        ("My dog listens better than you.", "Say the hurt plainly"),
    ],
)
def test_the_wording_fits_the_shape_of_the_sentence(text: str, opening: str) -> None:
    flag = learned_flag(text)
    assert flag is not None and flag.suggestion.startswith(opening)


@pytest.mark.parametrize(
    "text",
    [
        *LEARNED.quiet,
        "Could you grab some bread on the way home?",
        "Thank you for doing the night feed, I slept properly for once.",
        "I'm furious about the parking fine and I need to vent for a minute.",
        "Who's picking up the dry cleaning on Friday?",
        "When I was young I always wanted to be a pilot.",
        "I lifted the heavy boxes myself because my back was fine.",
        "The recipe says to stir it every ten minutes.",
        "Can we sit down on Sunday and look at the chores together?",
        "I'd love it if you planned one weekend a month.",
    ],
)
def test_fine_sentences_stay_unflagged(text: str) -> None:
    assert coach(text) == []


def test_a_sentence_the_rules_flag_gets_no_learned_flag_on_top() -> None:
    flags = coach("You never even think about me, you lazy slob.")
    assert flags and "learned" not in {f.rule for f in flags}


def test_empty_and_wordless_text_has_no_learned_flag() -> None:
    for text in ("", "   ", "?!", "🙄", "...", "\x00"):
        reading = read(text)
        assert 0 <= reading.probability <= 1
        assert all(f.rule != "learned" or f.end > f.start for f in coach(text))


def test_a_blank_field_is_not_embedded_whatever_its_lead_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A page of empty forms coaches each blank field with its lead-in: nothing to flag, so
    # nothing to embed (it would load the model for nothing).
    def no_embedding(texts: object) -> None:
        raise AssertionError("a blank field was embedded")

    monkeypatch.setattr("evenly.core.embed.embed", no_embedding)
    for text in ("", "  ", "\n"):
        for lead_in in ("It happens when ", "and I need ", "Would you be willing to "):
            assert coach(text, lead_in=lead_in) == []


class CountedEmbeddings:
    """Stands in for `evenly.core.embed.embed` and keeps each batch it was asked to embed."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.batches.append(list(texts))
        return np.zeros((len(texts), 384), dtype=np.float32)


def test_a_sentence_a_rule_flags_is_not_embedded(monkeypatch: pytest.MonkeyPatch) -> None:
    # The embedding is most of a call's cost: a rule's flag is enough, so the sentence is never
    # embedded (benchmarks/coach.py measures the time itself).
    counted = CountedEmbeddings()
    monkeypatch.setattr("evenly.core.embed.embed", counted)
    text = "Why is it always me who has to sort out the bins and the recycling every week?"
    assert [f.rule for f in coach(text)] == ["blame"]
    assert counted.batches == []


def test_a_sentence_no_rule_flags_is_embedded_once_and_only_its_first_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted = CountedEmbeddings()
    monkeypatch.setattr("evenly.core.embed.embed", counted)
    coach("Could you grab some bread on the way home?")
    assert counted.batches == [["Could you grab some bread on the way home?"]]
    # However long the text, one sentence of at most MAX_CHARS characters is embedded.
    counted.batches.clear()
    coach("Could you grab some bread? " * 1000, lead_in="and I need ")
    assert len(counted.batches) == 1 and len(counted.batches[0]) == 1
    assert len(counted.batches[0][0]) <= len("and I need ") + MAX_CHARS


# -- the model file and training -----------------------------------------------------------------

SMALL = [
    Example("Stop being so lazy.", True),
    Example("You never lift a finger.", True),
    Example("Thanks for nothing.", True),
    Example("Why do I have to do everything?", True),
    Example("Could you stop by the shop?", False),
    Example("Thanks for cooking tonight.", False),
    Example("I feel tired and I need a rest.", False),
    Example("Why is the boiler so loud?", False),
    Example("You lazy slob.", True),
    Example("We need milk.", False),
]


def test_training_is_deterministic_and_ignores_the_order_of_the_examples() -> None:
    first = train(SMALL, min_count=1).to_csv()
    assert train(SMALL, min_count=1).to_csv() == first
    assert train(list(reversed(SMALL)), min_count=1).to_csv() == first
    # And it learned something: the blaming examples score above the fine ones.
    model = Model.from_csv(first)
    harsh = min(model.probability(e.text) for e in SMALL if e.harsh)
    fine = max(model.probability(e.text) for e in SMALL if not e.harsh)
    assert harsh > fine


def test_the_model_file_round_trips_to_the_same_bytes() -> None:
    text = (DATA / MODEL_FILE).read_text(encoding="utf-8")
    assert Model.from_csv(text).to_csv() == text
    assert shipped().to_csv() == text
    names = [line.split(",", 1)[0] for line in text.splitlines()[4:]]
    # The embedding's weights first, in their order, then the other features sorted.
    dims = len(shipped().embedding)
    assert dims == 384 and names[:dims] == [f"e:{i}" for i in range(dims)]
    assert names[dims:] == sorted(names[dims:])


def test_the_shipped_model_is_the_committed_one() -> None:
    digest, name = (DATA / "coach_model.sha256").read_text(encoding="utf-8").split()
    assert name == f"src/evenly/core/data/{MODEL_FILE}"
    assert hashlib.sha256((DATA / MODEL_FILE).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    "text",
    [
        "",
        "feature,weight\n@format,other\n@bias,0\n@threshold,0.5\n",
        "feature,weight\n@format,evenly-coach-model-2\n@bias,0\n@threshold,0.5\nw:x,abc\n",
        "feature,weight\n@format,evenly-coach-model-2\nw:x\n",
        # The embedding's weights with a gap.
        "feature,weight\n@format,evenly-coach-model-2\n@bias,0\n@threshold,0.5\ne:0,1\ne:2,1\n",
    ],
)
def test_a_malformed_model_file_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Model.from_csv(text)


def test_folds_are_stratified() -> None:
    examples = [Example(f"harsh {i}", True) for i in range(10)] + [
        Example(f"fine {i}", False) for i in range(25)
    ]
    fold = stratified_folds(examples, 5)
    for f in range(5):
        assert sum(1 for e, g in zip(examples, fold, strict=True) if g == f and e.harsh) == 2
        assert sum(1 for e, g in zip(examples, fold, strict=True) if g == f and not e.harsh) == 5


GEST = Path(os.environ.get("EVENLY_GEST") or DEFAULT_DEV)


@pytest.mark.skipif(not GEST.is_file(), reason="GEST's dev.csv is not here (set EVENLY_GEST)")
def test_make_coach_model_rebuilds_the_shipped_file_byte_for_byte(tmp_path: Path) -> None:
    out = tmp_path / MODEL_FILE
    subprocess.run(
        [
            sys.executable,
            str(REPO / "tools/coach_model.py"),
            "--gest",
            str(GEST),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert out.read_bytes() == (DATA / MODEL_FILE).read_bytes()


def test_a_part_of_a_sentence_is_read_after_the_words_before_it() -> None:
    # A request typed after "Would you be willing to" is an order by its form, and fine.
    request = "do the dishes on your evenings before bed"
    assert coach(request, lead_in="Would you be willing to ") == []
    assert coach("a clear kitchen to start the day", lead_in="and I need ") == []
    # Blame stays blame, and the mark lies within the text typed, never in the lead-in.
    harsh = "you to stop being a useless slob for once"
    flags = coach(harsh, lead_in="and I need ")
    assert flags and all(0 <= f.start < f.end <= len(harsh) for f in flags)
    unruled = "the dog, who listens better than you"
    flag = learned_flag(unruled, lead_in="It happens when ")
    assert flag is not None and "listens better" in unruled[flag.start : flag.end]
    # The mark starts at a word that carried it, within the typed text ("dog" too: dev5 taught
    # it from comparisons such as "The dog is tidier than you.").
    assert flag.start >= unruled.index("dog")


# -- the sentence's meaning as a whole (its embedding) ------------------------------------------


def test_a_flag_the_meaning_carried_still_names_words_kind_and_a_wording() -> None:
    # No rule and no telling insult: the embedding carries this one more than its words do.
    # ("Did your arms stop working?" was the example until dev5 taught the words more "did"
    # and "stop" that were meant kindly; it now reads as 0.44, below the threshold.)
    text = "Is that what you call tidy?"
    assert rule_flags(text) == []
    reading = read(text)
    assert reading.flagged and reading.whole and reading.shape == "question"
    flag = learned_flag(text)
    assert flag is not None and (flag.start, flag.end) == reading.phrases[0]
    assert "the sentence as a whole reads as a question that is not really a question" in (
        flag.reason
    )
    assert flag.suggestion.startswith("Say the need behind the question")
    german = flag.reason.translated(DE)
    assert "klingt wie eine Frage, die keine echte Frage ist" in german
    assert flag.suggestion.translated(DE).startswith("Sag, was du hinter der Frage brauchst")


def test_a_plain_kind_is_not_named_twice() -> None:
    # Read as a whole it is blame or contempt of no particular shape: "it reads as blame or
    # contempt" after "usually land as blame or contempt" would say nothing new.
    text = "Even a child could load a dishwasher."
    reading = read(text)
    assert reading.flagged and reading.whole and reading.shape == "plain"
    flag = learned_flag(text)
    assert flag is not None and "“Even a child”" in flag.reason
    assert "reads as" not in flag.reason
    assert "klingt wie" not in flag.reason.translated(DE)


# A thank-you no rule knows, held out from training (test5), that the model flags just above
# its threshold: as a couple would read it, a sincere one.
SINCERE = "Thanks for handling the landlord, you were so calm on the phone."


def test_a_flag_near_the_threshold_says_the_coach_is_unsure_and_the_words_may_stay() -> None:
    reading = read(SINCERE)
    assert rule_flags(SINCERE) == [] and reading.flagged
    assert reading.probability < UNSURE_BELOW
    flag = learned_flag(SINCERE)
    assert flag is not None
    assert flag.reason.startswith("The coach is unsure here (")
    assert "keep it as it is" in flag.reason and "learned that" not in flag.reason
    assert flag.suggestion.endswith("(only if it could be heard otherwise)")
    german = flag.reason.translated(DE)
    assert german.startswith("Der Coach ist sich hier nicht sicher (")
    assert "lass ihn so" in german
    assert flag.suggestion.translated(DE).endswith("(nur, falls man es anders verstehen könnte)")


@pytest.mark.parametrize("text", UNRULED)
def test_a_sure_flag_does_not_say_the_coach_is_unsure(text: str) -> None:
    flag = learned_flag(text)
    assert flag is not None and read(text).probability >= UNSURE_BELOW
    assert "unsure" not in flag.reason and "heard otherwise" not in flag.suggestion


def test_a_reading_no_word_carried_marks_the_whole_sentence_and_names_its_kind() -> None:
    # A model that reads only the meaning: no word has a weight, so no phrase can be named.
    from evenly.core.embed import embed

    text = "Oh, is it my turn to do absolutely everything again?"
    direction = embed([text])[0]
    model = Model({}, bias=-1.0, threshold=0.5, embedding=tuple(float(x) for x in direction))
    reading = read(text, model)
    assert reading.flagged and reading.whole and reading.phrases == ()
    other = read("The train to Leeds leaves at nine.", model)
    assert other.probability < reading.probability


def test_the_embedding_weights_round_trip() -> None:
    model = Model({"w:lazy": 1.5}, -0.25, 0.4, (0.125, -0.5, 0.0))
    text = model.to_csv()
    assert "e:0,0.1250\ne:1,-0.5000\ne:2,0.0000\n" in text
    assert Model.from_csv(text) == model


@pytest.mark.parametrize(
    "text",
    [
        # First-person sentences in GEST's manner (written here; GEST's own are not shipped).
        "I always kept the receipts in a folder so the tax return was easy.",
        "I was the one who fixed the boiler when it broke down in January.",
        "I never let the kids see me worry about money.",
        "I cried at the end of the film and didn't care who saw.",
        "I made sure everyone had a packed lunch before the trip.",
        "I refused to give up when the car wouldn't start.",
        "I spent the whole weekend redecorating the spare room.",
        "I told him I could carry the boxes on my own.",
        # Real questions, honest requests and thanks that share words with blame.
        "How do you feel about getting a dog?",
        "Whose turn is it to pick the film tonight?",
        "Did you manage to get any sleep last night?",
        "Thanks ever so much for helping with the move, I couldn't have done it without you.",
        "Would you mind doing the school run on Thursday?",
    ],
)
def test_fine_first_person_sentences_questions_and_thanks_stay_unflagged(text: str) -> None:
    assert coach(text) == []


def test_the_lens_and_the_coach_share_one_embedder() -> None:
    from evenly.core.embed import embedder
    from evenly.core.lens import loaded

    read("Stop being so lazy.")
    assert loaded()[1] is embedder()
