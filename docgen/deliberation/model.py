"""A deliberation as data: who sat, how they voted, and which contracts it covers.

A deliberation names the contracts it covers (``Reference``); it never copies them.
``docgen.deliberation.resolve`` turns the references into ``Covered`` items: the checked
convention, and which of its versions (the convention as signed, or one avenant).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from docgen.compute import consolidate
from docgen.core.source import FieldPath
from docgen.model import Authorisation, Convention, Departement, Person, Signature


@dataclass(frozen=True)
class VoteLine:
    """A number of votes (or of members), with the political groups it came from."""

    count: int
    groups: tuple[str, ...] = ()

    @property
    def in_brackets(self) -> str:
        """« (Groupe A ; Groupe B) » after the count, or nothing."""
        return f" ({' ; '.join(self.groups)})" if self.groups else ""


@dataclass(frozen=True)
class Vote:
    yes: VoteLine
    no: VoteLine
    abstentions: VoteLine
    not_taking_part: VoteLine | None = None  # present or represented, but not voting
    absent_without_proxy: VoteLine | None = None
    present: int | None = None  # present at the time of the vote, when it differs from the list
    proxies: int | None = None  # proxies at the time of the vote, when not (or not all) listed

    @property
    def voters(self) -> int:
        """Votants: pour + contre + abstention."""
        return self.yes.count + self.no.count + self.abstentions.count

    @property
    def cast(self) -> int:
        """Suffrages exprimés: abstentions are not votes cast."""
        return self.yes.count + self.no.count

    @property
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
    name: str  # "2e commission « Solidarités humaines »"
    date: datetime.date


@dataclass(frozen=True)
class Signatory:
    """Who signs by delegation: « Pour le Président …, La Directrice générale des services »."""

    title: tuple[str, ...]  # one printed line each
    name: str


@dataclass(frozen=True)
class Deliberation:
    source: Path
    number: str  # "2023-601"
    assembly: str  # "Commission permanente" or "Conseil départemental"
    date: datetime.date  # of the meeting
    subject: str
    attendance: Attendance
    vote: Vote
    place: str
    report: str | None = None
    classification: str | None = None
    president: Person | None = None  # None: the Département's president
    secretary: str | None = None
    committee: Committee | None = None
    visas: tuple[str, ...] = ()
    approves_model: bool = False
    references: tuple[Reference, ...] = ()
    budget: str | None = None
    sent: datetime.date | None = None  # to the contrôle de légalité
    published: datetime.date | None = None
    signatory: Signatory | None = None


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
