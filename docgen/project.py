"""Which YAML files are what, and which Département file governs a convention.

Layout of a contracts repository (see README):
  contracts/<departement>/departement.yaml     what the Département's conventions share
  contracts/<departement>/<service>.yaml       one convention per service (and its avenants)
  contracts/<departement>/budgets/<name>.yaml  a budget vote
  contracts/<departement>/deliberations/<name>.yaml  a deliberation
Anything else ending in .yaml is a convention. Hidden folders and ``build/`` are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from docgen.core.errors import UsageError
from docgen.core.findings import display_path

DEPARTEMENT_FILE = "departement.yaml"
_SKIPPED_DIRS = {"build", "__pycache__", "node_modules"}


def discover(paths: Iterable[Path]) -> list[Path]:
    """Every YAML file named or found under ``paths``, in a stable order, each once."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*.y*ml")):
                rel = candidate.relative_to(path).parts[:-1]
                if any(p.startswith(".") or p in _SKIPPED_DIRS for p in rel):
                    continue
                if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
                    found[candidate] = None
        elif path.is_file():
            found[path] = None
        else:
            raise UsageError(
                f"{display_path(path)} : chemin introuvable",
                "indiquez un fichier .yaml ou un dossier de contrats, par exemple contracts/",
            )
    return list(found)


KIND_FOLDERS = {"budgets": "budget", "deliberations": "deliberation"}


def kind_of(path: Path) -> str:
    if path.name == DEPARTEMENT_FILE:
        return "departement"
    return KIND_FOLDERS.get(path.parent.name, "convention")


def conventions_of(departement_file: Path) -> list[Path]:
    """The convention files governed by a departement.yaml (its folder and below)."""
    return [
        path
        for path in discover([departement_file.parent])
        if kind_of(path) == "convention" and departement_file_for(path) == departement_file
    ]


def departement_file_for(path: Path) -> Path | None:
    """The nearest departement.yaml in the convention's folder or above it."""
    for folder in path.resolve().parents:
        candidate = folder / DEPARTEMENT_FILE
        if candidate.is_file():
            return candidate
    return None
