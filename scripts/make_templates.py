"""Build ``docgen/templates/convention.docx`` and ``avenant.docx`` from ``wording.py``.

The templates are the source of truth: legal staff edit them in Word or LibreOffice (Word
styles, docxtpl tags ``{{ … }}``, ``{%p … %}`` paragraph loops, ``{%tr … %}`` row loops;
the names a tag may use are in the README). This script served to build them; running it
again overwrites any edit made in Word, and no test compares a template with it.

It lays the wording out with Word styles, makes it typographically French (no-break
spaces before « : ; ! ? », inside guillemets, after « n° » and inside dates, ’), sets the
ordinals in superscript (``docgen.core.ordinals``), keeps titles with what follows and
the signatures with the text before them.
"""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, datetime
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
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from wording import (  # noqa: E402
    AMOUNT,
    ANNEX_TITLE,
    AVENANT,
    AVENANT_HEADER,
    CONSOLIDATED,
    CONVENTION,
    CTL,
    HEADER,
    LEFT,
    LI3,
    PLACE,
    QUOTE,
    SIGNATURE_ROW,
    SIGNATURES,
    SUBTITLE,
)

from docgen.core.french import typography  # noqa: E402
from docgen.core.ordinals import superscript_tree  # noqa: E402
from docgen.core.write import normalize_docx  # noqa: E402

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x38, 0x64)  # dark blue: headings stay readable in greyscale prints

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_MARKUP = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def french(text: str) -> str:
    """Typographic French for static text, leaving Jinja tags exactly as written."""
    tags: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tags.append(match.group(0))
        # Letters only: typography() treats a tag like the word it will become.
        return f"JINJATAG{chr(ord('a') + len(tags) - 1)}Z"

    hidden = _TAG.sub(hide, text)
    hidden = typography(hidden.replace("'", "’")).replace("n° ", "n°\u00a0")
    for index, tag in enumerate(tags):
        hidden = hidden.replace(f"JINJATAG{chr(ord('a') + index)}Z", tag)
    return hidden


def add_runs(paragraph: Paragraph, text: str) -> None:
    """Add ``text`` as runs; a tag never spans two runs, so Word keeps it whole."""
    segments: list[tuple[str, str]] = []  # (text, "" | "bold" | "italic")
    position = 0
    for match in _MARKUP.finditer(text):
        segments.append((text[position : match.start()], ""))
        bold = match.group(1) is not None
        segments.append((match.group(1) if bold else match.group(2), "bold" if bold else "italic"))
        position = match.end()
    segments.append((text[position:], ""))
    # Typeset the paragraph as a whole (« *citation* », **Vu :**), then give each character
    # back to its run: typography() only changes spaces and apostrophes, one for one.
    plain = "".join(chunk for chunk, _ in segments)
    owners = [i for i, (chunk, _) in enumerate(segments) for c in chunk if not c.isspace()]
    pieces = [""] * len(segments)
    current, index = 0, 0
    for char in french(plain):
        if not char.isspace():
            current, index = owners[index], index + 1
        pieces[current] += char
    for piece, (_, kind) in zip(pieces, segments, strict=True):
        if piece:
            run = paragraph.add_run(piece)
            run.bold = kind == "bold" or None
            run.italic = kind == "italic" or None


def set_font(style: BaseStyle, size: float, bold: bool | None = None) -> None:
    # The stock styles name theme fonts (asciiTheme…), which win over w:ascii in Word.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    style.font.name = FONT
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    rpr.get_or_add_rFonts().set(qn("w:cs"), FONT)
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (PAGE, NUMPAGES): Word and LibreOffice update it when laying out."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            paragraph.add_run("1")


def setup_styles(document: DocxDocument) -> None:
    styles = document.styles
    # French by default, so Word's spelling checker and hyphenation work on the text.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:  # the stock template has one (en-US); w:rPr allows a single w:lang
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")
    lang.set(qn("w:eastAsia"), "fr-FR")
    # Styles legal staff add later inherit Arial too, not the theme's Calibri.
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)

    normal = styles["Normal"]
    set_font(normal, 11)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    title = styles["Title"]
    set_font(title, 20, bold=True)
    title.font.color.rgb = ACCENT
    border = title.element.pPr.find(qn("w:pBdr"))
    if border is not None:
        title.element.pPr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.space_after = Pt(18)

    for name, size, before, after in (("Heading 1", 12, 18, 6), ("Heading 2", 11, 12, 4)):
        heading = styles[name]
        set_font(heading, size, bold=True)
        heading.font.color.rgb = ACCENT
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
        heading.paragraph_format.keep_with_next = True

    place = styles.add_style(PLACE, WD_STYLE_TYPE.PARAGRAPH)
    place.base_style = normal
    place.paragraph_format.space_before = Pt(18)
    place.paragraph_format.space_after = Pt(12)
    place.paragraph_format.keep_with_next = True

    for name in ("List Bullet", "List Bullet 2"):
        # With contextualSpacing (stock), only the last item of a list gets this space.
        styles[name].paragraph_format.space_after = Pt(6)
    for name in ("Header", "Footer"):
        set_font(styles[name], 8)
        styles[name].font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    annex = styles.add_style(ANNEX_TITLE, WD_STYLE_TYPE.PARAGRAPH)
    annex.base_style = styles["Heading 1"]  # a heading: an avenant can cite and replace it
    annex.paragraph_format.page_break_before = True
    annex.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    consolidated = styles.add_style(CONSOLIDATED, WD_STYLE_TYPE.PARAGRAPH)
    consolidated.base_style = normal
    consolidated.font.italic = True
    consolidated.font.color.rgb = ACCENT
    consolidated.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    consolidated.paragraph_format.space_after = Pt(4)
    consolidated.paragraph_format.keep_with_next = True
    # Titles and the lines under them stay with what follows.
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].paragraph_format.keep_with_next = True


def setup_avenant_styles(document: DocxDocument) -> None:
    """The styles only an avenant uses: its long title, the service's name, quotations."""
    styles = document.styles
    set_font(styles["Title"], 15, bold=True)
    subtitle = styles.add_style(SUBTITLE, WD_STYLE_TYPE.PARAGRAPH)
    subtitle.base_style = styles["Normal"]
    set_font(subtitle, 12, bold=True)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(18)
    subtitle.paragraph_format.keep_with_next = True
    quote = styles.add_style(QUOTE, WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = styles["Normal"]
    quote.paragraph_format.left_indent = Cm(0.635)  # where List Bullet 2 puts its bullet
    styles[LI3].paragraph_format.space_after = Pt(6)
    amount = styles.add_style(AMOUNT, WD_STYLE_TYPE.PARAGRAPH)
    amount.base_style = styles["Normal"]
    set_font(amount, 12)
    amount.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    amount.paragraph_format.space_after = Pt(12)


def setup_page(document: DocxDocument, header_text: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run(french(header_text))

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    add_field(footer, "PAGE")
    footer.add_run("/")
    add_field(footer, "NUMPAGES")


def add_signature_table(document: DocxDocument) -> None:
    """The signatures in two columns, as the model lays them out: the Département and the
    association on the left, the communes on the right; rows never split and stay together
    (with « Fait à », which stays with the last paragraph of the text)."""
    table = document.add_table(rows=3, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(8.3), Cm(8.3))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    table.cell(0, 0).paragraphs[0].add_run("{%tr for row in signature_rows %}")
    table.cell(2, 0).paragraphs[0].add_run("{%tr endfor %}")
    row = table.rows[1]
    row.height = Cm(3.2)
    # w:cantSplit must come before w:trHeight in w:trPr, or Word reports the file as damaged.
    row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))
    party, role, name = SIGNATURE_ROW
    for cell, side in zip(row.cells, ("left", "right"), strict=True):
        lines = [
            (party.replace("s.", f"row.{side}."), True),
            (role.replace("s.", f"row.{side}."), False),
            ("", False),
            ("", False),
            (name.replace("s.", f"row.{side}."), True),
        ]
        for index, (text, bold) in enumerate(lines):
            paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_after = Pt(2)
            # The rows stay together: no signature alone on a page without the others.
            paragraph.paragraph_format.keep_with_next = True
            if index == 0:
                paragraph.paragraph_format.space_before = Pt(12)
            if text:
                run = paragraph.add_run("{% if row." + side + " %}" + french(text) + "{% endif %}")
                run.bold = bold or None


def _build(items: list[tuple[str, str]], header: str, title: str, avenant: bool) -> DocxDocument:
    document = Document()
    setup_styles(document)
    if avenant:
        setup_avenant_styles(document)
    setup_page(document, header)
    props = document.core_properties
    props.title = title
    props.author = "docgen"
    props.language = "fr-FR"
    body = document.element.body
    # The stock template starts with one empty paragraph.
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    for style, text in items:
        if style == SIGNATURES:
            add_signature_table(document)
        elif style == CTL:
            document.add_paragraph().add_run(text)
        elif style == LEFT:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
            add_runs(paragraph, text)
        else:
            add_runs(document.add_paragraph(style=style), text)
    keep_with_signatures(document)
    # 1er, 2e in superscript (docgen.core.ordinals does the same to rendered values).
    superscript_tree(document.element.body)
    return document


def keep_with_signatures(document: DocxDocument) -> None:
    """« Fait à … » stays on the page of the first signature, and the last paragraph of
    the text before it stays with it: the signatures are never alone on a page."""
    paragraphs = document.paragraphs
    for index, paragraph in enumerate(paragraphs):
        if paragraph.style is not None and paragraph.style.name == PLACE:
            paragraph.paragraph_format.keep_with_next = True
            # The text paragraph just before (skipping {%p %} control paragraphs).
            for previous in reversed(paragraphs[:index]):
                if previous.text.strip() and not previous.text.startswith("{%"):
                    previous.paragraph_format.keep_with_next = True
                    break


def build() -> DocxDocument:
    """The model convention."""
    title = "Convention de partenariat – prévention spécialisée"
    return _build(CONVENTION, HEADER, title, avenant=False)


def build_avenant() -> DocxDocument:
    """The model avenant to a convention."""
    title = "Avenant à une convention de partenariat – prévention spécialisée"
    return _build(AVENANT, AVENANT_HEADER, title, avenant=True)


def save_template(document: DocxDocument, name: str, title: str) -> None:
    """Write ``docgen/templates/<name>.docx`` byte-identically from run to run (no clock inside),
    so that rebuilding unchanged wording leaves git with nothing to commit."""
    buffer = io.BytesIO()
    document.save(buffer)
    target = ROOT / "docgen" / "templates" / f"{name}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(
        normalize_docx(
            buffer.getvalue(),
            title=title,
            subject="Modèle docgen",
            author="docgen",
            created=datetime(2024, 1, 1, tzinfo=UTC),
        )
    )
    print(f"écrit : {target.relative_to(ROOT)}")


def main() -> None:
    save_template(build(), "convention", "Modèle de convention de prévention spécialisée")
    save_template(build_avenant(), "avenant", "Modèle d'avenant")


if __name__ == "__main__":
    main()
