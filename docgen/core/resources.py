"""What docgen ships: its JSON schemas and its default Word templates.

They are package data (``docgen/schemas/``, ``docgen/templates/``), found with
``importlib.resources``, so that docgen installed from a wheel (``pip install``,
``pipx install``) works from any folder. A contracts repository overrides the templates
with its own (``docgen.core.project``); the schemas are docgen's contract and are never
overridden.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

from docgen.core.errors import ResourceError


def package_dir() -> Path:
    """The installed ``docgen`` package's folder."""
    root = importlib.resources.files("docgen")
    if not isinstance(root, Path):  # pragma: no cover - only a zipped install gets here
        raise ResourceError(
            "docgen est installé dans une archive zip : ses modèles Word ne peuvent pas être lus",
            "installez-le normalement : pipx install docgen (ou pip install)",
        )
    return root


def schemas_dir() -> Path:
    return package_dir() / "schemas"


def templates_dir() -> Path:
    return package_dir() / "templates"


def schema_file(name: str) -> Path:
    """A shipped schema: ``convention`` → ``docgen/schemas/convention.schema.json``."""
    return schemas_dir() / f"{name}.schema.json"


def shipped_schemas() -> list[Path]:
    return sorted(schemas_dir().glob("*.schema.json"))
