"""A budget vote applied in memory: each convention's new text, read back as ``budget
apply`` would write it, and why applying it would be refused. ``check`` runs it beside the
files it checks (in a run of its own); ``budget apply`` runs it on its run, then writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docgen.core.errors import UsageError
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.workspace import Entry, Workspace
from docgen.kinds.budget import APPLY_RULE, BudgetPlan, append_avenant
from docgen.kinds.convention.model import Convention


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
class Trial:
    """A budget vote applied in memory: the new texts, the amended conventions as they
    would read, and why applying it would be refused (findings on the vote's file)."""

    texts: dict[Path, tuple[bytes, bytes]]  # file → (its bytes now, its bytes amended)
    amended: tuple[Entry, ...]  # the amended conventions' entries, all valid when no finding
    workspace: Workspace  # where ``amended`` were read (the new texts overlaid)
    findings: tuple[Finding, ...]


def trial(workspace: Workspace, plan: BudgetPlan, *, in_place: bool = False) -> Trial:
    """Apply ``plan`` in memory: what ``budget apply`` writes is what this returns, and it
    refuses exactly when this gives findings. The new texts are read in a workspace of
    their own (``workspace`` is left as it was, so that ``check`` can run it beside the
    files it checks), or, ``in_place``, overlaid on ``workspace`` (``budget apply``: what
    runs after it in the same workspace reads the files as written)."""
    vote = plan.budget.source
    findings: list[Finding] = []
    if plan.already_applied:
        findings.append(
            _finding(
                vote,
                f"le budget {plan.budget.reference} est déjà appliqué à "
                f"{', '.join(plan.already_applied)} mais pas aux autres conventions "
                f"({', '.join(r.convention.slug for r in plan.revaluations)}) : "
                "docgen budget apply le refuse (rien n'est écrit)",
                "vérifiez les avenants de ces conventions (un vote donne un avenant par "
                "convention) : rétablissez l'avenant supprimé, ou retirez les autres",
            )
        )
    texts: dict[Path, tuple[bytes, bytes]] = {}
    for revaluation in plan.revaluations:
        path = revaluation.convention.source
        before = workspace.raw(path)
        try:
            new = append_avenant(before, revaluation.avenant, path, parties=revaluation.amended)
        except (UsageError, UnicodeDecodeError) as error:
            detail = error.format_message() if isinstance(error, UsageError) else str(error)
            findings.append(
                _finding(vote, f"l'avenant ne peut pas être ajouté : {detail}", "", path)
            )
            continue
        texts[path] = (before, new)
    earlier = {
        path: {(f.rule, f.message) for f in workspace.entry(path).findings} for path in texts
    }
    # In a workspace of its own unless ``in_place``; read as budget apply reads them: the
    # avenant it appends is a project, whose habilitations are filled before signing
    # (check --pour-signature asks for them once it is written).
    trial_ws = workspace if in_place else Workspace(workspace.registry)
    trial_ws.overlay({path: new for path, (_, new) in texts.items()})
    amended = []
    for path in texts:
        entry = trial_ws.entry(path)
        for found in entry.findings:
            if found.severity is not Severity.ERROR or (found.rule, found.message) in earlier[path]:
                continue
            where = f"{found.path}, " if found.path else ""
            findings.append(
                _finding(
                    vote,
                    f"l'avenant {plan.budget.reference} ajouté, la convention serait refusée "
                    f"({where}ligne {found.line or '?'}) : {found.message} [{found.rule}]",
                    found.hint,
                    path,
                )
            )
        if isinstance(entry.valid, Convention):
            amended.append(entry)
    return Trial(texts, tuple(amended), trial_ws, tuple(findings))


def _finding(vote: Path, message: str, hint: str, convention: Path | None = None) -> Finding:
    where = f"{display_path(convention)} : " if convention is not None else ""
    return Finding(display_path(vote), None, "", APPLY_RULE, where + message, hint, Severity.ERROR)
