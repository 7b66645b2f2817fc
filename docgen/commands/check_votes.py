"""The budget votes among the files ``check`` reads, and what ``budget apply`` would
refuse of each, found one convention at a time.

``budget apply`` tries a vote on every convention of its Département at once
(``docgen.commands.budget_trial.trial``). ``check`` gives the same findings in two steps
that its workers share. First each convention is looked at with the run's votes in the
task that checks it, by the worker that has just read it (``Votes.look``): whether it has
an error, whether it has the vote's avenant already, and its text with the avenant
appended. A vote is tried as a whole or not at all (``docgen.kinds.budget.plan_in``):
when one of its files has an error, it gives no finding of its own and nothing more is
done. Else each new text is checked (``Votes.trial``, a task of its own), and the vote's
findings are put together in the parent in its conventions' order, as ``trial`` orders
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from docgen.commands.budget_trial import already_applied, appended, finding_keys, trial_one
from docgen.core.findings import Finding
from docgen.core.workspace import Workspace
from docgen.kinds import budget as budget_kind
from docgen.kinds import convention as convention_kind
from docgen.kinds.budget import Budget, plan
from docgen.kinds.convention.model import Convention


@dataclass(frozen=True)
class Look:
    """One convention looked at with one vote, as a worker sends it back."""

    vote: Path  # resolved
    convention: Path  # as the run names it
    errors: bool  # the convention or its Département has an error: the vote is not tried
    applied: str | None  # the convention's name when it already has the vote's avenant
    revalued: str | None  # its name when the vote gives it an avenant
    unappendable: Finding | None  # why its avenant cannot be appended
    new: bytes | None  # its text with the avenant appended
    earlier: frozenset[tuple[str, str]] = frozenset()  # its findings now (finding_keys)
    conflict: Finding | None = None  # why the vote cannot be applied to it at all


@dataclass(frozen=True)
class Amended:
    """A new text to check: a task of ``Votes.trial``."""

    budget: Budget
    look: Look


class Votes:
    """The votes among a run's files, and the conventions each is tried on."""

    def __init__(self, ws: Workspace, files: Iterable[Path]) -> None:
        self.ws = ws
        # vote → the conventions of its Département, as ``plan_in`` reads them
        self._conventions: dict[Path, tuple[Path, ...]] = {}
        self._votes: dict[Path, list[Path]] = {}  # convention (resolved) → its votes
        self._others: dict[Path, Path] = {}  # the conventions that are not among the files
        self._trials: dict[Path, Workspace] = {}  # vote → where its new texts are read
        files = list(files)
        for path in files:
            governor = ws.governing_file(path) if ws.kind_of(path) is budget_kind.KIND else None
            vote = ws.resolved(path)
            if governor is None or vote in self._conventions:
                continue  # no Département: the vote has an error, it is not tried
            conventions = ws.files_of(convention_kind.KIND, governor)
            self._conventions[vote] = tuple(conventions)
            for convention in conventions:
                self._votes.setdefault(ws.resolved(convention), []).append(path)
                self._others[ws.resolved(convention)] = convention
        for path in files:
            self._others.pop(ws.resolved(path), None)

    def others(self) -> list[Path]:
        """The conventions the votes are tried on that are not among the run's files."""
        return list(self._others.values())

    def look(self, path: Path) -> tuple[Look, ...]:
        """The convention at ``path`` looked at with each vote of the run that covers it."""
        votes = self._votes.get(self.ws.resolved(path), ())
        return tuple(look for vote in votes if (look := self._look(vote, path)) is not None)

    def _look(self, vote: Path, path: Path) -> Look | None:
        ws = self.ws
        budget = ws.entry(vote).valid
        if not isinstance(budget, Budget):
            return None  # the vote's own error is reported with it: nothing is tried
        entry = ws.entry(path)
        key, convention = ws.resolved(vote), entry.valid
        governor = ws.entry(entry.governor) if entry.governor is not None else None
        if entry.errors or governor is None or governor.errors:
            return Look(key, path, True, None, None, None, None)
        if not isinstance(convention, Convention):
            return Look(key, path, False, None, None, None, None)
        planned = plan(budget, [convention])
        if not planned.revaluations:
            applied = planned.already_applied[0] if planned.already_applied else None
            conflict = planned.conflicts[0].finding(budget.source) if planned.conflicts else None
            return Look(key, path, False, applied, None, None, None, conflict=conflict)
        revaluation = planned.revaluations[0]
        new = appended(budget.source, revaluation, ws.raw(path))
        if isinstance(new, Finding):
            return Look(key, path, False, None, convention.slug, new, None)
        return Look(key, path, False, None, convention.slug, None, new, finding_keys(entry))

    def amended(self, budget: Budget, looks: Mapping[tuple[Path, Path], Look]) -> list[Amended]:
        """The new texts to check for this vote (``looks`` by vote and convention): none
        when one of its files has an error or when it is applied everywhere."""
        parts = self._parts(budget, looks)
        if any(part.errors for part in parts) or not any(part.revalued for part in parts):
            return []
        if any(part.conflict for part in parts):
            return []  # refused as a whole: ``plan_in`` gives no plan to try
        return [Amended(budget, part) for part in parts if part.new is not None]

    def trial(self, amended: Amended) -> tuple[Finding, ...]:
        """The errors a convention's new text has that its text has not."""
        look = amended.look
        trial_ws = self._trials.get(look.vote)
        if trial_ws is None:
            trial_ws = self._trials[look.vote] = Workspace(self.ws.registry)
        assert look.new is not None
        return trial_one(trial_ws, amended.budget, look.convention, look.new, look.earlier)

    def refusals(
        self,
        budget: Budget,
        looks: Mapping[tuple[Path, Path], Look],
        tried: Mapping[tuple[Path, Path], tuple[Finding, ...]],
    ) -> list[Finding]:
        """What ``budget apply`` would refuse of this vote, from its conventions looked at
        and their new texts ``tried`` (by vote and convention, as ``amended`` gives them)."""
        parts = self._parts(budget, looks)
        if any(part.errors for part in parts):
            return []
        # As ``plan_in`` gives them, alone: a vote in conflict with a convention is not tried.
        conflicts = [part.conflict for part in parts if part.conflict is not None]
        if conflicts:
            return conflicts
        revalued = [part.revalued for part in parts if part.revalued is not None]
        if not revalued:
            return []
        applied = [part.applied for part in parts if part.applied is not None]
        found = [already_applied(budget, applied, revalued)] if applied else []
        # As ``trial`` gives them: the avenants that cannot be appended, then the errors
        # of the new texts, each in the conventions' order.
        found += [part.unappendable for part in parts if part.unappendable is not None]
        for part in parts:
            if part.new is not None:
                found += tried[(part.vote, self.ws.resolved(part.convention))]
        return found

    def _parts(self, budget: Budget, looks: Mapping[tuple[Path, Path], Look]) -> list[Look]:
        vote = self.ws.resolved(budget.source)
        conventions = self._conventions.get(vote, ())
        return [looks[(vote, self.ws.resolved(convention))] for convention in conventions]
