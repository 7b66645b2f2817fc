"""What several kinds share: people, addresses, signatures, authorisations, and how a
document prints them (titles that agree with civility, blanks a draft leaves).

Between the core and the kinds: it knows the domain, but no kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from docgen.core import blank
from docgen.core import french as fr
from docgen.core.context import described, doc
from docgen.kinds import acts

BLANK = blank.BLANK  # where a draft has no value yet (date of signature…): visible on paper
ASSEMBLIES = {
    "Commission permanente": "de la Commission permanente",
    "Conseil départemental": "du Conseil départemental",
}
ASSEMBLY_KEYS = {
    "commission_permanente": "Commission permanente",
    "conseil_departemental": "Conseil départemental",
}


@dataclass(frozen=True)
class Person:
    civility: str = doc("civilite (Monsieur ou Madame)")
    first_name: str = doc("prenom")
    last_name: str = doc("nom")

    @property
    @described(
        "calculé : prénom et nom, le nom en capitales (« Claire EXEMPLE »)", fr="nom_complet"
    )
    def full_name(self) -> str:
        """Prénom NOM, as French administrations print signatories."""
        return f"{self.first_name} {self.last_name.upper()}"

    # Words that agree with the person (civilite « Madame »: feminine). For any other
    # pair a template writes {{ personne|accord("autorisé", "autorisée") }}.

    @property
    @described("calculé : « M. » ou « Mme », la civilité abrégée", fr="civilite_abregee")
    def short_civility(self) -> str:
        return "Mme" if self.feminine else "M."

    @property
    @described("calculé : vrai pour « Madame »", fr="feminin")
    def feminine(self) -> bool:
        return self.civility == "Madame"

    @property
    @described("calculé : « e » pour « Madame », rien sinon (« autorisé{{ p.e }} »)", fr="e")
    def e(self) -> str:
        return "e" if self.feminine else ""

    @property
    @described("calculé : « la » ou « le »", fr="le")
    def le(self) -> str:
        return "la" if self.feminine else "le"

    @property
    @described("calculé : « La » ou « Le »", fr="Le")
    def Le(self) -> str:
        return "La" if self.feminine else "Le"

    @property
    @described("calculé : « sa » ou « son » (« sa Présidente », « son Président »)", fr="son")
    def son(self) -> str:
        return "sa" if self.feminine else "son"

    @property
    @described("calculé : « elle » ou « il »", fr="il")
    def il(self) -> str:
        return "elle" if self.feminine else "il"


@dataclass(frozen=True)
class Address:
    street: str = doc("rue")
    postcode: str = doc("code_postal")  # a string: "01000" must stay "01000"
    city: str = doc("ville")
    building: str = doc("batiment", default="")  # "Hôtel du Département"


@dataclass(frozen=True)
class Signature:
    place: str | None = doc("lieu")
    date: date | None = doc("date")
    originals: int | None = doc("exemplaires")


@dataclass(frozen=True)
class Authorisation:
    """The deliberation that authorises the President to sign."""

    assembly: str = doc("instance")  # "Commission permanente"
    date: date | None = doc("date")
    number: str | None = doc("numero")


@dataclass(frozen=True)
class Officer:
    """A signatory and the words that agree with them (« la Présidente », « autorisée »)."""

    person: Person = doc("", fr="personne")
    title: str = doc(
        "calculé : « Président », « Présidente », « Maire » selon la civilité", fr="titre"
    )
    role: str = doc("calculé : « Le Président », « La Présidente », « Le Maire »…", fr="Le_titre")
    the_title: str = doc("calculé : « le Président », « la Présidente »…", fr="le_titre")
    authorised: str = doc(
        "calculé : « autorisé » ou « autorisée » selon la civilité", fr="autorise"
    )


def officer(person: Person, masculine: str, feminine: str) -> Officer:
    female = person.civility == "Madame"
    title, article = (feminine, "la") if female else (masculine, "le")
    authorised = "autorisée" if female else "autorisé"
    return Officer(
        person, title, f"{article.capitalize()} {title}", f"{article} {title}", authorised
    )


def day(value: date | None) -> str:
    return fr.date_long(value) if value is not None else BLANK


def address(value: Address) -> str:
    parts = [value.building, value.street, f"{value.postcode} {value.city}"]
    return ", ".join(part for part in parts if part)


def person(data: dict[str, Any]) -> Person:
    return Person(civility=data["civilite"], first_name=data["prenom"], last_name=data["nom"])


def read_address(data: dict[str, Any]) -> Address:
    return Address(
        street=data["rue"],
        postcode=str(data["code_postal"]),
        city=data["ville"],
        building=data.get("batiment") or "",
    )


def read_signature(data: dict[str, Any]) -> Signature:
    return Signature(
        place=data.get(acts.PLACE),
        date=optional_date(data.get(acts.DATE)),
        originals=int(data[acts.ORIGINALS]) if data.get(acts.ORIGINALS) else None,
    )


def read_authorisation(data: dict[str, Any]) -> Authorisation:
    return Authorisation(
        assembly=data[acts.ASSEMBLY],
        date=optional_date(data.get(acts.DATE)),
        number=data.get(acts.NUMBER),
    )


def optional_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def optional_decimal(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


def optional_int(value: str | None) -> int | None:
    return int(value) if value is not None else None
