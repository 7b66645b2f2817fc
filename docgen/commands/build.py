"""``docgen build`` (and ``render``, ``deliberation``): every valid file's documents.

Each file is checked first; a file with an error is reported and not rendered, and the
others are rendered all the same. Builds are incremental (``docgen.core.incremental``):
a file whose inputs did not change since its documents were written, and whose documents
are on disk as written, is neither read nor rendered; its findings are reported from the
manifest. ``force`` rebuilds everything.

The parent process checks; the documents are rendered by forked workers
(``docgen.core.parallel``), each file's documents all in memory before any is written,
then written by the parent in the files' order (atomically, never over a file edited by
hand, recorded in the manifest): the output does not depend on the number of workers.
With ``--pdf``, the documents of several files go to LibreOffice in one batch
(``PDF_BATCH``): LibreOffice is then the parallel part (``jobs`` workers).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docgen.commands.repository import repository
from docgen.core import pdf
from docgen.core.errors import TemplateFailure, UsageError
from docgen.core.findings import Finding, Severity, display_path, failure_finding
from docgen.core.incremental import Fresh, Records
from docgen.core.kind import Kind, Output, OutputOptions, Registry, WordDocument
from docgen.core.outputs import Drafted, OutputFolder, Rendered, complete, draft
from docgen.core.parallel import default_jobs, render_in_order
from docgen.core.progress import Progress
from docgen.core.project import ResolvedTemplate
from docgen.core.result import Result
from docgen.core.rules import BLOCKING_TEMPLATE_RULES
from docgen.core.workspace import Entry, Workspace
from docgen.registry import default_registry


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, for its closing line."""

    built: int  # Word documents rendered in this run
    fresh: int  # Word documents « à jour », not rendered
    failed: int  # files not rendered because of an error
    seconds: float
    orphans: tuple[tuple[str, str], ...] = ()  # (document, its source that is gone)


@dataclass(frozen=True)
class _Task:
    """One file to render, and what its check and outputs read. Its outputs are made
    again where it is rendered (they are a function of its model): holding the contexts
    of 10,000 documents until then cost more memory than making them twice costs time."""

    entry: Entry
    read: dict[str, str]
    findings: tuple[Finding, ...]
    documents: int
    governor: Path | None = field(default=None)


@dataclass(frozen=True)
class _Failed:
    """A file whose documents could not be filled from their templates: none is written;
    its findings say why (sent back as is from a worker)."""

    findings: tuple[Finding, ...]


def build(
    paths: Iterable[Path],
    out: Path,
    *,
    options: OutputOptions | None = None,
    force: bool = False,
    expect: Kind | None = None,
    registry: Registry | None = None,
    workspace: Workspace | None = None,
    jobs: int | None = None,
    progress: bool = False,
) -> Result:
    """Check ``paths``, then render the documents of every file without error that
    changed since its last build (every file with ``force``).

    ``expect``: the command names one kind of file (``docgen deliberation``); any other
    is refused with what it is. ``jobs``: processes rendering at once (default: all
    cores). ``progress``: a bar on stderr when it is a terminal. Runs with the
    repository's lock held (``docgen.commands.repository``).
    """
    with repository("build", exclusive=True, out=out):
        return _build(paths, out, options, force, expect, registry, workspace, jobs, progress)


def _build(
    paths: Iterable[Path],
    out: Path,
    options: OutputOptions | None,
    force: bool,
    expect: Kind | None,
    registry: Registry | None,
    workspace: Workspace | None,
    jobs: int | None,
    progress: bool,
) -> Result:
    start = time.perf_counter()
    ws = workspace or Workspace(registry or default_registry())
    options = options or OutputOptions()
    jobs = jobs or default_jobs()
    files = ws.discover(list(paths))
    if expect is not None:
        for path in files:
            _refuse_other_kind(ws.kind_of(path), expect, path)
    if options.pdf:
        pdf.require_libreoffice()
    result = Result(files=files)
    with OutputFolder(out, force=force) as folder:
        records = Records(folder.manifest, out, options)
        fresh: list[Fresh] = []
        stale: list[Path] = []
        for path in files:
            record = None if force else records.fresh(path)
            if record is None:
                stale.append(path)
            else:
                fresh.append(record)
                result.add(list(record.findings))
        entries = _check(ws, stale, result, Progress(len(stale), "Vérification", enabled=progress))
        result.add(ws.template_findings)
        tasks, failed, blocked = _tasks(ws, entries, options, records)
        result.add(blocked)
        fingerprints = [f.fingerprint for f in fresh]
        bar = Progress(sum(t.documents for t in tasks), "Rendu", enabled=progress)

        def drafted(task: _Task) -> Drafted | _Failed:
            def template_of(document: WordDocument) -> ResolvedTemplate:
                return ws.template_for(task.entry, document.template)

            outputs = _outputs(ws, task.entry, options)
            try:
                return draft(outputs, template_of, ws.limits_for(task.entry))
            except TemplateFailure as failure:  # this file's documents only: the others go on
                return _failed(task.entry, failure)

        def render(task: _Task) -> list[Rendered] | _Failed:
            made = drafted(task)
            return made if isinstance(made, _Failed) else complete(made, None)

        made = _with_pdf(tasks, drafted, jobs) if options.pdf else _rendered(tasks, render, jobs)
        try:
            for task, rendered in made:
                if isinstance(rendered, _Failed):
                    result.add(list(rendered.findings))
                    records.forget(task.entry.path)  # rendered again next time
                    failed += 1
                    bar.advance(task.documents)
                    continue
                folder.write_all(rendered)
                if any(w.status == "failed" for w in folder.written[-len(rendered) :]):
                    records.forget(task.entry.path)  # rebuilt next time; said in the notes
                    continue
                fingerprints.append(
                    records.remember(
                        task.entry.path,
                        task.read,
                        [r.name for r in rendered],
                        task.documents,
                        task.findings,
                        task.governor,
                    )
                )
                result.produced += task.documents
                bar.advance(task.documents)
        finally:
            bar.close()
            # Its workers end now, not when the garbage collector gets to them: forked
            # while the lock was held, they hold its descriptor too (a Python caller
            # that catches an error would keep the repository locked).
            made.close()
        result.add(_folder_findings(ws, records, entries, fresh, fingerprints, stale))
        orphans = tuple(records.orphans())
    result.written = folder.written
    result.payload = BuildSummary(
        result.produced,
        sum(f.documents for f in fresh),
        failed,
        time.perf_counter() - start,
        orphans,
    )
    result.notes += folder.failed
    return result


def _check(ws: Workspace, paths: Sequence[Path], result: Result, bar: Progress) -> list[Entry]:
    """Check each file (and its Département's file), as ``docgen check`` does."""
    entries = []
    try:
        for path in paths:
            entry = ws.entry(path)
            if entry.governor is not None:
                result.add(ws.entry(entry.governor).findings)
            result.add(entry.findings)
            entries.append(entry)
            bar.advance()
    finally:
        bar.close()
    return entries


def _tasks(
    ws: Workspace, entries: Sequence[Entry], options: OutputOptions, records: Records
) -> tuple[list[_Task], int, list[Finding]]:
    """The files to render, with what each read; the number of files in error; the
    findings of the files not rendered because a template they use is in error. A file
    without error and without documents (a departement.yaml) is recorded at once."""
    tasks: list[_Task] = []
    failed = 0
    blocked: list[Finding] = []
    for entry in entries:
        model = entry.valid
        if model is None:
            records.forget(entry.path)  # checked again next time, whatever changed
            failed += 1
            continue
        with ws.recorder.recording() as frame:
            outputs = _outputs(ws, entry, options)
            documents = [o for o in outputs if isinstance(o, WordDocument)]
            # Noted: a template change rebuilds the file.
            templates = [ws.template_for(entry, d.template) for d in documents]
        stop = _blocking(ws, entry, templates)
        if stop:
            records.forget(entry.path)
            failed += 1
            blocked += stop
            continue
        read = {**entry.inputs, **frame}
        governor = entry.path if entry.kind.governs else entry.governor
        findings = list(entry.findings)
        if entry.governor is not None:
            findings += ws.entry(entry.governor).findings
        for key in read:
            if key.startswith("lint:"):
                findings += ws.lint_findings(Path(key.removeprefix("lint:")))
        task = _Task(entry, read, tuple(findings), len(documents), governor)
        if outputs:
            tasks.append(task)
        else:
            records.remember(entry.path, read, [], 0, task.findings, governor)
    return tasks, failed, blocked


def _blocking(ws: Workspace, entry: Entry, templates: Sequence[ResolvedTemplate]) -> list[Finding]:
    """Why ``entry``'s documents are not rendered: a template they use cannot be read, or
    goes past a rendering limit whatever the data, or its tags cannot be read (its own
    finding says it; each file it would have filled says that it was not)."""
    found: dict[str, Finding] = {}
    for template in templates:
        for finding in ws.lint_findings(template.path):
            if finding.rule in BLOCKING_TEMPLATE_RULES and finding.severity is Severity.ERROR:
                found.setdefault(template.label, _not_produced(entry, template.label, finding.rule))
    return list(found.values())


def _not_produced(entry: Entry, template: str, rule: str) -> Finding:
    return Finding(
        entry.doc.name if entry.doc is not None else display_path(entry.path),
        None,
        "",
        rule,
        f"documents non produits : le modèle {template} est en erreur (voir ce modèle)",
        "corrigez le modèle, puis relancez docgen build",
    )


def _failed(entry: Entry, failure: TemplateFailure) -> _Failed:
    """The findings of a file whose documents could not be filled."""
    if failure.rule == "template-unreadable":  # the template's own finding, and this file's
        return _Failed(
            (failure_finding(failure), _not_produced(entry, failure.template, failure.rule))
        )
    source = entry.doc.name if entry.doc is not None else display_path(entry.path)
    return _Failed((failure_finding(failure, source),))


def _rendered(
    tasks: Sequence[_Task], render: Callable[[_Task], list[Rendered] | _Failed], jobs: int
) -> Generator[tuple[_Task, list[Rendered] | _Failed], None, None]:
    results = render_in_order(tasks, render, jobs)
    try:
        yield from zip(tasks, results, strict=True)
    finally:
        results.close()


PDF_BATCH = 40  # Word documents converted by one LibreOffice batch (memory stays bounded)


def _with_pdf(
    tasks: Sequence[_Task], drafted: Callable[[_Task], Drafted | _Failed], jobs: int
) -> Generator[tuple[_Task, list[Rendered] | _Failed], None, None]:
    """Each task's files with their PDF: the Word documents of several files are converted
    in one batch, so that LibreOffice starts once per batch (at most ``jobs`` workers),
    not once per file (~1 s each)."""
    chunk: list[tuple[_Task, Drafted | _Failed]] = []

    def flush() -> Iterator[tuple[_Task, list[Rendered] | _Failed]]:
        items = [item for _, d in chunk if isinstance(d, Drafted) for item in d.pdf_items()]
        pdfs = pdf.docx_to_pdf_batch(items, jobs)
        start = 0
        for task, d in chunk:
            if isinstance(d, _Failed):
                yield task, d
                continue
            yield task, complete(d, pdfs[start : start + len(d.documents)])
            start += len(d.documents)
        chunk.clear()

    for task in tasks:
        chunk.append((task, drafted(task)))
        if sum(len(d.documents) for _, d in chunk if isinstance(d, Drafted)) >= PDF_BATCH:
            yield from flush()
    if chunk:
        yield from flush()


def _outputs(ws: Workspace, entry: Entry, options: OutputOptions) -> tuple[Output, ...]:
    return tuple(
        output
        for kind in ws.registry.parts(entry.kind)
        if kind.outputs is not None
        for output in kind.outputs(entry.valid, options, ws)
    )


def _folder_findings(
    ws: Workspace,
    records: Records,
    entries: Sequence[Entry],
    fresh: Sequence[Fresh],
    fingerprints: Sequence[str],
    stale: Sequence[Path],
) -> list[Finding]:
    """The warnings on the templates/ folders (a misnamed override), from the record
    when no file and no template file name changed, else computed again."""
    governors: dict[Path, None] = {}
    for entry in entries:
        governor = entry.path if entry.kind.governs else entry.governor
        if governor is not None:
            governors[governor.resolve()] = None
    for record in fresh:
        if record.governor is not None:
            governors[record.governor.resolve()] = None
    folders = [ws.project_of(g).templates for g in governors]
    complete = not any(e.errors for e in entries)
    inputs = records.folder_findings(fingerprints, folders)
    if complete and not stale:
        recorded = records.recorded_folder_findings(inputs)
        if recorded is not None:
            return recorded
    found = ws.template_folder_findings_for(governors)
    if complete:
        records.remember_folder_findings(inputs, found)
    return found


def failed_files(result: Result) -> int:
    return len({f.file for f in result.findings if f.severity is Severity.ERROR})


def renders_anything(kind: Kind, registry: Registry) -> bool:
    return any(k.outputs is not None for k in registry.parts(kind))


def orphan_notes(summary: BuildSummary, out: Path) -> list[str]:
    return [
        f"orphelin : {display_path(out / name)} (son fichier {source} n'existe plus ; "
        "le document est conservé)"
        for name, source in summary.orphans
    ]


def _refuse_other_kind(kind: Kind, expect: Kind, path: Path) -> None:
    if kind is not expect:
        raise UsageError(
            f"{display_path(path)} est {kind.label}, pas {expect.label}",
            f"indiquez {expect.label}",
        )
