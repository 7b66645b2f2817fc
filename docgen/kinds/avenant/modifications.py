"""What an avenant changes, stated as a juriste states it, from the convention's own text.

An avenant must leave no doubt about the text in force: « L'article 10 est remplacé par
les dispositions suivantes : « … » », « Les deuxième à sixième alinéas de l'article 8.1
sont remplacés par … », « Après le premier alinéa …, il est inséré un alinéa ainsi
rédigé : … », « … sont supprimés ». A partial quotation after « est modifié comme suit »
is not: read literally, it deletes what it does not quote.

Nothing here knows an article of any Département's model. The convention template is
rendered (``docgen.core.engine``, the convention kind's context) for the version before
the avenant and for the version after it — the very rendering of the consolidated
version — and each rendering is cut into units at its headings:

- a unit starts at a paragraph whose style is a heading of level 1 or 2 (its outline
  level, or a style named « Heading 1/2 », « Titre 1/2 », or based on one);
- what comes before the first heading (title, parties, « Vu ») belongs to no unit: the
  avenant restates the parties and its own « Vu »;
- a unit ends at the next heading, or at the paragraph of style « Lieu et date » (« Fait
  à … », which opens the signatures: nothing after it belongs to a unit until the next
  heading, such as an annex's);
- a unit's alinéas are its paragraphs after the heading (each list item is an alinéa).

Units of the two versions are matched by their citation; the paragraphs of a matched unit
are compared, and each changed unit gives one ``Modification``: the whole unit (heading
included) when every alinéa changes, otherwise the range from the first to the last
changed alinéa. The citation comes from the heading: « Article 8 : … » → « l'article 8 »,
« 8.1 Modalité … » → « l'article 8.1 », « Annexe financière » → « l'annexe financière »,
« Préambule » → « le préambule », anything else → « la section « … » » (of the article
it sits in). The avenant template words each modification; this module gives the parts.
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core.context import doc
from docgen.core.engine import body_tree
from docgen.core.french import ordinal_in_words
from docgen.core.kind import Run
from docgen.core.package import open_template
from docgen.core.vocabulary import as_mapping
from docgen.core.wordml import W

PLACE_STYLE = "Lieu et date"  # « Fait à … » ends the last article (see the module doc)
_HEADINGS = {"heading 1": 1, "titre 1": 1, "heading 2": 2, "titre 2": 2}
_ARTICLE = re.compile(r"^Article\s+(\d+(?:\.\d+)*)\b", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)+)\s")
_ANNEX = re.compile(r"^Annexe\b", re.IGNORECASE)
_PREAMBLE = re.compile(r"^Préambule\b", re.IGNORECASE)
# Tag names, made once: a rendered convention has some 200 paragraphs and 1,300 elements
# to read, twice per avenant.
_BODY, _P, _TBL, _R, _T = f"{W}body", f"{W}p", f"{W}tbl", f"{W}r", f"{W}t"
_PPR, _PSTYLE, _OUTLINE, _NUMPR, _VAL = (
    f"{W}pPr",
    f"{W}pStyle",
    f"{W}outlineLvl",
    f"{W}numPr",
    f"{W}val",
)
_RUN_CHARACTERS = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


@dataclass(frozen=True)
class Alinea:
    """A paragraph of a convention, as its rendering prints it."""

    style: str = doc(
        "calculé : « titre », « texte », « puce » ou « sous_puce »",
        fr="forme",
        values={"heading": "titre", "text": "texte", "item": "puce", "subitem": "sous_puce"},
    )
    text: str = doc("calculé : le texte, tel que la version consolidée l’imprime", fr="texte")


@dataclass(frozen=True)
class Citation:
    """How a unit is cited: « l’article 8.1 », « l’annexe financière »."""

    the: str  # « l’article 8.1 »
    a: str  # « un article 8.1 » (for an insertion)
    feminine: bool


@dataclass(frozen=True)
class Unit:
    """An article, a sub-article, a section or an annex of a rendered convention."""

    heading: Alinea
    citation: Citation
    alineas: tuple[Alinea, ...]

    @property
    def key(self) -> str:
        return self.citation.the


@dataclass(frozen=True)
class Modification:
    """One change of the convention, in the parts the avenant template words."""

    kind: str = doc(
        "calculé : « remplacement » (tout l’article), « remplacement_alineas », "
        "« insertion_alineas », « suppression_alineas », « ajout_article » ou "
        "« suppression_article »",
        fr="nature",
        values={
            "replace": "remplacement",
            "replace_range": "remplacement_alineas",
            "insert": "insertion_alineas",
            "delete": "suppression_alineas",
            "add_unit": "ajout_article",
            "delete_unit": "suppression_article",
        },
    )
    target: str = doc(
        "calculé : « l’article 8.1 », « l’annexe financière », « la section « … » »", fr="cible"
    )
    Target: str = doc("calculé : target avec une capitale (« L’article 8.1 »)", fr="Cible")
    a_target: str = doc(
        "calculé : « un article 15 », « une annexe … » (pour une insertion)", fr="une_cible"
    )
    feminine: bool = doc("calculé : vrai si target est féminin (« remplacée »)", fr="feminin")
    heading: str = doc("calculé : le titre de l’article ou de la section", fr="titre")
    first: str = doc("calculé : premier alinéa concerné, en lettres (« deuxième »)", fr="premier")
    last: str = doc(
        "calculé : dernier alinéa concerné, en lettres (vide s’il n’y en a qu’un)", fr="dernier"
    )
    count: int = doc("calculé : nombre d’alinéas remplacés ou supprimés", fr="nombre")
    added: int = doc("calculé : nombre d’alinéas de la nouvelle rédaction", fr="ajoutes")
    after: str = doc(
        "calculé : l’alinéa après lequel on insère, en lettres (vide : au début)",
        fr="apres",
        default="",
    )
    after_target: str = doc(
        "calculé : l’article après lequel on insère (« l’article 14 »), vide : au début",
        fr="apres_cible",
        default="",
    )
    text: tuple[Alinea, ...] = doc(
        "calculé : la nouvelle rédaction, alinéa par alinéa (vide pour une suppression)",
        fr="texte",
        default=(),
    )


@dataclass(frozen=True)
class _Style:
    """What matters of a paragraph style: its level as a heading, and whether it is a list."""

    level: int | None  # 1 or 2 for a heading, else None
    kind: str  # « text », « item » or « subitem »
    place: bool  # « Lieu et date »: the signatures follow


def _styles(xml: bytes) -> dict[str | None, _Style]:
    """Each paragraph style of ``word/styles.xml`` by id, following ``basedOn``; the
    default paragraph style under the key None."""
    root = etree.fromstring(xml)
    raw: dict[str, tuple[str, str | None, int | None, bool]] = {}
    default: str | None = None
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        sid = style.get(f"{W}styleId") or ""
        name = style.find(f"{W}name")
        based = style.find(f"{W}basedOn")
        level = style.find(f"{W}pPr/{W}outlineLvl")
        numbered = style.find(f"{W}pPr/{W}numPr") is not None
        raw[sid] = (
            (name.get(f"{W}val") or "") if name is not None else "",
            based.get(f"{W}val") if based is not None else None,
            int(level.get(f"{W}val") or 9) if level is not None else None,
            numbered,
        )
        if style.get(f"{W}default") in ("1", "true"):
            default = sid

    def resolve(sid: str) -> _Style:
        names: list[str] = []
        level: int | None = None
        numbered = False
        seen: set[str] = set()
        current: str | None = sid
        while current is not None and current in raw and current not in seen:
            seen.add(current)
            name, based, outline, listed = raw[current]
            names.append(name.lower())
            if level is None and name.lower() in _HEADINGS:
                level = _HEADINGS[name.lower()]
            if level is None and outline is not None:
                level = outline + 1 if outline in (0, 1) else 0
            numbered = numbered or listed
            current = based
        kind = "text"
        if any(n.startswith("list") and n.rstrip().endswith(("2", "3")) for n in names):
            kind = "subitem"
        elif numbered or any(n.startswith(("list", "liste")) for n in names):
            kind = "item"
        return _Style(level or None, kind, bool(names) and names[0] == PLACE_STYLE.lower())

    found: dict[str | None, _Style] = {sid: resolve(sid) for sid in raw}
    found[None] = found.get(default or "", _Style(None, "text", False))
    return found


_STYLES: dict[tuple[int, int], dict[str | None, _Style]] = {}


def _styles_of(archive: zipfile.ZipFile) -> dict[str | None, _Style]:
    """``_styles`` of the archive's styles part, once per content: every document rendered
    from one template has the template's styles (~800 KB of XML for the convention; parsing
    them took a quarter of rendering an avenant). Known by the part's CRC and size, so a
    known part is not even inflated."""
    try:
        info = archive.getinfo("word/styles.xml")
    except KeyError:  # a package without styles: every paragraph has Word's defaults
        return {}
    key = (info.CRC, info.file_size)
    found = _STYLES.get(key)
    if found is None:
        if len(_STYLES) >= 16:  # a few templates per run; never grows without bound
            _STYLES.clear()
        found = _STYLES[key] = _styles(archive.read(info))
    return found


def _text(paragraph: etree._Element) -> str:
    """The paragraph's text as python-docx reads it: tabs, line breaks, no-break hyphens."""
    out: list[str] = []
    for run in paragraph.iter(_R):
        for child in run:
            tag = child.tag
            if tag == _T:
                out.append(child.text or "")
            elif tag in _RUN_CHARACTERS:
                out.append(_RUN_CHARACTERS[tag])
    return "".join(out)


def cite(heading: str, parent: Citation | None) -> Citation:
    """« Article 8 : … » → « l’article 8 »; « 8.1 … » → « l’article 8.1 »; « Annexe
    financière » → « l’annexe financière »; others → « la section « … » » (of its article)."""
    text = heading.strip()
    match = _ARTICLE.match(text) or _NUMBERED.match(text)
    if match:
        return Citation(f"l’article {match.group(1)}", f"un article {match.group(1)}", False)
    if _ANNEX.match(text):
        name = text.split(":", 1)[0].strip()
        rest = name[0].lower() + name[1:]
        return Citation(f"l’{rest}", f"une {rest}", True)
    if _PREAMBLE.match(text):
        return Citation("le préambule", "un préambule", False)
    of = ""
    if parent is not None:
        of = f" du {parent.the[3:]}" if parent.the.startswith("le ") else f" de {parent.the}"
    return Citation(
        f"la section «\u202f{text}\u202f»{of}", f"une section «\u202f{text}\u202f»{of}", True
    )


def units(data: bytes) -> tuple[Unit, ...]:
    """The units of a rendered convention (see the module doc)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = _styles_of(archive)
        document = etree.fromstring(archive.read("word/document.xml"))
    return _units(document, styles)


def _units(document: etree._Element, styles: dict[str | None, _Style]) -> tuple[Unit, ...]:
    body = document.find(_BODY)
    found: list[Unit] = []
    heading: Alinea | None = None
    citation: Citation | None = None
    parent: Citation | None = None
    alineas: list[Alinea] = []

    def close() -> None:
        if heading is not None and citation is not None:
            found.append(Unit(heading, citation, tuple(alineas)))

    for paragraph in _paragraphs(body):
        sid, own, numbered = _properties(paragraph)
        style = styles.get(sid) or styles[None]
        level = style.level
        if own is not None:
            value = int(own or 9)
            level = value + 1 if value in (0, 1) else None
        text = _text(paragraph).strip()
        if level is not None and text:
            close()
            citation = cite(text, parent if level == 2 else None)
            if level == 1:
                parent = citation
            heading, alineas = Alinea("heading", text), []
        elif style.place:
            close()
            heading, citation, alineas = None, None, []
        elif heading is not None and text:
            kind = "item" if numbered and style.kind == "text" else style.kind
            alineas.append(Alinea(kind, text))
    close()
    return tuple(found)


def _paragraphs(body: etree._Element) -> Iterator[etree._Element]:
    """Body paragraphs in reading order, those of tables included (row by row)."""
    for element in body.iterchildren():
        if element.tag == _P:
            yield element
        elif element.tag == _TBL:
            yield from element.iter(_P)


def _properties(paragraph: etree._Element) -> tuple[str | None, str | None, bool]:
    """What its first ``w:pPr`` says of a paragraph, read in one pass: the ``w:val`` of its
    first ``w:pStyle`` (None without one), of its first ``w:outlineLvl`` (None without one,
    "" without value), and whether it has a ``w:numPr``."""
    ppr = next(paragraph.iterchildren(_PPR), None)
    if ppr is None:
        return None, None, False
    sid: str | None = None
    own: str | None = None
    styled = outlined = numbered = False
    for child in ppr:
        tag = child.tag
        if tag == _PSTYLE and not styled:
            styled, sid = True, child.get(_VAL)
        elif tag == _OUTLINE and not outlined:
            outlined, own = True, child.get(_VAL) or ""
        elif tag == _NUMPR:
            numbered = True
    return sid, own, numbered


def rendered_units(template: Path, context: object, run: Run) -> tuple[Unit, ...]:
    """The units of ``template`` filled with ``context``, rendered once per content and
    run (the version before an avenant is the version after the previous one, and a
    deliberation and the budget vote it adopts render the same avenants)."""
    try:
        stat = template.stat()
    except OSError:
        open_template(template)  # says why it cannot be read (« modèle illisible »)
        raise

    def compute() -> tuple[Unit, ...]:
        # The body as the document prints it, and the template's own styles (a rendering
        # keeps them): the same units as ``units`` of the rendered .docx, without its zip.
        body = body_tree(template, as_mapping(context))  # the template is checked first
        with open_template(template).archive() as archive:
            styles = _styles_of(archive)
        return _units(body, styles)

    key = ("rendered-units", template.resolve(), stat.st_mtime_ns, stat.st_size, repr(context))
    return run.memo(key, compute)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ordinal(index: int) -> str:
    return ordinal_in_words(index + 1)


def _changed(before: Unit, after: Unit) -> Modification | None:
    old = [a.text for a in before.alineas]
    new = [a.text for a in after.alineas]
    same_heading = before.heading.text == after.heading.text
    if same_heading and old == new:
        return None
    cite_ = after.citation
    base = {
        "target": cite_.the,
        "Target": _capital(cite_.the),
        "a_target": cite_.a,
        "feminine": cite_.feminine,
        "heading": after.heading.text,
    }
    opcodes = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]
    changes = [op for op in opcodes if op[0] != "equal"]
    i1 = min(op[1] for op in changes) if changes else 0
    i2 = max(op[2] for op in changes) if changes else 0
    j1 = min(op[3] for op in changes) if changes else 0
    j2 = max(op[4] for op in changes) if changes else 0
    whole = not same_heading or (i1 == 0 and i2 == len(old) and j1 == 0 and j2 == len(new))
    if whole:
        return Modification(
            kind="replace",
            first="",
            last="",
            count=len(old),
            added=len(new),
            text=(after.heading, *after.alineas),
            **base,  # type: ignore[arg-type]
        )
    inserted = tuple(after.alineas[j1:j2])
    if i1 == i2:
        return Modification(
            kind="insert",
            first="",
            last="",
            count=0,
            added=len(inserted),
            after=_ordinal(i1 - 1) if i1 else "",
            text=inserted,
            **base,  # type: ignore[arg-type]
        )
    return Modification(
        kind="delete" if j1 == j2 else "replace_range",
        first=_ordinal(i1),
        last=_ordinal(i2 - 1) if i2 - i1 > 1 else "",
        count=i2 - i1,
        added=len(inserted),
        text=inserted,
        **base,  # type: ignore[arg-type]
    )


def modifications(before: tuple[Unit, ...], after: tuple[Unit, ...]) -> tuple[Modification, ...]:
    """What turns ``before`` into ``after``, in the order of ``after`` (removed units where
    they stood)."""
    old = {unit.key: unit for unit in before}
    new_keys = {unit.key for unit in after}
    found: list[Modification] = []
    previous: Unit | None = None
    removed = [unit for unit in before if unit.key not in new_keys]
    for unit in after:
        for gone in [u for u in removed if _precedes(before, u, unit)]:
            found.append(_deleted(gone))
            removed.remove(gone)
        if unit.key in old:
            change = _changed(old[unit.key], unit)
            if change is not None:
                found.append(change)
        else:
            found.append(_added(unit, previous))
        previous = unit
    found += [_deleted(gone) for gone in removed]
    return tuple(found)


def _precedes(before: tuple[Unit, ...], gone: Unit, unit: Unit) -> bool:
    keys = [u.key for u in before]
    return unit.key in keys and keys.index(gone.key) < keys.index(unit.key)


def _added(unit: Unit, previous: Unit | None) -> Modification:
    cite_ = unit.citation
    return Modification(
        kind="add_unit",
        target=cite_.the,
        Target=_capital(cite_.the),
        a_target=cite_.a,
        feminine=cite_.feminine,
        heading=unit.heading.text,
        first="",
        last="",
        count=0,
        added=len(unit.alineas),
        after_target=previous.citation.the if previous is not None else "",
        text=(unit.heading, *unit.alineas),
    )


def _deleted(unit: Unit) -> Modification:
    cite_ = unit.citation
    return Modification(
        kind="delete_unit",
        target=cite_.the,
        Target=_capital(cite_.the),
        a_target=cite_.a,
        feminine=cite_.feminine,
        heading=unit.heading.text,
        first="",
        last="",
        count=len(unit.alineas),
        added=0,
    )


class Deferred(Sequence[Modification]):
    """Modifications computed when first read: rendering the convention twice is only worth
    it when the avenant itself is rendered. ``docgen check`` builds every document's
    context to see which printed values are missing; it does not walk a sequence that is
    not a tuple or a list, and no value of a modification is ever missing."""

    def __init__(self, compute: Callable[[], tuple[Modification, ...]]) -> None:
        self._compute = compute
        self._value: tuple[Modification, ...] | None = None

    def _get(self) -> tuple[Modification, ...]:
        if self._value is None:
            self._value = self._compute()
        return self._value

    def __iter__(self) -> Iterator[Modification]:
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __getitem__(self, index: int) -> Modification:  # type: ignore[override]
        return self._get()[index]

    def __bool__(self) -> bool:
        return bool(self._get())

    def __repr__(self) -> str:
        return f"Deferred({self._value!r})" if self._value is not None else "Deferred(…)"
