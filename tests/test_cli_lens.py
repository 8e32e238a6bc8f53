"""`evenly lens`: one sentence a line in, one answer a line out."""

import io
import json
import subprocess
import sys

import pytest

from evenly.cli import main
from evenly.core.bounds import MAX_LENS_SENTENCE_CHARS


def run_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str, *args: str
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code = main(["lens", *args, "-"])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_one_object_a_line_blank_lines_skipped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "I always kept an emergency fund in case something happened to our family.\n"
        "\n"
        "I always look gorgeous in photos.\n"
    )
    code, out, err = run_stdin(capsys, monkeypatch, text, "--json")
    assert code == 0, err
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == 2
    assert answers[0]["sentence"].startswith("I always kept an emergency fund")
    for answer in answers:
        assert set(answer) == {"sentence", "best", "probability", "stereotype"}
        assert 1 <= answer["best"] <= 16
        assert 0 < answer["probability"] <= 1
        assert answer["stereotype"] in (None, answer["best"])
    assert answers[0]["best"] == 12  # men are providers
    assert answers[1]["best"] == 7  # women are beautiful


def test_an_unsure_reading_names_no_stereotype(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run_stdin(capsys, monkeypatch, "The bus was late on Tuesday.\n", "--json")
    assert code == 0
    answer = json.loads(out)
    assert answer["stereotype"] is None


def test_an_over_long_line_is_refused_with_its_number(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "I fixed the sink.\n" + "a" * (MAX_LENS_SENTENCE_CHARS + 1) + "\nI cooked.\n"
    code, out, err = run_stdin(capsys, monkeypatch, text, "--json")
    assert code == 2
    assert len(out.splitlines()) == 1  # the first line was answered before the long one
    assert "line 2" in err and str(MAX_LENS_SENTENCE_CHARS) in err
    assert "Traceback" not in err


def test_a_sentence_as_an_argument_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["lens", "I always kept an emergency fund in case something happened to us."])
    out, _ = capsys.readouterr()
    assert code == 0
    assert "Men are providers" in out


def test_a_blank_argument_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lens", "  "]) == 0
    assert capsys.readouterr().out == ""


def test_a_real_pipe_with_bytes_that_are_not_utf8() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "evenly.cli", "lens", "--json", "-"],
        input=b"I cooked dinner.\n\xff\xfe\n",
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert b"line 2: not UTF-8 text" in done.stderr
    assert b"Traceback" not in done.stderr
    assert json.loads(done.stdout.decode().splitlines()[0])["sentence"] == "I cooked dinner."


def test_a_line_longer_than_is_read_is_refused_and_the_rest_unread(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "I fixed the sink.\n" + "a" * (5 * MAX_LENS_SENTENCE_CHARS) + "\nI cooked.\n"
    code, out, err = run_stdin(capsys, monkeypatch, text, "--json")
    assert code == 2
    assert len(out.splitlines()) == 1
    assert "line 2" in err and str(MAX_LENS_SENTENCE_CHARS) in err
    assert "Traceback" not in err


def test_a_long_line_of_four_byte_letters_is_too_long_not_garbled() -> None:
    """The read's bound may fall inside a letter: the line is still said to be too long."""
    done = subprocess.run(
        [sys.executable, "-m", "evenly.cli", "lens", "-"],
        input=("\U0001f600" * (MAX_LENS_SENTENCE_CHARS + 1) + "\n").encode(),
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert b"line 1: the sentence is longer than the lens reads" in done.stderr
    assert b"Traceback" not in done.stderr


def test_a_too_long_argument_is_refused_in_words(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lens", "a" * (MAX_LENS_SENTENCE_CHARS + 1)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert f"{MAX_LENS_SENTENCE_CHARS + 1} characters" in err
    assert f"at most {MAX_LENS_SENTENCE_CHARS}" in err
