"""Values typed the French way, written as a contract file holds them (docgen.core.typed)."""

from __future__ import annotations

import pytest

from docgen.core.typed import french_date, iso, written_number


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("1 250,5", "1250.5"),
        ("312\u202f345,67\u00a0€", "312345.67"),
        ("12500", "12500"),
        (" 3,83 ", "3.83"),
        ("1250.5", None),  # already written: nothing to rewrite
        ("-12", None),
        ("trois", None),
        ("12,", None),
    ],
)
def test_a_number_typed_as_a_document_prints_it(typed: str, written: str | None) -> None:
    assert written_number(typed) == written


def test_a_date_typed_the_french_way_whether_or_not_the_day_exists() -> None:
    assert french_date("15/01/2024") == (2024, 1, 15)
    assert french_date(" 1.2.2024 ") == (2024, 2, 1)
    assert french_date("31 / 02 / 2024") == (2024, 2, 31)  # check says it does not exist
    assert french_date("2024-01-15") is None and french_date("15/01/24") is None
    assert iso(2024, 1, 5) == "2024-01-05"
