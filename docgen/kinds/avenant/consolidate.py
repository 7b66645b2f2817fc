"""The convention as amended: each avenant's changes replace what the convention said."""

from __future__ import annotations

from dataclasses import replace

from docgen.kinds.convention.model import Convention


def consolidate(convention: Convention, upto: int | None = None) -> Convention:
    """The convention as amended by its avenants (the first ``upto`` of them, or all)."""
    avenants = convention.avenants[:upto]
    current = convention
    for avenant in avenants:
        current = replace(
            current,
            funding=replace(
                current.funding, year=avenant.dotation.year, dotation=avenant.dotation.amount
            )
            if avenant.dotation
            else current.funding,
            communes=avenant.communes if avenant.communes is not None else current.communes,
            staffing=avenant.staffing or current.staffing,
            term=avenant.term or current.term,
        )
    return replace(current, avenants=avenants)
