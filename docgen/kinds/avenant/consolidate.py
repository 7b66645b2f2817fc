"""The convention as amended: each avenant's changes replace what the convention said."""

from __future__ import annotations

from dataclasses import replace

from docgen.kinds.convention.model import Avenant, Convention, Funding


def consolidate(convention: Convention, upto: int | None = None) -> Convention:
    """The convention as amended by its avenants (the first ``upto`` of them, or all)."""
    avenants = convention.avenants[:upto]
    current = convention
    for avenant in avenants:
        current = replace(
            current,
            funding=_funding(current, avenant),
            communes=avenant.communes if avenant.communes is not None else current.communes,
            staffing=avenant.staffing or current.staffing,
            term=avenant.term or current.term,
        )
    return replace(current, avenants=avenants)


def _funding(current: Convention, avenant: Avenant) -> Funding | None:
    change = avenant.dotation
    if change is None:
        return current.funding
    if current.funding is None:  # a dotation given by an avenant to a convention without one
        return Funding(change.year, change.amount, current.departement.shares)
    return replace(current.funding, year=change.year, dotation=change.amount)
