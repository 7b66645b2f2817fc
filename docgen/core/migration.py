"""Rewrite a Word template's tags in French: ``docgen modeles migrer``.

Templates written for earlier versions of docgen name fields and filters in English
(``{{ association.name }}``, ``|amount``). They still work, with a warning; this module
rewrites each tag in place with the French names of ``docgen.core.vocabulary``
(``{{ association.nom }}``, ``|montant``), and nothing else: the text around the tags,
the runs, their formatting and every other part of the package are kept as they are.
A tag Word split across several runs is put back together in its first run (the
split-tag warning goes with it).

Names are resolved as the template lint resolves them, following the loop variables
(``{% for c in communes %}…{{ c.name }}`` → ``c.nom``) and ``{% set %}`` across the tags
of a part, in document order. A value that is a word (an avenant's kind of change)
compared with a constant gets the constant's French word too
(``m.kind == 'add_unit'`` → ``m.nature == 'ajout_article'``).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core import french as fr
from docgen.core import vocabulary
from docgen.core.environment import environment
from docgen.core.wordml import W

_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# docxtpl's tag prefixes: {%p %} (a paragraph), {%tr %}, {%tc %}, {{r }}…
_PREFIX = re.compile(r"^(\{[{%])([a-z]{1,2} )")
_KEYWORDS = frozenset({"in", "not", "and", "or", "is", "if", "else", "recursive"})
# Loop variables of earlier templates, in French: renamed through their loop.
LOOP_NAMES = {
    "row": "ligne",
    "line": "ligne",
    "party": "partie",
    "other": "autre",
    "text": "texte",
    "item": "element",
    "entry": "entree",
    "person": "personne",
    "signatory": "signataire",
}
_ENV = environment()


@dataclass
class Migration:
    """What rewriting one template changed."""

    data: bytes  # the rewritten .docx
    renamed: dict[str, str] = field(default_factory=dict)  # written → French, once each
    tags: int = 0  # tags rewritten
    joined: int = 0  # tags Word had split, put back together

    @property
    def changed(self) -> bool:
        return self.tags > 0 or self.joined > 0


def migrate(data: bytes, context: type) -> Migration:
    """``data`` (a .docx) with every tag in French names, for a template of ``context``."""
    result = Migration(b"")
    members: list[tuple[zipfile.ZipInfo, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            content = package.read(info)
            if _PARTS.match(info.filename):
                content = _migrate_part(content, context, result)
            members.append((info, content))
    if not result.changed:
        result.data = data
        return result
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for info, content in members:
            package.writestr(info, content, compress_type=info.compress_type)
    result.data = out.getvalue()
    return result


def _migrate_part(xml: bytes, context: type, result: Migration) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, remove_blank_text=False)
    root = etree.fromstring(xml, parser)
    scope: dict[str, str | None] = {}
    loops: list[dict[str, str | None]] = []
    names: dict[str, str] = {}  # loop variables renamed, in the loops open here
    changed = False
    for paragraph in root.iter(f"{W}p"):
        texts = [t for t in paragraph.iter(f"{W}t")]
        whole = "".join(t.text or "" for t in texts)
        if "{" not in whole:
            continue
        rewritten: list[tuple[int, int, str]] = []
        for match in _TAG.finditer(whole):
            tag = match.group(0)
            new = _migrate_tag(tag, context, scope, loops, names, result)
            if new != tag or _spans(texts, match.start(), match.end()):
                rewritten.append((match.start(), match.end(), new))
        if rewritten:
            _replace(texts, rewritten, result)
            changed = True
    if not changed:
        return xml
    declaration = xml.lstrip().startswith(b"<?xml")
    out: bytes = etree.tostring(
        root,
        xml_declaration=declaration,
        encoding="UTF-8",
        standalone=True if declaration else None,
    )
    return out


def _spans(texts: list[Any], start: int, end: int) -> bool:
    """Whether the characters start..end lie in more than one w:t."""
    position, inside = 0, 0
    for node in texts:
        length = len(node.text or "")
        if position < end and position + length > start:
            inside += 1
        position += length
    return inside > 1


def _replace(texts: list[Any], rewritten: list[tuple[int, int, str]], result: Migration) -> None:
    """Put each rewritten tag in the w:t where it starts, and take its old characters out
    of every w:t it covered."""
    bounds: list[tuple[int, int]] = []
    position = 0
    for node in texts:
        length = len(node.text or "")
        bounds.append((position, position + length))
        position += length
    pieces = [list(node.text or "") for node in texts]
    for start, end, new in reversed(rewritten):
        first = True
        spanned = 0
        for index, (low, high) in enumerate(bounds):
            if high <= start or low >= end:
                continue
            spanned += 1
            a, b = max(start, low) - low, min(end, high) - low
            pieces[index][a:b] = list(new) if first else []
            first = False
        if spanned > 1:
            result.joined += 1
    for node, chars in zip(texts, pieces, strict=True):
        text = "".join(chars)
        if text != (node.text or ""):
            node.text = text
            if text != text.strip():
                node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _migrate_tag(
    tag: str,
    context: type,
    scope: dict[str, str | None],
    loops: list[dict[str, str | None]],
    names: dict[str, str],
    result: Migration,
) -> str:
    prefix = _PREFIX.match(tag)
    marker = prefix.group(2) if prefix else ""
    plain = tag if not prefix else prefix.group(1) + " " + tag[prefix.end() :]
    try:
        tokens = [list(t[1:]) for t in _ENV.lex(plain)]
    except Exception:  # a tag Jinja cannot read: the lint reports it; leave it alone
        return tag
    words = [value for kind, value in tokens if kind == "name"]
    statement = words[0] if tokens and tokens[0][0] == "block_begin" and words else ""
    if statement == "endfor" and loops:
        saved = loops.pop()
        for name in set(scope) - set(saved):
            names.pop(name, None)
        scope.clear()
        scope.update(saved)
    _rename(tokens, context, scope, statement, result)
    if statement == "for":
        loops.append(dict(scope))
        _bind_loop(plain, scope)
        for index in _loop_targets(tokens):
            old = tokens[index][1]
            new_name = LOOP_NAMES.get(old)
            if new_name and new_name not in scope and new_name not in names.values():
                names[old] = new_name
    for index, (kind, value) in enumerate(tokens):
        if kind == "name" and value in names and _previous(tokens, index) not in (".", "|"):
            tokens[index][1] = names[value]
            result.renamed[value] = names[value]
    new = "".join(value for _, value in tokens)
    if statement == "set":
        _bind_set(plain, scope)
    if prefix:  # {% p … → {%p …: the prefix back in its place
        new = new[:2] + marker + new[3:] if new.startswith(prefix.group(1) + " ") else new
    if new != tag:
        result.tags += 1
    return new


def _chains(tokens: list[list[str]]) -> Iterator[tuple[list[int], str]]:
    """The chains of names in ``tokens``: the indexes of their name tokens, and the chain
    as the lint writes it (« c.nom », « x[] »)."""
    index = 0
    while index < len(tokens):
        kind, value = tokens[index]
        before = _previous(tokens, index)
        if kind != "name" or value in _KEYWORDS or before in (".", "|", "is"):
            index += 1
            continue
        names = [index]
        chain = value
        index += 1
        while index < len(tokens):
            if tokens[index] == ["operator", "."] and index + 1 < len(tokens):
                if tokens[index + 1][0] != "name":
                    break
                names.append(index + 1)
                chain += "." + tokens[index + 1][1]
                index += 2
            elif (
                tokens[index] == ["operator", "["]
                and index + 2 < len(tokens)
                and tokens[index + 1][0] == "integer"
                and tokens[index + 2] == ["operator", "]"]
            ):
                chain += "[]"
                index += 3
            else:
                break
        yield names, chain


def _previous(tokens: list[list[str]], index: int) -> str:
    for kind, value in reversed(tokens[:index]):
        if kind != "whitespace":
            return value
    return ""


def _rename(
    tokens: list[list[str]],
    context: type,
    scope: dict[str, str | None],
    statement: str,
    result: Migration,
) -> None:
    # Filters: the name after « | ».
    for index, (kind, value) in enumerate(tokens):
        if kind == "name" and _previous(tokens, index) == "|" and value in fr.ENGLISH_FILTERS:
            tokens[index][1] = fr.ENGLISH_FILTERS[value]
            result.renamed[value] = fr.ENGLISH_FILTERS[value]
    targets = _loop_targets(tokens) if statement == "for" else set()
    for names, written in _chains(tokens):
        head = tokens[names[0]][1]
        if names[0] in targets or (statement == "set" and names[0] == _set_target(tokens)):
            continue
        if statement in ("for", "set", "if", "elif", "endfor", "endif", "else") and (
            names[0] == _first_name(tokens)
        ):
            continue
        if head in scope and scope[head] is None:
            continue  # a local name, not a field
        bound = scope.get(head)
        chain = written.replace(head, bound, 1) if bound is not None else written
        found = vocabulary.resolve(context, chain)
        if not found.known:
            continue
        french = [p.removesuffix("[]") for p in found.french.split(".")]
        written_names = [tokens[i][1] for i in names]
        new_names = french[len(french) - len(names) :]
        if head in scope:  # a loop variable keeps its name
            new_names[0] = head
        for i, name in zip(names, new_names, strict=True):
            if tokens[i][1] != name:
                result.renamed[tokens[i][1]] = name
                tokens[i][1] = name
        _translate_values(tokens, names[-1], context, found)
        del written_names


def _translate_values(
    tokens: list[list[str]], last: int, context: type, found: vocabulary.Resolution
) -> None:
    """``m.kind == 'add_unit'``: the constant compared with a value that is a word."""
    member = _member(context, found.english)
    if member is None or not member.values:
        return
    index = last + 1
    while index < len(tokens) and tokens[index][0] == "whitespace":
        index += 1
    if index >= len(tokens) or tokens[index] not in (["operator", "=="], ["operator", "!="]):
        return
    index += 1
    while index < len(tokens) and tokens[index][0] == "whitespace":
        index += 1
    if index < len(tokens) and tokens[index][0] == "string":
        quote, text = tokens[index][1][0], tokens[index][1][1:-1]
        if text in member.values:
            tokens[index][1] = f"{quote}{member.values[text]}{quote}"


def _member(context: type, english: str) -> vocabulary.Member | None:
    owner: Any = context
    member = None
    for part in english.split("."):
        if not isinstance(owner, type):
            return None
        member = vocabulary.members(owner).get(part.removesuffix("[]"))
        if member is None:
            return None
        owner = member.inner
    return member


def _first_name(tokens: list[list[str]]) -> int:
    return next((i for i, (kind, _) in enumerate(tokens) if kind == "name"), -1)


def _loop_targets(tokens: list[list[str]]) -> set[int]:
    """The indexes of the names between « for » and « in »."""
    found: set[int] = set()
    seen_for = False
    for index, (kind, value) in enumerate(tokens):
        if kind == "name" and value == "for" and not seen_for:
            seen_for = True
            continue
        if kind == "name" and value == "in":
            break
        if seen_for and kind == "name":
            found.add(index)
    return found


def _set_target(tokens: list[list[str]]) -> int:
    names = [i for i, (kind, _) in enumerate(tokens) if kind == "name"]
    return names[1] if len(names) > 1 else -1


_FOR = re.compile(r"\{%-?\s*for\s+(.+?)\s+in\s+(.+?)(?:\s+if\s+.*)?\s*-?%\}", re.S)
_SET = re.compile(r"\{%-?\s*set\s+(\w+)\s*=\s*(.+?)\s*-?%\}", re.S)
_CHAIN = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*|\[\d+\])*")


def _bind_loop(tag: str, scope: dict[str, str | None]) -> None:
    found = _FOR.match(tag)
    if not found:
        return
    source = found.group(2).strip()
    chain = _resolved(source, scope) if _CHAIN.fullmatch(source) else None
    for target in re.findall(r"\w+", found.group(1)):
        scope[target] = f"{chain}[]" if chain else None


def _bind_set(tag: str, scope: dict[str, str | None]) -> None:
    found = _SET.match(tag)
    if found:
        value = found.group(2).strip()
        scope[found.group(1)] = _resolved(value, scope) if _CHAIN.fullmatch(value) else None


def _resolved(chain: str, scope: dict[str, str | None]) -> str | None:
    chain = re.sub(r"\[\d+\]", "[]", chain)
    head = chain.split(".")[0].split("[")[0]
    if head in scope:
        base = scope[head]
        return None if base is None else base + chain[len(head) :]
    return chain
