"""A budget vote applied in memory: each convention's new text, read back as ``budget
apply`` would write it, and why applying it would be refused. ``budget apply`` runs it on
its run, each new text read by a worker that renders its avenant there and then, then
writes; ``check`` runs it one convention at a time (``trial_one``, in a workspace of the
vote's own), beside the files it checks (``docgen.commands.check_votes``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from docgen.core.errors import UsageError
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.parallel import render_in_order
from docgen.core.workspace import Entry, Workspace
from docgen.kinds.budget import APPLY_RULE, Budget, BudgetPlan, Revaluation, append_avenant
from docgen.kinds.convention.model import Convention

R = TypeVar("R")


def new_file_texts(workspace: Workspace, plan: BudgetPlan) -> dict[Path, tuple[bytes, bytes]]:
    """For each convention file: (its current bytes, its bytes with the avenant appended)."""
    texts = {}
    for revaluation in plan.revaluations:
        path = revaluation.convention.source
        before = workspace.raw(path)
        avenant, amended = revaluation.avenant, revaluation.amended
        texts[path] = (before, append_avenant(before, avenant, path, parties=amended))
    return texts


@dataclass(frozen=True)
class Trial(Generic[R]):
    """A budget vote applied in memory: the new texts, why applying it would be refused
    (findings on the vote's file), and what ``then`` made of each amended convention."""

    texts: dict[Path, tuple[bytes, bytes]]  # file → (its bytes now, its bytes amended)
    findings: tuple[Finding, ...]
    # For each new text, in order: ``then`` of the convention it reads as, or None when it
    # is not valid, has a new error, or no ``then`` was given.
    made: tuple[R | None, ...]
    complete: bool  # every new text reads as a valid convention


@dataclass(frozen=True)
class _Tried(Generic[R]):
    """One new text read, as a worker sends it back."""

    findings: tuple[Finding, ...]
    valid: bool
    made: R | None


def trial(
    workspace: Workspace,
    plan: BudgetPlan,
    *,
    in_place: bool = False,
    then: Callable[[Entry], R] | None = None,
    jobs: int = 1,
) -> Trial[R]:
    """Apply ``plan`` in memory: what ``budget apply`` writes is what this returns, and it
    refuses exactly when this gives findings. The new texts are read in a workspace of
    their own (``workspace`` is left as it was, so that ``check`` can run it beside the
    files it checks), or, ``in_place``, overlaid on ``workspace`` (``budget apply``: what
    runs after it in the same workspace reads the files as written).

    Each new text is read by up to ``jobs`` forked workers (``docgen.core.parallel``, in
    order: the same findings whatever their number); ``then`` runs on each one that
    reads as a valid convention without a new error, in the worker that has just read
    it (``budget apply`` renders its avenant there, from the plan its check made)."""
    vote = plan.budget.source
    findings: list[Finding] = []
    if plan.already_applied:
        revalued = [r.convention.slug for r in plan.revaluations]
        findings.append(already_applied(plan.budget, plan.already_applied, revalued))
    texts: dict[Path, tuple[bytes, bytes]] = {}
    for revaluation in plan.revaluations:
        path = revaluation.convention.source
        before = workspace.raw(path)
        new = appended(vote, revaluation, before)
        if isinstance(new, Finding):
            findings.append(new)
            continue
        texts[path] = (before, new)
    earlier = {path: finding_keys(workspace.entry(path)) for path in texts}
    # In a workspace of its own unless ``in_place``; read as budget apply reads them: the
    # avenant it appends is a project, whose habilitations are filled before signing
    # (check --pour-signature asks for them once it is written).
    trial_ws = workspace if in_place else Workspace(workspace.registry)
    trial_ws.overlay({path: new for path, (_, new) in texts.items()})

    def read(path: Path) -> _Tried[R]:
        entry = trial_ws.entry(path)
        refused = _refused(plan.budget, path, entry, earlier[path])
        valid = isinstance(entry.valid, Convention)
        made = then(entry) if then is not None and valid and not refused else None
        return _Tried(tuple(refused), valid, made)

    tried = list(render_in_order(list(texts), read, jobs))
    findings += [found for one in tried for found in one.findings]
    made = tuple(one.made for one in tried)
    return Trial(texts, tuple(findings), made, all(one.valid for one in tried))


def trial_one(
    trial_ws: Workspace, budget: Budget, path: Path, new: bytes, earlier: Set[tuple[str, str]]
) -> tuple[Finding, ...]:
    """``trial``'s findings on the new text of one convention (``check`` tries them one by
    one, spread over its workers), overlaid on ``trial_ws``, a workspace of the vote's own
    that its other conventions may share: a convention's check reads no other convention
    (its Département, its deliberations, its templates), so it reads the same there as
    among all the new texts. ``earlier``: the convention's findings now (``finding_keys``)."""
    trial_ws.overlay({path: new})
    entry = trial_ws.entry(path)
    trial_ws.release(entry)  # its contexts: nothing renders them here
    return tuple(_refused(budget, path, entry, earlier))


def already_applied(budget: Budget, applied: Sequence[str], revalued: Sequence[str]) -> Finding:
    """The vote is applied to some conventions (``applied``) and not to the others."""
    return _finding(
        budget.source,
        f"le budget {budget.reference} est déjà appliqué à "
        f"{', '.join(applied)} mais pas aux autres conventions "
        f"({', '.join(revalued)}) : "
        "docgen budget apply le refuse (rien n'est écrit)",
        "vérifiez les avenants de ces conventions (un vote donne un avenant par "
        "convention) : rétablissez l'avenant supprimé, ou retirez les autres",
    )


def appended(vote: Path, revaluation: Revaluation, before: bytes) -> bytes | Finding:
    """The convention's text with its avenant appended, or why it cannot be."""
    path = revaluation.convention.source
    try:
        return append_avenant(before, revaluation.avenant, path, parties=revaluation.amended)
    except (UsageError, UnicodeDecodeError) as error:
        detail = error.format_message() if isinstance(error, UsageError) else str(error)
        return _finding(vote, f"l'avenant ne peut pas être ajouté : {detail}", "", path)


def finding_keys(entry: Entry) -> frozenset[tuple[str, str]]:
    """What tells a finding of the amended text from one the text had already."""
    return frozenset((f.rule, f.message) for f in entry.findings)


def _refused(
    budget: Budget, path: Path, entry: Entry, earlier: Set[tuple[str, str]]
) -> list[Finding]:
    """The errors the amended convention (``entry``) has that it did not have before."""
    findings = []
    for found in entry.findings:
        if found.severity is not Severity.ERROR or (found.rule, found.message) in earlier:
            continue
        where = f"{found.path}, " if found.path else ""
        findings.append(
            _finding(
                budget.source,
                f"l'avenant {budget.reference} ajouté, la convention serait refusée "
                f"({where}ligne {found.line or '?'}) : {found.message} [{found.rule}]",
                found.hint,
                path,
            )
        )
    return findings


def _finding(vote: Path, message: str, hint: str, convention: Path | None = None) -> Finding:
    where = f"{display_path(convention)} : " if convention is not None else ""
    return Finding(display_path(vote), None, "", APPLY_RULE, where + message, hint, Severity.ERROR)
