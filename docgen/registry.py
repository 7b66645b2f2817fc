"""The kinds of document docgen knows, in the order they build on each other: a kind
imports only the kinds listed before it.

Adding a kind is one folder under ``docgen/kinds/`` declaring a ``Kind``, and one line
below.
"""

from __future__ import annotations

from typing import Any

from docgen.core.kind import Kind, Registry
from docgen.kinds import avenant, budget, convention, deliberation, departement

DEFAULT_KINDS: tuple[Kind[Any], ...] = (
    departement.KIND,
    convention.KIND,
    avenant.KIND,
    budget.KIND,
    deliberation.KIND,
)


def default_registry() -> Registry:
    return Registry(DEFAULT_KINDS)
