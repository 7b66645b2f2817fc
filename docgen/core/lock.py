"""The repository lock: one writer at a time, readers beside each other, never stale.

``fcntl.flock`` on ``.docgen/lock``: the kernel releases it when the process ends, however
it ends (kill -9, power cut), so a crash never leaves the repository locked. Writers
(build, render, deliberation, budget apply) hold it exclusively from their first read to
their last write; ``check`` holds it shared. The holder writes its pid and command into the
file so that a command kept waiting can say who it waits for. On systems without ``flock``
(Windows) there is no lock: commands run as they did before it existed.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from docgen.core.errors import ResourceError, write_failure
from docgen.core.findings import display_path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, hence no lock
    fcntl = None  # type: ignore[assignment]

STATE_DIR = ".docgen"
LOCK_NAME = "lock"
TIMEOUT_VARIABLE = "DOCGEN_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 120.0  # seconds: a build of a few thousand documents ends well before
# The runtime files docgen keeps in .docgen/ (its schemas/ are meant to be committed).
RUNTIME_FILES = ("lock", "journal.json", "journal.json.new", "serve", "empreintes.json")
_GITIGNORE = (
    "# Fichiers de travail de docgen (verrou, journal d'écriture) : jamais à committer.\n"
    + "".join(f"/{name}\n" for name in (".gitignore", *RUNTIME_FILES))
)
_POLL = 0.1


def timeout() -> float:
    """How long a command waits for a busy repository (``DOCGEN_LOCK_TIMEOUT``, seconds)."""
    value = os.environ.get(TIMEOUT_VARIABLE, "")
    try:
        return max(0.0, float(value)) if value.strip() else DEFAULT_TIMEOUT
    except ValueError:
        return DEFAULT_TIMEOUT


def state_dir(root: Path, fallback: Path | None = None) -> Path:
    """``<root>/.docgen``, or ``<fallback>/.docgen`` when the repository is read-only."""
    folder = root / STATE_DIR
    # « Absent » first: another thread or process may create the folder between two
    # checks, and a folder docgen creates is never removed. Asked the other way round, a
    # folder created in between looked neither absent nor present, and two builds each
    # took the lock of a different folder (build/.docgen) and wrote at once.
    if not folder.exists() and os.access(root, os.W_OK):
        return folder
    if folder.is_dir() and os.access(folder, os.W_OK):
        return folder
    if fallback is not None:
        return fallback / STATE_DIR
    return folder


def _outdated(ignore: Path) -> bool:
    """Whether ``ignore`` is the .gitignore of an earlier docgen, which named fewer
    runtime files (a line of its user's own is never dropped)."""
    lines = ignore.read_text("utf-8", "replace").splitlines(keepends=True)
    return set(lines) < set(_GITIGNORE.splitlines(keepends=True))


def prepare(folder: Path) -> None:
    """Create ``.docgen/`` with its .gitignore, so that ``git status`` stays clean."""
    ignore = folder / ".gitignore"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if not ignore.exists() or _outdated(ignore):
            ignore.write_text(_GITIGNORE, encoding="utf-8")
    except OSError:
        # A read-only repository or a full disk: creating the lock itself says so, in
        # French. A .gitignore cut short would never be written again: none is better.
        with contextlib.suppress(OSError):
            if ignore.exists() and ignore.read_text("utf-8", "replace") != _GITIGNORE:
                ignore.unlink()


@contextmanager
def locked(
    folder: Path,
    *,
    exclusive: bool,
    command: str,
    on_wait: Callable[[str], None] | None = None,
    wait: float | None = None,
) -> Iterator[bool]:
    """Hold the lock of the repository whose state folder is ``folder``; give whether it
    is really held (no lock without flock, or for a reader where no writer ever ran).

    A shared lock (``exclusive=False``) is only taken when a writer left its lock file:
    ``check`` creates nothing. ``on_wait`` is told once who holds the lock when it is busy.
    """
    path = folder / LOCK_NAME
    if fcntl is None or (not exclusive and not path.exists()):
        # No writer ever ran here (it would have left its lock file): nothing to wait for,
        # and a reader creates nothing.
        yield False
        return
    if exclusive:
        prepare(folder)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT if exclusive else os.O_RDONLY, 0o666)
    except OSError as exc:
        if not exclusive:  # an unreadable lock: check runs unlocked, it writes nothing
            yield False
            return
        raise _lock_failure(path, exc) from exc
    try:
        _acquire(fd, exclusive, on_wait, timeout() if wait is None else wait)
        if exclusive:
            try:
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()} {command}\n".encode(), 0)
            except OSError as exc:  # a full disk: nothing else could be written either
                raise _lock_failure(path, exc) from exc
        try:
            yield True
        finally:
            if exclusive:
                os.ftruncate(fd, 0)  # the next one waiting must not name a finished command
    finally:
        os.close(fd)  # closing releases the lock


def _lock_failure(path: Path, exc: OSError) -> ResourceError:
    return write_failure(f"le verrou du dépôt {display_path(path)} (rien n'a été fait)", exc)


def _acquire(fd: int, exclusive: bool, on_wait: Callable[[str], None] | None, limit: float) -> None:
    assert fcntl is not None
    mode = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    start = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(fd)
        if not told and on_wait is not None:
            on_wait(holder)
            told = True
        if time.monotonic() - start >= limit:
            raise ResourceError(
                f"le dépôt est occupé par {holder} depuis plus de {limit:g} s : rien n'a été fait",
                f"attendez la fin de cette commande et relancez (délai réglable : "
                f"{TIMEOUT_VARIABLE}=secondes)",
            )
        time.sleep(_POLL)


def _holder(fd: int) -> str:
    """Who holds the lock, as written in the lock file: « docgen build (pid 1234) »."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        text = ""
    pid, _, command = text.partition(" ")
    if pid.isdigit() and command:
        return f"« docgen {command} » (pid {pid})"
    return "une autre commande docgen (une vérification)"
