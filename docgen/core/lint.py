"""Check Word templates the way ``docgen check`` checks contracts.

Three things go wrong when legal staff edit a template in Word: a tag names a value
docgen does not provide (a typo, a field of another Département's template), Word
splits a tag across several runs (spell-check and revision marks do it; docxtpl then
loses the tag's formatting or cannot read it at all), or the Jinja syntax breaks. Each
is a finding naming the template and quoting the paragraph. The same walk over the tags
tells which fields a template prints, which ``--for-signature`` then requires. The names
a template may use are those of its typed context (``docgen.core.context``).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core.findings import Finding, Severity, display_path

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")


@dataclass(frozen=True)
class TemplateReport:
    fields: frozenset[str]  # name chains used, loop variables named by their list
    findings: tuple[Finding, ...]
    # Chains printed where nothing tests them first ({% if x %}, |default): their value
    # must exist, or the document would print "None".
    required: frozenset[str] = frozenset()


def is_known(chain: str, known: frozenset[str]) -> bool:
    """``chain`` is a documented name, or a key of a documented mapping (``totals.etat``
    under ``totals.*``)."""
    if chain in known:
        return True
    head = chain
    while "." in head:
        head = head.rsplit(".", 1)[0]
        if f"{head}.*" in known:
            return True
    return False


def lint_template(template: Path, known: frozenset[str] | None) -> TemplateReport:
    """Fields used by ``template`` and what is wrong with it (``known=None``: any name)."""
    name = display_path(template)
    findings = [
        Finding(
            name,
            None,
            "",
            "template-split-tag",
            f"Word a coupé la balise « {tag} » en plusieurs morceaux, dans le paragraphe "
            f"« {_short(paragraph)} »",
            "dans Word, effacez la balise et retapez-la d'un seul tenant, sans mise en forme",
            Severity.WARNING,
        )
        for tag, paragraph in _split_tags(template)
    ]
    fields: set[str] = set()
    required: set[str] = set()
    try:
        for source in _prepared_sources(template):
            _collect(SandboxedEnvironment().parse(source), {}, fields, required, frozenset())
    except jinja2.TemplateSyntaxError as error:
        findings.append(
            Finding(
                name,
                None,
                "",
                "template-syntax",
                f"balise illisible : {error.message}",
                "vérifiez les {{ … }} et {% … %} du modèle (accolades, « endfor », « endif »)",
            )
        )
    if known is not None:
        for unknown in sorted(f for f in fields if not is_known(f, known)):
            findings.append(
                Finding(
                    name,
                    None,
                    "",
                    "template-unknown-field",
                    f"la balise « {unknown} » ne correspond à aucun champ",
                    "corrigez-la : les champs admis sont dans le README (« Les modèles Word »)",
                )
            )
    return TemplateReport(frozenset(fields), tuple(findings), frozenset(required))


def _prepared_sources(template: Path) -> Iterator[str]:
    """The XML of body, headers and footers as docxtpl hands it to Jinja."""
    document = DocxTemplate(str(template))
    document.init_docx()
    yield document.patch_xml(document.get_xml())
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        for _key, part in document.get_headers_footers(uri):
            yield document.patch_xml(document.get_part_xml(part))


def _split_tags(template: Path) -> Iterator[tuple[str, str]]:
    """(tag, paragraph text) for every tag whose characters lie in more than one run."""
    with zipfile.ZipFile(template) as archive:
        for part in sorted(n for n in archive.namelist() if _TEXT_PARTS.match(n)):
            root = etree.fromstring(archive.read(part))
            for paragraph in root.iter(f"{_W}p"):
                pieces = [t.text or "" for t in paragraph.iter(f"{_W}t")]
                text = "".join(pieces)
                bounds, start = [], 0
                for piece in pieces:
                    bounds.append((start, start + len(piece)))
                    start += len(piece)
                for match in _TAG.finditer(text):
                    inside = [b for b in bounds if b[0] < match.end() and b[1] > match.start()]
                    if len(inside) > 1:
                        yield match.group(0), text


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _chain(node: nodes.Node, scope: dict[str, str]) -> str | None:
    if isinstance(node, nodes.Name):
        return None if node.name == "loop" else scope.get(node.name, node.name)
    if isinstance(node, nodes.Getattr):
        base = _chain(node.node, scope)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        # parties[0] is an element of the list; totals["etat"] a key of the mapping.
        base = _chain(node.node, scope)
        if base is None:
            return None
        key = node.arg.value
        return f"{base}[]" if isinstance(key, int) else f"{base}.{key}"
    return None


def _collect(
    node: nodes.Node,
    scope: dict[str, str],
    found: set[str],
    required: set[str],
    guards: frozenset[str],
) -> None:
    """Every chain ``node`` uses into ``found``; those used outside any test of them (or of
    a prefix of them) into ``required``."""
    if isinstance(node, nodes.For):
        _collect(node.iter, scope, found, required, guards)
        inner = dict(scope)
        targets = [node.target] if isinstance(node.target, nodes.Name) else []
        for target in [*targets, *node.target.find_all(nodes.Name)]:
            inner[target.name] = f"{_chain(node.iter, scope)}[]"
        for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
            _collect(child, inner, found, required, guards)
        return
    if isinstance(node, nodes.If | nodes.CondExpr):
        tested = _chains(node.test, scope)
        _collect(node.test, scope, found, set(), guards)  # a test may look at anything
        then = node.body if isinstance(node, nodes.If) else [node.expr1]
        otherwise: list[nodes.Node] = []
        if isinstance(node, nodes.If):
            otherwise = [*node.elif_, *node.else_]
        elif node.expr2 is not None:
            otherwise = [node.expr2]
        for child in then:
            _collect(child, scope, found, required, guards | tested)
        for child in otherwise:
            _collect(child, scope, found, required, guards)
        return
    if isinstance(node, nodes.Filter) and node.name in ("default", "d") and node.node is not None:
        _collect(node.node, scope, found, set(), guards)
        for child in [*node.args, *node.kwargs]:
            _collect(child, scope, found, required, guards)
        return
    if isinstance(node, nodes.Test) and node.name in ("defined", "none", "undefined"):
        _collect(node.node, scope, found, set(), guards)
        return
    if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
        chain = _chain(node, scope)
        if chain is not None:
            found.add(chain)
            if not _guarded(chain, guards):
                required.add(chain)
            return
    for child in node.iter_child_nodes():
        _collect(child, scope, found, required, guards)


def _chains(node: nodes.Node, scope: dict[str, str]) -> frozenset[str]:
    found: set[str] = set()
    _collect(node, scope, found, set(), frozenset())
    return frozenset(found)


def _guarded(chain: str, guards: frozenset[str]) -> bool:
    head = chain
    while True:
        if head in guards:
            return True
        if "." not in head:
            return False
        head = head.rsplit(".", 1)[0]
