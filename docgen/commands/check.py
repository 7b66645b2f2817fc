"""``docgen check``: every file named or found, read and checked, all findings at once.

The files are checked by forked workers (``docgen.core.parallel``), their findings sent
back in the files' order; with one job, or when the caller hands its own workspace (it
then gets every entry in it, ``Result.payload``), in this process. The budget votes'
refusals take a second round of tasks: the new texts of their conventions, checked
(``docgen.commands.check_votes``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from docgen.commands.check_votes import Look, Votes
from docgen.commands.pipeline import Checked, Checker, folder_findings
from docgen.commands.repository import repository
from docgen.core.kind import Registry
from docgen.core.parallel import default_jobs, render_in_order
from docgen.core.result import Result
from docgen.core.workspace import Entry, Workspace
from docgen.kinds import budget as budget_kind
from docgen.kinds.budget import Budget
from docgen.registry import default_registry

T = TypeVar("T")
R = TypeVar("R")


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
class _Look:
    """A convention that a budget vote covers but that is not among the files: looked at
    with the vote, not reported as checked."""

    path: Path


@dataclass(frozen=True)
class _Done:
    """One task done, as a worker sends it back."""

    checked: Checked | None  # None for a convention only looked at
    looks: tuple[Look, ...]  # the file (a convention) looked at with the run's budget votes
    vote: Budget | None  # the file is a budget vote without error: its refusals follow it


def _check(ws: Workspace, paths: Iterable[Path], jobs: int) -> Result:
    result = Result(files=ws.discover(paths))
    checker = Checker(ws)
    votes = Votes(ws, result.files)
    entries: list[Entry] = []

    def one(task: Path | _Look) -> _Done:
        if isinstance(task, _Look):
            looks = votes.look(task.path)
            if jobs > 1:
                ws.release(ws.entry(task.path))
            return _Done(None, looks, None)
        entry, checked = checker.check(task)
        looks = votes.look(task)
        if jobs > 1:
            ws.release(entry)  # its contexts: nothing renders them here
        else:
            entries.append(entry)
        vote = entry.valid if entry.kind is budget_kind.KIND else None
        return _Done(checked, looks, vote if isinstance(vote, Budget) else None)

    tasks: list[Path | _Look] = [*result.files, *map(_Look, votes.others())]
    done = _in_order(tasks, one, jobs)
    # What ``budget apply`` would refuse is reported with each vote (check and apply
    # agree): the new texts of the votes that can be tried are checked, by the workers too.
    looks = {(look.vote, ws.resolved(look.convention)): look for d in done for look in d.looks}
    amended = [a for d in done if d.vote is not None for a in votes.amended(d.vote, looks)]
    tried = {
        (a.look.vote, ws.resolved(a.look.convention)): found
        for a, found in zip(amended, _in_order(amended, votes.trial, jobs), strict=True)
    }
    checked = []
    for item in done:
        if item.checked is None:
            continue
        findings = list(item.checked.findings)
        if item.vote is not None:
            findings += votes.refusals(item.vote, looks, tried)
        result.add(findings)
        result.add(list(item.checked.templates))
        checked.append(item.checked)
    result.add(folder_findings(ws, checked))
    result.add(ws.template_findings)  # those this process linted (the first file's)
    result.payload = entries
    return result


def _in_order(tasks: Sequence[T], work: Callable[[T], R], jobs: int) -> list[R]:
    made = render_in_order(tasks, work, jobs)
    try:
        return list(made)
    finally:
        made.close()
