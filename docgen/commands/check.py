"""``docgen check``: every file named or found, read and checked, all findings at once.

The files are checked by forked workers (``docgen.core.parallel``), their findings sent
back in the files' order; with one job, or when the caller hands its own workspace (it
then gets every entry in it, ``Result.payload``), in this process.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docgen.commands.check_votes import Tried, Votes
from docgen.commands.pipeline import Checked, Checker, folder_findings
from docgen.commands.repository import repository
from docgen.core.kind import Registry
from docgen.core.parallel import default_jobs, render_in_order
from docgen.core.result import Result
from docgen.core.workspace import Entry, Workspace
from docgen.kinds import budget as budget_kind
from docgen.kinds.budget import Budget
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


@dataclass(frozen=True)
class _Tried:
    """A convention that a budget vote covers but that is not among the files: tried
    with the vote, not reported as checked."""

    path: Path


@dataclass(frozen=True)
class _Done:
    """One task done, as a worker sends it back."""

    checked: Checked | None  # None for a convention only tried
    tried: tuple[Tried, ...]  # the file (a convention) tried with the run's budget votes
    vote: Budget | None  # the file is a budget vote without error: its refusals follow it


def _check(ws: Workspace, paths: Iterable[Path], jobs: int) -> Result:
    result = Result(files=ws.discover(paths))
    checker = Checker(ws)
    votes = Votes(ws, result.files)
    entries: list[Entry] = []

    def one(task: Path | _Tried) -> _Done:
        if isinstance(task, _Tried):
            tried = votes.tried(task.path)
            if jobs > 1:
                ws.release(ws.entry(task.path))
            return _Done(None, tried, None)
        entry, checked = checker.check(task)
        tried = votes.tried(task)
        if jobs > 1:
            ws.release(entry)  # its contexts: nothing renders them here
        else:
            entries.append(entry)
        # What ``budget apply`` would refuse is reported with the vote: check and apply agree.
        vote = entry.valid if entry.kind is budget_kind.KIND else None
        return _Done(checked, tried, vote if isinstance(vote, Budget) else None)

    done: list[_Done] = []
    tasks: list[Path | _Tried] = [*result.files, *map(_Tried, votes.others())]
    made = render_in_order(tasks, one, jobs)
    try:
        done.extend(made)
    finally:
        made.close()
    tried = {(t.vote, t.convention): t for item in done for t in item.tried}
    checked = []
    for item in done:
        if item.checked is None:
            continue
        findings = list(item.checked.findings)
        if item.vote is not None:
            findings += votes.refusals(item.vote, tried)
        result.add(findings)
        result.add(list(item.checked.templates))
        checked.append(item.checked)
    result.add(folder_findings(ws, checked))
    result.add(ws.template_findings)  # those this process linted (the first file's)
    result.payload = entries
    return result
