"""A YAML file edited in the form: what the form describes, checked as ``docgen check``
checks the file, and written through docgen's journal when the person confirms.

The content not yet saved is checked as it would be on disk (``Workspace.overlay``): the
findings are exactly those ``docgen check`` would report once it is saved. A change
whose value breaks the schema where it was changed (a text where a number goes, a date
that is none) is never written; the file's other findings (the shares do not add up) do
not keep it from being saved, as in an editor.
"""

from __future__ import annotations

import difflib
import hashlib
import secrets
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docgen.commands.check import check
from docgen.core.atomic import write_together
from docgen.core.errors import DocgenError, OverwriteRefused
from docgen.core.findings import Finding, display_path, field_path
from docgen.core.journal import Transaction
from docgen.core.kind import Kind
from docgen.core.source import LoadError, load_finding, parse_document
from docgen.core.workspace import Workspace
from docgen.registry import default_registry
from docgen.web.form_actions import apply_action
from docgen.web.form_reading import read_form
from docgen.web.forms import MISSING, Form, Origins, Pointer, build_form
from docgen.web.repository import Repository
from docgen.web.schema_node import SchemaNode, shipped_schema
from docgen.web.yamledit import EditRefused, editable, rewrite

# Findings of a value itself (its type, its form): such a value is never written.
BLOCKING = frozenset(
    {"wrong-type", "invalid-value", "yaml-invalid", "invalid-character", "limit-exceeded"}
)
CHANGED_ON_DISK = "le fichier a été modifié depuis son ouverture"


class Conflict(OverwriteRefused):
    """The file changed on disk since the form was opened."""


def digest(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class Opened:
    """A file as the form opened it."""

    path: Path
    relative: str
    raw: bytes
    kind_label: str
    schema: SchemaNode | None
    data: Any  # docgen's reading, or None when it cannot be read
    problem: str | None  # why the form cannot write it
    renders: bool = False  # its kind has documents (a convention, a délibération)

    @property
    def sha(self) -> str:
        return digest(self.raw)


def open_file(repo: Repository, path: Path) -> Opened:
    raw = path.read_bytes()
    kind = default_registry().kind_of(path)
    schema = (
        SchemaNode.of(shipped_schema(kind.schema))
        if kind is not None and isinstance(kind.schema, str)
        else None
    )
    problem: str | None
    try:
        data = parse_document(path, raw).data
    except LoadError as error:
        data, problem = None, load_finding(path, error).text()
    else:
        problem = None if isinstance(data, dict) else "le fichier n'est pas un bloc de champs"
    if problem is None:
        problem = editable(raw)
    if problem is None and schema is None:
        problem = "docgen n'a pas de schéma pour ce fichier"
    label = kind.label if kind is not None else "un fichier"
    return Opened(path, repo.relative(path), raw, label, schema, data, problem, has_documents(kind))


def has_documents(kind: Kind[Any] | None) -> bool:
    """Whether files of ``kind`` have documents of their own (a convention, a délibération;
    not a departement.yaml or a budget vote)."""
    return kind is not None and kind.outputs is not None


@dataclass(frozen=True)
class Evaluation:
    """The form's content: its data, the file it would write, and what docgen says of it."""

    form: Form | None
    data: Any
    origins: Origins
    new: bytes | None  # None when it cannot be written (``error`` says why)
    findings: tuple[Finding, ...]
    blocking: tuple[Finding, ...]
    error: str | None
    focus: str | None = None  # the pointer of an element just added


def evaluate(
    opened: Opened, posted: Mapping[str, str] | None, action: str | None = None
) -> Evaluation:
    """Read the posted form (None: the file as it is), apply ``action``, check the result."""
    if opened.schema is None or opened.problem is not None:
        findings = check_content(opened.path, opened.raw)
        return Evaluation(None, opened.data, {}, None, findings, (), opened.problem)
    origins: Origins = {}
    if posted is None:
        data = opened.data
    else:
        data, origins = read_form(opened.schema, posted, opened.data)
    focus = None
    if action:
        data, focus = apply_action(action, opened.schema, data, origins)
    form = build_form(opened.schema, data, origins)
    try:
        new = rewrite(opened.raw, opened.path, opened.data, data, origins, opened.schema)
    except EditRefused as refused:
        findings = check_content(opened.path, opened.raw)
        return Evaluation(form, data, origins, None, findings, (), refused.format_message(), focus)
    findings = check_content(opened.path, new)
    changed = changed_paths(opened.data, data)
    name = display_path(opened.path)
    blocking = tuple(
        f for f in findings if f.file == name and f.rule in BLOCKING and _touches(f.path, changed)
    )
    return Evaluation(form, data, origins, new, findings, blocking, None, focus)


def check_content(path: Path, content: bytes) -> tuple[Finding, ...]:
    """``docgen check``'s findings on ``path`` if it held ``content``."""
    workspace = Workspace(default_registry())
    workspace.overlay({path: content})
    try:
        return tuple(check([path], workspace=workspace).sorted_findings())
    except DocgenError as error:
        return (Finding(display_path(path), None, "", "check", error.message, error.hint or ""),)


def changed_paths(old: Any, new: Any, at: Pointer = ()) -> set[str]:
    """The field paths whose value differs between ``old`` and ``new``."""
    if isinstance(old, dict) and isinstance(new, dict):
        found: set[str] = set()
        for key in {*old, *new}:
            found |= changed_paths(old.get(key, MISSING), new.get(key, MISSING), (*at, key))
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = set()
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            found |= changed_paths(a, b, (*at, index))
        return found
    return set() if old == new and type(old) is type(new) else {field_path(at)}


def _touches(path: str, changed: Iterable[str]) -> bool:
    def within(inner: str, outer: str) -> bool:
        return (
            inner == outer
            or outer == ""
            or inner.startswith(outer + ".")
            or inner.startswith(outer + "[")
        )

    return any(within(path, c) or within(c, path) for c in changed)


def unified_diff(opened: Opened, new: bytes) -> list[tuple[str, str]]:
    """The change as a unified diff, line by line with its kind (add, del, hunk, same)."""
    before = opened.raw.decode("utf-8", "replace").splitlines()
    after = new.decode("utf-8", "replace").splitlines()
    lines = []
    for line in difflib.unified_diff(
        before, after, f"a/{opened.relative}", f"b/{opened.relative}", lineterm="", n=2
    ):
        if line.startswith(("---", "+++")):
            kind = "head"
        elif line.startswith("@@"):
            kind = "hunk"
        elif line.startswith("+"):
            kind = "add"
        elif line.startswith("-"):
            kind = "del"
        else:
            kind = "same"
        lines.append((kind, line))
    return lines


# -- saving -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A change shown to the person, waiting for their confirmation."""

    relative: str
    before: bytes
    after: bytes


class Drafts:
    """The changes waiting for a confirmation, by a random id (the last few only)."""

    LIMIT = 50

    def __init__(self) -> None:
        self._drafts: dict[str, Draft] = {}
        self._lock = threading.Lock()

    def add(self, draft: Draft) -> str:
        key = secrets.token_urlsafe(16)
        with self._lock:
            self._drafts[key] = draft
            while len(self._drafts) > self.LIMIT:
                del self._drafts[next(iter(self._drafts))]
        return key

    def take(self, key: str) -> Draft | None:
        with self._lock:
            return self._drafts.pop(key, None)


def ensure_unchanged(path: Path, sha: str) -> None:
    try:
        now = path.read_bytes()
    except FileNotFoundError:
        now = b""
    if digest(now) != sha:
        raise Conflict(
            f"{display_path(path)} : {CHANGED_ON_DISK} (par un collègue, un éditeur ou une "
            "commande docgen) : rien n'a été écrit",
            "rechargez le fichier pour repartir de sa version actuelle (vos saisies non "
            "enregistrées seront perdues : notez-les d'abord)",
        )


def save(repo: Repository, path: Path, draft: Draft) -> None:
    """Write ``draft`` into ``path`` through docgen's journal, under the repository's lock,
    unless the file changed since it was opened."""
    with repo.writing("serve"):
        ensure_unchanged(path, digest(draft.before))
        with Transaction(repo.state(), [path.parent], "serve") as transaction:
            write_together({path: draft.after}, {path: draft.before}, transaction)
