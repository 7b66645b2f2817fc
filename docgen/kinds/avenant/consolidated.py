"""The consolidated convention: the convention as amended by its signed avenants, rendered
with the convention's own template and marked as a reading aid (« Version consolidée –
document non contractuel », the avenants it integrates, the communes that left and since
when, the draft avenants it does not integrate, no « Fait à », no signatures).

Every word is the template's (``consolidee``, ``avenants_integres``,
``avenants_non_integres``, ``anciennes_communes``); this module gives the values. The same
context renders each version an avenant is computed from
(``docgen.kinds.avenant.modifications``): what an avenant says replaces an article is,
by construction, what the consolidated version prints.
"""

from __future__ import annotations

import dataclasses

from docgen.core.kind import Run
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.avenant.parties import effect_date, party_changes
from docgen.kinds.avenant.signature import is_signed
from docgen.kinds.common import day
from docgen.kinds.convention import context_once
from docgen.kinds.convention.context import (
    ConventionContext,
    FormerCommune,
    avenant_references,
    convention_context,
)
from docgen.kinds.convention.model import Convention


def signed_count(convention: Convention) -> int:
    """How many avenants, from the first, are signed: the consolidated version integrates
    them, and no later one (each avenant amends the text its predecessors left)."""
    count = 0
    while count < len(convention.avenants) and is_signed(convention, count):
        count += 1
    return count


def former_communes(convention: Convention, upto: int) -> tuple[FormerCommune, ...]:
    """The communes the first ``upto`` avenants removed (and did not bring back), with the
    date they left and the avenant that removed them."""
    found: dict[str, FormerCommune] = {}
    for index, avenant in enumerate(convention.avenants[:upto]):
        changes = party_changes(convention, index)
        for commune in changes.joining:
            found.pop(commune.key, None)
        for commune in changes.leaving:
            found[commune.key] = FormerCommune(
                commune.name, day(effect_date(avenant)), avenant.number
            )
    return tuple(found.values())


def consolidated_context(
    convention: Convention, upto: int | None = None, run: Run | None = None
) -> ConventionContext:
    """The convention template's context for the text in force after the first ``upto``
    avenants (all of them by default), marked as consolidated when it integrates any;
    with ``run``, shared with equal versions (``context_once``)."""
    in_force = consolidate(convention, upto)
    context = convention_context(in_force) if run is None else context_once(in_force, run)
    avenants = in_force.avenants
    if not avenants:
        return context
    return dataclasses.replace(
        context,
        consolidated=True,
        integrated=avenant_references(avenants),
        former_communes=former_communes(convention, len(avenants)),
    )


def in_force_context(convention: Convention, run: Run | None = None) -> ConventionContext:
    """The consolidated version as docgen renders it: the signed avenants integrated, the
    drafts after them named as such and left out (a convention without avenants is
    printed as signed)."""
    signed = signed_count(convention)
    context = consolidated_context(convention, signed, run)
    drafts = convention.avenants[signed:]
    if not drafts:
        return context
    return dataclasses.replace(context, consolidated=True, drafts=avenant_references(drafts))
