"""The manifest of an output folder: what docgen wrote there, and whether it may write again.

``manifest.json`` records each file docgen wrote (its SHA-256, its sources, and fields
other modules add: its template, the incremental build's records). ``plan_output``
decides how one output would be written before anything is: created, updated or
unchanged, and refuses to overwrite a file edited by hand since docgen wrote it (unless
forced).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from docgen.core.digests import sha256
from docgen.core.errors import OverwriteRefused, ResourceError, os_reason
from docgen.core.findings import display_path

MANIFEST_NAME = "manifest.json"


def _corrupt_manifest(path: Path, detail: str) -> ResourceError:
    return ResourceError(
        f"Le manifeste {path} est illisible ou corrompu ({detail}).",
        hint="Restaurez-le depuis une sauvegarde, ou supprimez-le puis relancez la "
        "génération avec --force (les fichiers déjà présents seront alors remplacés).",
    )


def _manifest_key(relpath: str) -> str:
    key = PurePosixPath(relpath.replace("\\", "/"))
    if key.is_absolute() or ".." in key.parts or not key.parts:
        raise ValueError(f"relative path inside the output folder expected, got {relpath!r}")
    return key.as_posix()


class Manifest:
    """What docgen wrote in an output folder: path → SHA-256 and source files."""

    def __init__(
        self,
        folder: Path,
        files: dict[str, dict[str, Any]] | None = None,
        sections: dict[str, Any] | None = None,
    ) -> None:
        self.folder = folder
        self.files: dict[str, dict[str, Any]] = files if files is not None else {}
        # Other top-level sections (``sources``: what incremental builds remember), kept
        # as they were read and saved back; only ``files`` is this module's concern.
        self.sections: dict[str, Any] = sections if sections is not None else {}
        self._data: bytes | None = None  # the bytes it was read from, if any

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_NAME

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_NAME
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return cls(folder)
        except OSError as exc:
            raise _corrupt_manifest(path, os_reason(exc)) from exc
        manifest = cls._parsed(folder, data)
        manifest._data = data
        return manifest

    def copy(self) -> Manifest:
        """Another manifest with the same entries, parsed again from the bytes it was read
        from (the file is read once; parsing is quicker than a deep copy)."""
        if self._data is None:
            return Manifest(self.folder, copy.deepcopy(self.files), copy.deepcopy(self.sections))
        return self._parsed(self.folder, self._data)

    @classmethod
    def _parsed(cls, folder: Path, data: bytes) -> Manifest:
        path = folder / MANIFEST_NAME
        try:
            content = json.loads(data.decode("utf-8"))
        except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
            where = ""
            if isinstance(exc, json.JSONDecodeError):
                where = f", ligne {exc.lineno}, colonne {exc.colno}"
            raise _corrupt_manifest(path, f"JSON invalide{where}") from exc
        files = content.get("files") if isinstance(content, dict) else None
        if not isinstance(files, dict) or not all(
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and isinstance(entry.get("sources"), list)
            for entry in files.values()
        ):
            raise _corrupt_manifest(path, "structure inattendue")
        return cls(folder, files, {k: v for k, v in content.items() if k != "files"})

    def digest(self, relpath: str) -> str | None:
        entry = self.files.get(_manifest_key(relpath))
        return None if entry is None else str(entry["sha256"])

    def record(
        self,
        relpath: str,
        digest: str,
        sources: list[str],
        extra: Mapping[str, object] | None = None,
    ) -> None:
        """Record one file: its SHA-256, its sources, and any ``extra`` fields of its entry."""
        entry: dict[str, Any] = dict(extra or {})
        entry.update({"sha256": digest, "sources": list(sources)})
        self.files[_manifest_key(relpath)] = entry

    def content(self) -> bytes:
        """The manifest file's bytes: sorted keys, so that the same entries give the same bytes."""
        content = {**self.sections, "files": self.files}
        text = json.dumps(content, sort_keys=True, indent=2, ensure_ascii=False)
        # A name that is not UTF-8 (kept by Python as lone surrogates) is written as a JSON
        # escape (\udce9), which json.loads reads back as the same name.
        return (text + "\n").encode("utf-8", "backslashreplace")


@dataclass(frozen=True)
class Planned:
    """What writing one output would do, decided before anything is written."""

    target: Path
    status: str  # "created", "updated" or "unchanged"
    digest: str  # SHA-256 of the new content
    old: str | None  # SHA-256 of the file on disk now, None when there is none


def _refuse_if_open(target: Path) -> None:
    """A document open in LibreOffice or Word is not replaced under the juriste's eyes:
    saving it afterwards would silently put the old text back."""
    for lock in (f".~lock.{target.name}#", f"~${target.name[2:]}", f"~${target.name}"):
        if (target.parent / lock).exists():
            raise OverwriteRefused(
                f"Le fichier {display_path(target)} est ouvert dans un traitement de texte "
                f"(fichier de verrou {lock}) : docgen ne le remplace pas.",
                hint="Fermez-le, puis relancez ; si aucun traitement de texte ne l'a ouvert, "
                f"supprimez {lock} (il reste après un arrêt brutal), ou relancez avec --force.",
            )


def plan_output(
    folder: Path, relpath: str, data: bytes, *, manifest: Manifest, force: bool = False
) -> Planned:
    """Decide how ``folder/relpath`` would be written; refuse to clobber a hand-edited file."""
    target = folder.joinpath(*_manifest_key(relpath).split("/"))
    digest = sha256(data)
    existing: bytes | None
    try:
        existing = target.read_bytes()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise ResourceError(
            f"Impossible de lire le fichier {display_path(target)} : {os_reason(exc)}."
        ) from exc
    existing_digest = None if existing is None else sha256(existing)
    if existing_digest is None:
        status = "created"
    elif existing_digest == digest:
        status = "unchanged"  # not rewritten, so its date stays that of the real change
    elif force:
        status = "updated"
    elif existing_digest == manifest.digest(relpath):
        _refuse_if_open(target)
        status = "updated"
    else:
        raise OverwriteRefused(
            f"Le fichier {display_path(target)} a été modifié à la main (ou n'a pas été produit "
            "par docgen) depuis la dernière génération.",
            hint="Renommez-le pour conserver vos modifications, "
            "ou relancez avec --force pour le remplacer.",
        )
    return Planned(target, status, digest, existing_digest)
