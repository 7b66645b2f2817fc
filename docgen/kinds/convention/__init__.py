"""Conventions: one YAML file per service, the Word convention it becomes.

Any ``.yaml`` file of a contracts repository that no other kind claims is a convention
(its avenants are at the end of the same file: see ``docgen.kinds.avenant``).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path

from docgen.core.kind import (
    Files,
    Kind,
    Output,
    OutputOptions,
    Properties,
    Run,
    Template,
    WordDocument,
)
from docgen.core.rules import Violation
from docgen.kinds.convention.chronology import not_yet_enforceable
from docgen.kinds.convention.context import ConventionContext, convention_context
from docgen.kinds.convention.model import Convention
from docgen.kinds.convention.read import read_convention
from docgen.kinds.convention.rules import CONVENTION_RULES
from docgen.kinds.convention.signature import missing_for_signature
from docgen.kinds.convention.timeline import timeline

TEMPLATE = Template("convention", ConventionContext, "Convention")


def output_name(convention: Convention, kind: str, year: int) -> str:
    """« pas-de-calais/pas-de-calais_rencontres-et-loisirs_2024_convention »."""
    dept = safe_name(convention.departement.slug)
    return f"{dept}/{dept}_{safe_name(convention.slug)}_{year}_{kind}"


def safe_name(name: str) -> str:
    """A file name that any file system and the manifest (UTF-8 JSON) accept: a byte of a
    name that is not UTF-8 becomes « _ »."""
    raw = name.encode("utf-8", "surrogateescape")
    return raw.decode("utf-8", "replace").replace("\ufffd", "_")


def subject(convention: Convention) -> str:
    dep = convention.departement
    return f"Prévention spécialisée – {dep.full_name} – {convention.year}"


def moment(day: date) -> datetime:
    return datetime.combine(day, time(0, 0))


def sources(convention: Convention) -> tuple[Path, ...]:
    return (convention.source, convention.departement.source)


def _outputs(convention: Convention, options: OutputOptions, run: Run) -> Iterator[Output]:
    if options.consolidated:
        return
    day = convention.signature.date or convention.term.start
    yield WordDocument(
        name=output_name(convention, "convention", convention.year),
        template=TEMPLATE,
        context=context_once(convention, run),
        properties=Properties(
            title=f"Convention de partenariat – {convention.name}",
            subject=subject(convention),
            author=convention.departement.full_name,
            created=moment(day),
        ),
        day=day,
        sources=sources(convention),
    )


def context_once(convention: Convention, run: Run) -> ConventionContext:
    """``convention_context``, made once for equal versions of a convention: the version
    an avenant amends is the convention as signed, or as the previous avenant left it."""
    return run.recent(
        ("convention-context", repr(convention)), lambda: convention_context(convention)
    )


def _for_signature(convention: Convention, fields: frozenset[str]) -> Iterator[Violation]:
    yield from missing_for_signature(convention, fields, f"{TEMPLATE.name}.docx")
    # The convention's and its avenants': the Département's deliberation must be
    # enforceable before any act it authorises is signed.
    for stage in timeline(convention).stages:
        yield from not_yet_enforceable(stage)


KIND: Kind[Convention] = Kind(
    name="convention",
    label="une convention",
    files=Files(fallback=True),
    schema="convention",
    read=read_convention,
    rules=CONVENTION_RULES,
    templates=(TEMPLATE,),
    outputs=_outputs,
    for_signature=_for_signature,
)

__all__ = [
    "KIND",
    "TEMPLATE",
    "Convention",
    "ConventionContext",
    "context_once",
    "convention_context",
]
