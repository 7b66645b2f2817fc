"""The engine against docgen's former path (tests/test_engine_legacy.py): same text, same bytes.

Every shipped document — the 8 Pas-de-Calais conventions, a consolidated convention, the
avenants of tests/data/contracts/amended.yaml, the documents of both shipped deliberations
— is rendered both ways; then templates made here for the corners: French spacing across
a value's edges, hostile values, line breaks and tabs in values, RichText, pictures,
table loops, footnotes, core properties with tags, a template holding the engine's mark.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import os
import random
import struct
import subprocess
import sys
import zipfile
import zlib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docxtpl import RichText
from markupsafe import Markup

from docgen.core import french as fr
from docgen.core.engine import (
    DocumentProperties,
    preparation,
    render_document,
    render_docx,
    typography,
)
from docgen.core.errors import ResourceError
from docgen.core.kind import OutputOptions, WordDocument
from docgen.core.pdf import docx_to_pdf_batch
from docgen.core.vocabulary import as_mapping
from docgen.core.workspace import Workspace
from docgen.registry import default_registry

from . import test_engine_legacy as legacy
from .conftest import pdf_text, require_libreoffice

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts" / "pas-de-calais"
AMENDED = ROOT / "tests" / "data" / "contracts" / "amended.yaml"
DELIBERATIONS = sorted((CONTRACTS / "deliberations").glob("*.yaml"))
PROPERTIES = DocumentProperties(
    title="Convention « essai » & co",
    subject="Prévention spécialisée",
    author="Département du Pas-de-Calais",
    created=datetime(2025, 3, 15, 9, 30),
)

Case = tuple[Path, dict[str, object]]


@cache
def shipped_documents() -> dict[str, Case]:
    """Every document the shipped files and the amended fixture give, with its context:
    conventions, avenants, consolidated versions, deliberations and their annexes."""
    cases: dict[str, Case] = {}
    workspace = Workspace(default_registry())
    for options in (OutputOptions(), OutputOptions(consolidated=True)):
        for path in workspace.discover([CONTRACTS, AMENDED]):
            entry = workspace.entry(path)
            assert not entry.errors, entry.errors
            if entry.valid is None:
                continue
            for kind in workspace.registry.parts(entry.kind):
                if kind.outputs is None:
                    continue
                for output in kind.outputs(entry.valid, options, workspace):
                    if isinstance(output, WordDocument):
                        template = workspace.template_path(entry.governor, output.template)
                        name = _case_name(output.name, options.consolidated)
                        cases[name] = (template, as_mapping(output.context))
    return cases


def _case_name(output: str, consolidated: bool) -> str:
    """Short names for the cases the tests pick: « convention-alaj », « avenant-2 »,
    « consolidated », « 2023-601-deliberation »."""
    name = output.rsplit("/", 1)[-1]
    if "/deliberations/" in output:
        number, _, rest = name.partition("_")
        return f"{number}-{rest.split('_', 1)[-1] if rest.startswith('annexe') else rest}"
    if consolidated:
        return "consolidated" if "amended" in name else f"consolidated-{name}"
    if name.startswith("contracts_amended"):
        return name.rsplit("_", 1)[-1].replace("convention", "amended")
    return "convention-" + name.split("_")[1]


def legacy_document(template: Path, context: dict[str, object]) -> bytes:
    return legacy.normalize_docx(
        legacy.render_docx(template, context),
        title=PROPERTIES.title,
        subject=PROPERTIES.subject,
        author=PROPERTIES.author,
        created=PROPERTIES.created,
    )


def texts(data: bytes) -> dict[str, list[str]]:
    """What a reader sees: every paragraph (in tables too) of the body, the headers and
    the footers, as python-docx reads it (line breaks as \\n, tabs as \\t), and every
    table cell."""
    document = docx.Document(io.BytesIO(data))
    seen: dict[str, list[str]] = {}
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.content_type.endswith(
            ("document.main+xml", "header+xml", "footer+xml")
        ):
            continue
        seen[str(part.partname)] = [Paragraph(p, None).text for p in element.iter(qn("w:p"))]
    seen["cells"] = [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ]
    return seen


def assert_same(old: bytes, new: bytes) -> None:
    assert texts(new) == texts(old)
    assert new == old  # not required (the text is), but true: manifests keep their hashes


# ---------------------------------------------------------------------------- shipped


def test_every_kind_of_shipped_document_is_compared() -> None:
    names = shipped_documents()
    assert sum(name.startswith("convention-") for name in names) == 8
    for expected in ("consolidated", "avenant-1", "avenant-2", "2023-601-deliberation"):
        assert expected in names
    assert "2025-045-annexe-financiere" in names and "2025-045-liste-des-avenants" in names
    assert "2023-601-projet-type-de-convention" in names


@pytest.mark.parametrize("name", sorted(shipped_documents()))
def test_shipped_document_is_the_same_as_before(name: str) -> None:
    template, context = shipped_documents()[name]
    assert_same(legacy_document(template, context), render_document(template, context, PROPERTIES))


def test_render_docx_then_normalize_is_render_document() -> None:
    from docgen.core.docx_zip import normalize_docx

    template, context = shipped_documents()["consolidated"]
    old = legacy.render_docx(template, context)
    new = render_docx(template, context)
    assert texts(new) == texts(old)
    with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
        assert a.namelist() == b.namelist()
        assert all(a.read(name) == b.read(name) for name in a.namelist())
    assert normalize_docx(new, **dataclasses.asdict(PROPERTIES)) == render_document(
        template, context, PROPERTIES
    )


@pytest.mark.slow
def test_same_bytes_twice_and_in_another_process() -> None:
    template, context = shipped_documents()["convention-alaj"]
    first = render_document(template, context, PROPERTIES)
    assert render_document(template, context, PROPERTIES) == first
    code = (
        "import hashlib, sys\n"
        "sys.path.insert(0, '.')\n"
        "from tests.test_engine import PROPERTIES, shipped_documents\n"
        "from docgen.core.engine import render_document\n"
        "template, context = shipped_documents()['convention-alaj']\n"
        "print(hashlib.sha256(render_document(template, context, PROPERTIES)).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},  # sets and dicts in another order
            capture_output=True,
            check=True,
            text=True,
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert digests == {hashlib.sha256(first).hexdigest()}


@pytest.mark.slow
def test_libreoffice_opens_what_the_engine_writes() -> None:
    require_libreoffice()
    cases = shipped_documents()
    names = ["convention-alaj", "consolidated", "avenant-2", "2023-601-deliberation"]
    documents = [render_document(*cases[name], PROPERTIES) for name in names]
    pdfs = docx_to_pdf_batch([(data, None) for data in documents], jobs=2)
    read = [pdf_text(pdf) for pdf in pdfs]
    assert "CONVENTION" in read[0] and "ALAJ" in read[0]
    assert "Version consolidée – document non contractuel" in read[1]
    assert "Avenant n° 2" in read[2]
    assert "Délibération" in read[3] and "DÉCIDE" in read[3]


# ---------------------------------------------------------------------------- typography

# Pieces of French text, marks, spaces and what fr.typography leaves alone, to build
# texts where every rule meets every other one and every place the engine may cut.
ATOMS = [
    "a", "mot", "Été", "12", " ", " ", " ", "\u00a0", "\u202f", "«", "»", ";", ":", "!", "?",
    "(", "[", ")", "]", "'", "’", "n°", "n° ", "@", ".", ",", "/", "https://", "www.", "-",
    "\n", "\t", '"', "%", "e@x.fr", "C:\\", "12:30", "…",
]  # fmt: skip


def test_typesetting_in_pieces_is_typesetting_the_whole() -> None:
    generator = random.Random(20250315)
    for _ in range(30_000):
        text = "".join(generator.choice(ATOMS) for _ in range(generator.randint(0, 16)))
        pieces = typography._CUT.split(text)
        expected = legacy._french(text)
        assert "".join(typography._french_piece(piece) for piece in pieces) == expected, text
        assert typography._french(text) == expected, text


def test_french_spacing_needs_one_of_its_marks() -> None:
    """typography._french_piece skips fr.typography on a text without ; : ! ? « »."""
    generator = random.Random(7)
    plain = [atom for atom in ATOMS if not typography._TYPOGRAPHY_TRIGGERS.search(atom)]
    for _ in range(10_000):
        text = "".join(generator.choice(plain) for _ in range(generator.randint(0, 16)))
        assert fr.typography(text) == text


# ---------------------------------------------------------------------------- corners


def _make_template(
    path: Path,
    paragraphs: list[str],
    *,
    header: str = "En-tête : {{ a }}",
    footer: str = "Pied « {{ b }} »",
    table: list[list[str]] | None = None,
    edit: Callable[[Any], None] | None = None,
) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, cells in zip(grid.rows, table, strict=True):
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.sections[0].header.paragraphs[0].text = header
    document.sections[0].footer.paragraphs[0].text = footer
    if edit is not None:
        edit(document)
    document.save(str(path))
    return path


CORNER_CONTEXT: dict[str, object] = {
    "a": "Dupont & Fils <SARL>",
    "b": "l'association",
    "c": "12",
    "colon": "Objet :",
    "spaced": " ; la suite ",
    "quote": "mot",
    "hostile": "{{ a }} {% if 1 %}x{% endif %} {_{ b }_} </w:t><w:t> & < > \" '",
    "lines": "Première ligne : début\nDeuxième ligne ; fin\n",
    "tab": "colonne\tsuivante : oui",
    "para": "premier\aparagraphe : second",
    "page": "avant\fsaut",
    "cr": "un\r\ndeux\rtrois : fin",
    "mark": "\ufdd0marque\ufdd0",
    "markup_mark": Markup("\ufdd0 : balisé"),
    "str_mark": type("Sub", (str,), {})("\ufdd0 ; sous-classe"),
    "url": "https://exemple.fr/a:b ; www.exemple.fr",
    "mail": "contact@exemple.fr : écrire",
    "rich": RichText("gras : oui ; « non »", bold=True),
    "safe": Markup('x : </w:t><w:br/><w:t xml:space="preserve">y ; z'),
    "items": ["un", "deux", "trois"],
    "flag": True,
    "amount": Decimal("1234.5"),
    "day": date(2025, 1, 1),
    "hyphen": "Jean-Claude LEROY, Pas-de-Calais, quatre-vingts",
}

CORNER_PARAGRAPHS = [
    "Texte fixe : l'apostrophe ; « guillemets » ? n° 5 !",
    "« {{ quote }} » : {{ a }} ; n° {{ c }}",
    "Article {{ c }} : {{ b }}",
    "{{ colon }}suite et {{ colon }} fin",
    "avant{{ spaced }}après",
    "Hostile : {{ hostile }}",
    "{{ lines }}",
    "{{ tab }}",
    "{{ para }}",
    "{{ page }}",
    "{{ cr }} ; retour",
    "{{ mark }} : fin",
    "{{ markup_mark }} et {{ str_mark }}",
    "Adresse : {{ url }} ; courriel : {{ mail }}",
    "Riche : {{r rich }} ; suite",
    "Sûr : {{ safe|safe }} !",
    "{%p if flag %}",
    "Montant : {{ amount|amount }} le {{ day|date_long }} ; « {{ items|join_fr }} »",
    "{%p endif %}",
    "{%p for item in items %}",
    "Élément : {{ item }} ;",
    "{%p endfor %}",
    "Échappé : {_{ pas une balise }_} ; {_% non plus %_}",
    "Fin: sans espace!",
    "Signé : {{ hyphen }} à Hénin-Beaumont, article L121-2e, le 2e jour",
]


def _compare(template: Path, context: dict[str, object]) -> bytes:
    new = render_document(template, context, PROPERTIES)
    assert_same(legacy_document(template, context), new)
    return new


def test_corners_of_french_spacing_and_hostile_values(tmp_path: Path) -> None:
    template = _make_template(tmp_path / "corners.docx", CORNER_PARAGRAPHS)
    data = _compare(template, CORNER_CONTEXT)
    body = texts(data)["/word/document.xml"]
    nbsp, nnbsp = "\u00a0", "\u202f"
    assert f"«{nnbsp}mot{nnbsp}»{nbsp}: Dupont & Fils <SARL>{nnbsp}; n°{nbsp}12" in body
    assert f"Article 12{nbsp}: l’association" in body
    hostile = 'Hostile : {{ a }} {% if 1 %}x{% endif %} {{ b }} </w:t><w:t> & < > " ’'
    assert hostile.replace(" :", nbsp + ":") in body
    assert f"Première ligne{nbsp}: début\nDeuxième ligne{nnbsp}; fin\n" in body
    # French spacing looks across a value's edges: the value "Objet :" is typeset with what
    # follows it, not alone (alone, it would end in "Objet\u00a0:" both times).
    assert f"Objet :suite et Objet{nbsp}: fin" in body
    assert "\ufdd0marque\ufdd0 : fin" in body  # U+FDD0 is no letter: no space added
    assert f"Riche{nbsp}: gras{nbsp}: oui{nnbsp}; «{nnbsp}non{nnbsp}» ; suite" in body
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert typography.MARK.encode() not in package.read("word/header1.xml")


def test_corners_in_tables_with_row_and_cell_loops(tmp_path: Path) -> None:
    table = [
        ["{%tr for item in items %}", "", ""],
        ["{{ item }} : {{ loop.index }}", "{{ a }} ;", "fixe : oui"],
        ["{%tr endfor %}", "", ""],
        ["{%tc for cell in cells %}", "{{ cell }} ?", "{%tc endfor %}"],
    ]
    template = _make_template(tmp_path / "table.docx", ["Tableau : {{ c }}"], table=table)
    data = _compare(template, {**CORNER_CONTEXT, "cells": ["a", "b", "c", "d", "e"]})
    with zipfile.ZipFile(io.BytesIO(data)) as package:  # fix_tables: 5 columns, not 3
        assert package.read("word/document.xml").count(b"<w:gridCol ") == 5


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def test_pictures_repeated_by_a_loop_are_renumbered(tmp_path: Path) -> None:
    def pictures(document: Any) -> None:
        document.add_paragraph("{%p for item in items %}")
        document.add_paragraph().add_run().add_picture(io.BytesIO(_png()), width=Pt(10))
        document.add_paragraph("{%p endfor %}")

    template = _make_template(tmp_path / "pictures.docx", ["Images : {{ c }}"], edit=pictures)
    data = _compare(template, CORNER_CONTEXT)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml")
    assert all(f'id="{n}"'.encode() in xml for n in (1001, 1002, 1003))


def test_footnotes_are_rendered(tmp_path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Note : {{ a }} ; {{ b }}'
        "</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()

    def footnotes(document: Any) -> None:
        part = Part(
            PackURI("/word/footnotes.xml"), preparation.FOOTNOTES, notes, document.part.package
        )
        document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)

    template = _make_template(tmp_path / "notes.docx", ["Corps : {{ c }}"], edit=footnotes)
    data = _compare(template, CORNER_CONTEXT)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert (
            "Note : Dupont &amp; Fils &lt;SARL&gt;" in package.read("word/footnotes.xml").decode()
        )


def test_core_properties_with_tags_are_rendered(tmp_path: Path) -> None:
    def properties(document: Any) -> None:
        document.core_properties.title = "Convention {{ a }}"
        document.core_properties.comments = "Pour {{ b }}"
        document.core_properties.language = "fr-FR"

    template = _make_template(tmp_path / "props.docx", ["Corps : {{ c }}"], edit=properties)
    _compare(template, CORNER_CONTEXT)
    old, new = legacy.render_docx(template, CORNER_CONTEXT), render_docx(template, CORNER_CONTEXT)
    with zipfile.ZipFile(io.BytesIO(old)) as a, zipfile.ZipFile(io.BytesIO(new)) as b:
        assert b.read("docProps/core.xml") == a.read("docProps/core.xml")
    core = docx.Document(io.BytesIO(new)).core_properties
    # As docxtpl does: the environment escapes the values, for XML text python-docx escapes.
    assert core.title == "Convention Dupont &amp; Fils &lt;SARL&gt;"
    assert core.comments == "Pour l&#39;association"


def test_a_template_holding_the_mark_is_typeset_whole(tmp_path: Path) -> None:
    template = _make_template(
        tmp_path / "mark.docx", ["Marque \ufdd0 : {{ a }}", "Fixe : texte"], footer="\ufdd0 ;"
    )
    prepared = preparation.prepared(template.resolve(), *_stamp(template))
    marked = {m.name: m.marked for m in prepared.members if isinstance(m, preparation.Part)}
    assert marked == {
        "word/document.xml": False,
        "word/header1.xml": True,
        "word/footer1.xml": False,
    }
    _compare(template, CORNER_CONTEXT)


def test_a_body_with_namespaces_of_its_own(tmp_path: Path) -> None:
    def namespace(document: Any) -> None:
        document.element.body.set("{urn:docgen:essai}attribut", "valeur")

    template = _make_template(tmp_path / "ns.docx", CORNER_PARAGRAPHS[:4], edit=namespace)
    prepared = preparation.prepared(template.resolve(), *_stamp(template))
    (body,) = [m for m in prepared.members if isinstance(m, preparation.Part) and m.kind == "body"]
    assert body.wrapper is None and body.skeleton is not None
    _compare(template, CORNER_CONTEXT)


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


def test_a_template_edited_while_docgen_runs_is_prepared_again(tmp_path: Path) -> None:
    template = _make_template(tmp_path / "edited.docx", ["Version A : {{ c }}"])
    first = texts(render_document(template, CORNER_CONTEXT, PROPERTIES))
    stat = template.stat()
    _make_template(template, ["Version B : {{ c }}"])
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = texts(render_document(template, CORNER_CONTEXT, PROPERTIES))
    assert first["/word/document.xml"][0].startswith("Version A")
    assert second["/word/document.xml"][0].startswith("Version B")


@pytest.mark.parametrize(
    ("paragraph", "message"),
    [
        ("{{ a b }}", "ne peut pas être rempli"),
        ("{{ inconnu }}", "« inconnu » n'est pas un champ connu"),
        ("{{ a|amount }}", "ne peut pas être mise en forme par le filtre"),
        ("{{ ''.__class__.__mro__ }}", "accès refusé à « __class__ »"),
    ],
)
def test_template_errors_stay_resource_errors(tmp_path: Path, paragraph: str, message: str) -> None:
    template = _make_template(tmp_path / "error.docx", [paragraph])
    with pytest.raises(ResourceError, match=message) as raised:
        render_document(template, CORNER_CONTEXT, PROPERTIES)
    assert "le modèle" in raised.value.args[0]


def test_unreadable_templates_stay_resource_errors(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="modèle illisible"):
        render_document(tmp_path / "absent.docx", {}, PROPERTIES)
    (tmp_path / "broken.docx").write_text("pas un zip")
    with pytest.raises(ResourceError, match="modèle illisible"):
        render_document(tmp_path / "broken.docx", {}, PROPERTIES)
