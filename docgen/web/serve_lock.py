"""One workspace per repository: ``.docgen/serve`` held locked while ``docgen serve`` runs.

The lock is ``flock``'s, as the repository's own (``docgen.core.lock``): the kernel
releases it when the process ends however it ends, so a lock file left by a crash is
never taken for a running server. The file says who holds it (pid, address without its
token: the token stays in the terminal that started the server).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from docgen.core import lock
from docgen.core.errors import ResourceError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, one server is not enforced
    fcntl = None  # type: ignore[assignment]

NAME = "serve"


@dataclass
class ServeLock:
    path: Path
    fd: int | None = None

    @classmethod
    def take(cls, state: Path) -> ServeLock:
        """Take the lock, or say in French which server already holds it."""
        held = cls(state / NAME)
        if fcntl is None:
            return held
        lock.prepare(state)
        try:
            fd = os.open(held.path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise ResourceError(
                f"Impossible de créer {held.path} : {exc.strerror or exc}.",
                "vérifiez que le dépôt est accessible en écriture",
            ) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.pread(fd, 300, 0).decode("utf-8", "replace").split()
            os.close(fd)
            pid, address = [*text, "?", "?"][:2]
            raise ResourceError(
                f"un espace de travail docgen est déjà ouvert sur ce dépôt ({address}, "
                f"processus {pid}) : un seul à la fois",
                "utilisez celui-là (son adresse complète, avec son jeton, est dans le "
                "terminal qui l'a lancé), ou arrêtez-le (Ctrl+C) avant d'en lancer un autre",
            ) from None
        held.fd = fd
        return held

    def announce(self, address: str) -> None:
        if self.fd is None:
            return
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()} {address}\n".encode(), 0)

    def release(self) -> None:
        if self.fd is None:
            return
        try:
            os.ftruncate(self.fd, 0)
        finally:
            os.close(self.fd)
            self.fd = None
