"""What all the conventions of one Département share, and its own rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from docgen.core.context import described, doc
from docgen.kinds.common import Address, Person
from docgen.kinds.register import Decision


@dataclass(frozen=True)
class Shares:
    """Percentages of the dotation: the Département's and the communes' together."""

    departement: Decimal = doc("departement (en %)")
    communes: Decimal = doc("communes (en %)")


@dataclass(frozen=True)
class StaffingRatio:
    """At most ``max_management`` and ``max_administrative`` ETP per ``per_educational``."""

    per_educational: Decimal = doc("educatifs")
    max_management: Decimal = doc("direction_max")
    max_administrative: Decimal = doc("administratif_max")


@dataclass(frozen=True)
class RuleSetting:
    """A Département's override of one check rule, with the reason it gives."""

    enabled: bool
    severity: str | None  # "erreur" / "avertissement", or None to keep the default
    reason: str


@dataclass(frozen=True)
class SigningService:
    pole: str = doc("pole")
    direction: str = doc("direction")
    service: str = doc("service")


@dataclass(frozen=True)
class Payment:
    """How the dotation is paid and which budget line bears it (printed by the acts that
    commit the expense: financial avenants, deliberations)."""

    terms: str = doc("modalites")  # « par douzièmes, le 15 de chaque mois »
    imputation: str = doc("imputation")  # « chapitre 65, article 6526, fonction 51 »


CENTS = {"auto": "auto", "centimes": "always"}  # YAML value → docgen.core.french.amount()


@dataclass(frozen=True)
class AmountStyles:
    """How each kind of document writes amounts: the ``cents`` argument of ``amount``."""

    conventions: str = doc("montants.conventions (auto ou centimes)", default="auto")
    avenants: str = doc("montants.avenants (auto ou centimes)", default="auto")
    deliberations: str = doc("montants.deliberations (auto ou centimes)", default="auto")
    annexes: str = doc("montants.annexes (auto ou centimes)", default="auto")


@dataclass(frozen=True)
class Departement:
    """What all the conventions of one Département share, and its own rules."""

    source: Path
    name: str = doc("nom")  # "Pas-de-Calais"
    article: str = doc("article (du, de la, de l’, des)")
    code: str = doc("code")  # "62", "2A", "971"
    president: Person = doc("president")
    seat: Address | None = doc("siege")
    signing_service: SigningService | None = doc("service_signataire")
    court: str | None = doc("tribunal_administratif")  # city of the tribunal administratif
    data_protection_email: str | None = doc("delegue_protection_donnees")
    shares: Shares | None = doc("repartition")  # the default split of a dotation, if any
    visas: tuple[str, ...] = doc("visas")
    communication_charter_url: str = doc("site_communication", default="")
    activity_report_model_year: int | None = doc("modele_rapport_activite", default=None)
    staffing_ratio: StaffingRatio | None = doc("ratio_encadrement", default=None)
    siren: str = doc("siren", default="")
    rule_settings: dict[str, RuleSetting] = field(default_factory=dict)
    # Deliberations: @CTES matière code, quorum check, members in office by assembly.
    classification: str = doc("classification", default="")  # "8.2"
    quorum: bool = doc("quorum", default=False)  # check CGCT L3121-14 on each deliberation
    members_in_office: dict[str, int] = field(default_factory=dict)  # "Commission permanente"
    payment: Payment | None = doc("paiement", default=None)
    amounts: AmountStyles = field(default_factory=AmountStyles)  # montants, by document kind
    # Deliberations its contracts cite that have no file in the repository (an older
    # one, another assembly's): deliberations_externes, with their dates.
    external_deliberations: tuple[Decision, ...] = ()
    # limites: rendu_secondes: the time to fill one document (None: docgen's default).
    render_seconds: Decimal | None = None

    @property
    @described(
        "calculé : « Département » + article + nom (« Département du Pas-de-Calais »)",
        fr="nom_complet",
    )
    def full_name(self) -> str:
        """« Département du Pas-de-Calais »."""
        return f"Département {self.of}"

    @property
    @described(
        "calculé : article + nom (« du Pas-de-Calais », « de la Somme », « de l’Aisne »)",
        fr="article_nom",
    )
    def of(self) -> str:
        article = self.article.replace("'", "’")
        sep = "" if article.endswith("’") else " "
        return f"{article}{sep}{self.name}"

    @property
    def slug(self) -> str:
        """The Département's folder name: its templates' folder, its documents' prefix."""
        return self.source.parent.name
