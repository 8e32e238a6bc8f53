"""The stereotype lens reads sentences with the shipped model (evenly.core.lens)."""

import pytest

from evenly.core import lens
from evenly.core.bounds import MAX_LENS_SENTENCE_CHARS
from evenly.core.lens import STEREOTYPES, LensError, lens_read, lens_read_many


def test_sixteen_stereotypes_in_gest_order() -> None:
    assert sorted(STEREOTYPES) == list(range(1, 17))
    assert STEREOTYPES[12] == "Men are providers"


def test_a_clear_echo_is_named() -> None:
    reading = lens_read("I always kept an emergency fund in case something happened to us.")
    assert reading.best == 12
    assert reading.stereotype == 12
    assert reading.probability >= lens.loaded()[0].threshold


def test_probabilities_and_threshold_agree() -> None:
    readings = lens_read_many(
        ["I cried at the meeting.", "I fixed the car myself.", "The bus was late on Tuesday."]
    )
    threshold = lens.loaded()[0].threshold
    assert 0.2 <= threshold < 1
    for r in readings:
        assert 0 < r.probability <= 1
        assert r.stereotype == (r.best if r.probability >= threshold else None)


def test_the_same_sentence_reads_the_same_alone_or_in_a_batch() -> None:
    alone = lens_read("I organised the whole trip for my friends.")
    batch = lens_read_many(["I organised the whole trip for my friends.", "I cooked."])[0]
    assert alone.best == batch.best
    assert alone.probability == pytest.approx(batch.probability, abs=1e-3)


def test_the_model_is_loaded_once() -> None:
    assert lens.loaded() is lens.loaded()


@pytest.mark.parametrize("sentence", ["", "   ", "x" * (MAX_LENS_SENTENCE_CHARS + 1)])
def test_empty_or_over_long_sentences_are_refused(sentence: str) -> None:
    with pytest.raises(LensError):
        lens_read(sentence)


def test_a_sentence_with_no_known_word_still_gets_a_reading() -> None:
    reading = lens_read("Zzxq qqv!")
    assert 1 <= reading.best <= 16
