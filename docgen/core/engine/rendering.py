"""A prepared template filled with one document's values: its parts, then the .docx.

Why apart from preparation: this is the part that runs once per document, within the
document's ``sandbox.limited`` budget, and must give the same bytes for the same input.

Per document
------------
Each part is rendered by Jinja, then goes through what docxtpl does after rendering
(``docxtpl_steps``); the body parsed with its document around it by docxtpl's
``fix_tables`` (lxml's recover mode: a template whose tags leave broken XML still gives a
readable file, as before) and its pictures' ``wp:docPr`` ids renumbered from 1001
(docxtpl's ``fix_docpr_ids``); headers and footers parsed as python-docx parses them. The
marked nodes are typeset, each part serialised as python-docx serialises it, and the .docx
written directly (``docx_zip.write_zip``): the rendered members deflated, the others copied
as the compressed streams made at preparation, ``docProps/core.xml`` from ``properties``.

What the .docx holds
--------------------
The members, their order (``[Content_Types].xml`` first) and their bytes are those of the
former path; the zip layout is that of ``normalize_docx`` (1980-01-01 dates, deflate level
6, fixed attributes), so the same input gives the same bytes whatever the clock, the
process or the machine — and the same bytes as docgen gave before (the manifest's hashes of
documents already written do not change): tests/test_engine.py compares both paths on
every shipped document and on templates made for the corner cases.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml

# No stubs for lxml in the dev dependencies; `unused-ignore` keeps mypy quiet once they exist.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core import sandbox
from docgen.core.docx_zip import ZipMember, rewrite_core, write_zip, zip_member
from docgen.core.engine.docxtpl_steps import after_render
from docgen.core.engine.failures import explained
from docgen.core.engine.preparation import (
    CORE_XML,
    DOCXTPL,
    OXML_PARSER,
    W_BODY,
    Part,
    Prepared,
    prepared_template,
)
from docgen.core.engine.typography import typeset_marked, typeset_tree
from docgen.core.errors import TemplateFailure
from docgen.core.findings import display_path
from docgen.core.hyphens import no_break_hyphens_tree
from docgen.core.ordinals import superscript_tree


@dataclass(frozen=True)
class DocumentProperties:
    """What ``docProps/core.xml`` of a generated document says: never the clock."""

    title: str
    subject: str
    author: str
    created: datetime.datetime


_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _member(part: Part, context: Mapping[str, object]) -> ZipMember:
    """The zip member of a templated part for this context."""
    rendered = sandbox.render(part.template, context, part.name)
    if part.kind == "body":
        return zip_member(part.name, _finish(part, rendered))
    # A header, a footer, footnotes: small, and often the same from one document to the next.
    return _finished_member(part, rendered)


@lru_cache(maxsize=256)
def _finished_member(part: Part, rendered: str) -> ZipMember:
    return zip_member(part.name, _finish(part, rendered))


def _finish(part: Part, rendered: str) -> bytes:
    """The part's bytes from what Jinja rendered: docxtpl's steps after rendering, the
    typesetting, python-docx's serialisation."""
    if part.kind == "raw":
        return after_render(rendered, part.marked).encode("utf-8")
    root = _typeset_part(part, rendered)
    superscript_tree(root)  # 1er, 2e: the suffix of an abbreviated ordinal in superscript
    no_break_hyphens_tree(root)  # after: an ordinal is read with the hyphen before it
    return serialize_part_xml(root)


def _typeset_part(part: Part, rendered: str) -> Any:
    """The part as a tree from what Jinja rendered: docxtpl's steps after rendering and the
    French typesetting (its text as the document prints it)."""
    xml = after_render(rendered, part.marked)
    if part.marked:
        xml = typeset_marked(xml)
    root = etree.fromstring(xml, OXML_PARSER) if part.kind == "xml" else _document(part, xml)
    if not part.marked:
        typeset_tree(root)
    return root


def _document(part: Part, body: str) -> Any:
    """The w:document around the rendered body, as docxtpl's render leaves it: its tables
    fixed by docxtpl's fix_tables (which parses in lxml's recover mode) and its pictures'
    ids renumbered from 1001 (docxtpl's fix_docpr_ids)."""
    if part.wrapper is not None:
        head, tail = part.wrapper
        root = DOCXTPL.fix_tables(head + body + tail)
    else:
        root = copy.deepcopy(part.skeleton)
        root.replace(root.find(W_BODY), DOCXTPL.fix_tables(body))
    for number, element in enumerate(root.iter(_WP_DOCPR), 1001):
        element.attrib["id"] = str(number)
    return root


def _core_xml(
    prepared: Prepared, context: Mapping[str, object], properties: DocumentProperties | None
) -> bytes:
    core = prepared.core
    if prepared.dynamic_properties:
        element = copy.deepcopy(prepared.core_tree)
        values = CoreProperties(element)
        for name, template in prepared.dynamic_properties:
            setattr(values, name, sandbox.render(template, context))
        core = serialize_part_xml(element)
    if properties is None:
        return core
    return rewrite_core(
        core, properties.title, properties.subject, properties.author, properties.created
    )


def body_tree(
    template: Path, context: Mapping[str, object], limits: sandbox.Limits | None = None
) -> Any:
    """The filled template's main part (``word/document.xml``) as an lxml tree, its text
    typeset as the document prints it: what reading a rendering's text needs, without
    writing, zipping and parsing the whole .docx again."""
    with explained(template, context):
        prepared = prepared_template(template)  # a tag Jinja cannot read is explained too
        with sandbox.limited(limits):
            for member in prepared.members:
                if isinstance(member, Part) and member.kind == "body":
                    rendered = sandbox.render(member.template, context, member.name)
                    root = _typeset_part(member, rendered)
                    no_break_hyphens_tree(root)  # its text as python-docx reads it
                    return root
    raise TemplateFailure(  # pragma: no cover - a checked package has its main part
        "modèle illisible : pas de word/document.xml",
        template=display_path(template),
        rule="template-unreadable",
    )


def _render(
    template: Path,
    context: Mapping[str, object],
    properties: DocumentProperties | None,
    limits: sandbox.Limits | None,
) -> bytes:
    with explained(template, context):
        prepared = prepared_template(template)  # a tag Jinja cannot read is explained too
        members: list[ZipMember] = []
        with sandbox.limited(limits):  # the document's time starts once its template is ready
            for member in prepared.members:
                if isinstance(member, ZipMember):
                    members.append(member)
                elif member is None:
                    core = _core_xml(prepared, context, properties)
                    members.append(zip_member(CORE_XML, core))
                else:
                    members.append(_member(member, context))
    return write_zip(members)


def render_document(
    template: Path,
    context: Mapping[str, object],
    properties: DocumentProperties,
    limits: sandbox.Limits | None = None,
) -> bytes:
    """The filled template as the final .docx: typeset in French, its core properties from
    ``properties``, the same bytes for the same input — what ``normalize_docx(render_docx(
    template, context), ...)`` gives, in one pass. ``limits``: how far filling it may go
    (those of an enclosing rendering, else ``sandbox.DEFAULT``: 5 seconds)."""
    return _render(template, context, properties, limits)


def render_docx(
    template: Path, context: Mapping[str, object], limits: sandbox.Limits | None = None
) -> bytes:
    """The filled template as .docx bytes, its text typeset in French, its core properties
    those of the template after docxtpl's pass (``normalize_docx`` then fixes them)."""
    return _render(template, context, None, limits)
