"""The data model: what a Département, a convention and its parties are.

Plain frozen dataclasses, built from validated YAML by ``docgen.read``. Money, shares
and staffing are ``Decimal``; dates are ``datetime.date``. Nothing here is computed
from anything else: derived values (the split of the dotation, end dates) live in
``docgen.compute``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path


@dataclass(frozen=True)
class Person:
    civility: str  # "Monsieur" or "Madame"
    first_name: str
    last_name: str

    @property
    def full_name(self) -> str:
        """Prénom NOM, as French administrations print signatories."""
        return f"{self.first_name} {self.last_name.upper()}"


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str  # a string: "01000" must stay "01000"
    city: str
    building: str = ""  # "Hôtel du Département"


@dataclass(frozen=True)
class Shares:
    """Percentages of the dotation: the Département's and the communes' together."""

    departement: Decimal
    communes: Decimal


@dataclass(frozen=True)
class StaffingRatio:
    """At most ``max_management`` and ``max_administrative`` ETP per ``per_educational``."""

    per_educational: Decimal
    max_management: Decimal
    max_administrative: Decimal


@dataclass(frozen=True)
class RuleSetting:
    """A Département's override of one check rule, with the reason it gives."""

    enabled: bool
    severity: str | None  # "erreur" / "avertissement", or None to keep the default
    reason: str


@dataclass(frozen=True)
class SigningService:
    pole: str
    direction: str
    service: str


@dataclass(frozen=True)
class Departement:
    """What all the conventions of one Département share, and its own rules."""

    source: Path
    name: str  # "Pas-de-Calais"
    article: str  # "du", "de la", "de l’", "des"
    code: str  # "62", "2A", "971"
    president: Person
    seat: Address
    signing_service: SigningService
    court: str  # city of the tribunal administratif
    data_protection_email: str
    shares: Shares
    visas: tuple[str, ...]
    communication_charter_url: str = ""
    activity_report_model_year: int | None = None
    staffing_ratio: StaffingRatio | None = None
    siren: str = ""
    rule_settings: dict[str, RuleSetting] = field(default_factory=dict)
    # Deliberations: @CTES matière code, quorum check, members in office by assembly.
    classification: str = ""  # "8.2"
    quorum: bool = False  # check CGCT L3121-14 on each deliberation
    members_in_office: dict[str, int] = field(default_factory=dict)  # "Commission permanente"

    @property
    def full_name(self) -> str:
        """« Département du Pas-de-Calais »."""
        sep = "" if self.article.endswith(("’", "'")) else " "
        return f"Département {self.article}{sep}{self.name}"


@dataclass(frozen=True)
class Service:
    name: str  # "Rencontres et Loisirs", printed as Service de Prévention Spécialisée « … »
    territory: str  # "Oignies": the service's usual name, "SPS de Oignies"
    districts: tuple[str, ...]  # quartiers
    solidarity_house: str  # "Maison du Département Solidarité de l’Arrageois"


@dataclass(frozen=True)
class Association:
    name: str
    address: Address
    president: Person
    board_resolution: date | None  # délibération du conseil d'administration


@dataclass(frozen=True)
class Commune:
    name: str
    insee: str
    mayor: Person
    share: Decimal  # percent of the whole dotation, e.g. 1.25 for 1,25 %
    council_resolution: date | None = None


@dataclass(frozen=True)
class StaffLine:
    label: str  # "agent d'entretien"
    etp: Decimal


@dataclass(frozen=True)
class Staffing:
    management: Decimal  # "ETP de direction" (chef de service included)
    social_workers: Decimal
    administrative: Decimal
    others: tuple[StaffLine, ...] = ()

    @property
    def total(self) -> Decimal:
        return (
            self.management
            + self.social_workers
            + self.administrative
            + sum((o.etp for o in self.others), Decimal(0))
        )


@dataclass(frozen=True)
class Funding:
    year: int
    dotation: Decimal  # euros, two decimals
    shares: Shares


class TermKind(enum.Enum):
    TACIT_RENEWAL = "reconduction_tacite"  # one year, renewed each year
    FIXED = "ferme"  # a fixed number of years


@dataclass(frozen=True)
class Term:
    start: date
    kind: TermKind
    years: int
    notice_months: int
    end: date | None = None  # when given; otherwise computed


@dataclass(frozen=True)
class Signature:
    place: str
    date: date | None
    originals: int | None


@dataclass(frozen=True)
class Authorisation:
    """The deliberation that authorises the President to sign."""

    assembly: str  # "Commission permanente"
    date: date | None
    number: str | None


@dataclass(frozen=True)
class Clause:
    """An extra article a Département or a service adds to the model."""

    title: str
    text: str


@dataclass(frozen=True)
class DotationChange:
    """A new dotation for a year, and how it was computed when it comes from a budget vote."""

    year: int
    amount: Decimal
    rate: Decimal | None = None  # taux d'évolution voté, in percent
    new_measures: Decimal | None = None  # mesures nouvelles, in euros


@dataclass(frozen=True)
class Avenant:
    """An amendment: what it changes replaces, from its signature on, the convention's text."""

    number: int
    subject: str
    authorisation: Authorisation
    signature: Signature
    budget: str | None = None  # reference of the budget vote that produced it
    dotation: DotationChange | None = None
    communes: tuple[Commune, ...] | None = None
    staffing: Staffing | None = None
    term: Term | None = None

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


@dataclass(frozen=True)
class BudgetLine:
    """A new measure (added to the revalued dotation) or a derogation (replacing it)."""

    service: str  # the convention's file name without .yaml
    amount: Decimal
    reason: str


@dataclass(frozen=True)
class Budget:
    """A budget vote: what ``docgen budget apply`` turns into one avenant per convention."""

    source: Path
    reference: str  # copied into each avenant, so that a vote is applied once
    year: int
    rate: Decimal  # percent
    vote_assembly: str
    vote_date: date
    subject: str
    authorisation: Authorisation
    signature: Signature
    new_measures: tuple[BudgetLine, ...] = ()
    derogations: tuple[BudgetLine, ...] = ()
