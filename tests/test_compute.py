from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.budget.plan import revalue
from docgen.kinds.common import Person
from docgen.kinds.convention.model import Commune, Term, TermKind
from docgen.kinds.convention.split import (
    add_years,
    apportion,
    split_amount,
    split_dotation,
    term_end,
)

MAYOR = Person("Madame", "Anne", "Essai")


def communes(*shares: str) -> tuple[Commune, ...]:
    return tuple(Commune(f"C{i}", f"6200{i}", MAYOR, Decimal(s)) for i, s in enumerate(shares))


def test_uneven_split_over_three_communes_reconciles_to_the_cent() -> None:
    split = split_amount(Decimal("312345.67"), Decimal(95), communes("1.67", "1.67", "1.66"))
    # 95 % of 312 345,67 = 296 728,3865 → 296 728,39 (largest remainder); the rest goes to communes.
    assert split.departement == Decimal("296728.39")
    assert split.communes == Decimal("15617.28")
    # 15 617,28 × 1,67/5 = 5 216,17152 ; × 1,66/5 = 5 184,93696: floors leave 1 cent, which goes
    # to the largest remainder (0,93696, the third commune).
    assert [a.amount for a in split.per_commune] == [
        Decimal("5216.17"),
        Decimal("5216.17"),
        Decimal("5184.94"),
    ]
    assert split.departement + split.communes == Decimal("312345.67")


def test_equal_shares_that_do_not_divide_give_the_cent_to_the_first() -> None:
    assert apportion(Decimal("100.00"), [Decimal(1)] * 3) == [
        Decimal("33.34"),
        Decimal("33.33"),
        Decimal("33.33"),
    ]


def test_no_commune_part() -> None:
    split = split_amount(Decimal("1000.00"), Decimal(100), ())
    assert (split.departement, split.communes, split.per_commune) == (
        Decimal("1000.00"),
        Decimal("0.00"),
        (),
    )


def test_random_splits_always_add_up() -> None:
    rng = random.Random(2024)
    for _ in range(2000):
        cents = rng.randrange(0, 10**10)
        total = Decimal(cents) / 100
        weights = [Decimal(rng.randrange(1, 10_000)) / 100 for _ in range(rng.randrange(1, 8))]
        parts = apportion(total, weights)
        assert sum(parts, Decimal(0)) == total
        weight_sum = sum(weights, Decimal(0))
        for part, weight in zip(parts, weights, strict=True):
            assert abs(part - total * weight / weight_sum) < Decimal("0.01")


def test_negative_amount_is_refused() -> None:
    with pytest.raises(ValueError):
        apportion(Decimal("-1"), [Decimal(1)])


def test_dates() -> None:
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(9999, 12, 31), 1) is None  # past the calendar: a typo
    assert term_end(Term(date(9999, 1, 1), TermKind.FIXED, 3, 6)) is None
    tacit = Term(date(2024, 1, 1), TermKind.TACIT_RENEWAL, 1, 6)
    assert term_end(tacit) == date(2024, 12, 31)
    fixed = Term(date(2024, 7, 1), TermKind.FIXED, 3, 6)
    assert term_end(fixed) == date(2027, 6, 30)


def test_revalue_rounds_half_up_then_adds_measures() -> None:
    # 312 345,67 × 1,021 = 318 904,929 07 → 318 904,93
    assert revalue(Decimal("312345.67"), Decimal("2.1")) == Decimal("318904.93")
    # 100,05 × 1,005 = 100,550 25 → 100,55 ; + 15 000 of new measures
    assert revalue(Decimal("100.05"), Decimal("0.5"), Decimal("15000")) == Decimal("15100.55")
    # half a cent rounds up: 0,25 × 1,1 = 0,275 → 0,28
    assert revalue(Decimal("0.25"), Decimal("10")) == Decimal("0.28")
    assert revalue(Decimal("1000"), Decimal("-1.5")) == Decimal("985.00")


def test_consolidate_applies_avenants_in_order() -> None:
    from .conftest import DATA
    from .helpers import check_paths

    (convention,) = check_paths([DATA / "contracts" / "amended.yaml"]).conventions
    first = consolidate(convention, 1)
    assert (first.funding.year, first.funding.dotation) == (2025, Decimal("318904.93"))
    assert [c.name for c in first.communes] == ["Arras", "Achicourt"]
    assert len(first.avenants) == 1
    final = consolidate(convention)
    assert final.funding.dotation == Decimal("318904.93")
    assert [c.name for c in final.communes] == ["Arras", "Achicourt", "Beaurains"]
    assert final.staffing.social_workers == Decimal("4.5")
    assert final.term == convention.term
    split = split_dotation(final)
    assert split.departement + split.communes == Decimal("318904.93")
    assert sum(a.amount for a in split.per_commune) == split.communes
