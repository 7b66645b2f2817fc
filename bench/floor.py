"""The floor: what writing N documents costs when nothing is rendered at all.

One read of the template's zip; then, per document, its ``word/document.xml`` with the
values substituted as plain text where the template's ``{{ … }}`` tags are (no Jinja, no
XML parsing, no typography), its ``docProps/core.xml`` with its title, both deflated, and
every other member copied as the compressed stream the template already holds. No engine
that writes a deflated .docx can do less: it is the bench's lower bound, not a renderer
(loops and conditions of the template are left as they are).

The zip is written here, not with docgen's writer, so that the floor owes nothing to the
code it measures.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from docgen.core.vocabulary import attribute

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
TAG = re.compile(r"\{\{-?\s*([^<]*?)\s*-?\}\}")  # within one w:t, as docgen's templates have them
_TITLE = re.compile(r"<dc:title\s*/>|<dc:title>.*?</dc:title>", re.S)
_LOCAL = struct.Struct("<4s5H3L2H")
_CENTRAL = struct.Struct("<4s6H3L5H2L")
_END = struct.Struct("<4s4H2LH")
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1  # 1980-01-01, as reproducible .docx have
_DEFLATE_LEVEL = 6


@dataclass(frozen=True)
class Member:
    name: bytes
    crc: int
    size: int
    deflated: bytes


@dataclass(frozen=True)
class Template:
    """The template read once: its members, the pieces between its tags, its core.xml."""

    members: tuple[Member | str, ...]  # a str: the name of a part made per document
    pieces: tuple[str, ...]  # document.xml split at its tags: text, tag, text, tag, …
    core: tuple[str, str]  # core.xml before and after the title's text


def read_template(path: Path) -> Template:
    data = path.read_bytes()
    members: list[Member | str] = []
    pieces: tuple[str, ...] = ()
    core = ("", "")
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            if info.filename == DOCUMENT:
                pieces = tuple(TAG.split(package.read(info).decode("utf-8")))
                members.append(DOCUMENT)
            elif info.filename == CORE:
                core = _split_core(package.read(info).decode("utf-8"))
                members.append(CORE)
            else:
                members.append(_raw_member(data, info))
    return Template(tuple(members), pieces, core)


def tags(template: Template) -> list[str]:
    """The expressions of the template's tags, in order (``service.name``, ``x|amount``)."""
    return list(template.pieces[1::2])


def values_for(template: Template, context: Mapping[str, object]) -> list[str]:
    """Each tag's text for ``context``: the value of a plain dotted name, XML-escaped; any
    other expression (a filter, a loop variable) left as its own text."""
    return [escape(_lookup(context, expression)) for expression in tags(template)]


def write_document(template: Template, values: Sequence[str], title: str, out: Path) -> None:
    pieces = template.pieces
    text = [pieces[0]]
    for value, after in zip(values, pieces[2::2], strict=True):
        text += (value, after)
    parts = {
        DOCUMENT: "".join(text).encode("utf-8"),
        CORE: f"{template.core[0]}{escape(title)}{template.core[1]}".encode(),
    }
    out.write_bytes(
        _zip([m if isinstance(m, Member) else _deflated(m, parts[m]) for m in template.members])
    )


def _lookup(context: Mapping[str, object], expression: str) -> str:
    names = expression.split(".")
    if not all(name.isidentifier() for name in names) or names[0] not in context:
        return expression
    value: object = context[names[0]]
    for name in names[1:]:
        name, _words = attribute(value, name)  # the template's French name, in Python
        if not hasattr(value, name):
            return expression
        value = getattr(value, name)
    return str(value)


def _split_core(xml: str) -> tuple[str, str]:
    match = _TITLE.search(xml)
    if match is None:
        end = xml.rindex("</cp:coreProperties>")
        return xml[:end] + "<dc:title>", "</dc:title>" + xml[end:]
    return xml[: match.start()] + "<dc:title>", "</dc:title>" + xml[match.end() :]


def _raw_member(data: bytes, info: zipfile.ZipInfo) -> Member:
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ValueError(f"{info.filename}: not deflated in the template")
    name_length, extra_length = struct.unpack_from("<2H", data, info.header_offset + 26)
    begin = info.header_offset + _LOCAL.size + name_length + extra_length
    raw = data[begin : begin + info.compress_size]
    return Member(info.filename.encode("utf-8"), info.CRC, info.file_size, raw)


def _deflated(name: str, content: bytes) -> Member:
    compressor = zlib.compressobj(_DEFLATE_LEVEL, zlib.DEFLATED, -15)
    raw = compressor.compress(content) + compressor.flush()
    return Member(name.encode("utf-8"), zlib.crc32(content), len(content), raw)


def _zip(members: Sequence[Member]) -> bytes:
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        common = (20, 0, zipfile.ZIP_DEFLATED, 0, _DOS_DATE, m.crc, len(m.deflated), m.size)
        chunks += (_LOCAL.pack(b"PK\x03\x04", *common, len(m.name), 0), m.name, m.deflated)
        header = _CENTRAL.pack(b"PK\x01\x02", 20, *common, len(m.name), 0, 0, 0, 0, 0, offset)
        central += (header, m.name)
        offset += _LOCAL.size + len(m.name) + len(m.deflated)
    directory = b"".join(central)
    count = len(members)
    end = _END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0)
    return b"".join(chunks) + directory + end
