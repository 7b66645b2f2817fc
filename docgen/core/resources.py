"""Where docgen finds its schemas and templates.

They live at the top of the repository (``schemas/``, ``templates/``) so that legal staff
can open and edit them; the package is installed in editable mode (``pip install -e .``).
``DOCGEN_HOME`` points elsewhere when docgen runs from another checkout.
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    env = os.environ.get("DOCGEN_HOME")
    return Path(env) if env else Path(__file__).resolve().parent.parent.parent


def schemas_dir() -> Path:
    return home() / "schemas"


def templates_dir() -> Path:
    return home() / "templates"
