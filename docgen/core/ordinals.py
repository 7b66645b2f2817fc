"""Superscript ordinals in Word paragraphs: « 1er », « 1re », « 2e », « 14es ».

French typography sets the letters of an abbreviated ordinal in superscript (Imprimerie
nationale): 1<sup>er</sup> janvier, 2<sup>e</sup> commission. Templates and values print
them as plain text; ``superscript_paragraph`` splits the runs of one ``w:p`` so that each
ordinal suffix gets a run of its own with ``<w:vertAlign w:val="superscript"/>``, every
other property of the run kept. « n° » is left as it is (administrations type the degree
sign), and so are figures inside words or references (L121-2, 8.1, 2023-601, B2e).

It works on lxml elements, after a template is filled and before the document is saved:
the renderer calls ``superscript_tree`` on the body, headers and footers of each
document. Idempotent: a run already in superscript is not split again.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core.wordml import W, text_node

# A number of one to four figures, not glued to a letter, figure, dot or hyphen (a no-break
# one too) before it (L121-2e, 8.2e, 2023-2e stay), followed by an ordinal suffix ending
# the word.
ORDINAL = re.compile(r"(?<![\w.\-\u2011/])(\d{1,4})(ers|res|er|re|es|e)(?![\w])")


def ordinal_segments(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, superscript) pairs: « le 1er mai » → le 1 | er | mai."""
    segments: list[tuple[str, bool]] = []
    position = 0
    for match in ORDINAL.finditer(text):
        cut = match.start(2)
        segments.append((text[position:cut], False))
        segments.append((match.group(2), True))
        position = match.end()
    segments.append((text[position:], False))
    return [(piece, sup) for piece, sup in segments if piece]


def _is_superscript(run: etree._Element) -> bool:
    align = run.find(f"{W}rPr/{W}vertAlign")
    return align is not None and align.get(f"{W}val") == "superscript"


def _new_run(template: etree._Element, superscript: bool) -> etree._Element:
    run = etree.Element(f"{W}r", nsmap=template.nsmap)
    for name, value in template.attrib.items():
        run.set(name, value)
    properties = template.find(f"{W}rPr")
    if properties is not None or superscript:
        rpr = copy.deepcopy(properties) if properties is not None else etree.Element(f"{W}rPr")
        if superscript:
            align = rpr.find(f"{W}vertAlign")
            if align is None:
                align = etree.SubElement(rpr, f"{W}vertAlign")
            align.set(f"{W}val", "superscript")
        run.append(rpr)
    return run


def _split_run(run: etree._Element) -> list[etree._Element] | None:
    """The runs replacing ``run``, or None when it holds no ordinal."""
    texts = [node.text or "" for node in run.iter(f"{W}t")]
    if _is_superscript(run) or not any(ORDINAL.search(text) for text in texts):
        return None
    runs: list[etree._Element] = []
    current: etree._Element | None = None
    current_sup = False
    for child in run:
        if child.tag == f"{W}rPr":
            continue
        pieces = ordinal_segments(child.text or "") if child.tag == f"{W}t" else [(None, False)]
        for piece, sup in pieces:
            if current is None or sup != current_sup:
                current, current_sup = _new_run(run, sup), sup
                runs.append(current)
            current.append(text_node(piece) if piece is not None else copy.deepcopy(child))
    return runs


def _runs(paragraph: etree._Element) -> Iterator[etree._Element]:
    """The text runs of a paragraph, including those inside hyperlinks and smart tags."""
    for node in paragraph.iter(f"{W}r"):
        if node.getparent() is not None:
            yield node


def superscript_paragraph(paragraph: etree._Element) -> int:
    """Put every ordinal suffix of ``paragraph`` (a ``w:p``) in superscript; how many runs
    were split."""
    return _superscript_runs(list(_runs(paragraph)))


def _superscript_runs(runs: list[etree._Element]) -> int:
    changed = 0
    for run in runs:
        replacement = _split_run(run)
        if replacement is None:
            continue
        parent = run.getparent()
        index = parent.index(run)
        parent.remove(run)
        for offset, new in enumerate(replacement):
            parent.insert(index + offset, new)
        changed += 1
    return changed


def superscript_tree(element: etree._Element) -> int:
    """``superscript_paragraph`` on every paragraph under ``element`` (a body, a header).

    Only the runs whose text holds an ordinal are visited: one pass over the texts finds
    them (walking every run of every paragraph was a third of rendering a convention,
    whose ordinals are few and mostly already set in its template)."""
    runs: list[etree._Element] = []
    for node in element.iter(f"{W}t"):
        text = node.text
        if text and ORDINAL.search(text):
            run = node.getparent()
            if run is not None and run.tag == f"{W}r" and not (runs and runs[-1] is run):
                runs.append(run)
    return _superscript_runs([run for run in runs if run.getparent() is not None])
