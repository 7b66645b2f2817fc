"""The projet type de convention, annexed to a deliberation that approves the model.

What a Commission approves is the model, not one service's convention: the annex is the
Département's own convention template (the one ``docgen build`` fills), rendered with
everything the Département's conventions share — its name and president, its visas, its
shares (95 % / 5 %), every article — and with each value proper to a service left as a
visible blank « …… »: service, association, communes and mayors, staffing, amounts,
dates. The authorisation it cites is this deliberation. The duration clause follows the
first convention covered (tacit renewal or fixed term). Its heading (the template's
``annex`` field) says whose annex it is.

The blanks are typed markers (``docgen.core.blank``): every French filter prints them
as « …… € », « …… ETP », « …… % ».
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from docgen.core.blank import BlankDate, BlankInt, BlankNumber, BlankText
from docgen.core.french import PlaceName
from docgen.kinds.common import BLANK, Address, Authorisation, Person, Signature
from docgen.kinds.convention.context import ConventionContext, convention_context
from docgen.kinds.convention.model import (
    Association,
    Commune,
    Convention,
    Funding,
    Service,
    Staffing,
    StaffLine,
    Term,
    TermKind,
)
from docgen.kinds.convention.split import CommuneAmount, DotationSplit
from docgen.kinds.deliberation.model import Checked
from docgen.kinds.departement.model import Shares


def specimen(checked: Checked) -> Convention:
    """A convention of this Département with blank parties, authorised by this deliberation."""
    dep, d = checked.departement, checked.deliberation
    nobody = Person("Monsieur", BLANK, BLANK)
    shares = dep.shares or Shares(Decimal(100), Decimal(0))
    sample = checked.covered[0].version.term if checked.covered else None
    return Convention(
        source=dep.source.parent / "projet-type.yaml",
        departement=dep,
        service=Service(BLANK, BLANK, (), BLANK),
        association=Association(BLANK, Address(BLANK, BLANK, BLANK), nobody, None),
        # Two communes, as the model has (« Commune X », « Commune Y »).
        communes=(
            Commune(PlaceName(BLANK), "", nobody, shares.communes / 2),
            Commune(PlaceName(BLANK), "", nobody, shares.communes / 2),
        ),
        staffing=Staffing(Decimal(0), Decimal(0), Decimal(0)),
        funding=Funding(d.date.year, Decimal(0), shares),
        term=Term(
            start=d.date,
            kind=sample.kind if sample else TermKind.TACIT_RENEWAL,
            years=sample.years if sample else 1,
            notice_months=sample.notice_months if sample else 6,
        ),
        signature=Signature(BLANK, None, None),
        authorisation=Authorisation(d.assembly, d.date, d.number),
    )


def specimen_context(checked: Checked, heading: str) -> ConventionContext:
    """The convention template's context, each value proper to a service made blank."""
    convention = specimen(checked)
    context = convention_context(convention)
    term = convention.term
    blank_commune = Commune(PlaceName(BLANK), "", convention.communes[0].mayor, BlankNumber())
    shares = convention.funding.shares if convention.funding else None
    return dataclasses.replace(
        context,
        association_address=BLANK,
        # « X autres » in the model: the other posts, if any.
        staffing=Staffing(
            BlankNumber(), BlankNumber(), BlankNumber(), (StaffLine(BlankText(), BlankNumber()),)
        ),
        funding=Funding(BlankInt(), BlankNumber(), shares),
        split=DotationSplit(
            dotation=BlankNumber(),
            departement=BlankNumber(),
            communes=BlankNumber(),
            per_commune=(
                CommuneAmount(blank_commune, BlankNumber()),
                CommuneAmount(blank_commune, BlankNumber()),
            ),
        ),
        term=Term(
            start=BlankDate(),
            kind=term.kind,
            years=term.years,
            notice_months=term.notice_months,
            end=None,
        ),
        term_end=BlankDate(),
        annex=heading,
    )
