"""Deliberations: the Commission permanente's or the Conseil départemental's decision that
approves conventions or avenants and authorises their signature, with its annexes.

A deliberation is a YAML file in ``contracts/<département>/deliberations/`` that refers to
the contracts it covers by file name (``conventions: [elp, {service: alaj, avenant: 1}]``)
or by budget vote (``budget: BP-2025``), never by copying them (see ``resolve``).

Its documents, under ``<sortie>/<département>/deliberations/<numéro>/``: the
deliberation, the projet type de convention when it approves the model
(``approuve_modele: true``, see ``specimen``), its financial annex, the list of the
conventions or avenants to sign, and the JSON for the contrôle de légalité
(``prefecture``), which fingerprints every other file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, time
from pathlib import Path

from docgen.core.kind import (
    DerivedFile,
    Files,
    Kind,
    Output,
    OutputOptions,
    Properties,
    Template,
    WordDocument,
)
from docgen.core.rules import Violation
from docgen.kinds import avenant as avenant_kind
from docgen.kinds import convention as convention_kind
from docgen.kinds.deliberation.context import (
    AVENANT_ANNEX,
    Annex,
    DeliberationContext,
    FinancialAnnexContext,
    SigningListContext,
    annexes_of,
    deliberation_context,
    document_title,
    financial_annex_context,
    heading,
    signing_list_context,
)
from docgen.kinds.deliberation.model import Checked, Covered, Deliberation
from docgen.kinds.deliberation.prefecture import FileEntry, Piece, transmission_json
from docgen.kinds.deliberation.read import read_deliberation
from docgen.kinds.deliberation.rules import DELIBERATION_RULES, not_yet_enforceable
from docgen.kinds.deliberation.specimen import specimen_context

DELIBERATION = Template("deliberation", DeliberationContext, "Délibération")
FINANCIAL_ANNEX = Template("annexe-financiere", FinancialAnnexContext, "Annexe financière")
SIGNING_LIST = Template("liste-conventions", SigningListContext, "Liste des actes à signer")


def _folder(checked: Checked) -> str:
    return f"{checked.departement.slug}/deliberations/{checked.deliberation.number}"


def _sources(checked: Checked) -> tuple[Path, ...]:
    files = [checked.deliberation.source, checked.departement.source]
    for item in checked.covered:
        files.append(item.convention.source)
        if item.budget_file is not None:
            files.append(item.budget_file)
    return tuple(dict.fromkeys(files))


def _annex_document(checked: Checked, annex: Annex) -> tuple[Template, object]:
    title = heading(checked, annex)
    if annex.kind == convention_kind.TEMPLATE.name:
        return convention_kind.TEMPLATE, specimen_context(checked, title)
    if annex.kind == AVENANT_ANNEX:
        item = checked.covered[annex.covered]
        assert item.avenant is not None
        document = avenant_kind.avenant_document(item.convention, item.avenant, title)
        return avenant_kind.TEMPLATE, document.context
    if annex.kind == FINANCIAL_ANNEX.name:
        return FINANCIAL_ANNEX, financial_annex_context(checked, annex)
    return SIGNING_LIST, signing_list_context(checked, annex)


def documents(checked: Checked) -> list[WordDocument]:
    """The deliberation and its annexes, in the order the deliberation cites them."""
    d, dep = checked.deliberation, checked.departement
    folder, sources = _folder(checked), _sources(checked)
    created = datetime.combine(d.date, time(0, 0))
    annexes = annexes_of(checked)

    def properties(title: str) -> Properties:
        return Properties(title=title, subject=d.subject, author=dep.full_name, created=created)

    found = [
        WordDocument(
            name=f"{folder}/{d.number}_deliberation",
            template=DELIBERATION,
            context=deliberation_context(checked, annexes),
            properties=properties(document_title(d)),
            day=d.date,
            sources=sources,
            title=f"Délibération n° {d.number}",
        )
    ]
    for annex in annexes:
        template, context = _annex_document(checked, annex)
        found.append(
            WordDocument(
                name=f"{folder}/{d.number}_annexe-{annex.number}_{annex.slug}",
                template=template,
                context=context,
                properties=properties(heading(checked, annex)),
                day=d.date,
                sources=sources,
                annex=annex.number,
                title=annex.title,
            )
        )
    return found


def _outputs(checked: Checked, options: OutputOptions) -> Iterator[Output]:
    if options.consolidated:
        return
    pieces = documents(checked)
    yield from pieces

    def prefecture(files: Mapping[str, bytes]) -> bytes:
        sent = []
        for document in pieces:
            base = document.name.rsplit("/", 1)[-1]
            pdf = files.get(f"{document.name}.pdf")
            sent.append(
                Piece(
                    document.title,
                    document.annex,
                    FileEntry(f"{base}.docx", files[f"{document.name}.docx"]),
                    FileEntry(f"{base}.pdf", pdf) if pdf is not None else None,
                )
            )
        return transmission_json(checked, sent)

    number = checked.deliberation.number
    yield DerivedFile(f"{_folder(checked)}/{number}_prefecture.json", prefecture, _sources(checked))


def _uses(checked: Checked) -> tuple[Template, ...]:
    model = (convention_kind.TEMPLATE,) if checked.deliberation.approves_model else ()
    avenants = (avenant_kind.TEMPLATE,) if checked.avenants else ()
    return (DELIBERATION, *model, *avenants, FINANCIAL_ANNEX, SIGNING_LIST)


def _for_signature(checked: Checked, fields: frozenset[str]) -> Iterator[Violation]:
    """Signing what the deliberation authorises needs it enforceable. Reported once, for
    the deliberation's own template (its annexes' templates print ``annex``)."""
    if "annex" in fields:
        return
    yield from not_yet_enforceable(checked.deliberation, list(checked.covered))


KIND = Kind(
    name="deliberation",
    label="une délibération",
    files=Files(folder="deliberations"),
    schema="deliberation",
    read=read_deliberation,
    rules=DELIBERATION_RULES,
    templates=(DELIBERATION, FINANCIAL_ANNEX, SIGNING_LIST),
    outputs=_outputs,
    uses=_uses,
    for_signature=_for_signature,
)

__all__ = ["KIND", "Checked", "Covered", "Deliberation", "documents"]
