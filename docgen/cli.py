"""The ``docgen`` command: parses options, calls one engine function, prints, exits.

Exit codes, decided here and only here: 0 everything fine, 1 a contract has findings,
2 docgen could not run (bad arguments, unreadable file, missing template).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from docgen import cli_i18n
from docgen.check import check_paths
from docgen.core.errors import ContractError, DocgenError
from docgen.core.findings import Finding, Severity
from docgen.report import FORMATS, plural, render_report

cli_i18n.install()

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_PATHS = (Path("contracts"),)
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def handle_errors(func: F) -> F:
    """Turn docgen's exceptions into a French message on stderr and their exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DocgenError as error:
            click.echo(f"docgen : {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo("docgen : interrompu", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(package_name="docgen", message="docgen %(version)s")
def main() -> None:
    """docgen : conventions de prévention spécialisée, avenants et annexes de délibération.

    Les contrats sont décrits en YAML (un fichier par convention, un departement.yaml
    par Département), vérifiés, puis rendus en documents Word.
    """


paths_argument = click.argument("chemins", nargs=-1, type=click.Path(path_type=Path, exists=False))


@main.command(context_settings=CONTEXT)
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text : pour une personne ; json : pour un script ; junit : GitLab, Jenkins ; "
    "github : annotations des pull requests.",
)
@click.option("--strict", is_flag=True, help="Les avertissements font aussi échouer.")
@click.option(
    "--for-signature",
    is_flag=True,
    help="Exige aussi ce qu'un projet peut laisser vide : dates de signature et de "
    "délibération, numéro de délibération, nombre d'exemplaires.",
)
@handle_errors
def check(chemins: tuple[Path, ...], fmt: str, strict: bool, for_signature: bool) -> None:
    """Vérifie les contrats (fichiers ou dossiers ; par défaut : contracts/).

    Chaque anomalie est signalée avec son fichier, sa ligne et son champ. Code de sortie :
    0 si tout est conforme, 1 si un contrat est à corriger, 2 si docgen n'a pas pu
    s'exécuter.
    """
    result = check_paths(chemins or DEFAULT_PATHS, for_signature=for_signature)
    color = fmt == "text" and sys.stdout.isatty()
    click.echo(render_report(result, fmt, color=color), nl=False, color=color)
    if result.errors() or (strict and result.findings):
        sys.exit(ContractError.exit_code)


@main.command(context_settings=CONTEXT)
@click.argument("chemin", type=click.Path(path_type=Path))
@handle_errors
def new(chemin: Path) -> None:
    """Crée le squelette commenté d'une nouvelle convention (sans écraser un fichier)."""
    from docgen.skeleton import write_skeleton

    write_skeleton(chemin)
    click.echo(f"Squelette créé : {chemin}")
    click.echo(f"Remplissez les « à compléter », puis : docgen check {chemin}")


output_option = click.option(
    "--sortie",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("build"),
    show_default=True,
    help="Dossier où écrire les documents.",
)
pdf_option = click.option(
    "--pdf", is_flag=True, help="Produit aussi le PDF (nécessite LibreOffice)."
)
force_option = click.option(
    "--force",
    is_flag=True,
    help="Remplace aussi les documents modifiés à la main depuis leur génération.",
)


@main.command(context_settings=CONTEXT)
@click.argument("contrat", type=click.Path(path_type=Path, dir_okay=False))
@output_option
@pdf_option
@force_option
@click.option(
    "--consolidated",
    is_flag=True,
    help="Rend la convention telle que modifiée par tous ses avenants (le texte en vigueur).",
)
@handle_errors
def render(contrat: Path, sortie: Path, pdf: bool, force: bool, consolidated: bool) -> None:
    """Rend la convention Word d'un contrat et ses avenants (et leurs PDF avec --pdf)."""
    _build([contrat], sortie, pdf, force, consolidated)


@main.command(context_settings=CONTEXT)
@paths_argument
@output_option
@pdf_option
@force_option
@handle_errors
def build(chemins: tuple[Path, ...], sortie: Path, pdf: bool, force: bool) -> None:
    """Rend toutes les conventions conformes et leurs avenants ; signale les autres sans
    s'arrêter."""
    _build(list(chemins or DEFAULT_PATHS), sortie, pdf, force)


@main.command("deliberation", context_settings=CONTEXT)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False))
@output_option
@pdf_option
@force_option
@handle_errors
def deliberation_command(fichier: Path, sortie: Path, pdf: bool, force: bool) -> None:
    """Rend une délibération (contracts/<département>/deliberations/<numéro>.yaml).

    Produit la délibération, son annexe financière, la liste des conventions à signer et
    la convention type annexée le cas échéant, puis l'export pour le contrôle de légalité
    (JSON : nature, numéro, date, objet, classification, annexes et leur SHA-256).
    """
    from docgen.deliberation import build_deliberation

    built = build_deliberation(fichier, sortie, to_pdf=pdf, force=force)
    if built.findings:
        print_findings(built.findings)
    for written in built.written:
        click.echo(f"{_STATUS[written.status]} : {written.path}")
    if has_errors(built.findings):
        click.echo("délibération non rendue : corrigez les anomalies ci-dessus", err=True)
        sys.exit(ContractError.exit_code)


@main.group(context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
def budget() -> None:
    """Votes du budget : un avenant financier par convention du Département."""


@budget.command("apply", context_settings=CONTEXT)
@click.argument("vote", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Affiche, par service, l'ancienne et la nouvelle dotation et l'écart, sans rien écrire.",
)
@output_option
@pdf_option
@force_option
@handle_errors
def budget_apply(vote: Path, dry_run: bool, sortie: Path, pdf: bool, force: bool) -> None:
    """Applique un vote du budget (contracts/<département>/budgets/<exercice>.yaml).

    Nouvelle dotation = dotation en vigueur × (1 + taux), arrondie au centime (au centime
    supérieur à partir d'un demi-centime), + mesures nouvelles ; ou la dotation fixée par
    une dérogation. Ajoute l'avenant à la fin de chaque convention et rend chaque avenant.
    Tout est écrit, ou rien.
    """
    from docgen.budget import BudgetRefused, apply_budget, plan_budget
    from docgen.report import budget_table

    try:
        plan = plan_budget(vote)
    except BudgetRefused as refused:
        print_findings(sorted(refused.findings, key=lambda f: (f.file, f.line or 0)))
        raise
    if not plan.revaluations:
        click.echo(
            f"Le budget {plan.budget.reference} est déjà appliqué à toutes les conventions : "
            "rien à faire."
        )
        return
    click.echo(budget_table(plan), nl=False)
    if dry_run:
        click.echo("Simulation (--dry-run) : aucun fichier n'a été modifié.")
        return
    applied = apply_budget(plan, sortie, to_pdf=pdf, force=force)
    click.echo()
    for path in applied.files:
        click.echo(f"avenant ajouté : {path}")
    for written in applied.documents:
        click.echo(f"{_STATUS[written.status]} : {written.path}")
    click.echo(
        f"{plural(len(applied.files), 'avenant ajouté et rendu', 'avenants ajoutés et rendus')}."
    )


def _build(
    paths: Sequence[Path], out: Path, to_pdf: bool, force: bool, consolidated: bool = False
) -> None:
    from docgen.build import build_conventions

    report = build_conventions(paths, out, to_pdf=to_pdf, force=force, consolidated=consolidated)
    for written in report.written:
        click.echo(f"{_STATUS[written.status]} : {written.path}")
    findings = report.check.sorted_findings()
    if findings:
        print_findings(findings)
        failed = len({f.file for f in findings if f.severity is Severity.ERROR})
        if failed:
            click.echo(
                f"{plural(failed, 'contrat non rendu', 'contrats non rendus')} (voir ci-dessus)",
                err=True,
            )
    click.echo(
        f"{plural(len(report.check.conventions), 'convention rendue', 'conventions rendues')}"
        f" dans {out}/"
    )
    if has_errors(findings):
        sys.exit(ContractError.exit_code)


_STATUS = {"created": "créé", "updated": "mis à jour", "unchanged": "inchangé"}


def print_findings(findings: Sequence[Finding]) -> None:
    for finding in findings:
        click.echo(finding.text())


def has_errors(findings: Sequence[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
