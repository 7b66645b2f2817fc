"""The split of a dotation to the cent, and the dates of a term.

The split rule (also in the README): amounts are computed at the cent by the
largest-remainder method, in two levels. First the dotation is split between the
Département and the communes' part; then the communes' part is split between the
communes, in proportion to their shares. At each level every amount is first rounded
down to the cent, then the cents still missing go one by one to the largest remainders
(ties: the first listed). So the parts always add up exactly to what they split, no
party ever gets more than a cent away from its exact share, and the communes' amounts
add up to the communes' part printed in the convention.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from docgen.core.context import doc
from docgen.kinds.convention.model import Commune, Convention, Term

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CommuneAmount:
    commune: Commune = doc("communes[]", fr="commune")
    amount: Decimal = doc("calculé : la part de la commune, au centime", fr="montant")


@dataclass(frozen=True)
class DotationSplit:
    dotation: Decimal = doc("financement.dotation", fr="dotation")
    departement: Decimal = doc("calculé : part du Département, au centime", fr="departement")
    communes: Decimal = doc("calculé : part des communes, au centime", fr="communes")
    per_commune: tuple[CommuneAmount, ...] = doc(
        "calculé : une ligne par commune", fr="par_commune"
    )


def apportion(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` (euros) in proportion to ``weights``, to the cent, summing exactly."""
    if total < 0:
        raise ValueError("a negative amount cannot be split")
    weight_sum = sum(weights, Decimal(0))
    if not weights:
        return []
    if weight_sum == 0:
        return [Decimal("0.00") for _ in weights]
    cents = int((total / CENT).to_integral_value())
    exact = [Decimal(cents) * w / weight_sum for w in weights]
    floors = [int(e.to_integral_value(rounding=ROUND_DOWN)) for e in exact]
    missing = cents - sum(floors)
    # Stable sort: equal remainders keep the listed order.
    order = sorted(range(len(weights)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in order[:missing]:
        floors[i] += 1
    return [(Decimal(c) * CENT).quantize(CENT) for c in floors]


def split_dotation(convention: Convention) -> DotationSplit | None:
    """The split of the dotation between the Département and the paying communes; None
    when the convention states no dotation, or no split to apply to it."""
    funding = convention.funding
    if funding is None or funding.dotation is None or funding.shares is None:
        return None
    return split_amount(funding.dotation, funding.shares.departement, convention.paying_communes)


def split_amount(
    dotation: Decimal, departement_share: Decimal, communes: tuple[Commune, ...]
) -> DotationSplit:
    shares = [c.share or Decimal(0) for c in communes]
    communes_share = sum(shares, Decimal(0))
    departement, communes_part = apportion(dotation, [departement_share, communes_share])
    amounts = apportion(communes_part, shares)
    return DotationSplit(
        dotation=dotation.quantize(CENT),
        departement=departement,
        communes=communes_part,
        per_commune=tuple(CommuneAmount(c, a) for c, a in zip(communes, amounts, strict=True)),
    )


def add_years(day: date, years: int) -> date | None:
    """Same day ``years`` later; 29 February becomes 28 February in a common year. None
    past the calendar's last year (9999): the date was a typo (9999-12-31 for « no end »),
    which the date-plausible rule reports; a traceback would hide that finding."""
    year = day.year + years
    if not date.min.year <= year <= date.max.year:
        return None
    last = calendar.monthrange(year, day.month)[1]
    return day.replace(year=year, day=min(day.day, last))


def term_end(term: Term) -> date | None:
    """Last day of the (first) period: the given end, or start + years - 1 day; None when
    that day is past the calendar (a start date typed wrong: see ``add_years``)."""
    if term.end is not None:
        return term.end
    after = add_years(term.start, term.years)
    return None if after is None else after - timedelta(days=1)
