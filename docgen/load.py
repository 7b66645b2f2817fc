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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from docgen.errors import UsageError
from docgen.findings import Finding, display_path

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


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, AliasEvent):
            raise LoadError(
                line,
                "les alias YAML (*nom) ne sont pas admis dans un contrat",
                "recopiez la valeur au lieu d'y faire référence",
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise LoadError(
                line,
                f"étiquette YAML « {tag.replace('tag:yaml.org,2002:', '!!')} » refusée",
                "retirez l'étiquette (ce qui commence par !) : un contrat ne contient que des "
                "valeurs",
            )
        return super().compose_node(parent, index)


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
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark and exc.context_mark and mark.line >= text.count("\n"):
            # Past the last line ("got <stream end>"): where the unclosed thing began helps more.
            mark = exc.context_mark
        problem = exc.problem or ""
        raise LoadError(
            mark.line + 1 if mark else None,
            f"YAML invalide : {_explain(problem)}",
            "vérifiez l'indentation (espaces, pas de tabulations) et les guillemets de cette ligne",
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(None, f"YAML invalide : {exc}") from None
    if root is None:
        raise LoadError(1, "le fichier est vide", "remplissez-le, ou partez de « docgen new »")
    doc = Document(path=path, data=None)
    doc.data = _build(root, (), doc.lines)
    return doc


_PROBLEMS = {
    "mapping values are not allowed here": "« : » inattendu ; une valeur qui contient « : » "
    "doit être entre guillemets",
    "found character '\\t' that cannot start any token": "tabulation interdite, indentez avec des "
    "espaces",
    "could not find expected ':'": "« : » manquant après une clé",
    "did not find expected key": "indentation incohérente",
    "did not find expected '-' indicator": "indentation incohérente dans une liste",
    "found undefined alias": "alias (*nom) inconnu",
}


def _explain(problem: str) -> str:
    for english, french in _PROBLEMS.items():
        if problem.startswith(english):
            return french
    return f"syntaxe incorrecte ({problem})" if problem else "syntaxe incorrecte"


def _build(node: Node, here: FieldPath, lines: dict[FieldPath, int]) -> Any:
    lines.setdefault(here, node.start_mark.line + 1)
    if isinstance(node, ScalarNode):
        if node.style is None or node.style == "":
            if node.value in _NULLS:
                return None
            if node.value in _BOOLS:
                return _BOOLS[node.value]
        return node.value
    if isinstance(node, SequenceNode):
        return [_build(item, (*here, i), lines) for i, item in enumerate(node.value)]
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise LoadError(key_node.start_mark.line + 1, "une clé doit être un simple mot")
            key = key_node.value
            if key in out:
                first = lines[(*here, key)]
                raise LoadError(
                    key_node.start_mark.line + 1,
                    f"la clé « {key} » apparaît deux fois (déjà à la ligne {first})",
                    "gardez une seule des deux lignes",
                )
            lines[(*here, key)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, (*here, key), lines)
        return out
    raise LoadError(node.start_mark.line + 1, "élément YAML non reconnu")  # pragma: no cover


def load_finding(doc_path: Path, error: LoadError) -> Finding:
    return Finding(
        file=display_path(doc_path),
        line=error.line,
        path="",
        rule="yaml-invalid",
        message=error.message,
        hint=error.hint,
    )
