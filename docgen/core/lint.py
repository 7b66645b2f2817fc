"""Check Word templates the way ``docgen check`` checks contracts, and as ``build`` fills them.

What goes wrong when legal staff edit a template in Word: a tag names a value docgen
does not provide (a typo, a field of another Département's template, an English name of
an earlier version), a filter that does not exist or does not fit its value, Word splits
a tag across several runs (spell-check and revision marks do it), or the tag syntax
breaks. Each is a finding naming the template and the paragraph (its first words, and
the heading above it) so that the juriste finds it in Word.

The template is parsed by the engine's own environment (``docgen.core.environment``):
what ``check`` accepts, ``build`` can fill. The same walk over the tags tells which
fields a template prints (``--pour-signature`` requires them) and which it prints
without testing them first (their value must exist, or the document would print "None").
Names are resolved by ``docgen.core.vocabulary``: reports hold English chains, the names
docgen's code reads; messages speak the template's French names.
"""

from __future__ import annotations

import bisect
import difflib
import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2 import nodes

from docgen.core import french as fr
from docgen.core import vocabulary
from docgen.core.environment import environment, filter_names
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.package import open_template
from docgen.core.template_errors import explain, unclosed_block
from docgen.core.wordml import W

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")
FIELD_GUIDE = "la liste des champs : docgen modeles champs"

_ENV = environment()
# Names a template may use that are no field: Jinja's loop variable and globals.
_NOT_FIELDS = frozenset({"loop", "true", "false", "none", "True", "False", "None"}) | frozenset(
    _ENV.globals
)
# docgen's filters that read a number, or a date (the others read text or anything).
_NUMBER_FILTERS = frozenset({"montant", "montant_en_lettres", "montant_complet", "nombre"})
_NUMBER_FILTERS |= frozenset({"en_lettres", "pourcentage", "etp", "ordinal_en_lettres"})
_DATE_FILTERS = frozenset({"date_longue", "date_courte"})


@dataclass(frozen=True)
class TemplateReport:
    fields: frozenset[str]  # English chains used, loop variables named by their list
    findings: tuple[Finding, ...]
    # Chains printed where nothing tests them first ({% if x %}, |defaut): their value
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


def lint_template(template: Path, context: type | None) -> TemplateReport:
    """Fields used by ``template`` and what is wrong with it (``context=None``: any name
    is accepted, and reported as written). A template that cannot be read raises
    ``TemplateFailure`` (« modèle illisible »)."""
    open_template(template)  # any file is safe to read: checked before anything parses it
    lint = _Lint(display_path(template), context)
    lint.findings += [lint.split_tag(tag, paragraph) for tag, paragraph in _split_tags(template)]
    lint.findings += [lint.cell_block(*block) for block in _blocks_across_cells(template)]
    for source in _prepared_sources(template):
        lint.part(source)
    return TemplateReport(frozenset(lint.fields), tuple(lint.findings), frozenset(lint.required))


# -- where a tag is ------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_WT = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")
_STYLE = re.compile(r'<w:pStyle w:val="([^"]*)"')
_HEADING_STYLE = re.compile(r"(?i)^(titre|heading|title)")
_HEADING_TEXT = re.compile(r"^(Article|ARTICLE|Annexe|ANNEXE|Préambule|PRÉAMBULE)\b")


@dataclass(frozen=True)
class _Segment:
    line: int  # the line of the numbered source it starts on
    text: str
    heading: str  # the nearest heading at or above it


class _Paragraphs:
    """A templated part cut into paragraphs, numbered as Jinja numbers its lines."""

    def __init__(self, source: str) -> None:
        # As docxtpl does for its error messages: a line per paragraph.
        self.source = re.sub(r"<w:p([ >])", r"\n<w:p\1", source)
        self.segments: list[_Segment] = []
        heading = ""
        position = 0
        for match in _PARAGRAPH.finditer(self.source):
            self._bare(self.source[position : match.start()], position, heading)
            xml = match.group(0)
            text = html.unescape("".join(_WT.findall(xml)))
            style = _STYLE.search(xml)
            if text.strip() and (
                (style and _HEADING_STYLE.match(style.group(1))) or _HEADING_TEXT.match(text)
            ):
                heading = text.strip()
            self.segments.append(_Segment(self._line(match.start()), text, heading))
            position = match.end()
        self._bare(self.source[position:], position, heading)
        self._lines = [s.line for s in self.segments]

    def _line(self, offset: int) -> int:
        return self.source.count("\n", 0, offset) + 1

    def _bare(self, xml: str, offset: int, heading: str) -> None:
        """Text between paragraphs: a {%p %} tag, once docxtpl took its paragraph away."""
        text = html.unescape(re.sub(r"<[^>]*>", "", xml)).strip()
        if text:
            self.segments.append(_Segment(self._line(offset), text, heading))

    def where(self, line: int | None, written: str = "") -> str:
        """« , dans le paragraphe « … » (sous « Article 8 … ») » for a tag at ``line``."""
        if line is None or not self.segments:
            return ""
        index = max(bisect.bisect_right(self._lines, line) - 1, 0)
        candidates = [s for s in self.segments if s.line == self.segments[index].line]
        segment = next((s for s in candidates if written and written in s.text), candidates[0])
        if written and written not in segment.text:
            segment = next((s for s in self.segments if written in s.text), segment)
        out = f", dans le paragraphe « {_excerpt(segment.text, written)} »"
        if segment.heading and segment.heading != segment.text.strip():
            out += f" (sous « {_short(segment.heading, 60)} »)"
        return out


_BLOCK_TAG = re.compile(r"\{%-?\s*(\w+)\b.*?%\}", re.S)


def _left_open(source: str, block: str) -> tuple[str, int] | None:
    """The innermost ``block`` tag (« {% if x %} ») still open at the end of ``source``,
    and its line: the tag the juriste forgot to close."""
    if not block:
        return None
    stack: list[tuple[str, str, int]] = []
    for match in _BLOCK_TAG.finditer(source):
        keyword = match[1]
        if keyword in ("for", "if"):
            line = source.count("\n", 0, match.start()) + 1
            stack.append((keyword, " ".join(match[0].split()), line))
        elif keyword in ("endfor", "endif") and stack and stack[-1][0] == keyword[3:]:
            stack.pop()
    opened = [(tag, line) for keyword, tag, line in stack if keyword == block]
    return opened[-1] if opened else None


def _excerpt(text: str, written: str, limit: int = 90) -> str:
    """``_short``, unless ``written`` (the faulty name, or character inside a tag) lies past
    its end: then the words around it, so that the juriste sees what to correct."""
    text = " ".join(text.split())
    found = re.search(r"\{[{%][^{}]*?" + re.escape(written), text) if written else None
    at = found.end() - len(written) if found else text.find(written) if written else -1
    if len(text) <= limit or at < limit - 10:
        return _short(text, limit)
    start = max(at - 40, 0)
    end = start + limit - 2
    return f"…{text[start:end]}" + ("…" if end < len(text) else "")


def _short(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- the walk over the tags ----------------------------------------------------------------


@dataclass
class _Use:
    chain: str  # as written, loop variables replaced by their list: "communes[].nom"
    line: int
    guarded: bool
    written: str  # the name as the tag spells it: "c.nom"


@dataclass
class _Lint:
    name: str  # the template, as shown
    context: type | None
    findings: list[Finding] = field(default_factory=list)
    fields: set[str] = field(default_factory=set)
    required: set[str] = field(default_factory=set)

    def part(self, source: str) -> None:
        paragraphs = _Paragraphs(source)
        try:
            tree = _ENV.parse(paragraphs.source)
        except jinja2.TemplateSyntaxError as error:
            problem = explain(error)
            # The paragraph of a tag Jinja did not expect (its {%p %} paragraph shares its
            # line with the paragraph before it).
            stray = re.match(r"Encountered unknown tag '(\w+)'", error.message or "")
            char = re.match(r"unexpected char '(.)'", error.message or "")
            written = f"{{% {stray[1]}" if stray else char[1] if char else ""
            message = f"{problem.message}{paragraphs.where(error.lineno, written)}"
            left_open = _left_open(paragraphs.source, unclosed_block(error))
            if left_open is not None:
                # Jinja stops at the end of the part: name the tag left open, where it is.
                tag, line = left_open
                message = f"la balise {tag} n'est jamais fermée{paragraphs.where(line, tag)}"
            self.findings.append(self.finding("template-syntax", message, problem.hint))
            return
        uses: list[_Use] = []
        filters: list[tuple[nodes.Filter, str | None]] = []
        _Walker(uses, filters).visit(tree, {}, frozenset())
        for use in uses:
            self.use(use, paragraphs)
        for node, chain in filters:
            self.filter(node, chain, paragraphs)
        try:  # what the walk does not see: an unknown test (« is vide »)
            _ENV.compile(tree)
        except jinja2.TemplateAssertionError as error:
            if not str(error).startswith("No filter named"):
                problem = explain(error, filters=filter_names(_ENV))
                message = f"{problem.message}{paragraphs.where(error.lineno)}"
                self.findings.append(self.finding("template-syntax", message, problem.hint))

    def finding(
        self, rule: str, message: str, hint: str, severity: Severity = Severity.ERROR
    ) -> Finding:
        return Finding(self.name, None, "", rule, message, hint, severity)

    def split_tag(self, tag: str, paragraph: str) -> Finding:
        return self.finding(
            "template-split-tag",
            f"Word a coupé la balise « {tag} » en plusieurs morceaux, dans le paragraphe "
            f"« {_short(paragraph)} »",
            "dans Word, effacez la balise et retapez-la d'un seul tenant, sans mise en forme",
            Severity.WARNING,
        )

    def cell_block(self, opening: str, closing: str, paragraph: str) -> Finding:
        return self.finding(
            "template-syntax",
            f"la balise « {opening} » et sa fin « {closing} » ne sont pas dans la même case "
            f"d'un tableau : docgen ne sait pas répéter ou masquer ainsi une ligne (le tableau "
            f"sortirait avec des lignes vides ou des cases en trop), dans la case "
            f"« {_short(paragraph)} »",
            f"pour répéter une ligne, tapez {{%tr {_bare_tag(opening)} %}} seul dans la ligne "
            f"du dessus et {{%tr {_bare_tag(closing)} %}} seul dans la ligne du dessous ; pour "
            "un texte, ouvrez et fermez la balise dans la même case",
        )

    def use(self, use: _Use, paragraphs: _Paragraphs) -> None:
        if self.context is None:
            self.fields.add(use.chain)
            if not use.guarded:
                self.required.add(use.chain)
            return
        found = vocabulary.resolve(self.context, use.chain)
        where = paragraphs.where(use.line, use.written)
        if not found.known:
            close = f" : vouliez-vous dire « {found.suggestion} » ?" if found.suggestion else ""
            self.findings.append(
                self.finding(
                    "template-unknown-field",
                    f"la balise « {_shown(use)} » ne correspond à aucun champ "
                    f"(« {found.unknown} » est inconnu){close}{where}",
                    f"corrigez-la dans Word ; {FIELD_GUIDE}",
                )
            )
            return
        self.fields.add(found.english)
        if not use.guarded:
            self.required.add(found.english)
        if found.english_names:
            self.findings.append(
                self.finding(
                    "template-english-name",
                    f"« {_shown(use)} » emploie le nom anglais d'une version précédente : "
                    f"écrivez « {_french_written(use, found.french)} »{where}",
                    "docgen modeles migrer FICHIER.docx réécrit en français toutes les balises "
                    "du modèle (il garde une copie de l'original)",
                    Severity.WARNING,
                )
            )

    def filter(self, node: nodes.Filter, chain: str | None, paragraphs: _Paragraphs) -> None:
        where = paragraphs.where(node.lineno, node.name)
        french = fr.ENGLISH_FILTERS.get(node.name)
        if node.name not in _ENV.filters:
            self.findings.append(
                self.finding(
                    "template-unknown-filter",
                    f"le filtre « {node.name} » n'existe pas{_suggest_filter(node.name)}{where}",
                    "corrigez-le dans Word ; la liste des filtres : docgen modeles filtres",
                )
            )
            return
        if french is not None:
            self.findings.append(
                self.finding(
                    "template-english-name",
                    f"le filtre « {node.name} » porte le nom anglais d'une version "
                    f"précédente : écrivez « {french} »{where}",
                    "docgen modeles migrer FICHIER.docx réécrit en français toutes les balises "
                    "du modèle (il garde une copie de l'original)",
                    Severity.WARNING,
                )
            )
        name = french or node.name
        if chain is None or self.context is None:
            return
        kind = _value_kind(self.context, chain)
        wants = "number" if name in _NUMBER_FILTERS else "date" if name in _DATE_FILTERS else ""
        if wants and kind and kind != wants:
            what = {"number": "un nombre ou un montant", "date": "une date"}[wants]
            found = vocabulary.resolve(self.context, chain)
            self.findings.append(
                self.finding(
                    "template-filter-value",
                    f"le filtre « {name} » attend {what}, et « {found.french or chain} » "
                    f"est {_KIND_WORDS[kind]}{where}",
                    "retirez le filtre, ou appliquez-le au bon champ",
                )
            )


_KIND_WORDS = {"text": "un texte", "number": "un nombre", "date": "une date"}


def _value_kind(context: type, chain: str) -> str:
    """« text », « number » or « date » for a chain whose type docgen knows, else ""."""
    found = vocabulary.resolve(context, chain)
    if not found.known:
        return ""
    owner: object = context
    member = None
    for part in found.english.split("."):
        if not isinstance(owner, type):
            return ""
        member = vocabulary.members(owner).get(part.removesuffix("[]"))
        if member is None:  # a key of a mapping
            return ""
        owner = member.inner
    if member is None or member.many or member.mapping:
        return ""
    if member.is_date:
        return "date"
    if member.inner is str:
        return "text"
    return ""


def _suggest_filter(name: str) -> str:
    names = sorted(filter_names(_ENV))
    close = difflib.get_close_matches(name, names, n=1)
    return f" : vouliez-vous dire « {close[0]} » ?" if close else ""


def _shown(use: _Use) -> str:
    return use.written


def _french_written(use: _Use, french: str) -> str:
    """The written name with its fields in French: « c.nom » for « c.name »."""
    head, _, rest = use.written.partition(".")
    if use.chain.split(".")[0] == head:  # no loop variable: the chain itself
        return french
    if not rest:
        return french.rsplit(".", 1)[-1].removesuffix("[]") if "." in french else french
    count = rest.count(".") + 1
    tail = french.split(".")[-count:]
    return ".".join([head, *(t.removesuffix("[]") for t in tail)])


class _Walker:
    """Every chain a template uses, and every filter with the chain it applies to."""

    def __init__(self, uses: list[_Use], filters: list[tuple[nodes.Filter, str | None]]) -> None:
        self.uses = uses
        self.filters = filters

    def visit(self, node: nodes.Node, scope: dict[str, str | None], guards: frozenset[str]) -> None:
        if isinstance(node, nodes.For):
            self.visit(node.iter, scope, guards)
            inner = dict(scope)
            source = self.chain(node.iter, scope)
            for target in (
                node.target.find_all(nodes.Name)
                if not isinstance(node.target, nodes.Name)
                else [node.target]
            ):
                inner[target.name] = f"{source}[]" if source else None
            for child in [*node.body, *node.else_, *([node.test] if node.test else [])]:
                self.visit(child, inner, guards)
            return
        if isinstance(node, nodes.Assign) and isinstance(node.target, nodes.Name):
            self.visit(node.node, scope, guards)
            scope[node.target.name] = self.chain(node.node, scope)
            return
        if isinstance(node, nodes.If | nodes.CondExpr):
            tested = self.chains(node.test, scope)
            self.visit(node.test, scope, frozenset({"*"}))  # a test may look at anything
            then = node.body if isinstance(node, nodes.If) else [node.expr1]
            otherwise: list[nodes.Node] = []
            if isinstance(node, nodes.If):
                otherwise = [*node.elif_, *node.else_]
            elif node.expr2 is not None:
                otherwise = [node.expr2]
            for child in then:
                self.visit(child, scope, guards | tested)
            for child in otherwise:
                self.visit(child, scope, guards)
            return
        if isinstance(node, nodes.Filter):
            self.filters.append((node, self.chain(node.node, scope) if node.node else None))
            if node.name in ("default", "d", "defaut") and node.node is not None:
                self.visit(node.node, scope, frozenset({"*"}))
                for child in [*node.args, *node.kwargs]:
                    self.visit(child, scope, guards)
                return
        if isinstance(node, nodes.Test) and node.name in ("defined", "none", "undefined"):
            self.visit(node.node, scope, frozenset({"*"}))
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            chain = self.chain(node, scope)
            if chain is not None:
                self.uses.append(
                    _Use(chain, node.lineno, _guarded(chain, guards), _written(node) or chain)
                )
                return
        for child in node.iter_child_nodes():
            self.visit(child, scope, guards)

    def chain(self, node: nodes.Node, scope: dict[str, str | None]) -> str | None:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            return None if node.name in _NOT_FIELDS else node.name
        if isinstance(node, nodes.Getattr):
            base = self.chain(node.node, scope)
            return None if base is None else f"{base}.{node.attr}"
        if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            # parties[0] is an element of the list; totals["etat"] a key of the mapping.
            base = self.chain(node.node, scope)
            if base is None:
                return None
            key = node.arg.value
            return f"{base}[]" if isinstance(key, int) else f"{base}.{key}"
        return None

    def chains(self, node: nodes.Node, scope: dict[str, str | None]) -> frozenset[str]:
        found: list[_Use] = []
        _Walker(found, []).visit(node, dict(scope), frozenset())
        return frozenset(u.chain for u in found)


def _written(node: nodes.Node) -> str | None:
    """The chain as the tag spells it (« c.nom »), loop variables not replaced."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _written(node.node)
        return None if base is None else f"{base}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _written(node.node)
        return None if base is None else f"{base}[{node.arg.value!r}]"
    return None


def _guarded(chain: str, guards: frozenset[str]) -> bool:
    if "*" in guards:
        return True
    head = chain
    while True:
        if head in guards:
            return True
        if "." not in head:
            return False
        head = head.rsplit(".", 1)[0]


# -- reading the template --------------------------------------------------------------


def _prepared_sources(template: Path) -> Iterator[str]:
    """The XML of body, headers and footers as docxtpl hands it to Jinja."""
    package = open_template(template)
    with package.reading():
        document = DocxTemplate(io.BytesIO(package.data))
        document.init_docx()
        sources = [document.patch_xml(document.get_xml())]
        for uri in (document.HEADER_URI, document.FOOTER_URI):
            for _key, part in document.get_headers_footers(uri):
                sources.append(document.patch_xml(document.get_part_xml(part)))
    yield from sources


def _split_tags(template: Path) -> Iterator[tuple[str, str]]:
    """(tag, paragraph text) for every tag whose characters lie in more than one run."""
    package = open_template(template)
    for part in sorted(n for n in package.names if _TEXT_PARTS.match(n)):
        root = package.xml(part)
        for paragraph in root.iter(f"{W}p"):
            pieces = [t.text or "" for t in paragraph.iter(f"{W}t")]
            text = "".join(pieces)
            bounds, start = [], 0
            for piece in pieces:
                bounds.append((start, start + len(piece)))
                start += len(piece)
            for match in _TAG.finditer(text):
                inside = [b for b in bounds if b[0] < match.end() and b[1] > match.start()]
                if len(inside) > 1:
                    yield match.group(0), text


_BLOCK = re.compile(r"\{%-?\s*(p\s+)?(for|if|endfor|endif)\b(.*?)-?%\}")


def _bare_tag(tag: str) -> str:
    """« for x in y » from « {%p for x in y %} »."""
    found = _BLOCK.fullmatch(tag)
    return f"{found[2]}{found[3].rstrip()}" if found else tag


def _blocks_across_cells(template: Path) -> Iterator[tuple[str, str, str]]:
    """(opening tag, closing tag, paragraph of the opening) for each {% for %} or
    {% if %} block (not {%tr %} nor {%tc %}, made for that) that opens in one table cell
    and closes in another cell or outside the table: docxtpl would repeat or drop the
    XML between them, cell ends included, and break the table."""
    package = open_template(template)
    for part in sorted(n for n in package.names if _TEXT_PARTS.match(n)):
        root = package.xml(part)
        open_blocks: list[tuple[str, object, str]] = []
        for paragraph in root.iter(f"{W}p"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
            cell = next((a for a in paragraph.iterancestors(f"{W}tc")), None)
            for match in _BLOCK.finditer(text):
                if not match[2].startswith("end"):
                    open_blocks.append((match[0], cell, text))
                    continue
                if not open_blocks:
                    continue  # the syntax check says it: a closing tag that closes nothing
                opening, opened_in, where = open_blocks.pop()
                if opened_in is not cell:
                    yield opening, match[0], where
