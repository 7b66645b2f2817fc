"""No-break hyphens as Word writes them: ``<w:noBreakHyphen/>`` between text nodes.

The French typesetting (``french.no_break_hyphens``) turns the hyphens of proper names and
references into U+2011, so that « Pas-de-Calais » never breaks at the end of a line. Word
and LibreOffice have their own no-break hyphen, the one Ctrl+Maj+- types: an element of
the run, drawn with the font's own hyphen. The character U+2011 is not in every font (a
document in Arial would draw it from another font), and a reader searching the document
for « Pas-de-Calais » finds the element, not the character. So each U+2011 of a ``w:t``
becomes a ``w:noBreakHyphen`` in the same run; python-docx reads it back as « - », and the
text of a document is what it was.

Works on lxml elements after a template is filled and typeset, as ``ordinals`` does.
"""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core.french import NO_BREAK_HYPHEN
from docgen.core.wordml import W, text_node


def no_break_hyphens_tree(element: etree._Element) -> int:
    """Each U+2011 in the text of a run under ``element`` (a body, a header) becomes a
    ``w:noBreakHyphen`` of that run; how many text nodes were split."""
    nodes = [
        node
        for node in element.iter(f"{W}t")
        if node.text and NO_BREAK_HYPHEN in node.text and node.getparent() is not None
    ]
    split = 0
    for node in nodes:
        run = node.getparent()
        if run.tag != f"{W}r":  # a text outside a run is not Word's: left as it is
            continue
        split += 1
        index = run.index(node)
        run.remove(node)
        replacement: list[etree._Element] = []
        for number, piece in enumerate(node.text.split(NO_BREAK_HYPHEN)):
            if number:
                replacement.append(etree.Element(f"{W}noBreakHyphen"))
            if piece:
                replacement.append(text_node(piece))
        for offset, new in enumerate(replacement):
            run.insert(index + offset, new)
    return split
