"""The ``docgen`` command: parses options, calls one command function, prints, exits.

Exit codes, decided in ``finish`` and nowhere else: 0 everything fine, 1 a file has
findings to fix, 2 docgen could not run (bad arguments, unreadable file, missing
template, a document edited by hand that would be overwritten).

Options are French; the English spellings of earlier versions (``--for-signature``,
``--consolidated``, ``--dry-run``) still work but are not shown. Each command has a short
summary that ``docgen --help`` prints whole.

Each command imports what it runs inside its function, never at the top of this module:
``docgen --help`` or a build where everything is « à jour » does not import the kinds,
the template engine or the schemas (``python -X importtime -m docgen build``).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from docgen import cli_i18n
from docgen.core.errors import DocgenError, os_failure
from docgen.core.findings import display_path, printable
from docgen.core.options import OutputOptions
from docgen.report import FORMATS, budget_table, plural, print_findings, render_report

if TYPE_CHECKING:
    from docgen.core.kind import Kind
    from docgen.core.result import Result
    from docgen.core.workspace import Workspace

cli_i18n.install()

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_STATUS = {
    "created": "créé",
    "updated": "mis à jour",
    "unchanged": "inchangé",
    "kept": "conservé (existe déjà)",
    "failed": "non écrit",
}
# --format: French value names (« texte ») for docgen.report's; the English « text » is
# still accepted, not shown.
_FORMAT_NAMES = {"text": "texte"}
_FORMATS = {_FORMAT_NAMES.get(f, f): f for f in FORMATS}

if TYPE_CHECKING:
    _Choice = click.Choice[str]
else:  # click.Choice is generic only from click 8.2 on
    _Choice = click.Choice


class FormatChoice(_Choice):
    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        return super().convert(_FORMAT_NAMES.get(value, value), param, ctx)


class Option(click.Option):
    """An option whose ``aliases`` (older spellings) work but are not shown in --help."""

    def __init__(self, *args: Any, aliases: Sequence[str] = (), **kwargs: Any) -> None:
        self.aliases = tuple(aliases)
        decls = list(args[0]) if args else []
        super().__init__([*decls, *self.aliases], *args[1:], **kwargs)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        shown = self.opts
        self.opts = [o for o in shown if o not in self.aliases]
        try:
            return super().get_help_record(ctx)
        finally:
            self.opts = shown


def finish(
    result: Result, *, strict: bool = False, quiet_findings: bool = False, quiet: bool = False
) -> NoReturn:
    """Print what a command produced and found, then exit with its one exit code.

    ``quiet`` (--quiet) leaves out the files written, not those that could not be: it
    changes what is printed, never the exit code.
    """
    for written in result.written:
        if quiet and written.status != "failed":
            continue
        line = f"{_STATUS[written.status]} : {shown(written.path)}"
        if written.template is not None:
            line += f" (modèle : {written.template})"
        click.echo(line)
    if result.findings and not quiet_findings:
        print_findings(result.sorted_findings())
    failed = any(w.status == "failed" for w in result.written)
    for note in result.notes:
        click.echo(note, err=bool(result.errors()) or failed)
    # A file that could not be written: docgen could not do all it was asked (exit 2),
    # though it wrote every other one.
    sys.exit(2 if failed else result.exit_code(strict=strict))


def handle_errors(func: F) -> F:
    """Turn docgen's exceptions into a French message on stderr and their exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DocgenError as error:
            click.echo(f"docgen : {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except BrokenPipeError:
            # The program reading the output (« docgen … | head ») stopped reading: nothing
            # to tell it, and Python would meet the closed pipe again flushing stdout.
            with suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(2)
        except OSError as error:
            # Last resort: a system error no layer below named (a disk that fills, a folder
            # made read-only while docgen runs) is still a French message, never a traceback.
            name = error.filename
            where = display_path(Path(name)) if isinstance(name, str | Path) else "un fichier"
            failure = os_failure(error, where)
            click.echo(f"docgen : {failure.format_message()}", err=True)
            sys.exit(failure.exit_code)
        except KeyboardInterrupt:
            click.echo("docgen : interrompu", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@contextmanager
def repository(command: str, *, exclusive: bool, out: Path | None = None) -> Iterator[None]:
    """The command's lock and recovery (docgen.commands.repository), told on stderr."""
    from docgen.commands.repository import repository as locked_repository

    def tell(line: str) -> None:
        click.echo(f"docgen : {line}", err=True)

    with locked_repository(command, exclusive=exclusive, out=out, tell=tell):
        yield


def default_paths(paths: Sequence[Path]) -> list[Path]:
    """The paths given, else the repository's ``contracts/`` (see docgen.core.project)."""
    from docgen.core.errors import UsageError
    from docgen.core.project import current_project

    if paths:
        return list(paths)
    project = current_project()
    if not project.contracts.is_dir():
        raise UsageError(
            f"aucun dossier contracts/ dans le dépôt de contrats {shown(project.root) or '.'}",
            "indiquez les fichiers à traiter, ou créez un Département : docgen init <département>",
        )
    return [project.contracts]


def default_output(out: Path | None) -> Path:
    """The folder given, else the repository's ``build/``."""
    from docgen.core.project import current_project

    return out if out is not None else current_project().build


def shown(path: Path) -> str:
    """``path`` as the user would type it: relative to the current directory when it is in
    the same repository (``../../build/…`` from a subfolder), else as it is."""
    from docgen.core.project import current_project

    text = display_path(path)
    if not Path(text).is_absolute():
        return text
    root = current_project().root
    if path.resolve().is_relative_to(root):
        return printable(os.path.relpath(path.resolve(), Path.cwd().resolve()))
    return text


@click.group(context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(package_name="docgen", message="docgen %(version)s")
def main() -> None:
    """docgen : conventions de prévention spécialisée, avenants et annexes de délibération.

    Les contrats sont décrits en YAML (un fichier par convention, un departement.yaml
    par Département), vérifiés, puis rendus en documents Word. docgen travaille dans le
    dépôt de contrats où il est lancé (le dossier du docgen.toml le plus proche, sinon du
    .git, sinon le dossier courant) : contracts/, templates/, build/.
    """


paths_argument = click.argument("chemins", nargs=-1, type=click.Path(path_type=Path, exists=False))


@main.command(context_settings=CONTEXT, short_help="Vérifie les contrats et leurs modèles Word.")
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=FormatChoice(list(_FORMATS)),
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
    fmt = _FORMATS.get(fmt, fmt)
    color = fmt == "text" and sys.stdout.isatty()
    click.echo(render_report(result, fmt, color=color, strict=strict), nl=False, color=color)
    finish(result, strict=strict, quiet_findings=True)


@main.command(context_settings=CONTEXT, short_help="Prépare le dépôt et ajoute un Département.")
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


@main.command(context_settings=CONTEXT, short_help="Écrit le squelette d'une nouvelle convention.")
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


output_option = click.option(
    "--sortie",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Dossier où écrire les documents (par défaut : build/ à la racine du dépôt).",
)
pdf_option = click.option(
    "--pdf", is_flag=True, help="Produit aussi le PDF (nécessite LibreOffice)."
)
force_option = click.option(
    "--force",
    is_flag=True,
    help="Remplace aussi les documents modifiés à la main depuis leur génération.",
)
rebuild_option = click.option(
    "--force",
    is_flag=True,
    help="Reconstruit tous les documents, même ceux qui sont à jour ; remplace aussi les "
    "documents modifiés à la main depuis leur génération.",
)


def _at_least_one(ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    if value is not None and value < 1:
        raise click.BadParameter("au moins 1 processus", ctx=ctx, param=param)
    return value


jobs_option = click.option(
    "--jobs",
    "-j",
    type=int,
    callback=_at_least_one,
    default=None,
    metavar="N",
    help="Nombre de processus qui rendent les documents (par défaut : un par cœur). "
    "Le résultat est le même, octet pour octet, quel que soit N.",
)
quiet_option = click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="N'affiche ni la barre de progression ni la liste des fichiers écrits : "
    "seulement les anomalies et la ligne finale.",
)


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


@main.command(context_settings=CONTEXT, short_help="Rend les documents d'un seul fichier.")
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


@main.command(context_settings=CONTEXT, short_help="Rend les documents de tous les contrats.")
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


@main.command(
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


@main.group(
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


@main.group(
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


@main.command(
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
