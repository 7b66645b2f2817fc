"""What a budget vote gives each convention: its new dotation, and the avenant that says so.

The new dotation of each service is its dotation in force (as amended by its earlier
avenants) revalued by the voted rate, rounded half up to the cent, plus its new
measures — or the amount a derogation sets.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docgen.core.findings import Finding, Severity, display_path
from docgen.core.kind import Others
from docgen.kinds import convention as convention_kind
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.budget.model import Budget
from docgen.kinds.budget.text import APPLY_RULE
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
        return replace(self.convention, avenants=(*self.convention.avenants, self.avenant))


@dataclass(frozen=True)
class Conflict:
    """Why the vote cannot be applied to one convention as its file stands: its dotation
    of that exercise or a later one is already fixed, or the avenant the vote gave it no
    longer says what the vote, as it is written now, gives."""

    convention: Convention
    message: str
    hint: str

    def finding(self, vote: Path) -> Finding:
        """The finding on the vote's file (``budget apply`` and ``check`` say the same)."""
        where = f"{display_path(self.convention.source)} : "
        message = where + self.message
        return Finding(display_path(vote), None, "", APPLY_RULE, message, self.hint, Severity.ERROR)


@dataclass(frozen=True)
class BudgetPlan:
    budget: Budget
    revaluations: tuple[Revaluation, ...]
    already_applied: tuple[str, ...]  # services that already have this budget's avenant
    conflicts: tuple[Conflict, ...] = ()  # when any, the vote is not applied

    @property
    def total_previous(self) -> Decimal:
        return sum((r.previous for r in self.revaluations), Decimal(0))

    @property
    def total_new(self) -> Decimal:
        return sum((r.new for r in self.revaluations), Decimal(0))


def plan(budget: Budget, conventions: list[Convention]) -> BudgetPlan:
    """The avenant this vote gives each convention that does not have it yet."""
    revaluations = []
    applied = []
    conflicts = []
    for convention in conventions:
        given = next((a for a in convention.avenants if a.budget == budget.reference), None)
        if given is not None:
            applied.append(convention.slug)
            stale = _stale(budget, convention, given)
            if stale is not None:
                conflicts.append(stale)
            continue
        revaluation = _revaluation(budget, convention, convention.avenants)
        if revaluation is None:
            continue  # a convention without a dotation gets no financial avenant
        fixed = _already_fixed(budget, convention)
        if fixed is not None:
            conflicts.append(fixed)
            continue
        revaluations.append(revaluation)
    return BudgetPlan(budget, tuple(revaluations), tuple(applied), tuple(conflicts))


def _revaluation(
    budget: Budget, convention: Convention, earlier: tuple[Avenant, ...]
) -> Revaluation | None:
    """The avenant the vote gives ``convention`` after its ``earlier`` avenants."""
    in_force = consolidate(convention, upto=len(earlier))
    if in_force.funding is None or in_force.funding.dotation is None:
        return None
    previous = in_force.funding.dotation
    measure = next((m.amount for m in budget.new_measures if m.service == convention.slug), None)
    measure = measure if measure is not None else Decimal(0)
    fixed = next((d.amount for d in budget.derogations if d.service == convention.slug), None)
    new = fixed if fixed is not None else revalue(previous, budget.rate, measure)
    parties = in_force.signing_parties
    dotation = DotationChange(
        year=budget.year,
        amount=new.quantize(CENT),
        rate=None if fixed is not None else budget.rate,
        new_measures=None if fixed is not None else measure,
    )
    avenant = Avenant(
        number=len(earlier) + 1,
        subject=budget.subject,
        authorisation=budget.authorisation,
        signature=Signature(
            budget.signature.place, budget.signature.date, budget.signature.originals or parties
        ),
        budget=budget.reference,
        budget_vote=budget.vote,
        dotation=dotation,
    )
    convention = replace(convention, avenants=earlier)
    return Revaluation(convention, previous, dotation.amount, measure, fixed is not None, avenant)


def _already_fixed(budget: Budget, convention: Convention) -> Conflict | None:
    """A vote of an exercise whose dotation is already fixed would revalue it twice: the
    dotation in force is of that exercise (given by an avenant: another vote of the same
    exercise, or an avenant written by hand) or of a later one."""
    last = next((a for a in reversed(convention.avenants) if a.dotation is not None), None)
    if last is not None and last.dotation is not None:
        year = last.dotation.year
        source = f"l'avenant n° {last.number}" + (
            f" (vote du budget {last.budget})" if last.budget else ""
        )
        if year < budget.year:
            return None
    elif convention.funding is not None and convention.funding.year > budget.year:
        year, source = convention.funding.year, "la convention"
    else:
        return None
    later = year > budget.year
    return Conflict(
        convention,
        f"la dotation de l'exercice {year} est déjà fixée par {source} : le vote "
        f"{budget.reference} "
        + (
            f"porte sur un exercice antérieur ({budget.year})"
            if later
            else "la réévaluerait une seconde fois pour le même exercice"
        ),
        f"vérifiez « annee: » du vote ; un seul vote du budget par exercice : pour changer "
        f"la dotation {year} en cours d'exercice, modifiez {source.split(' (')[0]} ou "
        "écrivez un avenant à la main",
    )


def _stale(budget: Budget, convention: Convention, given: Avenant) -> Conflict | None:
    """The vote was changed after it was applied: ``budget apply`` does not rewrite an
    avenant it has added, so the avenant would keep amounts the vote no longer gives."""
    earlier = convention.avenants[: convention.avenants.index(given)]
    expected = _revaluation(budget, convention, earlier)
    if expected is None or given.dotation is None:
        return None
    want, have = expected.avenant, given
    differences = []
    if have.dotation is not None and want.dotation is not None:
        if have.dotation.year != want.dotation.year:
            differences.append(f"exercice {have.dotation.year} au lieu de {want.dotation.year}")
        if have.dotation.amount != want.dotation.amount:
            from docgen.core import french as fr  # num2words: only when it is said

            differences.append(
                f"dotation de {fr.amount(have.dotation.amount, cents='always')} au lieu de "
                f"{fr.amount(want.dotation.amount, cents='always')}"
            )
    if have.budget_vote != want.budget_vote:
        differences.append("délibération du budget visée différente")
    if not differences:
        return None
    return Conflict(
        convention,
        f"son avenant n° {given.number}, ajouté par le vote {budget.reference}, ne dit plus "
        f"ce que le vote donne : {', '.join(differences)}",
        "le vote a été modifié après avoir été appliqué, et docgen budget apply ne réécrit "
        "pas un avenant déjà ajouté : rétablissez le vote tel qu'il a été appliqué, ou "
        f"retirez les avenants {budget.reference} des conventions puis relancez docgen "
        "budget apply",
    )


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
        planned = plan(budget, conventions)
        if planned.conflicts:
            conflicts = tuple(c.finding(budget_file) for c in planned.conflicts)
            return Planned(None, findings + conflicts, tuple(files))
        return Planned(planned, findings, tuple(files))

    return others.memo(("budget-plan", budget_file.resolve()), compute)
