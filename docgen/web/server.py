"""``docgen serve``: the workspace's server, on 127.0.0.1, until Ctrl+C.

werkzeug's own server (``make_server``, one thread per request), without the
development banner of ``flask run``: one person on their own machine, a few requests a
minute. The server runs from the repository's root, as every docgen command does from
where it is typed: the files are named relative to it in findings and messages.
"""

from __future__ import annotations

import os
import signal
import webbrowser
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from docgen.core.errors import ResourceError, UsageError
from docgen.core.findings import display_path
from docgen.core.project import find_root
from docgen.web.app import create_app
from docgen.web.repository import Repository
from docgen.web.security import Access
from docgen.web.serve_lock import ServeLock

HOST = "127.0.0.1"


class _QuietHandler(WSGIRequestHandler):
    """No line per request on the terminal: it shows the address and the errors only."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def serve(
    folder: Path,
    *,
    port: int = 0,
    browser: bool = False,
    say: Callable[[str], None] = print,
) -> None:
    """Serve the contracts repository of ``folder`` until interrupted."""
    if not folder.is_dir():
        raise UsageError(
            f"{display_path(folder)} : dossier introuvable",
            "indiquez le dossier du dépôt de contrats",
        )
    project = find_root(folder.resolve())
    if project is None or not project.contracts.is_dir():
        raise UsageError(
            f"{display_path(folder)} n'est pas un dépôt de contrats (aucun docgen.toml ni "
            "dossier contracts/)",
            "lancez « docgen serve » dans le dossier du dépôt, ou créez-le : docgen init",
        )
    os.chdir(project.root)
    repo = Repository(project)
    held = ServeLock.take(repo.state())
    try:
        access = Access()
        app = create_app(repo, access)
        try:
            server = make_server(HOST, port, app, threaded=True, request_handler=_QuietHandler)
        except OSError as exc:
            raise ResourceError(
                f"le port {port} n'est pas disponible ({exc.strerror or exc})",
                "choisissez-en un autre (--port), ou laissez docgen le choisir (sans --port)",
            ) from None
        access.port = server.server_port
        held.announce(access.address())
        say(f"Espace de travail docgen du dépôt {project.root} :")
        say(f"  {access.url()}")
        say("Ouvrez cette adresse dans votre navigateur (elle contient le jeton d'accès).")
        say("Ctrl+C pour arrêter.")
        if browser:
            webbrowser.open(access.url())
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            say("Espace de travail arrêté.")
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.server_close()
    finally:
        held.release()


def _interrupt(signum: int, frame: FrameType | None) -> Any:
    raise KeyboardInterrupt
