"""A convention's life as one timeline: who authorised each act and when, when it could be
signed, when it was signed, what it carries out, when it takes effect.

Each act of the convention — the convention itself, then each avenant — is a ``Stage``:
its signature; each party's authorisation to sign it (the Département's deliberation as
the act cites it, the association's board, each commune's council, each other party's;
for an avenant, its own ``habilitations``); what it carries out (the budget vote a
financial avenant applies, the convention an avenant amends); when it takes effect and
ends. The Département's deliberation is looked up in the convention's register
(``docgen.kinds.register``): its date, its transmission to the prefect and its
publication, hence the day it became enforceable (CGCT L3131-1).

The timeline states; the rules of the convention and avenant kinds judge it. The data
holds no date of notification: the timeline has none. Communes' deliberations carry no
transmission dates either: their enforceability (CGCT L2131-1) is not known here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from docgen.core.french import date_long, de
from docgen.core.source import FieldPath
from docgen.kinds.common import ASSEMBLIES, Authorisation
from docgen.kinds.convention.model import Avenant, Convention
from docgen.kinds.convention.split import term_end
from docgen.kinds.register import Decision


class Step(enum.Enum):
    """What happens on a day of the convention's life."""

    BUDGET_VOTE = "vote du budget"
    AUTHORISATION = "autorisation"
    TRANSMISSION = "transmission au contrôle de légalité"
    PUBLICATION = "publication"
    SIGNATURE = "signature"
    EFFECT = "prise d'effet"
    END = "fin"


@dataclass(frozen=True)
class Event:
    """One dated event, and where its date is written."""

    day: date
    step: Step
    act: int  # 0: the convention; n: its avenant n° n
    what: str  # French, as a finding names it: « la délibération du conseil municipal de Carvin »
    where: FieldPath = ()  # the date's field in the convention's file; () when elsewhere
    origin: str = ""  # the other file that gives the date, when ``where`` is ()

    @property
    def stated(self) -> str:
        """« la délibération du conseil municipal de Carvin du 27 novembre 2023 »."""
        return f"{self.what} du {date_long(self.day)}"


@dataclass(frozen=True)
class Citation:
    """The Département's deliberation as an act cites it, and what the register knows."""

    number: str | None
    day: date | None  # as the act cites it
    assembly: str
    where: FieldPath  # the act's ``autorisation``
    decision: Decision | None  # found in the register
    searched: bool  # False: there was no register to look in

    @property
    def absent(self) -> bool:
        """Cited by number, and neither a file of the repository nor declared external."""
        return self.number is not None and self.decision is None and self.searched

    @property
    def date(self) -> date | None:
        """Its date: as cited, else as the register gives it."""
        if self.day is not None:
            return self.day
        return self.decision.date if self.decision is not None else None

    @property
    def what(self) -> str:
        """« la délibération n° 2023-601 de la Commission permanente »."""
        number = f" n° {self.number}" if self.number else ""
        return f"la délibération{number} {ASSEMBLIES.get(self.assembly, self.assembly)}"


@dataclass(frozen=True)
class Basis:
    """What an act carries out: the budget vote a financial avenant applies, the
    convention an avenant amends (its signature)."""

    event: Event
    relation: str  # after « antérieure » : « au vote du budget qu'il applique »


@dataclass(frozen=True)
class Stage:
    """One act of the convention's life: the convention itself, or one avenant."""

    act: int  # 0: the convention; n: its avenant n° n
    label: str  # « la convention », « l'avenant n° 2 »
    signature: Event | None
    citation: Citation
    authorisations: tuple[Event, ...]  # each party's, when dated; the Département's first
    bases: tuple[Basis, ...] = ()  # what it carries out
    effect: Event | None = None
    end: Event | None = None

    def agreed(self, participle: str) -> str:
        """« signée » for the convention, « signé » for an avenant."""
        return participle + ("e" if self.act == 0 else "")

    @property
    def enforceable(self) -> date | None:
        """When the Département's deliberation authorising it became enforceable."""
        decision = self.citation.decision
        return decision.enforceable if decision is not None else None

    @property
    def events(self) -> tuple[Event, ...]:
        """This act's own events: its authorisations, the transmission and publication of
        the Département's deliberation, its signature, its effect and end."""
        found = [*self.authorisations, *_decision_events(self)]
        found += [e for e in (self.signature, self.effect, self.end) if e is not None]
        found += [b.event for b in self.bases if b.event.act == self.act]
        return tuple(found)


@dataclass(frozen=True)
class Timeline:
    """The convention's acts, in order: the convention, then its avenants."""

    stages: tuple[Stage, ...]

    @property
    def events(self) -> tuple[Event, ...]:
        """Every dated event of the convention's life, by date, then act (in the order each
        act states them)."""
        found = [e for stage in self.stages for e in stage.events]
        return tuple(sorted(found, key=lambda e: (e.day, e.act)))


def timeline(convention: Convention) -> Timeline:
    first = _convention_stage(convention)
    stages = [first]
    for index, avenant in enumerate(convention.avenants):
        stages.append(_avenant_stage(convention, index, avenant, first))
    return Timeline(tuple(stages))


def _citation(convention: Convention, authorisation: Authorisation, where: FieldPath) -> Citation:
    register = convention.register
    number = authorisation.number
    decision = register.find(number, authorisation.date) if number else None
    return Citation(
        number,
        authorisation.date,
        authorisation.assembly,
        (*where, "autorisation"),
        decision,
        register.searched,
    )


def _departement(citation: Citation, act: int) -> list[Event]:
    """The Département's authorisation, dated as cited, else as its register gives it."""
    if citation.day is not None:
        where: FieldPath = (*citation.where, "date")
        return [Event(citation.day, Step.AUTHORISATION, act, citation.what, where)]
    decision = citation.decision
    if decision is not None and decision.date is not None:
        return [
            Event(decision.date, Step.AUTHORISATION, act, citation.what, origin=decision.origin)
        ]
    return []


def _convention_stage(convention: Convention) -> Stage:
    citation = _citation(convention, convention.authorisation, ())
    found = _departement(citation, 0)
    association = convention.association
    if association is not None and association.board_resolution is not None:
        found.append(
            Event(
                association.board_resolution,
                Step.AUTHORISATION,
                0,
                "la délibération du conseil d'administration de l'association",
                ("association", "deliberation_ca"),
            )
        )
    for index, commune in enumerate(convention.communes):
        if commune.council_resolution is not None:
            found.append(
                Event(
                    commune.council_resolution,
                    Step.AUTHORISATION,
                    0,
                    f"la délibération du conseil municipal {de(commune.name)}",
                    ("communes", index, "deliberation_conseil"),
                )
            )
    for index, party in enumerate(convention.parties):
        if party.resolution is not None:
            found.append(
                Event(
                    party.resolution,
                    Step.AUTHORISATION,
                    0,
                    f"l'autorisation de {party.name}",
                    ("parties", index, "deliberation"),
                )
            )
    signed = convention.signature.date
    term = convention.term
    last = term_end(term)  # None past the calendar (9999-12-31): date-plausible says so
    end = None
    if last is not None and term.end is not None:
        end = Event(last, Step.END, 0, "la fin de la convention", ("duree", "fin"))
    elif last is not None:
        end = Event(last, Step.END, 0, "la fin de la convention (calculée)", ("duree",))
    return Stage(
        act=0,
        label="la convention",
        signature=Event(
            signed, Step.SIGNATURE, 0, "la signature de la convention", ("signature", "date")
        )
        if signed is not None
        else None,
        citation=citation,
        authorisations=tuple(found),
        effect=Event(
            term.start, Step.EFFECT, 0, "la prise d'effet de la convention", ("duree", "debut")
        ),
        end=end,
    )


def _avenant_stage(convention: Convention, index: int, avenant: Avenant, first: Stage) -> Stage:
    act = index + 1
    where: FieldPath = ("avenants", index)
    own: FieldPath = (*where, "habilitations")
    citation = _citation(convention, avenant.authorisation, where)
    found = _departement(citation, act)
    habilitations = avenant.habilitations
    if habilitations.association is not None:
        found.append(
            Event(
                habilitations.association,
                Step.AUTHORISATION,
                act,
                "la délibération du conseil d'administration de l'association",
                (*own, "association"),
            )
        )
    # The communes and parties as this avenant leaves them (it may bring a commune in).
    communes = [*convention.communes]
    for earlier in convention.avenants[:act]:
        communes += earlier.communes or ()
    names = {key: str(c.name) for c in communes for key in (c.insee, str(c.name)) if key}
    for key, day in habilitations.communes.items():
        found.append(
            Event(
                day,
                Step.AUTHORISATION,
                act,
                f"la délibération du conseil municipal {de(names.get(key, key))}",
                (*own, "communes", key),
            )
        )
    parties = {p.key: p.name for p in convention.parties}
    for key, day in habilitations.parties.items():
        found.append(
            Event(
                day,
                Step.AUTHORISATION,
                act,
                f"l'autorisation de {parties.get(key, key)}",
                (*own, "parties", key),
            )
        )
    label = f"l'avenant n° {avenant.number}"
    bases = []
    vote = avenant.budget_vote
    if vote is not None:
        number = f" (délibération n° {vote.number})" if vote.number else ""
        bases.append(
            Basis(
                Event(
                    vote.date,
                    Step.BUDGET_VOTE,
                    act,
                    f"le vote du budget{number}",
                    (*where, "vote_budget", "date"),
                ),
                "au vote du budget qu'il applique",
            )
        )
    if first.signature is not None:
        bases.append(Basis(first.signature, "à la signature de la convention qu'il modifie"))
    signed = avenant.signature.date
    return Stage(
        act=act,
        label=label,
        signature=Event(
            signed, Step.SIGNATURE, act, f"la signature de {label}", (*where, "signature", "date")
        )
        if signed is not None
        else None,
        citation=citation,
        authorisations=tuple(found),
        bases=tuple(bases),
        effect=_avenant_effect(avenant, act, label, where),
    )


def _avenant_effect(avenant: Avenant, act: int, label: str, where: FieldPath) -> Event | None:
    """When the avenant takes effect: its date d'effet, else the start of the term it sets
    (else at its signature)."""
    if avenant.effect is not None:
        what = f"la prise d'effet de {label}"
        return Event(avenant.effect, Step.EFFECT, act, what, (*where, "date_effet"))
    if avenant.term is not None:
        what = f"la nouvelle durée fixée par {label}"
        return Event(
            avenant.term.start, Step.EFFECT, act, what, (*where, "modifications", "duree", "debut")
        )
    return None


def _decision_events(stage: Stage) -> list[Event]:
    decision = stage.citation.decision
    if decision is None:
        return []
    what = f"de {stage.citation.what}"
    found: list[Event] = []
    for step, day in ((Step.TRANSMISSION, decision.sent), (Step.PUBLICATION, decision.published)):
        if day is not None:
            found.append(
                Event(day, step, stage.act, f"la {step.value} {what}", origin=decision.origin)
            )
    return found
