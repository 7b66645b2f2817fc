"""The parties of a convention as templates print them: names, titles, signatories.

Shared by the convention, its avenants and deliberations. Titles agree with civility
(« la Présidente », « autorisée »); a value a draft leaves empty prints as ``BLANK``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from docgen.core import french as fr
from docgen.model import Address, Commune, Convention, Person

BLANK = "……"  # where a draft has no value yet (date of signature…): visible on paper
ASSEMBLIES = {
    "Commission permanente": "de la Commission permanente",
    "Conseil départemental": "du Conseil départemental",
}


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


def officer(person: Person, masculine: str, feminine: str) -> Officer:
    female = person.civility == "Madame"
    title, article = (feminine, "la") if female else (masculine, "le")
    authorised = "autorisée" if female else "autorisé"
    return Officer(
        person, title, f"{article.capitalize()} {title}", f"{article} {title}", authorised
    )


def day(value: date | None) -> str:
    return fr.date_long(value) if value is not None else BLANK


def address(address: Address) -> str:
    parts = [address.building, address.street, f"{address.postcode} {address.city}"]
    return ", ".join(part for part in parts if part)


def association_party(name: str) -> str:
    # « Pour l’association Rencontres et Loisirs », not « … l’association Association … ».
    prefix = "association "
    rest = name[len(prefix) :] if name.lower().startswith(prefix) else name
    return f"Pour l’association {rest}"


def parties_context(convention: Convention) -> dict[str, object]:
    """The names every document about this convention uses for its parties."""
    dep = convention.departement
    dep_president = officer(dep.president, "Président", "Présidente")
    association_president = officer(convention.association.president, "Président", "Présidente")
    commune_parties = [
        CommuneParty(c, f"Commune {fr.de(c.name)}", mayor, day(c.council_resolution))
        for c in convention.communes
        for mayor in [officer(c.mayor, "Maire", "Maire")]
    ]
    signatories = [
        Signatory(f"Pour le {dep.full_name}", dep_president),
        Signatory(association_party(convention.association.name), association_president),
        *(Signatory(f"Pour la {party.name}", party.mayor) for party in commune_parties),
    ]
    return {
        "departement": dep,
        "association": convention.association,
        "departement_de": dep.full_name.removeprefix("Département "),
        "departement_address": address(dep.seat),
        "association_address": address(convention.association.address),
        "departement_president": dep_president,
        "association_president": association_president,
        "commune_parties": commune_parties,
        "signatories": signatories,
        "board_resolution_date": day(convention.association.board_resolution),
    }
