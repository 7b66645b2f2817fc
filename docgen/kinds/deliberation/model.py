"""A deliberation as data: who sat, how they voted, and which contracts it covers.

A deliberation names the contracts it covers (``Reference``); it never copies them.
``docgen.deliberation.resolve`` turns the references into ``Covered`` items: the checked
convention, and which of its versions (the convention as signed, or one avenant).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
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

    giver: str
    holder: str


@dataclass(frozen=True)
class Attendance:
    present: tuple[str, ...]
    excused: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    without_vote: tuple[str, ...] = ()  # excusés sans voix délibérative
    proxies: tuple[Proxy, ...] = ()
    in_office: int | None = None  # as the deliberation states it

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
    attendance: Attendance = doc("presents, excuses, absents, pouvoirs…", fr="presences")
    vote: Vote = doc("vote")
    place: str | None = doc("signature.lieu", fr="lieu")
    report: str | None = doc("rapport", default=None)
    classification: str | None = doc("classification", default=None)
    # None: the Département's president.
    president: Person | None = doc("president", default=None)
    secretary: str | None = doc("secretaire", default=None)
    committee: Committee | None = doc("commission", default=None)
    visas: tuple[str, ...] = doc("visas", default=())
    approves_model: bool = doc("approuve_modele", default=False)
    references: tuple[Reference, ...] = ()
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
class Checked:
    """A deliberation that passed its checks, with what it covers, in its order."""

    deliberation: Deliberation
    departement: Departement
    covered: tuple[Covered, ...]

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
