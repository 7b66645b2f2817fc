"""``docgen build``, ``render`` and ``deliberation``: documents rendered from the
contracts, incrementally, with the closing line a user reads."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from docgen.cli.support import (
    CONTEXT,
    Option,
    default_output,
    default_paths,
    finish,
    force_option,
    handle_errors,
    jobs_option,
    output_option,
    paths_argument,
    pdf_option,
    quiet_option,
    rebuild_option,
    repository,
    shown,
)
from docgen.core.findings import display_path
from docgen.core.options import OutputOptions
from docgen.report import plural

if TYPE_CHECKING:
    from docgen.core.kind import Kind
    from docgen.core.workspace import Workspace


def _build(
    paths: list[Path],
    out: Path,
    *,
    pdf: bool,
    force: bool,
    consolidated: bool = False,
    expect: str | None = None,
    single: bool = False,
    jobs: int | None = None,
    quiet: bool = False,
) -> None:
    with repository(expect or ("render" if single else "build"), exclusive=True, out=out):
        _build_locked(
            paths,
            out,
            pdf=pdf,
            force=force,
            consolidated=consolidated,
            expect=expect,
            single=single,
            jobs=jobs,
            quiet=quiet,
        )


def _build_locked(
    paths: list[Path],
    out: Path,
    *,
    pdf: bool,
    force: bool,
    consolidated: bool,
    expect: str | None,
    single: bool,
    jobs: int | None,
    quiet: bool,
) -> None:
    from docgen.commands.build import BuildSummary, orphan_notes
    from docgen.commands.build import build as run_build
    from docgen.core.progress import closing_line

    # The kinds only when the command names one file or one kind: ``docgen build`` makes
    # its workspace when a file is not « à jour », and a build that changes nothing
    # imports none of them.
    workspace = _workspace_for(paths[0]) if single else None
    result = run_build(
        paths,
        out,
        options=OutputOptions(consolidated=consolidated, pdf=pdf),
        force=force,
        expect=_kind_named(expect) if expect else None,
        workspace=workspace,
        jobs=jobs,
        progress=not quiet,
    )
    summary = result.payload
    assert isinstance(summary, BuildSummary)
    failed = summary.failed  # the contracts not rendered; a template in error is not one
    if failed:
        result.notes.append(
            f"{plural(failed, 'fichier non rendu', 'fichiers non rendus')} (voir ci-dessus)"
        )
    result.notes += orphan_notes(summary, out)
    result.notes.append(f"Documents dans {shown(out)}/")
    result.notes.append(closing_line(summary.built, summary.fresh, summary.failed, summary.seconds))
    finish(result, quiet=quiet)


def _workspace_for(path: Path) -> Workspace:
    """The workspace of ``docgen render``, which first refuses a file with no document."""
    from docgen.commands.build import renders_anything
    from docgen.core.errors import UsageError
    from docgen.core.workspace import Workspace
    from docgen.registry import default_registry

    registry = default_registry()
    workspace = Workspace(registry)
    kind = workspace.kind_of(path)
    if not renders_anything(kind, registry):
        raise UsageError(
            f"{display_path(path)} est {kind.label} : il ne produit aucun document",
            "indiquez une convention ou une délibération",
        )
    return workspace


def _kind_named(name: str) -> Kind[Any]:
    from docgen.registry import default_registry

    return default_registry().by_name[name]


@click.command(context_settings=CONTEXT, short_help="Rend les documents d'un seul fichier.")
@click.argument("contrat", type=click.Path(path_type=Path, dir_okay=False))
@output_option
@pdf_option
@force_option
@click.option(
    "--consolidee",
    "consolidated",
    cls=Option,
    aliases=["--consolidated"],
    is_flag=True,
    help="Rend la convention telle que modifiée par tous ses avenants (le texte en vigueur).",
)
@handle_errors
def render(contrat: Path, sortie: Path | None, pdf: bool, force: bool, consolidated: bool) -> None:
    """Rend les documents d'un contrat : la convention et ses avenants, ou une délibération
    et ses annexes (et leurs PDF avec --pdf)."""
    out = default_output(sortie)
    _build([contrat], out, pdf=pdf, force=force, consolidated=consolidated, single=True)


@click.command(context_settings=CONTEXT, short_help="Rend les documents de tous les contrats.")
@paths_argument
@output_option
@pdf_option
@rebuild_option
@jobs_option
@quiet_option
@handle_errors
def build(
    chemins: tuple[Path, ...],
    sortie: Path | None,
    pdf: bool,
    force: bool,
    jobs: int | None,
    quiet: bool,
) -> None:
    """Rend les documents de tous les fichiers conformes (conventions, avenants,
    délibérations) ; signale les autres sans s'arrêter. Chaque document dit de quel
    modèle Word il vient (et build/manifest.json aussi).

    Seul ce qui a changé est reconstruit : un fichier dont ni le contenu, ni le
    departement.yaml, ni les fichiers qu'il cite, ni les modèles Word, ni la version de
    docgen n'ont changé, et dont les documents sont intacts, est « à jour » ; ses
    anomalies sont rappelées. Les documents dont le contrat a disparu sont signalés
    « orphelin », jamais supprimés. La dernière ligne dit combien de documents ont été
    construits, combien étaient à jour, combien de fichiers sont en échec, et en combien
    de temps."""
    _build(
        default_paths(chemins),
        default_output(sortie),
        pdf=pdf,
        force=force,
        jobs=jobs,
        quiet=quiet,
    )


@click.command(
    "deliberation",
    context_settings=CONTEXT,
    short_help="Rend une délibération et ses annexes.",
)
@click.argument("fichier", type=click.Path(path_type=Path, dir_okay=False))
@output_option
@pdf_option
@force_option
@handle_errors
def deliberation_command(fichier: Path, sortie: Path | None, pdf: bool, force: bool) -> None:
    """Rend une délibération (contracts/<département>/deliberations/<numéro>.yaml).

    Produit la délibération, son annexe financière, la liste des conventions à signer et
    la convention type annexée le cas échéant, puis l'export pour le contrôle de légalité
    (JSON : nature, numéro, date, objet, classification, annexes et leur SHA-256).
    """
    _build([fichier], default_output(sortie), pdf=pdf, force=force, expect="deliberation")
