"""The .docx zip docgen writes itself: the bytes zipfile would write, members reused."""

from __future__ import annotations

import datetime
import io
import os
import random
import zipfile

import docx
import pytest

from docgen.core.docx_zip import ZipMember, normalize_docx, write_zip, zip_member

from . import test_engine_legacy as legacy

CREATED = datetime.datetime(2024, 3, 15, 9, 30, tzinfo=datetime.UTC)
PROPERTIES = {"title": "Titre", "subject": "Sujet", "author": "Département", "created": CREATED}


def _zipfile_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """What normalize_docx wrote before: zipfile with fixed dates and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, content, compresslevel=6)
    return out.getvalue()


def test_write_zip_writes_what_zipfile_writes() -> None:
    generator = random.Random(1)
    entries = [
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", ("<w:t>Été : « ça »</w:t>" * 500).encode()),
        ("word/media/image1.bin", generator.randbytes(5000)),  # does not compress
        ("word/vide.xml", b""),
        ("word/médias/é.xml", b"<x/>"),  # a UTF-8 name
        ("docProps/gros.xml", os.urandom(16).hex().encode() * 20_000),
    ]
    members = [zip_member(name, content) for name, content in entries]
    assert write_zip(members) == _zipfile_bytes(entries)
    with zipfile.ZipFile(io.BytesIO(write_zip(members))) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == entries


def test_a_member_is_written_again_as_it_is() -> None:
    member = zip_member("word/styles.xml", b"<w:styles/>" * 1000)
    assert isinstance(member, ZipMember)
    first = write_zip([member, zip_member("a.xml", b"1")])
    second = write_zip([member, zip_member("a.xml", b"1")])
    assert first == second and member.deflated in first
    assert write_zip([]) == _zipfile_bytes([])


def _docx(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("text", ["Article 1", "Dupont & Fils « SARL »"])
def test_normalize_docx_gives_the_bytes_it_gave_before(text: str) -> None:
    data = _docx(text)
    expected = legacy.normalize_docx(data, **PROPERTIES)
    assert normalize_docx(data, **PROPERTIES) == expected
    # Again: the large members now come from the cache of recompressed members.
    assert normalize_docx(data, **PROPERTIES) == expected
    assert normalize_docx(expected, **PROPERTIES) == expected
