"""A toy kind, declared outside docgen: a one-page letter notifying each commune of its
convention. It proves that a kind is one folder plus one registry line (tests/test_kinds.py).

Its files are ``notifications/<name>.yaml`` beside a Département's conventions::

    convention: alaj              # the convention's file name
    date: 2024-02-01              # the letter's date
    objet: Notification de la convention de prévention spécialisée
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from docgen.core.context import doc
from docgen.core.findings import Severity
from docgen.core.kind import (
    Files,
    Kind,
    Output,
    OutputOptions,
    Properties,
    Reading,
    Run,
    Template,
    WordDocument,
)
from docgen.core.rules import Rule, Violation
from docgen.kinds import convention as convention_kind
from docgen.kinds.common import Officer, officer
from docgen.kinds.convention.model import Commune, Convention

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Notification:
    source: Path
    convention: Convention
    day: date
    subject: str


@dataclass(frozen=True)
class LetterContext:
    commune: Commune = doc("communes[] de la convention", fr="commune")
    mayor: Officer = doc("communes[].maire", fr="maire")
    service: str = doc("service.nom de la convention", fr="service")
    departement: str = doc("calculé : « Département du … »", fr="departement")
    day: date = doc("date")
    subject: str = doc("objet")


def read(reading: Reading) -> Notification | None:
    data = reading.doc.data
    governor = reading.governor
    if governor is None:
        return None
    conventions = reading.others.files_of(convention_kind.KIND, governor.source)
    path = next((p for p in conventions if p.stem == data["convention"]), None)
    if path is None:
        reading.report(
            "notification-convention",
            Violation(("convention",), f"aucune convention « {data['convention']} »"),
        )
        return None
    convention = reading.others.model(path)
    if convention is None:
        return None
    return Notification(reading.path, convention, date.fromisoformat(data["date"]), data["objet"])


def _after_signature(notification: Notification) -> Iterator[Violation]:
    signed = notification.convention.signature.date
    if signed is not None and notification.day < signed:
        yield Violation(
            ("date",),
            f"la lettre ({notification.day.isoformat()}) précède la signature "
            f"({signed.isoformat()})",
            "datez la lettre après la signature de la convention",
        )


TEMPLATE = Template("notification", LetterContext, "Lettre de notification", folder=HERE)


def outputs(notification: Notification, options: OutputOptions, run: Run) -> Iterator[Output]:
    convention = notification.convention
    dept = convention.departement
    for commune in convention.communes:
        yield WordDocument(
            name=f"{dept.slug}/{dept.slug}_{convention.slug}_notification-{commune.insee}",
            template=TEMPLATE,
            context=LetterContext(
                commune=commune,
                mayor=officer(commune.mayor, "Maire", "Maire"),
                service=convention.service.name,
                departement=dept.full_name,
                day=notification.day,
                subject=notification.subject,
            ),
            properties=Properties(
                notification.subject,
                convention.service.name,
                dept.full_name,
                datetime.combine(notification.day, time(0, 0)),
            ),
            day=notification.day,
            sources=(notification.source, convention.source),
        )


KIND: Kind[Notification] = Kind(
    name="notification",
    label="une lettre de notification",
    files=Files(folder="notifications"),
    schema=HERE / "notification.schema.json",
    read=read,
    rules=(
        Rule(
            "notification-convention",
            "notification",
            Severity.ERROR,
            "la lettre cite une convention existante",
        ),
        Rule(
            "notification-date",
            "notification",
            Severity.ERROR,
            "la lettre est datée après la signature de la convention",
            _after_signature,
        ),
    ),
    templates=(TEMPLATE,),
    outputs=outputs,
)
