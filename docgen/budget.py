"""Apply a budget vote: one financial avenant per convention of the Département.

The new dotation of each service is its dotation in force (as amended by its earlier
avenants) revalued by the voted rate, rounded half up to the cent, plus its new
measures — or the amount a derogation sets. The avenants are appended as text at the
end of each convention file, so nothing a user wrote (comments, order, quotes) moves.
All files are written or none: every new text is checked before anything is written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from docgen import project
from docgen.build import Output, avenant_document
from docgen.check import Checker, CheckResult
from docgen.compute import consolidate, revalue
from docgen.core.errors import ContractError, UsageError
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.write import WriteResult, write_together
from docgen.model import Avenant, Budget, Convention, DotationChange, Signature


@dataclass(frozen=True)
class Revaluation:
    """What one convention's avenant changes: its dotation in force, before and after."""

    convention: Convention  # as signed, with its earlier avenants
    previous: Decimal
    new: Decimal
    new_measures: Decimal
    derogation: bool
    avenant: Avenant

    @property
    def difference(self) -> Decimal:
        return self.new - self.previous


@dataclass(frozen=True)
class BudgetPlan:
    budget: Budget
    revaluations: tuple[Revaluation, ...]
    already_applied: tuple[str, ...]  # services that already have this budget's avenant

    @property
    def total_previous(self) -> Decimal:
        return sum((r.previous for r in self.revaluations), Decimal(0))

    @property
    def total_new(self) -> Decimal:
        return sum((r.new for r in self.revaluations), Decimal(0))


def plan_budget(budget_path: Path) -> BudgetPlan:
    """Check the budget and every convention it touches, then compute the new dotations."""
    if project.kind_of(budget_path) != "budget":
        raise UsageError(
            f"{display_path(budget_path)} n'est pas un vote du budget",
            "un vote du budget se place dans le dossier budgets/ de son Département",
        )
    dept_file = project.departement_file_for(budget_path)
    if dept_file is None:
        raise UsageError(f"{display_path(budget_path)} : aucun departement.yaml au-dessus")
    checker = Checker()
    result = checker.check_paths([budget_path, *project.conventions_of(dept_file)])
    _refuse_if_wrong(result)
    (budget,) = checker.budgets
    measures = {line.service: line.amount for line in budget.new_measures}
    derogations = {line.service: line.amount for line in budget.derogations}
    revaluations = []
    applied = []
    for convention in result.conventions:
        if any(a.budget == budget.reference for a in convention.avenants):
            applied.append(convention.slug)
            continue
        in_force = consolidate(convention)
        previous = in_force.funding.dotation
        measure = measures.get(convention.slug, Decimal(0))
        fixed = derogations.get(convention.slug)
        new = fixed if fixed is not None else revalue(previous, budget.rate, measure)
        parties = 2 + len(in_force.communes)
        dotation = DotationChange(
            year=budget.year,
            amount=new.quantize(Decimal("0.01")),
            rate=None if fixed is not None else budget.rate,
            new_measures=None if fixed is not None else measure,
        )
        avenant = Avenant(
            number=len(convention.avenants) + 1,
            subject=budget.subject,
            authorisation=budget.authorisation,
            signature=Signature(
                budget.signature.place, budget.signature.date, budget.signature.originals or parties
            ),
            budget=budget.reference,
            dotation=dotation,
        )
        revaluations.append(
            Revaluation(convention, previous, dotation.amount, measure, fixed is not None, avenant)
        )
    return BudgetPlan(budget, tuple(revaluations), tuple(applied))


def _refuse_if_wrong(result: CheckResult) -> None:
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors:
        raise BudgetRefused(errors)


class BudgetRefused(ContractError):
    """A contract or the budget is wrong: nothing is written; the findings say why."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(
            "budget non appliqué : des contrats sont à corriger, aucun fichier n'a été modifié",
            "corrigez les anomalies ci-dessus (docgen check), puis relancez",
        )
        self.findings = findings


def new_file_texts(plan: BudgetPlan) -> dict[Path, tuple[bytes, bytes]]:
    """For each convention file: (its current bytes, its bytes with the avenant appended)."""
    texts = {}
    for revaluation in plan.revaluations:
        path = revaluation.convention.source
        before = path.read_bytes()
        texts[path] = (before, append_avenant(before, revaluation.avenant, path))
    return texts


def append_avenant(raw: bytes, avenant: Avenant, path: Path) -> bytes:
    """The file with ``avenant`` added at the end of its ``avenants:`` list."""
    text = raw.decode("utf-8")
    lines = text.splitlines()
    top_keys = [(i, line.split(":", 1)[0]) for i, line in enumerate(lines) if _is_top_key(line)]
    if top_keys and top_keys[-1][1] == "avenants":
        index = top_keys[-1][0]
        if lines[index].split(":", 1)[1].strip() in ("", "[]", "~", "null"):
            lines[index] = "avenants:"
        else:
            raise UsageError(
                f"{display_path(path)} : la liste « avenants » est écrite sur une ligne",
                "écrivez-la en liste YAML (une ligne « - numero: … » par avenant)",
            )
    elif any(key == "avenants" for _, key in top_keys):
        raise UsageError(
            f"{display_path(path)} : la clé « avenants » doit être la dernière du fichier",
            "déplacez la liste des avenants à la fin du fichier, puis relancez",
        )
    else:
        lines.append("avenants:")
    while lines and lines[-1].strip() == "" and lines[-1] != "avenants:":
        lines.pop()
    return ("\n".join(lines + _avenant_lines(avenant)) + "\n").encode("utf-8")


def _is_top_key(line: str) -> bool:
    return bool(line) and not line[0].isspace() and not line.startswith(("#", "-")) and ":" in line


def _avenant_lines(avenant: Avenant) -> list[str]:
    assert avenant.dotation is not None
    dotation = avenant.dotation
    sig, auth = avenant.signature, avenant.authorisation
    lines = [
        f"  - numero: {avenant.number}",
        f"    objet: {_quote(avenant.subject)}",
        f"    budget: {_quote(avenant.budget or '')}",
        "    autorisation:",
        f"      instance: {auth.assembly}",
        f"      date: {_date(auth.date)}",
        f"      numero: {_quote(auth.number) if auth.number else '~'}",
        "    signature:",
        f"      lieu: {_quote(sig.place)}",
        f"      date: {_date(sig.date)}",
        f"      exemplaires: {sig.originals if sig.originals else '~'}",
        "    modifications:",
        "      dotation:",
        f"        annee: {dotation.year}",
        f"        montant: {dotation.amount}",
    ]
    if dotation.rate is not None:
        lines.append(f"        taux_evolution: {dotation.rate}")
    if dotation.new_measures is not None:
        lines.append(f"        mesures_nouvelles: {dotation.new_measures}")
    return lines


def _quote(text: str) -> str:
    # JSON strings are valid double-quoted YAML scalars: nothing in them can be misread.
    return json.dumps(text, ensure_ascii=False)


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else "~"


@dataclass(frozen=True)
class AppliedBudget:
    files: tuple[Path, ...]  # convention files that received an avenant
    documents: tuple[WriteResult, ...]


def apply_budget(
    plan: BudgetPlan, out: Path, *, to_pdf: bool = False, force: bool = False
) -> AppliedBudget:
    """Append every avenant and render it: all convention files are written, or none."""
    if plan.already_applied and plan.revaluations:
        raise ContractError(
            f"le budget {plan.budget.reference} est déjà appliqué à "
            f"{', '.join(plan.already_applied)} mais pas aux autres conventions : rien n'est écrit",
            "vérifiez les avenants de ces conventions (un vote donne un avenant par convention)",
        )
    texts = new_file_texts(plan)
    amended = _check_new_texts(plan, {path: new for path, (_, new) in texts.items()})
    # Render before writing anything: a template error must not leave half a budget applied.
    documents = [avenant_document(c, len(c.avenants)) for c in amended]
    write_together(
        {path: new for path, (_, new) in texts.items()},
        {path: before for path, (before, _) in texts.items()},
    )
    with Output(out, to_pdf=to_pdf, force=force) as output:
        for document in documents:
            output.write(document)
    return AppliedBudget(tuple(texts), tuple(output.written))


def _check_new_texts(plan: BudgetPlan, pending: dict[Path, bytes]) -> list[Convention]:
    """Check the files as they will be written; each must carry its new avenant."""
    result = Checker(pending=pending).check_paths(list(pending))
    _refuse_if_wrong(result)
    amended = [
        c for c in result.conventions if c.source.resolve() in {p.resolve() for p in pending}
    ]
    if len(amended) != len(pending):  # pragma: no cover - the check above would have said why
        raise BudgetRefused(result.findings)
    return amended
