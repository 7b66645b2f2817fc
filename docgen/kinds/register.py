"""The register of a Département's deliberations, as its contracts cite them.

A convention or an avenant cites the deliberation that authorises its signature by its
number (``autorisation.numero``), or by the report it adopts (the Nord cites
« DGASOL/2022/241 »). The register says what is known of each: from its file in the
Département's ``deliberations/`` folders, or, for a deliberation kept elsewhere, from the
``deliberations_externes`` of its ``departement.yaml``: its date, its transmission to the
prefect and its publication, hence the day it became enforceable (CGCT L3131-1).

A convention reads the register while it is checked, and a deliberation reads the
conventions it covers while it is checked: here the deliberation files are only parsed,
never checked (their own check reports what is wrong with them), so neither waits for
the other. A value that does not parse is simply unknown here.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.core.kind import Others

# The kind whose files are the Département's deliberations (docgen.kinds.deliberation),
# named rather than imported: that kind reads the conventions, not the other way round.
DELIBERATIONS = "deliberation"
# Where a Département declares the deliberations that have no file in the repository.
EXTERNAL_KEY = "deliberations_externes"


@dataclass(frozen=True)
class Decision:
    """One deliberation of the Département, as far as the contracts it authorises care."""

    number: str
    date: datetime.date | None
    sent: datetime.date | None = None  # transmitted to the prefect (contrôle de légalité)
    published: datetime.date | None = None
    assembly: str | None = None  # « Commission permanente »
    report: str | None = None  # the report it adopts, which an act may cite instead
    origin: str = ""  # where it is written, for findings: « deliberations/2025-045.yaml »
    external: bool = False  # declared in departement.yaml, no file in the repository
    named: bool = False  # its file is named after its number

    @property
    def enforceable(self) -> datetime.date | None:
        """The later of transmission and publication (CGCT L3131-1); None until both are
        known."""
        if self.sent is None or self.published is None:
            return None
        return max(self.sent, self.published)

    def cited_as(self, number: str) -> bool:
        return number in (self.number, self.report)


@dataclass(frozen=True)
class Register:
    """The deliberations a contract of the Département may cite."""

    decisions: tuple[Decision, ...] = ()
    # False when no kind of file holds deliberations (a registry without them): what is
    # not in the register is then unknown, not absent.
    searched: bool = False

    def find(self, number: str, day: datetime.date | None = None) -> Decision | None:
        """The deliberation cited as ``number``: a file before a declaration, and among
        files of one number (a copy, a variant), the one named after it, then the one of
        the date cited."""
        found = [d for d in self.decisions if d.cited_as(number)]
        if not found:
            return None
        return min(found, key=lambda d: (d.external, not d.named, d.date != day))


def read_register(others: Others, governor: Path, declared: tuple[Decision, ...] = ()) -> Register:
    """The Département's deliberation files (``governor`` is its departement.yaml), then
    the ones it declares external. Each file read is noted: a deliberation added or
    changed makes the contracts that read the register be checked again."""
    kind = others.kind_named(DELIBERATIONS)
    if kind is None:
        return Register(declared)
    decisions = []
    for path in others.files_of(kind, governor):
        decision = _decision(others.data(path), path, governor.parent)
        if decision is not None:
            decisions.append(decision)
    return Register((*decisions, *declared), searched=True)


def _decision(data: Any, path: Path, folder: Path) -> Decision | None:
    if not isinstance(data, dict):
        return None
    number = _text(data.get("numero"))
    if number is None:
        return None
    transmission = data.get("transmission")
    if not isinstance(transmission, dict):
        transmission = {}
    try:
        origin = path.relative_to(folder).as_posix()
    except ValueError:
        origin = path.name
    return Decision(
        number=number,
        date=day(data.get("date")),
        sent=day(transmission.get("envoi")),
        published=day(transmission.get("publication")),
        assembly=_text(data.get("instance")),
        report=_text(data.get("rapport")),
        origin=origin,
        named=path.stem == number,
    )


def declared(data: Any, index: int) -> Decision:
    """One entry of ``deliberations_externes`` (schema-valid)."""
    return Decision(
        number=str(data["numero"]),
        date=day(data.get("date")),
        sent=day(data.get("transmission")),
        published=day(data.get("publication")),
        origin=f"departement.yaml, {EXTERNAL_KEY}[{index}]",
        external=True,
    )


def day(value: object) -> datetime.date | None:
    """A date of a file nobody validated here: None unless it is one."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
