"""The files of a build that are not « à jour »: each checked, planned and rendered in a
forked worker (``docgen.core.parallel``), then written by the parent in the files' order.

Each file goes through one pipeline in a worker: checked (``docgen.commands.pipeline``),
planned (``Workspace.plan``: its documents with their templates and contexts, made by the
check), rendered in memory; the parent writes each file's documents in the files' order
(atomically, never over a file edited by hand, recorded in the manifest) and reports its
findings: neither depends on the number of workers. With ``--pdf``, the files go through
here and the documents of several files go to LibreOffice in one batch (``PDF_BATCH``):
LibreOffice is then the parallel part (``jobs`` workers).

Apart from ``docgen.commands.build``, which imports this module only when a file has to
be checked or rendered: it imports the kinds, the template engine and LibreOffice's
driver, which a build where everything is « à jour » does without.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from docgen.commands.pipeline import Checked, Checker, lint_findings
from docgen.core import pdf
from docgen.core.errors import TemplateFailure
from docgen.core.findings import Finding, Severity, display_path, failure_finding
from docgen.core.incremental import Records
from docgen.core.options import OutputOptions
from docgen.core.outputs import Drafted, OutputFolder, Rendered, complete, draft
from docgen.core.parallel import default_jobs, render_in_order
from docgen.core.progress import Progress
from docgen.core.project import ResolvedTemplate
from docgen.core.result import Result
from docgen.core.rules import BLOCKING_TEMPLATE_RULES
from docgen.core.workspace import Entry, Workspace


@dataclass(frozen=True)
class Stale:
    """What the files that were not « à jour » came to."""

    failed: int  # files not rendered because of an error
    checked: tuple[Checked, ...]  # each file's check (its governor, its templates/ choices)
    fingerprints: tuple[str, ...]  # of the files recorded, with outputs


@dataclass(frozen=True)
class _Failed:
    """A file whose documents could not be filled from their templates: none is written;
    its findings say why (sent back as is from a worker)."""

    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class _Outcome:
    """One file through its pipeline (checked, planned, rendered), as a worker sends it
    back: plain values, in the files' order."""

    path: Path
    findings: tuple[Finding, ...]  # its own, its governor's, its templates'
    # Lint findings of the templates the worker read first for this file (each reported
    # once, as ``docgen check`` reports them), whoever they were read for.
    templates: tuple[Finding, ...] = ()
    checked: Checked | None = None  # its check (its governor, its templates/ choices)
    read: dict[str, str] | None = None  # None: not to be recorded (an error, a blocked file)
    documents: int = 0
    rendered: list[Rendered] | Drafted | _Failed | None = None  # None: nothing to render


def render_stale(
    ws: Workspace,
    folder: OutputFolder,
    records: Records,
    paths: Sequence[Path],
    options: OutputOptions,
    result: Result,
    *,
    jobs: int | None,
    progress: bool,
) -> Stale:
    """Check and render ``paths``, write their documents into ``folder`` and record what
    made them; their findings go to ``result``."""
    jobs = jobs or default_jobs()
    failed = 0
    checked: list[Checked] = []
    fingerprints: list[str] = []
    bar = Progress(len(paths), "Construction", enabled=progress)
    pipeline = _Pipeline(ws, options)
    if options.pdf:  # LibreOffice is the parallel part: the files go through here
        made = _with_pdf(paths, pipeline, jobs)
    else:
        made = render_in_order(paths, pipeline, jobs)
    try:
        for outcome in made:
            if outcome.checked is not None:
                checked.append(outcome.checked)
            result.add(list(outcome.findings))
            result.add(list(outcome.templates))
            bar.advance()
            fingerprint = _write(folder, records, outcome, result)
            if fingerprint is None:
                failed += outcome.read is None or isinstance(outcome.rendered, _Failed)
            elif outcome.rendered is not None:  # a file with no output is not counted
                fingerprints.append(fingerprint)
    finally:
        bar.close()
        # Its workers end now, not when the garbage collector gets to them: forked
        # while the lock was held, they hold its descriptor too (a Python caller
        # that catches an error would keep the repository locked).
        made.close()
    return Stale(failed, tuple(checked), tuple(fingerprints))


def _write(folder: OutputFolder, records: Records, outcome: _Outcome, result: Result) -> str | None:
    """Write one file's documents (in the files' order) and record what made them; its
    fingerprint, or None when nothing is recorded (it is checked again next time)."""
    if outcome.read is None:
        records.forget(outcome.path)  # checked again next time, whatever changed
        return None
    rendered = outcome.rendered
    if isinstance(rendered, _Failed):
        result.add(list(rendered.findings))
        records.forget(outcome.path)  # rendered again next time
        return None
    assert not isinstance(rendered, Drafted)  # completed with its PDF by ``_with_pdf``
    files = rendered or []
    folder.write_all(files)
    if files and any(w.status == "failed" for w in folder.written[-len(files) :]):
        records.forget(outcome.path)  # rebuilt next time; said in the notes
        return None
    result.produced += outcome.documents
    return records.remember(
        outcome.path,
        outcome.read,
        [r.name for r in files],
        outcome.documents,
        outcome.findings,
        outcome.checked.governor if outcome.checked is not None else None,
    )


class _Pipeline:
    """One file's way through a build: checked, planned, rendered in memory. Run by the
    forked workers (``docgen.core.parallel``) on the files in order, each worker with the
    run's workspace as it was when they were forked: a file that reads others (a
    deliberation, its conventions) reads them in its worker, once per worker."""

    def __init__(self, ws: Workspace, options: OutputOptions) -> None:
        self.ws, self.options = ws, options
        self.checker = Checker(ws)

    def __call__(self, path: Path) -> _Outcome:
        ws = self.ws
        entry, checked = self.checker.check(path)
        outcome = _Outcome(path, (), checked=checked)
        findings = list(checked.findings)
        if entry.valid is None:
            findings += lint_findings(ws, entry.inputs)
            return self._sent(outcome, findings, checked.templates)
        with ws.recorder.recording() as frame:
            plan = ws.plan(entry, self.options)  # made by the check: reused, its reads noted
        read = {**entry.inputs, **frame}
        findings += lint_findings(ws, read)
        linted = checked.templates + self.checker.templates_since()
        stop = _blocking(ws, entry, plan.templates())
        if stop:
            ws.release(entry)
            return self._sent(outcome, findings + stop, linted)
        if not plan.outputs:  # a departement.yaml: recorded, nothing to render
            ws.release(entry)
            return self._sent(dataclasses.replace(outcome, read=read), findings, linted)
        try:
            drafted = draft(plan, ws.limits_for(entry))
        except TemplateFailure as failure:  # this file's documents only: the others go on
            made: list[Rendered] | Drafted | _Failed = _failed(entry, failure)
        else:
            made = drafted if self.options.pdf else complete(drafted, None)
        ws.release(entry)
        outcome = dataclasses.replace(
            outcome, read=read, documents=len(plan.documents), rendered=made
        )
        return self._sent(outcome, findings, linted)

    @staticmethod
    def _sent(outcome: _Outcome, findings: list[Finding], linted: tuple[Finding, ...]) -> _Outcome:
        return dataclasses.replace(outcome, findings=tuple(findings), templates=linted)


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


PDF_BATCH = 40  # Word documents converted by one LibreOffice batch (memory stays bounded)


def _with_pdf(
    paths: Sequence[Path], pipeline: Callable[[Path], _Outcome], jobs: int
) -> Generator[_Outcome, None, None]:
    """Each file's outcome with its PDF: the Word documents of several files are converted
    in one batch, so that LibreOffice starts once per batch (at most ``jobs`` workers),
    not once per file (~1 s each)."""
    chunk: list[_Outcome] = []

    def flush() -> Iterator[_Outcome]:
        drafts = [o.rendered for o in chunk if isinstance(o.rendered, Drafted)]
        pdfs = pdf.docx_to_pdf_batch([i for d in drafts for i in d.pdf_items()], jobs)
        start = 0
        for outcome in chunk:
            drafted = outcome.rendered
            if isinstance(drafted, Drafted):
                files = complete(drafted, pdfs[start : start + len(drafted.documents)])
                start += len(drafted.documents)
                outcome = dataclasses.replace(outcome, rendered=files)
            yield outcome
        chunk.clear()

    for path in paths:
        chunk.append(pipeline(path))
        if sum(len(o.rendered.documents) for o in chunk if isinstance(o.rendered, Drafted)) >= (
            PDF_BATCH
        ):
            yield from flush()
    if chunk:
        yield from flush()
