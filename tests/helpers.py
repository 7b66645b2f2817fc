"""Short ways for tests to check files and render the documents of typed models."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main
from docgen.commands.check import check
from docgen.core.findings import Finding
from docgen.core.kind import WordDocument
from docgen.core.outputs import render_document
from docgen.core.result import Result
from docgen.core.vocabulary import field_docs
from docgen.core.workspace import Entry, Workspace
from docgen.kinds import avenant as avenant_kind
from docgen.kinds import convention as convention_kind
from docgen.kinds.avenant.context import AvenantContext, avenant_context
from docgen.kinds.common import BLANK
from docgen.kinds.convention.context import ConventionContext, convention_context
from docgen.kinds.convention.model import Convention
from docgen.kinds.deliberation.model import Checked
from docgen.registry import default_registry

__all__ = [
    "AVENANT_FIELDS",
    "BLANK",
    "FIELD_SOURCES",
    "avenant_context",
    "convention_context",
]

# The names a template may use (French), and where their values come from.
FIELD_SOURCES = {d.name: d.text for d in field_docs(ConventionContext)}
AVENANT_FIELDS = {d.name: d.text for d in field_docs(AvenantContext)}


@dataclass
class CheckView(Result):
    """A check's result, with the valid typed models of the files it read."""

    conventions: list[Convention] = field(default_factory=list)
    deliberations: list[Checked] = field(default_factory=list)


def make_project(
    root: Path,
    departement: str = "essai",
    files: Iterable[Path] = (),
    *,
    source: Path | None = None,
) -> Path:
    """A contracts repository at ``root`` (marked by docgen.toml) with one Département,
    ``contracts/<departement>/``: the test Département's file and ``files``, copied."""
    from tests.conftest import DATA

    folder = root / "contracts" / departement
    folder.mkdir(parents=True, exist_ok=True)
    (root / "docgen.toml").write_text("# dépôt de contrats de test\n", encoding="utf-8")
    (folder / "departement.yaml").write_bytes(
        (source or DATA / "contracts" / "departement.yaml").read_bytes()
    )
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def check_paths(paths: Iterable[Path], *, for_signature: bool = False) -> CheckView:
    result = check(paths, for_signature=for_signature, jobs=1)  # its entries, in this process
    entries: list[Entry] = result.payload  # type: ignore[assignment]
    view = CheckView(**vars(result))
    for entry in entries:
        if isinstance(entry.valid, Convention):
            view.conventions.append(entry.valid)
        if isinstance(entry.valid, Checked):
            view.deliberations.append(entry.valid)
    return view


def run() -> Workspace:
    """A run of its own, for what a test makes outside a command."""
    return Workspace(default_registry())


def render(document: WordDocument, governor: Path) -> bytes:
    workspace = Workspace(default_registry())
    return render_document(document, workspace.template_path(governor, document.template))


def render_convention(convention: Convention) -> bytes:
    (document,) = [
        d
        for d in convention_kind.KIND.outputs(convention, _plain(), run())  # type: ignore[misc]
        if isinstance(d, WordDocument)
    ]
    return render(document, convention.departement.source)


def render_avenant(convention: Convention, number: int) -> bytes:
    document = avenant_kind.avenant_document(convention, number, run())
    return render(document, convention.departement.source)


def render_consolidated(convention: Convention) -> bytes:
    return render(avenant_kind.consolidated_document(convention), convention.departement.source)


def field_table_markdown() -> str:
    rows = [f"| `{name}` | {source} |" for name, source in FIELD_SOURCES.items()]
    return "\n".join(["| Champ du modèle | Champ YAML |", "|---|---|", *rows]) + "\n"


def _plain():  # type: ignore[no-untyped-def]
    from docgen.core.kind import OutputOptions

    return OutputOptions()


def plan_budget(vote: Path):  # type: ignore[no-untyped-def]
    """The budget plan of ``vote`` (the test fails with the findings if it is refused)."""
    from docgen.commands import budget as budget_command

    result, plan = budget_command.plan(vote)
    assert plan is not None, result.findings
    return plan


def template_for(departement, name: str = "convention") -> Path:  # type: ignore[no-untyped-def]
    """The template a Département's documents of ``name`` use."""
    registry = default_registry()
    return Workspace(registry).template_path(departement.source, registry.templates()[name])


def build_deliberation(path: Path, out: Path, *, to_pdf: bool = False, force: bool = False):  # type: ignore[no-untyped-def]
    """``docgen deliberation``: the result of building one deliberation file."""
    from docgen.commands.build import build
    from docgen.core.kind import OutputOptions
    from docgen.kinds import deliberation as deliberation_kind

    return build(
        [path], out, options=OutputOptions(pdf=to_pdf), force=force, expect=deliberation_kind.KIND
    )


def inspect_deliberation(path: Path) -> tuple[Checked | None, list[Finding]]:
    """The checked deliberation (or None) and its own findings."""
    entry = Workspace(default_registry()).entry(path)
    return entry.valid, entry.findings


def new_file_texts(plan):  # type: ignore[no-untyped-def]

    from docgen.commands.budget_trial import new_file_texts as texts

    return texts(Workspace(default_registry()), plan)


def invoke(*args: str) -> tuple[int, str]:
    """``docgen ARGS`` in this process: its exit code and output, never a traceback."""
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def pas_de_calais_repository(root: Path, contracts: Path) -> Path:
    """A contracts repository in ``root`` with the Pas-de-Calais's files of ``contracts``."""
    shutil.copytree(contracts / "pas-de-calais", root / "contracts" / "pas-de-calais")
    (root / "docgen.toml").write_text("", "utf-8")
    return root
