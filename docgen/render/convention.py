"""The convention: what its template sees, and where each value comes from in the YAML."""

from __future__ import annotations

from dataclasses import dataclass

from docgen.compute import consolidate, split_dotation, term_end
from docgen.core import french as fr
from docgen.core.engine import render_docx
from docgen.model import Avenant, Convention, TermKind
from docgen.render.engine import template_for
from docgen.render.parties import ASSEMBLIES, BLANK, day, parties_context

FIRST_EXTRA_ARTICLE = 15


@dataclass(frozen=True)
class ExtraArticle:
    number: int
    title: str
    paragraphs: tuple[str, ...]


def intervention_area(convention: Convention) -> str:
    names = [c.name for c in convention.communes]
    if len(names) == 1:
        area = f"de la commune {fr.de(names[0])}"
    elif names:
        area = f"des communes {fr.de(fr.join_fr(names))}"
    else:
        area = fr.de(convention.service.territory)
    districts = list(convention.service.districts)
    if districts:
        noun = "le quartier" if len(districts) == 1 else "les quartiers"
        area += f", notamment dans {noun} {fr.join_fr(districts)}"
    return area


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def convention_context(convention: Convention) -> dict[str, object]:
    """Everything a convention template sees; FIELD_SOURCES documents each name."""
    dep, term, signature = convention.departement, convention.term, convention.signature
    authorisation = convention.authorisation
    report_year = dep.activity_report_model_year
    url = dep.communication_charter_url
    return {
        **parties_context(convention),
        "service": convention.service,
        "communes": convention.communes,
        "staffing": convention.staffing,
        "funding": convention.funding,
        "term": term,
        "signature": signature,
        "authorisation": authorisation,
        "clauses": convention.clauses,
        "split": split_dotation(convention),
        "term_end": term_end(term),
        "tacit_renewal": term.kind is TermKind.TACIT_RENEWAL,
        "term_duration": "d’un an" if term.years == 1 else f"de {term.years} ans",
        "authorisation_assembly": ASSEMBLIES.get(
            authorisation.assembly, f"de {authorisation.assembly}"
        ),
        "authorisation_date": day(authorisation.date),
        "authorisation_number": authorisation.number or BLANK,
        "signature_date": day(signature.date),
        "signature_originals": str(signature.originals) if signature.originals else BLANK,
        "intervention_area": intervention_area(convention),
        "activity_report_model": f"sur le modèle proposé en {report_year}"
        if report_year
        else "sur le modèle proposé par le Département",
        "charter_address": f" à l’adresse suivante : {url}" if url else "",
        "extra_articles": [
            ExtraArticle(number, clause.title, _paragraphs(clause.text))
            for number, clause in enumerate(convention.clauses, FIRST_EXTRA_ARTICLE)
        ],
        # The convention as signed: render_consolidated fills these for the text in force.
        "consolidation": "",
        "consolidation_avenants": "",
        "consolidation_header": "",
    }


def render_convention(convention: Convention) -> bytes:
    template = template_for(convention.departement, "convention")
    return render_docx(template, convention_context(convention))


def consolidation_mention(avenants: tuple[Avenant, ...]) -> str:
    """« Version consolidée intégrant l’avenant n° 1 », « … les avenants n° 1 et 2 », « 1 à 3 »."""
    if not avenants:
        return ""
    first, last = avenants[0].number, avenants[-1].number
    if len(avenants) == 1:
        return f"Version consolidée intégrant l’avenant n° {first}"
    link = "et" if len(avenants) == 2 else "à"
    return f"Version consolidée intégrant les avenants n° {first} {link} {last}"


def consolidation_context(avenants: tuple[Avenant, ...]) -> dict[str, object]:
    """The tags that mark a consolidated text: its mention, and each avenant it includes."""
    if not avenants:
        return {"consolidation": "", "consolidation_avenants": "", "consolidation_header": ""}
    lines = [
        f"Avenant n° {a.number} signé le {day(a.signature.date)} : {a.subject}" for a in avenants
    ]
    return {
        "consolidation": consolidation_mention(avenants),
        "consolidation_avenants": "\n".join(lines),  # docxtpl turns \n into line breaks
        "consolidation_header": " (version consolidée)",
    }


def render_consolidated(convention: Convention) -> bytes:
    """The convention as amended by all its avenants: the text in force, marked as such."""
    in_force = consolidate(convention)
    context = {**convention_context(in_force), **consolidation_context(in_force.avenants)}
    return render_docx(template_for(convention.departement, "convention"), context)
