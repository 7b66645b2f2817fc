"""The convention as amended: each avenant's changes replace what the convention said."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from docgen.kinds.convention.model import Avenant, Commune, Convention, Funding


def consolidate(convention: Convention, upto: int | None = None) -> Convention:
    """The convention as amended by its avenants (the first ``upto`` of them, or all)."""
    avenants = convention.avenants[:upto]
    current = convention
    for avenant in avenants:
        current = replace(
            current,
            funding=_funding(current, avenant),
            communes=_communes(current, avenant),
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


def _communes(current: Convention, avenant: Avenant) -> tuple[Commune, ...]:
    """The avenant's new list of communes. Each is a party under its council's deliberation:
    the one it had (an avenant's list need not repeat it), else, for a commune the avenant
    makes a party, the deliberation authorising it to sign that avenant."""
    if avenant.communes is None:
        return current.communes
    known = {c.key: c.council_resolution for c in current.communes}

    def resolution(commune: Commune) -> date | None:
        if commune.council_resolution is not None:
            return commune.council_resolution
        if commune.key in known:
            return known[commune.key]
        return avenant.habilitations.commune(commune)

    return tuple(replace(c, council_resolution=resolution(c)) for c in avenant.communes)
