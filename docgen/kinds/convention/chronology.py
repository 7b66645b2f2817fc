"""The order of a convention's dates, read from its timeline: each act is signed after
every party's authorisation, once the Département's deliberation is enforceable; each
authorisation follows what the act carries out; the deliberation cited is known.

The convention kind's rules read the convention's own stage, or every stage for what is
the same for every act (the Département's deliberation); the avenant kind's read the
avenants' stages. Each finding is placed at a date of the convention's file and names
both dates: a signature too early at the signature's date, an authorisation too early at
the authorisation's.

Dates given on both sides are an error, with or without --pour-signature: a date of
signature before an authorisation is wrong whether the act is signed (it must be signed
again) or planned (the date must move).
"""

from __future__ import annotations

from collections.abc import Iterator

from docgen.core.findings import field_path
from docgen.core.french import date_long
from docgen.core.rules import Violation
from docgen.kinds.convention.model import Convention
from docgen.kinds.convention.timeline import Event, Stage, timeline
from docgen.kinds.register import EXTERNAL_KEY


def _at(event: Event) -> str:
    """Where a date is written, for a message about another field."""
    return field_path(event.where) if event.where else event.origin


def signed_before_authorisations(stage: Stage) -> Iterator[Violation]:
    """An act is signed on or after each party's authorisation to sign it."""
    signature = stage.signature
    if signature is None:
        return
    for authorisation in stage.authorisations:
        if authorisation.day > signature.day:
            yield Violation(
                signature.where,
                f"{stage.label} est {stage.agreed('signé')} le {date_long(signature.day)}, "
                f"avant {authorisation.stated} ({_at(authorisation)}) qui l'autorise",
                "chaque partie signe après la délibération qui l'y autorise : corrigez la date "
                "de signature, ou celle de la délibération",
            )


def authorised_before_bases(stage: Stage) -> Iterator[Violation]:
    """Each authorisation of an act follows what the act carries out: the budget vote a
    financial avenant applies, the signature of the convention an avenant amends."""
    for authorisation in stage.authorisations:
        for basis in stage.bases:
            event = basis.event
            if authorisation.day < event.day:
                where = authorisation.where or (*stage.citation.where, "numero")
                yield Violation(
                    where,
                    f"{authorisation.stated}, qui autorise {stage.label}, est antérieure "
                    f"{basis.relation}, le {date_long(event.day)} ({_at(event)})",
                    "une partie autorise un avenant après ce qu'il met en œuvre : corrigez la "
                    "date, ou faites délibérer à nouveau",
                )


def signed_before_enforceable(stage: Stage) -> Iterator[Violation]:
    """An act is signed once the Département's deliberation authorising it is enforceable:
    transmitted to the prefect and published (CGCT L3131-1)."""
    signature, decision = stage.signature, stage.citation.decision
    enforceable = stage.enforceable
    if signature is None or decision is None or enforceable is None:
        return
    vote = stage.citation.date
    if vote is not None and signature.day < vote:
        return  # signed before the vote itself: signature-dates / avenant-dates say so
    if signature.day < enforceable:
        assert decision.sent is not None and decision.published is not None
        yield Violation(
            signature.where,
            f"{stage.label} est {stage.agreed('signé')} le {date_long(signature.day)}, avant "
            f"que {stage.citation.what} soit exécutoire, le {date_long(enforceable)} "
            f"(transmission au contrôle de légalité le {date_long(decision.sent)}, publication "
            f"le {date_long(decision.published)} : {decision.origin} ; CGCT L3131-1)",
            "un acte se signe quand la délibération qui l'autorise est transmise au préfet et "
            "publiée : reportez la date de signature",
        )


def cited_but_absent(stage: Stage, departement: str) -> Iterator[Violation]:
    """The deliberation an act cites is a file of the repository, or declared external."""
    citation = stage.citation
    if not citation.absent:
        return
    signed = stage.signature
    when = (
        f" : rien ne dit qu'elle était exécutoire quand {stage.label} a été "
        f"{stage.agreed('signé')}, le {date_long(signed.day)}"
        if signed is not None
        else ""
    )
    yield Violation(
        (*citation.where, "numero"),
        f"{citation.what}, qui autorise {stage.label}, n'est pas dans le dépôt (aucun fichier "
        f"dans {departement}/deliberations/, ni dans {EXTERNAL_KEY} du departement.yaml){when}",
        f"ajoutez son fichier dans {departement}/deliberations/, ou déclarez-la dans "
        f"departement.yaml : {EXTERNAL_KEY}: [{{numero: {citation.number}, date: …, "
        "transmission: …, publication: …}]",
    )


def cited_otherwise(stage: Stage) -> Iterator[Violation]:
    """An act cites its deliberation by the date and the assembly its file gives."""
    citation, decision = stage.citation, stage.citation.decision
    if decision is None:
        return
    if citation.day is not None and decision.date is not None and citation.day != decision.date:
        yield Violation(
            (*citation.where, "date"),
            f"{stage.label} cite {citation.what} du {date_long(citation.day)}, mais "
            f"{decision.origin} la date du {date_long(decision.date)}",
            "recopiez la date de la délibération (ou citez la bonne délibération)",
        )
    if decision.assembly is not None and citation.assembly != decision.assembly:
        yield Violation(
            (*citation.where, "instance"),
            f"{stage.label} cite la délibération n° {citation.number} de l'instance "
            f"« {citation.assembly} », mais {decision.origin} est de l'instance "
            f"« {decision.assembly} »",
            "recopiez l'instance de la délibération (ou citez la bonne délibération)",
        )


def not_yet_enforceable(stage: Stage) -> Iterator[Violation]:
    """Before signing, the deliberation authorising the act must be enforceable."""
    citation, decision = stage.citation, stage.citation.decision
    if decision is None or decision.enforceable is not None:
        return
    missing = [
        what
        for what, day in (
            ("sa date de transmission au contrôle de légalité", decision.sent),
            ("sa date de publication", decision.published),
        )
        if day is None
    ]
    if decision.external:
        fill = f"renseignez transmission et publication dans {EXTERNAL_KEY} du departement.yaml"
    else:
        fill = f"renseignez transmission.envoi et transmission.publication dans {decision.origin}"
    yield Violation(
        (*citation.where, "numero"),
        f"{citation.what}, qui autorise {stage.label}, n'est pas encore exécutoire (CGCT "
        f"L3131-1) : {' et '.join(missing)} manque{'nt' if len(missing) > 1 else ''} "
        f"({decision.origin})",
        f"{fill} une fois la délibération transmise et publiée ; {stage.label} ne se signe "
        "qu'ensuite",
    )


# -- the convention kind's rules ---------------------------------------------------------


def signature_dates(convention: Convention) -> Iterator[Violation]:
    yield from signed_before_authorisations(timeline(convention).stages[0])


def enforceable(convention: Convention) -> Iterator[Violation]:
    for stage in timeline(convention).stages:
        yield from signed_before_enforceable(stage)


def absent(convention: Convention) -> Iterator[Violation]:
    for stage in timeline(convention).stages:
        yield from cited_but_absent(stage, convention.departement.slug)


def mismatch(convention: Convention) -> Iterator[Violation]:
    for stage in timeline(convention).stages:
        yield from cited_otherwise(stage)
