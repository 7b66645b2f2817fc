"""A budget vote: what ``docgen budget apply`` turns into one avenant per convention."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from docgen.kinds.common import Authorisation, Signature


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
