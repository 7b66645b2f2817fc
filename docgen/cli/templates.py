"""``docgen modeles``: the fields and filters a Word template may use, and the migration
of a template written for an earlier docgen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.support import (
    CONTEXT,
    finish,
    handle_errors,
    repository,
)

if TYPE_CHECKING:
    pass


@click.group(
    context_settings=CONTEXT,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    short_help="Aide à écrire les modèles Word : champs, filtres, migration.",
)
def modeles() -> None:
    """Les modèles Word : les champs et les filtres qu'une balise peut employer, et la
    réécriture en français d'un modèle d'une version précédente."""


sorte_option = click.option(
    "--sorte",
    metavar="MODÈLE",
    help="Le modèle dont il s'agit (convention, avenant, deliberation, annexe-financiere, "
    "liste-conventions), quand le nom du fichier ne le dit pas.",
)


@modeles.command(
    "champs",
    context_settings=CONTEXT,
    short_help="Les champs d'un modèle, avec un exemple tiré des contrats.",
)
@click.argument("modele", metavar="[MODÈLE]", required=False)
@sorte_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["texte", "markdown"]),
    default="texte",
    show_default=True,
    help="texte : pour une personne ; markdown : un tableau pour la documentation.",
)
@handle_errors
def modeles_champs(modele: str | None, sorte: str | None, fmt: str) -> None:
    """Les champs qu'un modèle peut employer dans ses balises {{ … }} et {% … %}, en
    français, avec d'où vient chaque valeur et un exemple tiré des contrats du dépôt.

    MODÈLE : convention, avenant, deliberation, annexe-financiere, liste-conventions, ou
    un fichier .docx (templates/nord/convention.docx) ; sans MODÈLE : la convention.
    """
    from docgen.commands import templates

    template = templates.template_of(modele or sorte or "convention", kind=sorte)
    with repository("modeles champs", exclusive=False):
        paths = _existing_default_paths()
        guide = templates.field_guide(template, paths)
    text = templates.guide_markdown(guide) if fmt == "markdown" else templates.guide_text(guide)
    click.echo(text, nl=False)


def _existing_default_paths() -> list[Path]:
    from docgen.core.project import current_project

    contracts = current_project().contracts
    return [contracts] if contracts.is_dir() else []


@modeles.command(
    "filtres", context_settings=CONTEXT, short_help="Les filtres des balises, avec un exemple."
)
@handle_errors
def modeles_filtres() -> None:
    """Les filtres qui mettent une valeur en forme : {{ financement.dotation|montant }}."""
    from docgen.commands import templates

    click.echo(templates.filters_text(), nl=False)


@modeles.command(
    "migrer",
    context_settings=CONTEXT,
    short_help="Réécrit en français les balises d'un modèle d'une version précédente.",
)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False))
@sorte_option
@handle_errors
def modeles_migrer(fichier: Path, sorte: str | None) -> None:
    """Réécrit en français les balises d'un modèle Word écrit pour une version précédente
    de docgen ({{ association.name }} devient {{ association.nom }}, |amount devient
    |montant), sans toucher au reste du document. L'original est conservé à côté
    (FICHIER.avant-migration.docx). Puis vérifie le modèle réécrit.
    """
    from docgen.commands import templates

    template = templates.template_of(fichier.name, kind=sorte)
    with repository("modeles migrer", exclusive=True):
        migrated = templates.migrate_template(fichier, template)
    finish(templates.migration_result(migrated))
