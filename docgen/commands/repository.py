"""Every command runs inside ``repository``: the repository's lock, taken after finishing
or undoing a write a crash interrupted (``docgen.core.journal``), and the files such a
write left behind swept away.

The command functions (build, budget, check, init, new) enter it themselves, so that a
Python caller is protected as the command line is: two builds started from two threads
wait for each other. It is reentrant within a thread: the CLI enters it for its first
read, and the command it calls then finds it held. Writers hold it exclusively from their
first read to their last write; readers (check) hold it shared, and only when
``.docgen/`` exists (they create nothing).

What a user should know (a recovery, a wait, files swept) is told, in French, to
``tell``: the CLI prints it on stderr; a Python caller gets it as warnings of the
``docgen`` logger unless it passes its own.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from docgen.core import journal, lock
from docgen.core.findings import display_path
from docgen.core.project import (
    BUILD,
    CONTRACTS,
    TEMPLATES,
    current_project,
    link_leaving,
    refuse_link_leaving,
)

Tell = Callable[[str], None]
_LOGGER = logging.getLogger("docgen")
_held = threading.local()  # .states: {state folder: held exclusively} of this thread


def _holding() -> dict[Path, bool]:
    states: dict[Path, bool] | None = getattr(_held, "states", None)
    if states is None:
        states = _held.states = {}
    return states


@contextmanager
def repository(
    command: str,
    *,
    exclusive: bool,
    out: Path | None = None,
    root: Path | None = None,
    tell: Tell | None = None,
    wait: float | None = None,
) -> Iterator[None]:
    """Run ``command`` (« build », « budget apply ») with the lock of the repository at
    ``root`` (default: the current one), whose output folder is ``out``; wait for a busy
    repository at most ``wait`` seconds (default: ``DOCGEN_LOCK_TIMEOUT``)."""
    say = tell or _LOGGER.warning
    base = root if root is not None else current_project().root
    state = lock.state_dir(base, out)
    held = _holding()
    key = state.absolute()
    if key in held:
        if exclusive and not held[key]:
            raise RuntimeError(f"{command}: the repository's lock is held shared, not exclusive")
        yield
        return
    _refuse_links(base, state, out if exclusive else None)
    states = [state]
    if out is not None and (out / lock.STATE_DIR) != state:
        states.append(out / lock.STATE_DIR)  # where a read-only repository's journal goes

    def waiting(holder: str) -> None:
        say(f"le dépôt est occupé par {holder} : attente de la fin (au plus {lock.timeout():g} s)…")

    for folder in states:
        if journal.pending(folder):
            with lock.locked(folder, exclusive=True, command=command, on_wait=waiting, wait=wait):
                for line in journal.recover(folder).messages:
                    say(line)
    with lock.locked(
        state, exclusive=exclusive, command=command, on_wait=waiting, wait=wait
    ) as locked:
        held[key] = exclusive
        try:
            if locked:
                _sweep(base, out, state, exclusive, say)
            yield
        finally:
            del held[key]


def _refuse_links(root: Path, state: Path, out: Path | None) -> None:
    """A ``.docgen`` (and, for a writer, an output folder) that a symbolic link takes out
    of the repository is refused: docgen would write its journal, or documents, elsewhere
    without a word. Links that stay inside the repository are followed."""
    refuse_link_leaving(
        root,
        state,
        "son verrou ni son journal",
        f"supprimez le lien {lock.STATE_DIR} : docgen recrée ce dossier dans le dépôt",
    )
    if out is not None:
        refuse_link_leaving(
            root,
            out,
            "ses documents",
            "remplacez le lien par un dossier, ou nommez le dossier voulu avec --sortie",
        )


def _sweep(root: Path, out: Path | None, state: Path, exclusive: bool, say: Tell) -> None:
    """Delete what a write never finished left in the folders docgen writes to."""
    folders = [
        (root, False),  # docgen.toml, .pre-commit-config.yaml
        (root / ".github" / "workflows", False),
        (root / CONTRACTS, True),
        (root / TEMPLATES, True),
        (state, True),
        (out if out is not None else root / BUILD, True),
    ]
    # Never into a folder a link takes elsewhere (a reader's build/: not refused).
    inside = [(f, deep) for f, deep in folders if link_leaving(root, f) is None]
    removed = journal.sweep(inside, exclusive=exclusive)
    if removed:
        names = ", ".join(display_path(p) for p in removed[:3])
        more = f" et {len(removed) - 3} autre(s)" if len(removed) > 3 else ""
        say(
            f"{len(removed)} fichier(s) temporaire(s) abandonné(s) par une écriture "
            f"interrompue supprimé(s) : {names}{more}"
        )
