"""`manage.py compile_translations`: every app's .po to .mo with polib (no GNU gettext), the
same bytes every time, and a broken .po stops it with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evenly.web.management.commands.compile_translations import SOURCES, mo_bytes, po_files

REPO = SOURCES.parents[1]
HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def _po(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_every_app_has_a_german_catalog_and_all_compile() -> None:
    found = {p.relative_to(SOURCES).parts[0] for p in po_files()}
    assert {"web", "accounts", "households", "pages"} <= found
    for path in po_files():
        assert mo_bytes(path)  # none is broken


def test_compiles_beside_the_po_deterministically(tmp_path: Path) -> None:
    po = _po(
        tmp_path,
        'msgid "Hello %(name)s"\nmsgstr "Hallo %(name)s"\n\n'
        'msgid "b"\nmsgstr "B"\n\nmsgid "untranslated"\nmsgstr ""\n',
    )
    call_command("compile_translations", str(po))
    mo = po.with_suffix(".mo")
    first = mo.read_bytes()
    assert b"Hallo %(name)s" in first and b"untranslated" not in first
    call_command("compile_translations", str(po))
    assert mo.read_bytes() == first == mo_bytes(po)


@pytest.mark.parametrize(
    ("body", "line", "says"),
    [
        ('msgid "a"\nmsgstr "b"\n\nthis is not a .po line\n', 9, "not valid .po syntax"),
        (
            'msgid "a"\nmsgstr "b"\n\nmsgid "Hi %(name)s"\nmsgstr "Hallo %(nom)s"\n',
            9,
            "placeholders",
        ),
    ],
)
def test_a_broken_po_fails_with_one_line_naming_file_and_line(
    tmp_path: Path, body: str, line: int, says: str
) -> None:
    po = _po(tmp_path, body)
    with pytest.raises(CommandError) as failed:
        call_command("compile_translations", str(po))
    assert f"{po}:{line}:" in str(failed.value) and says in str(failed.value)
    assert not po.with_suffix(".mo").exists()
    # From the shell: exit status 1, one line, no traceback.
    done = subprocess.run(
        [sys.executable, "manage.py", "compile_translations", str(po)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "DEBUG": "1"},
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and f"{po}:{line}:" in done.stderr
