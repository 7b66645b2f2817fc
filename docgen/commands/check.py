"""``docgen check``: every file named or found, read and checked, all findings at once."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docgen.commands.budget import refusals
from docgen.commands.repository import repository
from docgen.core.kind import Registry
from docgen.core.result import Result
from docgen.core.workspace import Entry, Workspace
from docgen.kinds import budget as budget_kind
from docgen.registry import default_registry


def check(
    paths: Iterable[Path],
    *,
    for_signature: bool = False,
    registry: Registry | None = None,
    workspace: Workspace | None = None,
) -> Result:
    with repository("check", exclusive=False):
        ws = workspace or Workspace(registry or default_registry(), for_signature=for_signature)
        return _check(ws, paths)


def _check(ws: Workspace, paths: Iterable[Path]) -> Result:
    result = Result(files=ws.discover(paths))
    entries: list[Entry] = []
    for path in result.files:
        entry = ws.entry(path)
        if entry.governor is not None:
            result.add(ws.entry(entry.governor).findings)
        result.add(entry.findings)
        if entry.kind is budget_kind.KIND and entry.valid is not None:
            # What ``budget apply`` would refuse is reported now: check and apply agree.
            result.add(refusals(ws, path))
        entries.append(entry)
    result.add(ws.template_folder_findings(entries))
    result.add(ws.template_findings)
    result.payload = entries
    return result
