"""``docgen check``: the contracts and their templates checked, reported in the format a
person or a CI reads."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.support import (
    CONTEXT,
    FORMAT_CHOICES,
    FormatChoice,
    Option,
    default_paths,
    finish,
    handle_errors,
    paths_argument,
    repository,
    shown,
)
from docgen.report import render_report

if TYPE_CHECKING:
    pass


@click.command(context_settings=CONTEXT, short_help="Vérifie les contrats et leurs modèles Word.")
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=FormatChoice(list(FORMAT_CHOICES)),
    default="texte",
    show_default=True,
    help="texte : pour une personne ; json : pour un script ; junit : GitLab, Jenkins ; "
    "github : annotations des pull requests.",
)
@click.option("--strict", is_flag=True, help="Les avertissements font aussi échouer.")
@click.option(
    "--pour-signature",
    "for_signature",
    cls=Option,
    aliases=["--for-signature"],
    is_flag=True,
    help="Exige aussi ce qu'un projet peut laisser vide : dates de signature et de "
    "délibération, numéro de délibération, nombre d'exemplaires.",
)
@handle_errors
def check(chemins: tuple[Path, ...], fmt: str, strict: bool, for_signature: bool) -> None:
    """Vérifie les contrats (fichiers ou dossiers ; par défaut : contracts/ du dépôt).

    Chaque anomalie est signalée avec son fichier, sa ligne et son champ ; les modèles
    Word du dépôt (templates/) sont vérifiés aussi. Code de sortie : 0 si tout est
    conforme, 1 si un contrat est à corriger, 2 si docgen n'a pas pu s'exécuter.
    """
    from docgen.commands.check import check as run_check

    with repository("check", exclusive=False):
        paths = default_paths(chemins)
        result = run_check(paths, for_signature=for_signature)
    if not result.files:
        # « 0 fichier vérifié : aucune anomalie » would pass a CI that checked nothing.
        from docgen.core.errors import UsageError

        raise UsageError(
            f"aucun fichier .yaml à vérifier dans {', '.join(shown(p) for p in paths)}",
            "indiquez le dossier des contrats (contracts/) ou des fichiers .yaml",
        )
    fmt = FORMAT_CHOICES.get(fmt, fmt)
    color = fmt == "text" and sys.stdout.isatty()
    click.echo(render_report(result, fmt, color=color, strict=strict), nl=False, color=color)
    finish(result, strict=strict, quiet_findings=True)
