"""A convention and its parties, as frozen dataclasses built from validated YAML.

Money, shares and staffing are ``Decimal``; dates are ``datetime.date``. Nothing here is
computed from anything else: the split of the dotation and the end of the term live in
``docgen.kinds.convention.split``. Avenants are stored at the end of their convention's
file, so their data is read with it (``Avenant``); what docgen does with them is the
avenant kind's (``docgen.kinds.avenant``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from docgen.core.context import described, doc
from docgen.core.french import PlaceName
from docgen.kinds.common import Address, Authorisation, Person, Signature
from docgen.kinds.departement import Departement
from docgen.kinds.departement.model import Shares
from docgen.kinds.register import Register


@dataclass(frozen=True)
class Service:
    name: str = doc("nom")  # printed as Service de Prévention Spécialisée « … »
    territory: str | None = doc("territoire", default=None)  # "Oignies": its usual name
    districts: tuple[str, ...] = doc("quartiers", default=())
    solidarity_house: str | None = doc("maison_solidarite", default=None)


@dataclass(frozen=True)
class Association:
    name: str = doc("nom")
    address: Address | None = doc("adresse")
    president: Person = doc("president")
    board_resolution: date | None = doc("deliberation_ca")  # of the conseil d'administration


@dataclass(frozen=True)
class Commune:
    name: PlaceName = doc("nom")  # carries its elision (« d’Hénin-Beaumont »)
    insee: str | None = doc("insee")
    mayor: Person = doc("maire")
    share: Decimal | None = doc("part")  # % of the dotation (1.25 for 1,25 %); None: in kind
    council_resolution: date | None = doc("deliberation_conseil", default=None)
    contribution: str | None = doc("contribution", default=None)  # in kind: premises…
    valuation: Decimal | None = doc("valorisation", default=None)  # of the contribution

    @property
    def key(self) -> str:
        """What identifies the commune across avenants: its INSEE code, else its name."""
        return self.insee or self.name


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
    @described("calculé : somme de tous les ETP", fr="total")
    def total(self) -> Decimal:
        return (
            self.management
            + self.social_workers
            + self.administrative
            + sum((o.etp for o in self.others), Decimal(0))
        )


@dataclass(frozen=True)
class Funder:
    key: str = doc("cle")  # "etat": the key of its amounts in each line
    name: str = doc("nom")  # "État"


@dataclass(frozen=True)
class FundingLine:
    """A costed line (an action, a fiche): an amount per funder; its total is computed."""

    label: str = doc("libelle")
    amounts: dict[str, Decimal] = doc("montants")  # funder key → euros
    reference: str | None = doc("reference", default=None)  # "Fiche 2"
    group: str | None = doc("groupe", default=None)  # lines of a group get a subtotal
    section: str | None = doc("rubrique", default=None)  # groups of a section: a table
    imputation: str | None = doc("imputation", default=None)  # where the expense is booked

    @property
    @described("calculé : somme des montants de la ligne", fr="total")
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass(frozen=True)
class FundingGroup:
    """Consecutive lines of one group, and their subtotal per funder."""

    label: str = doc("calculé : le groupe", fr="libelle")
    lines: tuple[FundingLine, ...] = doc("calculé : ses lignes", fr="lignes")
    totals: dict[str, Decimal] = doc("calculé : sous-total par financeur", fr="totaux")

    @property
    @described("calculé : sous-total du groupe, tous financeurs", fr="total")
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))


@dataclass(frozen=True)
class FundingSection:
    """Consecutive lines of one section (a table of the annex), by group, with totals."""

    label: str = doc("calculé : la rubrique", fr="libelle")
    groups: tuple[FundingGroup, ...] = doc("calculé : ses groupes de lignes", fr="groupes")
    totals: dict[str, Decimal] = doc("calculé : total de la rubrique par financeur", fr="totaux")

    @property
    @described("calculé : total de la rubrique, tous financeurs", fr="total")
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))


@dataclass(frozen=True)
class Funding:
    year: int = doc("annee")
    dotation: Decimal | None = doc("dotation", default=None)  # euros, two decimals
    # The dotation's split: the convention's own, else its Département's (None: neither).
    shares: Shares | None = doc("repartition, sinon celle du departement.yaml", default=None)
    funders: tuple[Funder, ...] = doc("financeurs", default=())
    lines: tuple[FundingLine, ...] = doc("lignes", default=())
    stated_totals: dict[str, Decimal] = doc("totaux_declares", default_factory=dict)

    @property
    @described(
        "calculé : total de chaque financeur sur toutes les lignes (clé : montant)", fr="totaux"
    )
    def totals(self) -> dict[str, Decimal]:
        return _totals(self.funders, self.lines)

    @property
    @described("calculé : total de toutes les lignes, tous financeurs", fr="total")
    def total(self) -> Decimal:
        return sum(self.totals.values(), Decimal(0))

    @property
    @described("calculé : les lignes par groupe, avec leurs sous-totaux", fr="groupes")
    def groups(self) -> tuple[FundingGroup, ...]:
        return _groups(self.funders, self.lines)

    @property
    @described(
        "calculé : les lignes par rubrique puis par groupe, avec leurs totaux", fr="rubriques"
    )
    def sections(self) -> tuple[FundingSection, ...]:
        runs = _runs(self.lines, lambda line: line.section)
        return tuple(
            FundingSection(
                lines[0].section or "", _groups(self.funders, lines), _totals(self.funders, lines)
            )
            for lines in runs
        )

    @property
    @described("calculé : les lignes où un financeur donné paie (clé : lignes)", fr="par_financeur")
    def paid_by(self) -> dict[str, tuple[FundingLine, ...]]:
        return {
            funder.key: tuple(line for line in self.lines if line.amounts.get(funder.key))
            for funder in self.funders
        }


def _runs(
    lines: tuple[FundingLine, ...], key: Callable[[FundingLine], str | None]
) -> list[tuple[FundingLine, ...]]:
    """Consecutive lines with the same key, in order."""
    runs: list[list[FundingLine]] = []
    for line in lines:
        if runs and key(runs[-1][0]) == key(line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return [tuple(run) for run in runs]


def _groups(
    funders: tuple[Funder, ...], lines: tuple[FundingLine, ...]
) -> tuple[FundingGroup, ...]:
    return tuple(
        FundingGroup(run[0].group or "", run, _totals(funders, run))
        for run in _runs(lines, lambda line: line.group)
    )


def _totals(
    funders: tuple[Funder, ...], lines: tuple[FundingLine, ...] | list[FundingLine]
) -> dict[str, Decimal]:
    return {
        funder.key: sum((line.amounts.get(funder.key, Decimal(0)) for line in lines), Decimal(0))
        for funder in funders
    }


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
class ConventionAnnex:
    """An annex of the convention: a title and its paragraphs."""

    title: str = doc("titre")
    paragraphs: tuple[str, ...] = doc("texte, un paragraphe par ligne")


@dataclass(frozen=True)
class Party:
    """Another party to the convention (the État, another Département…)."""

    key: str = doc("cle")
    name: str = doc("nom")  # with its article: "l’État"
    representative: Person = doc("representant")
    title: str = doc("qualite")  # "Préfet du Département du Nord"
    designation: str | None = doc("designation", default=None)  # « le Préfet »
    resolution: date | None = doc("deliberation", default=None)


@dataclass(frozen=True)
class DotationChange:
    """A new dotation for a year, and how it was computed when it comes from a budget vote."""

    year: int = doc("annee")
    amount: Decimal = doc("montant")
    rate: Decimal | None = doc("taux_evolution", default=None)  # voted rate, in percent
    new_measures: Decimal | None = doc("mesures_nouvelles", default=None)  # in euros


@dataclass(frozen=True)
class BudgetVote:
    """The deliberation that voted the budget an avenant applies, as the avenant cites it
    (« Vu la délibération n° 2024-512 du Conseil départemental en date du … »)."""

    assembly: str = doc("instance")  # "Conseil départemental"
    date: date = doc("date")
    number: str | None = doc("numero", default=None)
    subject: str | None = doc("objet", default=None)  # « Budget primitif 2025 »


@dataclass(frozen=True)
class Habilitations:
    """Each party's own authorisation to sign THIS avenant (the convention's do not carry
    over): the association's board, each commune's council, each other party."""

    association: date | None = doc("association", default=None)  # conseil d'administration
    communes: dict[str, date] = doc("communes", default_factory=dict)  # INSEE or name → date
    parties: dict[str, date] = doc("parties", default_factory=dict)  # party key → date

    def commune(self, commune: Commune) -> date | None:
        found = self.communes.get(commune.insee or "") if commune.insee else None
        return found or self.communes.get(str(commune.name))


@dataclass(frozen=True)
class Avenant:
    """An amendment: what it changes replaces, from its signature on, the convention's text."""

    number: int = doc("numero")
    subject: str = doc("objet")
    authorisation: Authorisation = doc("autorisation")
    signature: Signature = doc("signature")
    budget: str | None = doc("budget", default=None)  # the budget vote that produced it
    budget_vote: BudgetVote | None = doc("vote_budget", default=None)
    habilitations: Habilitations = doc("habilitations", default_factory=Habilitations)
    preamble: tuple[str, ...] = doc("preambule", default=())
    # When it takes effect, if not at its signature: a commune joins or leaves from then.
    effect: date | None = doc("date_effet", default=None)
    dotation: DotationChange | None = doc("modifications.dotation", fr="dotation", default=None)
    communes: tuple[Commune, ...] | None = doc(
        "modifications.communes", fr="communes", default=None
    )
    staffing: Staffing | None = doc("modifications.effectifs", fr="effectifs", default=None)
    term: Term | None = doc("modifications.duree", fr="duree", default=None)

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
    departement: Departement = doc("departement.yaml")
    service: Service | None = doc("service")
    association: Association | None = doc("association")
    communes: tuple[Commune, ...] = doc("communes")
    staffing: Staffing | None = doc("effectifs")
    funding: Funding | None = doc("financement")
    term: Term = doc("duree")
    signature: Signature = doc("signature")
    authorisation: Authorisation = doc("autorisation")
    clauses: tuple[Clause, ...] = doc("clauses", default=())
    avenants: tuple[Avenant, ...] = doc("avenants", default=())
    parties: tuple[Party, ...] = doc("parties", default=())
    visas: tuple[str, ...] = doc("visas", default=())  # its own, after the Département's
    preamble: tuple[str, ...] = doc("preambule", default=())
    annexes: tuple[ConventionAnnex, ...] = doc("annexes", default=())
    subject: str | None = doc("objet", default=None)
    # The Département's deliberations it may cite (its timeline looks them up): read
    # with the convention, not written in it.
    register: Register = field(default_factory=Register, compare=False, repr=False)

    @property
    def paying_communes(self) -> tuple[Commune, ...]:
        """The communes that pay a share of the dotation (not those contributing in kind)."""
        return tuple(c for c in self.communes if c.share is not None)

    @property
    def signing_parties(self) -> int:
        """How many parties sign: the Département, the association, communes, the others."""
        return 1 + (self.association is not None) + len(self.communes) + len(self.parties)

    @property
    def slug(self) -> str:
        return self.source.stem

    @property
    @described("calculé : l’exercice du financement, sinon l’année du début", fr="annee")
    def year(self) -> int:
        """The year its documents are named after: the funding's, else the term's start."""
        return self.funding.year if self.funding is not None else self.term.start.year

    @property
    @described("calculé : le nom du service, sinon l’objet, sinon le nom du fichier", fr="nom")
    def name(self) -> str:
        """What the convention is called in titles: its service, its subject, its file."""
        if self.service is not None:
            return self.service.name
        return self.subject or self.slug
