"""French typesetting of the text a template's parts hold, fixed or filled in.

Why: every w:t of a document goes through ``_french`` (’, French spacing, « n° »,
no-break hyphens in proper names), and doing it again on the whole of every document
would cost more than filling it. So the template's fixed text is typeset once, at
preparation (``typeset_source``), and only the nodes where values land are marked
(``MARK``) and typeset after each rendering (``typeset_marked``).

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
``finalize`` (``preparation``), as the former pass typeset every ``w:t``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from docx.oxml.ns import qn

from docgen.core import french as fr

# Marks, in the XML a template is compiled from, the w:t nodes whose text holds a tag: a
# noncharacter (U+FDD0), "reserved for a program's internal use", that no one types. A
# value holding it is written as a character reference; a template holding it is prepared
# without marks and typeset whole after each render, as the former path did.
MARK = "\ufdd0"
MARK_REFERENCE = f"&#{ord(MARK)};"


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
    the next most pieces recur, and only the new ones (a service's name, an amount) go
    through fr.typography's passes.
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
        typeset_tree(element)


_W_T = qn("w:t")


def typeset_tree(root: Any) -> None:
    """Typeset the text of every w:t under ``root`` (an lxml element)."""
    for node in root.iter(_W_T):
        if node.text:
            node.text = _french(node.text)


_ENTITY = re.compile(r"&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def unescape(text: str) -> str:
    """The text of an escaped w:t, its references read as an XML parser reads them."""

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
    return _escape(_french(unescape(text)))


# A marked node's text runs from the mark to the next tag: its closing </w:t>.
_MARKED_TEXT = re.compile(MARK + "([^<]*)")


def typeset_marked(xml: str) -> str:
    """Typeset the text of the w:t nodes marked at preparation, and unmark them."""
    if MARK not in xml:
        return xml
    return _MARKED_TEXT.sub(lambda match: _typeset_escaped(match.group(1)), xml)


# The text of a w:t in the XML docxtpl prepares, up to its closing tag. A node is dynamic if
# it holds a tag, or if its text is one resolve_listing or the {_{ escapes would change, or
# if it holds a "<" (which only a tag, or XML a tag moved, can put there).
_WT_TEXT = re.compile(r"(<w:t(?=[\s>])[^>]*(?<!/)>)(.*?)(?=</w:t>)", re.DOTALL)
_DYNAMIC_TEXT = re.compile(r"\{[{%#]|\{_|_\}|[\t\n\x07\x0c<]")


def typeset_source(xml: str) -> str:
    """Typeset the fixed w:t text of docxtpl's prepared XML, mark the dynamic nodes."""

    def one(match: re.Match[str]) -> str:
        opening, text = match.groups()
        if _DYNAMIC_TEXT.search(text):
            return opening + MARK + text
        return opening + _typeset_escaped(text)

    return _WT_TEXT.sub(one, xml)
