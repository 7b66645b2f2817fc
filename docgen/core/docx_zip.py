"""The .docx as a zip: deterministic bytes, members deflated once.

The same content gives the same bytes whatever the clock: fixed zip dates and attributes,
core properties from the data (``normalize_docx``, ``rewrite_core``). docgen writes the
zip itself (``zip_member``, ``write_zip``) rather than through ``zipfile``, so that a
member deflated once (a template's unchanged styles, the same in every document made
from it) is copied as it is into every document; ``normalize_docx`` keeps the members it
meets again unchanged.
"""

from __future__ import annotations

import datetime
import io
import struct
import zipfile
import zlib
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core.errors import ResourceError

_CONTENT_TYPES = "[Content_Types].xml"
_CORE_XML = "docProps/core.xml"
_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}


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
