"""A template prepared once per process: its parts patched, typeset, marked and compiled.

Why: docxtpl's own render re-opens, re-parses and re-cleans the template for every
document; here what does not depend on the values is done once per template.

``prepared`` is cached on the template's path, mtime_ns and size: a template edited while
docgen runs is prepared again. It opens the template with python-docx once, then:

* takes the XML of each templated part as docxtpl does — the body of
  ``word/document.xml``, each header and footer of the document part, the footnotes — and
  runs docxtpl's own ``patch_xml`` on it: ``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{{r }}``,
  ``{%- -%}``, colspan, cellbg, vm, hm behave exactly as with docxtpl;
* typesets the text of every ``w:t`` holding no tag (the template's fixed text), and
  marks every ``w:t`` holding one (a "dynamic" node, where values land) with ``MARK``,
  a Unicode noncharacter, right after its opening tag (``typography``);
* compiles each part once in the sandboxed environment;
* keeps every other member of the package as python-docx saves it (docProps/core.xml
  after docxtpl's pass on the core properties), each deflated once.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import nodes

# No stubs for lxml in the dev dependencies; `unused-ignore` keeps mypy quiet once they exist.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from markupsafe import Markup, escape

from docgen.core import sandbox
from docgen.core.docx_zip import ZipMember, zip_member
from docgen.core.engine.typography import MARK, MARK_REFERENCE, typeset_source
from docgen.core.environment import environment
from docgen.core.package import Package, open_template

# An opening w:t tag, not an empty <w:t/>.
_WT_OPEN = re.compile(r"<w:t(?=[\s>])[^>]*(?<!/)>")


@jinja2.pass_eval_context
def _finalize(eval_ctx: nodes.EvalContext, value: object) -> object:
    """Run on each ``{{ }}`` value before autoescape: a value carrying its own Word XML
    (RichText, ``|safe``) gets its w:t marked; the mark in a value is escaped."""
    html = None if type(value) is str else getattr(value, "__html__", None)
    if html is None:
        if isinstance(value, str) and MARK in value:
            return Markup(str(escape(value)).replace(MARK, MARK_REFERENCE))
        return value
    markup = str(html())
    if MARK not in markup and "<w:t" not in markup:
        return value
    markup = markup.replace(MARK, MARK_REFERENCE)
    return Markup(_WT_OPEN.sub(lambda match: match.group(0) + MARK, markup))


# The environment docxtpl was given, for what is rendered as docxtpl rendered it (footnotes,
# core properties, a template holding the mark); the engine's, which marks values' own w:t.
# Templates are compiled once, at preparation.
_ENV = environment()
_MARKING_ENV = environment(_finalize)

# The docxtpl methods used here (patch_xml, fix_tables) read no state of their instance.
DOCXTPL = DocxTemplate(io.BytesIO())

# python-docx's parser settings: docxtpl hands rendered headers and footers to python-docx.
OXML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

W_BODY = qn("w:body")
CORE_XML = "docProps/core.xml"
_CONTENT_TYPES = "[Content_Types].xml"
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The core properties docxtpl renders with Jinja, in its order (an absent one is created).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


@dataclass(frozen=True, eq=False)
class Part:
    """A templated zip member, compiled."""

    name: str
    kind: str  # "body" (word/document.xml), "xml" (a header or footer), "raw" (footnotes)
    template: jinja2.Template
    marked: bool  # typeset at preparation and marked (else typeset whole after rendering)
    # The body only: the document around it, as text (head, tail) when the rendered body
    # can simply be put between them, else the document as a tree with an empty body.
    wrapper: tuple[str, str] | None = None
    skeleton: Any = None


@dataclass(frozen=True)
class Prepared:
    """A template ready to fill: its zip members, the templated ones compiled."""

    members: tuple[ZipMember | Part | None, ...]  # in zip order; None: docProps/core.xml
    core: bytes  # docProps/core.xml after docxtpl's property pass
    # The properties that hold tags, rendered for each document into a copy of core_tree
    # (python-docx's, as its empty texts are kept: a parse would turn <a></a> into <a/>).
    dynamic_properties: tuple[tuple[str, jinja2.Template], ...]
    core_tree: Any


def _compiled_part(name: str, kind: str, source: str, **body: Any) -> Part:
    """docxtpl's patch_xml, then typeset and marked (unless the XML holds the mark)."""
    patched = DOCXTPL.patch_xml(source)
    if MARK in patched or kind == "raw":
        return Part(name, kind, _ENV.from_string(patched), False, **body)
    return Part(name, kind, _MARKING_ENV.from_string(typeset_source(patched)), True, **body)


_BODY_START = re.compile(r"<w:body(?:\s[^>]*?)?(/?)>")


def _body_part(name: str, document: Any) -> Part:
    """The body as docxtpl fills it, and how to put it back into its w:document."""
    body = document.body
    source = etree.tostring(body, encoding="unicode")
    skeleton = etree.fromstring(serialize_part_xml(document), OXML_PARSER)
    skeleton.replace(skeleton.find(W_BODY), etree.Element(W_BODY))
    # docxtpl replaces the body of the document by the rendered one, whose start tag
    # declares every namespace in scope; lxml drops those the document already declares.
    # When that is all of them, the body can be rendered without them and parsed with
    # its document around it: one parse, no copy, no move of a subtree.
    head, _, tail = etree.tostring(skeleton, encoding="unicode").partition("<w:body/>")
    if tail and not body.attrib and dict(body.nsmap) == dict(document.nsmap):
        bare = _BODY_START.sub(r"<w:body\1>", source, count=1)
        parsed = etree.fromstring(head + bare + tail, etree.XMLParser(recover=True))
        if serialize_part_xml(parsed) == serialize_part_xml(document):
            return _compiled_part(name, "body", bare, wrapper=(head, tail))
    return _compiled_part(name, "body", source, skeleton=skeleton)


def _prepare_properties(properties: Any) -> tuple[tuple[str, jinja2.Template], ...]:
    """docxtpl's render_properties: a property without tags is rendered once, here."""
    dynamic = []
    for name in _RENDERED_PROPERTIES:
        initial = getattr(properties, name)
        template = _ENV.from_string(initial)
        if re.search(r"\{[{%#]", initial):
            dynamic.append((name, template))
            setattr(properties, name, "")  # created now, where docxtpl would create it
        else:
            setattr(properties, name, sandbox.render(template, {}))
    return tuple(dynamic)


def _prepare_template(checked: Package) -> Prepared:
    document = docx.Document(io.BytesIO(checked.data))
    dynamic_properties = _prepare_properties(document.core_properties)
    core_tree = document.core_properties._element if dynamic_properties else None
    name = document.part.partname[1:]
    parts = {name: _body_part(name, document.element)}
    for rel in document.part.rels.values():  # the headers and footers docxtpl renders
        if rel.reltype in (RELATIONSHIP_TYPE.HEADER, RELATIONSHIP_TYPE.FOOTER):
            part = rel.target_part
            if part.blob:
                name = part.partname[1:]
                source = etree.tostring(parse_xml(part.blob), encoding="unicode")
                parts[name] = _compiled_part(name, "xml", source)
    for part in document.part.package.iter_parts():
        if part.content_type == FOOTNOTES:
            name = part.partname[1:]
            parts[name] = _compiled_part(name, "raw", part.blob.decode("utf-8"))

    # Every other member as python-docx saves it, deflated once for all the documents.
    saved = io.BytesIO()
    document.save(saved)
    members: list[ZipMember | Part | None] = []
    core = b""
    with zipfile.ZipFile(saved) as package:
        infos = sorted(package.infolist(), key=lambda info: info.filename != _CONTENT_TYPES)
        for info in infos:
            if info.filename == CORE_XML:
                core = package.read(info)
                members.append(None)
            elif info.filename in parts:
                members.append(parts[info.filename])
            else:
                members.append(zip_member(info.filename, package.read(info)))
    return Prepared(tuple(members), core, dynamic_properties, core_tree)


@lru_cache(maxsize=16)
def prepared(path: Path, mtime_ns: int, size: int) -> Prepared:
    # Keyed by mtime and size so that a template edited while docgen runs is read again.
    package = open_template(path)  # checked first: any file is safe to read
    with package.reading():
        return _prepare_template(package)


def prepared_template(template: Path) -> Prepared:
    """``template`` prepared, or as prepared before if it has not changed since."""
    try:
        stat = template.stat()
    except OSError:
        open_template(template)  # says why it cannot be read
        raise
    return prepared(template.resolve(), stat.st_mtime_ns, stat.st_size)
