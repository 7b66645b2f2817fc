"""The compiled schema check says « passes » exactly where jsonschema finds no error: on
every YAML file of the repository against every shipped schema, on mutations of valid
files, and it steps aside for the keywords it would read otherwise."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from docgen.core.schema import compiled_check, schema_findings, schema_of, validator
from docgen.core.schema_compiled import compiled
from docgen.core.source import Document, LoadError, parse_document

from .conftest import CONTRACTS, DATA, ROOT, SCHEMAS

KINDS = sorted(path.name.removesuffix(".schema.json") for path in SCHEMAS.glob("*.schema.json"))


def documents() -> list[Document]:
    found = []
    for path in sorted([*ROOT.glob("*.yaml"), *CONTRACTS.rglob("*.yaml"), *DATA.rglob("*.yaml")]):
        try:
            found.append(parse_document(path, path.read_bytes()))
        except LoadError:
            continue  # refused before any schema sees it
    return found


DOCUMENTS = documents()


def agree(kind: str, data: Any) -> None:
    check = compiled_check(kind)
    assert check is not None
    assert check(data) == validator(kind).is_valid(data), data


def test_every_shipped_schema_is_compiled() -> None:
    # Else every file of that kind would be walked by jsonschema alone, nine times slower.
    assert KINDS == ["budget", "convention", "deliberation", "departement"]
    assert all(compiled_check(kind) is not None for kind in KINDS)


def test_both_judge_alike_every_file_of_the_repository_against_every_schema() -> None:
    assert len(DOCUMENTS) > 60
    passing = 0
    for kind in KINDS:
        for doc in DOCUMENTS:
            agree(kind, doc.data)
            passing += validator(kind).is_valid(doc.data)
    # Both verdicts are met: the shipped contracts pass their schemas, the broken ones fail.
    assert 10 < passing < len(DOCUMENTS) * len(KINDS) - 10


def test_a_passing_file_has_no_finding_and_a_failing_one_keeps_all_of_its() -> None:
    broken = next(doc for doc in DOCUMENTS if doc.path.name == "wrong-type.yaml")
    valid = next(doc for doc in DOCUMENTS if doc.path.name == "valid.yaml")
    assert schema_findings(valid, "convention") == []
    found = schema_findings(broken, "convention")
    assert [f.rule for f in found] == ["wrong-type"]
    assert len(list(validator("convention").iter_errors(broken.data))) == 1


# Values a person or a broken editor may leave, and every example and choice of the schemas.
HOSTILE: list[Any] = [
    *("", " ", "\n", "x\n", "\u2028", "\t", "a\u00a0", "٣", "６２"),
    *("2024-02-30", "2024-1-5", "2023-02-29", "2024-02-29", "2024-13-01", "24-01-01"),
    *("62000", "6200", "620000", "1,5", "1.5", "-1", "0", "05", "100 %", "5 %", "x" * 300),
    *(True, False, None, [], {}, [None], ["x"], {"a": "b"}, [{}]),
]


def _vocabulary() -> list[Any]:
    found: list[Any] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(node.get("examples", []))
            found.extend(node.get("enum", []))
            found.extend(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for kind in KINDS:
        walk(schema_of(kind))
    return found


VALUES = HOSTILE + _vocabulary()
KEYS = sorted({v for v in _vocabulary() if isinstance(v, str)})
VALID = {
    "convention": DATA / "contracts" / "valid.yaml",
    "departement": CONTRACTS / "nord" / "departement.yaml",
    "budget": CONTRACTS / "pas-de-calais" / "budgets" / "2025.yaml",
    "deliberation": CONTRACTS / "pas-de-calais" / "deliberations" / "2025-045.yaml",
}


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    places = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            places += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            places += _places(value, (*path, index))
    return places


def _mutated(data: Any, where: tuple[Any, ...], how: str, value: Any, key: str) -> Any:
    data = copy.deepcopy(data)
    if not where:
        return value if how == "replace" else data
    parent = data
    for step in where[:-1]:
        parent = parent[step]
    last = where[-1]
    if how == "replace":
        parent[last] = copy.deepcopy(value)
    elif how == "delete":
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][key] = copy.deepcopy(value)
    elif isinstance(parent[last], list):
        parent[last].append(copy.deepcopy(value))
    return data


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_judge_alike_a_valid_file_changed_anywhere(kind: str, data: st.DataObject) -> None:
    original = parse_document(VALID[kind], VALID[kind].read_bytes()).data
    assert validator(kind).is_valid(original)
    where = data.draw(st.sampled_from(_places(original)))
    how = data.draw(st.sampled_from(["replace", "delete", "add"]))
    value = data.draw(st.one_of(st.sampled_from(VALUES), st.text(max_size=12)))
    key = data.draw(st.sampled_from(KEYS))
    agree(kind, _mutated(original, where, how, value, key))


FORMATS = FormatChecker()


@pytest.mark.parametrize(
    "schema",
    [
        # a $ref hides its neighbours in fastjsonschema (draft 7), not in draft 2020-12
        {"$defs": {"t": {"type": "string"}}, "$ref": "#/$defs/t", "minLength": 3},
        {"$ref": "https://example.org/schema.json"},  # never fetched
        {"type": "object", "unevaluatedProperties": False},  # 2020-12 only
        {"type": "array", "prefixItems": [{"type": "string"}]},
        {"type": "array", "items": [{"type": "string"}]},  # draft 7's tuples
        {"enum": [1, "a"]},  # True == 1 for fastjsonschema
        {"const": 1},
        {"anyOf": [{"type": "string"}]},
        {"properties": {"a": {"type": "string", "if": {"minLength": 1}}}},
        True,
    ],
)
def test_the_keywords_it_would_read_otherwise_are_left_to_jsonschema(schema: Any) -> None:
    assert compiled(schema) is None


def test_formats_are_jsonschema_s_own() -> None:
    schema = {
        "type": "object",
        "properties": {"d": {"format": "date"}, "m": {"format": "email"}},
    }
    check = compiled(schema)
    assert check is not None
    reference = Draft202012Validator(schema, format_checker=FORMATS)
    for value in ("2024-02-29", "2023-02-29", "2024-2-1", "x@y", "xy", 5, None):
        for field in ("d", "m"):
            assert check({field: value}) == reference.is_valid({field: value}), (field, value)


def test_a_faithful_schema_with_a_local_ref_is_compiled() -> None:
    schema = {
        "$defs": {"t": {"type": "string", "pattern": "^[0-9]{5}(?![\\s\\S])"}},
        "type": "object",
        "properties": {"cp": {"$ref": "#/$defs/t", "description": "code postal"}},
        "required": ["cp"],
        "additionalProperties": False,
    }
    check = compiled(schema)
    assert check is not None
    assert check({"cp": "62000"})
    assert not check({"cp": "62000\n"})
    assert not check({"cp": "62000", "x": 1})
    assert not check({})


def test_an_unreadable_pattern_is_left_to_jsonschema() -> None:
    assert compiled({"type": "string", "pattern": "("}) is None
