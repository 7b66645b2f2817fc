"""``docgen modeles``: what a juriste needs to write a Word template.

``champs`` is the field guide: every name a template may use, in French, with where its
value comes from and an example taken from the repository's own contracts; ``filtres``
the filters, each with an example. ``migrer`` rewrites a template written for an earlier
version (English names) in French, keeping a copy of the original.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from docgen.commands.reference import filter_docs, jinja_filters_text
from docgen.core import french as fr
from docgen.core.atomic import write_together
from docgen.core.errors import OverwriteRefused, UsageError, read_failure
from docgen.core.findings import Finding, display_path
from docgen.core.journal import Transaction
from docgen.core.kind import OutputOptions, Registry, Template, WordDocument
from docgen.core.lint import lint_template
from docgen.core.lock import state_dir
from docgen.core.migration import Migration, migrate
from docgen.core.project import current_project
from docgen.core.result import Result
from docgen.core.vocabulary import FieldDoc, field_docs
from docgen.core.workspace import Workspace
from docgen.registry import default_registry


@dataclass(frozen=True)
class FieldExample:
    """A row of the field guide."""

    field: FieldDoc
    example: str  # the value in one of the repository's contracts, as a template prints it


@dataclass(frozen=True)
class FieldGuide:
    template: Template
    rows: tuple[FieldExample, ...]
    sources: tuple[Path, ...]  # the contracts the examples come from


def template_of(name: str, registry: Registry | None = None, kind: str | None = None) -> Template:
    """The template a name (« convention ») or a file (« templates/nord/calpae.docx »,
    a convention's own choice « convention-quartiers-sud.docx ») is a template of;
    ``kind`` names it when the file's name does not tell."""
    templates = (registry or default_registry()).templates()
    wanted = kind or Path(name).stem
    if wanted in templates:
        return templates[wanted]
    for known in sorted(templates, key=len, reverse=True):
        if wanted.startswith(f"{known}-"):
            return templates[known]
    raise UsageError(
        f"« {name} » : docgen ne sait pas de quel modèle il s'agit",
        "indiquez-le avec --sorte (" + ", ".join(sorted(templates)) + ")",
    )


# -- the field guide -------------------------------------------------------------------------


def field_guide(
    template: Template, paths: Sequence[Path], registry: Registry | None = None
) -> FieldGuide:
    """The names ``template`` may use, each with an example: its value in the first of the
    contracts of ``paths`` (files or folders) that gives one."""
    contexts = list(_example_contexts(template, paths, registry or default_registry()))
    rows = []
    for doc in field_docs(template.context):
        examples = (_example(context, doc.english) for context, _ in contexts)
        example = next((e for e in examples if e and not e.startswith("(")), "")
        rows.append(FieldExample(doc, example))
    return FieldGuide(template, tuple(rows), tuple(path for _, path in contexts))


EXAMPLE_FILES = 20  # contracts read for examples: enough to find most values


def _example_contexts(
    template: Template, paths: Sequence[Path], registry: Registry
) -> Iterator[tuple[object, Path]]:
    """The contexts of ``template`` that the first valid contracts of ``paths`` give."""
    workspace = Workspace(registry)
    try:
        files = workspace.discover(paths)
    except UsageError:
        return
    found = 0
    for path in files:
        entry = workspace.entry(path)
        model = entry.valid
        if model is None:
            continue
        for kind in registry.parts(entry.kind):
            for options in _options() if kind.outputs is not None else ():
                assert kind.outputs is not None
                for output in kind.outputs(model, options, workspace):
                    if isinstance(output, WordDocument) and output.template.name == template.name:
                        yield output.context, path
                        found += 1
        if found >= EXAMPLE_FILES:
            return


def _options() -> Iterator[OutputOptions]:
    yield OutputOptions()
    yield OutputOptions(consolidated=True)


def _example(context: object, chain: str) -> str:
    """The value of ``chain`` in ``context`` (the first element of a list, the first key of
    a mapping), as a short French text; "" for a level that groups values."""
    value: object = context
    for part in chain.split("."):
        name = part.removesuffix("[]")
        if name == "*":
            if not isinstance(value, dict) or not value:
                return ""
            value = next(iter(value.values()))
        elif isinstance(value, dict):
            value = value.get(name)
        else:
            value = getattr(value, name, None)
        if part.endswith("[]"):
            if not isinstance(value, tuple | list) or not value:
                return "(liste vide)"
            value = value[0]
        if value is None:
            return "(vide)"
    return _shown(value)


def _shown(value: object) -> str:
    if isinstance(value, enum.Enum):  # as the YAML writes it, as a template reads it
        value = value.value
    if isinstance(value, bool):
        return "vrai" if value else "faux"
    if isinstance(value, Decimal):
        return fr.number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return fr.date_long(value)
    if isinstance(value, str):
        text = " ".join(value.split())
        if not text:
            return "(vide)"
        text = text if len(text) <= 60 else text[:59] + "…"
        return f"« {text} »"
    if isinstance(value, tuple | list):
        return f"({len(value)} éléments)"
    if isinstance(value, dict):
        return f"({len(value)} clés)"
    if dataclasses.is_dataclass(value):
        return ""
    return str(value)


def guide_text(guide: FieldGuide) -> str:
    """The field guide for a terminal."""
    name = f"{guide.template.name}.docx"
    source = (
        f"exemples tirés des contrats du dépôt ({len(set(guide.sources))})"
        if guide.sources
        else "aucun contrat du dépôt n'utilise ce modèle : pas d'exemple"
    )
    lines = [f"Champs du modèle {name} ({guide.template.title}) — {source}", ""]
    width = min(max(len(row.field.name) for row in guide.rows), 48)
    for row in guide.rows:
        example = f"   ex. {row.example}" if row.example else ""
        lines.append(f"{row.field.name:<{width}}  {row.field.text}{example}")
    lines += [
        "",
        "Dans Word : {{ champ }} imprime une valeur, {% if champ %}…{% endif %} ne garde un "
        "passage que si la valeur existe, {% for x in liste %}…{% endfor %} répète un passage "
        "(x.champ dans la boucle). Les filtres : docgen modeles filtres.",
    ]
    return "\n".join(lines) + "\n"


def guide_markdown(guide: FieldGuide) -> str:
    rows = ["| Champ du modèle | D'où vient la valeur |", "|---|---|"]
    rows += [f"| `{row.field.name}` | {row.field.text} |" for row in guide.rows]
    return "\n".join(rows) + "\n"


# -- the filters -------------------------------------------------------------------------


def filters_text() -> str:
    """The filters for a terminal: what each does, and an example."""
    lines = ["Filtres des modèles : {{ valeur|filtre }} met la valeur en forme.", ""]
    for doc in filter_docs():
        lines.append(f"{doc.tag.removeprefix('{{ valeur|').removesuffix(' }}')} : {doc.text}")
        lines.append(f"    {doc.tag} avec {doc.value}  →  {doc.result}")
    lines += [
        "",
        "Et ceux de Jinja, sous un nom français : " + jinja_filters_text().replace("`", "") + ".",
    ]
    return "\n".join(lines) + "\n"


# -- the migration ---------------------------------------------------------------------------

BACKUP_SUFFIX = ".avant-migration"


@dataclass(frozen=True)
class Migrated:
    path: Path
    backup: Path | None  # None when nothing changed
    migration: Migration
    findings: tuple[Finding, ...]  # what the lint still finds in the rewritten template


def backup_path(path: Path) -> Path:
    """``convention.avant-migration.docx``, or ``…-2``, ``…-3`` if taken: never overwritten."""
    candidate = path.with_name(f"{path.stem}{BACKUP_SUFFIX}{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}{BACKUP_SUFFIX}-{number}{path.suffix}")
        number += 1
    return candidate


def migrate_template(path: Path, template: Template) -> Migrated:
    """Rewrite ``path``'s tags in French and keep the original beside it; both files are
    written together, or neither."""
    if path.suffix.lower() != ".docx":
        raise UsageError(
            f"{display_path(path)} n'est pas un modèle Word .docx",
            "enregistrez-le au format .docx dans Word, puis relancez",
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{display_path(path)} : fichier introuvable") from None
    except OSError as error:
        raise read_failure(display_path(path), error) from None
    try:
        migration = migrate(data, template.context)
    except Exception as error:  # any broken package: said, never a traceback
        raise UsageError(
            f"{display_path(path)} : modèle illisible ({type(error).__name__})",
            "ouvrez-le dans Word et enregistrez-le de nouveau au format .docx",
        ) from error
    if not migration.changed:
        findings = lint_template(path, template.context).findings
        return Migrated(path, None, migration, findings)
    backup = backup_path(path)
    if backup.exists():  # pragma: no cover - backup_path never returns an existing file
        raise OverwriteRefused(f"{display_path(backup)} existe déjà")
    tx = Transaction(state_dir(current_project().root, None), {path.parent}, "modeles migrer")
    with tx:
        write_together({backup: data, path: migration.data}, {path: data}, tx)
    findings = lint_template(path, template.context).findings
    return Migrated(path, backup, migration, findings)


def migration_result(migrated: Migrated) -> Result:
    result = Result(files=[migrated.path], findings=list(migrated.findings))
    shown = display_path(migrated.path)
    if migrated.backup is None:
        result.notes.append(f"{shown} : aucune balise à réécrire, le modèle est déjà en français.")
        return result
    migration = migrated.migration
    renamed = ", ".join(f"{old} → {new}" for old, new in sorted(migration.renamed.items()))
    result.notes.append(
        f"{shown} : {migration.tags} balise(s) réécrite(s) en français"
        + (f", dont {migration.joined} que Word avait coupée(s)" if migration.joined else "")
        + f" ({renamed})."
    )
    result.notes.append(f"L'original est conservé : {display_path(migrated.backup)}")
    return result
