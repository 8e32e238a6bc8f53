"""Backups of the whole database, taken while the app runs, and their restore.

SQLite: Python's online backup API copies a consistent snapshot page by page under a read
lock, so writers carry on and the copy is never half a transaction. PostgreSQL: ``pg_dump
--format=custom`` reads in one repeatable-read snapshot; ``pg_restore`` puts it back.

A restore goes only into a database with no Evenly data (unless forced), so it never silently
overwrites a household. Every failure is a ``BackupError`` with one plain sentence.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot go ahead, with the reason in one sentence."""


def _settings(alias: str) -> dict[str, Any]:
    return connections[alias].settings_dict


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups are for SQLite and PostgreSQL, not {vendor}")
    return vendor


def _pg_environment(alias: str) -> dict[str, str]:
    """libpq's variables for the database in DATABASES: the password never reaches argv."""
    s = _settings(alias)
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", s.get("HOST")),
        ("PGPORT", s.get("PORT")),
        ("PGUSER", s.get("USER")),
        ("PGPASSWORD", s.get("PASSWORD")),
        ("PGDATABASE", s.get("NAME")),
        ("PGSSLMODE", (s.get("OPTIONS") or {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed; install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client)"
        )
    return found


def _run(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit code {result.returncode}"
        raise BackupError(f"{Path(argv[0]).name} failed: {reason}")


@contextmanager
def _temporary_beside(target: Path) -> Iterator[Path]:
    """A temporary file in the target's folder, removed unless it was renamed away."""
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(descriptor)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)


def sqlite_copy(source: Path | str, target: Path | str) -> None:
    """A consistent copy of one SQLite database into another through the online backup API."""
    src = sqlite3.connect(source, timeout=30)
    try:
        dst = sqlite3.connect(target, timeout=30)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup(target: Path, *, alias: str = "default", force: bool = False) -> int:
    """Write a backup of the database to ``target``; returns its size in bytes."""
    vendor = _vendor(alias)
    target = target.expanduser().absolute()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give a file name such as {target}/evenly.backup")
    if not target.parent.is_dir():
        raise BackupError(f"the folder {target.parent} does not exist")
    if target.exists() and not force:
        raise BackupError(f"{target} already exists; choose another name or add --force")
    try:
        return _backup_to(target, vendor=vendor, alias=alias)
    except (OSError, sqlite3.Error) as error:
        raise BackupError(f"cannot write {target}: {_reason(error)}") from None


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


def _backup_to(target: Path, *, vendor: str, alias: str) -> int:
    with _temporary_beside(target) as temporary:
        if vendor == "sqlite":
            name = str(_settings(alias)["NAME"])
            if name == ":memory:" or "mode=memory" in name:
                raise BackupError("an in-memory database cannot be backed up")
            sqlite_copy(name, temporary)
        else:
            env = _pg_environment(alias)
            _run(
                [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={temporary}"],
                env,
            )
        os.replace(temporary, target)
    return target.stat().st_size


def _format_of(path: Path) -> str:
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise BackupError(f"{path} is a folder, not a backup file") from None
    except OSError as error:
        raise BackupError(f"{path} cannot be read: {error.strerror}") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not an Evenly backup (neither SQLite nor pg_dump custom format)")


def evenly_rows(alias: str = "default") -> int:
    """How many rows the Evenly tables hold (0 for a new or empty database)."""
    connection = connections[alias]
    existing = set(connection.introspection.table_names())
    total = 0
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model.__module__.startswith("evenly."):
                continue
            table = model._meta.db_table
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
                total += cursor.fetchone()[0]
    return total


def _check_sqlite_backup(path: Path) -> None:
    try:
        db = sqlite3.connect(path)
        try:
            ok = db.execute("PRAGMA quick_check").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite backup: {error}") from None
    if ok != "ok":
        raise BackupError(f"{path} is damaged (SQLite says: {ok})")
    if "django_migrations" not in tables:
        raise BackupError(f"{path} is an SQLite database, but not one of Evenly's")


def restore(source: Path, *, alias: str = "default", force: bool = False) -> int:
    """Put a backup back into the database; returns the rows now in Evenly's tables."""
    vendor = _vendor(alias)
    source = source.expanduser().absolute()
    kind = _format_of(source)
    if kind != vendor:
        names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
        raise BackupError(
            f"{source} is a {names[kind]} backup, but this Evenly runs on {names[vendor]}"
        )
    if vendor == "postgresql":
        _run([_tool("pg_restore"), "--list", str(source)], _pg_environment(alias))
    else:
        _check_sqlite_backup(source)
    rows = evenly_rows(alias)
    if rows and not force:
        raise BackupError(
            f"the database already holds Evenly data ({rows} rows); restore only into an empty "
            "database, or add --force to replace everything in it"
        )
    connections[alias].close()
    if vendor == "sqlite":
        try:
            sqlite_copy(source, str(_settings(alias)["NAME"]))
        except (OSError, sqlite3.Error) as error:
            raise BackupError(f"cannot restore {source}: {_reason(error)}") from None
    else:
        # --clean drops what the backup is about to create (the tables of a migrated, empty
        # database); one transaction, so a failed restore leaves the database as it was.
        _run(
            [
                _tool("pg_restore"),
                "--no-owner",
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={_settings(alias)['NAME']}",
                str(source),
            ],
            _pg_environment(alias),
        )
    return evenly_rows(alias)
