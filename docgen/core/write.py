"""Last step of the pipeline: write generated files safely and deterministically.

Three guarantees: a file on disk is either the old or the new version, never half of
one (atomic replace); the same content gives the same bytes whatever the clock (so
that a regeneration that changes nothing is visible as such); and a file a user
edited by hand is never overwritten without ``--force`` (the manifest remembers what
docgen itself wrote).

The .docx zip is written here too (``zip_member``, ``write_zip``): the bytes zipfile
writes with fixed dates and attributes, but from members that may have been deflated
once and are copied as they are into every document (the engine deflates a template's
unchanged members once; ``normalize_docx`` keeps the ones it meets again unchanged). For
the convention template, deflating its unchanged members (~830 KB, mostly styles) took
~7 ms a document; writing the whole zip from their ~35 KB of compressed streams takes
~0.1 ms.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import struct
import tempfile
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

# No stubs for lxml in the dev dependencies; `unused-ignore` keeps mypy quiet once they exist.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core.errors import OverwriteRefused, ResourceError
from docgen.core.findings import display_path
from docgen.core.journal import SINGLE_PREFIX, Transaction, default_mode, write_error

MANIFEST_NAME = "manifest.json"

_CONTENT_TYPES = "[Content_Types].xml"
_CORE_XML = "docProps/core.xml"
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalize_docx(
    data: bytes, *, title: str, subject: str, author: str, created: datetime.datetime
) -> bytes:
    """Return the .docx with fixed core properties and zip metadata: bytes depend on content."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zin:
            members = [(info, _raw_stream(data, info)) for info in zin.infolist()]
            # Word writes the content types first and some readers sniff the package from there.
            members.sort(key=lambda member: member[0].filename != _CONTENT_TYPES)
            out: list[ZipMember] = []
            for info, raw in members:
                if info.filename == _CORE_XML:
                    core = rewrite_core(zin.read(info), title, subject, author, created)
                    out.append(zip_member(info.filename, core))
                else:
                    out.append(_recompressed(zin, info, raw))
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise ResourceError(
            "Le document produit n'est pas un fichier .docx valide (archive zip illisible)."
        ) from exc
    return write_zip(out)


def rewrite_core(
    xml: bytes, title: str, subject: str, author: str, created: datetime.datetime
) -> bytes:
    """``docProps/core.xml`` with the given properties, its dates and revision fixed."""
    return _rewrite_core(
        xml,
        {
            "dc:title": title,
            "dc:subject": subject,
            "dc:creator": author,
            "cp:lastModifiedBy": author,
            "cp:revision": "1",
            "dcterms:created": _w3cdtf(created),
            "dcterms:modified": _w3cdtf(created),
        },
    )


# ---------------------------------------------------------------------------- zip writing
#
# A .docx is a zip. docgen writes it itself rather than through ``zipfile`` so that a
# member compressed once (a template's styles.xml, the same in every document made from
# it) can be written again and again without being deflated again. The bytes are exactly
# those ``zipfile.ZipFile.writestr`` writes for a ``ZipInfo(name, date_time=(1980, 1, 1,
# 0, 0, 0))`` deflated at level 6 with ``create_system = 3`` and ``external_attr = 0o644
# << 16`` (tests/test_engine_zip.py compares both): same local headers, central directory
# and end record, no data descriptor, no extra field, no comment.

_DEFLATE_LEVEL = 6
_VERSION = 20  # "2.0": deflate; what zipfile writes as both made-by and needed-to-extract
_CREATE_SYSTEM = 3  # Unix, whatever the OS docgen runs on
_EXTERNAL_ATTR = 0o644 << 16  # -rw-r--r--
_DOS_TIME, _DOS_DATE = 0, (0 << 9) | (1 << 5) | 1  # 1980-01-01 00:00:00
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_ZIP_LIMIT = 0xFFFFFFFF  # beyond this ZIP64 would be needed: never for a .docx


@dataclass(frozen=True)
class ZipMember:
    """A zip member already deflated: ``write_zip`` copies its stream as it is."""

    name: str
    crc: int
    size: int  # uncompressed
    deflated: bytes


def zip_member(name: str, content: bytes) -> ZipMember:
    """Deflate ``content`` once, as zipfile would at level 6."""
    compressor = zlib.compressobj(_DEFLATE_LEVEL, zlib.DEFLATED, -15)
    deflated = compressor.compress(content) + compressor.flush()
    return ZipMember(name, zlib.crc32(content), len(content), deflated)


def write_zip(members: Iterable[ZipMember]) -> bytes:
    """The zip archive of ``members``, in their order, with fixed dates and attributes."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for member in members:
        if max(member.size, len(member.deflated), offset) >= _ZIP_LIMIT:
            raise ValueError(f"{member.name}: too large for a zip without ZIP64")
        try:
            name, flags = member.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = member.name.encode("utf-8"), _UTF8_NAME
        fields = (
            flags,
            zipfile.ZIP_DEFLATED,
            _DOS_TIME,
            _DOS_DATE,
            member.crc,
            len(member.deflated),
            member.size,
            len(name),
        )
        chunks += (_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *fields, 0), name, member.deflated)
        central += (
            _CENTRAL.pack(
                b"PK\x01\x02",
                _VERSION,
                _CREATE_SYSTEM,
                _VERSION,
                0,
                *fields,
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            ),
            name,
        )
        offset += _LOCAL.size + len(name) + len(member.deflated)
    directory = b"".join(central)
    count = len(central) // 2
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(chunks) + directory + end


def _raw_stream(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The member's stored (compressed) bytes, read from its local header."""
    start = info.header_offset
    if data[start : start + 4] != b"PK\x03\x04":
        raise zipfile.BadZipFile(f"bad local header for {info.filename}")
    name_length, extra_length = struct.unpack_from("<2H", data, start + 26)
    begin = start + _LOCAL.size + name_length + extra_length
    return data[begin : begin + info.compress_size]


# Members met again unchanged (a template's styles.xml in every document made from it)
# are not inflated and deflated again: keyed by their stored bytes, compression method and
# CRC, which determine the result. Small members are not worth the memory.
_RECOMPRESSED: OrderedDict[tuple[str, int, int, bytes], ZipMember] = OrderedDict()
_RECOMPRESSED_MIN = 4096
_RECOMPRESSED_MAX = 64


def _recompressed(zin: zipfile.ZipFile, info: zipfile.ZipInfo, raw: bytes) -> ZipMember:
    if info.compress_size < _RECOMPRESSED_MIN:
        return zip_member(info.filename, zin.read(info))
    key = (info.filename, info.compress_type, info.CRC, raw)
    member = _RECOMPRESSED.get(key)
    if member is None:
        member = zip_member(info.filename, zin.read(info))  # zin.read checks the CRC
        _RECOMPRESSED[key] = member
        if len(_RECOMPRESSED) > _RECOMPRESSED_MAX:
            _RECOMPRESSED.popitem(last=False)
    else:
        _RECOMPRESSED.move_to_end(key)
    return member


def _w3cdtf(moment: datetime.datetime) -> str:
    # Naive datetimes are taken as UTC, as python-docx does when it reads them back.
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _rewrite_core(xml: bytes, properties: dict[str, str]) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root: Any = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as exc:
        raise ResourceError(
            f"Les propriétés du document produit ({_CORE_XML}) ne sont pas du XML valide."
        ) from exc
    for qname, value in properties.items():
        prefix, local = qname.split(":")
        tag = f"{{{_NS[prefix]}}}{local}"
        element = root.find(tag)
        if element is None:
            # Declare locally only what the root lacks; a tuple, not a set, keeps the order fixed.
            wanted = (prefix, "xsi") if prefix == "dcterms" else (prefix,)
            nsmap = {p: _NS[p] for p in wanted if root.nsmap.get(p) != _NS[p]}
            element = etree.SubElement(root, tag, nsmap=nsmap or None)
        element.text = value
        if prefix == "dcterms":
            element.set(f"{{{_NS['xsi']}}}type", "dcterms:W3CDTF")
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return result


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` by ``data`` all at once: readers see the old file or the new one."""
    staged = _stage(path, data)
    try:
        _commit(staged, path)
    finally:
        Path(staged).unlink(missing_ok=True)


def write_together(
    files: dict[Path, bytes], expected: dict[Path, bytes], transaction: Transaction
) -> None:
    """Stage several files in ``transaction``: they are replaced all together, or none.

    ``expected`` holds what each file contained when the caller read it; a file changed
    since (by a colleague, an editor) is not overwritten: nothing is staged at all, and
    the caller's transaction is abandoned with the error.
    """
    for path, before in expected.items():
        if _read_or_none(path) != before:
            raise OverwriteRefused(
                f"{display_path(path)} a changé depuis sa lecture : rien n'a été écrit",
                "relancez la commande",
            )
    for path, data in files.items():
        old = expected.get(path)
        transaction.stage(path, data, None if old is None else sha256(old))


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a synced temporary file beside ``path``; return its name."""
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = path.stat().st_mode & 0o777 if path.exists() else default_mode()
        with tempfile.NamedTemporaryFile(
            delete=False, dir=path.parent, prefix=SINGLE_PREFIX, suffix=".tmp"
        ) as handle:
            tmp_name = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # NamedTemporaryFile creates 0600: colleagues sharing the folder could not read it.
        os.chmod(tmp_name, mode)
        return tmp_name
    except OSError as exc:
        if tmp_name is not None:
            Path(tmp_name).unlink(missing_ok=True)
        raise write_error(path, exc) from exc


def _commit(tmp_name: str, path: Path) -> None:
    try:
        os.replace(tmp_name, path)
    except OSError as exc:
        raise write_error(path, exc) from exc


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

    @property
    def path(self) -> Path:
        return self.folder / MANIFEST_NAME

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST_NAME
        if not path.exists():
            return cls(folder)
        try:
            content = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise _corrupt_manifest(path, exc.strerror or str(exc)) from exc
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
            f"Impossible de lire le fichier {display_path(target)} : {exc.strerror or exc}."
        ) from exc
    existing_digest = None if existing is None else sha256(existing)
    if existing_digest is None:
        status = "created"
    elif existing_digest == digest:
        status = "unchanged"  # not rewritten, so its date stays that of the real change
    elif force or existing_digest == manifest.digest(relpath):
        status = "updated"
    else:
        raise OverwriteRefused(
            f"Le fichier {target} a été modifié à la main (ou n'a pas été produit par docgen) "
            "depuis la dernière génération.",
            hint="Renommez-le pour conserver vos modifications, "
            "ou relancez avec --force pour le remplacer.",
        )
    return Planned(target, status, digest, existing_digest)
