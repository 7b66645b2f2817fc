"""No-break hyphens: U+2011 of the typesetting becomes Word's own w:noBreakHyphen."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import docx
from docx.text.paragraph import Paragraph
from lxml import etree

from docgen.core.engine import DocumentProperties, body_tree, render_document
from docgen.core.hyphens import no_break_hyphens_tree
from docgen.core.wordml import W

NBH = "\u2011"
PROPERTIES = DocumentProperties("Titre", "Sujet", "Auteur", datetime(2025, 1, 1))


def _paragraph(*runs: str) -> etree._Element:
    body = "".join(
        f"<w:r><w:rPr><w:b/></w:rPr><w:t xml:space='preserve'>{text}</w:t></w:r>" for text in runs
    )
    return etree.fromstring(
        f"<w:p xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>{body}</w:p>"
    )


def _children(run: etree._Element) -> list[str]:
    return [
        child.text if child.tag == f"{W}t" else etree.QName(child).localname
        for child in run
        if child.tag != f"{W}rPr"
    ]


def test_each_no_break_hyphen_becomes_an_element_of_its_run() -> None:
    paragraph = _paragraph(f"du Pas{NBH}de{NBH}Calais ", "et d’Arras")
    assert no_break_hyphens_tree(paragraph) == 1
    first, second = paragraph.findall(f"{W}r")
    assert _children(first) == ["du Pas", "noBreakHyphen", "de", "noBreakHyphen", "Calais "]
    assert first.find(f"{W}rPr/{W}b") is not None  # the run keeps its properties
    assert first.findall(f"{W}t")[-1].get("{http://www.w3.org/XML/1998/namespace}space")
    assert _children(second) == ["et d’Arras"]
    # Word reads it back as a hyphen, and so does python-docx.
    assert Paragraph(docx.oxml.parse_xml(etree.tostring(paragraph)), None).text == (
        "du Pas-de-Calais et d’Arras"
    )
    assert no_break_hyphens_tree(paragraph) == 0  # nothing left to do


def test_a_hyphen_at_either_end_of_a_text_leaves_no_empty_text() -> None:
    paragraph = _paragraph(f"{NBH}Calais{NBH}")
    no_break_hyphens_tree(paragraph)
    assert _children(paragraph.find(f"{W}r")) == ["noBreakHyphen", "Calais", "noBreakHyphen"]


def _template(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Fait à Hénin-Beaumont pour le {{ departement }}, article L121-2e.")
    document.add_paragraph("{{ montant }} ; le 2e alinéa")
    document.sections[0].header.paragraphs[0].text = "Département du {{ departement }}"
    path = tmp_path / "modele.docx"
    document.save(str(path))
    return path


def test_a_rendered_document_holds_words_no_break_hyphens(tmp_path: Path) -> None:
    context = {"departement": "Pas-de-Calais", "montant": "quatre-vingt-dix euros"}
    data = render_document(_template(tmp_path), context, PROPERTIES)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = {name: package.read(name).decode() for name in package.namelist() if "xml" in name}
    assert not any(NBH in part for part in xml.values())  # the element, never the character
    body = xml["word/document.xml"]
    assert "Hénin</w:t><w:noBreakHyphen/><w:t>Beaumont" in body  # the template's own text
    assert "Pas</w:t><w:noBreakHyphen/><w:t>de</w:t><w:noBreakHyphen/><w:t>Calais" in body
    assert "quatre-vingt-dix" in body  # a common word may break at its hyphen
    assert "<w:noBreakHyphen/>" in xml["word/header1.xml"]
    document = docx.Document(io.BytesIO(data))
    assert [p.text for p in document.paragraphs] == [
        "Fait à Hénin-Beaumont pour le Pas-de-Calais, article L121-2e.",
        "quatre-vingt-dix euros\u202f; le 2e alinéa",
    ]
    # The ordinal after a no-break hyphen is a reference, not an ordinal; « 2e » is one.
    superscripts = [run.text for p in document.paragraphs for run in p.runs if run.font.superscript]
    assert superscripts == ["e"]
    assert document.paragraphs[1].runs[-1].text == " alinéa"


def test_the_body_tree_reads_like_the_document(tmp_path: Path) -> None:
    context = {"departement": "Pas-de-Calais", "montant": "cent euros"}
    root = body_tree(_template(tmp_path), context)
    assert NBH not in etree.tostring(root, encoding="unicode")
    # Hénin-Beaumont, Pas-de-Calais, L121-2e.
    assert len(root.findall(f".//{W}noBreakHyphen")) == 4
