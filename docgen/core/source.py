"""Load a YAML file into plain data, keeping the line of every field.

PyYAML's resolvers silently change values (a postcode ``01000`` becomes 512, ``NO``
becomes False, ``1.10`` becomes 1.1, a repeated key wins silently). So we never let
PyYAML type anything: we compose the node tree and build the data ourselves.
Every scalar stays a string, except plain ``true``/``false`` (booleans) and plain
``null``/``~``/empty (None). Money, dates and percentages are typed later, from strings,
under the schema's patterns. Aliases and explicit tags are refused: contract files
never need them, and alias bombs only blow up later, in whatever walks the data.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from docgen.core.errors import UsageError
from docgen.core.findings import Finding, display_path

# A field's position inside a document: ("communes", 2, "part").
FieldPath = tuple[str | int, ...]

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


@dataclass
class Document:
    """One YAML file: its data and the 1-based line of each field path."""

    path: Path
    data: Any
    lines: dict[FieldPath, int] = field(default_factory=dict)

    @property
    def name(self) -> str:
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
    """A file that cannot be turned into data; becomes one finding."""

    def __init__(self, line: int | None, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


# libyaml's C parser when PyYAML was built with it: the pure-Python scanner is ten times
# slower and dominated the time of checking a thousand contracts.
_PARSER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_document(path: Path) -> Document:
    """Read and parse ``path``. Raises UsageError if unreadable, LoadError if not valid YAML."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{display_path(path)} : fichier introuvable") from None
    except OSError as exc:
        raise UsageError(f"{display_path(path)} : lecture impossible ({exc.strerror})") from None
    return parse_document(path, raw)


def parse_document(path: Path, raw: bytes) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError(
            line,
            "le fichier n'est pas encodé en UTF-8",
            "enregistrez-le en UTF-8 (dans votre éditeur : « Enregistrer sous », encodage UTF-8)",
        ) from None
    text = text.removeprefix("\ufeff")
    doc = Document(path=path, data=None)
    try:
        doc.data = _build(yaml.parse(text, Loader=_PARSER), doc.lines)
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
        raise LoadError(None, f"YAML invalide : {exc}") from None
    return doc


# PyYAML's problems (libyaml's wording, then the pure-Python one) in French.
_PROBLEMS = {
    "tab": "tabulation interdite, indentez avec des espaces",
    "mapping values are not allowed": "« : » inattendu ; une valeur qui contient « : » doit "
    "être entre guillemets",
    "found character '\\t' that cannot start any token": "tabulation interdite, indentez avec "
    "des espaces",
    "could not find expected ':'": "« : » manquant après une clé",
    "did not find expected key": "indentation incohérente",
    "did not find expected '-' indicator": "indentation incohérente dans une liste",
    "did not find expected ',' or ']'": "liste entre crochets non fermée (« ] » manquant)",
    "did not find expected ',' or '}'": "accolade non fermée (« } » manquant)",
    "found unexpected end of stream": "guillemet non fermé",
    "found undefined alias": "alias (*nom) inconnu",
}


def _explain(problem: str) -> str:
    for english, french in _PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"syntaxe incorrecte ({problem})" if problem else "syntaxe incorrecte"


def _build(events: Iterator[yaml.Event], lines: dict[FieldPath, int]) -> Any:
    """Build the data from parser events, refusing aliases, tags and duplicate keys."""
    root: Any = None
    documents = 0
    # Each open container: (container, its path, the key waiting for a value or None).
    stack: list[list[Any]] = []
    for event in events:
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
                raise LoadError(line, "une clé doit être un simple mot")
            key = event.value
            if key in container:
                first = lines[(*parent, key)]
                raise LoadError(
                    line,
                    f"la clé « {key} » apparaît deux fois (déjà à la ligne {first})",
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
            here = (*stack[-1][1], len(stack[-1][0]))
        lines.setdefault(here, line)
        value: Any
        if isinstance(event, yaml.ScalarEvent):
            value = _scalar(event)
        else:
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


def _scalar(event: yaml.ScalarEvent) -> Any:
    if event.style is None or event.style == "":
        if event.value in _NULLS:
            return None
        if event.value in _BOOLS:
            return _BOOLS[event.value]
    return event.value


def load_finding(doc_path: Path, error: LoadError) -> Finding:
    return Finding(
        file=display_path(doc_path),
        line=error.line,
        path="",
        rule="yaml-invalid",
        message=error.message,
        hint=error.hint,
    )
