"""Who is party to an avenant: every party of the convention before it and after it.

A commune that leaves a convention is still a party to the avenant that removes it: it
is named among the avenant's parties, signs it on the strength of its own deliberation
(``habilitations``), and an article states its withdrawal and from when. A commune that
joins is a party to the avenant likewise, and an article states its accession. « From
when » is the avenant's effect date: ``date_effet`` when given, else its signature.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.convention.model import Avenant, Commune, Convention


@dataclass(frozen=True)
class PartyChanges:
    """The communes an avenant makes parties to the convention, and those it removes."""

    joining: tuple[Commune, ...]  # as the avenant's new list describes them
    leaving: tuple[Commune, ...]  # as the convention before the avenant describes them


def party_changes(convention: Convention, index: int) -> PartyChanges:
    """What avenant ``convention.avenants[index]`` changes in the convention's communes."""
    before, after = consolidate(convention, index), consolidate(convention, index + 1)
    old = {c.key for c in before.communes}
    new = {c.key for c in after.communes}
    return PartyChanges(
        joining=tuple(c for c in after.communes if c.key not in old),
        leaving=tuple(c for c in before.communes if c.key not in new),
    )


def signing(convention: Convention, index: int) -> Convention:
    """The convention after avenant ``index``, with the communes it removes still among its
    communes (last): the parties that sign that avenant."""
    after = consolidate(convention, index + 1)
    leaving = party_changes(convention, index).leaving
    return dataclasses.replace(after, communes=(*after.communes, *leaving))


def effect_date(avenant: Avenant) -> date | None:
    """When the avenant takes effect: its ``date_effet``, else its signature (None when a
    draft has neither)."""
    return avenant.effect or avenant.signature.date
