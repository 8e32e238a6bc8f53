"""The command line, as a household and a script would use it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from evenly.cli import main

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "robin-and-sam.toml")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_deal_prints_a_readable_report(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deal", EXAMPLE)
    assert code == 0
    assert "Robin & Sam: a deal of 61 cards" in out
    assert "Robin owns" in out and "Sam owns" in out
    assert "Balance" in out and "| marks the target" in out
    assert "Envy-free up to one card" in out
    assert "Shared in turns:" in out
    assert "Solver:" in out


def test_deal_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "deal", EXAMPLE, "--json")
    assert code == 0
    data = json.loads(out)
    for key in (
        "deal",
        "members",
        "max_deviation_minutes",
        "optimal_deviation_minutes",
        "ef1",
        "preference_score",
        "moved_minutes",
        "proven_optimal",
        "reasons",
        "solve_ms",
    ):
        assert key in data
    assert set(data["members"]) == {"Robin", "Sam"}
    assert set(data["members"]["Robin"]) == {"load_minutes", "target_minutes", "deviation_minutes"}
    assert data["deal"]["Bedtime routine"] == ["Robin", "Sam"]
    assert set(data["reasons"]) == set(data["deal"])
    assert data["max_deviation_minutes"] <= 15


def test_check_says_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", EXAMPLE)
    assert code == 0 and "OK" in out and "61 cards" in out


def test_bad_file_exits_2_with_every_problem_and_no_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "home.toml"
    bad.write_text(
        'name = "H"\n[[members]]\nname = "Robin"\n'
        '[[responsibilities]]\ncatalog = "laundry"\ncadence = "sometimes"\nowner = "Sam"\n'
    )
    for command in ("deal", "check"):
        code, out, err = run(capsys, command, str(bad))
        assert code == 2
        assert out == ""
        assert "2 problems in" in err
        assert 'card "Laundry", field cadence' in err
        assert 'card "Laundry", field owner' in err
        assert "Traceback" not in err


def test_missing_file_and_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "deal", "/nonexistent/home.toml")
    assert code == 2 and "no such file" in err
    # Usage errors are returned as the status, not raised, so a caller in-process sees 2.
    assert main(["deal"]) == 2
    assert main(["frobnicate"]) == 2


def test_catalog_lists_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "catalog")
    assert code == 0 and "Laundry & clothes" in out and "done means:" in out
    code, out, _ = run(capsys, "catalog", "--category", "pets", "--json")
    rows = json.loads(out)
    assert rows and {r["category"] for r in rows} == {"Pets"}
    code, _, err = run(capsys, "catalog", "--category", "Dragons")
    assert code == 2 and "the categories are" in err


def test_new_writes_a_valid_starter_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "home.toml"
    code, out, _ = run(
        capsys, "new", str(path), "--members", "Robin, Sam", "--fairness", "total-work"
    )
    assert code == 0 and path.exists() and "catalog cards" in out
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    before = path.read_text()
    code, _, err = run(capsys, "new", str(path), "--members", "Kai")
    assert code == 2 and "already exists" in err
    assert path.read_text() == before
    code, _, _ = run(capsys, "new", str(path), "--members", "Kai", "--force", "--category", "Pets")
    assert code == 0 and "Kai" in path.read_text()


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ("Robin,,Sam", "separated by commas"),
        ("Robin,Robin", "twice"),
        (",".join("ABCDEFGHI"), "1 to 8"),
    ],
)
def test_new_validates_members(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], members: str, message: str
) -> None:
    code, _, err = run(capsys, "new", str(tmp_path / "h.toml"), "--members", members)
    assert code == 2 and message in err
    assert not (tmp_path / "h.toml").exists()


def test_the_installed_command_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "evenly.cli", "deal", EXAMPLE, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["deal"]


def test_a_redeal_lists_what_moved(capsys: pytest.CaptureFixture[str]) -> None:
    redeal = EXAMPLE.replace("robin-and-sam.toml", "robin-and-sam-new-job.toml")
    code, out, _ = run(capsys, "deal", redeal)
    assert code == 0
    assert "Moved from the deal in force:" in out
    assert " moves from " in out
    code, out, _ = run(capsys, "deal", redeal, "--json")
    data = json.loads(out)
    assert data["moves"] and data["moved_minutes"] > 0
    assert all(move["from"] != move["to"] for move in data["moves"])


def test_progress_names_each_solver_phase() -> None:
    from evenly.core.deal import propose_deal
    from evenly.core.household_file import load_household

    phases: list[str] = []
    propose_deal(load_household(EXAMPLE), progress=phases.append)
    assert phases and all(isinstance(p, str) and p for p in phases)


# -- evenly coach -----------------------------------------------------------------------------


def test_coach_marks_the_span_under_the_text(capsys: pytest.CaptureFixture[str]) -> None:
    text = "I feel hurt, and honestly you never listen."
    code, out, _ = run(capsys, "coach", text)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "1. Always / never: \u201cyou never\u201d"
    text_line, caret_line = lines[1], lines[2]
    assert text_line.strip() == text
    start = text_line.index("you never")
    assert caret_line.index("^") == start
    assert caret_line.rstrip() == " " * start + "^" * len("you never")
    assert "Why: " in out and "Try: " in out
    assert "1 thing to soften" in out


def test_coach_quotes_the_span_of_a_long_text(capsys: pytest.CaptureFixture[str]) -> None:
    text = "I feel tired. " * 20 + "Whatever."
    code, out, _ = run(capsys, "coach", text)
    assert code == 0
    assert "Shutting the talk down: \u201cWhatever\u201d" in out
    assert "^" not in out


def test_coach_says_so_when_there_is_nothing_to_soften(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "coach", "I feel tired when the dishes pile up.")
    assert code == 0
    assert "Nothing to soften" in out


def test_coach_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    text = "You're the dad, you should know. Whatever."
    code, out, _ = run(capsys, "coach", text, "--json")
    assert code == 0
    flags = json.loads(out)
    assert [f["rule"] for f in flags] == ["gender_script", "should", "stonewalling"]
    for flag in flags:
        assert set(flag) == {"rule", "start", "end", "reason", "suggestion"}
    assert [text[f["start"] : f["end"]] for f in flags] == [
        "You're the dad",
        "you should",
        "Whatever",
    ]
    code, out, _ = run(capsys, "coach", "Thanks for the tea.", "--json")
    assert code == 0 and json.loads(out) == []


def test_coach_reads_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("You never help with the kids.\n"))
    code, out, _ = run(capsys, "coach", "-", "--json")
    assert code == 0
    assert {f["rule"] for f in json.loads(out)} == {"absolute", "gender_script"}


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_coach_without_text_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, text: str
) -> None:
    import io

    code, out, err = run(capsys, "coach", text)
    assert code == 2 and out == ""
    assert err == "evenly: nothing to coach: give a sentence\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, _, err = run(capsys, "coach", "-")
    assert code == 2 and "nothing to coach" in err


# -- evenly event -----------------------------------------------------------------------------


def test_event_help_lists_every_life_event(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["event", "--help"]) == 0
    out = capsys.readouterr().out
    for key, title in [
        ("new-baby", "A new baby"),
        ("new-job", "A new job"),
        ("job-loss", "Losing a job"),
        ("illness", "An illness"),
        ("caring-for-parent", "Caring for a parent"),
        ("moving", "Moving home"),
        ("new-pet", "A new pet"),
        ("school-start", "Starting school"),
    ]:
        assert f"  {key} " in out and title in out


def test_event_deals_first_then_redeals(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "event", EXAMPLE, "new-baby")
    assert code == 0, err
    assert "has no deal in force" in out and "dealt it first" in out
    assert (
        "Adds 3 cards: Night feeds and wakings, Nappies and the changing bag, Bottles and baby food"
        in out
    )
    assert "cards move" in out
    assert "Night feeds and wakings: new -> " in out
    assert "before " in out and "after " in out and "(target " in out
    assert "Robin: 38 h paid + " in out and "of 98 h: " in out


def test_event_on_a_deal_in_force_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    redeal = EXAMPLE.replace("robin-and-sam.toml", "robin-and-sam-new-job.toml")
    code, out, _ = run(
        capsys, "event", redeal, "illness", "--member", "Robin", "--until", "2026-06-12", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert {"event", "changes", "moves", "minutes_delta", "fits"} <= set(data)
    assert data["event"]["key"] == "illness" and data["event"]["until"] == "2026-06-12"
    assert data["note"] is None  # the file has a deal in force
    assert "Robin can carry a quarter of their usual share until 12 June 2026" in data["changes"]
    assert {"card": "Looking after Robin", "from": None, "to": "Sam"} in data["moves"]
    assert set(data["minutes_delta"]) == {"Robin", "Sam"}
    assert [f["member"] for f in data["fits"]] == ["Robin", "Sam"]
    assert all(isinstance(f["fits"], bool) for f in data["fits"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["new-bby"], 'did you mean "new-baby"?'),
        (["new-job", "--member", "Sam"], "new-job needs paid_hours"),
        (["illness", "--member", "Rob"], 'did you mean "Robin"?'),
        (["illness", "--member", "Robin", "--capacity", "lots"], "capacity must be a number"),
        (["moving", "--until", "next week"], "until must be a date written YYYY-MM-DD"),
    ],
)
def test_event_bad_input_exits_2_without_a_traceback(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, "event", EXAMPLE, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_event_on_a_bad_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "event", "/nonexistent/home.toml", "new-baby")
    assert code == 2 and out == "" and "no such file" in err
