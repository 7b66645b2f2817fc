"""Deliberations: the Commission permanente's or the Conseil départemental's decision that
approves conventions or avenants and authorises their signature, with its annexes.

A deliberation is a YAML file in ``contracts/<département>/deliberations/`` that refers to
the contracts it covers by file name (``conventions: [elp, {service: alaj, avenant: 1}]``)
or by budget vote (``budget: BP-2025``), never by copying them (see ``resolve``).

Its documents, under ``<sortie>/<département>/deliberations/<numéro>/``: the
deliberation and the annexes its file lists (``annexes:``, see ``plan``): the projet
type de convention (``specimen``), a convention or a projet d'avenant as it will be
signed (rendered from the template its own documents use), a financial annex, the list
of the acts to sign — and the JSON for the contrôle de légalité (``prefecture``), which
fingerprints every file produced and names the annexes the services supply.
"""

from __future__ import annotations

import dataclasses
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
    Run,
    Template,
    WordDocument,
)
from docgen.core.rules import Violation
from docgen.kinds import avenant as avenant_kind
from docgen.kinds import convention as convention_kind
from docgen.kinds.deliberation.context import (
    DeliberationContext,
    FinancialAnnexContext,
    SigningListContext,
    annex_heading,
    annex_label,
    deliberation_context,
    document_title,
    financial_annex_context,
    signing_list_context,
)
from docgen.kinds.deliberation.model import (
    AnnexKind,
    Checked,
    Covered,
    Deliberation,
    PlannedAnnex,
)
from docgen.kinds.deliberation.prefecture import FileEntry, Piece, Supplied, transmission_json
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


def _slug(checked: Checked, annex: PlannedAnnex) -> str:
    """The annex's name in its file's name."""
    items = [checked.covered[i] for i in annex.covered]
    if annex.kind in (AnnexKind.CONVENTION, AnnexKind.AVENANT):
        item = items[0]
        if item.avenant is None:
            return f"convention_{item.convention.slug}"
        return f"projet-avenant-{item.avenant}_{item.convention.slug}"
    if annex.kind is AnnexKind.LIST:
        kinds = {"avenants" if item.avenant else "conventions" for item in items}
        return "liste-des-" + "-et-".join(sorted(kinds))
    return "projet-type-de-convention" if annex.kind is AnnexKind.MODEL else "annexe-financiere"


def _own_template(item: Covered, template: Template) -> Template:
    """The template the covered convention's documents use: its own choice
    (``modeles: {convention: calpae.docx}``, in its Département's templates), else the
    kind's. The annex that holds it is the act as it will be signed."""
    chosen = dict(item.templates).get(template.name)
    if chosen is None or not chosen.endswith(".docx") or "/" in chosen:
        return template
    return Template(chosen.removesuffix(".docx"), template.context, template.title)


def _annex_template(checked: Checked, annex: PlannedAnnex) -> Template:
    if annex.kind is AnnexKind.MODEL:
        return convention_kind.TEMPLATE
    if annex.kind is AnnexKind.CONVENTION:
        return _own_template(checked.covered[annex.covered[0]], convention_kind.TEMPLATE)
    if annex.kind is AnnexKind.AVENANT:
        return _own_template(checked.covered[annex.covered[0]], avenant_kind.TEMPLATE)
    return FINANCIAL_ANNEX if annex.kind is AnnexKind.FINANCIAL else SIGNING_LIST


def _annex_context(checked: Checked, annex: PlannedAnnex, run: Run) -> object:
    title = annex_heading(checked, annex.number)
    if annex.kind is AnnexKind.MODEL:
        return specimen_context(checked, title)
    if annex.kind is AnnexKind.CONVENTION:
        item = checked.covered[annex.covered[0]]
        return dataclasses.replace(convention_kind.context_once(item.version, run), annex=title)
    if annex.kind is AnnexKind.AVENANT:
        item = checked.covered[annex.covered[0]]
        assert item.avenant is not None
        return avenant_kind.avenant_document(item.convention, item.avenant, run, title).context
    if annex.kind is AnnexKind.FINANCIAL:
        return financial_annex_context(checked, annex)
    return signing_list_context(checked, annex)


def documents(checked: Checked, run: Run) -> list[WordDocument]:
    """The deliberation and the annexes docgen produces, in the order of its annexes."""
    d, dep = checked.deliberation, checked.departement
    folder, sources = _folder(checked), _sources(checked)
    created = datetime.combine(d.date, time(0, 0))

    def properties(title: str) -> Properties:
        return Properties(title=title, subject=d.subject, author=dep.full_name, created=created)

    found = [
        WordDocument(
            name=f"{folder}/{d.number}_deliberation",
            template=DELIBERATION,
            context=deliberation_context(checked),
            properties=properties(document_title(d)),
            day=d.date,
            sources=sources,
            title=f"Délibération n° {d.number}",
        )
    ]
    for annex in checked.annexes:
        if annex.kind is AnnexKind.DOCUMENT:
            continue  # supplied by the services: named in the prefecture's JSON only
        found.append(
            WordDocument(
                name=f"{folder}/{d.number}_annexe-{annex.number}_{_slug(checked, annex)}",
                template=_annex_template(checked, annex),
                context=_annex_context(checked, annex, run),
                properties=properties(annex_heading(checked, annex.number)),
                day=d.date,
                sources=sources,
                annex=annex.number,
                title=annex_label(checked, annex),
            )
        )
    return found


def _outputs(checked: Checked, options: OutputOptions, run: Run) -> Iterator[Output]:
    if options.consolidated:
        return
    pieces = documents(checked, run)
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
        supplied = [
            Supplied(annex.number, annex.title)
            for annex in checked.annexes
            if annex.kind is AnnexKind.DOCUMENT
        ]
        return transmission_json(checked, sent, supplied)

    number = checked.deliberation.number
    yield DerivedFile(f"{_folder(checked)}/{number}_prefecture.json", prefecture, _sources(checked))


def _uses(checked: Checked) -> tuple[Template, ...]:
    used = [DELIBERATION]
    for annex in checked.annexes:
        if annex.kind is not AnnexKind.DOCUMENT:
            template = _annex_template(checked, annex)
            if template not in used:
                used.append(template)
    return tuple(used)


# Fields only the deliberation's own template has (its annexes' templates have none).
_OWN_FIELDS = frozenset({"vote", "decisions", "meeting_date", "chair"})


def _for_signature(checked: Checked, fields: frozenset[str]) -> Iterator[Violation]:
    """Signing what the deliberation authorises needs it enforceable. Reported once, for
    the deliberation's own template."""
    if not {f.split(".")[0].split("[")[0] for f in fields} & _OWN_FIELDS:
        return
    yield from not_yet_enforceable(checked.deliberation, list(checked.covered))


KIND: Kind[Checked] = Kind(
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
