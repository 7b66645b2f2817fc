"""Turn a schema-valid deliberation file into the typed ``Deliberation``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docgen.core.kind import Reading
from docgen.kinds.common import Person, optional_decimal
from docgen.kinds.deliberation.model import (
    DECISION_VERBS,
    AnnexKind,
    AnnexRequest,
    Attendance,
    Checked,
    Commitment,
    Committee,
    DecisionRequest,
    Deliberation,
    Proxy,
    Reference,
    Report,
    ReportParagraph,
    Signatory,
    Vote,
    VoteLine,
)
from docgen.kinds.deliberation.plan import ANNEXES, plan
from docgen.kinds.deliberation.resolve import resolve
from docgen.kinds.departement import Departement

# ``annexes:`` items written as a word, and the object keys naming an annex's kind.
_ANNEX_WORDS = {
    "projet_type": AnnexKind.MODEL,
    "projets_avenants": AnnexKind.AVENANT,
    "annexe_financiere": AnnexKind.FINANCIAL,
    "liste": AnnexKind.LIST,
}
_ANNEX_KEYS = {
    "convention": AnnexKind.CONVENTION,
    "annexe_financiere": AnnexKind.FINANCIAL,
    "liste": AnnexKind.LIST,
    "document": AnnexKind.DOCUMENT,
}


def read_deliberation(reading: Reading) -> Checked | None:
    """The deliberation, with the contracts it covers resolved and checked."""
    departement = reading.governor
    if not isinstance(departement, Departement):
        return None  # the Département's file is wrong: its own findings say why
    deliberation = _deliberation(reading.path, reading.doc.data)
    covered = resolve(reading, deliberation, departement.source)
    planned = plan(deliberation, covered, departement)
    if not reading.violations:  # what it covers is wrong: its findings say why, alone
        for violation in planned.violations:
            reading.report(ANNEXES, violation)
    return Checked(
        deliberation,
        departement,
        tuple(covered),
        tuple(planned.annexes),
        tuple(planned.decisions),
    )


def _deliberation(source: Path, data: dict[str, Any]) -> Deliberation:
    president = data.get("president")
    committee = data.get("commission")
    transmission = data.get("transmission") or {}
    signatory = data["signature"].get("signataire")
    return Deliberation(
        source=source,
        number=str(data["numero"]),
        assembly=data["instance"],
        date=date.fromisoformat(data["date"]),
        subject=data["objet"],
        attendance=_attendance(data),
        vote=_vote(data["vote"]),
        place=data["signature"].get("lieu"),
        report=_report(data.get("rapport")),
        classification=str(data["classification"]) if data.get("classification") else None,
        president=Person(president["civilite"], president["prenom"], president["nom"])
        if president
        else None,
        secretary=data.get("secretaire"),
        committee=Committee(committee["nom"], date.fromisoformat(committee["date"]))
        if committee
        else None,
        visas=tuple(data.get("visas") or ()),
        recitals=tuple(data.get("considerants") or ()),
        approves_model=data.get("approuve_modele") is True,
        references=tuple(_reference(item, index) for index, item in _items(data, "conventions")),
        annex_requests=tuple(_annex(item, index) for index, item in _items(data, "annexes"))
        if "annexes" in data
        else None,
        decision_requests=tuple(_decision(item, index) for index, item in _items(data, "decision"))
        if "decision" in data
        else None,
        budget=data.get("budget"),
        sent=_date(transmission.get("envoi")),
        published=_date(transmission.get("publication")),
        signatory=Signatory(tuple(signatory["qualite"].splitlines()), signatory["nom"])
        if signatory
        else None,
        convocation=_date(data.get("convocation")),
        acknowledgement=transmission.get("accuse"),
        received=_date(transmission.get("reception")),
        quorum_verified=data.get("quorum_verifie") is True,
        signed=data["signature"].get("mode"),
        proxies_per_member=int(data.get("pouvoirs_par_membre") or 1),
        notes=tuple(data.get("deroulement") or ()),
    )


def _attendance(data: dict[str, Any]) -> Attendance:
    return Attendance(
        present=tuple(data["presents"]),
        excused=tuple(data.get("excuses") or ()),
        absent=tuple(data.get("absents") or ()),
        without_vote=tuple(data.get("sans_voix_deliberative") or ()),
        proxies=tuple(Proxy(p["mandant"], p["mandataire"]) for p in data.get("pouvoirs") or ()),
        in_office=_int(data.get("membres_en_exercice")),
    )


def _vote(data: dict[str, Any]) -> Vote:
    return Vote(
        yes=_line(data["pour"]),
        no=_line(data["contre"]),
        abstentions=_line(data["abstention"]),
        not_taking_part=_line(data["ne_prennent_pas_part"])
        if data.get("ne_prennent_pas_part")
        else None,
        absent_without_proxy=_line(data["absents_sans_delegation"])
        if data.get("absents_sans_delegation")
        else None,
        present=_int(data.get("presents")),
        proxies=_int(data.get("procurations")),
    )


def _line(data: dict[str, Any]) -> VoteLine:
    return VoteLine(int(data["nombre"]), tuple(data.get("groupes") or ()))


def _items(data: dict[str, Any], key: str) -> list[tuple[int, Any]]:
    return list(enumerate(data.get(key) or ()))


def _reference(item: str | dict[str, Any], index: int) -> Reference:
    where = ("conventions", index)
    if isinstance(item, str):
        return Reference(item, None, where)
    return Reference(
        item["service"], _int(item.get("avenant")), where, item.get("designation") or ""
    )


def _report(data: str | int | dict[str, Any] | None) -> Report | None:
    if data is None or data == "":
        return None
    if not isinstance(data, dict):
        return Report(str(data))
    statement = tuple(
        ReportParagraph(items=tuple(p)) if isinstance(p, list) else ReportParagraph(text=p)
        for p in data.get("expose") or ()
    )
    commitments = tuple(
        Commitment(
            operation=str(line["operation"]),
            envelope=str(line.get("enveloppe") or ""),
            authorised=optional_decimal(line.get("autorises")),
            contracted=optional_decimal(line.get("deja_contractes")),
            proposed=optional_decimal(line.get("proposes")),
        )
        for line in data.get("engagements") or ()
    )
    return Report(str(data["numero"]), statement, commitments)


def _annex(item: str | dict[str, Any], index: int) -> AnnexRequest:
    where = ("annexes", index)
    if isinstance(item, str):
        kind = _ANNEX_WORDS[item]
        return AnnexRequest(kind, where, every_avenant=item == "projets_avenants")
    name = next((key for key in _ANNEX_KEYS if key in item), None)
    if name is None:
        return AnnexRequest(None, where)  # reported by ``plan``
    kind, value = _ANNEX_KEYS[name], item[name]
    if kind is AnnexKind.DOCUMENT:
        return AnnexRequest(kind, where, title=str(value), key=str(item.get("cle") or ""))
    services = (value,) if isinstance(value, str) else tuple(value or ())
    return AnnexRequest(kind, where, services=services)


def _decision(item: dict[str, Any], index: int) -> DecisionRequest:
    where = ("decision", index)
    verbs = [verb for verb in DECISION_VERBS if verb in item]
    wording = str(item.get("objet") or "")
    if len(verbs) != 1:
        return DecisionRequest("", "", where, wording=wording)
    (verb,) = verbs
    value = item[verb]
    if isinstance(value, list):
        return DecisionRequest(verb, "documents", where, tuple(map(str, value)), wording)
    return DecisionRequest(verb, str(value), where, wording=wording)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
