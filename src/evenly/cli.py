"""The command line: `evenly deal`, `evenly check`, `evenly catalog`, `evenly new`, `evenly demo`,
`evenly coach`, `evenly event`, `evenly lens`.

Only `evenly demo` needs Django; it sets it up itself, so the others run without it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import textwrap
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

from evenly.core import bounds
from evenly.core.catalog import CATEGORIES, catalog_cards, find_category
from evenly.core.coach import Flag, coach, rule_named
from evenly.core.deal import Deal, propose_deal
from evenly.core.household_file import (
    HouseholdFileError,
    load_household,
    printable,
    starter_household,
)
from evenly.core.life_events import (
    OPTIONS,
    TEMPLATES,
    EventChange,
    LifeEventError,
    RedealDiff,
    deal_in_force,
    event_apply,
    event_redeal,
    with_deal_in_force,
)
from evenly.core.model import FairnessBasis, Household
from evenly.core.reasons import format_minutes
from evenly.core.units import minutes_json
from evenly.core.week_fit import WEEK_FOR_COMMITMENTS_HOURS, WeekFit, home_minutes_of, week_fit

EXIT_BAD_INPUT = 2
MAX_NAME = bounds.MAX_NAME_CHARS
EXIT_INTERRUPTED = 130
# Set to see the traceback of an unexpected error instead of its one-line summary.
TRACEBACK_ENV = "EVENLY_TRACEBACK"
# Starts the line printed for an unexpected error; tests look for it to find real bugs.
UNEXPECTED = "evenly: unexpected error"
_DURATION = re.compile(r"\d+ h \d\d|\d+ h|\d+ min")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"evenly: {printable(message)}\n")


class _BadArguments(Exception):
    """Arguments out of bounds: one message per problem, printed one a line."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = tuple(problems)


def _say(message: str) -> None:
    print(f"evenly: {printable(message)}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return its exit status (0 fine, 2 bad input or an error).

    Whatever the arguments and files hold, a problem is one line on standard error and exit
    status 2, never a traceback. An unexpected error (a bug) is said in one line starting
    with :data:`UNEXPECTED`; set ``EVENLY_TRACEBACK=1`` to see its traceback instead.
    """
    try:
        return _main(argv)
    except SystemExit as done:  # argparse: --help (0) and usage errors (2)
        return done.code if isinstance(done.code, int) else EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("evenly: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `evenly catalog | head`: the reader has gone, so stop quietly
        _silence_stdout()
        return 0
    except Exception as err:
        if os.environ.get(TRACEBACK_ENV):
            raise
        try:
            detail = printable(f"{type(err).__name__}: {err}", max_chars=200)
        except Exception:  # even str(err) can fail (a huge int)
            detail = type(err).__name__
        print(
            f"{UNEXPECTED} ({detail}); this is a bug in Evenly, please report it "
            f"(set {TRACEBACK_ENV}=1 to see the details)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


def _silence_stdout() -> None:
    """Point standard output at /dev/null so flushing at exit does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (tests)
        pass


def _check_arguments(argv: Sequence[str]) -> None:
    """Refuse over-long arguments before argparse or anything else looks at them."""
    long = [a for a in argv if len(a) > bounds.MAX_ARGUMENT_CHARS]
    if long:
        raise _BadArguments(
            [
                f"an argument has {len(a):,} characters; at most {bounds.MAX_ARGUMENT_CHARS:,}"
                for a in long[:3]
            ]
        )


def _main(argv: Sequence[str] | None) -> int:
    parser = _Parser(
        prog="evenly", description="Share the work of a home by skill, interest and time."
    )
    sub = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    p = sub.add_parser("deal", help="propose a fair deal for a household file")
    p.add_argument("file", help="the household file (TOML)")
    p.add_argument("--json", action="store_true", help="print the deal as JSON")

    p = sub.add_parser("check", help="check a household file and say what is wrong")
    p.add_argument("file", help="the household file (TOML)")

    p = sub.add_parser("catalog", help="list the built-in responsibilities")
    p.add_argument("--category", help='only this category, e.g. "Laundry & clothes"')
    p.add_argument("--json", action="store_true", help="print the cards as JSON")

    p = sub.add_parser("new", help="write a starter household file from the catalog")
    p.add_argument("file", help="where to write it (an existing file is kept unless --force)")
    p.add_argument(
        "--members", required=True, help='the members\' names, comma-separated: "Robin,Sam"'
    )
    p.add_argument("--name", help="the household's name (default: the members' names)")
    p.add_argument(
        "--fairness",
        default=FairnessBasis.EQUAL.value,
        choices=[b.value for b in FairnessBasis],
        help="how targets are set (default: equal)",
    )
    p.add_argument(
        "--category",
        action="append",
        default=[],
        help="only cards of this category (repeat for several; default: every card)",
    )
    p.add_argument("--force", action="store_true", help="overwrite an existing file")

    sub.add_parser(
        "demo",
        help="load the demo household into the web app's database and print the logins",
        description="Load (or reload) the demo household: Robin & Sam, about 60 rated cards, "
        "an accepted deal and 8 weeks of history. Uses the web app's settings (set DEBUG=1 "
        "locally); run `python manage.py migrate` first.",
    )

    p = sub.add_parser(
        "coach",
        help="mark wording in a check-in sentence that tends to hurt, with a gentler one",
        description="Mark the words of a check-in sentence that tend to hurt (always/never, "
        'blame, contempt, defensiveness, shutting down, "you should", mind reading, gender '
        "scripts), say why, and suggest a gentler wording. Flags are advice: the exit status "
        "is 0 either way.",
    )
    p.add_argument("text", help='the sentence(s) to coach; "-" reads them from standard input')
    p.add_argument("--json", action="store_true", help="print the flags as JSON")

    p = sub.add_parser(
        "lens",
        help="say which GEST gender stereotype each sentence echoes, with a probability",
        description="Read one sentence a line and say which of GEST's 16 gender stereotypes it "
        "most likely echoes (best, 1-16), the model's probability, and the stereotype again if "
        "the lens is sure enough (else none). Blank lines are skipped; a line over "
        f"{bounds.MAX_LENS_SENTENCE_CHARS} characters stops the run with exit status 2.",
    )
    p.add_argument("text", help='a sentence; "-" reads one sentence a line from standard input')
    p.add_argument("--json", action="store_true", help="print one JSON object a line")

    width = max(len(key) for key in TEMPLATES)
    events = [
        textwrap.fill(
            f"{t.title}: {t.description[:1].lower()}{t.description[1:]}",
            width=79,
            initial_indent=f"  {key:<{width}}  ",
            subsequent_indent=" " * (width + 4),
        )
        for key, t in TEMPLATES.items()
    ]
    p = sub.add_parser(
        "event",
        help="apply a life event to a household file and propose the re-deal",
        description=textwrap.fill(
            "Apply a life event (a new baby, a new job, an illness...) to a household file, "
            "propose the re-deal that moves the fewest minutes of work from the deal in force "
            "(the cards' current owners), and say whether each member's week still fits. A "
            "file without current owners is dealt first and re-dealt from that deal.",
            width=79,
        ),
        epilog="life events (TEMPLATE):\n" + "\n".join(events),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", help="the household file (TOML)")
    p.add_argument("template", metavar="TEMPLATE", help="the life event, such as new-baby")
    p.add_argument("--member", help="the member it concerns (new-job, job-loss, illness, ...)")
    p.add_argument("--paid-hours", metavar="H", help="paid hours a week from now on (new-job)")
    p.add_argument(
        "--capacity", metavar="C", help="the part of their usual share they carry: 0 to 1, or 1/4"
    )
    p.add_argument("--until", metavar="YYYY-MM-DD", help="when the event ends")
    p.add_argument("--starts", metavar="YYYY-MM-DD", help="when the event starts")
    p.add_argument("--json", action="store_true", help="print the changes and the re-deal as JSON")

    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        _check_arguments(arguments)
    except _BadArguments as err:
        for message in err.problems:
            _say(message)
        return EXIT_BAD_INPUT
    args = parser.parse_args(arguments)
    handler = {
        "deal": _deal,
        "check": _check,
        "catalog": _catalog,
        "new": _new,
        "demo": _demo,
        "coach": _coach,
        "event": _event,
        "lens": _lens,
    }[args.command]
    try:
        return handler(args)
    except HouseholdFileError as err:
        count = len(err.problems)
        source = printable(err.source)
        print(f"evenly: {count} problem{'s' if count != 1 else ''} in {source}:", file=sys.stderr)
        for problem in err.problems:
            print("  " + problem.describe(source), file=sys.stderr)
        return EXIT_BAD_INPUT
    except (LifeEventError, _BadArguments) as err:
        for message in err.problems:
            _say(message)
        return EXIT_BAD_INPUT


def _deal(args: argparse.Namespace) -> int:
    household = load_household(args.file)
    progress = _progress_line() if sys.stderr.isatty() else None
    deal = propose_deal(household, progress=progress)
    if progress is not None:
        sys.stderr.write("\r\033[K")  # clear the progress line
    if args.json:
        print(json.dumps(deal.to_json(), indent=2, ensure_ascii=False))
    else:
        print(render_report(deal))
    return 0


def _event(args: argparse.Namespace) -> int:
    household = load_household(args.file)
    options: dict[str, Any] = {
        "member": args.member,
        "paid_hours": args.paid_hours,
        "capacity": args.capacity,
        "until": args.until,
        "starts": args.starts,
    }
    assert set(options) == set(OPTIONS)
    event_apply(household, args.template, **options)  # check the options before dealing
    note = ""
    if not household.is_redeal:
        # No deal in force to move from: deal the household as it is, and re-deal from that.
        household = with_deal_in_force(household, propose_deal(household))
        note = (
            f"{printable(args.file)} has no deal in force (no card names a current owner), "
            "so Evenly dealt it first and re-dealt from that deal."
        )
    before = deal_in_force(household)
    change, changed, deal, diff = event_redeal(household, args.template, **options)
    fits = week_fit(changed, home_minutes_of(deal))
    if args.json:
        print(
            json.dumps(
                _event_json(change, diff, before, deal, fits, note), indent=2, ensure_ascii=False
            )
        )
    else:
        print(render_event(change, diff, before, deal, fits, note))
    return 0


def _owner_text(who: str | tuple[str, ...] | None) -> str:
    if who is None:
        return "new"
    return " and ".join(who) + " in turns" if isinstance(who, tuple) else who


def render_event(
    change: EventChange,
    diff: RedealDiff,
    before: Deal | None,
    after: Deal,
    fits: Sequence[WeekFit],
    note: str = "",
) -> str:
    """A life event as a person reads it: what changes, the re-deal, loads and each week's fit."""
    h = after.household
    cards = {card.name: card for card in h.responsibilities}
    title = f"{h.name}: {change.title.lower()}"
    out = [title, "=" * len(title)]
    if note:
        out.append(note)
    out += ["", "What changes:"]
    out += [f"  {line}" for line in change.describe()]
    out += ["", f"The re-deal: {diff.summary()}."]
    for card, frm, to in diff.moves:
        weekly = ""
        if isinstance(to, str):
            weekly = f" ({format_minutes(cards[card].weekly_minutes(to))} a week)"
        out.append(f"  {card}: {_owner_text(frm)} -> {_owner_text(to)}{weekly}")
    out += ["", "Loads (each member's own minutes a week, against their target):"]
    was = {m.name: m for m in before.certificate.members} if before is not None else {}
    width = max(len(m.name) for m in after.certificate.members)
    for m in after.certificate.members:
        old = was.get(m.name)
        then = (
            f"before {format_minutes(old.load_minutes)} (target "
            f"{format_minutes(old.target_minutes)}), "
            if old is not None
            else ""
        )
        out.append(
            f"  {m.name:<{width}}  {then}after {format_minutes(m.load_minutes)} "
            f"(target {format_minutes(m.target_minutes)})"
        )
    out += [
        "",
        f"Does each week fit? ({WEEK_FOR_COMMITMENTS_HOURS} h a week for paid work, home work "
        "and time of one's own)",
    ]
    out += [f"  {fit.sentence()}" for fit in fits]
    return "\n".join(out)


def _event_json(
    change: EventChange,
    diff: RedealDiff,
    before: Deal | None,
    after: Deal,
    fits: Sequence[WeekFit],
    note: str,
) -> dict[str, object]:
    def owner(who: str | tuple[str, ...] | None) -> str | list[str] | None:
        return list(who) if isinstance(who, tuple) else who

    was = {m.name: m for m in before.certificate.members} if before is not None else {}
    return {
        "event": {
            "key": change.key,
            "title": change.title,
            "member": change.member,
            "until": change.until.isoformat() if change.until else None,
            "starts": change.starts.isoformat() if change.starts else None,
        },
        "note": note or None,
        "changes": change.describe(),
        "summary": diff.summary(),
        "moves": [{"card": c, "from": owner(f), "to": owner(t)} for c, f, t in diff.moves],
        "minutes_delta": {name: minutes_json(d) for name, d in diff.minutes_delta.items()},
        "loads": {
            m.name: {
                "before_minutes": minutes_json(was[m.name].load_minutes) if m.name in was else None,
                "before_target_minutes": (
                    minutes_json(was[m.name].target_minutes) if m.name in was else None
                ),
                "after_minutes": minutes_json(m.load_minutes),
                "after_target_minutes": minutes_json(m.target_minutes),
            }
            for m in after.certificate.members
        },
        "fits": [
            {
                "member": fit.member,
                "paid_minutes": minutes_json(fit.paid_minutes),
                "home_minutes": minutes_json(fit.home_minutes),
                "personal_minutes": minutes_json(fit.personal_minutes),
                "available_minutes": minutes_json(fit.available_minutes),
                "spare_minutes": minutes_json(fit.spare),
                "fits": fit.fits,
                "sentence": fit.sentence(),
            }
            for fit in fits
        ],
    }


def _progress_line() -> Callable[[str], None]:
    """Show the solver's current phase on one terminal line (the caller clears it)."""
    started = time.perf_counter()

    def show(phase: str) -> None:
        elapsed = time.perf_counter() - started
        sys.stderr.write(f"\r\033[Kdealing: {phase} ({elapsed:.1f} s)")
        sys.stderr.flush()

    return show


def _check(args: argparse.Namespace) -> int:
    household = load_household(args.file)
    print(printable(f"{args.file}: OK. {_summary(household)}"))
    return 0


def _summary(household: Household) -> str:
    rot = sum(1 for c in household.responsibilities if c.rotate)
    locked = sum(1 for c in household.responsibilities if c.owner)
    return (
        f'"{household.name}": {_count(len(household.members), "member")}, '
        f"{len(household.responsibilities)} cards ({locked} locked, {rot} rotating), "
        f"fairness {household.fairness.value} ({household.fairness.description})"
        + ("; a re-deal of the deal in force" if household.is_redeal else "")
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _catalog(args: argparse.Namespace) -> int:
    category = None
    if args.category is not None:
        category = find_category(args.category)
        if category is None:
            _say(f'no category "{args.category}"; the categories are: ' + ", ".join(CATEGORIES))
            return EXIT_BAD_INPUT
    cards = catalog_cards(category)
    if args.json:
        rows = [
            {
                "key": c.key,
                "name": c.name,
                "category": c.category,
                "cadence": c.cadence.text,
                "minutes": float(c.minutes),
                "mental_minutes": float(c.mental_minutes),
                "standard": c.standard,
                "time_use": c.time_use,
            }
            for c in cards
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    current = None
    for c in cards:
        if c.category != current:
            current = c.category
            print(f"\n{current}")
        weekly = format_minutes(c.weekly_minutes())
        print(f"  {c.key:<28} {c.name:<38} {c.cadence.text:<16} {weekly:>8}/week")
        print(f"  {'':<28} done means: {c.standard}")
    print(f'\n{len(cards)} cards. Use a key as catalog = "KEY" in a household file.')
    return 0


def _new(args: argparse.Namespace) -> int:
    members = [m.strip() for m in args.members.split(",")]
    if any(not m for m in members) or not members:
        print(
            'evenly: --members needs names separated by commas, such as "Robin,Sam"',
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    if len(members) > bounds.MAX_MEMBERS:
        print(f"evenly: a household has 1 to {bounds.MAX_MEMBERS} members", file=sys.stderr)
        return EXIT_BAD_INPUT
    problems = [
        f"--members: {problem}"
        for m in members
        if (problem := bounds.text_problem(m, what=f"the name {m!r}", max_chars=MAX_NAME))
    ]
    if args.name is not None:
        problem = bounds.text_problem(
            args.name, what="--name", max_chars=bounds.MAX_HOUSEHOLD_NAME_CHARS
        )
        problems += [problem] if problem else []
    if problems:
        raise _BadArguments(problems)
    if len({bounds.name_key(m) for m in members}) != len(members):
        print(
            "evenly: --members names someone twice (names that differ only in capitals or "
            "spaces are the same name); give each member a different name",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    categories = []
    for text in args.category:
        found = find_category(text)
        if found is None:
            _say(f'no category "{text}"; the categories are: {", ".join(CATEGORIES)}')
            return EXIT_BAD_INPUT
        categories.append(found)
    path = Path(args.file)
    if "\0" in args.file:
        raise _BadArguments(["the file name contains a NUL character"])
    if path.exists() and not args.force:
        _say(f"{path} already exists; choose another name or add --force to replace it")
        return EXIT_BAD_INPUT
    name = args.name.strip() if args.name else " & ".join(members)
    text = starter_household(
        name=name, members=members, fairness=FairnessBasis(args.fairness), categories=categories
    )
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as err:
        _say(f"cannot write {path}: {err.strerror}")
        return EXIT_BAD_INPUT
    count = text.count("[[responsibilities]]")
    shown = printable(str(path))
    print(
        f'Wrote {shown}: {_count(len(members), "member")}, {count} catalog cards, all rated "fine".'
    )
    print(f"Next: rate the cards in it, then run `evenly deal {shown}`.")
    return 0


def _demo(args: argparse.Namespace) -> int:
    # Django is set up only here, so the other commands run without it being configured.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "evenly.web.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        django.setup()
    except ImproperlyConfigured as err:
        print(f"evenly: the web app's settings are not usable: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from evenly.demo import demo_load, pending_migrations

    try:
        pending = pending_migrations()
        if pending:
            print(
                f"evenly: the database lacks {_count(len(pending), 'migration')}; "
                "run `python manage.py migrate` first",
                file=sys.stderr,
            )
            return EXIT_BAD_INPUT
        result = demo_load(progress=lambda line: print(line, file=sys.stderr))
    except DatabaseError as err:
        print(f"evenly: the database said: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(result.summary())
    return 0


def _coach(args: argparse.Namespace) -> int:
    text = _read_stdin() if args.text == "-" else args.text
    if len(text) > bounds.MAX_COACH_CHARS:
        raise _BadArguments(
            [
                f"the text to coach has {len(text):,} characters; the coach reads at most "
                f"{bounds.MAX_COACH_CHARS:,} at once"
            ]
        )
    if not text.strip():
        print("evenly: nothing to coach: give a sentence", file=sys.stderr)
        return EXIT_BAD_INPUT
    flags = coach(text)
    if args.json:
        print(json.dumps([f.as_dict() for f in flags], indent=2, ensure_ascii=False))
    else:
        print(render_coaching(text, flags))
    return 0


def _lens(args: argparse.Namespace) -> int:
    """One answer a line, printed as each line is read (so a pipe sees answers at once);
    blank lines are skipped, and the first line the lens cannot read stops the run."""
    from evenly.core.lens import STEREOTYPES, LensError, lens_read

    lines = _stdin_lines() if args.text == "-" else iter([(1, args.text)])
    for number, line in lines:
        if not line.strip():
            continue
        try:
            reading = lens_read(line)
        except LensError as err:
            where = f"line {number}: " if args.text == "-" else ""
            raise _BadArguments([f"{where}{err}"]) from None
        if args.json:
            answer = {
                "sentence": reading.sentence,
                "best": reading.best,
                "probability": round(reading.probability, 4),
                "stereotype": reading.stereotype,
            }
            print(json.dumps(answer, ensure_ascii=False), flush=True)
        else:
            echo = (
                f"echoes {reading.stereotype} ({STEREOTYPES[reading.stereotype]})"
                if reading.stereotype is not None
                else f"no clear echo (closest: {reading.best}, {STEREOTYPES[reading.best]})"
            )
            print(f"{printable(reading.sentence)}\n  {echo}, p={reading.probability:.2f}")
    return 0


def _stdin_lines() -> Iterator[tuple[int, str]]:
    """Standard input's lines (numbered from 1, without their line end), each read with a
    bound. Whether a line is a sentence the lens reads is the lens's to say (``lens_read``);
    the bound only keeps a line longer than any such sentence from being read whole."""
    # A line that fills the bound without ending is over the lens's sentence bound whatever its
    # letters: UTF-8 takes at most 4 bytes a character, and the line end at most 2.
    limit = 4 * bounds.MAX_LENS_SENTENCE_CHARS + 2
    stream = getattr(sys.stdin, "buffer", None)
    number = 0
    while True:
        number += 1
        if stream is None:  # replaced by a text stream (tests)
            text = sys.stdin.readline(limit)
            cut = len(text) >= limit and not text.endswith("\n")
        else:
            data = stream.readline(limit)
            # Before decoding: the bound may fall inside a character.
            cut = len(data) >= limit and not data.endswith(b"\n")
            try:
                text = "" if cut else data.decode("utf-8")
            except UnicodeDecodeError:
                raise _BadArguments([f"line {number}: not UTF-8 text"]) from None
        if cut:
            raise _BadArguments(
                [
                    f"line {number}: the sentence is longer than the lens reads (at most "
                    f"{bounds.MAX_LENS_SENTENCE_CHARS} characters a line)"
                ]
            )
        if not text:
            return
        yield number, text.rstrip("\r\n")


def _read_stdin() -> str:
    """Standard input as text, reading no more than the coach could use (4 bytes a character)."""
    limit = 4 * bounds.MAX_COACH_CHARS
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:  # replaced by a text stream (tests)
        return sys.stdin.read(limit + 1)
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _BadArguments(
            [f"standard input holds more than the coach reads at once ({limit:,} bytes)"]
        )
    try:
        return str(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise _BadArguments(["standard input is not UTF-8 text"]) from None


def render_coaching(text: str, flags: list[Flag], *, width: int | None = None) -> str:
    """The coach's flags as a person reads them: each span marked with carets under the text
    (or quoted, when the text is longer than a line), with the reason and a gentler wording."""
    width = width or min(100, shutil.get_terminal_size((100, 24)).columns)
    indent = "   "
    shown = text.strip("\n")
    offset = text.index(shown) if shown else 0
    # Carets line up only under one line of text that fits the terminal.
    one_line = not any(c in shown for c in "\n\r\t") and _columns(shown) + len(indent) <= width
    if not flags:
        return f"{shown}\n\nNothing to soften: this reads as an I-statement."
    wrapper = textwrap.TextWrapper(
        width=width, initial_indent=indent, subsequent_indent=indent + "     "
    )
    out = [] if one_line else [shown, ""]
    for number, flag in enumerate(flags, 1):
        span = text[flag.start : flag.end]
        out.append(f"{number}. {rule_named(flag.rule).title}: \u201c{span}\u201d")
        if one_line:
            out.append(indent + shown)
            before = _columns(text[offset : flag.start])
            out.append(indent + " " * before + "^" * max(1, _columns(span)))
        out += wrapper.wrap("Why: " + flag.reason)
        out += wrapper.wrap("Try: " + flag.suggestion)
        out.append("")
    count = len(flags)
    out.append(
        f"{count} thing{'s' if count != 1 else ''} to soften. These are suggestions; "
        "you know your partner best."
    )
    return "\n".join(out)


def _columns(text: str) -> int:
    """How many terminal columns the text takes: wide characters (CJK, emoji) take two,
    combining marks none."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )


# -- the readable report --------------------------------------------------------------------


def render_report(deal: Deal, *, width: int | None = None) -> str:
    """The deal as a person reads it: cards by owner with reasons, balance bars, the checks."""
    width = width or min(100, shutil.get_terminal_size((100, 24)).columns)
    h, c = deal.household, deal.certificate
    cards = {card.name: card for card in h.responsibilities}
    out: list[str] = []
    title = f"{h.name}: a deal of {len(h.responsibilities)} cards"
    out += [title, "=" * len(title)]
    out.append(
        f"Fairness: {h.fairness.description}; tolerance {format_minutes(h.tolerance_minutes)}."
    )
    if deal.single_member:
        out.append(
            "Only one member: every card is theirs. Balance and envy compare members, "
            "so they start to mean something when a second member joins."
        )
    wrapper = textwrap.TextWrapper(width=width, initial_indent="      ", subsequent_indent="      ")

    def wrap(text: str) -> list[str]:
        # Keep "1 h 05" and "40 min" on one line.
        glued = _DURATION.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
        return [line.replace("\u00a0", " ") for line in wrapper.wrap(glued)]

    loads = {m.name: m for m in c.members}
    for member in h.members:
        mine = deal.cards_of(member.name)
        load = loads[member.name]
        out += ["", f"{member.name}: {len(mine)} cards, {format_minutes(load.load_minutes)} a week"]
        if not mine:
            out.append("  (no cards of their own)")
        for name in mine:
            card = cards[name]
            weekly = format_minutes(card.weekly_minutes(member.name))
            out.append(f"  {name}  ({card.cadence}, {weekly} a week)")
            out += wrap(deal.reasons[name])
    rotations = deal.rotations()
    if rotations:
        out += ["", "Shared in turns:"]
        for name in rotations:
            out.append(f"  {name}  ({cards[name].cadence})")
            out += wrap(deal.reasons[name])

    out += ["", "Balance (each member's own minutes a week; | marks the target)"]
    scale = max(
        [float(m.load_minutes) for m in c.members]
        + [float(m.target_minutes) for m in c.members]
        + [1.0]
    )
    bar_width = max(10, min(40, width - 50))
    name_width = max(len(m.name) for m in c.members)
    for m in c.members:
        filled = round(float(m.load_minutes) / scale * bar_width)
        mark = round(max(0.0, float(m.target_minutes)) / scale * bar_width)
        bar = ["#" if k < filled else " " for k in range(bar_width + 1)]
        if 0 <= mark <= bar_width:
            bar[mark] = "|"
        dev = m.deviation_minutes
        sign = "+" if dev > 0 else "-" if dev < 0 else "±"
        out.append(
            f"  {m.name:<{name_width}} {''.join(bar)} {format_minutes(m.load_minutes)}"
            f" (target {format_minutes(m.target_minutes)}, {sign}{format_minutes(dev)})"
        )
    out.append("")
    verdict = "within tolerance" if c.within_tolerance else "outside tolerance"
    best = format_minutes(c.optimal_deviation_minutes)
    best_note = "" if c.optimal_deviation_proven else " found so far"
    out.append(
        f"Largest deviation: {format_minutes(c.max_deviation_minutes)}, {verdict} "
        f"(the best any deal can do{best_note}: {best})."
    )
    if deal.single_member:
        out.append("Envy-free up to one card: not applicable with one member.")
    elif c.ef1:
        out.append(
            "Envy-free up to one card: yes. Nobody carries more than another, "
            "once their largest card is set aside."
        )
    else:
        why = (
            "no deal this fair can have it"
            if c.ef1_possible is False
            else "the solver found no such deal within its limits"
        )
        failing = [e for e in c.envy if not e.ef1]
        pairs = ", ".join(
            f"{e.member} carries {format_minutes(e.envy_minutes)} more than {e.other}"
            for e in failing
        )
        out.append(f"Envy-free up to one card: no ({why}): {pairs}.")
    out.append(f"Preference score: {c.preference_score} (enjoy +2, like +1, dislike -1, hate -2).")
    if c.redeal:
        if c.moves:
            out.append(
                f"Moved from the deal in force: {format_minutes(c.moved_minutes)} a week "
                f"in {len(c.moves)} cards:"
            )
            for mv in c.moves:
                weekly = format_minutes(mv.minutes)
                out.append(f"  {mv.card}: {mv.from_member} -> {mv.to_member} ({weekly} a week)")
        else:
            out.append("Moved from the deal in force: nothing.")
    proof = (
        "proven optimal"
        if c.proven_optimal
        else "best found within the solver's limits (not proven optimal)"
    )
    out.append(f"Solver: {proof}, {c.solve_ms:.0f} ms.")
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
