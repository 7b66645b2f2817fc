"""A budget vote: what ``docgen budget apply`` turns into one avenant per convention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from docgen.kinds.common import Authorisation, Signature
from docgen.kinds.convention.model import BudgetVote


@dataclass(frozen=True)
class BudgetLine:
    """A new measure (added to the revalued dotation) or a derogation (replacing it)."""

    service: str  # the convention's file name without .yaml
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class Budget:
    source: Path
    reference: str  # copied into each avenant, so that a vote is applied once
    year: int
    rate: Decimal  # percent
    vote_assembly: str
    vote_date: date
    subject: str
    authorisation: Authorisation
    signature: Signature
    new_measures: tuple[BudgetLine, ...] = ()
    derogations: tuple[BudgetLine, ...] = ()
    services: tuple[str, ...] = ()  # the conventions of its Département, by file name
    vote_number: str | None = None  # the deliberation's number, as the act states it
    vote_subject: str | None = None  # « Budget primitif 2025 »

    @property
    def vote(self) -> BudgetVote:
        """The deliberation that voted the budget, as its avenants cite it."""
        return BudgetVote(self.vote_assembly, self.vote_date, self.vote_number, self.vote_subject)
