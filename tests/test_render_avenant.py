"""Avenants and consolidated conventions, read back from the .docx as a juriste reads them.

What a juriste checks before signing an avenant, and what these tests prove:

- each party is « dûment habilité » by ITS OWN deliberation authorising THIS avenant;
- the « Vu » chain: the convention signed on …, each earlier avenant with its date, the
  budget deliberation by its number (never docgen's internal reference), the deliberation
  that authorises the avenant;
- a preamble, and the amount on the first page of a financial avenant;
- each change stated without ambiguity (« est remplacé par les dispositions suivantes »,
  « Les … alinéas de … sont remplacés … »), never « est modifié comme suit » with a
  partial quotation; the new wording is, word for word, what the consolidated version
  prints at that very place;
- payment terms as the convention states them (the Département's share, paid monthly, as
  article 8.1 says), « sous réserve de la disponibilité des crédits », the imputation;
- the consolidated version says it is not contractual, lists the avenants it integrates,
  and has neither « Fait à » nor signatures.

Each kind of avenant (a commune leaving or joining, staffing, duration) has its own tests
in ``test_avenant_kinds``.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import docx
import pytest
import yaml

from docgen.core.errors import UsageError
from docgen.core.french import amount_in_words
from docgen.core.vocabulary import as_mapping, members
from docgen.kinds.avenant.context import AvenantContext
from docgen.kinds.avenant.modifications import (
    Alinea,
    Citation,
    Unit,
    cite,
    modifications,
    units,
)
from docgen.kinds.avenant.parties import signing
from docgen.kinds.budget import Revaluation
from docgen.kinds.common import Authorisation, Signature
from docgen.kinds.convention.model import (
    Avenant,
    Convention,
    DotationChange,
    Habilitations,
    Term,
    TermKind,
)

from . import helpers as render
from .conftest import DATA, docx_pdf_text
from .helpers import check_paths, make_project, plan_budget, template_for
from .test_render import LEFTOVERS, full_text, open_docx, paragraph_texts, styled, template_fields

ROOT = Path(__file__).resolve().parent.parent
AMENDED = ROOT / "tests" / "data" / "contracts" / "amended.yaml"
VALID = ROOT / "tests" / "data" / "contracts" / "valid.yaml"
BUDGET = ROOT / "contracts" / "pas-de-calais" / "budgets" / "2025.yaml"
NBSP, NNBSP = "\u00a0", "\u202f"
CENT = Decimal("0.01")
TITLE = (
    "Avenant n°\u00a0{} à la convention de partenariat relative à la mise en œuvre des actions "
    "de prévention spécialisée dans le Département du Pas-de-Calais"
)
QUOTED = {"Citation", "List Bullet 2", "List Bullet 3"}


def euros(value: Decimal) -> str:
    """French figures written here without docgen.french: 318 904,93 €, 15 000 €."""
    text = f"{value:,.2f}".replace(",", NNBSP).replace(".", ",").removesuffix(",00")
    return text + NBSP + "€"


def day(text: str) -> str:
    """« 20 février 2025 » as printed: a date never breaks across lines."""
    return text.replace(" ", NBSP)


@cache
def amended() -> Convention:
    result = check_paths([AMENDED])
    assert not result.findings, result.findings
    (convention,) = result.conventions
    return convention


@cache
def amended_avenant(number: int) -> docx.document.Document:
    return open_docx(render.render_avenant(amended(), number))


@cache
def budget_revaluations() -> tuple[Revaluation, ...]:
    return plan_budget(BUDGET).revaluations


def upto(convention: Convention, count: int) -> Convention:
    return dataclasses.replace(convention, avenants=convention.avenants[:count])


def signed(convention: Convention) -> Convention:
    """The convention once every party has signed each of its avenants: the blanks of a
    draft (dates, the deliberation of each party) filled, the rest untouched."""
    done: list[Avenant] = []
    for index, avenant in enumerate(convention.avenants):
        day = avenant.signature.date or date(2026, 1, 1 + index)
        authorisation = avenant.authorisation
        parties = signing(dataclasses.replace(convention, avenants=(*done, avenant)), index)
        own = avenant.habilitations
        done.append(
            dataclasses.replace(
                avenant,
                signature=dataclasses.replace(avenant.signature, date=day),
                authorisation=dataclasses.replace(
                    authorisation,
                    date=authorisation.date or day,
                    number=authorisation.number or f"2026-{index + 1}",
                ),
                habilitations=Habilitations(
                    association=own.association or day,
                    communes={c.key: own.commune(c) or day for c in parties.communes},
                    parties={p.key: own.parties.get(p.key) or day for p in parties.parties},
                ),
            )
        )
    return dataclasses.replace(convention, avenants=tuple(done))


def body(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def articles(document: docx.document.Document) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each article of an avenant: its heading and its paragraphs (style, text)."""
    found: list[tuple[str, list[tuple[str, str]]]] = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style == "Heading 1":
            found.append((paragraph.text, []))
        elif found and paragraph.text:
            found[-1][1].append((style, paragraph.text))
    return found


def quotation(paragraphs: list[tuple[str, str]]) -> list[str]:
    """The new wording an article quotes, between « », without the guillemets."""
    quoted = [text for style, text in paragraphs if style in QUOTED]
    if not quoted:
        return []
    assert quoted[0].startswith(f"«{NNBSP}") and quoted[-1].endswith(f"{NNBSP}»"), quoted
    quoted[0] = quoted[0].removeprefix(f"«{NNBSP}")
    quoted[-1] = quoted[-1].removesuffix(f"{NNBSP}»")
    return quoted


def consolidated_units(convention: Convention) -> dict[str, list[str]]:
    """The consolidated version's articles and sections, as their heading cites them."""
    document = open_docx(render.render_consolidated(convention))
    units: dict[str, list[str]] = {}
    current: list[str] | None = None
    for paragraph in document.paragraphs:
        style = paragraph.style.name if paragraph.style is not None else ""
        if style in ("Heading 1", "Heading 2", "Titre d'annexe"):
            current = units.setdefault(paragraph.text, [])
            current.append(paragraph.text)
        elif current is not None and paragraph.text.strip():
            current.append(paragraph.text)
    return units


_ORDINALS = ["premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième"]
_ORDINALS += ["septième", "huitième", "neuvième", "dixième", "onzième", "douzième"]


def assert_found_in_consolidated(document: docx.document.Document, after: Convention) -> int:
    """Every new wording the avenant (the last of ``after``) quotes is in the consolidated
    version once it is signed, word for word, at the place the avenant names (the whole
    article, or from its n-th alinéa), and the wording it replaces is gone from there."""
    units = consolidated_units(signed(after))
    old_units = consolidated_units(signed(upto(after, len(after.avenants) - 1)))
    checked = 0
    for heading, paragraphs in articles(document):
        new = quotation(paragraphs)
        if not new:
            continue
        verb = paragraphs[0][1]
        assert "modifié comme suit" not in verb
        target = re.search(r"de (l’article [\d.]+|l’annexe financière)", heading)
        assert target, heading
        unit = next(lines for title, lines in units.items() if _cites(title, target.group(1)))
        old = next(lines for title, lines in old_units.items() if _cites(title, target.group(1)))
        if "est remplacé" in verb and verb.startswith(("L’article", "L’annexe")):
            assert new == unit, (verb, new, unit)  # the whole article, heading included
            assert old != unit, (verb, old)
        else:
            first = re.match(r"(?:Le|Les|Après le) (\w+)", verb)
            assert first, verb
            index = _ORDINALS.index(first.group(1)) + (1 if verb.startswith("Après") else 0)
            assert unit[1 + index : 1 + index + len(new)] == new, (verb, new, unit)
            replaced = _replaced(verb, old, index)
            for text in replaced:  # the replaced alinéas are gone, unless quoted again
                assert text in new or text not in unit, (verb, text, unit)
            assert len(unit) == len(old) - len(replaced) + len(new), (verb, old, unit)
        checked += 1
    return checked


def _replaced(verb: str, old: list[str], index: int) -> list[str]:
    """The alinéas of ``old`` (its heading first) that ``verb`` replaces from ``index``."""
    if verb.startswith("Après"):
        return []
    last = re.match(r"Les \w+ (?:et|à) (\w+) alinéas", verb)
    end = _ORDINALS.index(last.group(1)) if last else index
    return old[1 + index : 2 + end]


def _cites(title: str, target: str) -> bool:
    if target.startswith("l’article "):
        number = target.removeprefix("l’article ")
        return bool(re.match(rf"(Article {re.escape(number)}\b|{re.escape(number)} )", title))
    return title.lower().startswith(target.removeprefix("l’"))


def assert_clean(document: docx.document.Document) -> None:
    text = "\n".join(paragraph_texts(document))  # body, tables, headers and footers
    for leftover in LEFTOVERS:
        assert leftover not in text, leftover
    assert "'" not in text
    assert " :" not in text and " ;" not in text and "« " not in text and " »" not in text
    assert "BP-2025" not in text  # docgen's internal reference of a budget vote


def signature_blocks(document: docx.document.Document) -> list[list[str]]:
    table = document.tables[-1]
    columns = [[row.cells[i].text for row in table.rows] for i in range(2)]
    return [text.splitlines() for column in columns for text in column if text.strip()]


# --- avenant n° 1: a new dotation after a budget vote ---------------------------------------


def test_avenant_1_a_financial_avenant_a_juriste_can_sign() -> None:
    document = amended_avenant(1)
    text, lines = full_text(document), body(document)
    assert styled(document, "Title") == [TITLE.format(1)]
    # The amount on the first page, before the parties.
    new, old = Decimal("318904.93"), Decimal("312345.67")
    amount = styled(document, "Montant")
    assert amount == [
        f"Montant{NBSP}: {euros(new)} – dotation globale de l’exercice 2025, dont "
        f"{euros(Decimal('302959.68'))} à la charge du Département"
    ]
    assert lines.index(amount[0]) < next(i for i, p in enumerate(lines) if p.startswith("Entre"))
    # Each party, authorised by its own deliberation for THIS avenant.
    assert (
        "dûment habilité par la délibération de la Commission permanente n°\u00a02025-045 en "
        f"date du {day('3 février 2025')} autorisant la signature du présent avenant,"
    ) in text
    assert (
        "Présidente, dûment habilitée par la délibération du conseil d’administration en date du "
        f"{day('22 janvier 2025')} autorisant la signature du présent avenant,"
    ) in text
    assert f"délibération du conseil municipal en date du {day('27 janvier 2025')}" in text
    assert f"délibération du conseil municipal en date du {day('30 janvier 2025')}" in text
    assert day("20 novembre 2023") not in text  # the convention's authorisations do not carry over
    # The « Vu » chain: the convention, the budget deliberation by its number, the authorisation.
    assert [p for p in lines if p.startswith("Vu ")] == [
        "Vu la convention de partenariat relative à la mise en œuvre des actions de prévention "
        f"spécialisée signée le {day('15 janvier 2024')}{NNBSP};",
        "Vu la délibération du Conseil départemental n°\u00a02024-512 en date du "
        f"{day('16 décembre 2024')} «{NNBSP}Budget primitif 2025{NNBSP}»{NNBSP};",
        "Vu la délibération de la Commission permanente n°\u00a02025-045 en date du "
        f"{day('3 février 2025')} autorisant la signature du présent avenant{NNBSP};",
    ]
    # A preamble: why, from the budget vote.
    headings = styled(document, "Heading 1")
    assert headings[0] == "Préambule"
    assert (
        f"Par délibération en date du {day('16 décembre 2024')}, le Conseil départemental a "
        f"adopté le budget primitif 2025 et fixé à 2,1{NBSP}% le taux d’évolution des dépenses"
    ) in text
    assert f"la dotation globale de l’exercice 2025 à {euros(new)}, contre {euros(old)}" in text
    # The change: the financial annex replaced as a whole.
    assert headings[1:] == [
        f"Article 1{NBSP}: Modification de l’annexe financière",
        f"Article 2{NBSP}: Autres dispositions",
        f"Article 3{NBSP}: Modalités de versement",
        f"Article 4{NBSP}: Prise d’effet",
    ]
    assert f"L’annexe financière est remplacée par les dispositions suivantes{NBSP}:" in lines
    assert (
        "s’élève à trois cent dix-huit mille neuf cent quatre euros et quatre-vingt-treize "
        f"centimes ({euros(new)})"
    ) in text
    assert assert_found_in_consolidated(document, upto(amended(), 1)) == 1
    # Payment terms and imputation: the Département's share, paid as article 8.1 says.
    assert (
        "Conformément à la convention, la part du Département dans la dotation globale de "
        f"l’exercice 2025, soit {euros(Decimal('302959.68'))}, est versée par douzièmes, chaque "
        "mois, sous réserve de la disponibilité des crédits. Elle est imputée au budget "
        "départemental, chapitre 65, fonction 51."
    ) in lines
    assert "Les autres dispositions de la convention demeurent inchangées." in lines
    assert (
        "Le présent avenant prend effet à la date de sa signature par l’ensemble des parties. "
        "Ses dispositions financières s’appliquent à l’exercice 2025."
    ) in lines
    assert f"Fait à Arras, le {day('20 février 2025')}, en 4 exemplaires originaux." in lines
    parties = signature_blocks(document)
    assert [p[0] for p in parties] == [
        "Pour le Département du Pas-de-Calais",
        "Pour l’association Dupont & Fils <Association>",
        "Pour la Commune d’Arras",
        "Pour la Commune d’Achicourt",
    ]
    assert_clean(document)


# --- avenant n° 2: a third commune, new shares, a new team --------------------------------


def test_avenant_2_states_each_change_by_article_and_alinea() -> None:
    document = amended_avenant(2)
    lines = body(document)
    assert styled(document, "Title") == [TITLE.format(2)]
    assert not styled(document, "Montant")  # no new dotation: no amount on the first page
    assert (
        f"Vu l’avenant n°{NBSP}1 à cette convention, signé le {day('20 février 2025')}{NNBSP};"
        in (lines)
    )
    assert (
        "La Commune de Beaurains, représentée par Madame Rose ESSAI, Maire, dûment habilitée par "
        f"la délibération du conseil municipal en date du {day('28 mai 2025')} autorisant la "
        "signature du présent avenant,"
    ) in lines
    assert [h for h in styled(document, "Heading 1") if h.startswith("Article")] == [
        f"Article 1{NBSP}: Adhésion de la commune de Beaurains",
        f"Article 2{NBSP}: Modification de l’article 2",
        f"Article 3{NBSP}: Modification de l’article 2.2",
        f"Article 4{NBSP}: Modification de l’article 8.1",
        f"Article 5{NBSP}: Modification de l’annexe financière",
        f"Article 6{NBSP}: Autres dispositions",
        f"Article 7{NBSP}: Prise d’effet",
    ]
    assert (
        f"La commune de Beaurains adhère à la convention à compter du {day('16 juin 2025')}. "
        f"Elle participe au financement du service à hauteur de 1,5{NBSP}% de la dotation "
        "globale."
    ) in lines
    verbs = [p for p in lines if "remplacé" in p]
    assert verbs == [
        "Les neuvième à onzième alinéas de l’article 2 sont remplacés par les dispositions "
        f"suivantes{NBSP}:",
        f"Le premier alinéa de l’article 2.2 est remplacé par les dispositions suivantes{NBSP}:",
        "Les cinquième et sixième alinéas de l’article 8.1 sont remplacés par les dispositions "
        f"suivantes{NBSP}:",
        "Les quatrième et cinquième alinéas de l’annexe financière sont remplacés par les "
        f"dispositions suivantes{NBSP}:",
    ]
    assert assert_found_in_consolidated(document, amended()) == 4
    quoted = quotation(articles(document)[2][1])
    assert quoted == [
        f"4,5{NBSP}ETP de travailleurs sociaux{NNBSP};",
        f"0,5{NBSP}ETP d’administratif.",
    ]
    data = yaml.safe_load(AMENDED.read_text(encoding="utf-8"))
    shares = {
        c["nom"]: Decimal(str(c["part"])) for c in data["avenants"][1]["modifications"]["communes"]
    }
    assert shares == {"Arras": 2, "Achicourt": Decimal("1.5"), "Beaurains": Decimal("1.5")}
    annex = quotation(articles(document)[5][1])
    dotation = Decimal(str(data["avenants"][0]["modifications"]["dotation"]["montant"]))
    amounts = [
        Decimal(re.sub(r"[^\d,]", "", line.split("soit ")[1]).replace(",", ".")) for line in annex
    ]
    assert sum(amounts) == Decimal("15945.25")
    for value, share in zip(amounts, shares.values(), strict=True):
        assert abs(value - dotation * share / 100) < CENT
    assert len(signature_blocks(document)) == 5
    assert_clean(document)


def test_an_avenant_changing_everything_with_draft_values() -> None:
    """Communes, dotation and term in one avenant; a commune leaves; nothing signed yet."""
    convention = amended()
    arras, achicourt, _ = convention.avenants[1].communes or ()
    third = Avenant(
        number=3,
        subject="Départ de Beaurains, dotation 2026 et durée ferme",
        authorisation=Authorisation("Conseil départemental", None, None),
        signature=Signature("Arras", None, None),
        dotation=DotationChange(2026, Decimal("300000")),
        communes=(
            dataclasses.replace(arras, share=Decimal("2.5")),
            dataclasses.replace(achicourt, share=Decimal("2.5")),
        ),
        term=Term(date(2026, 1, 1), TermKind.FIXED, years=3, notice_months=3),
    )
    amended3 = dataclasses.replace(convention, avenants=(*convention.avenants, third))
    document = open_docx(render.render_avenant(amended3, 3))
    lines = body(document)
    assert (
        f"La commune de Beaurains cesse d’être partie à la convention à compter du {render.BLANK}. "
        "Sa participation au financement du service, de 1,5\u00a0% de la dotation globale, prend "
        "fin à la même date."
    ) in lines
    assert f"Vu l’avenant n°{NBSP}2 à cette convention, signé le {day('16 juin 2025')}{NNBSP};" in (
        lines
    )
    assert (
        f"Vu la délibération du Conseil départemental n°{NBSP}{render.BLANK} en date du "
        f"{render.BLANK} autorisant la signature du présent avenant{NNBSP};"
    ) in lines
    # Both alinéas of article 10 change: the whole article is replaced, heading included.
    assert f"L’article 10 est remplacé par les dispositions suivantes{NBSP}:" in lines
    assert assert_found_in_consolidated(document, amended3) >= 4
    assert f"Fait à Arras, le {render.BLANK}, en {render.BLANK} exemplaires originaux." in lines
    assert "Montant" in styled(document, "Montant")[0]
    assert_clean(document)


def test_unknown_avenant_number_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="n'a pas d'avenant n° 3"):
        render.render_avenant(amended(), 3)
    with pytest.raises(UsageError) as error:
        render.avenant_context(check_paths([VALID]).conventions[0], 1, render.run())
    assert error.value.hint == "elle n'a encore aucun avenant"


# --- how a change is worded, on units built here ------------------------------------------


def unit(heading: str, *texts: str) -> Unit:
    return Unit(
        Alinea("heading", heading), cite(heading, None), tuple(Alinea("text", t) for t in texts)
    )


def test_citations_come_from_the_headings() -> None:
    article = cite(f"Article 9{NBSP}: Protection des données", None)
    assert article == Citation("l’article 9", "un article 9", False)
    assert cite("8.1 Modalité de calcul", article).the == "l’article 8.1"
    assert cite("Annexe financière", None).the == "l’annexe financière"
    assert cite("Préambule", None).the == "le préambule"
    section = cite("Sort des données", article)
    assert section.the == f"la section «{NNBSP}Sort des données{NNBSP}» de l’article 9"
    assert section.feminine


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_STYLES = f"""<w:styles {_W}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="T1"><w:name w:val="heading 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Mon article"/>
  <w:basedOn w:val="T1"/></w:style>
<w:style w:type="paragraph" w:styleId="Puce"><w:name w:val="List Bullet"/></w:style>
<w:style w:type="paragraph" w:styleId="Puce2"><w:name w:val="List Bullet 2"/></w:style>
<w:style w:type="paragraph" w:styleId="Fait"><w:name w:val="Lieu et date"/></w:style>
</w:styles>"""


def _paragraph(text: str, properties: str = "") -> str:
    return f"<w:p><w:pPr>{properties}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"


def test_a_rendering_is_cut_into_units_by_the_styles_its_paragraphs_have() -> None:
    style = '<w:pStyle w:val="{}"/>'.format
    body = "".join(
        [
            "<w:p><w:r><w:t>Convention</w:t></w:r></w:p>",  # before any heading: no unit
            _paragraph("Article 1 : Objet", style("T1")),
            # Its runs read as python-docx reads them: tabs, breaks, no-break hyphens.
            "<w:p><w:r><w:t>Un</w:t><w:tab/><w:t>deux</w:t><w:br/><w:t>trois</w:t>"
            "<w:noBreakHyphen/></w:r><w:r><w:t xml:space='preserve'> quatre </w:t></w:r></w:p>",
            _paragraph("numéroté", '<w:numPr><w:ilvl w:val="0"/></w:numPr>'),
            _paragraph("puce", style("Puce")),
            _paragraph("sous-puce", style("Puce2")),
            _paragraph("1.1 Détail", '<w:outlineLvl w:val="1"/>'),  # its own level: 2
            _paragraph("pas un titre", style("T1") + '<w:outlineLvl w:val="4"/>'),
            "<w:tbl><w:tr><w:tc>" + _paragraph("dans un tableau") + "</w:tc></w:tr></w:tbl>",
            _paragraph("Article 2 : Durée", style("Mine")),  # a heading by its base style
            _paragraph("   "),  # blank: no alinéa
            _paragraph("Fait à Arras", style("Fait")),  # the signatures: no unit
            _paragraph("signature"),
            _paragraph("Annexe financière", style("T1")),
            _paragraph("le tableau"),
        ]
    )
    document = f"<w:document {_W}><w:body>{body}<w:sectPr/></w:body></w:document>"
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", _STYLES)
    found = [
        (u.key, u.heading.text, [(a.style, a.text) for a in u.alineas])
        for u in units(data.getvalue())
    ]
    assert found == [
        (
            "l’article 1",
            "Article 1 : Objet",
            [
                ("text", "Un\tdeux\ntrois- quatre"),
                ("item", "numéroté"),
                ("item", "puce"),
                ("subitem", "sous-puce"),
            ],
        ),
        (
            "l’article 1.1",
            "1.1 Détail",
            [("text", "pas un titre"), ("text", "dans un tableau")],
        ),
        ("l’article 2", "Article 2 : Durée", []),
        ("l’annexe financière", "Annexe financière", [("text", "le tableau")]),
    ]


def test_each_kind_of_change_has_its_parts() -> None:
    before = (unit("Article 1 : Objet", "a", "b", "c", "d"), unit("Article 2 : Durée", "x"))
    (change,) = modifications(before, (unit("Article 1 : Objet", "a", "B", "C", "d"), before[1]))
    assert (change.kind, change.first, change.last, change.count) == (
        "replace_range",
        "deuxième",
        "troisième",
        2,
    )
    assert [a.text for a in change.text] == ["B", "C"]
    (change,) = modifications(
        before, (unit("Article 1 : Objet", "a", "b", "new", "c", "d"), before[1])
    )
    assert (change.kind, change.after, change.added) == ("insert", "deuxième", 1)
    (change,) = modifications(before, (unit("Article 1 : Objet", "a", "d"), before[1]))
    assert (change.kind, change.first, change.last) == ("delete", "deuxième", "troisième")
    (change,) = modifications(before, (unit("Article 1 : Objet", "w", "x", "y", "z"), before[1]))
    assert change.kind == "replace" and change.text[0].text == "Article 1 : Objet"
    (change,) = modifications(before, (before[0],))
    assert (change.kind, change.target) == ("delete_unit", "l’article 2")
    (change,) = modifications(before, (*before, unit("Article 3 : Nouveau", "n")))
    assert (change.kind, change.a_target, change.after_target) == (
        "add_unit",
        "un article 3",
        "l’article 2",
    )
    assert modifications(before, before) == ()


# --- the budget avenants of the Pas-de-Calais -------------------------------------------


def test_every_pas_de_calais_service_gets_a_budget_avenant() -> None:
    assert len(budget_revaluations()) == 8


@pytest.mark.parametrize("index", range(8))
def test_pas_de_calais_budget_avenant(index: int) -> None:
    revaluation = budget_revaluations()[index]
    convention = revaluation.amended
    document = open_docx(render.render_avenant(convention, revaluation.avenant.number))
    text, lines = full_text(document), body(document)
    data = yaml.safe_load(convention.source.read_text(encoding="utf-8"))
    previous = Decimal(str(data["financement"]["dotation"]))
    measures = Decimal(15000) if convention.slug == "rencontres-et-loisirs" else Decimal(0)
    new = (previous * Decimal("1.021")).quantize(CENT, rounding=ROUND_HALF_UP) + measures

    assert styled(document, "Title") == [TITLE.format(1)]
    assert styled(document, "Montant")[0].startswith(f"Montant{NBSP}: {euros(new)} – dotation")
    assert f"Objet{NBSP}: Dotation 2025 après le vote du budget primitif" in text
    assert (
        "Vu la délibération du Conseil départemental n°\u00a02024-512 en date du "
        f"{day('16 décembre 2024')} «{NNBSP}Budget primitif 2025{NNBSP}»{NNBSP};"
    ) in lines
    assert f"s’élève à {amount_in_words(new)} ({euros(new)})" in text
    assert f"à {euros(new)}, contre {euros(previous)} pour l’exercice 2024." in text
    if measures:
        assert f"ainsi qu’une mesure nouvelle de {euros(measures)} pour ce service." in text
    assert f"L’annexe financière est remplacée par les dispositions suivantes{NBSP}:" in lines
    assert assert_found_in_consolidated(document, convention) == 1
    assert "sous réserve de la disponibilité des crédits" in text
    parties = 2 + len(convention.communes)
    assert len(signature_blocks(document)) == parties
    assert f"le {day('24 février 2025')}, en {parties} exemplaires originaux." in text
    assert_clean(document)


# --- the consolidated convention -----------------------------------------------------------


def test_the_consolidated_version_is_a_reading_aid_nobody_signs() -> None:
    document = open_docx(render.render_consolidated(amended()))
    text, lines = full_text(document), body(document)
    assert styled(document, "Title") == ["CONVENTION"]
    mention = styled(document, "Version consolidée")
    assert mention == [
        "Version consolidée – document non contractuel",
        "Texte de la convention tel que modifié par les avenants ci-dessous. Seuls la "
        "convention et ses avenants signés font foi.",
        f"avenant n°{NBSP}1 signé le {day('20 février 2025')}{NBSP}: Dotation 2025{NNBSP};",
        f"avenant n°{NBSP}2 signé le {day('16 juin 2025')}{NBSP}: Arrivée de la commune de "
        "Beaurains et nouvelle équipe.",
    ]
    assert not [p for p in lines if p.startswith("Fait à")]
    assert not styled(document, "Lieu et date")
    assert not document.tables  # no signature boxes
    assert "Pour le Département" not in text
    header = document.sections[0].header.paragraphs[0].text
    assert header.endswith("«\u202fService d’essai\u202f» (version consolidée)")
    assert f"({euros(Decimal('318904.93'))}), répartie entre les signataires" in text
    assert "312\u202f345,67" not in text
    assert f"4,5{NBSP}ETP de travailleurs sociaux{NNBSP};" in styled(document, "List Bullet")
    assert "agent d’entretien" not in text  # the team of avenant n° 2 has none
    assert_clean(document)


def test_the_consolidated_version_after_one_avenant() -> None:
    one = open_docx(render.render_consolidated(upto(amended(), 1)))
    assert "Texte de la convention tel que modifié par l’avenant ci-dessous." in full_text(one)
    assert f"3,83{NBSP}ETP de travailleurs sociaux{NNBSP};" in styled(one, "List Bullet")


def test_a_convention_without_avenant_is_not_marked_consolidated() -> None:
    as_signed = full_text(open_docx(render.render_convention(amended())))
    assert "ersion consolidée" not in as_signed and "Avenant n°" not in as_signed
    assert f"({euros(Decimal('312345.67'))})" in as_signed
    valid = check_paths([VALID]).conventions[0]
    plain = full_text(open_docx(render.render_convention(valid)))
    assert full_text(open_docx(render.render_consolidated(valid))) == plain
    assert "ersion consolidée" not in plain


# --- checks before signing -----------------------------------------------------------------


def test_for_signature_requires_each_partys_own_authorisation(tmp_path: Path) -> None:
    signing = check_paths([AMENDED], for_signature=True).findings
    assert not [f for f in signing if f.path.startswith("avenants")], signing
    text = AMENDED.read_text(encoding="utf-8")
    own = '      communes:\n        "62041": 2025-05-26\n        "62004": 2025-05-27\n'
    own += '        "62099": 2025-05-28\n'
    draft = text.replace(own, "").replace("      exemplaires: 5\n", "")
    assert draft.count("\n") == text.count("\n") - 5
    folder = make_project(tmp_path, "essai", source=DATA / "contracts" / "departement.yaml")
    path = folder / "amended.yaml"
    path.write_text(draft, encoding="utf-8")
    found = check_paths([path], for_signature=True).findings
    avenant = [(f.path, f.rule) for f in found if f.path.startswith("avenants")]
    assert sorted(avenant) == [
        ("avenants[1].habilitations.communes.62004", "signature-incomplete"),
        ("avenants[1].habilitations.communes.62041", "signature-incomplete"),
        ("avenants[1].habilitations.communes.62099", "signature-incomplete"),
        ("avenants[1].signature.exemplaires", "signature-incomplete"),
    ]
    beaurains = next(f for f in found if f.path.endswith("62099"))
    assert "conseil municipal de Beaurains autorisant l'avenant n° 2" in beaurains.message
    assert "celle de la convention ne vaut pas pour ses avenants" in beaurains.hint
    assert check_paths([path]).findings == []  # a draft may leave them blank


# --- the template --------------------------------------------------------------------------


def test_avenant_fields_document_the_template() -> None:
    convention = amended()
    path = template_for(convention.departement, "avenant")
    assert template_fields(path) <= set(render.AVENANT_FIELDS)
    context = as_mapping(render.avenant_context(convention, 1, render.run()))
    top = {name.split(".")[0].split("[")[0] for name in render.AVENANT_FIELDS}
    assert top == {member.french for member in members(AvenantContext).values()}
    assert top <= set(context)


# --- as a user sees it ---------------------------------------------------------------------


def test_libreoffice_prints_the_avenant_with_its_signatures_after_its_text() -> None:
    text = docx_pdf_text(render.render_avenant(amended(), 2)).replace(NBSP, " ")
    assert "Avenant n° 2 à la convention de partenariat" in text
    assert "Vu l’avenant n° 1 à cette convention, signé le 20 février 2025" in text
    assert "Commune de Beaurains" in text
    # « Fait à » and the first signatures stay on the page of the last article.
    pages = text.split("Page ")
    signed = next(page for page in pages if "Fait à Arras" in page)
    assert "Prise d’effet" in signed and "Jean-Claude LEROY" in signed
