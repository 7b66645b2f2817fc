"""Fill a Word template safely, make its text typographically French, write the .docx.

Shared by every kind of document. A template is read only once ``docgen.core.package``
has checked it (any file is safe to read), and filled in ``docgen.core.sandbox``'s
environment: immutable, bounded in time and size, printing values only, with autoescape
(a value "Dupont & Fils <SARL>" comes out intact) and StrictUndefined (a misspelt tag
fails instead of printing nothing). A template that cannot be read or filled is a
``TemplateFailure`` saying why in French.

API: ``render_document(template, context, properties)`` gives the final .docx (what
``normalize_docx(render_docx(template, context), title=…, subject=…, author=…,
created=…)`` gives, byte for byte, in one pass); ``render_docx`` gives it with the
template's own core properties; ``typeset`` typesets a python-docx document in place.

Why: docxtpl's own render re-opens, re-parses and re-cleans the template for every
document, and zips every document twice; here what does not depend on the values is done
once per template (measurements: bench/results.md).

Prepared once per process and template
--------------------------------------
``_prepared`` is cached on the template's path, mtime_ns and size: a template edited while
docgen runs is prepared again. It opens the template with python-docx once, then:

* takes the XML of each templated part as docxtpl does — the body of
  ``word/document.xml``, each header and footer of the document part, the footnotes — and
  runs docxtpl's own ``patch_xml`` on it: ``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{{r }}``,
  ``{%- -%}``, colspan, cellbg, vm, hm behave exactly as with docxtpl;
* typesets the text of every ``w:t`` holding no tag (the template's fixed text), and
  marks every ``w:t`` holding one (a "dynamic" node, where values land) with ``_MARK``,
  a Unicode noncharacter, right after its opening tag;
* compiles each part once in the sandboxed environment;
* keeps every other member of the package as python-docx saves it (docProps/core.xml
  after docxtpl's pass on the core properties), each deflated once.

Per document
------------
Each part is rendered by Jinja, then goes through what docxtpl does after rendering:
``{_{`` escapes undone; tabs, line breaks, new paragraphs and page breaks of the values
(``\\t``, ``\\n``, ``\\a``, ``\\f``) resolved by a copy of docxtpl's ``resolve_listing``
that marks the ``w:t`` it opens; the body parsed with its document around it by
docxtpl's ``fix_tables`` (lxml's recover mode: a template whose tags leave broken XML still
gives a readable file, as before) and its pictures' ``wp:docPr`` ids renumbered from 1001
(docxtpl's ``fix_docpr_ids``); headers and footers parsed as python-docx parses them. The
marked nodes are typeset, each part serialised as python-docx serialises it, and the .docx
written directly (``docx_zip.write_zip``): the rendered members deflated, the others copied as
the compressed streams made at preparation, ``docProps/core.xml`` from ``properties``.

How values are typeset
----------------------
Where they land: ``_french`` runs on the whole text of each marked ``w:t``, which is exactly
the text the former pass ran on, so the result is the same character for character.
Typesetting each value alone as it is inserted (a Jinja ``finalize``) would not be: French
spacing looks across a value's edges. In « Article {{ n }} : {{ title }} » the no-break
space before the colon depends on the value before it; in « « {{ name }} » » the narrow
ones depend on the value inside; a value "Objet :" followed by fixed text is not followed
by a space and must stay as it is. What is saved is the rest: the template's fixed text
outside dynamic nodes (most of it) is typeset once, at preparation; a dynamic node's text
is typeset piece by piece (``_CUT``), each piece cached, so that only the pieces a value
brings are new from one document to the next. A value carrying its own Word XML (a
docxtpl ``RichText``, a ``|safe`` string) has its ``w:t`` marked by the environment's
``finalize``, as the former pass typeset every ``w:t``.

What the .docx holds
--------------------
The members, their order (``[Content_Types].xml`` first) and their bytes are those of the
former path; the zip layout is that of ``normalize_docx`` (1980-01-01 dates, deflate level
6, fixed attributes), so the same input gives the same bytes whatever the clock, the
process or the machine — and the same bytes as docgen gave before (the manifest's hashes of
documents already written do not change): tests/test_engine.py compares both paths on
every shipped document and on templates made for the corner cases.

Kept from docxtpl 0.20 (its functions relied upon are named, with their source's digest,
in tests/test_docxtpl_contract.py), or not: the core properties docxtpl renders (author, comments,
identifier, language, subject, title) still go through Jinja (once, at preparation, when
they hold no tag); footnotes are rendered but, as before, not typeset (python-docx gives
them no XML element, so the former pass skipped them), and rendered once where docxtpl
rendered them once per section (a second pass that would run tags found in values);
docxtpl's newline before each ``<w:p``, put there for Jinja's error line numbers and
taken out after rendering, is not added.
"""

from __future__ import annotations

import copy
import datetime
import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import docx
import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.exceptions import SecurityError

# No stubs for lxml in the dev dependencies; `unused-ignore` keeps mypy quiet once they exist.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]
from markupsafe import Markup, escape

from docgen.core import french as fr
from docgen.core import sandbox
from docgen.core.docx_zip import ZipMember, rewrite_core, write_zip, zip_member
from docgen.core.environment import environment
from docgen.core.errors import TemplateFailure
from docgen.core.findings import display_path
from docgen.core.hyphens import no_break_hyphens_tree
from docgen.core.ordinals import superscript_tree
from docgen.core.package import Package, open_template
from docgen.core.template_errors import explain


@dataclass(frozen=True)
class DocumentProperties:
    """What ``docProps/core.xml`` of a generated document says: never the clock."""

    title: str
    subject: str
    author: str
    created: datetime.datetime


# ---------------------------------------------------------------------------- Jinja

# Marks, in the XML a template is compiled from, the w:t nodes whose text holds a tag: a
# noncharacter (U+FDD0), "reserved for a program's internal use", that no one types. A
# value holding it is written as a character reference; a template holding it is prepared
# without marks and typeset whole after each render, as the former path did.
_MARK = "\ufdd0"
_MARK_REFERENCE = f"&#{ord(_MARK)};"
# An opening w:t tag, not an empty <w:t/>.
_WT_OPEN = re.compile(r"<w:t(?=[\s>])[^>]*(?<!/)>")


@jinja2.pass_eval_context
def _finalize(eval_ctx: nodes.EvalContext, value: object) -> object:
    """Run on each ``{{ }}`` value before autoescape: a value carrying its own Word XML
    (RichText, ``|safe``) gets its w:t marked; the mark in a value is escaped."""
    html = None if type(value) is str else getattr(value, "__html__", None)
    if html is None:
        if isinstance(value, str) and _MARK in value:
            return Markup(str(escape(value)).replace(_MARK, _MARK_REFERENCE))
        return value
    markup = str(html())
    if _MARK not in markup and "<w:t" not in markup:
        return value
    markup = markup.replace(_MARK, _MARK_REFERENCE)
    return Markup(_WT_OPEN.sub(lambda match: match.group(0) + _MARK, markup))


# The environment docxtpl was given, for what is rendered as docxtpl rendered it (footnotes,
# core properties, a template holding the mark); the engine's, which marks values' own w:t.
# Templates are compiled once, at preparation.
_ENV = environment()
_MARKING_ENV = environment(_finalize)

# The docxtpl methods used here (patch_xml, fix_tables) read no state of their instance.
_DOCXTPL = DocxTemplate(io.BytesIO())

# ---------------------------------------------------------------------------- typography

# Every rule of fr.typography needs one of these: a mark, or a figure (or « 1er ») followed
# by a space, which a date starts with; without them it changes nothing.
_TYPOGRAPHY_TRIGGERS = re.compile("[;:!?«»]|[0-9][ \u00a0\u202f]|1er[ \u00a0\u202f]")
# Where a text can be cut so that typesetting the pieces gives the typeset text: after a
# single plain space that neither follows «, a figure or « 1er », nor precedes a mark, a
# space, a figure or the end — that is, before a letter. Every rule of fr.typography reads
# a mark with the spaces and the one character on each side of it, or a date (a day, a
# month, a year, and the spaces between them); a URL or e-mail address it leaves alone
# holds no space: no rule can see across such a cut, and no rule changes the space at it.
# tests/test_engine.py checks it against the whole text on random texts built for it.
_CUT = re.compile(r"(?<=[^« \u00a0\u202f0-9] )(?<!1er )(?=[^\W\d])")


def _french(text: str) -> str:
    """What the former path did to every w:t text: ' → ’, French spacing, « n° », no-break
    hyphens in proper names (U+2011, made Word's own by ``no_break_hyphens_tree``).

    Typeset piece by piece (words and their punctuation, cached): from one document to
    the next most pieces recur, and only the new ones (a service's name, an amount) cost
    fr.typography's passes, which cost ~25 µs per 100 letters.
    """
    if len(text) < 48:
        return _french_piece(text)
    return "".join([_french_piece(piece) for piece in _CUT.split(text)])


@lru_cache(maxsize=8192)
def _french_piece(text: str) -> str:
    # YAML values are typed with ' and plain spaces; the template's own text is already right.
    text = text.replace("'", "’")
    if _TYPOGRAPHY_TRIGGERS.search(text):
        text = fr.typography(text)
    if "-" in text:
        text = fr.no_break_hyphens(text)
    return text.replace("n° ", "n°\u00a0")


def typeset(document: Any) -> None:
    """Typeset every w:t of a python-docx document's body, headers and footers."""
    text_parts = ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml")
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.content_type.endswith(text_parts):
            continue
        _typeset_tree(element)


_W_T = qn("w:t")
_W_BODY = qn("w:body")
_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _typeset_tree(root: Any) -> None:
    for node in root.iter(_W_T):
        if node.text:
            node.text = _french(node.text)


_ENTITY = re.compile(r"&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        decimal, hexadecimal, name = match.groups()
        if name:
            return _NAMED[name]
        return chr(int(decimal) if decimal else int(hexadecimal, 16))

    return _ENTITY.sub(one, text) if "&" in text else text


def _escape(text: str) -> str:
    # As lxml writes text: & < > escaped, and \r as a reference no parser normalises.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


@lru_cache(maxsize=4096)
def _typeset_escaped(text: str) -> str:
    """The escaped text of a w:t, typeset, escaped again. A raw carriage return (a value's)
    is read as the XML parser reads it, as a line feed; "&#13;" stays a carriage return."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _escape(_french(_unescape(text)))


# A marked node's text runs from the mark to the next tag: its closing </w:t>.
_MARKED_TEXT = re.compile(_MARK + "([^<]*)")


def _typeset_marked(xml: str) -> str:
    """Typeset the text of the w:t nodes marked at preparation, and unmark them."""
    if _MARK not in xml:
        return xml
    return _MARKED_TEXT.sub(lambda match: _typeset_escaped(match.group(1)), xml)


# The text of a w:t in the XML docxtpl prepares, up to its closing tag. A node is dynamic if
# it holds a tag, or if its text is one resolve_listing or the {_{ escapes would change, or
# if it holds a "<" (which only a tag, or XML a tag moved, can put there).
_WT_TEXT = re.compile(r"(<w:t(?=[\s>])[^>]*(?<!/)>)(.*?)(?=</w:t>)", re.DOTALL)
_DYNAMIC_TEXT = re.compile(r"\{[{%#]|\{_|_\}|[\t\n\x07\x0c<]")


def _typeset_source(xml: str) -> str:
    """Typeset the fixed w:t text of docxtpl's prepared XML, mark the dynamic nodes."""

    def one(match: re.Match[str]) -> str:
        opening, text = match.groups()
        if _DYNAMIC_TEXT.search(text):
            return opening + _MARK + text
        return opening + _typeset_escaped(text)

    return _WT_TEXT.sub(one, xml)


# ---------------------------------------------------------------------------- docxtpl steps


def _after_render(xml: str, marking: bool) -> str:
    """docxtpl's render_xml_part after Jinja: {_{ escapes undone, then the tabs, line
    breaks, new paragraphs and page breaks of the values resolved.

    docxtpl also puts a newline before each <w:p before compiling and takes it out after
    rendering, for Jinja's error line numbers: not done here (one search of the whole XML
    less per part), with the same result since no value can hold a raw "<".
    """
    if "_" in xml and ("{_" in xml or "_}" in xml):  # single-character tests are fastest
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
    if "\n" in xml or "\t" in xml or "\a" in xml or "\f" in xml:
        xml = _resolve_listing(xml, _MARK if marking else "")
    return xml


_LISTING = re.compile(r"[\t\n\x07\x0c]")
_LISTING_PARAGRAPH = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING_RUN = re.compile(r"<w:r(?: [^>]*)?>.*?</w:r>", re.DOTALL)
_LISTING_TEXT = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)
_LISTING_PPR = re.compile(r"<w:pPr>.*?</w:pPr>")
_LISTING_RPR = re.compile(r"<w:rPr>.*?</w:rPr>")


def _resolve_listing(xml: str, mark: str) -> str:
    """docxtpl 0.20's resolve_listing, the same regexes in the same order, except that
    each w:t it opens is marked (and paragraphs it would leave as they are are skipped)."""
    opening = '<w:t xml:space="preserve">' + mark

    def text(run_properties: str, paragraph_properties: str, match: re.Match[str]) -> str:
        rp, pp = run_properties, paragraph_properties
        xml = match.group(0).replace("\t", f"</w:t></w:r><w:r>{rp}<w:tab/></w:r><w:r>{rp}{opening}")
        xml = xml.replace("\a", f"</w:t></w:r></w:p><w:p>{pp}<w:r>{rp}{opening}")
        xml = xml.replace("\n", f"</w:t><w:br/>{opening}")
        return xml.replace(
            "\f",
            "</w:t></w:r></w:p>"
            '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
            f"<w:p>{pp}<w:r>{rp}{opening}",
        )

    def run(paragraph_properties: str, match: re.Match[str]) -> str:
        found = _LISTING_RPR.search(match.group(0))
        run_properties = found.group(0) if found else ""
        return _LISTING_TEXT.sub(
            lambda m: text(run_properties, paragraph_properties, m), match.group(0)
        )

    def paragraph(match: re.Match[str]) -> str:
        xml = match.group(0)
        if not _LISTING.search(xml):
            return xml
        found = _LISTING_PPR.search(xml)
        paragraph_properties = found.group(0) if found else ""
        return _LISTING_RUN.sub(lambda m: run(paragraph_properties, m), xml)

    return _LISTING_PARAGRAPH.sub(paragraph, xml)


# python-docx's parser settings: docxtpl hands rendered headers and footers to python-docx.
_OXML_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)

# ---------------------------------------------------------------------------- preparation

_CORE_XML = "docProps/core.xml"
_CONTENT_TYPES = "[Content_Types].xml"
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
# The core properties docxtpl renders with Jinja, in its order (an absent one is created).
_RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


@dataclass(frozen=True, eq=False)
class _Part:
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
class _Prepared:
    members: tuple[ZipMember | _Part | None, ...]  # in zip order; None: docProps/core.xml
    core: bytes  # docProps/core.xml after docxtpl's property pass
    # The properties that hold tags, rendered for each document into a copy of core_tree
    # (python-docx's, as its empty texts are kept: a parse would turn <a></a> into <a/>).
    dynamic_properties: tuple[tuple[str, jinja2.Template], ...]
    core_tree: Any


def _compiled_part(name: str, kind: str, source: str, **body: Any) -> _Part:
    """docxtpl's patch_xml, then typeset and marked (unless the XML holds the mark)."""
    patched = _DOCXTPL.patch_xml(source)
    if _MARK in patched or kind == "raw":
        return _Part(name, kind, _ENV.from_string(patched), False, **body)
    return _Part(name, kind, _MARKING_ENV.from_string(_typeset_source(patched)), True, **body)


_BODY_START = re.compile(r"<w:body(?:\s[^>]*?)?(/?)>")


def _body_part(name: str, document: Any) -> _Part:
    """The body as docxtpl fills it, and how to put it back into its w:document."""
    body = document.body
    source = etree.tostring(body, encoding="unicode")
    skeleton = etree.fromstring(serialize_part_xml(document), _OXML_PARSER)
    skeleton.replace(skeleton.find(_W_BODY), etree.Element(_W_BODY))
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


def _prepare_template(checked: Package) -> _Prepared:
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
        if part.content_type == _FOOTNOTES:
            name = part.partname[1:]
            parts[name] = _compiled_part(name, "raw", part.blob.decode("utf-8"))

    # Every other member as python-docx saves it, deflated once for all the documents.
    saved = io.BytesIO()
    document.save(saved)
    members: list[ZipMember | _Part | None] = []
    core = b""
    with zipfile.ZipFile(saved) as package:
        infos = sorted(package.infolist(), key=lambda info: info.filename != _CONTENT_TYPES)
        for info in infos:
            if info.filename == _CORE_XML:
                core = package.read(info)
                members.append(None)
            elif info.filename in parts:
                members.append(parts[info.filename])
            else:
                members.append(zip_member(info.filename, package.read(info)))
    return _Prepared(tuple(members), core, dynamic_properties, core_tree)


@lru_cache(maxsize=16)
def _prepared(path: Path, mtime_ns: int, size: int) -> _Prepared:
    # Keyed by mtime and size so that a template edited while docgen runs is read again.
    package = open_template(path)  # checked first: any file is safe to read
    with package.reading():
        return _prepare_template(package)


# ---------------------------------------------------------------------------- rendering


def _member(part: _Part, context: Mapping[str, object]) -> ZipMember:
    """The zip member of a templated part for this context."""
    rendered = sandbox.render(part.template, context, part.name)
    if part.kind == "body":
        return zip_member(part.name, _finish(part, rendered))
    # A header, a footer, footnotes: small, and often the same from one document to the next.
    return _finished_member(part, rendered)


@lru_cache(maxsize=256)
def _finished_member(part: _Part, rendered: str) -> ZipMember:
    return zip_member(part.name, _finish(part, rendered))


def _finish(part: _Part, rendered: str) -> bytes:
    """The part's bytes from what Jinja rendered: docxtpl's steps after rendering, the
    typesetting, python-docx's serialisation."""
    if part.kind == "raw":
        return _after_render(rendered, part.marked).encode("utf-8")
    root = _typeset(part, rendered)
    superscript_tree(root)  # 1er, 2e: the suffix of an abbreviated ordinal in superscript
    no_break_hyphens_tree(root)  # after: an ordinal is read with the hyphen before it
    return serialize_part_xml(root)


def _typeset(part: _Part, rendered: str) -> Any:
    """The part as a tree from what Jinja rendered: docxtpl's steps after rendering and the
    French typesetting (its text as the document prints it)."""
    xml = _after_render(rendered, part.marked)
    if part.marked:
        xml = _typeset_marked(xml)
    root = etree.fromstring(xml, _OXML_PARSER) if part.kind == "xml" else _document(part, xml)
    if not part.marked:
        _typeset_tree(root)
    return root


def _document(part: _Part, body: str) -> Any:
    """The w:document around the rendered body, as docxtpl's render leaves it: its tables
    fixed by docxtpl's fix_tables (which parses in lxml's recover mode) and its pictures'
    ids renumbered from 1001 (docxtpl's fix_docpr_ids)."""
    if part.wrapper is not None:
        head, tail = part.wrapper
        root = _DOCXTPL.fix_tables(head + body + tail)
    else:
        root = copy.deepcopy(part.skeleton)
        root.replace(root.find(_W_BODY), _DOCXTPL.fix_tables(body))
    for number, element in enumerate(root.iter(_WP_DOCPR), 1001):
        element.attrib["id"] = str(number)
    return root


def _core_xml(
    prepared: _Prepared, context: Mapping[str, object], properties: DocumentProperties | None
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


def _prepared_template(template: Path) -> _Prepared:
    try:
        stat = template.stat()
    except OSError:
        open_template(template)  # says why it cannot be read
        raise
    return _prepared(template.resolve(), stat.st_mtime_ns, stat.st_size)


RENDER = "template-render"  # the rule of a document that cannot be filled from its template


@contextmanager
def _explained(template: Path, context: Mapping[str, object]) -> Iterator[None]:
    """A template that cannot be filled, as a ``TemplateFailure`` saying why in French."""
    shown = display_path(template)

    def failure(message: str, hint: str) -> TemplateFailure:
        return TemplateFailure(message, hint, template=shown, rule=RENDER)

    try:
        yield
    except sandbox.LimitExceeded as error:
        hint = "simplifiez cette balise du modèle (une boucle, un calcul, une répétition)"
        if error.timed:
            hint += " ; pour un modèle très long, la durée admise se règle dans "
            hint += "departement.yaml (limites: rendu_secondes:)"
        raise failure(
            f"le rendu de {shown} a dépassé {error.what}{_at_tag(error.tag)}", hint
        ) from None
    except sandbox.Refused as error:
        raise failure(
            f"le modèle {shown} ne peut pas être rempli : {error.reason}{_at_tag(error.tag)}",
            "un modèle n'imprime que les champs de ses données : corrigez ou retirez la balise",
        ) from None
    except RecursionError:
        raise failure(
            f"le rendu de {shown} a dépassé la profondeur admise des appels (une macro qui "
            "s'appelle elle-même sans fin ?)",
            "corrigez la macro du modèle",
        ) from None
    except MemoryError:
        raise failure(
            f"le rendu de {shown} a dépassé la mémoire disponible",
            "simplifiez le modèle (une boucle, une répétition)",
        ) from None
    except ArithmeticError:
        raise failure(
            f"le modèle {shown} ne peut pas être rempli : un calcul d'une balise est "
            "impossible (division par zéro, nombre hors limites)",
            "corrigez le calcul de la balise",
        ) from None
    except (
        jinja2.TemplateError,
        TypeError,
        ValueError,
        LookupError,
        AttributeError,
        etree.XMLSyntaxError,
    ) as error:
        # A filter given the wrong value (« {{ service.name|amount }} ») is a template slip too,
        # and so is a header that the tags left as broken XML.
        problem = explain(error, fields=context, filters=fr.FILTERS)
        tag = _at_tag(getattr(error, "docgen_tag", ""))
        raise failure(problem.sentence(shown) + tag, problem.hint) from error


def _at_tag(tag: str) -> str:
    return f", à la balise « {tag} »" if tag else ""


def trial(template: Path, limits: sandbox.Limits | None = None) -> None:
    """Fill each templated part of ``template`` once with placeholders standing for any
    value, within ``limits``: a tag past a limit whatever the data (a loop over a
    constant range, a power, a repetition) is a ``TemplateFailure`` before any document is
    rendered (``docgen check``). What depends on the data, or on a tag's syntax, is left
    to the template lint and to rendering; an unreadable template is a failure too.

    Only a template whose tags could do so (``sandbox.risky``: a call, a macro, ``*``…)
    is prepared and filled: looking at its tags costs a few milliseconds, preparing it a
    hundred."""
    package = open_template(template)
    if not any(sandbox.risky(_tags(package.read(name))) for name in _templated(package)):
        return
    try:
        with _explained(template, {}):
            prepared = _prepared_template(template)
    except TemplateFailure as failure:
        if failure.rule == RENDER:
            return  # a tag's syntax: the lint says it
        raise
    with _explained(template, {}), sandbox.limited(limits, dry=True):
        for member in prepared.members:
            if not isinstance(member, _Part):
                continue
            try:
                sandbox.render(member.template, {}, member.name)
            except (
                jinja2.TemplateError,
                TypeError,
                ValueError,
                LookupError,
                AttributeError,
                ArithmeticError,
            ) as error:
                if isinstance(error, SecurityError):  # refused whatever the data
                    raise
                continue  # not a limit: what the data would give decides


# The parts the engine fills: the body, headers, footers, footnotes, core properties.
_TEMPLATED = (
    "document.main+xml",
    "header+xml",
    "footer+xml",
    "footnotes+xml",
    "core-properties+xml",
)
_XML_TAG = re.compile(r"<[^>]*>")
_DOCXTPL_PREFIX = re.compile(r"\{([{%#])(-?)\s*(?:p|tr|tc|r)\s")


def _templated(package: Package) -> list[str]:
    return [name for name, kind in package.types.items() if kind.endswith(_TEMPLATED)]


def _tags(xml: bytes) -> str:
    """The text of an XML part, tags of Word and docxtpl's prefixes (``{%p``, ``{%tr``…)
    taken out: what Jinja would see of its own tags, near enough to look at them."""
    text = _unescape(_XML_TAG.sub("", xml.decode("utf-8")))
    return _DOCXTPL_PREFIX.sub(r"{\1\2 ", text)


def body_tree(
    template: Path, context: Mapping[str, object], limits: sandbox.Limits | None = None
) -> Any:
    """The filled template's main part (``word/document.xml``) as an lxml tree, its text
    typeset as the document prints it: what reading a rendering's text needs, without
    writing, zipping and parsing the whole .docx again."""
    with _explained(template, context):
        prepared = _prepared_template(template)  # a tag Jinja cannot read is explained too
        with sandbox.limited(limits):
            for member in prepared.members:
                if isinstance(member, _Part) and member.kind == "body":
                    rendered = sandbox.render(member.template, context, member.name)
                    root = _typeset(member, rendered)
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
    with _explained(template, context):
        prepared = _prepared_template(template)  # a tag Jinja cannot read is explained too
        members: list[ZipMember] = []
        with sandbox.limited(limits):  # the document's time starts once its template is ready
            for member in prepared.members:
                if isinstance(member, ZipMember):
                    members.append(member)
                elif member is None:
                    core = _core_xml(prepared, context, properties)
                    members.append(zip_member(_CORE_XML, core))
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
