"""``docgen build`` (and ``render``, ``deliberation``): every valid file's documents.

Each file is checked first; a file with an error is reported and not rendered, and the
others are rendered all the same. Builds are incremental (``docgen.core.incremental``):
a file whose inputs did not change since its documents were written, and whose documents
are on disk as written, is neither read nor rendered; its findings are reported from the
manifest. ``force`` rebuilds everything.

The other files are checked, planned and rendered by ``docgen.commands.rendering``, in
forked workers. This module imports it, and with it the kinds, the template engine and
LibreOffice's driver, only when a file is not « à jour »: a build that changes nothing
lists its sources, reads their records and says so, and that is all it imports.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docgen.commands.repository import repository
from docgen.core import lock
from docgen.core.digest_cache import CACHE_NAME, DigestCache
from docgen.core.errors import UsageError
from docgen.core.findings import Finding, display_path
from docgen.core.incremental import Fresh, Records
from docgen.core.options import OutputOptions
from docgen.core.output_folder import OutputFolder
from docgen.core.project import current_project, project_of
from docgen.core.recorder import Recorder
from docgen.core.result import Result
from docgen.core.sources import Sources

if TYPE_CHECKING:
    from docgen.commands.pipeline import Checked
    from docgen.core.kind import Kind, Registry
    from docgen.core.workspace import Workspace


@dataclass(frozen=True)
class BuildSummary:
    """What a build did, for its closing line."""

    built: int  # Word documents rendered in this run
    fresh: int  # Word documents « à jour », not rendered
    failed: int  # files not rendered because of an error
    seconds: float
    orphans: tuple[tuple[str, str], ...] = ()  # (document, its source that is gone)


def build(
    paths: Iterable[Path],
    out: Path,
    *,
    options: OutputOptions | None = None,
    force: bool = False,
    expect: Kind[Any] | None = None,
    registry: Registry | None = None,
    workspace: Workspace | None = None,
    jobs: int | None = None,
    progress: bool = False,
) -> Result:
    """Check ``paths``, then render the documents of every file without error that
    changed since its last build (every file with ``force``).

    ``expect``: the command names one kind of file (``docgen deliberation``); any other
    is refused with what it is. ``jobs``: processes checking and rendering at once
    (default: all cores). ``progress``: a bar on stderr when it is a terminal. Runs with
    the repository's lock held (``docgen.commands.repository``).
    """
    with repository("build", exclusive=True, out=out):
        return _build(paths, out, options, force, expect, registry, workspace, jobs, progress)


class _Run:
    """The run's sources, and its workspace made only when a file has to be read."""

    def __init__(self, registry: Registry | None, workspace: Workspace | None) -> None:
        self.registry, self.workspace = registry, workspace
        self.sources = workspace.sources if workspace is not None else Sources(Recorder())

    def ws(self) -> Workspace:
        if self.workspace is None:
            # Here, not at the top: a workspace imports every kind, their schemas and the
            # template engine (~0.3 s), which a build of files all « à jour » never needs.
            from docgen.core.workspace import Workspace
            from docgen.registry import default_registry

            registry = self.registry or default_registry()
            self.workspace = Workspace(registry, sources=self.sources)
        return self.workspace


def _build(
    paths: Iterable[Path],
    out: Path,
    options: OutputOptions | None,
    force: bool,
    expect: Kind[Any] | None,
    registry: Registry | None,
    workspace: Workspace | None,
    jobs: int | None,
    progress: bool,
) -> Result:
    start = time.perf_counter()
    run = _Run(registry, workspace)
    options = options or OutputOptions()
    files = run.sources.discover(list(paths))
    if expect is not None:
        for path in files:
            _refuse_other_kind(run.ws().kind_of(path), expect, path)
    if options.pdf:
        from docgen.core import pdf  # imports pikepdf: only when PDF are asked for

        pdf.require_libreoffice()
    result = Result(files=files)
    failed = 0
    checked: Sequence[Checked] = ()
    digests = DigestCache(lock.state_dir(current_project().root, out) / CACHE_NAME)
    with OutputFolder(out, force=force) as folder:
        records = Records(folder.manifest, out, options, run.sources, digests)
        fresh: list[Fresh] = []
        stale: list[Path] = []
        for path in files:
            record = None if force else records.fresh(path)
            if record is None:
                stale.append(path)
            else:
                fresh.append(record)
                result.add(list(record.findings))
        # As ``render_stale`` counts them: not a file with no output (a departement.yaml).
        # Counted here, it kept the record of the templates/ folders' findings from ever
        # matching a build with nothing to do, which then checked every template again.
        fingerprints = [f.fingerprint for f in fresh if f.outputs]
        if stale:
            from docgen.commands.rendering import render_stale  # see the module's docstring

            made = render_stale(
                run.ws(), folder, records, stale, options, result, jobs=jobs, progress=progress
            )
            failed, checked = made.failed, made.checked
            fingerprints += made.fingerprints
        result.add(_folder_findings(run.ws, records, checked, fresh, fingerprints, stale))
        orphans = tuple(records.orphans())
    digests.save()
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


def _folder_findings(
    ws: Callable[[], Workspace],
    records: Records,
    checked: Sequence[Checked],
    fresh: Sequence[Fresh],
    fingerprints: Sequence[str],
    stale: Sequence[Path],
) -> list[Finding]:
    """The warnings on the templates/ folders (a misnamed override), from the record
    when no file and no template file name changed, else computed again."""
    governors: dict[Path, None] = {}
    for item in checked:
        if item.governor is not None:
            governors[item.governor] = None
    # Each resolved once (there is one per Département), in the files' order.
    for governor in dict.fromkeys(r.governor for r in fresh if r.governor is not None):
        governors[governor.resolve()] = None
    folders = [project_of(g).templates for g in governors]
    complete = not any(c.errors for c in checked)
    inputs = records.folder_findings(fingerprints, folders)
    if complete and not stale:
        recorded = records.recorded_folder_findings(inputs)
        if recorded is not None:
            return recorded
    from docgen.commands.pipeline import folder_findings  # the workspace's: see _Run.ws

    found = folder_findings(ws(), checked, governors)
    if complete:
        records.remember_folder_findings(inputs, found)
    return found


def renders_anything(kind: Kind[Any], registry: Registry) -> bool:
    return any(k.outputs is not None for k in registry.parts(kind))


def orphan_notes(summary: BuildSummary, out: Path) -> list[str]:
    return [
        f"orphelin : {display_path(out / name)} (son fichier {source} n'existe plus ; "
        "le document est conservé)"
        for name, source in summary.orphans
    ]


def _refuse_other_kind(kind: Kind[Any], expect: Kind[Any], path: Path) -> None:
    if kind is not expect:
        raise UsageError(
            f"{display_path(path)} est {kind.label}, pas {expect.label}",
            f"indiquez {expect.label}",
        )
