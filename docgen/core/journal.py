"""Writing files together: all of them, or none, whatever instant the machine stops.

The protocol (a crash at any point is finished or undone by the next docgen command):

1. the journal ``.docgen/journal.json`` is written in state ``preparing``;
2. each new file is staged beside its target as ``.docgen-<run>-<n>.tmp`` as it comes;
3. the staged files and their folders are synced (``os.sync()`` above ``SYNC_ALL``);
4. the journal is rewritten ``committed``: for each file its target, staged name, backup
   name, and the SHA-256 of its old content (None for a new file) and of its new one;
5. each existing target gets a hard link ``.docgen-<run>-<n>.old`` (its backup), then the
   staged file is renamed over it, in order (the manifest is given last);
6. folders synced, backups deleted, then the journal.

``recover`` reads a journal left by a crash: ``preparing`` → the staged files are deleted
(nothing was replaced); ``committed`` → the renames are finished, or, when a staged file
is missing or damaged, every target is put back from its backup. A target someone
changed after the crash is never overwritten: docgen's version is left beside it as
``NOM.docgen-nouveau``. Recovery only ever moves files towards one of the two states the
journal names, so a crash during recovery is recovered the same way next time.

Each step of the protocol is named as it is reached (``_step``: ``journal`` each journal
write, ``stage`` each staged file, ``rename`` each rename, the manifest's last,
``cleanup`` each backup deleted and the journal's removal, ``recover`` each step of a
recovery); ``docgen.testing.crash`` replaces that function to kill the process at one of
them (scripts/crash.py, the tests).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from docgen.core.errors import (
    CHECK_ACCESS,
    FREE_SPACE,
    ResourceError,
    disk_full,
    os_reason,
    write_failure,
)
from docgen.core.findings import display_path

JOURNAL_NAME = "journal.json"
PREPARING = "preparing"
COMMITTED = "committed"
SYNC_ALL = 64  # beyond this many files one os.sync() is cheaper than one fsync each
CONFLICT_SUFFIX = ".docgen-nouveau"
_PREFIX = ".docgen-"
# A single file replaced on its own (docgen init, docgen new): staged as
# .docgen-write-<random>.tmp beside it, without a journal.
SINGLE_PREFIX = ".docgen-write-"
# What a transaction stages and backs up: .docgen-<pid><6 hex>-<n>.tmp and .old.
_STAGED = re.compile(r"\.docgen-[0-9]+[0-9a-f]{6}-[0-9]+\.(tmp|old)")


def _step(name: str) -> None:
    """A named step of the protocol reached (see the module doc): nothing here; a test
    replaces this function to stop the process at that step (``docgen.testing.crash``)."""


# -- files -------------------------------------------------------------------------------


def file_digest(path: Path) -> str | None:
    """The SHA-256 of ``path``'s content, or None when it does not exist."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return digest.hexdigest()


def _fsync_path(path: Path, *, directory: bool = False) -> None:
    try:
        fd = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    except OSError:
        return  # a folder some systems do not let us open: the rename is still atomic
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot sync a folder; nothing better can be done
    finally:
        os.close(fd)


def default_mode() -> int:
    # The umask can only be read by setting it; docgen sets it back at once.
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_error(path: Path, exc: OSError) -> ResourceError:
    return write_failure(
        f"le fichier {display_path(path)}",
        exc,
        "vérifiez que le fichier n'est pas ouvert dans Word ou LibreOffice et que le dossier "
        "est accessible en écriture, puis relancez",
    )


def _path(text: str) -> Path:
    return Path(text)


def _text(path: Path) -> str:
    # Absolute, and JSON-safe: a name that is not UTF-8 keeps its bytes as lone surrogates,
    # which json.dumps escapes (ensure_ascii) and json.loads gives back.
    return str(path.absolute())


@dataclass(frozen=True)
class Change:
    """One file of a transaction."""

    target: Path
    staged: Path
    backup: Path
    old: str | None  # SHA-256 of the content replaced, None for a new file
    new: str

    def as_json(self) -> dict[str, Any]:
        return {
            "target": _text(self.target),
            "staged": _text(self.staged),
            "backup": _text(self.backup),
            "old": self.old,
            "new": self.new,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        return cls(
            _path(data["target"]),
            _path(data["staged"]),
            _path(data["backup"]),
            data["old"],
            data["new"],
        )


# -- the journal ---------------------------------------------------------------------------


def _journal(folder: Path) -> Path:
    return folder / JOURNAL_NAME


def _write_journal(folder: Path, content: dict[str, Any]) -> None:
    """Replace the journal all at once: temp file, fsync, rename, fsync of the folder."""
    _step("journal")
    path = _journal(folder)
    temp = path.with_name(JOURNAL_NAME + ".new")
    data = json.dumps(content, indent=1, sort_keys=True).encode("ascii")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)  # half a journal: the one before it still holds
        raise write_failure(f"le journal d'écriture {display_path(path)}", exc) from exc
    _fsync_path(folder, directory=True)


def _remove_journal(folder: Path) -> None:
    _journal(folder).unlink(missing_ok=True)
    _fsync_path(folder, directory=True)


class Transaction:
    """Files staged one by one, then all replaced together (``commit``) or none (``abort``).

    ``roots``: the folders staged files may be in (searched by recovery when the journal
    is still ``preparing``: it lists no file yet, so that staging costs no journal write).
    """

    def __init__(self, state: Path, roots: Iterable[Path], command: str = "") -> None:
        self.state = state
        self.roots = sorted({_text(r) for r in roots})
        self.run = f"{os.getpid()}{secrets.token_hex(3)}"
        self.command = command
        self.changes: list[Change] = []
        self._begun = False
        self._done = False

    # -- staging

    def _begin(self) -> None:
        if not self._begun:
            _write_journal(self.state, self._header(PREPARING))
            self._begun = True

    def _header(self, state: str) -> dict[str, Any]:
        return {
            "state": state,
            "run": self.run,
            "pid": os.getpid(),
            "command": self.command,
            "roots": self.roots,
        }

    def stage(self, target: Path, data: bytes, old: str | None) -> None:
        """Write ``data`` beside ``target``, to replace it at commit (``old``: its digest now)."""
        self._begin()
        n = len(self.changes) + 1
        staged = target.with_name(f"{_PREFIX}{self.run}-{n}.tmp")
        backup = target.with_name(f"{_PREFIX}{self.run}-{n}.old")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                mode = target.stat().st_mode & 0o777
            except FileNotFoundError:
                mode = default_mode()
            fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
            try:
                _step("stage")
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)
            os.chmod(staged, mode)  # what the umask took from the target's own mode
        except OSError as exc:
            staged.unlink(missing_ok=True)
            raise write_error(target, exc) from exc
        self.changes.append(Change(target, staged, backup, old, hashlib.sha256(data).hexdigest()))

    # -- commit

    def commit(self) -> None:
        """Replace every target by its staged file; on failure put every target back."""
        if self._done:
            return
        self._done = True
        if not self.changes:
            if self._begun:
                _remove_journal(self.state)
            return
        self._sync()
        _write_journal(
            self.state,
            {**self._header(COMMITTED), "files": [c.as_json() for c in self.changes]},
        )
        replaced: list[Change] = []
        try:
            for change in self.changes:
                if change.old is not None:
                    os.link(change.target, change.backup)
                _step("rename")
                os.replace(change.staged, change.target)
                replaced.append(change)
        except OSError as exc:
            _roll_back(self.changes)
            _remove_journal(self.state)
            raise write_error(change.target, exc) from exc
        except BaseException:
            _roll_back(self.changes)
            _remove_journal(self.state)
            raise
        _finish(self.state, self.changes)

    def abort(self) -> None:
        """Delete what was staged: nothing was replaced."""
        if self._done:
            return
        self._done = True
        for change in self.changes:
            change.staged.unlink(missing_ok=True)
        if self._begun:
            _remove_journal(self.state)

    def _sync(self) -> None:
        if len(self.changes) > SYNC_ALL:
            os.sync()
            return
        for change in self.changes:
            _fsync_path(change.staged)
        for folder in sorted({c.target.parent for c in self.changes}):
            _fsync_path(folder, directory=True)

    def __enter__(self) -> Transaction:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if error is None:
            self.commit()
        else:
            self.abort()


def _finish(state: Path, changes: list[Change]) -> None:
    """Step 6: folders synced, backups deleted, then the journal."""
    for folder in sorted({c.target.parent for c in changes}):
        _fsync_path(folder, directory=True)
    for change in changes:
        _step("cleanup")
        change.backup.unlink(missing_ok=True)
    _step("cleanup")
    _remove_journal(state)


def _roll_back(changes: list[Change]) -> None:
    """Put every target back as it was before the commit (from its backup), delete the rest."""
    _put_back([c for c in changes if file_digest(c.target) == c.new], changes)


def _put_back(replaced: Iterable[Change], changes: Iterable[Change]) -> None:
    """Each target of ``replaced`` back as it was (a new file removed, an old one from its
    backup); then no staged file or backup of ``changes`` is left."""
    for change in replaced:
        _step("recover")
        if change.old is None:
            change.target.unlink(missing_ok=True)
        elif change.backup.exists():
            os.replace(change.backup, change.target)
    for change in changes:
        change.staged.unlink(missing_ok=True)
        change.backup.unlink(missing_ok=True)


# -- recovery --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recovery:
    """What ``recover`` did, in French lines for the user."""

    messages: tuple[str, ...]


def pending(state: Path) -> bool:
    return _journal(state).exists() or (state / (JOURNAL_NAME + ".new")).exists()


def recover(state: Path) -> Recovery:
    """Finish or undo the write a crash interrupted (the caller holds the lock). A failure
    (a full disk) leaves the journal: the next command takes the recovery up again."""
    try:
        return _recover(state)
    except OSError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(state)
        raise ResourceError(
            f"la reprise d'une écriture interrompue n'a pas pu finir ({where} : "
            f"{os_reason(exc)}) ; elle reprendra à la prochaine commande.",
            FREE_SPACE if disk_full(exc) else CHECK_ACCESS,
        ) from exc


def _recover(state: Path) -> Recovery:
    (state / (JOURNAL_NAME + ".new")).unlink(missing_ok=True)  # a journal write cut short
    path = _journal(state)
    try:
        content = json.loads(path.read_bytes())
    except FileNotFoundError:
        return Recovery(())
    except (OSError, ValueError) as exc:
        raise ResourceError(
            f"Le journal d'écriture {display_path(path)} est illisible.",
            "une écriture de docgen a été interrompue : vérifiez les fichiers de contracts/ "
            "et build/ (fichiers .docgen-*), puis supprimez ce journal",
        ) from exc
    who = f"« docgen {content.get('command') or '?'} » (pid {content.get('pid', '?')})"
    if content.get("state") != COMMITTED:
        removed = _remove_staged(content)
        _remove_journal(state)
        return Recovery(
            (
                f"reprise : l'écriture de {who}, interrompue avant d'être validée, est "
                f"annulée ({removed} fichier(s) préparé(s) supprimé(s)) ; aucun fichier "
                "n'avait été remplacé.",
            )
        )
    changes = [Change.from_json(c) for c in content["files"]]
    return Recovery(_recover_committed(state, changes, who))


def _remove_staged(content: dict[str, Any]) -> int:
    run = str(content.get("run", ""))
    if not run:
        return 0
    prefix = f"{_PREFIX}{run}-"
    removed = 0
    for root in content.get("roots", []):
        for folder, dirs, files in os.walk(root):
            dirs[:] = [d for d in dirs if d != ".git"]
            for name in files:
                if name.startswith(prefix) and name.endswith((".tmp", ".old")):
                    _step("recover")
                    Path(folder, name).unlink(missing_ok=True)
                    removed += 1
    return removed


def _recover_committed(state: Path, changes: list[Change], who: str) -> tuple[str, ...]:
    done: list[Change] = []
    ready: list[Change] = []
    lost: list[Change] = []
    changed: list[Change] = []
    for change in changes:
        now = file_digest(change.target)
        staged = file_digest(change.staged)
        if now == change.new and staged is None:
            done.append(change)
        elif now == change.old and staged == change.new:
            ready.append(change)
        elif now == change.old:
            lost.append(change)  # its staged file is missing or damaged
        else:
            changed.append(change)  # someone changed the target since the crash
    messages: list[str] = []
    for change in changed:
        if file_digest(change.staged) == change.new:
            aside = change.target.with_name(change.target.name + CONFLICT_SUFFIX)
            os.replace(change.staged, aside)
            messages.append(
                f"reprise : {display_path(change.target)} a été modifié depuis l'interruption "
                f"de {who} : il est conservé tel quel, la version de docgen est à côté "
                f"({display_path(aside)})."
            )
        else:
            messages.append(
                f"reprise : {display_path(change.target)} a été modifié depuis l'interruption "
                f"de {who} : il est conservé tel quel."
            )
    if lost:
        _put_back(done, changes)
        _remove_journal(state)
        names = ", ".join(display_path(c.target) for c in lost[:3])
        messages.append(
            f"reprise : l'écriture de {who} est annulée, car un fichier préparé manque ou "
            f"est abîmé ({names}) : les {len(changes)} fichiers sont remis comme avant."
        )
        return tuple(messages)
    for change in ready:
        _step("recover")
        os.replace(change.staged, change.target)
    _finish(state, changes)
    messages.append(
        f"reprise : l'écriture de {who}, interrompue après sa validation, est terminée "
        f"({len(ready)} fichier(s) remplacé(s), {len(done)} déjà en place)."
    )
    return tuple(messages)


# -- abandoned files ---------------------------------------------------------------------------


def sweep(folders: Iterable[tuple[Path, bool]], *, exclusive: bool) -> list[Path]:
    """Delete the files docgen staged and never finished in ``folders`` (each with whether
    to look into its subfolders); give those deleted.

    Called with the repository's lock held and no journal left (recovery ran first): no
    transaction is under way, since a writer holds the lock exclusively from its first
    read to its last write, so every staged file or backup is abandoned (a run of an older
    docgen, a journal deleted by hand). The single files of ``init`` and ``new``, which
    hold the lock shared, are only abandoned for an ``exclusive`` holder.
    """
    removed: list[Path] = []
    for folder, recursive in folders:
        for directory, files in _listing(folder, recursive):
            for name in files:
                if _STAGED.fullmatch(name) or (
                    exclusive and name.startswith(SINGLE_PREFIX) and name.endswith(".tmp")
                ):
                    path = Path(directory, name)
                    try:
                        path.unlink()
                    except OSError:
                        continue  # gone already, or a folder docgen may not write: left
                    removed.append(path)
    return removed


def _listing(folder: Path, recursive: bool) -> Iterable[tuple[str, list[str]]]:
    if not recursive:
        try:
            with os.scandir(folder) as entries:
                yield str(folder), [e.name for e in entries if e.is_file(follow_symlinks=False)]
        except OSError:
            return
        return
    for directory, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".git"]
        yield directory, files
