"""``docgen check``: every file named or found, read and checked, all findings at once.

The files are checked by forked workers (``docgen.core.parallel``), their findings sent
back in the files' order; with one job, or when the caller hands its own workspace (it
then gets every entry in it, ``Result.payload``), in this process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from docgen.commands.budget import refusals
from docgen.commands.pipeline import Checked, Checker, folder_findings
from docgen.commands.repository import repository
from docgen.core.kind import Registry
from docgen.core.parallel import default_jobs, render_in_order
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
    jobs: int | None = None,
) -> Result:
    with repository("check", exclusive=False):
        ws = workspace or Workspace(registry or default_registry(), for_signature=for_signature)
        jobs = 1 if workspace is not None else (jobs or default_jobs())
        return _check(ws, paths, jobs)


def _check(ws: Workspace, paths: Iterable[Path], jobs: int) -> Result:
    result = Result(files=ws.discover(paths))
    checker = Checker(ws)
    entries: list[Entry] = []

    def one(path: Path) -> Checked:
        entry, checked = checker.check(path)
        if entry.kind is budget_kind.KIND and entry.valid is not None:
            # What ``budget apply`` would refuse is reported now: check and apply agree.
            refused = tuple(refusals(ws, path))
            checked = dataclasses.replace(checked, findings=checked.findings + refused)
        if jobs > 1:
            ws.release(entry)  # its contexts: nothing renders them here
        else:
            entries.append(entry)
        return checked

    checked = []
    made = render_in_order(result.files, one, jobs)
    try:
        for item in made:
            result.add(list(item.findings))
            result.add(list(item.templates))
            checked.append(item)
    finally:
        made.close()
    result.add(folder_findings(ws, checked))
    result.add(ws.template_findings)  # those this process linted (the first file's)
    result.payload = entries
    return result
