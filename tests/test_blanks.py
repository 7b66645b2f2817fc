from __future__ import annotations

import pytest

from docgen.core.blanks import blanks, find_blank

from .test_limits import deadline


@pytest.mark.parametrize(
    "text",
    [
        "X ETP",
        "Commune X",
        "Commune Y",
        "JJ/MM/AAAA",
        "JJ mois AAAA",
        ".....",
        "en date du …",
        "xxxx",
        "XXXX",
        "à compléter",
        "A COMPLÉTER",
        "Prénom NOM",
        "AAAA-MM-JJ",
    ],
)
def test_model_blanks_are_found(text: str) -> None:
    assert find_blank(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Arras",
        "il y a",
        "Louis XIV",
        "Saint-Martin-Boulogne",
        "2024-01-01",
        "3.83",
        "Rayon X-ray",
        "rue du 19 Mars 1962",
        "https://www.pasdecalais.fr/Partenaires",
    ],
)
def test_real_values_are_not_blanks(text: str) -> None:
    assert find_blank(text) is None


def test_blanks_gives_every_path() -> None:
    data = {"a": "ok", "b": [{"c": "X ETP"}, {"c": "fine"}], "d": {"e": "JJ/MM/AAAA"}}
    assert [path for path, _ in blanks(data)] == [("b", 0, "c"), ("d", "e")]


def test_blanks_keeps_document_order_in_lists_of_mappings() -> None:
    data = {"z": "X", "a": [{"b": "....."}, ["JJ", {"c": "xxx", "d": "Y"}]], "e": "à compléter"}
    assert [path for path, _ in blanks(data)] == [
        ("z",),
        ("a", 0, "b"),
        ("a", 1, 0),
        ("a", 1, 1, "c"),
        ("a", 1, 1, "d"),
        ("e",),
    ]


def test_blanks_of_a_deep_value_without_recursion_error() -> None:
    # Measured: from about 1,000 levels, RecursionError in the recursive walk.
    data: object = {"k": "fine"}
    for _ in range(50_000):
        data = {"k": [data]}
    assert list(blanks(data)) == []


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000 + "a",
        "." * 2 + "a" * 1_000_000,
        ". " * 500_000,
        "X" * 1_000_000,
        "jja" * 300_000,
        "é" * 1_000_000,
        "a completer" * 90_000,
    ],
    ids=lambda text: repr(text[:8]),
)
def test_find_blank_is_linear(text: str) -> None:
    with deadline(10):
        find_blank(text)
