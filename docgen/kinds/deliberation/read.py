"""Turn a schema-valid deliberation file into the typed ``Deliberation``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from docgen.core.workspace import Reading
from docgen.kinds.common import Person
from docgen.kinds.deliberation.model import (
    Attendance,
    Checked,
    Committee,
    Deliberation,
    Proxy,
    Reference,
    Signatory,
    Vote,
    VoteLine,
)
from docgen.kinds.deliberation.resolve import resolve
from docgen.kinds.departement import Departement


def read_deliberation(reading: Reading) -> Checked | None:
    """The deliberation, with the contracts it covers resolved and checked."""
    departement = reading.governor
    if not isinstance(departement, Departement):
        return None  # the Département's file is wrong: its own findings say why
    deliberation = _deliberation(reading.path, reading.doc.data)
    covered = resolve(reading, deliberation, departement.source)
    return Checked(deliberation, departement, tuple(covered))


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
        report=str(data["rapport"]) if data.get("rapport") else None,
        classification=str(data["classification"]) if data.get("classification") else None,
        president=Person(president["civilite"], president["prenom"], president["nom"])
        if president
        else None,
        secretary=data.get("secretaire"),
        committee=Committee(committee["nom"], date.fromisoformat(committee["date"]))
        if committee
        else None,
        visas=tuple(data.get("visas") or ()),
        approves_model=data.get("approuve_modele") is True,
        references=tuple(_reference(item, index) for index, item in _items(data, "conventions")),
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
    return Reference(item["service"], _int(item.get("avenant")), where)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
