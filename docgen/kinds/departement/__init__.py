"""The Département's file (``departement.yaml``): what its conventions share, and its
settings of docgen's rules. It governs every file in its folder and below."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from docgen.core.findings import Severity
from docgen.core.kind import Files, Kind
from docgen.core.sandbox import DEFAULT, Limits
from docgen.kinds.departement.model import Departement
from docgen.kinds.departement.read import read_departement

FILENAME = "departement.yaml"


def _settings(departement: Departement) -> Mapping[str, tuple[bool, Severity | None]]:
    return {
        rule_id: (setting.enabled, Severity(setting.severity) if setting.severity else None)
        for rule_id, setting in departement.rule_settings.items()
    }


def _limits(departement: Departement) -> Limits:
    seconds = departement.render_seconds
    return DEFAULT if seconds is None else dataclasses.replace(DEFAULT, seconds=float(seconds))


KIND: Kind[Departement] = Kind(
    name="departement",
    label="le fichier du Département",
    files=Files(filename=FILENAME),
    schema="departement",
    read=read_departement,
    governs=True,
    settings=_settings,
    limits=_limits,
)

__all__ = ["FILENAME", "KIND", "Departement"]
