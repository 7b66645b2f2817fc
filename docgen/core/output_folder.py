"""The output folder: files staged as they come, then all written together with the
manifest (all or none, through the journal, ``docgen.core.journal``), never over a file
edited by hand since docgen wrote it (unless forced).

Its own module, apart from the rendering (``docgen.core.outputs``): a build that finds
every file « à jour » opens its output folder, and imports nothing that renders.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from docgen.core import lock
from docgen.core.digests import sha256
from docgen.core.errors import ResourceError
from docgen.core.findings import display_path
from docgen.core.journal import CONFLICT_SUFFIX, Transaction
from docgen.core.manifest import Manifest, plan_output
from docgen.core.project import current_project, refuse_link_leaving
from docgen.core.result import Written

TEMPLATE_KEY = "template"  # the manifest entry's field naming the template a file came from


@dataclass(frozen=True)
class Rendered:
    """A file rendered in memory, ready to write."""

    name: str  # relative to the output folder, with its suffix
    data: bytes
    sources: tuple[Path, ...]
    template: str | None = None  # the template's label, for Word documents and their PDF


class OutputFolder:
    """The output folder: files staged as they come, then all written together.

    Each file is checked before it is staged (a file edited by hand since docgen wrote it
    is refused, unless forced); nothing replaces anything before ``commit`` (the end of
    the ``with`` block), when the files and the manifest are written together through the
    journal (``docgen.core.journal``). The manifest written is the one on disk at that
    moment with this command's entries applied onto it, so that nothing another command
    recorded is lost. An error before the commit deletes what was staged.

    A file that cannot be written for a reason of its own (a name too long for the file
    system, an unreadable target) is reported in ``failed`` and the others are written,
    unless ``all_or_nothing`` (``budget apply``), where it stops everything.
    """

    def __init__(
        self,
        folder: Path,
        *,
        force: bool = False,
        transaction: Transaction | None = None,
        command: str = "build",
        all_or_nothing: bool = False,
    ) -> None:
        self.folder, self.force = folder, force
        # The manifest as read first (what hand edits are checked against), and the one this
        # command changes (its entries; the incremental build's records): at commit, what
        # differs between the two is applied onto the manifest as it is on disk then.
        self.read = Manifest.load(folder)
        self.manifest = self.read.copy()
        self.written: list[Written] = []
        self.failed: list[str] = []  # French lines: the files that could not be written
        self.all_or_nothing = all_or_nothing
        self._inside: set[Path] = set()  # folders seen to stay in the repository
        self._own = transaction is None
        self.transaction = transaction or Transaction(
            lock.state_dir(current_project().root, folder), [folder], command
        )

    def write(
        self,
        name: str,
        data: bytes,
        sources: Sequence[Path],
        template: str | None = None,
        *,
        extra: Mapping[str, object] | None = None,
    ) -> Written:
        """Stage ``name``; its manifest entry records its sources, its template and ``extra``."""
        self._check_inside(name)  # the whole command stops: every file would go there
        try:
            _check_name(self.folder, name)
            planned = plan_output(self.folder, name, data, manifest=self.read, force=self.force)
        except ResourceError as error:
            if self.all_or_nothing:
                raise
            self.failed.append(error.format_message())
            written = Written(self.folder / name, "failed", template)
            self.written.append(written)
            return written
        if planned.status != "unchanged":
            self.transaction.stage(planned.target, data, planned.old)
        fields: dict[str, object] = dict(extra or {})
        if template is not None:
            # One more field of the entry {sha256, sources} (older versions ignore it).
            fields[TEMPLATE_KEY] = template
        self.manifest.record(name, planned.digest, [display_path(s) for s in sources], fields)
        written = Written(planned.target, planned.status, template)
        self.written.append(written)
        return written

    def _check_inside(self, name: str) -> None:
        """A subfolder that a symbolic link takes out of the output folder and out of the
        repository (build/nord → /ailleurs) is not written into."""
        parent = (self.folder / name).parent
        if parent not in self._inside:
            refuse_link_leaving(
                current_project().root,
                parent,
                "ses documents",
                "remplacez le lien par un dossier",
            )
            self._inside.add(parent)

    def write_all(self, files: Sequence[Rendered]) -> None:
        for file in files:
            self.write(file.name, file.data, file.sources, file.template)

    def stage_manifest(self) -> None:
        """Stage the manifest as on disk now with this command's changes applied (last)."""
        if self.manifest.files == self.read.files:
            # No document recorded: the output folder is left as it is (a run that renders
            # nothing creates nothing; its records would be the same next time).
            return
        current = Manifest.load(self.folder)
        before = current.content() if current.path.exists() else None
        apply_changes(self.read, self.manifest, current)
        content = current.content()
        if content != before:
            old = None if before is None else sha256(before)
            self.transaction.stage(current.path, content, old)

    def commit(self) -> None:
        self.stage_manifest()
        if self._own:
            self.transaction.commit()

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if error is None:
            self.commit()
        elif self._own:
            self.transaction.abort()


def apply_changes(read: Manifest, changed: Manifest, current: Manifest) -> None:
    """Apply onto ``current`` what differs between ``read`` and ``changed``, key by key:
    a file's entry, a source's record, a top-level record. Another command's entries,
    recorded on disk since ``read``, stay as they are."""
    _merge(read.files, changed.files, current.files)
    for name in read.sections.keys() | changed.sections.keys():
        old, new = read.sections.get(name), changed.sections.get(name)
        if isinstance(old, dict) and isinstance(new, dict):
            mine = current.sections.get(name)
            if not isinstance(mine, dict):
                mine = current.sections[name] = {}
            _merge(old, new, mine)
        elif old != new:
            if new is None:
                current.sections.pop(name, None)
            else:
                current.sections[name] = new


def _merge(old: Mapping[str, object], new: Mapping[str, object], into: dict[str, Any]) -> None:
    for key in old.keys() | new.keys():
        if key not in new:
            into.pop(key, None)
        elif old.get(key) != new[key]:
            into[key] = new[key]


_NAME_MAX = 255  # bytes in one file name, on every file system docgen is used on


def _check_name(folder: Path, name: str) -> None:
    for part in name.replace("\\", "/").split("/"):
        size, most = len(os.fsencode(part)), _NAME_MAX - len(CONFLICT_SUFFIX)
        if size > most:
            # The journal may have to leave docgen's version beside it as NOM.docgen-nouveau.
            raise ResourceError(
                f"Impossible d'écrire {display_path(folder / name)} : nom de fichier trop "
                f"long ({size} octets ; {most} au plus).",
                "raccourcissez le nom du fichier de contrat dont il vient",
            )
