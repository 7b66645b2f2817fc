"""Build the Word models of a deliberation and of its annexes.

The templates are the source of truth (legal staff edit them in Word); this script served
to build the three .docx below, and running it again overwrites edits made in Word:

- ``docgen/templates/deliberation.docx``: the deliberation, shaped like the Pas-de-Calais'
  n° 2023-601 (seed 001): header, members, « Vu », « DÉCIDE : », articles with the table
  of the services, the vote, « (Adopté) », place, date and signatures;
- ``docgen/templates/annexe-financiere.docx``: one row per service (dotation, Département's part,
  communes' part), one sub-row per commune, a bold total row; for avenants, the dotation
  before and after;
- ``docgen/templates/liste-conventions.docx``: the conventions or avenants to sign, their parties
  and signatories.

The values come from ``docgen.render.deliberation`` (the names each template may use are
the keys of its ``…_context`` function). As in ``make_templates.py`` (whose helpers this
reuses), the text is data: (style, text) items where ``**bold**`` marks runs, typed with
plain spaces and apostrophes and made typographically French at build time.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_templates import (
    add_runs,
    save_template,
    set_font,
    setup_page,
    setup_styles,
)
from wording import CTL, H1, LI, TITLE, P

from docgen.core.ordinals import superscript_tree

BANNER = "Bandeau"  # « DÉPARTEMENT DU PAS-DE-CALAIS », centred capitals
BANNER_SMALL = "Bandeau (séance)"  # « RÉUNION DU … », « PRÉSIDENCE DE … »
MENTION = "Mention"  # transmission dates, annex heading: small, grey
SUBJECT = "Objet de la délibération"
CENTRED = "Centré"  # « (n° 2023-601) », « DÉCIDE : », « (Adopté) »
RIGHT = "À droite"  # « Arras, le … »
INTRO = "Avant un tableau"  # the paragraph that announces a table stays on its page
CELL = "Texte de tableau"  # 9 pt, single-spaced: a table of 8 services fits on a page
TABLE = "table"  # one of TABLES below
VOTE = "vote"  # the vote, in a box
SIGNATURES = "signatures"  # the signature block of the deliberation

GREY = RGBColor(0x59, 0x59, 0x59)

DELIBERATION_HEADER = (
    "Délibération n° {{ deliberation.number }} – {{ deliberation.assembly }} du {{ meeting_date }}"
)

DELIBERATION: list[tuple[str, str]] = [
    # The prefecture's acknowledgement and the transmission, as published acts carry them.
    (CTL, "{%p if acknowledgement %}"),
    (MENTION, "Accusé de réception de la préfecture : {{ acknowledgement }}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if received %}"),
    (MENTION, "Date de réception en préfecture le : {{ received }}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if sent %}"),
    (MENTION, "Envoi au contrôle de légalité le : {{ sent }}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if published %}"),
    (MENTION, "Publication électronique le : {{ published }}"),
    (CTL, "{%p endif %}"),
    (BANNER, "{{ departement.full_name }}"),
    (BANNER, "Délibération {{ assembly_title }}"),
    (BANNER_SMALL, "Réunion du {{ meeting_date }}"),
    (CTL, "{%p if convocation %}"),
    (BANNER_SMALL, "Suite à la convocation en date du {{ convocation }}"),
    (CTL, "{%p endif %}"),
    (BANNER_SMALL, "Présidence de {{ chair }}"),
    (CTL, "{%p if secretary %}"),
    (P, "**Secrétaire :** {{ secretary }}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if in_office %}"),
    (P, "**Membres en exercice :** {{ in_office }}"),
    (CTL, "{%p endif %}"),
    (P, "**Étaient présents :** {{ present }}."),
    (CTL, "{%p if represented %}"),
    (P, "**Absents représentés :** {{ represented }}."),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if excused %}"),
    (P, "**Excusé(s) :** {{ excused }}."),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if absent %}"),
    (P, "**Absent(s) :** {{ absent }}."),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if without_vote %}"),
    (P, "**Excusé(s) sans voix délibérative :** {{ without_vote }}."),
    (CTL, "{%p endif %}"),
    (SUBJECT, "{{ deliberation.subject }}"),
    (CENTRED, "(n° {{ deliberation.number }})"),
    (P, "{{ assembly_subject }},"),
    (CTL, "{%p for visa in visas %}"),
    (P, "**Vu** {{ visa }} ;"),
    (CTL, "{%p endfor %}"),
    (P, "Après en avoir délibéré,"),
    (CENTRED, "**DÉCIDE :**"),
    (CTL, "{%p if article_model %}"),
    (H1, "Article {{ article_model }} :"),
    (
        P,
        "De valider le projet type de convention de partenariat relative à la mise en œuvre des "
        "actions de prévention spécialisée, dans les termes du projet joint en annexe "
        "{{ model_annex }} à la présente délibération.",
    ),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if article_conventions %}"),
    (H1, "Article {{ article_conventions }} :"),
    (
        INTRO,
        "D'autoriser {{ president_the_title }} du Conseil départemental à signer, au nom et pour "
        "le compte du Département, {{ conventions_with }} les modalités de partenariat relatives "
        "à la mise en œuvre des actions de prévention spécialisée{% if model_annex %}, dans les "
        "termes du projet joint en annexe {{ model_annex }} à la présente délibération"
        "{% endif %} :",
    ),
    (TABLE, "conventions"),
    (
        P,
        "Le montant de chaque dotation et sa répartition entre le Département et les communes "
        "figurent à l'annexe {{ financial_annex }} (annexe financière) ; les parties et les "
        "signataires de chaque convention, à l'annexe {{ list_annex }}.",
    ),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if article_avenants %}"),
    (H1, "Article {{ article_avenants }} :"),
    (
        INTRO,
        "D'autoriser {{ president_the_title }} du Conseil départemental à signer, au nom et pour "
        "le compte du Département, {{ avenants_with }} de partenariat relatives à la mise en "
        "œuvre des actions de prévention spécialisée, dans les termes "
        "{% if avenant_rows|length == 1 %}du projet joint en annexe{% else %}des projets "
        "joints en annexes{% endif %} {{ avenant_annexes }} à la présente délibération"
        "{% if commitment is not none %}, à hauteur de {{ commitment|amount(cents) }} pour la "
        "part du Département{% endif %} :",
    ),
    (TABLE, "avenants"),
    (
        P,
        "La dotation avant et après chaque avenant et sa répartition entre le Département et les "
        "communes figurent à l'annexe {{ financial_annex }} (annexe financière) ; les parties et "
        "les signataires de chaque avenant, à l'annexe {{ list_annex }}.",
    ),
    (CTL, "{%p endif %}"),
    # The expense: how much the Département commits, on which budget line.
    (CTL, "{%p if article_commitment %}"),
    (H1, "Article {{ article_commitment }} :"),
    (
        INTRO,
        "De dire que la dépense correspondante, soit {{ commitment|amount(cents) }} pour la part "
        "du Département, est imputée au budget départemental, "
        "{{ departement.payment.imputation }}, sous réserve de la disponibilité des crédits :",
    ),
    (TABLE, "commitments"),
    (CTL, "{%p endif %}"),
    (INTRO, "**Annexes :**"),
    (CTL, "{%p for annex in annexes %}"),
    (LI, "annexe {{ annex.number }} : {{ annex.title }}{% if loop.last %}.{% else %} ;{% endif %}"),
    (CTL, "{%p endfor %}"),
    (INTRO, "Dans les conditions de vote ci-dessous :"),
    (VOTE, ""),
    (CENTRED, "**(Adopté)**"),
    (RIGHT, "{{ place }}, le {{ meeting_date }}"),
    (SIGNATURES, ""),
]

VOTE_LINES: list[tuple[str, str]] = [
    (CTL, "{%p if quorum_checked %}"),
    (
        P,
        "Le quorum a été vérifié{% if in_office %} : {{ quorum_present }} membres présents sur "
        "{{ in_office }} en exercice{% endif %}.",
    ),
    (CTL, "{%p endif %}"),
    (
        P,
        "Au moment du vote : {{ tally_present }} présents, {{ tally_proxies }} "
        "représenté{% if tally_proxies > 1 %}s{% endif %} ; votants : {{ tally_voters }}.",
    ),
    (P, "Pour : {{ vote.yes.count }} voix{{ vote.yes.in_brackets }}"),
    (P, "Contre : {{ vote.no.count }} voix{{ vote.no.in_brackets }}"),
    (P, "Abstention : {{ vote.abstentions.count }} voix{{ vote.abstentions.in_brackets }}"),
    (CTL, "{%p if vote.not_taking_part %}"),
    (
        P,
        "Ne prennent pas part au vote : {{ vote.not_taking_part.count }}"
        "{{ vote.not_taking_part.in_brackets }}",
    ),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if vote.absent_without_proxy %}"),
    (
        P,
        "Absents sans délégation de vote : {{ vote.absent_without_proxy.count }}"
        "{{ vote.absent_without_proxy.in_brackets }}",
    ),
    (CTL, "{%p endif %}"),
    (
        P,
        "Suffrages exprimés : {{ vote.cast }} – majorité absolue des suffrages exprimés : "
        "{{ vote.majority }}.",
    ),
]

SIGNATURE_LEFT = [
    "{{ chair_role }},",
    "{%p if signed and not signatory %}",
    "{{ signed }}",
    "{%p endif %}",
    "",
    "",
    "**{{ chair_name }}**",
]
SIGNATURE_RIGHT = [
    "{%p if signatory %}",
    "{%p for line in signatory.title %}",
    "{{ line }}",
    "{%p endfor %}",
    "{%p if signed %}",
    "{{ signed }}",
    "{%p endif %}",
    "",
    "**{{ signatory.name }}**",
    "{%p endif %}",
]


class Column:
    """A table column: header, the tag of each kind of row, width, alignment."""

    def __init__(self, header: str, width: float, cells: dict[str, str], right: bool = False):
        self.header = header
        self.width = Cm(width)
        self.cells = cells  # row kind → text; kinds: "row", "commune", "total"
        self.right = right


def _money(name: str, of: str = "line") -> str:
    # One style of amount per document: the Département's (montants:), cents only when
    # not whole by default, as in its conventions.
    return "{{ " + of + "." + name + "|amount(cents) }}"


# name → (loop variable, list looped over, columns)
TABLES: dict[str, tuple[str, str, list[Column]]] = {
    # The deliberation's tables: one row per service.
    "conventions": (
        "row",
        "convention_rows",
        [
            Column("Service de prévention spécialisée", 5.2, {"row": "« {{ row.service }} »"}),
            Column("Structure gestionnaire", 5.7, {"row": "{{ row.association }}"}),
            Column("Communes d'intervention et co-financeuses", 5.7, {"row": "{{ row.communes }}"}),
        ],
    ),
    "avenants": (
        "row",
        "avenant_rows",
        [
            Column("Service de prévention spécialisée", 3.9, {"row": "« {{ row.service }} »"}),
            Column("Structure gestionnaire", 4.0, {"row": "{{ row.association }}"}),
            Column("Communes co-financeuses", 3.7, {"row": "{{ row.communes }}"}),
            Column("Avenant", 2.4, {"row": "{{ row.act }}"}),
            Column("Nouvelle dotation", 2.6, {"row": _money("dotation", "row")}, right=True),
        ],
    ),
    # The financial annex (landscape): services, then their communes, then the total.
    "annex-conventions": (
        "line",
        "convention_lines",
        [
            Column(
                "Service de prévention spécialisée et structure gestionnaire",
                9.7,
                {"row": "**{{ line.label }}**", "commune": "{{ line.commune }}", "total": "Total"},
            ),
            Column("Exercice", 2.2, {"row": "{{ line.year }}"}, right=True),
            Column(
                "Dotation",
                4.4,
                {"row": _money("dotation"), "total": _money("dotation", "convention_totals")},
                right=True,
            ),
            Column(
                "Part du Département{{ departement_share }}",
                4.4,
                {
                    "row": _money("departement"),
                    "total": _money("departement", "convention_totals"),
                },
                right=True,
            ),
            Column(
                "Part des communes{{ communes_share }}",
                4.4,
                {
                    "row": _money("communes"),
                    "commune": _money("amount"),
                    "total": _money("communes", "convention_totals"),
                },
                right=True,
            ),
        ],
    ),
    "annex-avenants": (
        "line",
        "avenant_lines",
        [
            Column(
                "Service de prévention spécialisée et structure gestionnaire",
                7.3,
                {"row": "**{{ line.label }}**", "commune": "{{ line.commune }}", "total": "Total"},
            ),
            Column("Avenant", 2.2, {"row": "{{ line.act }} ({{ line.year }})"}),
            Column(
                "Dotation précédente",
                3.9,
                {"row": _money("previous"), "total": _money("previous", "avenant_totals")},
                right=True,
            ),
            Column(
                "Nouvelle dotation",
                3.9,
                {"row": _money("dotation"), "total": _money("dotation", "avenant_totals")},
                right=True,
            ),
            Column(
                "Part du Département{{ departement_share }}",
                3.9,
                {"row": _money("departement"), "total": _money("departement", "avenant_totals")},
                right=True,
            ),
            Column(
                "Part des communes{{ communes_share }}",
                3.9,
                {
                    "row": _money("communes"),
                    "commune": _money("amount"),
                    "total": _money("communes", "avenant_totals"),
                },
                right=True,
            ),
        ],
    ),
    # The expense the deliberation commits, by exercice (the deliberation).
    "commitments": (
        "c",
        "commitments",
        [
            Column("Imputation", 5.0, {"row": "{{ departement.payment.imputation }}"}),
            Column("Exercice", 2.0, {"row": "{{ c.year }}"}, right=True),
            Column("Dotations globales", 3.2, {"row": _money("dotations", "c")}, right=True),
            Column("Part des communes", 3.0, {"row": _money("communes", "c")}, right=True),
            Column(
                "Engagement du Département", 3.4, {"row": _money("departement", "c")}, right=True
            ),
        ],
    ),
    # The list of documents to sign (landscape).
    "signing": (
        "row",
        "rows",
        [
            Column("Service de prévention spécialisée", 4.2, {"row": "**« {{ row.service }} »**"}),
            Column("Acte", 4.3, {"row": "**{{ row.act }}**\n{{ row.subject }}"}),
            Column("Parties", 5.3, {"row": "{{ row.parties }}"}),
            Column("Signataires", 7.5, {"row": "{{ row.signatories }}"}),
            Column("Signature prévue", 4.0, {"row": "{{ row.signature }}"}),
        ],
    ),
}

ANNEX_HEADER = "Délibération n° {{ deliberation.number }} – annexe {{ annex.number }}"

FINANCIAL_ANNEX: list[tuple[str, str]] = [
    (MENTION, "{{ heading }}"),
    (TITLE, "Annexe financière"),
    (
        CENTRED,
        "Dotations {{ years }} des services de prévention spécialisée et leur répartition entre "
        "le Département et les communes co-financeuses",
    ),
    (CTL, "{%p if convention_lines %}"),
    (H1, "Conventions"),
    (TABLE, "annex-conventions"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if avenant_lines %}"),
    (H1, "Avenants"),
    (TABLE, "annex-avenants"),
    (CTL, "{%p endif %}"),
    (
        MENTION,
        "Montants en euros, arrondis au centime. Pour chaque service, la part du Département et "
        "celle des communes font la dotation, et les parts des communes celle des communes, "
        "comme dans sa convention.",
    ),
]

SIGNING_LIST: list[tuple[str, str]] = [
    (MENTION, "{{ heading }}"),
    (TITLE, "{{ title }}"),
    (TABLE, "signing"),
]


def setup_deliberation_styles(document: DocxDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    for name, size, bold, caps, centred in (
        (BANNER, 12, True, True, True),
        (BANNER_SMALL, 11, False, True, True),
        (SUBJECT, 12, True, True, True),
        (CENTRED, 11, None, False, True),
        (MENTION, 9, None, False, False),
        (RIGHT, 11, None, False, False),
        (INTRO, 11, None, False, False),
        (CELL, 9, None, False, False),
    ):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        set_font(style, size, bold)
        style.font.all_caps = caps or None
        if centred:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles[SUBJECT].paragraph_format.space_before = Pt(18)
    styles[SUBJECT].paragraph_format.space_after = Pt(6)
    styles[BANNER_SMALL].paragraph_format.space_after = Pt(2)
    styles[MENTION].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    styles[RIGHT].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    styles[RIGHT].paragraph_format.space_before = Pt(12)
    styles[RIGHT].paragraph_format.keep_with_next = True
    styles[CENTRED].paragraph_format.keep_with_next = True
    styles[CENTRED].paragraph_format.space_before = Pt(6)
    styles[INTRO].paragraph_format.keep_with_next = True
    styles[CELL].paragraph_format.space_after = Pt(0)
    styles[CELL].paragraph_format.line_spacing = 1.0
    styles[INTRO].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    styles[MENTION].font.color.rgb = GREY


def landscape(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)


def _cell(cell: _Cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    """Text in a table cell; a line break in ``text`` starts a new paragraph."""
    for index, line in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.style = cell.part.document.styles[CELL]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
        if line:
            add_runs(paragraph, f"**{line}**" if bold else line)


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _no_split(row_index: int, table: Table) -> None:
    table.rows[row_index]._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


def add_table(document: DocxDocument, name: str) -> None:
    """Header row, then a {%tr for %} loop over the rows (services, their communes), and a
    bold total row when the columns define one."""
    variable, items, columns = TABLES[name]
    kinds = [kind for kind in ("row", "commune", "total") if any(kind in c.cells for c in columns)]
    # header, for, (if, commune, else, row, endif) or row, endfor, (total)
    layout: list[tuple[str, str]] = [
        ("header", ""),
        ("tag", f"{{%tr for {variable} in {items} %}}"),
    ]
    if "commune" in kinds:
        layout += [
            ("tag", f"{{%tr if {variable}.commune %}}"),
            ("commune", ""),
            ("tag", "{%tr else %}"),
            ("row", ""),
            ("tag", "{%tr endif %}"),
        ]
    else:
        layout.append(("row", ""))
    layout.append(("tag", "{%tr endfor %}"))
    if "total" in kinds:
        layout.append(("total", ""))
    table = document.add_table(rows=len(layout), cols=len(columns))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, spec in zip(table.columns, columns, strict=True):
        column.width = spec.width  # w:gridCol, which LibreOffice follows
    for index, (kind, tag) in enumerate(layout):
        cells = table.rows[index].cells
        for cell, spec in zip(cells, columns, strict=True):
            cell.width = spec.width
        if kind == "tag":
            cells[0].paragraphs[0].add_run(tag)
            continue
        _no_split(index, table)
        for cell, spec in zip(cells, columns, strict=True):
            if kind == "header":
                _cell(cell, spec.header, bold=True, right=spec.right)
                _shade(cell, "D9E2F3")
            else:
                text = spec.cells.get(kind, "")
                _cell(cell, text, bold=kind == "total", right=spec.right)
                if kind == "total":
                    _shade(cell, "F2F2F2")
                elif kind == "commune" and not spec.right:
                    cell.paragraphs[0].paragraph_format.left_indent = Cm(0.5)
                    for run in cell.paragraphs[0].runs:
                        run.italic = True
                if kind in ("header", "row") and "commune" in kinds:
                    # A service's row stays on the page of its communes' rows.
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.keep_with_next = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def add_vote_box(document: DocxDocument) -> None:
    """The vote in a one-cell table, as the Pas-de-Calais prints it."""
    table = document.add_table(rows=1, cols=1)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_split(0, table)
    cell = table.cell(0, 0)
    cell.width = Cm(16.6)
    _fill(cell, VOTE_LINES)


def _fill(cell: _Cell, items: Sequence[tuple[str, str]]) -> None:
    for index, (style, text) in enumerate(items):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        # The vote, « (Adopté) » and the signatures stay on one page.
        paragraph.paragraph_format.keep_with_next = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if style == CTL:
            paragraph.add_run(text)
        elif text:
            add_runs(paragraph, text)


def add_signatures(document: DocxDocument) -> None:
    """The chair on the left; on the right, who signs by delegation (if anyone)."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_split(0, table)
    for cell, lines in zip(table.rows[0].cells, (SIGNATURE_LEFT, SIGNATURE_RIGHT), strict=True):
        cell.width = Cm(8.3)
        _fill(cell, [(CTL if line.startswith("{%p") else P, line) for line in lines])


def _build(items: list[tuple[str, str]], header: str, title: str, wide: bool) -> DocxDocument:
    document = Document()
    setup_styles(document)
    setup_deliberation_styles(document)
    setup_page(document, header)
    if wide:
        landscape(document)
    props = document.core_properties
    props.title = title
    props.author = "docgen"
    props.language = "fr-FR"
    body = document.element.body
    for paragraph in list(document.paragraphs):  # the stock template's empty paragraph
        body.remove(paragraph._p)
    after_table = False
    for style, text in items:
        if style == TABLE:
            add_table(document, text)
        elif style == VOTE:
            add_vote_box(document)
        elif style == SIGNATURES:
            add_signatures(document)
        elif style == CTL:
            document.add_paragraph().add_run(text)
            continue
        else:
            paragraph = document.add_paragraph(style=style)
            add_runs(paragraph, text)
            if after_table:  # a table has no space after it: give it to what follows
                paragraph.paragraph_format.space_before = Pt(12)
        after_table = style in (TABLE, VOTE, SIGNATURES)
    superscript_tree(document.element.body)  # 1er, 2e (docgen.core.ordinals)
    return document


def build_all() -> dict[str, DocxDocument]:
    return {
        "deliberation": _build(DELIBERATION, DELIBERATION_HEADER, "Délibération", wide=False),
        "annexe-financiere": _build(FINANCIAL_ANNEX, ANNEX_HEADER, "Annexe financière", True),
        "liste-conventions": _build(SIGNING_LIST, ANNEX_HEADER, "Liste à signer", wide=True),
    }


def main() -> None:
    for name, document in build_all().items():
        save_template(document, name, f"Modèle docgen : {name}")


if __name__ == "__main__":
    main()
