"""`manage.py backup` and `manage.py restore`, run the way an operator runs them: as commands
in their own processes, on SQLite and (when DATABASE_URL names one) on PostgreSQL."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from evenly.web.backup import sqlite_copy

REPO = Path(__file__).resolve().parents[2]
BASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = BASE_URL.startswith(("postgres://", "postgresql://"))


def manage(*args: str, database: str) -> subprocess.CompletedProcess[str]:
    """manage.py in a fresh process on ``database``: an SQLite path or a PostgreSQL URL."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SQLITE_PATH")}
    env |= {"DEBUG": "1", "DB_CONN_MAX_AGE": "0"}
    if database.startswith("postgres"):
        env["DATABASE_URL"] = database
    else:
        env["SQLITE_PATH"] = database
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def refused(result: subprocess.CompletedProcess[str], words: str) -> None:
    """Exit code 2 and one plain line, no traceback."""
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert words in lines[0], lines[0]


def dumpdata(database: str) -> str:
    return ok(manage("dumpdata", "--indent", "1", database=database))


# --- databases -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_home(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An SQLite database with the demo household and its history."""
    path = str(tmp_path_factory.mktemp("sqlite") / "evenly.sqlite3")
    ok(manage("migrate", "--noinput", database=path))
    ok(manage("demo", database=path))
    return path


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(BASE_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _pg_drop(name: str) -> None:
    """Drop a database this test made. FORCE ends our own leftover connections; a process of
    another role (autovacuum on a shared server) may refuse that, so wait and drop plainly."""
    import psycopg

    try:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    except psycopg.errors.InsufficientPrivilege:
        pass
    for _ in range(20):
        try:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(0.5)
    warnings.warn(f"could not drop the test database {name}; drop it by hand", stacklevel=2)


@pytest.fixture
def pg_databases() -> Iterator[tuple[str, str]]:
    """Two new PostgreSQL databases, named after the one in DATABASE_URL and unique to this run
    (so a database left by an earlier run on a shared server is never in the way), dropped
    afterwards."""
    base, _, name = BASE_URL.rpartition("/")
    run = uuid.uuid4().hex[:10]
    names = [f"{name}_backup_{run}_src", f"{name}_backup_{run}_dst"]
    for n in names:
        _pg_admin(f'CREATE DATABASE "{n}"')
    try:
        yield f"{base}/{names[0]}", f"{base}/{names[1]}"
    finally:
        for n in names:
            _pg_drop(n)


needs_postgres = pytest.mark.skipif(not ON_POSTGRES, reason="DATABASE_URL names no PostgreSQL")


# --- round trips ---------------------------------------------------------------------------


def test_sqlite_backup_and_restore_give_back_every_row(sqlite_home: str, tmp_path: Path) -> None:
    before = dumpdata(sqlite_home)
    assert '"model": "week.logentry"' in before
    file = tmp_path / "evenly-2026-12-05.backup"
    out = ok(manage("backup", str(file), database=sqlite_home))
    assert str(file) in out and ("kB" in out or "MB" in out)
    # Into a database that does not exist yet, then migrate, as the README says.
    fresh = str(tmp_path / "fresh.sqlite3")
    assert "Restored" in ok(manage("restore", str(file), database=fresh))
    ok(manage("migrate", "--noinput", database=fresh))
    assert dumpdata(fresh) == before
    # Into a migrated, empty database.
    empty = str(tmp_path / "empty.sqlite3")
    ok(manage("migrate", "--noinput", database=empty))
    ok(manage("restore", str(file), database=empty))
    assert dumpdata(empty) == before


@needs_postgres
def test_postgres_backup_and_restore_give_back_every_row(
    pg_databases: tuple[str, str], tmp_path: Path
) -> None:
    source, target = pg_databases
    ok(manage("migrate", "--noinput", database=source))
    ok(manage("demo", database=source))
    before = dumpdata(source)
    file = tmp_path / "evenly.backup"
    assert str(file) in ok(manage("backup", str(file), database=source))
    assert file.read_bytes().startswith(b"PGDMP")
    refused(manage("restore", str(file), database=source), "already holds Evenly data")
    ok(manage("migrate", "--noinput", database=target))
    ok(manage("restore", str(file), database=target))
    ok(manage("migrate", "--noinput", database=target))
    assert dumpdata(target) == before


@needs_postgres
def test_postgres_restore_into_a_new_database(
    pg_databases: tuple[str, str], tmp_path: Path
) -> None:
    source, target = pg_databases
    ok(manage("migrate", "--noinput", database=source))
    ok(manage("demo", database=source))
    file = tmp_path / "evenly.backup"
    ok(manage("backup", str(file), database=source))
    ok(manage("restore", str(file), database=target))  # not even migrated
    ok(manage("migrate", "--noinput", database=target))
    assert dumpdata(target) == dumpdata(source)


# --- refusals ------------------------------------------------------------------------------


def test_restore_never_overwrites_a_household(sqlite_home: str, tmp_path: Path) -> None:
    file = tmp_path / "b"
    ok(manage("backup", str(file), database=sqlite_home))
    before = dumpdata(sqlite_home)
    refused(manage("restore", str(file), database=sqlite_home), "already holds Evenly data")
    assert dumpdata(sqlite_home) == before


def test_bad_files_get_one_clear_line(sqlite_home: str, tmp_path: Path) -> None:
    empty = str(tmp_path / "empty.sqlite3")
    refused(manage("restore", str(tmp_path / "nope"), database=empty), "does not exist")
    junk = tmp_path / "junk.backup"
    junk.write_text("not a backup")
    refused(manage("restore", str(junk), database=empty), "is not an Evenly backup")
    refused(manage("restore", str(tmp_path), database=empty), "is a folder")
    other = tmp_path / "other.sqlite3"
    sqlite3.connect(other).execute("create table t (x)").connection.commit()
    refused(manage("restore", str(other), database=empty), "not one of Evenly's")
    pg_dump = tmp_path / "pg.backup"
    pg_dump.write_bytes(b"PGDMP" + b"\0" * 100)
    refused(manage("restore", str(pg_dump), database=empty), "is a PostgreSQL backup")
    existing = tmp_path / "existing.backup"
    existing.write_text("keep me")
    refused(manage("backup", str(existing), database=sqlite_home), "already exists")
    assert existing.read_text() == "keep me"
    refused(manage("backup", str(tmp_path / "no" / "b"), database=sqlite_home), "does not exist")
    refused(manage("backup", "/sys/evenly.backup", database=sqlite_home), "cannot write")


@needs_postgres
def test_a_missing_pg_dump_is_one_clear_line(pg_databases: tuple[str, str], tmp_path: Path) -> None:
    source, _ = pg_databases
    ok(manage("migrate", "--noinput", database=source))
    env_path = os.environ.get("PATH", "")
    try:
        os.environ["PATH"] = str(tmp_path)  # manage() passes it on; python is named in full
        refused(manage("backup", str(tmp_path / "b"), database=source), "pg_dump is not installed")
    finally:
        os.environ["PATH"] = env_path
    assert not (tmp_path / "b").exists()


# --- consistency while the app writes ------------------------------------------------------


def test_an_sqlite_backup_taken_during_writes_is_consistent(tmp_path: Path) -> None:
    """A writer commits pairs of rows; every backup taken meanwhile holds whole pairs only."""
    live = tmp_path / "live.sqlite3"
    db = sqlite3.connect(live)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("create table pair (n integer, half integer)")
    db.commit()
    db.close()
    stop = threading.Event()

    def write() -> None:
        conn = sqlite3.connect(live, timeout=30, isolation_level=None)
        n = 0
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("insert into pair values (?, 0)", (n,))
            conn.execute("insert into pair values (?, 1)", (n,))
            conn.execute("COMMIT")
            n += 1
        conn.close()

    writer = threading.Thread(target=write)
    writer.start()
    counts = []
    try:
        while not _rows(live):
            time.sleep(0.01)
        for i in range(20):
            copy = tmp_path / f"copy{i}.sqlite3"
            sqlite_copy(live, copy)
            check = sqlite3.connect(copy)
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            rows, pairs = check.execute("select count(*), count(distinct n) from pair").fetchone()
            check.close()
            assert rows == 2 * pairs
            counts.append(rows)
    finally:
        stop.set()
        writer.join()
    assert counts[-1] > counts[0] > 0, "the writer was not writing while the backups ran"


def _rows(path: Path) -> int:
    conn = sqlite3.connect(path, timeout=30)
    try:
        return int(conn.execute("select count(*) from pair").fetchone()[0])
    finally:
        conn.close()


@needs_postgres
def test_a_postgres_backup_taken_during_writes_is_consistent(
    pg_databases: tuple[str, str], tmp_path: Path
) -> None:
    import psycopg

    source, _ = pg_databases
    ok(manage("migrate", "--noinput", database=source))
    with psycopg.connect(source, autocommit=True) as conn:
        conn.execute("create table pair (n integer, half integer)")
    stop = threading.Event()

    def write() -> None:
        with psycopg.connect(source) as conn:
            n = 0
            while not stop.is_set():
                with conn.transaction():
                    conn.execute("insert into pair values (%s, 0)", (n,))
                    conn.execute("insert into pair values (%s, 1)", (n,))
                n += 1

    writer = threading.Thread(target=write)
    writer.start()
    counts = []
    try:
        time.sleep(0.5)
        for i in range(4):
            file = tmp_path / f"b{i}"
            ok(manage("backup", str(file), database=source))
            data = subprocess.run(
                ["pg_restore", "--data-only", "--table=pair", "--file=-", str(file)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            body = data.split("FROM stdin;\n", 1)[1].split("\\.\n", 1)[0]
            rows = [line.split("\t") for line in body.splitlines()]
            numbers = [int(n) for n, _ in rows]
            assert len(rows) == 2 * len(set(numbers))
            counts.append(len(rows))
    finally:
        stop.set()
        writer.join()
    assert counts[-1] > counts[0] > 0
