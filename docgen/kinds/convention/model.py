"""A convention and its parties, as frozen dataclasses built from validated YAML.

Money, shares and staffing are ``Decimal``; dates are ``datetime.date``. Nothing here is
computed from anything else: the split of the dotation and the end of the term live in
``docgen.kinds.convention.split``. Avenants are stored at the end of their convention's
file, so their data is read with it (``Avenant``); what docgen does with them is the
avenant kind's (``docgen.kinds.avenant``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from docgen.core.context import described, doc
from docgen.kinds.common import Address, Authorisation, Person, Signature
from docgen.kinds.departement import Departement
from docgen.kinds.departement.model import Shares


@dataclass(frozen=True)
class Service:
    name: str = doc("nom")  # printed as Service de Prévention Spécialisée « … »
    territory: str = doc("territoire")  # "Oignies": the service's usual name
    districts: tuple[str, ...] = doc("quartiers")
    solidarity_house: str = doc("maison_solidarite")


@dataclass(frozen=True)
class Association:
    name: str = doc("nom")
    address: Address = doc("adresse")
    president: Person = doc("president")
    board_resolution: date | None = doc("deliberation_ca")  # of the conseil d'administration


@dataclass(frozen=True)
class Commune:
    name: str = doc("nom")
    insee: str = doc("insee")
    mayor: Person = doc("maire")
    share: Decimal = doc("part (en % de la dotation)")  # 1.25 for 1,25 %
    council_resolution: date | None = doc("deliberation_conseil", default=None)


@dataclass(frozen=True)
class StaffLine:
    label: str = doc("libelle")  # "agent d'entretien"
    etp: Decimal = doc("etp")


@dataclass(frozen=True)
class Staffing:
    management: Decimal = doc("direction")  # "ETP de direction" (chef de service included)
    social_workers: Decimal = doc("travailleurs_sociaux")
    administrative: Decimal = doc("administratif")
    others: tuple[StaffLine, ...] = doc("autres", default=())

    @property
    @described("calculé : somme de tous les ETP")
    def total(self) -> Decimal:
        return (
            self.management
            + self.social_workers
            + self.administrative
            + sum((o.etp for o in self.others), Decimal(0))
        )


@dataclass(frozen=True)
class Funding:
    year: int = doc("annee")
    dotation: Decimal = doc("dotation")  # euros, two decimals
    shares: Shares = doc("repartition, sinon celle du departement.yaml")


class TermKind(enum.Enum):
    TACIT_RENEWAL = "reconduction_tacite"  # one year, renewed each year
    FIXED = "ferme"  # a fixed number of years


@dataclass(frozen=True)
class Term:
    start: date = doc("debut")
    kind: TermKind = doc("mode")
    years: int = doc("annees")
    notice_months: int = doc("preavis_mois")
    end: date | None = doc("fin", default=None)  # when given; otherwise computed


@dataclass(frozen=True)
class Clause:
    """An extra article a Département or a service adds to the model."""

    title: str = doc("titre")
    text: str = doc("texte")


@dataclass(frozen=True)
class DotationChange:
    """A new dotation for a year, and how it was computed when it comes from a budget vote."""

    year: int = doc("annee")
    amount: Decimal = doc("montant")
    rate: Decimal | None = doc("taux_evolution", default=None)  # voted rate, in percent
    new_measures: Decimal | None = doc("mesures_nouvelles", default=None)  # in euros


@dataclass(frozen=True)
class Avenant:
    """An amendment: what it changes replaces, from its signature on, the convention's text."""

    number: int = doc("numero")
    subject: str = doc("objet")
    authorisation: Authorisation = doc("autorisation")
    signature: Signature = doc("signature")
    budget: str | None = doc("budget", default=None)  # the budget vote that produced it
    dotation: DotationChange | None = doc("modifications.dotation", default=None)
    communes: tuple[Commune, ...] | None = doc("modifications.communes", default=None)
    staffing: Staffing | None = doc("modifications.effectifs", default=None)
    term: Term | None = doc("modifications.duree", default=None)

    @property
    def changes(self) -> tuple[str, ...]:
        """The YAML names of what this avenant modifies, in article order."""
        present = (
            ("communes", self.communes),
            ("effectifs", self.staffing),
            ("dotation", self.dotation),
            ("duree", self.term),
        )
        return tuple(name for name, value in present if value is not None)


@dataclass(frozen=True)
class Convention:
    source: Path
    departement: Departement
    service: Service
    association: Association
    communes: tuple[Commune, ...]
    staffing: Staffing
    funding: Funding
    term: Term
    signature: Signature
    authorisation: Authorisation
    clauses: tuple[Clause, ...] = field(default=())
    avenants: tuple[Avenant, ...] = field(default=())

    @property
    def slug(self) -> str:
        return self.source.stem
