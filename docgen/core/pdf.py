"""Turn .docx files into PDF with LibreOffice, as a user's office suite would open them.

Batches
-------
Starting LibreOffice is most of what a conversion costs when each document gets its own
``soffice`` with a fresh profile (the profile is created at each start): ~1.2 s a document
on this 2-core machine, the conversion itself a fraction of it. ``docx_to_pdf_batch``
shares the start: at most ``jobs`` workers, each one ``soffice --headless --convert-to
pdf --outdir … 000000.docx 000002.docx …`` call over its share of the documents (every
``jobs``-th one), with a private profile created once and used for all of them. The
workers run side by side, each with its own profile (two LibreOffice sharing one would
lock it); one per core is right, a conversion keeping a core busy. The PDFs come back in
the order of the documents, found by their numbered names.

Why command lines rather than a listener driven through UNO: the UNO bridge is the
``uno`` module of the system's Python (python3-uno), which docgen's virtualenv does not
see; and a long-lived ``soffice --accept=…`` must be started, waited for, watched,
restarted after a crash and killed by hand. Once the start is shared by a whole batch,
what a listener would still save is one start per worker and batch (~1 s). A command line
per worker keeps none of that machinery: a LibreOffice that hangs (no new PDF for
``timeout`` seconds) is killed and reported, and takes down one batch, not the next.

Measured (a batch of 20 Pas-de-Calais conventions, 2 workers, wall
clock, this 2-core machine): one LibreOffice per document 1.4-2.0 s a document; a batch of
20 with one worker 0.24-0.26 s (5.5-8x the documents per second), with two workers 0.18 s
when the machine is otherwise idle (8x) — no better than one when other work already keeps
a core busy. The PDFs are the same bytes either way.

PDF/A-2b
--------
Acts sent to the prefecture and kept in archives are expected as PDF/A: every PDF docgen
makes is PDF/A-2b (ISO 19005-2, level B: fonts embedded, colours described by an output
intent, the metadata in an XMP packet saying ``pdfaid:part`` 2, ``pdfaid:conformance``
B). LibreOffice 7.4 and later take the export options of the command line as JSON
(``pdf:writer_pdf_Export:{"SelectPdfVersion":…}``); an older one ignores them and writes
a plain PDF, which ``docx_to_pdf_batch`` refuses rather than passing it for an archive.
A PDF/A is a PDF any reader opens: there is no option for a plain one. Measured: a
12-page convention 192 KB in PDF/A (tagged: the structure a screen reader follows),
104 KB plain; the conversion takes the same time.

Reproducibility: with a document's day, LibreOffice's clock stamps are replaced
(``reproducible_pdf``) so that the same .docx gives the same PDF: the creation date of the
document information and of the XMP packet, the /ID and /DocChecksum, and the creation
date inside the sRGB colour profile of the output intent (compressed: rewritten, and the
cross-reference table with it). A LibreOffice that converted other documents first numbers a
document's font objects otherwise (measured: the Nord's CALPAE convention converted right
after an avenant of the Pas-de-Calais; the fonts, subsets and text are the same): the PDF
is then written again with its objects in one canonical order (``canonical``), so that
the same document gives the same bytes whatever batch it was converted in.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pikepdf

from docgen.core.errors import ResourceError

_INSTALL_HINT = (
    "installez LibreOffice : sous Debian ou Ubuntu, "
    "« sudo apt-get install -y libreoffice-writer-nogui » ; "
    "sinon, ouvrez le .docx dans Word et enregistrez-le en PDF"
)
# LibreOffice's PDF export, PDF/A-2b (SelectPdfVersion 2: PDF/A-2b; 1 would be PDF/A-1b).
PDF_A_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
# What the XMP packet of a PDF/A-2b says of it (ISO 19005-2, 6.6.4).
PDF_A_PART = b"<pdfaid:part>2</pdfaid:part>"
PDF_A_CONFORMANCE = b"<pdfaid:conformance>B</pdfaid:conformance>"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_libreoffice() -> str:
    found = soffice()
    if found is None:
        raise ResourceError("LibreOffice est introuvable : pas de PDF possible", _INSTALL_HINT)
    return found


def docx_to_pdf(data: bytes, day: date | None = None, timeout: int = 180) -> bytes:
    """PDF bytes of a .docx, converted in a private LibreOffice profile; with ``day``,
    LibreOffice's clock stamps are replaced so that the same .docx gives the same PDF."""
    return docx_to_pdf_batch([(data, day)], jobs=1, timeout=timeout)[0]


def docx_to_pdf_batch(
    items: Sequence[tuple[bytes, date | None]], jobs: int, timeout: int = 180
) -> list[bytes]:
    """The PDF of each (.docx, day) of ``items``, in their order, converted by at most
    ``jobs`` LibreOffice processes side by side, each with its own profile used for all
    its documents. A worker that finishes no document for ``timeout`` seconds is stopped."""
    if not items:
        return []
    program = require_libreoffice()
    count = max(1, min(jobs, len(items)))
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        folder = Path(tmp)
        workers = [
            _Worker.start(program, folder / str(number), range(number, len(items), count), items)
            for number in range(count)
        ]
        _wait(workers, timeout)
        results = []
        for index, (docx, day) in enumerate(items):
            result = workers[index % count].outdir / f"{index:06d}.pdf"
            if not result.exists():
                what = f"le PDF du document {index + 1} sur {len(items)}"
                raise ResourceError(
                    f"LibreOffice n'a pas produit {what if len(items) > 1 else 'de PDF'}",
                    _INSTALL_HINT,
                )
            converted = result.read_bytes()
            if PDF_A_PART not in converted:
                raise ResourceError(
                    "LibreOffice n'a pas produit de PDF/A (il ne lit pas les options "
                    "d'export de la ligne de commande)",
                    "installez LibreOffice 7.4 ou plus récent",
                )
            if day is not None:
                converted = reproducible_pdf(converted, docx, f"{day:%Y%m%d}")
            results.append(converted)
    return results


@dataclass
class _Worker:
    """One LibreOffice converting its share of a batch, one document after the other."""

    process: subprocess.Popen[bytes]
    outdir: Path
    errors: Path
    done: int = 0  # PDFs seen so far
    since: float = field(default_factory=time.monotonic)  # when the last one was seen

    @classmethod
    def start(
        cls,
        program: str,
        folder: Path,
        share: Iterable[int],
        items: Sequence[tuple[bytes, date | None]],
    ) -> _Worker:
        sources = folder / "in"
        sources.mkdir(parents=True)
        paths = []
        for index in share:  # numbered names: the PDFs are found by the same numbers
            path = sources / f"{index:06d}.docx"
            path.write_bytes(items[index][0])
            paths.append(str(path))
        command = [
            program,
            # A private profile: two LibreOffice at once must not share (and lock) one.
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            PDF_A_FILTER,
            "--outdir",
            str(folder / "out"),
            *paths,
        ]
        errors = folder / "stderr"
        with errors.open("wb") as stderr:  # a file: a pipe nobody reads could fill up
            process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr
            )
        return cls(process, folder / "out", errors)

    def progressed(self, now: float) -> bool:
        done = len(list(self.outdir.glob("*.pdf"))) if self.outdir.is_dir() else 0
        if done == self.done:
            return False
        self.done, self.since = done, now
        return True


def _wait(workers: list[_Worker], timeout: int) -> None:
    """Wait for every worker to exit; stop them all if one makes no progress for
    ``timeout`` seconds (no new PDF, no exit after its last one)."""
    try:
        running = list(workers)
        while running:
            now = time.monotonic()
            for worker in running:
                if not worker.progressed(now) and now - worker.since > timeout:
                    raise ResourceError(f"LibreOffice n'a pas répondu en {timeout} s")
            time.sleep(0.05)
            running = [worker for worker in running if worker.process.poll() is None]
    finally:
        for worker in workers:
            if worker.process.poll() is None:
                worker.process.kill()
                worker.process.wait()
    for worker in workers:
        if worker.process.returncode != 0:
            detail = worker.errors.read_text("utf-8", "replace").strip()
            raise ResourceError(f"LibreOffice a échoué : {detail}")


_CREATED = re.compile(rb"/CreationDate\(D:\d{14}Z'\)")
_STAMPS = re.compile(
    rb"(/ID \[ ?<)([0-9A-F]{32})(>\s?<)([0-9A-F]{32})(>)|(/DocChecksum /)([0-9A-F]{32})"
)


# The dates of the XMP packet, written in UTC: « 2025-03-15T09:30:12Z ».
_XMP_DATE = re.compile(
    rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z</xmp:)"
)


def reproducible_pdf(data: bytes, docx: bytes, day: str) -> bytes:
    """The PDF LibreOffice made of ``docx``, the same bytes whenever and after whatever it
    was made: its clock stamps replaced (``stamp_dates``), its objects in one order
    (``canonical``)."""
    return canonical(stamp_dates(data, docx, day))


def stamp_dates(data: bytes, docx: bytes, day: str) -> bytes:
    """LibreOffice's clock stamps (creation dates, /ID, /DocChecksum, the date of the
    colour profile) replaced by ``day`` (AAAAMMJJ) and a fingerprint of the .docx it comes
    from. Those of the text are the same length, so the cross-reference offsets stay right;
    the colour profile is compressed, and the offsets are moved with it if its length
    changes."""
    fingerprint = hashlib.sha256(docx).hexdigest()[:32].upper().encode()
    data = _CREATED.sub(f"/CreationDate(D:{day}000000Z')".encode(), data)
    iso = f"{day[:4]}-{day[4:6]}-{day[6:]}T00:00:00".encode()
    data = _XMP_DATE.sub(lambda match: match.group(1) + iso + match.group(2), data)
    data = dated_profile(data, (int(day[:4]), int(day[4:6]), int(day[6:]), 0, 0, 0))

    def stamp(match: re.Match[bytes]) -> bytes:
        if match.group(6):
            return match.group(6) + fingerprint
        return match.group(1) + fingerprint + match.group(3) + fingerprint + match.group(5)

    return _STAMPS.sub(stamp, data)


def canonical(data: bytes) -> bytes:
    """The PDF with its objects numbered in one order whatever LibreOffice did before.

    A LibreOffice that converted other documents first numbers a document's font objects
    otherwise (its fonts, text and pages are the same): the PDF is written again by qpdf
    (through pikepdf), which numbers the objects in the order it walks them from the
    document's root, and derives the second half of /ID from the content."""
    with pikepdf.open(io.BytesIO(data)) as document:
        out = io.BytesIO()
        document.save(
            out,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.disable,
        )
    return out.getvalue()


# The output intent's colour profile, and the dictionary of a stream object.
_PROFILE = re.compile(rb"/DestOutputProfile (\d+) 0 R")
_STREAM_LENGTH = re.compile(rb"/Length (\d+)( 0 R)?")
_ICC_DATE = slice(24, 36)  # an ICC profile's creation date: six big-endian 16-bit numbers


def dated_profile(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """The PDF with the creation date of its output intent's ICC profile set to ``when``
    (year, month, day, hours, minutes, seconds). LibreOffice makes the profile at export
    time and stamps it with the clock; it is a Flate stream, compressed again here, so its
    length (and every offset after it) may change: the cross-reference table is moved
    along. A PDF without such a profile is returned as it is."""
    reference = _PROFILE.search(data)
    if reference is None:
        return data
    header = re.compile(rb"\n" + reference.group(1) + rb" 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.S)
    stream = header.search(data)
    if stream is None or b"/FlateDecode" not in stream.group(1):
        return data
    length_field = _STREAM_LENGTH.search(stream.group(1))
    if length_field is None:
        return data
    edits: list[tuple[int, int, bytes]] = []
    if length_field.group(2):  # an indirect length: « 432 0 obj 8485 endobj »
        number = re.compile(rb"\n" + length_field.group(1) + rb" 0 obj\s*(\d+)\s*endobj")
        held = number.search(data)
        if held is None:
            return data
        length, length_span = int(held.group(1)), held.span(1)
    else:
        length = int(length_field.group(1))
        start = stream.start(1) + length_field.start(1)
        length_span = (start, start + len(length_field.group(1)))
    start = stream.end()
    try:
        profile = zlib.decompress(data[start : start + length])
    except zlib.error:
        return data
    if profile[36:40] != b"acsp":  # not an ICC profile
        return data
    dated = profile[: _ICC_DATE.start] + struct.pack(">6H", *when) + profile[_ICC_DATE.stop :]
    if dated == profile:
        return data
    compressed = zlib.compress(dated, 6)  # LibreOffice's level: mostly the same length
    edits.append((start, start + length, compressed))
    edits.append((*length_span, str(len(compressed)).encode()))
    return _edited(data, edits)


_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) n")
_START_XREF = re.compile(rb"startxref\s+(\d+)")


def _edited(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """``data`` with each (start, end, replacement) of ``edits`` made, and the offsets of
    its cross-reference table (a classic one, as LibreOffice writes it) moved with them."""
    edits = sorted(edits)
    pieces, position = [], 0
    for start, end, replacement in edits:
        pieces += [data[position:start], replacement]
        position = end
    pieces.append(data[position:])
    result = b"".join(pieces)

    def moved(offset: int) -> int:
        return offset + sum(len(new) - (end - start) for start, end, new in edits if end <= offset)

    found = list(_START_XREF.finditer(result))
    if not found:
        return result
    last = found[-1]
    table = moved(int(last.group(1)))
    end = result.find(b"trailer", table)
    if not result.startswith(b"xref", table) or end < 0:
        raise ResourceError("PDF de LibreOffice illisible : pas de table des objets")
    entries = _XREF_ENTRY.sub(
        lambda m: b"%010d %s n" % (moved(int(m.group(1))), m.group(2)), result[table:end]
    )
    start_xref = last.start(1), last.end(1)
    return (
        result[:table]
        + entries
        + result[end : start_xref[0]]
        + str(table).encode()
        + result[start_xref[1] :]
    )
