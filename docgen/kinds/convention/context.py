"""What a convention template receives (``ConventionContext``), and the parties every
document about a convention prints: names, titles that agree with civility, signatories.

Every field is documented: the documentation is the README's field table and the list
of names the template lint accepts (``docgen.core.context``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from docgen.core import french as fr
from docgen.core.blank import BlankDate
from docgen.core.context import doc
from docgen.kinds.common import (
    ASSEMBLIES,
    BLANK,
    Authorisation,
    Officer,
    Person,
    Signature,
    address,
    day,
    officer,
)
from docgen.kinds.convention.model import (
    Association,
    Avenant,
    Clause,
    Commune,
    Convention,
    ConventionAnnex,
    Funding,
    Party,
    Service,
    Staffing,
    Term,
    TermKind,
)
from docgen.kinds.convention.split import DotationSplit, split_dotation, term_end
from docgen.kinds.departement import Departement

FIRST_EXTRA_ARTICLE = 15
_BLANK_IF_EMPTY = f"(« {BLANK} » si vide)"


@dataclass(frozen=True)
class CommuneParty:
    commune: Commune = doc("communes[]")
    name: str = doc("calculé : « Commune » + de + nom (« Commune d’Oignies »)")
    mayor: Officer = doc("maire")
    resolution_date: str = doc(f"calculé : deliberation_conseil {_BLANK_IF_EMPTY}")


@dataclass(frozen=True)
class Signatory:
    party: str = doc("calculé : « Pour le Département … », « Pour l’association … »…")
    officer: Officer = doc("calculé : le président ou le maire qui signe")


@dataclass(frozen=True)
class SignatureRow:
    """A row of the signature grid, as the model lays it out: the Département and the
    association (then any other party) on the left, the communes on the right."""

    left: Signatory | None = doc("calculé : le Département, l’association, les autres parties")
    right: Signatory | None = doc("calculé : les communes")


def signature_rows(convention: Convention) -> tuple[SignatureRow, ...]:
    """The signatories of ``convention`` in two columns: the Département, the association
    and any other party on the left, the communes on the right."""
    found = signatories(convention)
    head = 1 + (convention.association is not None)
    communes = len(convention.communes)
    left: list[Signatory | None] = [*found[:head], *found[head + communes :]]
    right: list[Signatory | None] = list(found[head : head + communes])
    size = max(len(left), len(right))
    left += [None] * (size - len(left))
    right += [None] * (size - len(right))
    return tuple(SignatureRow(a, b) for a, b in zip(left, right, strict=True))


@dataclass(frozen=True)
class ExtraArticle:
    number: int = doc("calculé : 15, 16, …")
    title: str = doc("clauses[].titre")
    paragraphs: tuple[str, ...] = doc("calculé : clauses[].texte, un paragraphe par ligne")


@dataclass(frozen=True)
class AvenantReference:
    """An avenant as another act cites it: the consolidated version, a later avenant."""

    number: int = doc("avenants[].numero")
    signed: str = doc(f"calculé : avenants[].signature.date {_BLANK_IF_EMPTY}")
    subject: str = doc("avenants[].objet")


@dataclass(frozen=True)
class ConventionContext:
    """Everything a convention template sees."""

    departement: Departement = doc("departement.yaml")
    association: Association | None = doc("association")
    departement_de: str = doc("calculé : article + nom du Département (« du Pas-de-Calais »)")
    departement_address: str | None = doc(
        "calculé : departement.yaml → siege (batiment, rue, code_postal ville)"
    )
    association_address: str | None = doc(
        "calculé : association.adresse (batiment, rue, code_postal ville)"
    )
    departement_president: Officer = doc("departement.yaml → president")
    association_president: Officer | None = doc("association.president")
    commune_parties: tuple[CommuneParty, ...] = doc("calculé : une entrée par commune")
    parties: tuple[Party, ...] = doc("parties")
    signatories: tuple[Signatory, ...] = doc(
        "calculé : le Département, l’association, chaque commune, puis les autres parties"
    )
    board_resolution_date: str = doc(f"calculé : association.deliberation_ca {_BLANK_IF_EMPTY}")
    subject: str | None = doc("objet")
    visas: tuple[str, ...] = doc("calculé : les « Vu » du departement.yaml, puis ceux de visas")
    preamble: tuple[str, ...] = doc("preambule")
    service: Service | None = doc("service")
    communes: tuple[Commune, ...] = doc("communes")
    staffing: Staffing | None = doc("effectifs")
    funding: Funding | None = doc("financement")
    term: Term = doc("duree")
    signature: Signature = doc("signature")
    authorisation: Authorisation = doc("autorisation")
    clauses: tuple[Clause, ...] = doc("clauses")
    annexes: tuple[ConventionAnnex, ...] = doc("annexes")
    split: DotationSplit | None = doc("calculé : répartition de la dotation au centime")
    term_end: date = doc("calculé : duree.fin, sinon duree.debut + duree.annees − 1 jour")
    tacit_renewal: bool = doc("calculé : duree.mode = reconduction_tacite")
    term_duration: str = doc("calculé : duree.annees (« d’un an », « de 3 ans »)")
    authorisation_assembly: str = doc("calculé : « de la » ou « du » + autorisation.instance")
    authorisation_date: str = doc(f"calculé : autorisation.date {_BLANK_IF_EMPTY}")
    authorisation_number: str = doc(f"calculé : autorisation.numero {_BLANK_IF_EMPTY}")
    signature_date: str = doc(f"calculé : signature.date {_BLANK_IF_EMPTY}")
    signature_originals: str = doc(f"calculé : signature.exemplaires {_BLANK_IF_EMPTY}")
    intervention_area: str = doc(
        "calculé : communes[].nom (ou service.territoire) + service.quartiers"
    )
    activity_report_model: str = doc(
        "calculé : « sur le modèle proposé en » + departement.yaml → modele_rapport_activite"
    )
    charter_address: str = doc(
        "calculé : « à l’adresse suivante : » + departement.yaml → site_communication"
    )
    extra_articles: tuple[ExtraArticle, ...] = doc(
        "calculé : clauses, numérotées à partir de l’article 15"
    )
    consolidation: str = doc("calculé : « Version consolidée intégrant … » (vide sinon)")
    consolidation_avenants: str = doc(
        "calculé : une ligne par avenant intégré : numéro, date de signature, objet (vide sinon)"
    )
    consolidation_header: str = doc("calculé : « (version consolidée) » en en-tête (vide sinon)")
    annex: str = doc(
        "calculé : « Annexe 1 à la délibération n° … » en tête du projet type annexé à une "
        "délibération (vide sinon)",
        default="",
    )
    consolidated: bool = doc(
        "calculé : vrai pour la version consolidée (document non contractuel : ni « Fait à » "
        "ni signatures)",
        default=False,
    )
    integrated: tuple[AvenantReference, ...] = doc(
        "calculé : les avenants qu’intègre la version consolidée (vide sinon)", default=()
    )
    signature_rows: tuple[SignatureRow, ...] = doc(
        "calculé : les signataires sur deux colonnes (le Département et l’association à "
        "gauche, les communes à droite)",
        default=(),
    )
    cents: str = doc(
        "calculé : departement.yaml → montants.conventions (« auto » : centimes s’ils ne sont "
        "pas nuls ; « always » : toujours)",
        default="auto",
    )


def association_party(name: str) -> str:
    # « Pour l’association Rencontres et Loisirs », not « … l’association Association … ».
    prefix = "association "
    rest = name[len(prefix) :] if name.lower().startswith(prefix) else name
    return f"Pour l’association {rest}"


def _pronounced(name: str, person: Person) -> Officer:
    return officer(person, name, name)


def commune_parties(convention: Convention) -> tuple[CommuneParty, ...]:
    return tuple(
        CommuneParty(c, f"Commune {fr.de(c.name)}", mayor, day(c.council_resolution))
        for c in convention.communes
        for mayor in [officer(c.mayor, "Maire", "Maire")]
    )


def signatories(convention: Convention) -> tuple[Signatory, ...]:
    dep, association = convention.departement, convention.association
    found = [
        Signatory(f"Pour le {dep.full_name}", officer(dep.president, "Président", "Présidente"))
    ]
    if association is not None:
        found.append(
            Signatory(
                association_party(association.name),
                officer(association.president, "Président", "Présidente"),
            )
        )
    found += [
        Signatory(f"Pour la {party.name}", party.mayor) for party in commune_parties(convention)
    ]
    found += [
        Signatory(f"Pour {party.name}", _pronounced(party.title, party.representative))
        for party in convention.parties
    ]
    return tuple(found)


def intervention_area(convention: Convention) -> str:
    names: list[str] = [c.name for c in convention.communes]
    service = convention.service
    if len(names) == 1:
        area = f"de la commune {fr.de(names[0])}"
    elif names:
        area = f"des communes {fr.de(fr.join_fr(names))}"
    elif service is not None and service.territory:
        area = fr.de(service.territory)
    else:
        return ""
    districts = list(service.districts) if service is not None else []
    if districts:
        noun = "le quartier" if len(districts) == 1 else "les quartiers"
        area += f", notamment dans {noun} {fr.join_fr(districts)}"
    return area


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def convention_context(convention: Convention) -> ConventionContext:
    """Everything a convention template sees, for the convention as signed."""
    dep, term, signature = convention.departement, convention.term, convention.signature
    authorisation, association = convention.authorisation, convention.association
    report_year = dep.activity_report_model_year
    url = dep.communication_charter_url
    return ConventionContext(
        departement=dep,
        association=association,
        departement_de=dep.of,
        departement_address=address(dep.seat) if dep.seat else None,
        association_address=address(association.address)
        if association and association.address
        else None,
        departement_president=officer(dep.president, "Président", "Présidente"),
        association_president=officer(association.president, "Président", "Présidente")
        if association
        else None,
        commune_parties=commune_parties(convention),
        parties=convention.parties,
        signatories=signatories(convention),
        board_resolution_date=day(association.board_resolution if association else None),
        subject=convention.subject,
        visas=(*dep.visas, *convention.visas),
        preamble=convention.preamble,
        service=convention.service,
        communes=convention.communes,
        staffing=convention.staffing,
        funding=convention.funding,
        term=term,
        signature=signature,
        authorisation=authorisation,
        clauses=convention.clauses,
        annexes=convention.annexes,
        split=split_dotation(convention),
        # A blank when past the calendar: only with date-plausible tuned down (a typo).
        term_end=term_end(term) or BlankDate(),
        tacit_renewal=term.kind is TermKind.TACIT_RENEWAL,
        term_duration="d’un an" if term.years == 1 else f"de {term.years} ans",
        authorisation_assembly=ASSEMBLIES.get(
            authorisation.assembly, f"de {authorisation.assembly}"
        ),
        authorisation_date=day(authorisation.date),
        authorisation_number=authorisation.number or BLANK,
        signature_date=day(signature.date),
        signature_originals=str(signature.originals) if signature.originals else BLANK,
        intervention_area=intervention_area(convention),
        activity_report_model=f"sur le modèle proposé en {report_year}"
        if report_year
        else "sur le modèle proposé par le Département",
        charter_address=f" à l’adresse suivante : {url}" if url else "",
        extra_articles=tuple(
            ExtraArticle(number, clause.title, _paragraphs(clause.text))
            for number, clause in enumerate(convention.clauses, FIRST_EXTRA_ARTICLE)
        ),
        # The convention as signed: the consolidated version fills these for the text in force.
        consolidation="",
        consolidation_avenants="",
        consolidation_header="",
        signature_rows=signature_rows(convention),
        cents=dep.amounts.conventions,
    )


def avenant_references(avenants: Iterable[Avenant]) -> tuple[AvenantReference, ...]:
    return tuple(AvenantReference(a.number, day(a.signature.date), a.subject) for a in avenants)
