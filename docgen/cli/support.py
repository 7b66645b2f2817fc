"""What every ``docgen`` command shares: the one place where a result becomes printed
lines and an exit code (``finish``), docgen's errors turned into French messages
(``handle_errors``), the repository's lock told on stderr, the default paths, and the
options several commands take.

Exit codes, decided in ``finish`` and ``handle_errors`` and nowhere else: 0 everything
fine, 1 a file has findings to fix, 2 docgen could not run (bad arguments, unreadable
file, missing template, a document edited by hand that would be overwritten).
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

from docgen.core.errors import DocgenError, os_failure
from docgen.core.findings import display_path, printable
from docgen.report import FORMATS, print_findings

if TYPE_CHECKING:
    from docgen.core.result import Result

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
FORMAT_CHOICES = {_FORMAT_NAMES.get(f, f): f for f in FORMATS}

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


paths_argument = click.argument("chemins", nargs=-1, type=click.Path(path_type=Path, exists=False))


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
