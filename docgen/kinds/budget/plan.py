"""What a budget vote gives each convention: its new dotation, and the avenant that says so.

The new dotation of each service is its dotation in force (as amended by its earlier
avenants) revalued by the voted rate, rounded half up to the cent, plus its new
measures — or the amount a derogation sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docgen.core.findings import Finding, Severity
from docgen.core.kind import Others
from docgen.kinds import convention as convention_kind
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.budget.model import Budget
from docgen.kinds.common import Signature
from docgen.kinds.convention.model import Avenant, Convention, DotationChange

CENT = Decimal("0.01")


def revalue(previous: Decimal, rate: Decimal, new_measures: Decimal = Decimal(0)) -> Decimal:
    """A budget vote's new dotation: previous × (1 + rate %), rounded half up to the cent,
    plus the new measures. Rounding before adding keeps the measures exact to the cent."""
    grown = (previous * (1 + rate / 100)).quantize(CENT, rounding=ROUND_HALF_UP)
    return grown + new_measures.quantize(CENT)


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

    @property
    def amended(self) -> Convention:
        """The convention with this avenant added at the end."""
        from dataclasses import replace

        return replace(self.convention, avenants=(*self.convention.avenants, self.avenant))


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


def plan(budget: Budget, conventions: list[Convention]) -> BudgetPlan:
    """The avenant this vote gives each convention that does not have it yet."""
    measures = {line.service: line.amount for line in budget.new_measures}
    derogations = {line.service: line.amount for line in budget.derogations}
    revaluations = []
    applied = []
    for convention in conventions:
        if any(a.budget == budget.reference for a in convention.avenants):
            applied.append(convention.slug)
            continue
        in_force = consolidate(convention)
        if in_force.funding is None or in_force.funding.dotation is None:
            continue  # a convention without a dotation gets no financial avenant
        previous = in_force.funding.dotation
        measure = measures.get(convention.slug, Decimal(0))
        fixed = derogations.get(convention.slug)
        new = fixed if fixed is not None else revalue(previous, budget.rate, measure)
        parties = in_force.signing_parties
        dotation = DotationChange(
            year=budget.year,
            amount=new.quantize(CENT),
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
            budget_vote=budget.vote,
            dotation=dotation,
        )
        revaluations.append(
            Revaluation(convention, previous, dotation.amount, measure, fixed is not None, avenant)
        )
    return BudgetPlan(budget, tuple(revaluations), tuple(applied))


@dataclass(frozen=True)
class Planned:
    """A budget vote checked with every convention of its Département, and its plan."""

    plan: BudgetPlan | None  # None when a file is wrong: ``findings`` say why
    findings: tuple[Finding, ...]  # of the vote, its Département and its conventions
    files: tuple[Path, ...]


def plan_in(others: Others, budget_file: Path) -> Planned:
    """Check the vote and every convention of its Département, then plan (once per run)."""

    def compute() -> Planned:
        entry = others.entry(budget_file)
        files = [budget_file]
        entries = [entry]
        if entry.governor is not None:
            files.insert(0, entry.governor)
            entries.insert(0, others.entry(entry.governor))
            for path in others.files_of(convention_kind.KIND, entry.governor):
                files.append(path)
                entries.append(others.entry(path))
        findings = tuple(f for e in entries for f in e.findings)
        budget = entry.valid
        if not isinstance(budget, Budget) or any(f.severity is Severity.ERROR for f in findings):
            return Planned(None, findings, tuple(files))
        conventions = [e.valid for e in entries if isinstance(e.valid, Convention)]
        return Planned(plan(budget, conventions), findings, tuple(files))

    return others.memo(("budget-plan", budget_file.resolve()), compute)
