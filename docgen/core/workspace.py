"""The workspace: one run's files, each read, validated, typed, checked and planned once.

Check, build, budget and deliberation all receive one ``Workspace``. Asking it for a file
(``entry``) reads the bytes (``docgen.core.sources``), finds the file that governs it and
its settings (``docgen.core.governance``), parses it, looks for blanks, validates the
schema, types the data with the kind's reader, runs the kind's rules, lints the templates
its documents use (``docgen.core.templating``), checks the values they print from its plan
(``plan``; ``docgen.core.checking``), then applies the governing Département's rule
settings to every finding, once. The result is cached by path and content hash: a
deliberation that cites twenty conventions, a budget vote and its avenants costs one read
of each file. What each computation read is recorded by the run's ``Recorder``.

Content not yet on disk (what ``budget apply`` is about to write) is given with
``overlay``; an overlaid file is a new version, typed and checked once too.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from docgen.core.checking import Entry, capped, missing_values, rule_findings, validate
from docgen.core.errors import UsageError
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.governance import Governance, Settings, tune
from docgen.core.kind import Kind, Output, OutputOptions, Reading, Registry, WordDocument
from docgen.core.lint import TemplateReport
from docgen.core.plan import Plan, Planned
from docgen.core.project import (
    CHOICE_KEY,
    Project,
    ResolvedTemplate,
    TemplateMissing,
    choice_of,
    choices_in,
    departement_folders,
    misnamed_templates,
)
from docgen.core.recorder import Recorder
from docgen.core.rules import Violation, finding_at
from docgen.core.sandbox import DEFAULT, Limits
from docgen.core.source import Document, LoadError, parse_document
from docgen.core.sources import Sources
from docgen.core.template import Template
from docgen.core.templating import Templates

__all__ = ["Entry", "Workspace"]

T = TypeVar("T")

RECENT = 256  # values ``Workspace.recent`` keeps (each file's contexts, and a few files')


class Workspace:
    """One run: its sources, governance, templates, checked entries and plans."""

    def __init__(
        self, registry: Registry, *, for_signature: bool = False, sources: Sources | None = None
    ) -> None:
        self.registry = registry
        self.for_signature = for_signature
        # ``sources``: the run's, when it listed folders before it needed a workspace.
        self.sources = sources if sources is not None else Sources(Recorder())
        self.recorder = self.sources.recorder  # what each computation of this run read
        self.governance = Governance(registry, self.sources)
        self.templates = Templates(self.recorder, self.sources)
        self.reads: Counter[Path] = self.sources.reads  # how often each file was read
        # How often each version of a file (path, SHA-256) was validated against its schema.
        self.validations: Counter[tuple[Path, str]] = Counter()
        self.template_findings: list[Finding] = self.templates.template_findings
        self._entries: dict[tuple[Path, str], Entry] = {}
        self._current: dict[Path, Entry] = {}
        # How often each version of a file was planned, by options (one plan each per run).
        self.plans: Counter[tuple[Path, str, OutputOptions]] = Counter()
        self._plans: dict[tuple[Path, str, OutputOptions], Plan] = {}
        self._memo: dict[object, object] = {}
        self._memo_inputs: dict[object, dict[str, str]] = {}
        self._recent: OrderedDict[object, tuple[object, dict[str, str]]] = OrderedDict()

    # -- the sources of the run (docgen.core.sources) ---------------------------------

    def resolved(self, path: Path) -> Path:
        """``path.resolve()``, once per path and run."""
        return self.sources.resolved(path)

    def discover(self, paths: Iterable[Path]) -> list[Path]:
        """Every YAML file named or found under ``paths``, in a stable order, each once."""
        return self.sources.discover(paths)

    def is_file(self, path: Path) -> bool:
        return self.sources.is_file(path)

    def raw(self, path: Path) -> bytes:
        """The bytes of ``path`` as this run sees them, read from disk once."""
        return self.sources.raw(path)

    def data(self, path: Path) -> Any:
        """A file's data, parsed but neither validated nor typed (None when it does not
        parse), and noted as read: what a file reads of another whose own check may read
        it in turn (a convention reads the deliberations that cite it)."""
        return self.sources.data(path)

    def overlay(self, contents: Mapping[Path, bytes]) -> None:
        """Read these contents instead of the files on disk (what is about to be written)."""
        for key in self.sources.overlay(contents):
            self._current.pop(key, None)

    # -- kinds and governance (docgen.core.governance) --------------------------------

    def kind_named(self, name: str) -> Kind[Any] | None:
        return self.registry.by_name.get(name)

    def kind_of(self, path: Path) -> Kind[Any]:
        kind = self.registry.kind_of(path)
        if kind is None:  # pragma: no cover - the default registry has a fallback kind
            raise UsageError(f"{display_path(path)} : sorte de fichier inconnue")
        return kind

    def governing_file(self, path: Path) -> Path | None:
        """The nearest file of the governing kind in ``path``'s folder or above it."""
        return self.governance.governing_file(path)

    def files_of(self, kind: Kind[Any], governor: Path) -> list[Path]:
        """The files of ``kind`` governed by ``governor`` (its folder and below).

        For a kind claimed by its folder's name (deliberations, budgets), only the files
        in folders of that name are noted as read: a convention that looks for the
        deliberations of its Département does not depend on its other conventions."""
        folder = governor.parent
        named = kind.files.folder if kind.files is not None else None
        if named is None or not folder.is_dir():
            candidates = self.discover([folder])
        else:
            candidates = self.sources.named(folder, named)
        # governing_file gives a resolved path; ``governor`` is as its entry was first
        # asked for (relative, when the user named it).
        governor = self.resolved(governor)
        return [
            path
            for path in candidates
            if self.kind_of(path) is kind and self.governing_file(path) == governor
        ]

    def limits_for(self, entry: Entry) -> Limits:
        """How far filling ``entry``'s documents may go: its Département's limits."""
        governing = entry.path if entry.kind.governs else entry.governor
        model = self.entry(governing).model if governing is not None else None
        return self.governance.limits(model)

    def _settings(self, governing: Entry) -> Settings:
        return self.governance.settings(governing.kind, governing.model)

    # -- entries (docgen.core.checking) ------------------------------------------------

    def entry(self, path: Path) -> Entry:
        """``path`` read, validated, typed and checked (cached by path and content)."""
        key = self.resolved(path)
        current = self._current.get(key)
        if current is not None:
            self.recorder.inherit(current.inputs)
            return current
        with self.recorder.recording() as frame:
            raw = self.raw(path)
            digest = hashlib.sha256(raw).hexdigest()
            cached = self._entries.get((key, digest))
            if cached is None:
                cached = self._read(path, raw, digest)
                cached.inputs = frame
                self._entries[(key, digest)] = cached
        self.recorder.inherit(cached.inputs)
        self._current[key] = cached
        return cached

    def model(self, path: Path) -> Any:
        """The typed model of ``path`` if it has no error, else None."""
        return self.entry(path).valid

    def _read(self, path: Path, raw: bytes, digest: str) -> Entry:
        kind = self.kind_of(path)
        entry = Entry(path, kind, digest)
        governor_model = None
        settings: Settings = {}
        if not kind.governs and self.registry.governor is not None:
            entry.governor = self.governing_file(path)
            if entry.governor is None:
                entry.findings = [self.governance.departement_missing(path)]
                return entry
            governing = self.entry(entry.governor)
            governor_model = governing.model
            settings = self._settings(governing)
        entry.doc, found = validate(path, raw, kind.schema)
        if kind.schema is not None and entry.doc is not None:
            self.validations[(self.resolved(path), digest)] += 1
        if entry.doc is not None and not found and kind.read is not None:
            reading = Reading(entry.doc, self, governor_model)
            entry.model = kind.read(reading)
            found += [
                finding_at(
                    entry.doc,
                    violation,
                    self.registry.rule(rule_id),
                    for_signature=self.for_signature,
                )
                for rule_id, violation in reading.violations
            ]
            if entry.model is not None:
                found += rule_findings(
                    entry.doc,
                    self.registry.rules_of(kind),
                    entry.model,
                    for_signature=self.for_signature,
                )
                missing, signing = self._template_findings(entry, governor_model, settings)
                found += missing
                if not any(f.severity is Severity.ERROR for f in tune(found, settings)):
                    # Only a file without error gets documents, so only then can a
                    # template lack one of its values. What --pour-signature requires
                    # besides is added after: it never hides a plain finding.
                    found += self._missing_values(entry, settings)
                found += signing
        if kind.governs and entry.model is not None and entry.doc is not None:
            settings = self._settings(entry)
            found += self.governance.setting_findings(kind, entry.model, entry.doc)
        entry.findings = capped(tune(found, settings))
        return entry

    def _template_findings(
        self, entry: Entry, governor_model: Any, settings: Settings
    ) -> tuple[list[Finding], list[Finding]]:
        """Lint the templates ``entry``'s documents use (their findings are the templates').
        Returns the templates it chooses that do not exist and, with --pour-signature,
        what they print that a signed act must state."""
        found: list[Finding] = []
        signing: list[Finding] = []
        limits = self.governance.limits(governor_model)
        for kind in self.registry.parts(entry.kind):
            used = kind.templates_used(entry.model)
            # A template the file chooses for itself (modeles:) is checked even before a
            # document uses it (an avenant's, before the first avenant).
            chosen = [t for t in kind.templates if t not in used and self._chosen(entry, t)]
            for template in (*used, *chosen):
                try:
                    resolved = self.template_for(entry, template)
                except TemplateMissing as missing:
                    if entry.doc is not None:
                        found.append(self._template_missing(entry.doc, missing))
                    continue
                report = self.lint(resolved.path, template, settings, limits)
                if template not in used:
                    continue
                if self.for_signature and kind.for_signature is not None and entry.doc:
                    rule = self.registry.rule("signature-incomplete")
                    signing += [
                        finding_at(entry.doc, violation, rule)
                        for violation in kind.for_signature(entry.model, report.fields)
                    ]
        return found, signing

    def _chosen(self, entry: Entry, template: Template) -> bool:
        return entry.doc is not None and choice_of(entry.doc.data, template) is not None

    def _template_missing(self, doc: Document, missing: TemplateMissing) -> Finding:
        return finding_at(
            doc,
            Violation((CHOICE_KEY, missing.choice), missing.message, missing.hint or ""),
            self.registry.rule("template-missing"),
        )

    def _missing_values(self, entry: Entry, settings: Settings) -> list[Finding]:
        def lint(path: Path, template: Template) -> TemplateReport:
            return self.lint(path, template, settings)

        def governor_doc() -> Document | None:
            return self.entry(entry.governor).doc if entry.governor is not None else None

        return missing_values(entry, self.plan(entry), lint, governor_doc)

    # -- what a run computes once ----------------------------------------------------

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """A value computed once per run (a budget plan, a rendered specimen…)."""
        if key not in self._memo:
            with self.recorder.recording() as frame:
                self._memo[key] = compute()
            self._memo_inputs[key] = frame
        self.recorder.inherit(self._memo_inputs[key])
        return self._memo[key]  # type: ignore[return-value]

    def recent(self, key: object, compute: Callable[[], T]) -> T:
        """``memo``, for values too large to keep all run long (contexts): the last
        ``RECENT`` are kept."""
        if key in self._recent:
            self._recent.move_to_end(key)
            value, inputs = self._recent[key]
        else:
            with self.recorder.recording() as frame:
                value = compute()
            inputs = dict(frame)
            self._recent[key] = (value, inputs)
            if len(self._recent) > RECENT:
                self._recent.popitem(last=False)
        self.recorder.inherit(inputs)
        return value  # type: ignore[return-value]

    # -- plans (docgen.core.plan) -------------------------------------------------------

    def plan(self, entry: Entry, options: OutputOptions | None = None) -> Plan:
        """``entry``'s documents with their templates and contexts, made once per version
        of the file, options and run (until ``release``); what making them read is noted
        as read by whoever asks (the file's own check first)."""
        options = options or OutputOptions()
        key = (self.resolved(entry.path), entry.digest, options)
        plan = self._plans.get(key)
        if plan is None:
            with self.recorder.recording() as frame:
                outputs: tuple[Output, ...] = tuple(
                    output
                    for kind in self.registry.parts(entry.kind)
                    if kind.outputs is not None
                    for output in kind.outputs(entry.model, options, self)
                )
                documents = tuple(
                    Planned(output, self._template_or_none(entry, output))
                    for output in outputs
                    if isinstance(output, WordDocument)
                )
            plan = Plan(entry.path, options, outputs, documents, dict(frame))
            self._plans[key] = plan
            self.plans[key] += 1
        self.recorder.adopt(plan.reads)
        return plan

    def release(self, entry: Entry) -> None:
        """Forget ``entry``'s plans: its documents are made (their contexts can go)."""
        key = self.resolved(entry.path)
        for planned in [k for k in self._plans if k[0] == key]:
            del self._plans[planned]

    def _template_or_none(self, entry: Entry, document: WordDocument) -> ResolvedTemplate | None:
        try:
            return self.template_for(entry, document.template)
        except TemplateMissing:  # reported once, by _template_findings
            return None

    # -- templates (docgen.core.templating) ---------------------------------------------

    def project_of(self, path: Path) -> Project:
        """The contracts repository ``path`` belongs to (see ``docgen.core.project``)."""
        return self.templates.project_of(path)

    def resolve_template(
        self, governor: Path | None, template: Template, chosen: str | None = None
    ) -> ResolvedTemplate:
        """The template of a document governed by ``governor`` (its Département's file):
        the file's own choice, the Département's, the repository's, else docgen's."""
        return self.templates.resolve(governor, template, chosen)

    def template_for(self, entry: Entry, template: Template) -> ResolvedTemplate:
        """The template of ``entry``'s documents, with the file's own choice (modeles:)."""
        chosen = choice_of(entry.doc.data, template) if entry.doc is not None else None
        return self.resolve_template(entry.governor, template, chosen)

    def template_path(self, governor: Path | None, template: Template) -> Path:
        return self.resolve_template(governor, template).path

    def lint(
        self,
        path: Path,
        template: Template,
        settings: Settings | None = None,
        limits: Limits = DEFAULT,
    ) -> TemplateReport:
        """Lint each template once per run; its findings are reported once."""
        return self.templates.lint(path, template, settings, limits)

    def lint_findings(self, path: Path) -> list[Finding]:
        """The findings of the template at ``path`` (linted in this run), as reported."""
        return self.templates.lint_findings(path)

    def template_folder_findings(self, entries: Iterable[Entry]) -> list[Finding]:
        """Warnings for the files of each project's ``templates/`` that no document uses
        (a misnamed override must never be silently ignored)."""
        governors: dict[Path, None] = {}
        for entry in entries:
            if entry.kind.governs:
                governors[self.resolved(entry.path)] = None
            elif entry.governor is not None:
                governors[self.resolved(entry.governor)] = None
        return self.template_folder_findings_for(governors)

    def template_folder_findings_for(
        self, governors: Iterable[Path], choices: Mapping[Path, frozenset[str]] | None = None
    ) -> list[Finding]:
        """``template_folder_findings`` for the Départements of these files (resolved);
        ``choices``: the ``modeles:`` choices of files already read (resolved paths), which
        are then not parsed again."""
        by_project: dict[Path, tuple[Project, list[Path]]] = {}
        for governor in governors:
            project = self.project_of(governor)
            by_project.setdefault(project.root, (project, []))[1].append(governor)
        found: list[Finding] = []
        for project, owned in by_project.values():
            found += self._template_folder_findings(project, owned, choices or {})
        return found

    def _template_folder_findings(
        self, project: Project, owned: list[Path], known: Mapping[Path, frozenset[str]]
    ) -> list[Finding]:
        kind = self.registry.governor
        filename = kind.files.filename if kind and kind.files else None
        depts = {governor.parent.name: governor for governor in owned}
        if filename and project.templates.is_dir():
            subfolders = {p.name for p in project.templates.iterdir() if p.is_dir()}
            if subfolders - set(depts):  # a Département this run did not read?
                depts = {**departement_folders(project, filename), **depts}
        folders = set(depts)

        def chosen(dept: str) -> set[str]:
            governor = depts.get(dept)
            if governor is None:
                return set()
            names: set[str] = set()
            for path in self.discover([governor.parent]):
                resolved = self.resolved(path)
                if resolved != governor and self.governing_file(path) == governor:
                    given = known.get(resolved)
                    names |= given if given is not None else choices_in(self._data(path))
            return names

        found = []
        for dept, finding in misnamed_templates(
            project, self.registry.templates(), folders, chosen
        ):
            governor = depts.get(dept) if dept is not None else None
            settings = self._settings(self.entry(governor)) if governor is not None else {}
            found += tune([finding], settings)
        return found

    def _data(self, path: Path) -> object:
        """A file's data, parsed but not checked: enough to read one key of it."""
        cached = self._current.get(self.resolved(path))
        if cached is not None:
            return cached.doc.data if cached.doc is not None else None
        try:
            return parse_document(path, self.raw(path)).data
        except (LoadError, UsageError):
            return None
