"""``docgen build`` (and ``render``, ``deliberation``): every valid file's documents.

Each file is checked first; a file with an error is reported and not rendered, and the
others are rendered all the same. The documents of one file are all rendered in memory
before any is written, then written into the output folder (atomically, never over a
file edited by hand, recorded in the manifest).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docgen.commands.check import check
from docgen.core import pdf
from docgen.core.errors import UsageError
from docgen.core.findings import display_path
from docgen.core.kind import Kind, OutputOptions, Registry, WordDocument
from docgen.core.outputs import OutputFolder, render_outputs
from docgen.core.project import ResolvedTemplate
from docgen.core.result import Result
from docgen.core.workspace import Entry, Workspace
from docgen.registry import default_registry


def build(
    paths: Iterable[Path],
    out: Path,
    *,
    options: OutputOptions | None = None,
    force: bool = False,
    expect: Kind | None = None,
    registry: Registry | None = None,
    workspace: Workspace | None = None,
) -> Result:
    """Check ``paths``, then render the documents of every file without error.

    ``expect``: the command names one kind of file (``docgen deliberation``); any other
    is refused with what it is.
    """
    ws = workspace or Workspace(registry or default_registry())
    options = options or OutputOptions()
    paths = list(paths)
    if expect is not None:
        for path in ws.discover(paths):
            _refuse_other_kind(ws.kind_of(path), expect, path)
    result = check(paths, workspace=ws)
    if options.pdf:
        pdf.require_libreoffice()
    entries: list[Entry] = result.payload  # type: ignore[assignment]
    with OutputFolder(out, force=force) as folder:
        for entry in entries:
            model = entry.valid
            if model is None:
                continue
            outputs = [
                output
                for kind in ws.registry.parts(entry.kind)
                if kind.outputs is not None
                for output in kind.outputs(model, options)
            ]
            if not outputs:
                continue

            def template_of(document: WordDocument, entry: Entry = entry) -> ResolvedTemplate:
                return ws.template_for(entry, document.template)

            folder.write_all(render_outputs(outputs, template_of, to_pdf=options.pdf))
            result.produced += sum(1 for o in outputs if isinstance(o, WordDocument))
    result.written = folder.written
    result.notes += folder.failed
    return result


def renders_anything(kind: Kind, registry: Registry) -> bool:
    return any(k.outputs is not None for k in registry.parts(kind))


def _refuse_other_kind(kind: Kind, expect: Kind, path: Path) -> None:
    if kind is not expect:
        raise UsageError(
            f"{display_path(path)} est {kind.label}, pas {expect.label}",
            f"indiquez {expect.label}",
        )
