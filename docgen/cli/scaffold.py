"""``docgen init`` and ``docgen new``: a repository, a Département, a convention's skeleton."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from docgen.cli.support import (
    CONTEXT,
    finish,
    handle_errors,
    repository,
)
from docgen.core.findings import display_path

if TYPE_CHECKING:
    pass


@click.command(context_settings=CONTEXT, short_help="Prépare le dépôt et ajoute un Département.")
@click.argument("departement", metavar="[DÉPARTEMENT]", required=False)
@click.option("--nom", help="Nom du Département, sans article (Nord, Pas-de-Calais).")
@click.option(
    "--article",
    type=click.Choice(["du", "de la", "de l'", "des", "de"]),
    help="Article devant le nom : « Département du Nord », « de la Somme ».",
)
@click.option("--code", help="Code officiel géographique du Département (59, 2A, 971).")
@handle_errors
def init(departement: str | None, nom: str | None, article: str | None, code: str | None) -> None:
    """Fait du dossier courant un dépôt de contrats, et y ajoute un Département.

    Écrit docgen.toml (la racine du dépôt), les schémas pour l'éditeur (.docgen/schemas/),
    et, pour DÉPARTEMENT (le nom de son dossier : nord, pas-de-calais),
    contracts/DÉPARTEMENT/departement.yaml à remplir et une copie des modèles Word livrés
    dans templates/DÉPARTEMENT/, à modifier dans Word ; enfin les vérifications pour
    pre-commit et GitHub Actions. N'écrase jamais un fichier : ceux qui existent sont
    conservés, et nommés.
    """
    from docgen.commands.init import Answers
    from docgen.commands.init import init as run_init

    if departement is None and (nom or article or code):
        raise click.UsageError("--nom, --article et --code demandent un DÉPARTEMENT")
    with repository("init", exclusive=False):
        finish(run_init(departement, Answers(nom, article, code)))


@click.command(context_settings=CONTEXT, short_help="Écrit le squelette d'une nouvelle convention.")
@click.argument("departement", metavar="DÉPARTEMENT")
@click.argument("service", metavar="SERVICE", required=False)
@handle_errors
def new(departement: str, service: str | None) -> None:
    """Écrit le squelette commenté d'une convention : contracts/DÉPARTEMENT/SERVICE.yaml.

    Le Département doit exister (docgen init DÉPARTEMENT). On peut aussi donner le chemin
    du fichier à écrire (docgen new contracts/nord/mon-service.yaml). N'écrase jamais un
    fichier.
    """
    from docgen.commands.new import target_of, write_skeleton

    with repository("new", exclusive=False):
        path = write_skeleton(target_of(departement, service))
    click.echo(f"Squelette créé : {display_path(path)}")
    click.echo(
        "Remplissez les « à compléter » et « AAAA-MM-JJ », puis : "
        f"docgen check {display_path(path)}"
    )
