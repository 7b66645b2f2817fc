"""A deliberation as data: who sat, how they voted, what it decides, which contracts it
covers and which annexes it has.

A deliberation names the contracts it covers (``Reference``); it never copies them.
``docgen.deliberation.resolve`` turns the references into ``Covered`` items: the checked
convention, and which of its versions (the convention as signed, or one avenant).
What it decides (``DecisionRequest``) and what it annexes (``AnnexRequest``) are written
in its file, or derived from what it explicitly approves; ``docgen.deliberation.plan``
numbers them and checks that each decision cites the annexes that hold what it approves.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from docgen.core.context import described, doc
from docgen.core.source import FieldPath
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.common import Authorisation, Person, Signature
from docgen.kinds.convention.model import Convention
from docgen.kinds.departement import Departement


@dataclass(frozen=True)
class VoteLine:
    """A number of votes (or of members), with the political groups it came from."""

    count: int = doc("nombre")
    groups: tuple[str, ...] = doc("groupes", default=())

    @property
    @described(
        "calculé : « (Groupe A ; Groupe B) » après le nombre, ou rien", fr="entre_parentheses"
    )
    def in_brackets(self) -> str:
        """« (Groupe A ; Groupe B) » after the count, or nothing."""
        return f" ({' ; '.join(self.groups)})" if self.groups else ""


@dataclass(frozen=True)
class Vote:
    yes: VoteLine = doc("pour")
    no: VoteLine = doc("contre")
    abstentions: VoteLine = doc("abstention")
    # Present or represented, but not voting.
    not_taking_part: VoteLine | None = doc("ne_prennent_pas_part", default=None)
    absent_without_proxy: VoteLine | None = doc("absents_sans_delegation", default=None)
    # At the time of the vote, when it differs from the lists.
    present: int | None = doc("presents", default=None)
    proxies: int | None = doc("procurations", default=None)

    @property
    @described("calculé : pour + contre + abstention", fr="votants")
    def voters(self) -> int:
        """Votants: pour + contre + abstention."""
        return self.yes.count + self.no.count + self.abstentions.count

    @property
    @described("calculé : suffrages exprimés (pour + contre)", fr="exprimes")
    def cast(self) -> int:
        """Suffrages exprimés: abstentions are not votes cast."""
        return self.yes.count + self.no.count

    @property
    @described("calculé : majorité absolue des suffrages exprimés", fr="majorite")
    def majority(self) -> int:
        """Majorité absolue des suffrages exprimés."""
        return self.cast // 2 + 1

    @property
    def adopted(self) -> bool:
        return self.yes.count > self.no.count


@dataclass(frozen=True)
class Proxy:
    """« X donne pouvoir à Y »."""

    giver: str = doc("mandant")
    holder: str = doc("mandataire")


@dataclass(frozen=True)
class Attendance:
    present: tuple[str, ...] = doc("presents")
    excused: tuple[str, ...] = doc("excuses", default=())
    absent: tuple[str, ...] = doc("absents", default=())
    # excusés sans voix délibérative
    without_vote: tuple[str, ...] = doc("sans_voix_deliberative", default=())
    proxies: tuple[Proxy, ...] = doc("pouvoirs", default=())
    # as the deliberation states it
    in_office: int | None = doc("membres_en_exercice", default=None)

    @property
    def members(self) -> frozenset[str]:
        """Everyone the deliberation names: present, represented, excused, absent."""
        givers = {p.giver for p in self.proxies}
        return frozenset({*self.present, *givers, *self.excused, *self.absent, *self.without_vote})

    @property
    def voting_members(self) -> frozenset[str]:
        """Members with a deliberative vote, whether present or not."""
        return self.members - set(self.without_vote)


@dataclass(frozen=True)
class Reference:
    """A contract the deliberation covers: a convention file, or one of its avenants."""

    service: str  # the convention's file name without .yaml
    avenant: int | None
    where: FieldPath  # in the deliberation file
    designation: str = ""  # how the act names it: « l'engagement pour le Bassin minier »


class AnnexKind(enum.Enum):
    """What an annex holds. The values are the words templates compare ``sorte`` with."""

    MODEL = "projet-type"  # the Département's convention template, its blanks visible
    CONVENTION = "convention"  # one convention as it will be signed
    AVENANT = "avenant"  # one projet d'avenant
    FINANCIAL = "annexe-financiere"  # the amounts of some of the acts covered
    LIST = "liste"  # the acts to sign, their parties and signatories
    DOCUMENT = "document"  # supplied by the services (fiches-actions…): not produced


@dataclass(frozen=True)
class AnnexRequest:
    """One item of ``annexes:``, as written (``projets_avenants`` stands for several)."""

    kind: AnnexKind | None  # None: the item names no kind of annex
    where: FieldPath
    services: tuple[str, ...] = ()  # the conventions it holds; () for all those covered
    title: str = ""  # a supplied document's title
    key: str = ""  # a supplied document's key, that decisions cite
    every_avenant: bool = False  # « projets_avenants »: one annex per avenant covered


# What a decision acts on: ``approuver: modele`` → ("approuver", "modele").
DECISION_VERBS = ("approuver", "autoriser", "imputer")
DECISION_TARGETS = ("modele", "conventions", "avenants", "depense", "documents")


@dataclass(frozen=True)
class DecisionRequest:
    """One item of ``decision:``: an article (or an indent) of « DÉCIDE : »."""

    verb: str  # one of DECISION_VERBS
    target: str  # one of DECISION_TARGETS; "documents" when it names supplied documents
    where: FieldPath
    keys: tuple[str, ...] = ()  # the supplied documents it approves
    wording: str = ""  # « les fiches-actions pour 2022 »: how the act names what it approves


@dataclass(frozen=True)
class Commitment:
    """A line of the report's table of financial commitments (« CODE GRAND ANGLE »)."""

    operation: str = doc("operation")
    envelope: str = doc("enveloppe", default="")
    authorised: Decimal | None = doc("autorises", default=None)
    contracted: Decimal | None = doc("deja_contractes", default=None)
    proposed: Decimal | None = doc("proposes", default=None)


@dataclass(frozen=True)
class ReportParagraph:
    """A paragraph of the report's exposé, or a bulleted list."""

    text: str = doc("calculé : le paragraphe (vide pour une liste)", fr="texte", default="")
    items: tuple[str, ...] = doc(
        "calculé : les éléments de la liste à puces (vide pour un paragraphe)",
        fr="liste",
        default=(),
    )


@dataclass(frozen=True)
class Report:
    """The President's report the assembly adopts."""

    number: str = doc("numero")
    statement: tuple[ReportParagraph, ...] = doc("expose", default=())
    commitments: tuple[Commitment, ...] = doc("engagements", default=())


@dataclass(frozen=True)
class Committee:
    name: str = doc("nom")  # "2e commission « Solidarités humaines »"
    date: datetime.date = doc("date")


@dataclass(frozen=True)
class Signatory:
    """Who signs by delegation: « Pour le Président …, La Directrice générale des services »."""

    title: tuple[str, ...] = doc("qualite, une ligne chacune")
    name: str = doc("nom")


@dataclass(frozen=True)
class Deliberation:
    source: Path
    number: str = doc("numero")  # "2023-601"
    assembly: str = doc("instance")  # "Commission permanente" or "Conseil départemental"
    date: datetime.date = doc("date")  # of the meeting
    subject: str = doc("objet")
    # Its lists are the file's top-level keys (presents, excuses, absents, pouvoirs…).
    attendance: Attendance = doc("", fr="presences")
    vote: Vote = doc("vote")
    place: str | None = doc("signature.lieu", fr="lieu")
    report: Report | None = doc("rapport", default=None)
    classification: str | None = doc("classification", default=None)
    # None: the Département's president.
    president: Person | None = doc("president", default=None)
    secretary: str | None = doc("secretaire", default=None)
    committee: Committee | None = doc("commission", default=None)
    visas: tuple[str, ...] = doc("visas", default=())
    recitals: tuple[str, ...] = doc("considerants", default=())
    approves_model: bool = doc("approuve_modele", default=False)
    references: tuple[Reference, ...] = ()
    annex_requests: tuple[AnnexRequest, ...] | None = None  # None: derived (``plan``)
    decision_requests: tuple[DecisionRequest, ...] | None = None  # None: derived
    budget: str | None = doc("budget", default=None)
    sent: datetime.date | None = doc(
        "transmission.envoi", fr="envoi", default=None
    )  # to the prefecture
    published: datetime.date | None = doc(
        "transmission.publication", fr="publication", default=None
    )
    signatory: Signatory | None = doc("signature.signataire", fr="signataire", default=None)
    # Several proxies per member only where a law allowed it (2 until 31 July 2022).
    proxies_per_member: int = doc("pouvoirs_par_membre", default=1)
    notes: tuple[str, ...] = doc("deroulement", default=())  # how the session went
    convocation: datetime.date | None = doc("convocation", default=None)
    acknowledgement: str | None = doc(
        "transmission.accuse", fr="accuse", default=None
    )  # @CTES identifier
    received: datetime.date | None = doc("transmission.reception", fr="reception", default=None)
    quorum_verified: bool = doc("quorum_verifie", default=False)  # as the act states it
    signed: str | None = doc(
        "signature.mode (manuscrite ou electronique)", fr="mode_signature", default=None
    )

    @property
    def enforceable(self) -> datetime.date | None:
        """When the act became enforceable: published and transmitted (CGCT L3131-1), the
        later of the two dates; None until both are known."""
        if self.sent is None or self.published is None:
            return None
        return max(self.sent, self.published)


@dataclass(frozen=True)
class Covered:
    """One document the deliberation authorises: a convention, or one of its avenants."""

    convention: Convention  # checked; with the covered avenant last when it is only planned
    avenant: int | None  # None: the convention itself
    where: FieldPath  # the reference in the deliberation file
    budget_file: Path | None = None  # set when the avenant is planned by a budget not applied
    designation: str = ""  # how the act names it (the reference's ``designation``)
    # The convention's own templates (its ``modeles:``), by template name: an annex that
    # holds it is rendered as its own documents are.
    templates: tuple[tuple[str, str], ...] = ()

    @property
    def planned(self) -> bool:
        return self.budget_file is not None

    def field(self, name: str) -> str:
        """Where a field of this document is written: « elp.yaml : avenants[0].signature.date »."""
        if self.budget_file is not None:
            return f"{self.budget_file.name} : avenants.{name}"
        index = f"avenants[{self.avenant - 1}]." if self.avenant else ""
        return f"{self.convention.source.name} : {index}{name}"

    @property
    def version(self) -> Convention:
        """The convention as this document leaves it: as signed, or as amended up to it."""
        return consolidate(self.convention, self.avenant or 0)

    @property
    def previous(self) -> Convention | None:
        """For an avenant, the version it amends."""
        return consolidate(self.convention, self.avenant - 1) if self.avenant else None

    @property
    def signature(self) -> Signature:
        if self.avenant:
            return self.convention.avenants[self.avenant - 1].signature
        return self.convention.signature

    @property
    def authorisation(self) -> Authorisation:
        if self.avenant:
            return self.convention.avenants[self.avenant - 1].authorisation
        return self.convention.authorisation

    @property
    def label(self) -> str:
        """« la convention elp », « l'avenant n° 1 à la convention elp » (for findings)."""
        if self.avenant is None:
            return f"la convention {self.convention.slug}"
        planned = " (prévu par le vote du budget)" if self.planned else ""
        return f"l'avenant n° {self.avenant} à la convention {self.convention.slug}{planned}"

    def agreed(self, participle: str) -> str:
        """« signée » for a convention, « signé » for an avenant."""
        return participle + ("e" if self.avenant is None else "")


@dataclass(frozen=True)
class PlannedAnnex:
    """An annex, numbered: what it holds, and which of the covered acts."""

    number: int
    kind: AnnexKind
    covered: tuple[int, ...] = ()  # indexes in Checked.covered
    title: str = ""  # a supplied document's
    key: str = ""  # a supplied document's


@dataclass(frozen=True)
class PlannedDecision:
    """An article of the decision, numbered, with the acts it concerns and the annexes
    that hold them."""

    number: int
    verb: str
    target: str
    covered: tuple[int, ...] = ()  # indexes in Checked.covered
    annexes: tuple[int, ...] = ()  # the annexes that hold what it approves or authorises
    financial: tuple[int, ...] = ()  # the financial annexes of its acts
    lists: tuple[int, ...] = ()  # the lists of acts to sign that name its acts
    wording: str = ""


@dataclass(frozen=True)
class Checked:
    """A deliberation that passed its checks, with what it covers, in its order, its
    annexes and its decision."""

    deliberation: Deliberation
    departement: Departement
    covered: tuple[Covered, ...]
    annexes: tuple[PlannedAnnex, ...] = ()
    decisions: tuple[PlannedDecision, ...] = ()

    @property
    def conventions(self) -> tuple[Covered, ...]:
        return tuple(c for c in self.covered if c.avenant is None)

    @property
    def avenants(self) -> tuple[Covered, ...]:
        return tuple(c for c in self.covered if c.avenant is not None)

    @property
    def members_in_office(self) -> int | None:
        stated = self.deliberation.attendance.in_office
        if stated is not None:
            return stated
        return self.departement.members_in_office.get(self.deliberation.assembly)
