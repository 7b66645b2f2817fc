"""The convention: what its template sees, and where each value comes from in the YAML."""

from __future__ import annotations

from dataclasses import dataclass

from docgen import format as fr
from docgen.compute import consolidate, split_dotation, term_end
from docgen.model import Avenant, Convention, TermKind
from docgen.render.engine import render_docx, template_for
from docgen.render.parties import ASSEMBLIES, BLANK, day, parties_context

FIRST_EXTRA_ARTICLE = 15

_D = "departement.yaml → "  # fields of the Département's file; the others are the convention's
_BLANK_IF_EMPTY = f"(« {BLANK} » si vide)"

# Where each value a template uses comes from: a template may only use these names.
FIELD_SOURCES: dict[str, str] = {
    "departement.full_name": f"{_D}« Département » + article + nom",
    "departement_de": f"calculé : {_D}article + nom (« du Pas-de-Calais »)",
    "departement_address": f"calculé : {_D}siege (batiment, rue, code_postal ville)",
    "departement.president.civility": f"{_D}president.civilite",
    "departement.president.full_name": f"{_D}president.prenom + president.nom (en capitales)",
    "departement_president.title": f"calculé : « Président(e) », {_D}president.civilite",
    "departement_president.role": f"calculé : « Le Président(e) », {_D}president.civilite",
    "departement_president.the_title": f"calculé : « le Président(e) », {_D}president.civilite",
    "departement_president.authorised": f"calculé : « autorisé(e) », {_D}president.civilite",
    "departement.signing_service.pole": f"{_D}service_signataire.pole",
    "departement.signing_service.direction": f"{_D}service_signataire.direction",
    "departement.signing_service.service": f"{_D}service_signataire.service",
    "departement.visas": f"{_D}visas",
    "departement.visas[]": f"{_D}visas[] (un « Vu » chacun)",
    "departement.court": f"{_D}tribunal_administratif",
    "departement.data_protection_email": f"{_D}delegue_protection_donnees",
    "charter_address": f"calculé : « à l’adresse suivante : » + {_D}site_communication",
    "activity_report_model": f"calculé : « … proposé en » + {_D}modele_rapport_activite",
    "authorisation_assembly": "calculé : « de la » ou « du » + autorisation.instance",
    "authorisation_date": f"autorisation.date {_BLANK_IF_EMPTY}",
    "authorisation_number": f"autorisation.numero {_BLANK_IF_EMPTY}",
    "association.name": "association.nom",
    "association_address": "calculé : association.adresse (batiment, rue, code_postal ville)",
    "association.president.civility": "association.president.civilite",
    "association.president.full_name": "association.president.prenom + nom (en capitales)",
    "association_president.title": "calculé : « Président(e) », association.president.civilite",
    "board_resolution_date": f"association.deliberation_ca {_BLANK_IF_EMPTY}",
    "commune_parties": "calculé : une entrée par élément de communes",
    "commune_parties[].name": "calculé : « Commune » + de + communes[].nom (« Commune d’Oignies »)",
    "commune_parties[].mayor.person.civility": "communes[].maire.civilite",
    "commune_parties[].mayor.person.full_name": "communes[].maire.prenom + communes[].maire.nom",
    "commune_parties[].mayor.title": "calculé : « Maire »",
    "commune_parties[].mayor.authorised": "calculé : « autorisé(e) », communes[].maire.civilite",
    "commune_parties[].resolution_date": f"communes[].deliberation_conseil {_BLANK_IF_EMPTY}",
    "service.name": "service.nom",
    "service.solidarity_house": "service.maison_solidarite",
    "intervention_area": "calculé : communes[].nom (ou service.territoire) + service.quartiers",
    "staffing.management": "effectifs.direction",
    "staffing.social_workers": "effectifs.travailleurs_sociaux",
    "staffing.administrative": "effectifs.administratif",
    "staffing.others": "effectifs.autres",
    "staffing.others[].etp": "effectifs.autres[].etp",
    "staffing.others[].label": "effectifs.autres[].libelle",
    "staffing.total": "calculé : somme de tous les ETP de effectifs",
    "funding.year": "financement.annee",
    "funding.shares.departement": f"financement.repartition.departement, sinon {_D}repartition",
    "funding.shares.communes": f"financement.repartition.communes, sinon {_D}repartition",
    "split.dotation": "financement.dotation",
    "split.departement": "calculé : part du Département de financement.dotation, au centime",
    "split.communes": "calculé : part des communes de financement.dotation, au centime",
    "split.per_commune": "calculé : une ligne par élément de communes",
    "split.per_commune[].commune.name": "communes[].nom",
    "split.per_commune[].commune.share": "communes[].part",
    "split.per_commune[].amount": "calculé : communes[].part de la dotation, au centime",
    "tacit_renewal": "calculé : duree.mode = reconduction_tacite",
    "term.start": "duree.debut",
    "term_duration": "calculé : duree.annees (« d’un an », « de 3 ans »)",
    "term_end": "calculé : duree.fin, sinon duree.debut + duree.annees − 1 jour",
    "term.notice_months": "duree.preavis_mois",
    "extra_articles": "calculé : clauses, numérotées à partir de l’article 15",
    "extra_articles[].number": "calculé : 15, 16, …",
    "extra_articles[].title": "clauses[].titre",
    "extra_articles[].paragraphs": "clauses[].texte",
    "extra_articles[].paragraphs[]": "clauses[].texte, un paragraphe par ligne",
    "signature.place": "signature.lieu",
    "signature_date": f"signature.date {_BLANK_IF_EMPTY}",
    "signature_originals": f"signature.exemplaires {_BLANK_IF_EMPTY}",
    "signatories": "calculé : le Département, l’association, puis chaque commune",
    "signatories[].party": "calculé : « Pour le Département … », « Pour l’association … »…",
    "signatories[].officer.role": "calculé : « Le Président(e) », « Le Maire » selon la civilité",
    "signatories[].officer.person.full_name": "calculé : prenom + nom des présidents et des maires",
    "consolidation": "calculé : « Version consolidée intégrant … » d’après avenants (vide sinon)",
    "consolidation_avenants": "calculé : une ligne par avenant intégré (vide sinon)",
    "consolidation_avenants[]": "calculé : avenants[].numero, avenants[].signature.date, "
    "avenants[].objet",
    "consolidation_header": "calculé : « (version consolidée) » en en-tête (vide sinon)",
}


def field_table_markdown() -> str:
    """FIELD_SOURCES as the README's Markdown table."""
    rows = [f"| `{name}` | {source} |" for name, source in FIELD_SOURCES.items()]
    return "\n".join(["| Champ du modèle | Champ YAML |", "|---|---|", *rows]) + "\n"


@dataclass(frozen=True)
class ExtraArticle:
    number: int
    title: str
    paragraphs: tuple[str, ...]


def _intervention_area(convention: Convention) -> str:
    names = [c.name for c in convention.communes]
    if len(names) == 1:
        area = f"de la commune {fr.de(names[0])}"
    elif names:
        area = f"des communes de {fr.join_fr(names)}"
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
        "intervention_area": _intervention_area(convention),
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
        "consolidation_avenants": [],
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
        return {"consolidation": "", "consolidation_avenants": [], "consolidation_header": ""}
    lines = [
        f"Avenant n° {a.number} signé le {day(a.signature.date)} : {a.subject}" for a in avenants
    ]
    return {
        "consolidation": consolidation_mention(avenants),
        "consolidation_avenants": lines,
        "consolidation_header": " (version consolidée)",
    }


def render_consolidated(convention: Convention) -> bytes:
    """The convention as amended by all its avenants: the text in force, marked as such."""
    in_force = consolidate(convention)
    context = {**convention_context(in_force), **consolidation_context(in_force.avenants)}
    return render_docx(template_for(convention.departement, "convention"), context)
