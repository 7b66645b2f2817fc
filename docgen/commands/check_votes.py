"""The budget votes among the files ``check`` reads, and what ``budget apply`` would
refuse of each, found one convention at a time.

``budget apply`` tries a vote on every convention of its Département at once
(``docgen.commands.budget_trial.trial``). ``check`` gives the same findings, but tries
each convention beside the convention's own check, in the worker that has just read it:
the workers share a vote's trial and none reads a convention again. The vote's findings
are then put together in the parent, in its conventions' order, as ``trial`` orders them.
A vote is tried as a whole or not at all (``docgen.kinds.budget.plan_in``): when one of
its files has an error, it gives no finding of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.commands.budget_trial import already_applied, trial_one
from docgen.core.findings import Finding
from docgen.core.workspace import Workspace
from docgen.kinds import budget as budget_kind
from docgen.kinds import convention as convention_kind
from docgen.kinds.budget import Budget, plan
from docgen.kinds.convention.model import Convention


@dataclass(frozen=True)
class Tried:
    """One convention tried with one vote, as a worker sends it back."""

    vote: Path  # resolved
    convention: Path  # resolved
    errors: bool  # the convention or its Département has an error: the vote is not tried
    applied: str | None  # the convention's name when it already has the vote's avenant
    revalued: str | None  # its name when the vote gives it an avenant
    unappendable: Finding | None  # why its avenant cannot be appended
    findings: tuple[Finding, ...]  # the errors of its text with the avenant appended


class Votes:
    """The votes among a run's files, and the conventions each is tried on."""

    def __init__(self, ws: Workspace, files: Iterable[Path]) -> None:
        self.ws = ws
        # vote → the conventions of its Département (resolved), as ``plan_in`` reads them
        self._conventions: dict[Path, tuple[Path, ...]] = {}
        self._votes: dict[Path, list[Path]] = {}  # convention → the votes that try it
        self._others: dict[Path, Path] = {}  # the conventions that are not among the files
        self._trials: dict[Path, Workspace] = {}  # vote → where its new texts are read
        files = list(files)
        for path in files:
            governor = ws.governing_file(path) if ws.kind_of(path) is budget_kind.KIND else None
            vote = ws.resolved(path)
            if governor is None or vote in self._conventions:
                continue  # no Département: the vote has an error, it is not tried
            conventions = ws.files_of(convention_kind.KIND, governor)
            self._conventions[vote] = tuple(ws.resolved(c) for c in conventions)
            for convention in conventions:
                self._votes.setdefault(ws.resolved(convention), []).append(path)
                self._others[ws.resolved(convention)] = convention
        for path in files:
            self._others.pop(ws.resolved(path), None)

    def others(self) -> list[Path]:
        """The conventions the votes are tried on that are not among the run's files."""
        return list(self._others.values())

    def tried(self, path: Path) -> tuple[Tried, ...]:
        """The convention at ``path`` tried with each vote of the run that covers it."""
        votes = self._votes.get(self.ws.resolved(path), ())
        return tuple(tried for vote in votes if (tried := self._try(vote, path)) is not None)

    def _try(self, vote: Path, path: Path) -> Tried | None:
        ws = self.ws
        budget = ws.entry(vote).valid
        if not isinstance(budget, Budget):
            return None  # the vote's own error is reported with it: nothing is tried
        entry = ws.entry(path)
        key, convention = ws.resolved(vote), entry.valid
        governor = ws.entry(entry.governor) if entry.governor is not None else None
        if entry.errors or governor is None or governor.errors:
            return Tried(key, ws.resolved(path), True, None, None, None, ())
        if not isinstance(convention, Convention):
            return Tried(key, ws.resolved(path), False, None, None, None, ())
        planned = plan(budget, [convention])
        if not planned.revaluations:
            applied = planned.already_applied[0] if planned.already_applied else None
            return Tried(key, ws.resolved(path), False, applied, None, None, ())
        revaluation = planned.revaluations[0]
        trial_ws = self._trials.get(key)
        if trial_ws is None:
            trial_ws = self._trials[key] = Workspace(ws.registry)
        found = trial_one(ws, trial_ws, budget, revaluation)
        if isinstance(found, Finding):
            return Tried(key, ws.resolved(path), False, None, convention.slug, found, ())
        return Tried(key, ws.resolved(path), False, None, convention.slug, None, found)

    def refusals(self, budget: Budget, tried: Mapping[tuple[Path, Path], Tried]) -> list[Finding]:
        """What ``budget apply`` would refuse of this vote, from its conventions tried
        (``tried`` by vote and convention): nothing when one of its files has an error or
        when it is applied everywhere."""
        vote = self.ws.resolved(budget.source)
        parts = [tried[(vote, convention)] for convention in self._conventions.get(vote, ())]
        revalued = [part.revalued for part in parts if part.revalued is not None]
        if any(part.errors for part in parts) or not revalued:
            return []
        applied = [part.applied for part in parts if part.applied is not None]
        found = [already_applied(budget, applied, revalued)] if applied else []
        # As ``trial`` gives them: the avenants that cannot be appended, then the errors
        # of the new texts, each in the conventions' order.
        found += [part.unappendable for part in parts if part.unappendable is not None]
        return found + [finding for part in parts for finding in part.findings]
