"""The sources of a run: each file's bytes read from disk once, content not yet written
given instead (``overlay``), folders listed once, and every read noted with what was seen
(the run's ``docgen.core.recorder.Recorder``)."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from docgen.core.digests import file_digest
from docgen.core.errors import UsageError, read_failure
from docgen.core.findings import display_path
from docgen.core.recorder import Recorder

_SKIPPED_DIRS = frozenset({"build", "__pycache__", "node_modules"})

# In a ``named:`` read, the folder component standing for « any folder below ».
NAMED_MARK = "**"


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files under ``folder`` that docgen reads, in a stable order (hidden
    folders and files, build/ and the like left out). ``.YAML`` or ``.Yml`` too: a file
    saved so by an editor on Windows was skipped without a word, and a CI went green."""
    found = []
    for candidate in sorted(folder.rglob("*.[yY]*[lL]")):
        rel = candidate.relative_to(folder).parts
        if any(p.startswith(".") or p in _SKIPPED_DIRS for p in rel[:-1]):
            continue
        if rel[-1].startswith("."):  # .pre-commit-config.yaml is no contract
            continue
        if candidate.suffix.lower() in (".yaml", ".yml") and candidate.is_file():
            found.append(candidate)
    return found


def named_files(folder: Path, name: str) -> list[Path]:
    """The YAML files under ``folder`` that lie in a folder called ``name``."""
    return [path for path in yaml_files(folder) if path.parent.name == name]


def listing_digest(folder: Path, files: Iterable[Path]) -> str:
    names = "\n".join(p.relative_to(folder).as_posix() for p in files)
    return hashlib.sha256(names.encode("utf-8", "surrogateescape")).hexdigest()


class Sources:
    """The files of one run, as it sees them."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder
        self.reads: Counter[Path] = Counter()  # how often each file was read from disk
        self._resolved: dict[Path, Path] = {}
        self._bytes: dict[Path, bytes] = {}
        self._overlay: dict[Path, bytes] = {}
        self._digests: dict[Path, str] = {}
        self._is_file: dict[Path, bool] = {}
        self._listings: dict[Path, list[Path]] = {}
        self._named: dict[tuple[Path, str], list[Path]] = {}
        self._parsed: dict[tuple[Path, str], Any] = {}

    def resolved(self, path: Path) -> Path:
        """``path.resolve()``, once per path and run: resolving asks the file system for
        every component, and a budget of 1,000 conventions asked it ~38,000 times."""
        resolved = self._resolved.get(path)
        if resolved is None:
            resolved = self._resolved[path] = path.resolve()
        return resolved

    # -- folders ---------------------------------------------------------------------------

    def discover(self, paths: Iterable[Path]) -> list[Path]:
        """Every YAML file named or found under ``paths``, in a stable order, each once."""
        found: dict[Path, None] = {}
        for path in paths:
            if path.is_dir():
                files = self.yaml_files(path)
                if self.recorder.active:
                    self.recorder.note(f"list:{self.resolved(path)}", listing_digest(path, files))
                found.update(dict.fromkeys(files))
            elif path.is_file():
                found[path] = None
            else:
                raise UsageError(
                    f"{display_path(path)} : chemin introuvable",
                    "indiquez un fichier .yaml ou un dossier de contrats, par exemple contracts/",
                )
        return list(found)

    def yaml_files(self, folder: Path) -> list[Path]:
        """``yaml_files(folder)``, listed once per run: every convention of a Département
        looks for its deliberations, and listing the folder each time would cost as much
        as reading it."""
        # By the path as given: the files listed are named from it.
        listed = self._listings.get(folder)
        if listed is None:
            listed = self._within_listed(folder)
            if listed is None:
                listed = yaml_files(folder)
            self._listings[folder] = listed
        return listed

    def _within_listed(self, folder: Path) -> list[Path] | None:
        """``yaml_files(folder)`` taken from the listing of a folder above it, when one was
        listed and nothing between the two is left out (a hidden folder, build/, a link):
        the same files, in the same order, named from ``folder``."""
        target = folder.absolute()
        for listed, files in self._listings.items():
            base = listed.absolute()
            if base == target or not target.is_relative_to(base):
                continue
            between = target.relative_to(base).parts
            if any(p.startswith(".") or p in _SKIPPED_DIRS for p in between):
                continue
            inside = listed.joinpath(*between)
            # The listing above does not go through a linked folder (``Path.rglob``).
            steps = (listed.joinpath(*between[: i + 1]) for i in range(len(between)))
            if any(step.is_symlink() for step in steps):
                continue
            return [folder / p.relative_to(inside) for p in files if p.is_relative_to(inside)]
        return None

    def named(self, folder: Path, name: str) -> list[Path]:
        """``named_files(folder, name)``, from the listing of ``folder``, once per run;
        noted as a read of those files only (``named:``)."""
        found = self._named.get((folder, name))
        if found is None:
            found = [p for p in self.yaml_files(folder) if p.parent.name == name]
            self._named[(folder, name)] = found
        if self.recorder.active:
            self.recorder.note(
                f"named:{self.resolved(folder) / NAMED_MARK / name}", listing_digest(folder, found)
            )
        return found

    def is_file(self, path: Path) -> bool:
        """Whether ``path`` is a file, asked of the file system once per run, and noted."""
        exists = self._is_file.get(path)
        if exists is None:
            exists = self._is_file[path] = path.is_file()
        if self.recorder.active:
            self.recorder.note(f"exists:{path}", "1" if exists else "0")
        return exists

    # -- files -----------------------------------------------------------------------------

    def overlay(self, contents: Mapping[Path, bytes]) -> list[Path]:
        """Read these contents instead of the files on disk (what is about to be written);
        the paths overlaid, resolved."""
        keys = []
        for path, data in contents.items():
            key = self.resolved(path)
            self._overlay[key] = data
            keys.append(key)
        return keys

    def raw(self, path: Path) -> bytes:
        """The bytes of ``path`` as this run sees them, read from disk once, and noted."""
        data = self._raw(path)
        if self.recorder.active:
            key = self.resolved(path)
            digest = self._digests.get(key)
            if digest is None or key in self._overlay:
                digest = self._digests[key] = hashlib.sha256(data).hexdigest()
            self.recorder.note(f"file:{key}", digest)
        return data

    def _raw(self, path: Path) -> bytes:
        key = self.resolved(path)
        if key in self._overlay:
            return self._overlay[key]
        if key not in self._bytes:
            try:
                self._bytes[key] = path.read_bytes()
            except FileNotFoundError:
                raise UsageError(f"{display_path(path)} : fichier introuvable") from None
            except OSError as exc:
                raise read_failure(display_path(path), exc) from None
            self.reads[key] += 1
        return self._bytes[key]

    def data(self, path: Path) -> Any:
        """A file's data, parsed but neither validated nor typed (None when it does not
        parse), and noted as read."""
        # Here, not at the top: parsing imports PyYAML, and a build that finds every file
        # « à jour » lists its sources (this module) without parsing any.
        from docgen.core.source import LoadError, parse_document

        raw = self.raw(path)
        key = (self.resolved(path), hashlib.sha256(raw).hexdigest())
        if key not in self._parsed:
            try:
                self._parsed[key] = parse_document(path, raw).data
            except LoadError:
                self._parsed[key] = None
        return self._parsed[key]

    def digest(self, path: Path) -> str:
        """The SHA-256 of a file read whole elsewhere (a template), once per run."""
        key = self.resolved(path)
        digest = self._digests.get(key)
        if digest is None:
            digest = self._digests[key] = file_digest(key)
        return digest
