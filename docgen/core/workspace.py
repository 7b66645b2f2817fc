"""The workspace: each file of a run read, validated, typed and checked once.

Check, build, budget and deliberation all receive one ``Workspace``. Asking it for a file
(``entry``) reads the bytes, parses them with their lines, looks for blanks, validates
the schema, types the data with the kind's reader, runs the kind's rules and lints the
templates its documents use, then applies the governing Département's rule settings to
every finding, once. The result is cached by path and content hash: a deliberation that
cites twenty conventions, a budget vote and its avenants costs one read of each file.

Content not yet on disk (what ``budget apply`` is about to write) is given with
``overlay``; an overlaid file is a new version, typed and checked once too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from docgen.core import blanks, engine
from docgen.core.context import missing_all
from docgen.core.digests import file_digest
from docgen.core.errors import TemplateFailure, UsageError
from docgen.core.findings import (
    Finding,
    Severity,
    display_path,
    failure_finding,
    field_path,
    printable,
)
from docgen.core.kind import (
    Kind,
    Output,
    OutputOptions,
    Reading,
    Registry,
    Template,
    WordDocument,
)
from docgen.core.lint import TemplateReport, is_known, lint_template
from docgen.core.plan import Plan, Planned
from docgen.core.project import (
    CHOICE_KEY,
    Project,
    ResolvedTemplate,
    TemplateMissing,
    choice_of,
    choices_in,
    current_project,
    departement_folders,
    find_root,
    misnamed_templates,
    resolve_template,
)
from docgen.core.recorder import Recorder
from docgen.core.rules import Rule, Violation, finding_at
from docgen.core.sandbox import DEFAULT, Limits
from docgen.core.schema import schema_findings
from docgen.core.source import (
    Document,
    FieldPath,
    LoadError,
    bidi_findings,
    load_finding,
    parse_document,
    shown,
)
from docgen.core.vocabulary import documented, french_chain

T = TypeVar("T")

_SKIPPED_DIRS = frozenset({"build", "__pycache__", "node_modules"})
RECENT = 256  # values ``Workspace.recent`` keeps (each file's contexts, and a few files')


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files under ``folder`` that docgen reads, in a stable order (hidden
    folders and files, build/ and the like left out)."""
    found = []
    for candidate in sorted(folder.rglob("*.y*ml")):
        rel = candidate.relative_to(folder).parts
        if any(p.startswith(".") or p in _SKIPPED_DIRS for p in rel[:-1]):
            continue
        if rel[-1].startswith("."):  # .pre-commit-config.yaml is no contract
            continue
        if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
            found.append(candidate)
    return found


# In a ``named:`` read, the folder component standing for « any folder below ».
NAMED_MARK = "**"


def named_files(folder: Path, name: str) -> list[Path]:
    """The YAML files under ``folder`` that lie in a folder called ``name``."""
    return [path for path in yaml_files(folder) if path.parent.name == name]


def listing_digest(folder: Path, files: Iterable[Path]) -> str:
    names = "\n".join(p.relative_to(folder).as_posix() for p in files)
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()


@dataclass
class Entry:
    """One file of the run: its kind, its data, its typed model and its findings."""

    path: Path
    kind: Kind[Any]
    digest: str = ""
    doc: Document | None = None
    model: Any = None  # the typed model, when the file could be read (even with findings)
    governor: Path | None = None  # the Département file that governs this one
    findings: list[Finding] = field(default_factory=list)
    # What checking this file read (see ``note``), its governor's reads included.
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def valid(self) -> Any:
        """The typed model if the file has no error (what documents are made from), or None."""
        return None if self.errors else self.model


class Workspace:
    def __init__(self, registry: Registry, *, for_signature: bool = False) -> None:
        self.registry = registry
        self.for_signature = for_signature
        self.recorder = Recorder()  # what each computation of this run read
        self.reads: Counter[Path] = Counter()  # how often each file was read from disk
        # How often each version of a file (path, SHA-256) was validated against its schema.
        self.validations: Counter[tuple[Path, str]] = Counter()
        self.template_findings: list[Finding] = []
        self._entries: dict[tuple[Path, str], Entry] = {}
        # How often each version of a file was planned, by options (one plan each per run).
        self.plans: Counter[tuple[Path, str, OutputOptions]] = Counter()
        self._plans: dict[tuple[Path, str, OutputOptions], Plan] = {}
        self._current: dict[Path, Entry] = {}
        self._bytes: dict[Path, bytes] = {}
        self._overlay: dict[Path, bytes] = {}
        self._templates: dict[Path, TemplateReport] = {}
        self._projects: dict[Path, Project] = {}
        self._memo: dict[object, object] = {}
        self._recent: OrderedDict[object, tuple[object, dict[str, str]]] = OrderedDict()
        self._resolved: dict[Path, Path] = {}
        self._digests: dict[Path, str] = {}
        self._is_file: dict[Path, bool] = {}
        self._lint_findings: dict[Path, list[Finding]] = {}
        self._memo_inputs: dict[object, dict[str, str]] = {}
        self._listings: dict[Path, list[Path]] = {}
        self._named: dict[tuple[Path, str], list[Path]] = {}
        self._parsed: dict[tuple[Path, str], Any] = {}
        self._resolutions: dict[
            tuple[Path | None, Template, str | None],
            tuple[ResolvedTemplate | TemplateMissing, tuple[Path, ...]],
        ] = {}

    def resolved(self, path: Path) -> Path:
        """``path.resolve()``, once per path and run."""
        return self._resolve(path)

    def _resolve(self, path: Path) -> Path:
        """``path.resolve()``, once per path and run: resolving asks the file system for
        every component, and a budget of 1,000 conventions asked it ~38,000 times."""
        resolved = self._resolved.get(path)
        if resolved is None:
            resolved = self._resolved[path] = path.resolve()
        return resolved

    # -- files -------------------------------------------------------------------------

    def discover(self, paths: Iterable[Path]) -> list[Path]:
        """Every YAML file named or found under ``paths``, in a stable order, each once."""
        found: dict[Path, None] = {}
        for path in paths:
            if path.is_dir():
                files = self._yaml_files(path)
                if self.recorder.active:
                    self.recorder.note(f"list:{self._resolve(path)}", listing_digest(path, files))
                found.update(dict.fromkeys(files))
            elif path.is_file():
                found[path] = None
            else:
                raise UsageError(
                    f"{display_path(path)} : chemin introuvable",
                    "indiquez un fichier .yaml ou un dossier de contrats, par exemple contracts/",
                )
        return list(found)

    def _yaml_files(self, folder: Path) -> list[Path]:
        """``yaml_files(folder)``, listed once per run: every convention of a Département
        looks for its deliberations, and listing the folder each time would cost as much
        as reading it."""
        # By the path as given: the files listed are named from it.
        listed = self._listings.get(folder)
        if listed is None:
            listed = self._listings[folder] = yaml_files(folder)
        return listed

    def _named_files(self, folder: Path, name: str) -> list[Path]:
        """``named_files(folder, name)``, from the listing of ``folder``, once per run."""
        found = self._named.get((folder, name))
        if found is None:
            found = [p for p in self._yaml_files(folder) if p.parent.name == name]
            self._named[(folder, name)] = found
        return found

    def kind_named(self, name: str) -> Kind[Any] | None:
        return self.registry.by_name.get(name)

    def kind_of(self, path: Path) -> Kind[Any]:
        kind = self.registry.kind_of(path)
        if kind is None:  # pragma: no cover - the default registry has a fallback kind
            raise UsageError(f"{display_path(path)} : sorte de fichier inconnue")
        return kind

    def governing_file(self, path: Path) -> Path | None:
        """The nearest file of the governing kind in ``path``'s folder or above it."""
        governor = self.registry.governor
        if governor is None or governor.files is None or governor.files.filename is None:
            return None
        folder = self._resolve(path).parent
        while True:  # the folders looked in are noted: a departement.yaml added there counts
            candidate = folder / governor.files.filename
            if self.is_file(candidate):
                return candidate
            if folder.parent == folder:
                return None
            folder = folder.parent

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` is a file, asked of the file system once per run, and noted."""
        exists = self._is_file.get(path)
        if exists is None:
            exists = self._is_file[path] = path.is_file()
        if self.recorder.active:
            self.recorder.note(f"exists:{path}", "1" if exists else "0")
        return exists

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
            candidates = self._named_files(folder, named)
            if self.recorder.active:
                self.recorder.note(
                    f"named:{self._resolve(folder) / NAMED_MARK / named}",
                    listing_digest(folder, candidates),
                )
        # governing_file gives a resolved path; ``governor`` is as its entry was first
        # asked for (relative, when the user named it).
        governor = self._resolve(governor)
        return [
            path
            for path in candidates
            if self.kind_of(path) is kind and self.governing_file(path) == governor
        ]

    def overlay(self, contents: Mapping[Path, bytes]) -> None:
        """Read these contents instead of the files on disk (what is about to be written)."""
        for path, data in contents.items():
            self._overlay[self._resolve(path)] = data
            self._current.pop(self._resolve(path), None)

    def raw(self, path: Path) -> bytes:
        """The bytes of ``path`` as this run sees them, read from disk once."""
        data = self._raw(path)
        if self.recorder.active:
            key = self._resolve(path)
            digest = self._digests.get(key)
            if digest is None or key in self._overlay:
                digest = self._digests[key] = hashlib.sha256(data).hexdigest()
            self.recorder.note(f"file:{key}", digest)
        return data

    def _raw(self, path: Path) -> bytes:
        key = self._resolve(path)
        if key in self._overlay:
            return self._overlay[key]
        if key not in self._bytes:
            try:
                self._bytes[key] = path.read_bytes()
            except FileNotFoundError:
                raise UsageError(f"{display_path(path)} : fichier introuvable") from None
            except OSError as exc:
                raise UsageError(
                    f"{display_path(path)} : lecture impossible ({exc.strerror})"
                ) from None
            self.reads[key] += 1
        return self._bytes[key]

    # -- entries -----------------------------------------------------------------------

    def entry(self, path: Path) -> Entry:
        """``path`` read, validated, typed and checked (cached by path and content)."""
        key = self._resolve(path)
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

    def data(self, path: Path) -> Any:
        """A file's data, parsed but neither validated nor typed (None when it does not
        parse), and noted as read: what a file reads of another whose own check may read
        it in turn (a convention reads the deliberations that cite it)."""
        raw = self.raw(path)
        key = (self._resolve(path), hashlib.sha256(raw).hexdigest())
        if key not in self._parsed:
            try:
                self._parsed[key] = parse_document(path, raw).data
            except LoadError:
                self._parsed[key] = None
        return self._parsed[key]

    def model(self, path: Path) -> Any:
        """The typed model of ``path`` if it has no error, else None."""
        return self.entry(path).valid

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

    def plan(self, entry: Entry, options: OutputOptions | None = None) -> Plan:
        """``entry``'s documents with their templates and contexts, made once per version
        of the file, options and run (until ``release``); what making them read is noted
        as read by whoever asks (the file's own check first)."""
        options = options or OutputOptions()
        key = (self._resolve(entry.path), entry.digest, options)
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
        key = self._resolve(entry.path)
        for planned in [k for k in self._plans if k[0] == key]:
            del self._plans[planned]

    def _template_or_none(self, entry: Entry, document: WordDocument) -> ResolvedTemplate | None:
        try:
            return self.template_for(entry, document.template)
        except TemplateMissing:  # reported once, by _template_findings
            return None

    def _read(self, path: Path, raw: bytes, digest: str) -> Entry:
        kind = self.kind_of(path)
        entry = Entry(path, kind, digest)
        governor_model = None
        settings: Mapping[str, tuple[bool, Severity | None]] = {}
        if not kind.governs and self.registry.governor is not None:
            entry.governor = self.governing_file(path)
            if entry.governor is None:
                entry.findings = [self._departement_missing(path)]
                return entry
            governing = self.entry(entry.governor)
            governor_model = governing.model
            settings = self._settings(governing)
        found = self._validate(entry, raw)
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
                found += self._rule_findings(entry.doc, kind, entry.model)
                missing, signing = self._template_findings(entry, governor_model, settings)
                found += missing
                if not any(f.severity is Severity.ERROR for f in tune(found, settings)):
                    # Only a file without error gets documents, so only then can a
                    # template lack one of its values. What --pour-signature requires
                    # besides is added after: it never hides a plain finding.
                    found += self._missing_values(entry, settings)
                found += signing
        if kind.governs and entry.model is not None:
            settings = self._settings(entry)
            found += self._setting_findings(entry)
        entry.findings = _capped(tune(found, settings))
        return entry

    def _validate(self, entry: Entry, raw: bytes) -> list[Finding]:
        try:
            doc = parse_document(entry.path, raw)
        except LoadError as error:
            return [load_finding(entry.path, error)]
        entry.doc = doc
        left = list(blanks.blanks(doc.data))
        found = [
            Finding(
                doc.name,
                doc.line_of(where),
                field_path(where),
                "blank-left",
                f"blanc du modèle à remplir : « {shown(_value(doc, where))} »",
                "remplacez-le par la vraie valeur",
            )
            for where, _blank in left
        ]
        found += bidi_findings(doc)
        if entry.kind.schema is not None:
            self.validations[(self._resolve(entry.path), entry.digest)] += 1
            skip = frozenset(where for where, _ in left)
            found += schema_findings(doc, entry.kind.schema, skip)
        return found

    def _rule_findings(self, doc: Document, kind: Kind[Any], model: Any) -> list[Finding]:
        found = []
        for rule in self.registry.rules_of(kind):
            assert rule.check is not None
            found += [
                finding_at(doc, violation, rule, for_signature=self.for_signature)
                for violation in rule.check(model)
            ]
        return found

    def _template_findings(
        self,
        entry: Entry,
        governor_model: Any,
        settings: Mapping[str, tuple[bool, Severity | None]],
    ) -> tuple[list[Finding], list[Finding]]:
        """Lint the templates ``entry``'s documents use (their findings are the templates').
        Returns the templates it chooses that do not exist and, with --pour-signature,
        what they print that a signed act must state."""
        found: list[Finding] = []
        signing: list[Finding] = []
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
                report = self.lint(resolved.path, template, settings, self._limits(governor_model))
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

    def _missing_values(
        self, entry: Entry, settings: Mapping[str, tuple[bool, Severity | None]]
    ) -> list[Finding]:
        """What a template would print of a value the files do not give (it would read
        "None"): a value is required exactly where a template prints it."""
        found: dict[tuple[str, str], Finding] = {}
        for planned in self.plan(entry).documents:
            if planned.template is None:
                continue
            output, path = planned.document, planned.template.path
            report = self.lint(path, output.template, settings)
            docs = documented(output.template.context)
            known = frozenset(docs)
            chains = sorted(c for c in report.required if is_known(c, known))
            for absent in missing_all(output.context, chains):
                shown = french_chain(output.template.context, absent)
                finding = self._missing_finding(entry, path, shown, docs.get(absent, ""))
                found.setdefault((finding.file, absent), finding)
        return list(found.values())

    def _missing_finding(self, entry: Entry, template: Path, chain: str, text: str) -> Finding:
        """``chain`` (the template's French name) is printed and has no value: the finding
        names the YAML key to fill, where the documentation of the field says which."""
        doc = entry.doc
        yaml = text
        if "departement.yaml" in text and entry.governor is not None:
            doc = self.entry(entry.governor).doc
            yaml = text.split("→", 1)[-1].strip()
        assert doc is not None
        plain = bool(re.fullmatch(r"[a-z_]+(\.[a-z_]+)*", yaml))
        path: FieldPath = tuple(yaml.split(".")) if plain else ()
        name = printable(doc.path.name)
        if plain:
            where, fill = f" (clé {yaml})", f"renseignez {yaml} dans {name}"
        else:
            where, fill = (f" ({yaml})" if yaml else ""), "renseignez-le"
        return Finding(
            doc.name,
            doc.line_of(path),
            yaml if plain else "",
            "template-value-missing",
            f"le modèle {template.name} imprime « {chain} », que {name} ne donne pas{where}",
            f"{fill}, ou, dans le modèle, placez cette balise sous "
            f"{{% if {chain} %}}…{{% endif %}}",
        )

    # -- templates ---------------------------------------------------------------------

    def project_of(self, path: Path) -> Project:
        """The contracts repository ``path`` belongs to (see ``docgen.core.project``)."""
        folder = self._resolve(path).parent
        if folder not in self._projects:
            self._projects[folder] = find_root(folder) or current_project()
        return self._projects[folder]

    def resolve_template(
        self, governor: Path | None, template: Template, chosen: str | None = None
    ) -> ResolvedTemplate:
        """The template of a document governed by ``governor`` (its Département's file):
        the file's own choice, the Département's, the repository's, else docgen's."""
        key = (governor, template, chosen)
        found = self._resolutions.get(key)
        if found is None:
            project = self.project_of(governor) if governor is not None else current_project()
            departement = governor.parent.name if governor is not None else None
            # The files looked for are noted: a template added to templates/ changes the
            # choice. Templates do not move during a run: each is resolved once.
            own = project.templates / departement if departement else None
            probes: tuple[Path, ...] = ()
            if chosen is not None and own is not None:
                probes = (own / chosen,)
            elif chosen is None:
                probes = (project.templates / f"{template.name}.docx",)
                if own is not None:
                    probes = (own / f"{template.name}.docx", *probes)
            try:
                found = (resolve_template(project, departement, template, chosen), probes)
            except TemplateMissing as missing:
                found = (missing, probes)
            self._resolutions[key] = found
        resolved, probes = found
        if self.recorder.active:
            for probe in probes:
                self.is_file(probe)
        if isinstance(resolved, TemplateMissing):  # a new one: a raise grows its traceback
            raise TemplateMissing(resolved.message, resolved.hint or "", resolved.choice)
        if self.recorder.active:
            self.note_template(resolved.path)
        return resolved

    def note_template(self, path: Path) -> None:
        key = self._resolve(path)
        digest = self._digests.get(key)
        if digest is None:
            digest = self._digests[key] = file_digest(key)
        self.recorder.note(f"template:{key}", digest)

    def template_for(self, entry: Entry, template: Template) -> ResolvedTemplate:
        """The template of ``entry``'s documents, with the file's own choice (modeles:)."""
        chosen = choice_of(entry.doc.data, template) if entry.doc is not None else None
        return self.resolve_template(entry.governor, template, chosen)

    def template_path(self, governor: Path | None, template: Template) -> Path:
        return self.resolve_template(governor, template).path

    def template_folder_findings(self, entries: Iterable[Entry]) -> list[Finding]:
        """Warnings for the files of each project's ``templates/`` that no document uses
        (a misnamed override must never be silently ignored)."""
        governors: dict[Path, None] = {}
        for entry in entries:
            if entry.kind.governs:
                governors[self._resolve(entry.path)] = None
            elif entry.governor is not None:
                governors[self._resolve(entry.governor)] = None
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
                resolved = self._resolve(path)
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
        cached = self._current.get(self._resolve(path))
        if cached is not None:
            return cached.doc.data if cached.doc is not None else None
        try:
            return parse_document(path, self.raw(path)).data
        except (LoadError, UsageError):
            return None

    def lint(
        self,
        path: Path,
        template: Template,
        settings: Mapping[str, tuple[bool, Severity | None]] | None = None,
        limits: Limits = DEFAULT,
    ) -> TemplateReport:
        """Lint each template once per run; its findings are reported once. A template
        that cannot be read (« modèle illisible »), or whose tags go past a rendering
        limit whatever the data (``engine.trial``), is one error finding."""
        key = self._resolve(path)
        if key not in self._templates:
            try:
                report = lint_template(path, template.context)
            except TemplateFailure as failure:
                report = TemplateReport(frozenset(), (failure_finding(failure),))
            else:
                try:
                    engine.trial(path, limits)
                except TemplateFailure as failure:
                    found = (*report.findings, failure_finding(failure))
                    report = dataclasses.replace(report, findings=found)
            self._templates[key] = report
            self._lint_findings[key] = tune(list(report.findings), settings or {})
            self.template_findings += self._lint_findings[key]
        if self.recorder.active:
            self.note_template(key)
            self.recorder.note(f"lint:{key}", "")
        return self._templates[key]

    def lint_findings(self, path: Path) -> list[Finding]:
        """The findings of the template at ``path`` (linted in this run), as reported."""
        return self._lint_findings.get(self._resolve(path), [])

    def limits_for(self, entry: Entry) -> Limits:
        """How far filling ``entry``'s documents may go: its Département's limits."""
        governing = entry.path if entry.kind.governs else entry.governor
        return self._limits(self.entry(governing).model if governing is not None else None)

    def _limits(self, governor_model: Any) -> Limits:
        governor = self.registry.governor
        if governor_model is None or governor is None or governor.limits is None:
            return DEFAULT
        return governor.limits(governor_model)

    # -- rule settings -----------------------------------------------------------------

    def _settings(self, governing: Entry) -> Mapping[str, tuple[bool, Severity | None]]:
        if governing.model is None or governing.kind.settings is None:
            return {}
        return {
            rule_id: setting
            for rule_id, setting in governing.kind.settings(governing.model).items()
            if rule_id in self.registry.rules and self.registry.rule(rule_id).tunable
        }

    def _setting_findings(self, entry: Entry) -> list[Finding]:
        """A Département may not switch off, or lower, an invariant."""
        assert entry.kind.settings is not None and entry.doc is not None
        found = []
        for rule_id in entry.kind.settings(entry.model):
            rule: Rule[Any] | None = self.registry.rules.get(rule_id)
            if rule is None or rule.tunable:
                continue
            found.append(
                finding_at(
                    entry.doc,
                    Violation(
                        ("regles", rule_id),
                        f"la règle « {rule_id} » ne peut être ni désactivée ni affaiblie : "
                        "les montants calculés et la lecture des fichiers en dépendent",
                        "retirez ce réglage de regles:",
                    ),
                    self.registry.rule("rule-setting"),
                )
            )
        return found

    def _departement_missing(self, path: Path) -> Finding:
        governor = self.registry.governor
        name = governor.files.filename if governor and governor.files else "departement.yaml"
        return Finding(
            display_path(path),
            None,
            "",
            "departement-missing",
            f"aucun fichier {name} dans ce dossier ni au-dessus",
            f"placez le fichier sous contracts/<département>/, à côté de son {name}",
        )


MAX_FINDINGS_PER_FILE = 200  # a hostile file must not flood the terminal, or the memory


def _capped(found: list[Finding]) -> list[Finding]:
    if len(found) <= MAX_FINDINGS_PER_FILE:
        return found
    kept = found[:MAX_FINDINGS_PER_FILE]
    last = kept[-1]
    return [
        *kept,
        Finding(
            last.file,
            None,
            "",
            "limit-exceeded",
            f"{len(found) - MAX_FINDINGS_PER_FILE} autres anomalies non affichées",
            "corrigez d'abord celles-ci : le fichier est sans doute très abîmé",
        ),
    ]


def tune(
    found: list[Finding], settings: Mapping[str, tuple[bool, Severity | None]]
) -> list[Finding]:
    """Apply a Département's rule settings: drop disabled rules, change severities."""
    if not settings:
        return found
    out = []
    for finding in found:
        setting = settings.get(finding.rule)
        if setting is None:
            out.append(finding)
        elif setting[0]:
            severity = setting[1] or finding.severity
            out.append(dataclasses.replace(finding, severity=severity))
    return out


def _value(doc: Document, where: tuple[str | int, ...]) -> str:
    value = doc.data
    for part in where:
        value = value[part]
    return str(value)
