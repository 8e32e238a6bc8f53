"""Issue 12: whatever a household file or an argument holds, the command line answers with
exit status 0 or 2 and one line per problem: never a traceback, never minutes of work."""

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from evenly import cli
from evenly.cli import UNEXPECTED, main
from evenly.core import bounds

EXAMPLE = str(Path(__file__).resolve().parents[1] / "examples" / "robin-and-sam.toml")
BASE = 'name = "H"\n[[members]]\nname = "Robin"\n[[members]]\nname = "Sam"\n'
CARD = '[[responsibilities]]\nname = "Laundry"\ncategory = "Laundry"\ncadence = "weekly"\n'


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run a command that must be refused: status 2, nothing on stdout, no traceback."""
    code, out, err = run(capsys, *args)
    assert code == 2, (code, out, err)
    assert out == ""
    assert "Traceback" not in err and UNEXPECTED not in err, err
    return err


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "home.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


# -- the findings, one by one -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "deal"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BASE + CARD + "minutes = 1e308", "field minutes: must be at most 1440 minutes"),
        (BASE + CARD + "minutes = " + "9" * 5000, "cannot read"),
        (BASE + "x = " + "[" * 3000 + "]" * 3000, "nests tables or lists more than 8 deep"),
        (BASE + CARD + "minutes = nan", "must be a finite number"),
        (
            BASE + CARD.replace('"weekly"', '"1000000 per week"') + "minutes = 5",
            "at most 50 times a week",
        ),
        (
            BASE + CARD.replace('"weekly"', '"' + "9" * 30 + ' per week"') + "minutes = 5",
            "at most 50 times a week",
        ),
        (
            BASE + CARD + "minutes = 5\nrotate = [" + '"Robin",' * 5000 + "]",
            "must list two to 8 members",
        ),
        (BASE.replace('"Sam"', '"robin"'), 'member "robin", field name: is used twice'),
        (BASE.replace('"Sam"', '"S\\u001b[2Jam"'), "control or invisible character"),
    ],
)
def test_a_hostile_file_is_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, text: str, expected: str
) -> None:
    err = refused(capsys, command, write(tmp_path, text))
    assert expected in err
    assert "\x1b" not in err


def test_a_file_over_a_megabyte_is_refused_before_it_is_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.toml"
    with big.open("wb") as f:
        f.truncate(50_000_000)  # sparse: no disk used, and reading it would take minutes
    started = time.perf_counter()
    err = refused(capsys, "deal", str(big))
    assert time.perf_counter() - started < 2
    assert "a household file is at most 1,000,000 bytes" in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["new-job", "--member", "Sam", "--paid-hours", "1e999999999"], "paid_hours must be"),
        (["new-job", "--member", "Sam", "--paid-hours", "9" * 40], "paid_hours must be"),
        (["new-job", "--member", "Sam", "--paid-hours", "-1"], "from 0 to 100"),
        (["illness", "--member", "Sam", "--capacity", "7"], "capacity must be"),
        (["moving", "--until", "9999-12-31"], "between the years 2000 and 2100"),
        (["moving", "--starts", "1900-01-01"], "between the years 2000 and 2100"),
        (["moving", "--until", "x" * 20_000], "at most 10,000"),
        (["nope\x1b[2J"], "is not a life event"),
    ],
)
def test_event_arguments_out_of_bounds(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    err = refused(capsys, "event", EXAMPLE, *args)
    assert expected in err
    assert "\x1b" not in err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--members", "Robin,robin"], "names someone twice"),
        (["--members", "Robin, ROBIN "], "names someone twice"),
        (["--members", "Ro\x1bbin,Sam"], "control or invisible character"),
        (["--members", "R" * 41 + ",Sam"], "at most 40"),
        (["--members", ",".join(f"M{i}" for i in range(9))], "1 to 8 members"),
        (["--members", "Robin,Sam", "--name", "H" * 81], "at most 80"),
        (["--members", "Robin,Sam", "--name", "\x00"], "control or invisible character"),
    ],
)
def test_new_refuses_names_out_of_bounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    target = tmp_path / "h.toml"
    assert expected in refused(capsys, "new", str(target), *args)
    assert not target.exists()


def test_a_nul_in_a_file_name_is_a_problem(capsys: pytest.CaptureFixture[str]) -> None:
    assert "not a usable file name" in refused(capsys, "check", "home\x00.toml")
    assert "NUL" in refused(capsys, "new", "h\x00.toml", "--members", "Robin")


def test_coach_reads_bounded_utf8_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Stdin(io.TextIOWrapper):
        pass

    def stdin(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", Stdin(io.BytesIO(data), encoding="utf-8"))

    stdin(b"\xff\xfe not text")
    assert "not UTF-8" in refused(capsys, "coach", "-")
    stdin(b"You always forget. " * 10_000)
    assert "more than the coach reads" in refused(capsys, "coach", "-")
    stdin(b"I feel tired when the dishes wait.")
    code, out, _ = run(capsys, "coach", "-")
    assert code == 0 and "Nothing to soften" in out
    too_long = "x" * (bounds.MAX_ARGUMENT_CHARS + 1)
    assert f"at most {bounds.MAX_ARGUMENT_CHARS:,}" in refused(capsys, "coach", too_long)
    assert "reads at most 5,000" in refused(capsys, "coach", "You never. " * 500)


def test_an_unexpected_error_is_one_line_unless_asked(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_: object) -> int:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(cli, "_check", broken)
    code, out, err = run(capsys, "check", EXAMPLE)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith(UNEXPECTED) and "RuntimeError" in err
    monkeypatch.setenv(cli.TRACEBACK_ENV, "1")
    with pytest.raises(RuntimeError):
        main(["check", EXAMPLE])


def test_a_closed_pipe_ends_quietly() -> None:
    reader = subprocess.Popen(
        [sys.executable, "-m", "evenly.cli", "catalog"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.read(10)
    reader.stdout.close()  # as `| head -1` does
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=30) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err


# -- hostile files, generated ----------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 1, -1, 1e308, -1e308, 10**18, 1440, 1441, 0.5, 100, 101]),
)
TEXTS = st.one_of(
    st.text(max_size=12),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=30, max_size=200),
    st.sampled_from(["Robin", "robin", "ROBIN ", "Sam", "weekly", "laundry", "custom", "enjoy"]),
    st.sampled_from(["1000000 per week", "9" * 30 + " per week", "every 99999 days"]),
    st.builds(lambda c: f"Ro{c}bin", st.sampled_from(["\x1b[2J", "\x00", "\u202e", "\x07"])),
)
LEAVES = st.one_of(NUMBERS, TEXTS, st.booleans(), st.dates())
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=4),
    max_leaves=10,
)
MEMBER = st.fixed_dictionaries(
    {"name": st.sampled_from(["Robin", "Sam", "robin", "Kai"]) | TEXTS},
    optional={
        "paid_hours": NUMBERS,
        "personal_hours": NUMBERS,
        "capacity": NUMBERS,
        "share": NUMBERS,
        "odd": VALUES,
    },
)
RATING = st.fixed_dictionaries(
    {}, optional={"preference": st.sampled_from(["fine", "cannot", "enjoy"]), "minutes": NUMBERS}
)
CARD_DATA = st.fixed_dictionaries(
    {"name": TEXTS},
    optional={
        "catalog": st.sampled_from(["laundry", "dishes", "nope"]),
        "category": TEXTS,
        "cadence": TEXTS,
        "minutes": NUMBERS,
        "mental_minutes": NUMBERS,
        "standard": TEXTS,
        "owner": TEXTS,
        "rotate": st.lists(TEXTS, max_size=12),
        "ratings": st.dictionaries(st.sampled_from(["Robin", "Sam", "robin"]), RATING, max_size=3),
    },
)
HOUSEHOLD = st.fixed_dictionaries(
    {
        "name": TEXTS,
        "members": st.lists(MEMBER, min_size=0, max_size=10),
        "responsibilities": st.lists(CARD_DATA, max_size=5),
    },
    optional={
        "fairness": st.sampled_from(["equal", "custom", "total-work", "free-time", "odd"]),
        "tolerance_minutes": NUMBERS,
        "count_personal_time": st.booleans() | NUMBERS,
        "extra": VALUES,
    },
)


def _toml(data: dict[str, Any]) -> bytes:
    try:
        return tomli_w.dumps(data).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError):  # something TOML cannot hold; its repr is hostile enough
        return repr(data).encode("utf-8", "surrogatepass")


def _near_valid(
    keys: list[str], minutes: object, cadence: object, paid: object, names: tuple[str, str]
) -> dict[str, Any]:
    """A household that is valid but for (perhaps) one value, so `deal` runs the engine too."""
    return {
        "name": "H",
        "members": [{"name": names[0], "paid_hours": paid}, {"name": names[1]}],
        "responsibilities": [
            {"catalog": key, "minutes": minutes, "cadence": cadence} for key in keys
        ],
    }


NEAR_VALID = st.builds(
    _near_valid,
    st.lists(st.sampled_from(["laundry", "dishes", "taxes", "vacuuming"]), max_size=4, unique=True),
    st.sampled_from([5, 30, 1440, 0.5, 45.25]) | NUMBERS,
    st.sampled_from(["weekly", "50 per week", "every 366 days", "daily", "2600 per year"]) | TEXTS,
    st.sampled_from([0, 38, 100, 99.99]) | NUMBERS,
    st.sampled_from([("Robin", "Sam"), ("Robin", "robin"), ("A", "B \u200d")]),
)
HOSTILE_BYTES = st.one_of(
    st.builds(_toml, NEAR_VALID),
    st.builds(_toml, HOUSEHOLD),
    st.binary(max_size=300),
    st.builds(
        lambda d, n: (BASE + "x = " + "[" * n + "]" * n).encode() + d,
        st.binary(),
        st.integers(1, 2000),
    ),
    st.builds(lambda n: (BASE + CARD + "minutes = " + "9" * n).encode(), st.integers(1, 6000)),
    st.builds(lambda t: (BASE + t).encode("utf-8", "surrogatepass"), st.text(max_size=200)),
)


def _hostile_run(command: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "home.toml"
        path.write_bytes(data)
        out, err = io.StringIO(), io.StringIO()
        started = time.perf_counter()
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            code = main([command, str(path)])
        finally:
            sys.stdout, sys.stderr = old
        took = time.perf_counter() - started
    message = err.getvalue()
    assert code in (0, 2), message
    assert "Traceback" not in message and UNEXPECTED not in message, message
    if code == 2:
        assert message.startswith("evenly: ")
        assert "\x1b" not in message and "\x00" not in message
    assert took < 20, f"{command} took {took:.1f} s"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(HOSTILE_BYTES)
@example((BASE + CARD + "minutes = 1e308").encode())
@example(b"\xff\xfe")
def test_check_and_deal_survive_hostile_files(data: bytes) -> None:
    _hostile_run("check", data)
    _hostile_run("deal", data)


@pytest.mark.parametrize(
    "text",
    [
        BASE + CARD + "minutes = 1e308",
        BASE + "x = " + "{a=" * 3000 + "1" + "}" * 3000,
        BASE + CARD + "minutes = " + "9" * 5000,
    ],
)
def test_no_traceback_reaches_the_terminal(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    for command in ("check", "deal"):
        result = subprocess.run(
            [sys.executable, "-m", "evenly.cli", command, path],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert result.stderr.startswith("evenly: 1 problem in ")


def test_control_characters_in_arguments_never_reach_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "\x1b" not in refused(capsys, "catalog", "--category", "\x1b[2J")
    target = tmp_path / "h\x1b[2J.toml"
    err = refused(capsys, "new", str(tmp_path / "x.toml"), "--members", "A", "--category", "\x1b")
    assert "\x1b" not in err
    code, out, _ = run(capsys, "new", str(target), "--members", "Robin,Sam")
    assert code == 0 and "\x1b" not in out
    code, out, _ = run(capsys, "check", str(target))
    assert code == 0 and "\x1b" not in out


def _option(name: str, values: list[str]) -> st.SearchStrategy[list[str]]:
    return st.just([]) | st.builds(lambda v: [name, v], st.sampled_from(values))


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["new-job", "illness", "moving", "new-baby", "nope"]),
    _option("--member", ["Robin", "Sam", "robin", "\x1b"]),
    _option("--paid-hours", ["0", "100", "100.01", "1/3", "1e5", "nan", "inf", "9" * 40]),
    _option("--capacity", ["0", "1", "1/4", "0/0", "1/0", "2", "-1"]),
    _option("--until", ["2026-06-12", "2100-12-31", "9999-12-31", "2026-02-30"]),
    _option("--starts", ["2026-01-01", "1999-12-31"]),
)
def test_event_survives_any_options(
    template: str,
    member: list[str],
    paid: list[str],
    capacity: list[str],
    until: list[str],
    starts: list[str],
) -> None:
    argv = ["event", EXAMPLE, template, *member, *paid, *capacity, *until, *starts]
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(argv)
    finally:
        sys.stdout, sys.stderr = old
    assert code in (0, 2), err.getvalue()
    assert UNEXPECTED not in err.getvalue() and "\x1b" not in err.getvalue()
