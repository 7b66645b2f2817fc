"""The consolidated convention: the convention as amended by its avenants, rendered with
the convention's own template and marked as a reading aid (« Version consolidée –
document non contractuel », the avenants it integrates, no « Fait à », no signatures).

The same context renders each version an avenant is computed from
(``docgen.kinds.avenant.modifications``): what an avenant says replaces an article is,
by construction, what the consolidated version prints.
"""

from __future__ import annotations

import dataclasses

from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.common import day
from docgen.kinds.convention.context import (
    ConventionContext,
    avenant_references,
    convention_context,
)
from docgen.kinds.convention.model import Avenant, Convention


def consolidation_mention(avenants: tuple[Avenant, ...]) -> str:
    """« Version consolidée intégrant l’avenant n° 1 », « … les avenants n° 1 et 2 », « 1 à 3 »."""
    if not avenants:
        return ""
    first, last = avenants[0].number, avenants[-1].number
    if len(avenants) == 1:
        return f"Version consolidée intégrant l’avenant n° {first}"
    link = "et" if len(avenants) == 2 else "à"
    return f"Version consolidée intégrant les avenants n° {first} {link} {last}"


def consolidated_context(convention: Convention, upto: int | None = None) -> ConventionContext:
    """The convention template's context for the text in force after the first ``upto``
    avenants (all of them by default), marked as consolidated when it integrates any."""
    in_force = consolidate(convention, upto)
    context = convention_context(in_force)
    avenants = in_force.avenants
    if not avenants:
        return context
    lines = [
        f"Avenant n° {a.number} signé le {day(a.signature.date)} : {a.subject}" for a in avenants
    ]
    return dataclasses.replace(
        context,
        consolidation=consolidation_mention(avenants),
        consolidation_avenants="\n".join(lines),  # docxtpl turns \n into line breaks
        consolidation_header=" (version consolidée)",
        consolidated=True,
        integrated=avenant_references(avenants),
    )
