"""Writing a file so that readers see the old version or the new one, never half of one.

``atomic_write_bytes`` replaces one file on its own (a temporary file beside it, synced,
then renamed); ``write_together`` stages several files in a journal transaction
(``docgen.core.journal``), all replaced or none, and refuses to overwrite a file changed
since the caller read it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from docgen.core.digests import sha256
from docgen.core.errors import OverwriteRefused
from docgen.core.findings import display_path
from docgen.core.journal import SINGLE_PREFIX, Transaction, default_mode, write_error


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` all at once: readers see the old file or the new one."""
    staged = _stage(path, data)
    try:
        _commit(staged, path)
    finally:
        Path(staged).unlink(missing_ok=True)


def write_together(
    files: dict[Path, bytes], expected: dict[Path, bytes], transaction: Transaction
) -> None:
    """Stage several files in ``transaction``: they are replaced all together, or none.

    ``expected`` holds what each file contained when the caller read it; a file changed
    since (by a colleague, an editor) is not overwritten: nothing is staged at all, and
    the caller's transaction is abandoned with the error.
    """
    for path, before in expected.items():
        if _read_or_none(path) != before:
            raise OverwriteRefused(
                f"{display_path(path)} a changé depuis sa lecture : rien n'a été écrit",
                "relancez la commande",
            )
    for path, data in files.items():
        old = expected.get(path)
        transaction.stage(path, data, None if old is None else sha256(old))


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a synced temporary file beside ``path``; return its name."""
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else default_mode()
        with tempfile.NamedTemporaryFile(
            delete=False, dir=path.parent, prefix=SINGLE_PREFIX, suffix=".tmp"
        ) as handle:
            tmp_name = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile creates 0600: colleagues sharing the folder could not read it.
        os.chmod(tmp_name, mode)
        return tmp_name
    except OSError as exc:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
        raise write_error(path, exc) from exc


def _commit(tmp_name: str, path: Path) -> None:
    try:
        os.replace(tmp_name, path)
    except OSError as exc:
        raise write_error(path, exc) from exc
