"""Load a YAML file into plain data, keeping the line of every field.

PyYAML's resolvers silently change values (a postcode ``01000`` becomes 512, ``NO``
becomes False, ``1.10`` becomes 1.1, a repeated key wins silently). So we never let
PyYAML type anything: we stream libyaml's parser events and build the data ourselves.
Every scalar stays a string, except plain ``true``/``false`` (booleans) and plain
``null``/``~``/empty (None). Money, dates and percentages are typed later, from strings,
under the schema's patterns. Aliases and explicit tags are refused: contract files
never need them, and alias bombs only blow up later, in whatever walks the data.

A contract file is small. ``LIMITS`` bounds what one file may hold (size, nesting,
length of a value, entries of a list, values in all), checked while the events stream
in, before anything walks the data: a hostile or broken file is refused in
milliseconds with one finding, instead of growing the process by gigabytes (a value
``[[[…]]]`` nested 100,000 deep used to keep one path tuple per level per level, and
libyaml's scanner alone is quadratic in the nesting of flow collections).
Control characters are refused too (``invalid-character``): Word cannot hold them and
they used to vanish silently from the documents.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.core.errors import UsageError, read_failure
from docgen.core.findings import Finding, display_path, field_path, printable

# A field's position inside a document: ("communes", 2, "part").
FieldPath = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

# Rule ids of the findings this module produces.
RULE_YAML = "yaml-invalid"
RULE_LIMIT = "limit-exceeded"
RULE_CHARACTER = "invalid-character"
RULE_BIDI = "bidi-control"


@dataclass(frozen=True)
class Limits:
    """What one YAML file may hold; past any of these it is refused with one finding.

    The defaults are far above any real contract (the largest shipped file is 4 kB,
    4 levels deep, 200 values) and low enough that a file at the limits is checked in
    about two seconds under 100 MB, and a file past them refused in milliseconds.
    """

    # Bytes of the file. Only this much (plus one byte) is ever read.
    file_bytes: int = 2_000_000
    # Lists and mappings inside one another.
    depth: int = 40
    # Characters of one value or key.
    value_chars: int = 20_000
    # Entries of one list or mapping.
    items: int = 5_000
    # Values in the whole file: every scalar (keys included), list and mapping.
    values: int = 50_000


LIMITS = Limits()

# Characters a contract never holds and a Word document cannot: C0 controls but tab,
# line feed and carriage return; DEL and the C1 controls (U+0092 is what a Windows
# apostrophe becomes when a file is decoded wrongly); lone surrogates; U+FFFE, U+FFFF.
# libyaml itself refuses these raw in a file, and the rest are exactly what it accepts.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# The bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
# invisible, they reorder how the text after them is displayed, so that a document would
# print a value in another order than the one the juriste read (« Trojan Source »). The
# marks U+200E, U+200F and U+061C only set the direction of the neutral characters beside
# them, and come with names written in Arabic or Hebrew: they are allowed.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_NAMES = {
    "\u202a": "début d'enchâssement de gauche à droite",
    "\u202b": "début d'enchâssement de droite à gauche",
    "\u202c": "fin d'enchâssement ou de forçage",
    "\u202d": "forçage de gauche à droite",
    "\u202e": "forçage de droite à gauche",
    "\u2066": "isolement de gauche à droite",
    "\u2067": "isolement de droite à gauche",
    "\u2068": "isolement selon le premier caractère",
    "\u2069": "fin d'isolement",
}
# Line breaks as libyaml counts lines.
_LINE_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")


@dataclass
class Document:
    """One YAML file: its data and the 1-based line of each field path."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    @functools.cached_property
    def name(self) -> str:
        # Cached: every finding names its file, and resolving a path costs system calls.
        return display_path(self.path)

    def line_of(self, path: FieldPath) -> int | None:
        """The line of ``path``, or of its nearest parent that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class LoadError(Exception):
    """A file that cannot be turned into data; becomes one finding.

    ``rule`` is ``yaml-invalid``, ``limit-exceeded`` or ``invalid-character``; ``path`` is
    the field where the problem is, when it is known.
    """

    def __init__(
        self,
        line: int | None,
        message: str,
        hint: str = "",
        *,
        rule: str = RULE_YAML,
        path: FieldPath = (),
    ) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint
        self.rule = rule
        self.path = path


# libyaml's C parser when PyYAML was built with it: the pure-Python scanner is ten times
# slower and dominated the time of checking a thousand contracts.
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_document(path: Path, limits: Limits = LIMITS) -> Document:
    """Read and parse ``path``. Raises UsageError if unreadable, LoadError if not valid YAML."""
    try:
        with path.open("rb") as stream:
            # Never more than the limit allows: a 50 MB file costs 2 MB to refuse.
            raw = stream.read(limits.file_bytes + 1)
    except FileNotFoundError:
        raise UsageError(f"{display_path(path)} : fichier introuvable") from None
    except OSError as exc:
        raise read_failure(display_path(path), exc) from None
    return parse_document(path, raw, limits)


def parse_document(path: Path, raw: bytes, limits: Limits = LIMITS) -> Document:
    """Parse ``raw``, the bytes of ``path`` (read, or about to be written). Raises LoadError
    for a file that is too big, not UTF-8, holds control characters or is not valid YAML."""
    if len(raw) > limits.file_bytes:
        raise LoadError(
            raw.count(b"\n", 0, limits.file_bytes) + 1,
            f"fichier trop volumineux : plus de {_count(limits.file_bytes)} octets "
            "(limite atteinte à cette ligne)",
            "un contrat tient en quelques kilo-octets : vérifiez que c'est le bon fichier, "
            "ou découpez-le (une convention par fichier)",
            rule=RULE_LIMIT,
        )
    text = _decode(raw)
    text = text.removeprefix("\ufeff")
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        raise _forbidden_in_file(text, bad, limits)
    doc = Document(path=path, data=None)
    doc.data = _parse(text, doc.lines, limits)
    return doc


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))
        raise LoadError(
            line,
            "le fichier est encodé en UTF-16, pas en UTF-8"
            if utf16
            else "le fichier n'est pas encodé en UTF-8",
            "enregistrez-le en UTF-8 (dans votre éditeur : « Enregistrer sous », encodage UTF-8)",
        ) from None


def _parse(text: str, lines: dict[FieldPath, int], limits: Limits) -> Any:
    try:
        return _build(yaml.parse(text, Loader=_PARSER), lines, limits)
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark and exc.context_mark and mark.line >= text.count("\n"):
            # Past the last line ("got <stream end>"): where the unclosed thing began helps more.
            mark = exc.context_mark
        problem = exc.problem or ""
        if mark and text[mark.index : mark.index + 1] == "\t":
            problem = "tab"
        raise LoadError(
            mark.line + 1 if mark else None,
            f"YAML invalide : {_explain(problem)}",
            "vérifiez l'indentation (espaces, pas de tabulations) et les guillemets de cette ligne",
        ) from None
    except yaml.YAMLError as exc:
        # A reader error: the characters it refuses are refused before parsing, so this is
        # only a safety net. It carries a position, not a line.
        position = getattr(exc, "position", None)
        line = _line_at(text, position) if isinstance(position, int) else None
        raise LoadError(line, "YAML invalide : caractère non admis") from None


# PyYAML's problems (libyaml's wording, then the pure-Python one) in French.
_PROBLEMS = {
    "tab": "tabulation interdite, indentez avec des espaces",
    "mapping values are not allowed": "« : » inattendu ; une valeur qui contient « : » doit "
    "être entre guillemets",
    "found character '\\t' that cannot start any token": "tabulation interdite, indentez avec "
    "des espaces",
    "found a tab character": "tabulation interdite, indentez avec des espaces",
    "could not find expected ':'": "« : » manquant après une clé",
    "did not find expected key": "indentation incohérente",
    "did not find expected '-' indicator": "indentation incohérente dans une liste",
    "did not find expected ',' or ']'": "liste entre crochets non fermée (« ] » manquant)",
    "did not find expected ',' or '}'": "accolade non fermée (« } » manquant)",
    "did not find expected node content": "crochet ou accolade mal placé",
    "found unexpected end of stream": "guillemet non fermé",
    "found undefined alias": "alias (*nom) inconnu",
    "found unknown escape character": "barre oblique inverse « \\ » suivie d'une lettre "
    "inconnue entre guillemets doubles ; doublez-la (« \\\\ ») ou utilisez des guillemets "
    "simples",
    "did not find expected hexdecimal number": "séquence « \\x », « \\u » ou « \\U » "
    "incomplète entre guillemets doubles",
    "found invalid Unicode character escape code": "séquence « \\u » ou « \\U » qui ne "
    "désigne aucun caractère",
    "found character that cannot start any token": "caractère réservé (@ ou `) en début de "
    "valeur ; mettez la valeur entre guillemets",
    "did not find expected alphabetic or numeric character": "nom d'ancre ou d'alias "
    "(& ou *) manquant ; mettez la valeur entre guillemets",
    "found incompatible YAML document": "version de YAML non prise en charge",
    "found unknown directive name": "directive (ligne commençant par %) inconnue",
    "did not find expected comment or line break": "texte inattendu après l'indicateur | ou >",
}


def _explain(problem: str) -> str:
    for english, french in _PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"syntaxe incorrecte ({problem})" if problem else "syntaxe incorrecte"


def _count(n: int) -> str:
    """2 000 000, as a French count (narrow no-break space between thousands)."""
    return f"{n:,}".replace(",", "\u202f")


def _line_at(text: str, index: int) -> int:
    return len(_LINE_BREAK.findall(text, 0, index)) + 1


def _character(char: str) -> str:
    return f"U+{ord(char):04X}"


def _forbidden_in_file(text: str, bad: re.Match[str], limits: Limits) -> LoadError:
    """The finding for a control character written as such in the file."""
    position = bad.start()
    char = bad.group(0)
    # libyaml refuses the file without naming the field: parse a copy where every such
    # character is a space (same length, same positions) to find which value holds it.
    where: FieldPath = ()
    try:
        _build(yaml.parse(_FORBIDDEN.sub(" ", text), Loader=_PARSER), {}, limits, position)
    except _Found as found:
        where = found.path
    except (LoadError, yaml.YAMLError):
        pass
    if char == "\x00":
        hint = (
            "le fichier semble binaire ou encodé en UTF-16 : ouvrez-le dans un éditeur de "
            "texte et enregistrez-le en UTF-8"
        )
    else:
        hint = (
            "supprimez ce caractère invisible (souvent venu d'un copier-coller) ; un fichier "
            "de contrat ne contient que du texte"
        )
    return LoadError(
        _line_at(text, position),
        f"caractère de contrôle {_character(char)} interdit{_others(text, position)}",
        hint,
        rule=RULE_CHARACTER,
        path=where,
    )


def _others(text: str, position: int) -> str:
    more = len(_FORBIDDEN.findall(text, position + 1))
    if not more:
        return ""
    return f" ({more} autre{'s' if more > 1 else ''} plus loin dans le fichier)"


class _Found(Exception):
    """Raised by ``_build`` when it meets the scalar holding the probed position."""

    def __init__(self, path: FieldPath) -> None:
        super().__init__()
        self.path = path


def _build(
    events: Iterator[yaml.Event],
    lines: dict[FieldPath, int],
    limits: Limits = LIMITS,
    probe: int | None = None,
) -> Any:
    """Build the data from parser events, refusing aliases, tags and duplicate keys.

    Checks ``limits`` on each event, before building anything from it. With ``probe`` (a
    character index), raises ``_Found`` with the path of the scalar that spans it.
    """
    root: Any = None
    documents = 0
    values = 0
    # Each open container: (container, its path, the key waiting for a value or None).
    stack: list[list[Any]] = []
    for event in _guarded(events, stack, limits):
        line = event.start_mark.line + 1 if event.start_mark else 0
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise LoadError(line, "un seul document par fichier", "retirez la ligne « --- »")
            continue
        if isinstance(event, yaml.AliasEvent):
            raise LoadError(
                line,
                "les alias YAML (*nom) ne sont pas admis dans un contrat",
                "recopiez la valeur au lieu d'y faire référence",
            )
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
            continue
        if not isinstance(
            event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)
        ):
            continue
        values += 1
        if values > limits.values:
            raise LoadError(
                line,
                f"trop de valeurs dans le fichier : plus de {_count(limits.values)} "
                "(limite atteinte à cette ligne)",
                "un contrat en compte quelques centaines : vérifiez que c'est le bon fichier",
                rule=RULE_LIMIT,
            )
        if event.tag is not None and event.tag != "!":
            raise LoadError(
                line,
                f"étiquette YAML « {event.tag.replace('tag:yaml.org,2002:', '!!')} » refusée",
                "retirez l'étiquette (ce qui commence par !) : un contrat ne contient que des "
                "valeurs",
            )
        if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
            # A mapping waiting for a key: this event is the key.
            container, parent, _ = stack[-1]
            if not isinstance(event, yaml.ScalarEvent):
                raise LoadError(
                    line,
                    "une clé doit être un simple mot",
                    "une clé ne s'écrit ni entre crochets ni entre accolades",
                )
            key = event.value
            _check_items(container, parent, line, limits)
            _check_scalar(event, (*parent, key), line, limits, probe)
            if key in container:
                first = lines[(*parent, key)]
                raise LoadError(
                    line,
                    f"la clé « {shown(key)} » apparaît deux fois (déjà à la ligne {first})",
                    "gardez une seule des deux lignes",
                )
            lines[(*parent, key)] = line
            stack[-1][2] = key
            continue
        here: FieldPath
        if not stack:
            here = ()
        elif isinstance(stack[-1][0], dict):
            here = (*stack[-1][1], stack[-1][2])
        else:
            _check_items(stack[-1][0], stack[-1][1], line, limits)
            here = (*stack[-1][1], len(stack[-1][0]))
        lines.setdefault(here, line)
        value: Any
        if isinstance(event, yaml.ScalarEvent):
            _check_scalar(event, here, line, limits, probe)
            value = _scalar(event)
        else:
            if len(stack) >= limits.depth:
                raise LoadError(
                    line,
                    _too_deep(limits),
                    _TOO_DEEP_HINT,
                    rule=RULE_LIMIT,
                    path=_outer(here),
                )
            value = {} if isinstance(event, yaml.MappingStartEvent) else []
        if not stack:
            root = value
        elif isinstance(stack[-1][0], dict):
            stack[-1][0][stack[-1][2]] = value
            stack[-1][2] = None
        else:
            stack[-1][0].append(value)
        if not isinstance(event, yaml.ScalarEvent):
            stack.append([value, here, None])
    if root is None:
        raise LoadError(1, "le fichier est vide", "remplissez-le, ou partez de « docgen new »")
    return root


def _guarded(
    events: Iterator[yaml.Event], stack: list[list[Any]], limits: Limits
) -> Iterator[yaml.Event]:
    """``events``, with libyaml's own nesting limit reported as ours.

    libyaml (PyYAML 6.0.4 and later) scans up to 1,024 characters ahead and refuses a
    flow nesting deeper than its own limit before ``_build`` sees the 41st level: the
    finding is then the same as ours, at the innermost container opened so far.
    """
    iterator = iter(events)
    while True:
        try:
            event = next(iterator)
        except StopIteration:
            return
        except yaml.MarkedYAMLError as exc:
            if "nesting depth" not in (exc.problem or ""):
                raise
            mark = exc.problem_mark
            raise LoadError(
                mark.line + 1 if mark else None,
                _too_deep(limits),
                _TOO_DEEP_HINT,
                rule=RULE_LIMIT,
                path=_outer(stack[-1][1]) if stack else (),
            ) from None
        yield event


def _too_deep(limits: Limits) -> str:
    return (
        f"imbrication trop profonde : plus de {limits.depth} niveaux de listes ou "
        "de champs les uns dans les autres"
    )


_TOO_DEEP_HINT = (
    "un contrat n'a que quelques niveaux : vérifiez les crochets [ ], les "
    "accolades { } et l'indentation de cette ligne"
)


def _outer(path: FieldPath) -> FieldPath:
    """Where a too deep nesting starts, as far as a reader cares: its last keys."""
    while path and isinstance(path[-1], int):
        path = path[:-1]
    return path[:5]


def _check_items(
    container: dict[str, Any] | list[Any], where: FieldPath, line: int, limits: Limits
) -> None:
    if len(container) >= limits.items:
        # « trop d'éléments », not « trop de éléments »: the elision goes with the noun.
        what = (
            "de champs dans ce bloc"
            if isinstance(container, dict)
            else "d'éléments dans cette liste"
        )
        raise LoadError(
            line,
            f"trop {what} : plus de {_count(limits.items)} (limite atteinte à cette ligne)",
            "vérifiez que c'est le bon fichier ; un contrat n'en compte que quelques dizaines",
            rule=RULE_LIMIT,
            path=where,
        )


def _check_scalar(
    event: yaml.ScalarEvent, where: FieldPath, line: int, limits: Limits, probe: int | None
) -> None:
    value = event.value
    start, end = event.start_mark, event.end_mark
    if probe is not None and start and end and start.index <= probe < end.index:
        raise _Found(where)
    if len(value) > limits.value_chars:
        raise LoadError(
            line,
            f"valeur trop longue : {_count(len(value))} caractères, "
            f"au plus {_count(limits.value_chars)}",
            "raccourcissez-la ; un texte long se découpe en plusieurs clauses",
            rule=RULE_LIMIT,
            path=where,
        )
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        # Written as an escape between double quotes ("\x07", "\0", "\u0092").
        raise LoadError(
            line,
            f"caractère de contrôle {_character(bad.group(0))} interdit dans cette valeur",
            "retirez la séquence d'échappement (\\0, \\x.., \\u....) qui le produit",
            rule=RULE_CHARACTER,
            path=where,
        )


def shown(text: str, width: int = 60) -> str:
    """A key or value as a message quotes it: on one line, printable, not too long."""
    if len(text) > width:
        text = text[: width - 1] + "…"
    return printable(text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"))


def _scalar(event: yaml.ScalarEvent) -> Any:
    if event.style is None or event.style == "":
        if event.value in _NULLS:
            return None
        if event.value in _BOOLS:
            return _BOOLS[event.value]
    return event.value


def bidi_findings(doc: Document) -> list[Finding]:
    """One finding for each key or value holding a bidirectional control (``_BIDI``)."""
    found = []
    for where, text in _strings(doc.data, ()):
        bad = _BIDI.search(text)
        if bad is None:
            continue
        char = bad.group(0)
        more = len(_BIDI.findall(text)) - 1
        found.append(
            Finding(
                doc.name,
                doc.line_of(where),
                field_path(where),
                RULE_BIDI,
                f"caractère invisible {_character(char)} ({unicodedata.name(char)} : "
                f"{_BIDI_NAMES[char]}) dans « {shown(text)} »"
                + (f", et {more} autre{'s' if more > 1 else ''}" if more else "")
                + " : il change l'ordre dans lequel le texte qui le suit s'affiche",
                "retapez cette valeur au clavier : ce caractère vient d'un copier-coller, et le "
                "document imprimerait le texte dans un autre ordre que celui qu'on lit",
            )
        )
    return found


def _strings(data: Any, where: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield where, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*where, key), key
            yield from _strings(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*where, index))


def load_finding(doc_path: Path, error: LoadError) -> Finding:
    return Finding(
        file=display_path(doc_path),
        line=error.line,
        path=field_path(error.path),
        rule=error.rule,
        message=error.message,
        hint=error.hint,
    )
