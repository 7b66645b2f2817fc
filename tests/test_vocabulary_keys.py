"""The YAML keys named in one module per kind (docgen/kinds/*/keys.py, docgen/kinds/acts.py)
are exactly those of the schemas: a key renamed in one place and not the other fails here."""

from __future__ import annotations

import json
from typing import Any

import pytest

from docgen.kinds import acts
from docgen.kinds.budget import keys as budget
from docgen.kinds.convention import keys as convention

from .conftest import SCHEMAS


def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))
    return loaded


def properties(node: dict[str, Any], root: dict[str, Any], *path: str) -> set[str]:
    """The property names of the object at ``path`` (``[]`` steps into array items)."""
    for step in path:
        node = _resolved(node, root)
        node = node["items"] if step == "[]" else node["properties"][step]
    return set(_resolved(node, root)["properties"])


def _resolved(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        resolved: dict[str, Any] = root["$defs"][ref.removeprefix("#/$defs/")]
        return resolved
    return node


BUDGET = schema("budget")
CONVENTION = schema("convention")


@pytest.mark.parametrize(
    ("path", "keys"),
    [
        ((), budget.TOP_KEYS),
        (("vote",), budget.VOTE_KEYS),
        (("avenants",), budget.AVENANTS_KEYS),
        (("avenants", "autorisation"), acts.AUTHORISATION_KEYS),
        (("avenants", "signature"), acts.SIGNATURE_KEYS),
        (("mesures_nouvelles", "[]"), budget.MEASURE_KEYS),
        (("derogations", "[]"), budget.DEROGATION_KEYS),
    ],
)
def test_the_budget_keys_are_the_schemas(path: tuple[str, ...], keys: tuple[str, ...]) -> None:
    assert properties(BUDGET, BUDGET, *path) == set(keys)


AVENANT = ("avenants", "[]")


@pytest.mark.parametrize(
    ("path", "keys"),
    [
        (AVENANT, convention.AVENANT_KEYS),
        ((*AVENANT, "vote_budget"), convention.BUDGET_VOTE_KEYS),
        ((*AVENANT, "modifications"), convention.CHANGE_KEYS),
        ((*AVENANT, "modifications", "dotation"), convention.DOTATION_KEYS),
        ((*AVENANT, "habilitations"), convention.HABILITATION_KEYS),
        ((*AVENANT, "autorisation"), acts.AUTHORISATION_KEYS),
        ((*AVENANT, "signature"), acts.SIGNATURE_KEYS),
        (("autorisation",), acts.AUTHORISATION_KEYS),
        (("signature",), acts.SIGNATURE_KEYS),
    ],
)
def test_the_avenant_keys_are_the_schemas(path: tuple[str, ...], keys: tuple[str, ...]) -> None:
    assert properties(CONVENTION, CONVENTION, *path) == set(keys)


def test_the_keys_of_the_avenant_list_agree() -> None:
    assert convention.AVENANTS in CONVENTION["properties"]
    assert budget.NEW_MEASURES == convention.NEW_MEASURES  # the measure, and its amount
    assert budget.RATE == convention.RATE
