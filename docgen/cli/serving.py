"""``docgen serve``: the juriste's workspace in the browser."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.support import (
    CONTEXT,
    handle_errors,
)

if TYPE_CHECKING:
    pass


@click.command(
    context_settings=CONTEXT, short_help="Ouvre l'espace de travail du dépôt dans le navigateur."
)
@click.argument(
    "chemin", metavar="[CHEMIN]", required=False, type=click.Path(path_type=Path, file_okay=False)
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=0,
    metavar="N",
    help="Port d'écoute sur 127.0.0.1 (par défaut : un port libre, choisi par le système).",
)
@click.option(
    "--sans-navigateur",
    is_flag=True,
    help="N'ouvre pas le navigateur : affiche seulement l'adresse.",
)
@handle_errors
def serve(chemin: Path | None, port: int, sans_navigateur: bool) -> None:
    """Ouvre un espace de travail dans le navigateur, sur ce poste seulement (127.0.0.1) :
    les contrats du dépôt et leur état, chaque fichier en formulaire vérifié pendant la
    saisie, l'aperçu des documents, les votes du budget.

    CHEMIN : le dépôt de contrats (par défaut : celui du dossier courant). L'adresse
    affichée contient un jeton d'accès : ne la partagez pas. Ctrl+C pour arrêter.
    """
    from docgen.web.server import serve as run_serve

    run_serve(
        chemin or Path.cwd(),
        port=port,
        browser=not sans_navigateur and sys.stdout.isatty(),
        say=lambda line: click.echo(line),
    )
