"""What docxtpl's render does to a part's XML after Jinja, reproduced.

Why: the engine renders parts itself (``rendering``) instead of through
``DocxTemplate.render``, and must give the same XML: ``{_{`` escapes undone, then the
tabs, line breaks, new paragraphs and page breaks of the values (``\\t``, ``\\n``,
``\\a``, ``\\f``) resolved by a copy of docxtpl 0.20's ``resolve_listing`` that marks the
``w:t`` it opens for typesetting (``typography.MARK``).
"""

from __future__ import annotations

import re

from docgen.core.engine.typography import MARK


def after_render(xml: str, marking: bool) -> str:
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
        xml = _resolve_listing(xml, MARK if marking else "")
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
