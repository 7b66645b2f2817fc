"""What a convention template receives (``ConventionContext``), and the parties every
document about a convention prints: names, titles that agree with civility, signatories.

Every field is documented: the documentation is the README's field table and the list
of names the template lint accepts (``docgen.core.context``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from docgen.core import french as fr
from docgen.core.blank import BlankDate
from docgen.core.context import doc
from docgen.core.french import PlaceName
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

_BLANK_IF_EMPTY = f"(« {BLANK} » si vide)"


@dataclass(frozen=True)
class CommuneParty:
    commune: Commune = doc("communes[]", fr="commune")
    name: str = doc("calculé : « Commune » + de + nom (« Commune d’Oignies »)", fr="nom")
    mayor: Officer = doc("maire")
    resolution_date: str = doc(
        f"calculé : deliberation_conseil {_BLANK_IF_EMPTY}", fr="date_deliberation"
    )


@dataclass(frozen=True)
class Signatory:
    party: str = doc("calculé : « Pour le Département … », « Pour l’association … »…", fr="partie")
    officer: Officer = doc("calculé : le président ou le maire qui signe", fr="signataire")


@dataclass(frozen=True)
class SignatureRow:
    """A row of the signature grid, as the model lays it out: the Département and the
    association (then any other party) on the left, the communes on the right."""

    left: Signatory | None = doc(
        "calculé : le Département, l’association, les autres parties", fr="gauche"
    )
    right: Signatory | None = doc("calculé : les communes", fr="droite")


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
    """A clause of the YAML as an article: the template numbers it after its own last one."""

    title: str = doc("clauses[].titre", fr="titre")
    paragraphs: tuple[str, ...] = doc(
        "calculé : clauses[].texte, un paragraphe par ligne", fr="alineas"
    )


@dataclass(frozen=True)
class AvenantReference:
    """An avenant as another act cites it: the consolidated version, a later avenant."""

    number: int = doc("avenants[].numero", fr="numero")
    signed: str = doc(f"calculé : avenants[].signature.date {_BLANK_IF_EMPTY}", fr="date_signature")
    subject: str = doc("avenants[].objet", fr="objet")
    effect: str = doc(
        "calculé : avenants[].date_effet (vide quand l’avenant prend effet à sa signature)",
        fr="date_effet",
        default="",
    )


@dataclass(frozen=True)
class FormerCommune:
    """A commune that was a party to the convention until an avenant removed it."""

    name: PlaceName = doc("calculé : communes[].nom de la commune retirée", fr="nom")
    until: str = doc(
        "calculé : la date d’effet de l’avenant qui l’a retirée, sinon sa date de signature",
        fr="date",
    )
    avenant: int = doc("calculé : le numéro de l’avenant qui l’a retirée", fr="avenant")


@dataclass(frozen=True)
class PartiesContext:
    """What the convention and each of its avenants say alike of the Département and the
    association: their names, addresses and presidents (the first fields of both)."""

    departement: Departement = doc("departement.yaml")
    association: Association | None = doc("association")
    departement_de: str = doc(
        "calculé : article + nom du Département (« du Pas-de-Calais »)", fr="departement_de"
    )
    departement_address: str | None = doc(
        "calculé : departement.yaml → siege (batiment, rue, code_postal ville)",
        fr="adresse_departement",
    )
    association_address: str | None = doc(
        "calculé : association.adresse (batiment, rue, code_postal ville)", fr="adresse_association"
    )
    departement_president: Officer = doc("departement.yaml → president", fr="president_departement")
    association_president: Officer | None = doc("association.president", fr="president_association")


def parties_fields(dep: Departement, association: Association | None) -> dict[str, Any]:
    """The fields of ``PartiesContext``, that a convention's or an avenant's context
    opens with: ``ConventionContext(**parties_fields(dep, association), …)``."""
    parties = PartiesContext(
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
    )
    return {f.name: getattr(parties, f.name) for f in fields(PartiesContext)}


@dataclass(frozen=True)
class ConventionContext(PartiesContext):
    """Everything a convention template sees."""

    commune_parties: tuple[CommuneParty, ...] = doc(
        "calculé : une entrée par commune", fr="communes_parties"
    )
    parties: tuple[Party, ...] = doc("parties")
    signatories: tuple[Signatory, ...] = doc(
        "calculé : le Département, l’association, chaque commune, puis les autres parties",
        fr="signataires",
    )
    board_resolution_date: str = doc(
        f"calculé : association.deliberation_ca {_BLANK_IF_EMPTY}", fr="date_deliberation_ca"
    )
    subject: str | None = doc("objet")
    visas: tuple[str, ...] = doc(
        "calculé : les « Vu » du departement.yaml, puis ceux de visas", fr="visas"
    )
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
    split: DotationSplit | None = doc(
        "calculé : financement.dotation répartie au centime entre le Département et les "
        "communes (communes[].part)",
        fr="repartition_dotation",
    )
    term_end: date = doc(
        "calculé : duree.fin, sinon duree.debut + duree.annees − 1 jour", fr="date_fin"
    )
    tacit_renewal: bool = doc(
        "calculé : duree.mode = reconduction_tacite", fr="reconduction_tacite"
    )
    term_duration: str = doc("calculé : duree.annees (« d’un an », « de 3 ans »)", fr="duree_texte")
    authorisation_assembly: str = doc(
        "calculé : « de la » ou « du » + autorisation.instance", fr="instance_autorisation"
    )
    authorisation_date: str = doc(
        f"calculé : autorisation.date {_BLANK_IF_EMPTY}", fr="date_autorisation"
    )
    authorisation_number: str = doc(
        f"calculé : autorisation.numero {_BLANK_IF_EMPTY}", fr="numero_autorisation"
    )
    signature_date: str = doc(f"calculé : signature.date {_BLANK_IF_EMPTY}", fr="date_signature")
    signature_originals: str = doc(
        f"calculé : signature.exemplaires {_BLANK_IF_EMPTY}", fr="exemplaires"
    )
    intervention_area: str = doc(
        "calculé : communes[].nom (ou service.territoire) + service.quartiers",
        fr="territoire_intervention",
    )
    extra_articles: tuple[ExtraArticle, ...] = doc(
        "calculé : clauses, un article chacune (le modèle les numérote après son dernier "
        "article : {{ 14 + loop.index }})",
        fr="articles_supplementaires",
    )
    annex: str = doc(
        "calculé : « Annexe 1 à la délibération n° … » en tête du projet type annexé à une "
        "délibération (vide sinon)",
        fr="annexe",
        default="",
    )
    consolidated: bool = doc(
        "calculé : vrai pour la version consolidée (document non contractuel : ni « Fait à » "
        "ni signatures)",
        fr="consolidee",
        default=False,
    )
    integrated: tuple[AvenantReference, ...] = doc(
        "calculé : les avenants signés qu’intègre la version consolidée (vide sinon)",
        fr="avenants_integres",
        default=(),
    )
    drafts: tuple[AvenantReference, ...] = doc(
        "calculé : les avenants que la version consolidée n’intègre pas, faute d’être signés "
        "(date de signature ou délibération d’une partie manquante ; vide sinon)",
        fr="avenants_non_integres",
        default=(),
    )
    former_communes: tuple[FormerCommune, ...] = doc(
        "calculé : les communes qui ont cessé d’être parties à la convention, par les avenants "
        "qu’intègre la version consolidée (vide sinon)",
        fr="anciennes_communes",
        default=(),
    )
    signature_rows: tuple[SignatureRow, ...] = doc(
        "calculé : les signataires sur deux colonnes (le Département et l’association à "
        "gauche, les communes à droite)",
        fr="lignes_signature",
        default=(),
    )
    cents: str = doc(
        "calculé : departement.yaml → montants.conventions (« auto » : centimes s’ils ne sont "
        "pas nuls ; « centimes » : toujours)",
        fr="centimes",
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
    return ConventionContext(
        **parties_fields(dep, association),
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
        extra_articles=tuple(
            ExtraArticle(clause.title, _paragraphs(clause.text)) for clause in convention.clauses
        ),
        signature_rows=signature_rows(convention),
        cents=dep.amounts.conventions,
    )


def avenant_references(avenants: Iterable[Avenant]) -> tuple[AvenantReference, ...]:
    return tuple(
        AvenantReference(
            a.number, day(a.signature.date), a.subject, day(a.effect) if a.effect else ""
        )
        for a in avenants
    )
