"""Avenants: amendments written at the end of their convention's file (``avenants:``).

Their rules take the convention they amend; each gives a Word avenant, and the
convention as amended by all of them is the consolidated version (``render
--consolidee``).
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.core.kind import Kind, Output, OutputOptions, Properties, Run, Template, WordDocument
from docgen.core.rules import Violation
from docgen.kinds import convention as convention_kind
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.avenant.consolidated import in_force_context, signed_count
from docgen.kinds.avenant.context import AvenantContext, avenant_context, position
from docgen.kinds.avenant.rules import AVENANT_RULES
from docgen.kinds.avenant.signature import missing_for_signature
from docgen.kinds.convention.model import Convention

TEMPLATE = Template("avenant", AvenantContext, "Avenant")


def avenant_document(
    convention: Convention, number: int, run: Run, annex: str = ""
) -> WordDocument:
    """Avenant n° ``number``; with ``annex``, as the project annexed to the deliberation that
    authorises it (its heading says whose annex it is)."""
    avenant = convention.avenants[position(convention, number)]
    after = consolidate(convention, number)
    day = avenant.signature.date or avenant.authorisation.date or convention.term.start
    year = avenant.dotation.year if avenant.dotation else day.year
    return WordDocument(
        name=convention_kind.output_name(after, f"avenant-{number}", year),
        template=TEMPLATE,
        context=avenant_context(convention, number, run, annex),
        properties=Properties(
            title=f"Avenant n° {number} – {convention.name}",
            subject=avenant.subject,
            author=convention.departement.full_name,
            created=convention_kind.moment(day),
        ),
        day=day,
        sources=convention_kind.sources(convention),
    )


def consolidated_document(convention: Convention, run: Run | None = None) -> WordDocument:
    """The convention as amended by its signed avenants (``in_force_context``)."""
    in_force = consolidate(convention, signed_count(convention))
    last = in_force.avenants[-1] if in_force.avenants else None
    day = (last.signature.date if last else None) or convention.signature.date
    day = day or convention.term.start
    return WordDocument(
        name=convention_kind.output_name(convention, "convention-consolidee", in_force.year),
        template=convention_kind.TEMPLATE,
        context=in_force_context(convention, run),
        properties=Properties(
            title=f"Convention de partenariat consolidée – {convention.name}",
            subject=convention_kind.subject(in_force),
            author=convention.departement.full_name,
            created=convention_kind.moment(day),
        ),
        day=day,
        sources=convention_kind.sources(convention),
    )


def _outputs(convention: Convention, options: OutputOptions, run: Run) -> Iterator[Output]:
    if options.consolidated:
        yield consolidated_document(convention, run)
        return
    for avenant in convention.avenants:
        yield avenant_document(convention, avenant.number, run)


def _uses(convention: Convention) -> tuple[Template, ...]:
    return (TEMPLATE,) if convention.avenants else ()


def _for_signature(convention: Convention, fields: frozenset[str]) -> Iterator[Violation]:
    yield from missing_for_signature(convention, fields, f"{TEMPLATE.name}.docx")


KIND: Kind[Convention] = Kind(
    name="avenant",
    label="un avenant",
    files=None,
    part_of=convention_kind.KIND.name,
    rules=AVENANT_RULES,
    templates=(TEMPLATE,),
    outputs=_outputs,
    uses=_uses,
    for_signature=_for_signature,
)

__all__ = ["KIND", "TEMPLATE", "avenant_document", "consolidate", "consolidated_document"]
