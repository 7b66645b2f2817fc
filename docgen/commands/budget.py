"""``docgen budget apply``: one financial avenant per convention of the Département.

Everything is checked before anything is written: the vote, every convention of its
Département, then each convention's new text as it will be written (the avenant appended
at the end of its file). The avenants are rendered before any file is written; then all
convention files are replaced together, or none, and the avenants written.
"""

from __future__ import annotations

from pathlib import Path

from docgen.core import pdf
from docgen.core.errors import ContractError, UsageError
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.kind import Registry, WordDocument
from docgen.core.outputs import OutputFolder, Rendered, render_outputs
from docgen.core.parallel import default_jobs, render_in_order
from docgen.core.project import ResolvedTemplate
from docgen.core.result import Result
from docgen.core.workspace import Entry, Workspace
from docgen.core.write import write_together
from docgen.kinds import avenant as avenant_kind
from docgen.kinds import budget as budget_kind
from docgen.kinds.budget import BudgetPlan
from docgen.kinds.convention.model import Convention
from docgen.registry import default_registry

REFUSED = "budget non appliqué : des contrats sont à corriger, aucun fichier n'a été modifié"


def plan(
    vote: Path, *, registry: Registry | None = None, workspace: Workspace | None = None
) -> tuple[Result, BudgetPlan | None]:
    """Check the vote and its Département's conventions, then compute the new dotations."""
    ws = workspace or Workspace(registry or default_registry())
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
    if planned.plan is None:
        result.notes.append(REFUSED)
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
    """Append every avenant and render it: all convention files are written, or none."""
    ws = workspace or Workspace(registry or default_registry())
    result, budget_plan = plan(vote, workspace=ws)
    if budget_plan is None or not budget_plan.revaluations:
        return result
    if budget_plan.already_applied:
        raise ContractError(
            f"le budget {budget_plan.budget.reference} est déjà appliqué à "
            f"{', '.join(budget_plan.already_applied)} mais pas aux autres conventions : "
            "rien n'est écrit",
            "vérifiez les avenants de ces conventions (un vote donne un avenant par convention)",
        )
    if to_pdf:
        pdf.require_libreoffice()
    texts = budget_kind.new_file_texts(ws, budget_plan)
    ws.overlay({path: new for path, (_, new) in texts.items()})
    amended: list[tuple[Entry, Convention]] = []
    for path in texts:
        entry = ws.entry(path)
        result.add(entry.findings)
        if isinstance(entry.valid, Convention):
            amended.append((entry, entry.valid))
    if _errors(result.findings) or len(amended) != len(texts):
        result.notes.append(REFUSED)
        return result

    # Render before writing anything: a template error must not leave half a budget applied.
    def render(item: tuple[Entry, Convention]) -> list[Rendered]:
        entry, convention = item
        document = avenant_kind.avenant_document(convention, len(convention.avenants))

        def template_of(doc: WordDocument) -> ResolvedTemplate:
            return ws.template_for(entry, doc.template)

        return render_outputs([document], template_of, to_pdf=to_pdf)

    # Rendered by forked workers, in order (the same bytes whatever their number).
    jobs = 1 if to_pdf else default_jobs()
    rendered = [file for files in render_in_order(amended, render, jobs) for file in files]
    write_together(
        {path: new for path, (_, new) in texts.items()},
        {path: before for path, (before, _) in texts.items()},
    )
    with OutputFolder(out, force=force) as folder:
        folder.write_all(rendered)
    result.written = folder.written
    result.produced = len(amended)
    result.notes += [f"avenant ajouté : {display_path(path)}" for path in texts]
    return result


def _errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
