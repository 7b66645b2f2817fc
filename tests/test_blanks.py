from __future__ import annotations

import pytest

from docgen.core.blanks import blanks, find_blank


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
