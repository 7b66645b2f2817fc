"""``docgen budget apply``: one financial avenant per convention of the Département.

Everything is checked before anything is written: the vote, every convention of its
Département, then each convention's new text as it will be written (the avenant appended
at the end of its file, ``docgen.commands.budget_trial``, which ``check`` runs too: check
and apply agree). Each avenant is rendered by the worker that has just checked its
convention's new text, before any file is written; then the
convention files, the avenant documents and the manifest are written in one transaction
(``docgen.core.journal``): all of them, or none.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from docgen.commands.budget_trial import trial
from docgen.commands.repository import repository
from docgen.core import lock, pdf
from docgen.core.atomic import write_together
from docgen.core.errors import TemplateFailure, UsageError
from docgen.core.findings import Finding, Severity, display_path, failure_finding
from docgen.core.journal import Transaction
from docgen.core.kind import Registry
from docgen.core.manifest import plan_output
from docgen.core.outputs import OutputFolder, Rendered, render_plan
from docgen.core.parallel import default_jobs
from docgen.core.plan import Plan
from docgen.core.project import current_project
from docgen.core.result import Result
from docgen.core.workspace import Entry, Workspace
from docgen.kinds import avenant as avenant_kind
from docgen.kinds import budget as budget_kind
from docgen.kinds.budget import BudgetPlan
from docgen.registry import default_registry

ADDED = "avenant ajouté : "  # the note that names each convention file given an avenant
REFUSED = "budget non appliqué : des contrats sont à corriger, aucun fichier n'a été modifié"
# The same refusal, foreseen by a simulation (which never writes anything).
FORESEEN = "simulation : le budget ne pourrait pas être appliqué, des contrats sont à corriger"


def plan(
    vote: Path, *, registry: Registry | None = None, workspace: Workspace | None = None
) -> tuple[Result, BudgetPlan | None]:
    """Check the vote and its Département's conventions, then compute the new dotations."""
    with repository("budget apply", exclusive=False):
        return _plan(vote, workspace or Workspace(registry or default_registry()))


def _plan(vote: Path, ws: Workspace) -> tuple[Result, BudgetPlan | None]:
    kind = ws.kind_of(vote)
    if kind is not budget_kind.KIND:
        raise UsageError(
            f"{display_path(vote)} est {kind.label}, pas {budget_kind.KIND.label}",
            "un vote du budget se place dans le dossier budgets/ de son Département",
        )
    planned = budget_kind.plan_in(ws, vote)
    result = Result(files=list(planned.files))
    result.add(list(planned.findings))
    result.add(ws.template_findings)
    result.payload = planned.plan
    return result, planned.plan


def apply(
    vote: Path,
    out: Path,
    *,
    to_pdf: bool = False,
    force: bool = False,
    registry: Registry | None = None,
    workspace: Workspace | None = None,
) -> Result:
    """Append every avenant and render it: contracts, documents and manifest are written
    together (one transaction), or nothing is."""
    ws = workspace or Workspace(registry or default_registry())
    with repository("budget apply", exclusive=True, out=out):
        return _apply(vote, out, to_pdf, force, ws)


def _apply(vote: Path, out: Path, to_pdf: bool, force: bool, ws: Workspace) -> Result:
    result, budget_plan = _plan(vote, ws)
    if budget_plan is None:
        result.notes.append(REFUSED)
    if budget_plan is None or not budget_plan.revaluations:
        return result
    # Rendered before anything is written: a template error must not leave half a budget
    # applied. Each avenant is rendered in the worker that has just read its convention's
    # new text (in order: the same bytes whatever the number of workers); with --pdf,
    # once LibreOffice is known to be there, in this process.
    then = None if to_pdf else partial(_render, ws)
    tried = trial(ws, budget_plan, in_place=True, then=then, jobs=1 if to_pdf else default_jobs())
    result.add(list(tried.findings))
    if _errors(result.findings) or not tried.complete:
        result.notes.append(REFUSED)
        return result
    made = list(tried.made)
    if to_pdf:
        pdf.require_libreoffice()
        made = [_render(ws, ws.entry(path), to_pdf=True) for path in tried.texts]
    failures = [found for found in made if isinstance(found, Finding)]
    if failures:  # nothing is written: the vote is applied to every convention, or to none
        result.add(failures)
        result.notes.append(REFUSED)
        return result
    rendered = [file for files in made if isinstance(files, list) for file in files]
    folders = {out, *(path.parent for path in tried.texts)}
    tx = Transaction(lock.state_dir(current_project().root, out), folders, "budget apply")
    with tx, OutputFolder(out, force=force, transaction=tx, all_or_nothing=True) as folder:
        # Every document is checked (a hand-edited avenant refuses everything) before the
        # contracts are staged; the contracts, the documents and the manifest then replace
        # their targets together when the block ends.
        for file in rendered:
            plan_output(out, file.name, file.data, manifest=folder.read, force=force)
        write_together(
            {path: new for path, (_, new) in tried.texts.items()},
            {path: before for path, (before, _) in tried.texts.items()},
            tx,
        )
        folder.write_all(rendered)
    result.written = folder.written
    result.produced = len(made)
    result.notes += [f"{ADDED}{display_path(path)}" for path in tried.texts]
    return result


def _render(ws: Workspace, entry: Entry, to_pdf: bool = False) -> list[Rendered] | Finding:
    """The new avenant of an amended convention (``entry``, read in ``ws``), or why it
    cannot be made."""
    # The amended file's plan, made when its new text was checked: its new avenant is its
    # last avenant document.
    plan = ws.plan(entry)
    new = [p for p in plan.documents if p.document.template == avenant_kind.TEMPLATE][-1:]
    only = Plan(plan.path, plan.options, tuple(p.document for p in new), tuple(new), {})
    try:
        return render_plan(only, to_pdf=to_pdf, limits=ws.limits_for(entry))
    except TemplateFailure as failure:  # a value: it comes back from a worker as is
        source = entry.doc.name if entry.doc is not None else display_path(entry.path)
        return failure_finding(failure, None if failure.rule == "template-unreadable" else source)


def _errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
