"""``docgen budget apply``: a budget vote applied, one avenant per convention, or
simulated."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from docgen.cli.support import (
    CONTEXT,
    Option,
    default_output,
    finish,
    force_option,
    handle_errors,
    output_option,
    pdf_option,
    repository,
)
from docgen.report import budget_table, plural

if TYPE_CHECKING:
    pass


@click.group(
    context_settings=CONTEXT,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    short_help="Applique un vote du budget : un avenant par convention.",
)
def budget() -> None:
    """Votes du budget : un avenant financier par convention du Département."""


@budget.command(
    "apply", context_settings=CONTEXT, short_help="Applique un vote : un avenant par convention."
)
@click.argument("vote", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--simulation",
    "dry_run",
    cls=Option,
    aliases=["--dry-run"],
    is_flag=True,
    help="Affiche, par service, l'ancienne et la nouvelle dotation et l'écart, sans rien écrire.",
)
@output_option
@pdf_option
@force_option
@handle_errors
def budget_apply(vote: Path, dry_run: bool, sortie: Path | None, pdf: bool, force: bool) -> None:
    """Applique un vote du budget (contracts/<département>/budgets/<exercice>.yaml).

    Nouvelle dotation = dotation en vigueur × (1 + taux), arrondie au centime (au centime
    supérieur à partir d'un demi-centime), + mesures nouvelles ; ou la dotation fixée par
    une dérogation. Ajoute l'avenant à la fin de chaque convention et rend chaque avenant.
    Tout est écrit, ou rien.
    """
    out = default_output(sortie)
    with repository("budget apply", exclusive=not dry_run, out=out):
        _budget_apply(vote, dry_run, out, pdf, force)


def _budget_apply(vote: Path, dry_run: bool, out: Path, pdf: bool, force: bool) -> None:
    from docgen.commands import budget as budget_command
    from docgen.core.workspace import Workspace
    from docgen.registry import default_registry

    workspace = Workspace(default_registry())  # the files are read once for both steps
    result, plan = budget_command.plan(vote, workspace=workspace)
    if plan is None:
        result.notes.append(budget_command.FORESEEN if dry_run else budget_command.REFUSED)
    elif not plan.revaluations:
        result.notes.append(
            f"Le budget {plan.budget.reference} est déjà appliqué à toutes les conventions : "
            "rien à faire."
        )
    else:
        click.echo(budget_table(plan), nl=False)
        if dry_run:
            result.notes.append("Simulation (--simulation) : aucun fichier n'a été modifié.")
        else:
            result = budget_command.apply(vote, out, to_pdf=pdf, force=force, workspace=workspace)
            if result.produced:
                click.echo()
                result.notes.append(
                    plural(result.produced, "avenant ajouté et rendu", "avenants ajoutés et rendus")
                    + "."
                )
    finish(result)
