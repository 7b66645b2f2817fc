"""Budget votes (``budgets/*.yaml``): the voted rate and measures that ``docgen budget
apply`` turns into one financial avenant per convention of the Département."""

from __future__ import annotations

from docgen.core.kind import Files, Kind
from docgen.kinds.budget.model import Budget
from docgen.kinds.budget.plan import BudgetPlan, Planned, Revaluation, plan, plan_in, revalue
from docgen.kinds.budget.read import read_budget
from docgen.kinds.budget.rules import BUDGET_RULES
from docgen.kinds.budget.text import APPLY_RULE, append_avenant

KIND: Kind[Budget] = Kind(
    name="budget",
    label="un vote du budget",
    files=Files(folder="budgets"),
    schema="budget",
    read=read_budget,
    rules=BUDGET_RULES,
)

__all__ = [
    "APPLY_RULE",
    "KIND",
    "Budget",
    "BudgetPlan",
    "Planned",
    "Revaluation",
    "append_avenant",
    "plan",
    "plan_in",
    "revalue",
]
