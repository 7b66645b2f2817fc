"""Incremental builds: what each source's documents were made from, and whether it changed.

``docgen build`` records, for every source file it checked (a convention, a
deliberation, a departement.yaml…) and for the output options it was built with, what
its check and its plan read (the run's ``docgen.core.recorder.Recorder``: the files, the
folders listed, the files looked for, the templates and their hashes), the fingerprint
of all that with docgen's version and the options (``inputs``), the documents it
produced and the findings it reported. This lives in the manifest, under ``sources``;
each document's own entry says which source made it (``origin``) and from which
fingerprint (``inputs``).

A source is « à jour » when every file it read still has the recorded hash and its
documents are on disk with the recorded SHA-256: it is then neither parsed nor rendered,
and its findings are reported from the record. Hashing the recorded files is all the
work, each file once per run however many sources read it (the departement.yaml, a
template).

Paths are stored relative to the folder that holds the output folder (the repository's
root for ``build/``), so that a record does not depend on the current directory.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.core.digest_cache import DigestCache
from docgen.core.findings import Finding, Severity, display_path
from docgen.core.manifest import Manifest
from docgen.core.options import OutputOptions
from docgen.core.sources import Sources, listing_digest, yaml_files

SECTION = "sources"  # the manifest's top-level section of source records
ORIGIN_KEY = "origin"  # a manifest file entry's field: the source file that produced it
INPUTS_KEY = "inputs"  # ... and the fingerprint of what that source's check read
FOLDERS_KEY = "dossiers-modeles"  # the record of the templates/ folders' findings


@functools.cache
def docgen_version() -> str:
    # Reading the package's metadata parses an e-mail-like file: ~9 ms, once per process.
    try:
        return metadata.version("docgen")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "0"


def options_key(options: OutputOptions) -> str:
    """The options that change what a source produces, as a stable text."""
    parts = [
        name for name, on in (("consolidee", options.consolidated), ("pdf", options.pdf)) if on
    ]
    return "+".join(parts) or "standard"


def fingerprint(read: Mapping[str, str], options: OutputOptions) -> str:
    content = {"read": sorted(read.items()), "version": docgen_version()}
    content["options"] = options_key(options)
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def mark_output(manifest: Manifest, name: str, origin: str, inputs: str) -> None:
    """Record on ``name``'s manifest entry the source that produced it and its fingerprint
    (after the entry was written: ``OutputFolder.write`` creates it)."""
    entry = manifest.files.get(PurePosixPath(name.replace("\\", "/")).as_posix())
    if entry is not None:
        entry[ORIGIN_KEY] = origin
        entry[INPUTS_KEY] = inputs


@dataclass(frozen=True)
class Fresh:
    """A source found « à jour »: its documents and findings as recorded."""

    path: Path
    outputs: tuple[str, ...]
    documents: int  # Word documents among the outputs
    findings: tuple[Finding, ...]
    governor: Path | None
    fingerprint: str


class Records:
    """The ``sources`` section of an output folder's manifest, for one set of options."""

    def __init__(
        self,
        manifest: Manifest,
        out: Path,
        options: OutputOptions,
        sources: Sources | None = None,
        digests: DigestCache | None = None,
    ) -> None:
        self.manifest = manifest
        self.options = options
        # The run's listings (each folder listed once) and the digests of earlier runs
        # (a file whose stat did not change is not read again).
        self.sources = sources
        self.digests = digests if digests is not None else DigestCache(None)
        self.base = out.resolve().parent
        section = manifest.sections.get(SECTION)
        if not isinstance(section, dict):
            section = manifest.sections[SECTION] = {}
        self.section: dict[str, Any] = section
        self._digests: dict[str, str] = {}  # what was seen this run, by recorded key
        self._folders: dict[Path, Path] = {}  # folders resolved, as given
        self._existing: dict[str, bool] = {}  # recorded paths asked for

    # -- paths ---------------------------------------------------------------------------

    def ref(self, path: Path) -> str:
        """``path`` as stored: relative to the base folder when inside it (posix)."""
        resolved = path if path.is_absolute() else self._resolved(path)
        try:
            return resolved.relative_to(self.base).as_posix()
        except ValueError:
            return resolved.as_posix()

    def _resolved(self, path: Path) -> Path:
        """``path.resolve()``, its folder resolved once for all the files in it: resolving
        asks the file system for every component of the path, and a build of 1,000
        conventions did it for each."""
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        folder = self._folders.get(path.parent)
        if folder is None:
            folder = self._folders[path.parent] = path.parent.resolve()
        return folder / path.name

    def _exists(self, text: str) -> bool:
        """Whether the recorded path ``text`` exists, asked once per run."""
        exists = self._existing.get(text)
        if exists is None:
            exists = self._existing[text] = os.path.exists(os.path.join(self.base, text))
        return exists

    def unref(self, text: str) -> Path:
        path = Path(text)
        return path if path.is_absolute() else self.base / path

    def key(self, path: Path) -> str:
        return f"{self.ref(path)}|{options_key(self.options)}"

    # -- reading the records ---------------------------------------------------------------

    def fresh(self, path: Path) -> Fresh | None:
        """The record of ``path`` if nothing it was made from changed, else None."""
        record = self.section.get(self.key(path))
        if not isinstance(record, dict) or record.get("version") != docgen_version():
            return None
        try:
            read: dict[str, str] = record["read"]
            outputs: list[str] = record["outputs"]
            digests: dict[str, str] = record["sha256"]
            if fingerprint(read, self.options) != record[INPUTS_KEY]:
                return None  # hand-edited or from another docgen: trust nothing of it
            for key, value in read.items():
                if self._seen(key) != value:
                    return None
            for name in outputs:
                if self._output_digest(name) != digests[name]:
                    return None
            findings = tuple(self._finding(f) for f in record["findings"])
            governor = record.get("governor")
            return Fresh(
                path,
                tuple(outputs),
                int(record["documents"]),
                findings,
                self.unref(governor) if isinstance(governor, str) else None,
                str(record[INPUTS_KEY]),
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a record of another shape: rebuild

    def _seen(self, key: str) -> str:
        """The value of a recorded read, as the files are now."""
        seen = self._digests.get(key)
        if seen is None:
            kind, _, ref = key.partition(":")
            path = self.unref(ref)
            if kind in ("file", "template"):
                seen = self.digests.digest(path)
            elif kind == "exists":
                seen = "1" if path.is_file() else "0"
            elif kind == "list":
                seen = listing_digest(path, self._yaml_files(path)) if path.is_dir() else ""
            elif kind == "named":  # <folder>/**/<name>
                folder, name = path.parent.parent, path.name
                named = [p for p in self._yaml_files(folder) if p.parent.name == name]
                seen = listing_digest(folder, named) if folder.is_dir() else ""
            elif kind == "lint":
                seen = ""
            else:
                seen = "?"  # a read this docgen does not know: never fresh
            self._digests[key] = seen
        return seen

    def _yaml_files(self, folder: Path) -> list[Path]:
        if not folder.is_dir():
            return []
        return self.sources.yaml_files(folder) if self.sources is not None else yaml_files(folder)

    def _output_digest(self, name: str) -> str:
        entry = self.manifest.files.get(name)
        if entry is None:
            return "?"
        on_disk = self.digests.digest(self.manifest.folder.joinpath(*name.split("/")))
        return on_disk if on_disk == entry.get("sha256") else "?"

    # -- writing the records ---------------------------------------------------------------

    def remember(
        self,
        path: Path,
        read: Mapping[str, str],
        outputs: Sequence[str],
        documents: int,
        findings: Iterable[Finding],
        governor: Path | None,
    ) -> str:
        """Record what ``path``'s check read and what it produced; its fingerprint."""
        stored = {self._stored_key(key): value for key, value in read.items()}
        inputs = fingerprint(stored, self.options)
        record = {
            "version": docgen_version(),
            INPUTS_KEY: inputs,
            "read": dict(sorted(stored.items())),
            "outputs": list(outputs),
            "sha256": {name: self.manifest.files[name]["sha256"] for name in outputs},
            "documents": documents,
            "findings": [self._stored_finding(f) for f in findings],
            "governor": self.ref(governor) if governor is not None else None,
        }
        key, origin = self.key(path), self.ref(path)
        if not _storable(key, record):
            # A file name that is not UTF-8 (its bytes kept as surrogates) cannot go in the
            # JSON manifest: that source is simply rebuilt every time.
            self.section.pop(key, None)
            return inputs
        self.section[key] = record
        for name in outputs:
            mark_output(self.manifest, name, origin, inputs)
        return inputs

    def forget(self, path: Path) -> None:
        self.section.pop(self.key(path), None)

    def _stored_key(self, key: str) -> str:
        kind, _, path = key.partition(":")
        return f"{kind}:{self.ref(Path(path))}"

    def _stored_finding(self, finding: Finding) -> dict[str, Any]:
        file = Path(finding.file)
        return {
            "file": self.ref(file) if file.exists() else finding.file,
            "line": finding.line,
            "column": finding.column,
            "path": finding.path,
            "rule": finding.rule,
            "message": finding.message,
            "hint": finding.hint,
            "severity": finding.severity.value,
        }

    def _finding(self, stored: Mapping[str, Any]) -> Finding:
        file = str(stored["file"])
        path = self.unref(file)
        shown = display_path(path) if path.exists() else file
        return Finding(
            shown,
            stored["line"],
            str(stored["path"]),
            str(stored["rule"]),
            str(stored["message"]),
            str(stored["hint"]),
            Severity(stored["severity"]),
            stored["column"],
        )

    # -- the templates/ folders' findings ----------------------------------------------------

    def folder_findings(self, fingerprints: Iterable[str], folders: Iterable[Path]) -> str:
        """The fingerprint of the templates/ folders' findings: every source of the run
        (their ``modeles:`` choices) and the names of the files in those folders."""
        names = []
        for folder in sorted(set(folders)):
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames.sort()
                # Stored as the other records are (relative to the base folder): the same
                # repository gives the same fingerprint wherever it is checked out.
                names += [self.ref(Path(dirpath) / n) for n in sorted(filenames)]
        content = {"sources": sorted(fingerprints), "files": names, "v": docgen_version()}
        text = json.dumps(content, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    def recorded_folder_findings(self, inputs: str) -> list[Finding] | None:
        record = self.manifest.sections.get(FOLDERS_KEY)
        if not isinstance(record, dict) or record.get(INPUTS_KEY) != inputs:
            return None
        try:
            return [self._finding(f) for f in record["findings"]]
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def remember_folder_findings(self, inputs: str, findings: Iterable[Finding]) -> None:
        record = {INPUTS_KEY: inputs, "findings": [self._stored_finding(f) for f in findings]}
        if _storable(FOLDERS_KEY, record):
            self.manifest.sections[FOLDERS_KEY] = record
        else:
            self.manifest.sections.pop(FOLDERS_KEY, None)

    # -- orphans -------------------------------------------------------------------------------

    def orphans(self) -> list[tuple[str, str]]:
        """(document, source) for each recorded document whose source file is gone; the
        records of sources that are gone are dropped (their documents stay on disk)."""
        found = []
        for name, entry in sorted(self.manifest.files.items()):
            origin = entry.get(ORIGIN_KEY)
            if (
                isinstance(origin, str)
                and not self._exists(origin)
                and self.manifest.folder.joinpath(*name.split("/")).exists()  # not deleted
            ):
                found.append((name, origin))
        for key in list(self.section):
            ref = key.rsplit("|", 1)[0]
            if not self._exists(ref):
                del self.section[key]
        return found


def _storable(key: str, record: object) -> bool:
    try:
        json.dumps({key: record}, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
