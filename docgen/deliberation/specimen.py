"""The projet type de convention, annexed to a deliberation that approves the model.

What a Commission approves is the model, not one service's convention: the annex is the
Département's own convention template (``template_for(departement, "convention")``, the
one ``docgen build`` fills), rendered with everything the Département's conventions
share — its name and president, its visas, its shares (95 % / 5 %), every article — and
with each value proper to a service left as a visible blank « …… »: service,
association, communes and mayors, staffing, amounts, dates. The authorisation it cites is
this deliberation. The duration clause follows the first convention covered (tacit
renewal or fixed term). Two lines on top say whose annex it is.

The blanks go through the template's own filters (``|amount``, ``|etp``…): the template
is filled in a sandbox whose filters print « …… € », « …… ETP » for a blank instead of
failing on it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from decimal import Decimal
from types import SimpleNamespace

import jinja2
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen.core import french as fr
from docgen.core.engine import typeset
from docgen.core.errors import ResourceError
from docgen.deliberation.model import Checked
from docgen.model import (
    Address,
    Association,
    Authorisation,
    Commune,
    Convention,
    Funding,
    Person,
    Service,
    Signature,
    Staffing,
    Term,
    TermKind,
)
from docgen.render.convention import convention_context
from docgen.render.engine import template_for
from docgen.render.parties import BLANK


class Blank(str):
    """A value proper to one service: the projet type prints « …… » in its place."""


_BLANK = Blank(BLANK)
_FORMS = {
    "amount": f"{BLANK}{fr.NBSP}€",
    "amount_full": f"{BLANK}{fr.NBSP}€",
    "etp": f"{BLANK}{fr.NBSP}ETP",
    "percent": f"{BLANK}{fr.NBSP}%",
    "de": f"de {BLANK}",
}


def _tolerant(name: str, apply: Callable[..., str]) -> Callable[..., str]:
    def filtered(value: object, *args: object, **kwargs: object) -> str:
        if isinstance(value, Blank):
            return _FORMS.get(name, BLANK)
        return apply(value, *args, **kwargs)

    return filtered


_ENV = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
_ENV.filters.update({name: _tolerant(name, apply) for name, apply in fr.FILTERS.items()})


def specimen(checked: Checked) -> Convention:
    """A convention of this Département with blank parties, authorised by this deliberation."""
    dep, d = checked.departement, checked.deliberation
    nobody = Person("Monsieur", BLANK, BLANK)
    sample = checked.covered[0].version.term if checked.covered else None
    return Convention(
        source=dep.source.parent / "projet-type.yaml",
        departement=dep,
        service=Service(BLANK, BLANK, (), BLANK),
        association=Association(BLANK, Address(BLANK, BLANK, BLANK), nobody, None),
        communes=(Commune(BLANK, "", nobody, dep.shares.communes),),
        staffing=Staffing(Decimal(0), Decimal(0), Decimal(0)),
        funding=Funding(d.date.year, Decimal(0), dep.shares),
        term=Term(
            start=d.date,
            kind=sample.kind if sample else TermKind.TACIT_RENEWAL,
            years=sample.years if sample else 1,
            notice_months=sample.notice_months if sample else 6,
        ),
        signature=Signature(BLANK, None, None),
        authorisation=Authorisation(d.assembly, d.date, d.number),
    )


def specimen_context(checked: Checked) -> dict[str, object]:
    """The convention template's context, each value proper to a service made blank."""
    convention = specimen(checked)
    context = convention_context(convention)
    term = convention.term
    context.update(
        association_address=BLANK,
        staffing=SimpleNamespace(
            management=_BLANK,
            social_workers=_BLANK,
            administrative=_BLANK,
            others=(),
            total=_BLANK,
        ),
        funding=SimpleNamespace(year=_BLANK, dotation=_BLANK, shares=convention.funding.shares),
        split=SimpleNamespace(
            dotation=_BLANK,
            departement=_BLANK,
            communes=_BLANK,
            per_commune=[
                SimpleNamespace(commune=SimpleNamespace(name=BLANK, share=_BLANK), amount=_BLANK)
            ],
        ),
        term=SimpleNamespace(
            start=_BLANK,
            kind=term.kind,
            years=term.years,
            notice_months=term.notice_months,
            end=None,
        ),
        term_end=_BLANK,
    )
    return context


def render_model_convention(checked: Checked, heading: str) -> bytes:
    """The projet type as .docx, its first lines naming the deliberation it is annexed to."""
    template = template_for(checked.departement, "convention")
    try:
        document = DocxTemplate(template)
        document.render(specimen_context(checked), jinja_env=_ENV, autoescape=True)
    except (OSError, zipfile.BadZipFile, PackageNotFoundError) as error:
        raise ResourceError(f"modèle illisible : {template} ({error})") from error
    except (jinja2.TemplateError, TypeError, ValueError) as error:
        raise ResourceError(
            f"le projet type ne peut pas être tiré du modèle {template} : {error}",
            "vérifiez ses balises {{ … }} : les noms admis sont dans le README",
        ) from error
    first = document.docx.paragraphs[0]
    for text, bold in (
        (heading, True),
        (
            "Projet type de convention : les valeurs propres à chaque service (« …… ») "
            "figurent dans la convention de chacun.",
            False,
        ),
    ):
        paragraph = first.insert_paragraph_before()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = (not bold) or None
    typeset(document.docx)
    out = io.BytesIO()
    document.docx.save(out)
    return out.getvalue()
