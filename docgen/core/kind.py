"""Kinds of document: each declares, in one place, everything docgen does with it.

A kind says how its files are found, which JSON Schema validates them, how validated
data becomes its typed model, which rules check that model, which Word templates it
fills with which typed context, and which documents it produces under which names. The
commands (check, build, render, budget, deliberation) loop over the kinds of a
``Registry``; none of them knows a kind by name. Adding a kind is one folder declaring a
``Kind`` and one line in the registry (``docgen.kinds.DEFAULT_KINDS``).

A kind may live inside another kind's files (``part_of``): avenants are written at the
end of their convention's file; their rules and documents take the convention.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from docgen.core.errors import DocgenError
from docgen.core.findings import Finding, Severity
from docgen.core.options import OutputOptions as OutputOptions  # re-exported: kinds use it
from docgen.core.project import ResolvedTemplate
from docgen.core.rules import ANY_KIND, STRUCTURAL_RULES, Rule, Violation
from docgen.core.sandbox import Limits
from docgen.core.source import Document
from docgen.core.template import Template as Template  # re-exported: a kind declares both

T = TypeVar("T")
M = TypeVar("M")  # a kind's typed model


@dataclass(frozen=True)
class Properties:
    """The .docx core properties, from the data, never the clock."""

    title: str
    subject: str
    author: str
    created: datetime


@dataclass(frozen=True)
class WordDocument:
    """A Word document to produce: its template filled with its context."""

    name: str  # relative to the output folder, without suffix: "nord/deliberations/…"
    template: Template
    context: object  # an instance of template.context
    properties: Properties
    day: date  # the document's date: its PDF carries it instead of the clock
    sources: tuple[Path, ...]  # the files it is made from (for the manifest)
    annex: int | None = None  # for documents that travel together (a deliberation)
    title: str = ""  # French, as listed beside its siblings


@dataclass(frozen=True)
class DerivedFile:
    """A file made from documents rendered before it (the prefecture's JSON)."""

    name: str  # with its suffix: "…/2023-601_prefecture.json"
    make: Callable[[Mapping[str, bytes]], bytes]  # rendered files by name → bytes
    sources: tuple[Path, ...]


Output = WordDocument | DerivedFile


@dataclass(frozen=True)
class Files:
    """How a kind's files are found in a contracts repository."""

    filename: str | None = None  # exactly this name ("departement.yaml")
    folder: str | None = None  # in a folder of this name ("budgets")
    fallback: bool = False  # any other .yaml file

    def claims(self, path: Path) -> bool:
        if self.filename is not None:
            return path.name == self.filename
        if self.folder is not None:
            return path.parent.name == self.folder
        return self.fallback


class Run(Protocol):
    """What making a kind's documents may ask of the run: a template resolved as the run
    resolves it (and records it read), and a value computed once per run."""

    def resolve_template(
        self, governor: Path | None, template: Template, chosen: str | None = None
    ) -> ResolvedTemplate:
        """The template of a document governed by ``governor`` (its Département's file)."""
        ...

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per run and ``key``."""
        ...

    def recent(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once while ``key`` is among the run's most recent (a document's
        context, which another document of the same file or the next one shares)."""
        ...


class FileView(Protocol):
    """A file of the run as another file's reader sees it (``docgen.core.workspace.Entry``)."""

    @property
    def path(self) -> Path: ...
    @property
    def doc(self) -> Document | None: ...
    @property
    def model(self) -> Any: ...  # its typed model, when it could be read (even with findings)
    @property
    def valid(self) -> Any: ...  # its typed model if it has no error, else None
    @property
    def errors(self) -> list[Finding]: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def governor(self) -> Path | None: ...


class Others(Protocol):
    """What reading one file may ask of the run about the others: a deliberation its
    conventions, a budget vote its Département's conventions, a convention its
    Département's deliberations. Each is read once per run, and noted as read."""

    def kind_named(self, name: str) -> Kind[Any] | None:
        """The kind of this name, when the registry has one."""
        ...

    def files_of(self, kind: Kind[Any], governor: Path) -> list[Path]:
        """The files of ``kind`` governed by ``governor`` (its folder and below)."""
        ...

    def entry(self, path: Path) -> FileView:
        """``path`` read, validated, typed and checked."""
        ...

    def data(self, path: Path) -> Any:
        """``path``'s data, parsed but neither validated nor checked (None if it does not
        parse)."""
        ...

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, once per run and ``key``."""
        ...


@dataclass
class Reading:
    """What a kind's reader gets: the validated file, the other files, a place for findings."""

    doc: Document
    others: Others
    governor: Any  # the typed model of the file that governs this one (the Département)
    violations: list[tuple[str, Violation]] = field(default_factory=list)

    @property
    def path(self) -> Path:
        return self.doc.path

    def report(self, rule_id: str, violation: Violation) -> None:
        self.violations.append((rule_id, violation))


@dataclass(frozen=True)
class Kind(Generic[M]):
    """A kind of document, generic over its typed model ``M``: mypy checks that its
    reader, rules, documents and settings all take the same model."""

    name: str  # stable id: "convention"
    label: str  # French, with its article: "une convention"
    files: Files | None  # None: lives in the files of ``part_of``
    schema: str | Path | None = None  # a shipped schema's name, or a schema file
    # Validated data → typed model (or None: findings on the reading say why).
    read: Callable[[Reading], M | None] | None = None
    rules: tuple[Rule[M], ...] = ()
    templates: tuple[Template, ...] = ()
    # The documents of one model; options say what the command asked for.
    outputs: Callable[[M, OutputOptions, Run], Iterable[Output]] | None = None
    # The templates one model would use (default: all of the kind's).
    uses: Callable[[M], Iterable[Template]] | None = None
    part_of: str | None = None
    governs: bool = False  # its file governs its folder and below (the Département)
    # What a draft may leave blank but a signed act must state, by template field.
    for_signature: Callable[[M, frozenset[str]], Iterable[Violation]] | None = None
    # A governing kind's rule settings: rule id → (enabled, severity or None).
    settings: Callable[[M], Mapping[str, tuple[bool, Severity | None]]] | None = None
    # A governing kind's rendering limits (the time to fill one document).
    limits: Callable[[M], Limits] | None = None

    def templates_used(self, model: M) -> tuple[Template, ...]:
        return tuple(self.uses(model)) if self.uses is not None else self.templates


class RegistryError(DocgenError):
    """Two kinds or two rules claim the same id: a mistake in docgen's own code."""


class Registry:
    """The kinds docgen knows, and every rule, each registered once."""

    def __init__(self, kinds: Iterable[Kind[Any]]) -> None:
        self.kinds: tuple[Kind[Any], ...] = tuple(kinds)
        self.by_name: dict[str, Kind[Any]] = {}
        for kind in self.kinds:
            if kind.name in self.by_name:
                raise RegistryError(f"deux sortes de documents s'appellent « {kind.name} »")
            self.by_name[kind.name] = kind
        for kind in self.kinds:
            if kind.part_of is not None and kind.part_of not in self.by_name:
                raise RegistryError(f"« {kind.name} » fait partie d'une sorte inconnue")
        self.rules: dict[str, Rule[Any]] = {}
        for rule in (*STRUCTURAL_RULES, *(r for k in self.kinds for r in k.rules)):
            if rule.id in self.rules:
                raise RegistryError(f"la règle « {rule.id} » est déclarée deux fois")
            self.rules[rule.id] = rule

    def kind_of(self, path: Path) -> Kind[Any] | None:
        """The kind whose files include ``path``: exact names first, then folders, then
        the fallback."""
        candidates = [k for k in self.kinds if k.files is not None]
        for test in (
            lambda k: k.files.filename is not None,
            lambda k: k.files.folder is not None,
            lambda k: k.files.fallback,
        ):
            for kind in candidates:
                if test(kind) and kind.files is not None and kind.files.claims(path):
                    return kind
        return None

    @property
    def governor(self) -> Kind[Any] | None:
        return next((k for k in self.kinds if k.governs), None)

    def parts(self, kind: Kind[Any]) -> tuple[Kind[Any], ...]:
        """The kind itself, then the kinds that live in its files."""
        return (kind, *(k for k in self.kinds if k.part_of == kind.name))

    def rules_of(self, kind: Kind[Any]) -> tuple[Rule[Any], ...]:
        return tuple(r for k in self.parts(kind) for r in k.rules if r.check is not None)

    def templates(self) -> dict[str, Template]:
        """Every template name, with the context it receives (the first kind declaring it)."""
        found: dict[str, Template] = {}
        for kind in self.kinds:
            for template in kind.templates:
                found.setdefault(template.name, template)
        return found

    def rule(self, rule_id: str) -> Rule[Any]:
        return self.rules[rule_id]

    def structural(self) -> tuple[Rule[Any], ...]:
        return tuple(r for r in self.rules.values() if r.kind == ANY_KIND)
