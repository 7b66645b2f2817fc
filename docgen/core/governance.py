"""Governance: the file that governs another (its Département's ``departement.yaml``), and
what it decides for the files below it: its settings of the tunable rules, and how far
filling a document may go."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from docgen.core.findings import Finding, Severity, display_path
from docgen.core.kind import Kind, Registry
from docgen.core.rules import Rule, Violation, finding_at
from docgen.core.sandbox import DEFAULT, Limits
from docgen.core.source import Document
from docgen.core.sources import Sources

# A Département's rule settings: rule id → (enabled, severity or None).
Settings = Mapping[str, tuple[bool, Severity | None]]


class Governance:
    def __init__(self, registry: Registry, sources: Sources) -> None:
        self.registry, self.sources = registry, sources

    def governing_file(self, path: Path) -> Path | None:
        """The nearest file of the governing kind in ``path``'s folder or above it."""
        governor = self.registry.governor
        if governor is None or governor.files is None or governor.files.filename is None:
            return None
        folder = self.sources.resolved(path).parent
        while True:  # the folders looked in are noted: a departement.yaml added there counts
            candidate = folder / governor.files.filename
            if self.sources.is_file(candidate):
                return candidate
            if folder.parent == folder:
                return None
            folder = folder.parent

    def settings(self, kind: Kind[Any], model: Any) -> Settings:
        """The governing file's settings of the rules a Département may tune."""
        if model is None or kind.settings is None:
            return {}
        return {
            rule_id: setting
            for rule_id, setting in kind.settings(model).items()
            if rule_id in self.registry.rules and self.registry.rule(rule_id).tunable
        }

    def setting_findings(self, kind: Kind[Any], model: Any, doc: Document) -> list[Finding]:
        """A Département may not switch off, or lower, an invariant."""
        assert kind.settings is not None
        found = []
        for rule_id in kind.settings(model):
            rule: Rule[Any] | None = self.registry.rules.get(rule_id)
            if rule is None or rule.tunable:
                continue
            found.append(
                finding_at(
                    doc,
                    Violation(
                        ("regles", rule_id),
                        f"la règle « {rule_id} » ne peut être ni désactivée ni affaiblie : "
                        "les montants calculés et la lecture des fichiers en dépendent",
                        "retirez ce réglage de regles:",
                    ),
                    self.registry.rule("rule-setting"),
                )
            )
        return found

    def limits(self, governor_model: Any) -> Limits:
        """How far filling a document may go under this governing model."""
        governor = self.registry.governor
        if governor_model is None or governor is None or governor.limits is None:
            return DEFAULT
        return governor.limits(governor_model)

    def departement_missing(self, path: Path) -> Finding:
        governor = self.registry.governor
        name = governor.files.filename if governor and governor.files else "departement.yaml"
        hint = f"placez le fichier sous contracts/<département>/, à côté de son {name}"
        folder = _departement_folder(path)
        if folder is not None:
            # Already in a Département's folder: what is missing is its departement.yaml.
            hint = (
                f"créez contracts/{folder}/{name} (docgen init {folder} l'écrit, à remplir), "
                f"ou placez le fichier dans le dossier d'un Département qui a le sien"
            )
        return Finding(
            display_path(path),
            None,
            "",
            "departement-missing",
            f"aucun fichier {name} dans ce dossier ni au-dessus",
            hint,
        )


def _departement_folder(path: Path) -> str | None:
    """``nord`` for a file in ``contracts/nord/`` (or below it), else None."""
    parts = path.absolute().parts[:-1]
    for index, part in enumerate(parts[:-1]):
        if part == "contracts":
            return parts[index + 1]
    return None


def tune(found: list[Finding], settings: Settings) -> list[Finding]:
    """Apply a Département's rule settings: drop disabled rules, change severities."""
    if not settings:
        return found
    out = []
    for finding in found:
        setting = settings.get(finding.rule)
        if setting is None:
            out.append(finding)
        elif setting[0]:
            severity = setting[1] or finding.severity
            out.append(dataclasses.replace(finding, severity=severity))
    return out
