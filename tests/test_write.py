from __future__ import annotations

import datetime
import io
import os
import time
import types
import zipfile
from pathlib import Path

import docx
import pytest

from docgen.core.atomic import atomic_write_bytes, write_together
from docgen.core.digests import sha256
from docgen.core.docx_zip import normalize_docx
from docgen.core.errors import OverwriteRefused, ResourceError
from docgen.core.journal import Transaction
from docgen.core.manifest import MANIFEST_NAME, Manifest, plan_output
from docgen.core.outputs import OutputFolder
from docgen.core.result import Written

CREATED = datetime.datetime(2024, 3, 15, 9, 30, tzinfo=datetime.UTC)
TITLE = "Convention Lefèvre & fils « prévention »"


def _normalize(data: bytes, created: datetime.datetime = CREATED) -> bytes:
    return normalize_docx(
        data, title=TITLE, subject="Avenant n° 2", author="Département", created=created
    )


def _docx_bytes(monkeypatch: pytest.MonkeyPatch, clock: float, text: str = "Article 1") -> bytes:
    # zipfile stamps each entry with time.localtime(time.time()): fake only zipfile's clock.
    fake_time = types.SimpleNamespace(time=lambda: clock, localtime=time.localtime)
    with monkeypatch.context() as patch:
        patch.setattr(zipfile, "time", fake_time)
        document = docx.Document()
        document.add_paragraph(text)
        document.core_properties.modified = datetime.datetime.fromtimestamp(clock, datetime.UTC)
        document.core_properties.revision = int(clock) % 97 + 1
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def _replace_core_xml(data: bytes, core_xml: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            content = core_xml if info.filename == "docProps/core.xml" else zin.read(info)
            zout.writestr(info, content)
    return out.getvalue()


def test_normalize_docx_is_byte_identical_whatever_the_clock(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _docx_bytes(monkeypatch, 1_700_000_000.0)
    second = _docx_bytes(monkeypatch, 1_800_000_000.0)
    assert first != second
    normalized = _normalize(first)
    assert normalized == _normalize(second)
    assert _normalize(normalized) == normalized


def test_normalize_docx_zip_metadata(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _docx_bytes(monkeypatch, 1_700_000_000.0)
    with zipfile.ZipFile(io.BytesIO(raw)) as original:
        names = original.namelist()
    with zipfile.ZipFile(io.BytesIO(_normalize(raw))) as normalized:
        assert normalized.comment == b""
        assert normalized.namelist() == names
        assert names[0] == "[Content_Types].xml"
        for info in normalized.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr == 0o644 << 16
            assert info.create_system == 3
            assert info.extra == b""


def test_normalized_docx_keeps_text_and_has_given_properties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = _docx_bytes(monkeypatch, 1_700_000_000.0, text="Le Département s’engage")
    document = docx.Document(io.BytesIO(_normalize(raw)))
    assert [p.text for p in document.paragraphs] == ["Le Département s’engage"]
    props = document.core_properties
    assert props.title == TITLE
    assert props.subject == "Avenant n° 2"
    assert props.author == "Département"
    assert props.last_modified_by == "Département"
    assert props.revision == 1
    assert props.created == CREATED
    assert props.modified == CREATED


def test_normalize_docx_creates_missing_core_elements(monkeypatch: pytest.MonkeyPatch) -> None:
    bare = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
        b'metadata/core-properties"/>'
    )
    raw = _replace_core_xml(_docx_bytes(monkeypatch, 1_700_000_000.0), bare)
    props = docx.Document(io.BytesIO(_normalize(raw))).core_properties
    assert (props.title, props.author, props.revision) == (TITLE, "Département", 1)
    assert props.created == CREATED


def test_normalize_docx_dates_are_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = _docx_bytes(monkeypatch, 1_700_000_000.0)
    paris = CREATED.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
    naive_utc = CREATED.replace(tzinfo=None)
    expected = _normalize(raw)
    assert _normalize(raw, paris) == expected
    assert _normalize(raw, naive_utc) == expected


def test_normalize_docx_rejects_non_zip() -> None:
    with pytest.raises(ResourceError):
        _normalize(b"pas un docx")


def _write(
    folder: Path, name: str, data: bytes, sources: list[str], *, force: bool = False
) -> Written:
    """One file written through the output folder, as a command writes it."""
    with OutputFolder(folder, force=force) as out:
        return out.write(name, data, [Path(s) for s in sources])


def test_output_folder_lifecycle(tmp_path: Path) -> None:
    target = tmp_path / "conventions" / "lyon.docx"
    sources = ["contrats/lyon.yaml", "departement.yaml"]

    result = _write(tmp_path, "conventions/lyon.docx", b"v1", sources)
    assert (result.path, result.status) == (target, "created")
    assert target.read_bytes() == b"v1"

    os.utime(target, (1_000_000_000, 1_000_000_000))
    result = _write(tmp_path, "conventions/lyon.docx", b"v1", sources)
    assert result.status == "unchanged"
    assert target.stat().st_mtime == 1_000_000_000

    result = _write(tmp_path, "conventions/lyon.docx", b"v2", sources)
    assert result.status == "updated"
    assert target.read_bytes() == b"v2"
    assert Manifest.load(tmp_path).digest("conventions/lyon.docx") == sha256(b"v2")

    target.write_bytes(b"v2 corrected by hand")
    with pytest.raises(OverwriteRefused) as refused:
        _write(tmp_path, "conventions/lyon.docx", b"v3", sources)
    assert "lyon.docx" in refused.value.message
    assert "modifié à la main" in refused.value.message
    assert refused.value.hint is not None and "--force" in refused.value.hint
    assert target.read_bytes() == b"v2 corrected by hand"

    result = _write(tmp_path, "conventions/lyon.docx", b"v3", sources, force=True)
    assert result.status == "updated"
    assert target.read_bytes() == b"v3"


def test_output_folder_refuses_unknown_existing_file(tmp_path: Path) -> None:
    (tmp_path / "lyon.docx").write_bytes(b"written by someone else")
    with pytest.raises(OverwriteRefused):
        _write(tmp_path, "lyon.docx", b"new", [])


def test_interrupted_write_keeps_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "lyon.docx", b"good", [])
    real = os.replace

    def crash(src: str | Path, dst: str | Path) -> None:
        if str(dst).endswith("lyon.docx"):  # the document's rename, not the journal's
            raise OSError(28, "No space left on device")
        real(src, dst)

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(ResourceError) as error:
        _write(tmp_path, "lyon.docx", b"half", [])
    assert "lyon.docx" in error.value.message
    assert (tmp_path / "lyon.docx").read_bytes() == b"good"
    assert list(tmp_path.glob("*.tmp")) == []
    assert Manifest.load(tmp_path).digest("lyon.docx") == sha256(b"good")


def test_atomic_write_bytes_gives_readable_permissions(tmp_path: Path) -> None:
    # NamedTemporaryFile creates 0600 files; the result must follow the umask like open().
    target = tmp_path / "a.yaml"
    atomic_write_bytes(target, b"x: 1\n")
    reference = tmp_path / "b.yaml"
    reference.write_bytes(b"")
    assert target.stat().st_mode & 0o777 == reference.stat().st_mode & 0o777


def test_manifest_round_trip(tmp_path: Path) -> None:
    manifest = Manifest.load(tmp_path)
    assert manifest.files == {}
    manifest.record("b/Épinal.docx", sha256(b"b"), ["contrats/épinal.yaml"])
    manifest.record("a.docx", sha256(b"a"), ["a.yaml", "departement.yaml"])
    atomic_write_bytes(manifest.path, manifest.content())

    text = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert "Épinal" in text  # ensure_ascii=False
    assert text.index('"a.docx"') < text.index('"b/Épinal.docx"')

    reloaded = Manifest.load(tmp_path)
    assert reloaded.files == manifest.files
    assert reloaded.digest("a.docx") == sha256(b"a")
    atomic_write_bytes(reloaded.path, reloaded.content())
    assert (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("content", ["{ pas du json", '{"files": []}', "[1, 2]"])
def test_corrupt_manifest_raises_resource_error(tmp_path: Path, content: str) -> None:
    (tmp_path / MANIFEST_NAME).write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError) as error:
        Manifest.load(tmp_path)
    assert MANIFEST_NAME in error.value.message
    assert error.value.hint is not None and "supprimez-le" in error.value.hint


def test_manifest_rejects_paths_outside_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sortie"
    with pytest.raises(ValueError):
        plan_output(folder, "../evil.docx", b"x", manifest=Manifest(folder))
    assert not (tmp_path / "evil.docx").exists()


# -- writing together (docgen.core.journal through write_together and OutputFolder) -------


def test_write_together_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_bytes(b"a: 1\n")
    b.write_bytes(b"b: edited meanwhile\n")
    tx = Transaction(tmp_path / ".docgen", [tmp_path])
    with pytest.raises(OverwriteRefused) as refused, tx:
        write_together({a: b"a: 2\n", b: b"b: 2\n"}, {a: b"a: 1\n", b: b"b: 1\n"}, tx)
    assert "b.yaml" in refused.value.message and "rien n'a été écrit" in refused.value.message
    assert a.read_bytes() == b"a: 1\n" and b.read_bytes() == b"b: edited meanwhile\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".docgen-")] == []


def test_write_together_writes_with_the_other_files_of_its_transaction(tmp_path: Path) -> None:
    a = tmp_path / "a.yaml"
    a.write_bytes(b"a: 1\n")
    out = tmp_path / "sortie"
    with Transaction(tmp_path / ".docgen", [tmp_path]) as tx:
        write_together({a: b"a: 2\n"}, {a: b"a: 1\n"}, tx)
        with OutputFolder(out, transaction=tx) as folder:
            folder.write("a.docx", b"document", [a])
        assert a.read_bytes() == b"a: 1\n" and not (out / "a.docx").exists()
    assert a.read_bytes() == b"a: 2\n"
    assert (out / "a.docx").read_bytes() == b"document"
    assert Manifest.load(out).digest("a.docx") == sha256(b"document")


def test_manifest_entries_keep_the_fields_callers_give(tmp_path: Path) -> None:
    with OutputFolder(tmp_path) as folder:
        folder.write("a.docx", b"a", [], "templates/nord/convention.docx", extra={"inputs": "f00"})
    entry = Manifest.load(tmp_path).files["a.docx"]
    assert entry == {
        "sha256": sha256(b"a"),
        "sources": [],
        "template": "templates/nord/convention.docx",
        "inputs": "f00",
    }


def test_the_manifest_is_merged_with_what_another_command_recorded(tmp_path: Path) -> None:
    # Two commands opened the output folder; each one's entries survive the other's commit.
    first, second = OutputFolder(tmp_path), OutputFolder(tmp_path)
    first.write("nord/a.docx", b"a", [])
    second.write("pas-de-calais/b.docx", b"b", [])
    first.commit()
    second.commit()
    files = Manifest.load(tmp_path).files
    assert set(files) == {"nord/a.docx", "pas-de-calais/b.docx"}


def test_one_file_that_cannot_be_written_does_not_stop_the_others(tmp_path: Path) -> None:
    long_name = "a" * 250 + ".docx"
    with OutputFolder(tmp_path) as folder:
        folder.write(long_name, b"long", [])
        folder.write("b.docx", b"b", [])
    assert [w.status for w in folder.written] == ["failed", "created"]
    (failure,) = folder.failed
    assert "nom de fichier trop long" in failure and "raccourcissez" in failure
    assert (tmp_path / "b.docx").read_bytes() == b"b"
    assert set(Manifest.load(tmp_path).files) == {"b.docx"}


def test_a_file_edited_by_hand_stops_the_whole_write(tmp_path: Path) -> None:
    with OutputFolder(tmp_path) as folder:
        folder.write("a.docx", b"v1", [])
    (tmp_path / "a.docx").write_bytes(b"edited by hand")
    with pytest.raises(OverwriteRefused), OutputFolder(tmp_path) as folder:
        folder.write("b.docx", b"b", [])  # staged, then given up with the rest
        folder.write("a.docx", b"v2", [])
    assert not (tmp_path / "b.docx").exists()
    assert (tmp_path / "a.docx").read_bytes() == b"edited by hand"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".docgen-")] == []
