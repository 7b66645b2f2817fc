"""Which Word template a document of a Département uses."""

from __future__ import annotations

from pathlib import Path

from docgen.core.errors import ResourceError
from docgen.core.resources import templates_dir
from docgen.model import Departement


def template_for(departement: Departement, kind: str) -> Path:
    """The Département's own ``templates/<slug>/<kind>.docx``, else ``templates/<kind>.docx``."""
    root = templates_dir()
    own = root / departement.source.parent.name / f"{kind}.docx"
    shared = root / f"{kind}.docx"
    for candidate in (own, shared):
        if candidate.is_file():
            return candidate
    raise ResourceError(
        f"aucun modèle « {kind} » : ni {own} ni {shared} n’existe",
        "lancez « python scripts/make_templates.py », ou placez le modèle propre au "
        f"Département dans {own.parent}",
    )
