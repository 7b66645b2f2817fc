"""The contracts repository the workspace serves: its folders, its lock, safe paths.

Every page that reads runs under the repository's shared lock, every one that writes
under its exclusive lock, taken for that one operation (a save, a build, a budget vote)
and released at once: a ``docgen build`` typed in a terminal runs between two saves. As
the CLI does (``docgen.commands.repository``), a write a crash interrupted is finished
or undone first. Inside the server, one operation at a time: the repository's lock and the
prepared templates are the process's, not a run's.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from docgen.commands.repository import repository
from docgen.core import lock
from docgen.core.errors import DocgenError, UsageError
from docgen.core.project import Project

WAIT = 20.0  # seconds a page waits for a command typed in a terminal to finish


class PathRefused(DocgenError):
    """A path outside the repository's folders, or one the workspace does not serve."""


@dataclass
class Repository:
    project: Project
    mutex: threading.Lock = field(default_factory=threading.Lock)

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def build(self) -> Path:
        return self.project.build

    @property
    def contracts(self) -> Path:
        return self.project.contracts

    def state(self) -> Path:
        return lock.state_dir(self.root, self.build)

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self.mutex, self._locked("serve", exclusive=False):
            yield

    @contextmanager
    def writing(self, command: str) -> Iterator[None]:
        with self.mutex, self._locked(command, exclusive=True):
            yield

    @contextmanager
    def _locked(self, command: str, *, exclusive: bool) -> Iterator[None]:
        # The commands' own (docgen.commands.repository): the build or budget apply called
        # inside finds it held by this thread, instead of waiting for it.
        with repository(
            command,
            exclusive=exclusive,
            out=self.build,
            root=self.root,
            tell=lambda line: print(f"docgen : {line}", file=sys.stderr),
            wait=WAIT,
        ):
            yield

    # -- paths ---------------------------------------------------------------------------

    def relative(self, path: Path) -> str:
        """``path`` from the root, as it is named (a link is not followed: the page that
        opens it refuses a link that leads out of the repository)."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return absolute.relative_to(self.root.resolve()).as_posix()

    def source(self, relative: str) -> Path:
        """A YAML file of ``contracts/`` named by its path from the root."""
        path = self._inside(relative, self.contracts, "le dossier contracts/")
        if path.suffix.lower() not in (".yaml", ".yml"):
            raise PathRefused(f"{relative} : seuls les fichiers YAML de contracts/ s'ouvrent ici")
        if not path.is_file():
            raise UsageError(f"{relative} : fichier introuvable")
        return path

    def output(self, relative: str) -> Path:
        """A document of ``build/`` named by its path inside ``build/``."""
        path = self._inside(f"build/{relative}", self.build, "le dossier build/")
        if not path.is_file():
            raise UsageError(f"build/{relative} : document introuvable")
        return path

    def _inside(self, relative: str, folder: Path, name: str) -> Path:
        parts = Path(relative).parts
        if (
            not relative
            or Path(relative).is_absolute()
            or any(p in ("..", ".") or p.startswith(".") for p in parts)
            or "\\" in relative
            or "\x00" in relative
        ):
            raise PathRefused(
                f"chemin refusé : « {relative} »", f"seuls les fichiers de {name} s'ouvrent ici"
            )
        path = self.root / relative
        # resolve() follows links: a link pointing outside the folder lands outside it.
        resolved = path.resolve()
        if not resolved.is_relative_to(folder.resolve()):
            raise PathRefused(
                f"chemin refusé : « {relative} » mène hors de {name}",
                f"seuls les fichiers de {name} s'ouvrent ici",
            )
        return path
