"""The I-statement preview reads as one sentence: no word said twice, no capital mid-sentence."""

from __future__ import annotations

import pytest

from evenly.core.checkin import LEAD_INS, i_statement


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("When you cooked on Tuesday.", "I feel thankful when you cooked on Tuesday."),
        ("when the bins were out", "I feel thankful when the bins were out."),
        ("The bins were out", "I feel thankful when the bins were out."),
        ("I come home to a tidy kitchen", "I feel thankful when I come home to a tidy kitchen."),
        ("Sam cooks", "I feel thankful when Sam cooks."),
        ("Monday comes", "I feel thankful when Monday comes."),
        ("  when:  we   plan together ", "I feel thankful when we plan together."),
    ],
)
def test_the_when_part_is_said_once_and_in_lower_case(when: str, expected: str) -> None:
    assert i_statement(feeling="thankful", when=when) == expected


def test_need_and_request_are_not_doubled_either() -> None:
    text = i_statement(
        feeling="tired",
        when="When the laundry waits",
        need="I need some rest.",
        request="Would you be willing to Take the laundry on Sundays?",
    )
    assert text == (
        "I feel tired when the laundry waits, and I need some rest. "
        "Would you be willing to take the laundry on Sundays?"
    )


def test_the_forms_own_lead_words_typed_again_are_not_doubled() -> None:
    # The form's labels read "when…" and "and I need…": people often type them again.
    assert i_statement(feeling="calm", when="when dinner is planned", need="and I need quiet") == (
        "I feel calm when dinner is planned, and I need quiet."
    )


def test_the_coach_reads_each_part_after_the_frames_own_words() -> None:
    # The coach reads a typed part after its lead-in; the lead-in must end with the words the
    # I-statement says before that part, or the coach reads a sentence nobody will see.
    typed = {"when": "the bins wait", "need": "some rest", "request": "take the bins out"}
    sentence = str(i_statement(feeling="tired", **typed))
    previous = "tired"
    for part, words in typed.items():
        frame = sentence[sentence.index(previous) + len(previous) : sentence.index(words)]
        assert f" {LEAD_INS[part]}".endswith(f" {frame.strip(' ,.?')} "), (part, frame)
        previous = words
