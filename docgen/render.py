"""Fill a Word template (docxtpl) with a convention and make its text typographically French.

Templates see the model objects plus values computed here (``convention_context``), so
they hold wording and layout, not logic. A Département may replace the wording with its
own ``templates/<folder of its departement.yaml>/<kind>.docx``. ``FIELD_SOURCES`` says
where each value a template uses comes from in the YAML (the README's field table).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import MutableMapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from docgen import format as fr
from docgen.compute import split_dotation, term_end
from docgen.errors import ResourceError
from docgen.model import Address, Commune, Convention, Departement, Person, TermKind
from docgen.resources import templates_dir

BLANK = "……"  # where a draft has no value yet (date of signature…): visible on paper
FIRST_EXTRA_ARTICLE = 15
_ASSEMBLIES = {
    "Commission permanente": "de la Commission permanente",
    "Conseil départemental": "du Conseil départemental",
}


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
}


def field_table_markdown() -> str:
    """FIELD_SOURCES as the README's Markdown table."""
    rows = [f"| `{name}` | {source} |" for name, source in FIELD_SOURCES.items()]
    return "\n".join(["| Champ du modèle | Champ YAML |", "|---|---|", *rows]) + "\n"


@dataclass(frozen=True)
class Officer:
    """A signatory and the words that agree with them (« la Présidente », « autorisée »)."""

    person: Person
    title: str  # after the name: "Président", "Présidente", "Maire"
    role: str  # above a signature: "Le Président", "La Maire"
    the_title: str  # inside a sentence: "le Président"
    authorised: str  # "autorisé", "autorisée"


@dataclass(frozen=True)
class CommuneParty:
    commune: Commune
    name: str  # "Commune d’Oignies"
    mayor: Officer
    resolution_date: str


@dataclass(frozen=True)
class Signatory:
    party: str  # "Pour le Département du Pas-de-Calais"
    officer: Officer


@dataclass(frozen=True)
class ExtraArticle:
    number: int
    title: str
    paragraphs: tuple[str, ...]


def _officer(person: Person, masculine: str, feminine: str) -> Officer:
    female = person.civility == "Madame"
    title, article = (feminine, "la") if female else (masculine, "le")
    authorised = "autorisée" if female else "autorisé"
    return Officer(
        person, title, f"{article.capitalize()} {title}", f"{article} {title}", authorised
    )


def _day(value: date | None) -> str:
    return fr.date_long(value) if value is not None else BLANK


def _address(address: Address) -> str:
    parts = [address.building, address.street, f"{address.postcode} {address.city}"]
    return ", ".join(part for part in parts if part)


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


def _association_party(name: str) -> str:
    # « Pour l’association Rencontres et Loisirs », not « … l’association Association … ».
    prefix = "association "
    rest = name[len(prefix) :] if name.lower().startswith(prefix) else name
    return f"Pour l’association {rest}"


def convention_context(convention: Convention) -> dict[str, object]:
    """Everything a convention template sees; FIELD_SOURCES documents each name."""
    dep, term, signature = convention.departement, convention.term, convention.signature
    authorisation = convention.authorisation
    dep_president = _officer(dep.president, "Président", "Présidente")
    association_president = _officer(convention.association.president, "Président", "Présidente")
    commune_parties = [
        CommuneParty(c, f"Commune {fr.de(c.name)}", mayor, _day(c.council_resolution))
        for c in convention.communes
        for mayor in [_officer(c.mayor, "Maire", "Maire")]
    ]
    signatories = [
        Signatory(f"Pour le {dep.full_name}", dep_president),
        Signatory(_association_party(convention.association.name), association_president),
        *(Signatory(f"Pour la {party.name}", party.mayor) for party in commune_parties),
    ]
    report_year = dep.activity_report_model_year
    url = dep.communication_charter_url
    return {
        "departement": dep,
        "association": convention.association,
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
        "departement_de": dep.full_name.removeprefix("Département "),
        "departement_address": _address(dep.seat),
        "association_address": _address(convention.association.address),
        "departement_president": dep_president,
        "association_president": association_president,
        "commune_parties": commune_parties,
        "signatories": signatories,
        "authorisation_assembly": _ASSEMBLIES.get(
            authorisation.assembly, f"de {authorisation.assembly}"
        ),
        "authorisation_date": _day(authorisation.date),
        "authorisation_number": authorisation.number or BLANK,
        "board_resolution_date": _day(convention.association.board_resolution),
        "signature_date": _day(signature.date),
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
    }


def template_for(departement: Departement, kind: str) -> Path:
    """The Département's own ``templates/<slug>/<kind>.docx``, else ``templates/<kind>.docx``."""
    root = templates_dir()
    own = root / departement.source.parent.name / f"{kind}.docx"
    shared = root / f"{kind}.docx"
    for candidate in (own, shared):
        if candidate.is_file():
            return candidate
    raise ResourceError(
        f"aucun modèle « {kind} » : ni {own} ni {shared} n’existe",
        "lancez « python scripts/make_templates.py », ou placez le modèle propre au "
        f"Département dans {own.parent}",
    )


class _Environment(SandboxedEnvironment):
    """docxtpl calls from_string on every part at every render, and compiling is most of a
    render's time: each distinct XML source is compiled once per process."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.filters.update(fr.FILTERS)

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        if globals is None and template_class is None and isinstance(source, str):
            return _compiled(source)
        return super().from_string(source, globals, template_class)


@lru_cache(maxsize=64)
def _compiled(source: str) -> jinja2.Template:
    return SandboxedEnvironment.from_string(_ENV, source)


_ENV = _Environment()


@lru_cache(maxsize=16)
def _template_bytes(path: Path, mtime_ns: int, size: int) -> bytes:
    # Keyed by mtime and size so that a template edited while docgen runs is read again.
    return path.read_bytes()


def _french(text: str) -> str:
    # YAML values are typed with ' and plain spaces; the template's own text is already right.
    return fr.typography(text.replace("'", "’")).replace("n° ", "n°\u00a0")


def _typeset(document: Any) -> None:
    text_parts = ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml")
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.content_type.endswith(text_parts):
            continue
        for node in element.iter(qn("w:t")):
            if node.text:
                node.text = _french(node.text)


def render_docx(template: Path, context: dict[str, object]) -> bytes:
    """The filled template as .docx bytes, its text typeset in French."""
    try:
        stat = template.stat()
        data = _template_bytes(template.resolve(), stat.st_mtime_ns, stat.st_size)
        document = DocxTemplate(io.BytesIO(data))
        document.render(context, jinja_env=_ENV, autoescape=True)
    except (OSError, zipfile.BadZipFile, PackageNotFoundError) as error:
        raise ResourceError(
            f"modèle illisible : {template} ({error})", "régénérez-le ou rouvrez-le dans Word"
        ) from error
    except (jinja2.TemplateError, TypeError, ValueError) as error:
        # A filter given the wrong value (« {{ service.name|amount }} ») is a template slip too.
        raise ResourceError(
            f"le modèle {template} ne peut pas être rempli : {error}",
            "vérifiez ses balises {{ … }} : les noms admis sont dans le README",
        ) from error
    _typeset(document.docx)
    out = io.BytesIO()
    document.docx.save(out)
    return out.getvalue()


def render_convention(convention: Convention) -> bytes:
    template = template_for(convention.departement, "convention")
    return render_docx(template, convention_context(convention))
