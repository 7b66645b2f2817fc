"""Word's XML (WordprocessingML) as docgen's modules that edit a part's tree write it:
the namespace of its elements, and a text node that keeps its edge spaces."""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def text_node(value: str) -> etree._Element:
    """A ``w:t`` holding ``value``; Word drops the spaces at a text's edges unless told
    to keep them (``xml:space="preserve"``)."""
    node = etree.Element(f"{W}t")
    node.text = value
    if value != value.strip():
        node.set(XML_SPACE, "preserve")
    return node
