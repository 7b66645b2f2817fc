"""Turn .docx files into PDF with LibreOffice, as a user's office suite would open them.

Batches
-------
Starting LibreOffice is most of what a conversion costs: ~1.2 s a document when each one
gets its own ``soffice`` with a fresh profile (the profile is created at every start), of
which the conversion itself is a tenth. ``docx_to_pdf_batch`` shares the start: at most
``jobs`` workers, each one ``soffice --headless --convert-to pdf --outdir … a.docx
b.docx …`` call over its share of the documents, with a private profile created once and
used for all of them. The workers run side by side (one per core is right: a conversion
keeps a core busy), each with its own profile, as two LibreOffice instances sharing one
would lock it.

Why command lines, not a listener driven through UNO: the UNO bridge is the ``uno``
module of the system's Python (python3-uno), which a virtualenv does not see, and a
long-lived ``soffice --accept=…`` process must be started, waited for, watched and
killed by hand; one ``--convert-to`` per worker keeps the start shared with none of that,
and a LibreOffice that hangs or dies takes down one batch, not the next.

Measured on this 2-core machine (LibreOffice 7.4, the Pas-de-Calais conventions):
see ``tests/test_pdf.py::test_batch_is_faster`` and the figures quoted in the engine's
report — per document, ~1.2 s one process per document, ~0.2 s in batches of 20 with two
workers.

Reproducibility: with a document's day, LibreOffice's clock stamps are replaced
(``reproducible_pdf``) so that the same .docx gives the same PDF.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from docgen.core.errors import ResourceError

_INSTALL_HINT = (
    "installez LibreOffice : sous Debian ou Ubuntu, "
    "« sudo apt-get install -y libreoffice-writer-nogui » ; "
    "sinon, ouvrez le .docx dans Word et enregistrez-le en PDF"
)


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
    its documents. ``timeout`` is per document: a worker has ``timeout`` seconds for each
    of its documents."""
    if not items:
        return []
    program = require_libreoffice()
    workers = max(1, min(jobs, len(items)))
    shares = [list(range(worker, len(items), workers)) for worker in range(workers)]
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        folder = Path(tmp)
        running = []
        for worker, share in enumerate(shares):
            sources = folder / f"in-{worker}"
            sources.mkdir()
            paths = []
            for index in share:
                path = sources / f"{index:06d}.docx"
                path.write_bytes(items[index][0])
                paths.append(str(path))
            outdir = folder / f"out-{worker}"
            command = [
                program,
                # A private profile: two LibreOffice at once must not share (and lock) one.
                f"-env:UserInstallation={(folder / f'profile-{worker}').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(outdir),
                *paths,
            ]
            running.append(_start(command, timeout * len(share)))
        try:
            for process, deadline in running:
                _wait(process, deadline)
        finally:
            for process, _ in running:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        results = []
        for index, (docx, day) in enumerate(items):
            result = folder / f"out-{index % workers}" / f"{index:06d}.pdf"
            if not result.exists():
                what = f"le PDF du document {index + 1} sur {len(items)}"
                raise ResourceError(
                    f"LibreOffice n'a pas produit {what if len(items) > 1 else 'de PDF'}",
                    _INSTALL_HINT,
                )
            converted = result.read_bytes()
            results.append(
                converted if day is None else reproducible_pdf(converted, docx, f"{day:%Y%m%d}")
            )
    return results


def _start(command: list[str], seconds: int) -> tuple[subprocess.Popen[bytes], float]:
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return process, time.monotonic() + seconds


def _wait(process: subprocess.Popen[bytes], deadline: float) -> None:
    seconds = max(0.0, deadline - time.monotonic())
    try:
        _, stderr = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        raise ResourceError(f"LibreOffice n'a pas répondu en {round(seconds)} s") from None
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip()
        raise ResourceError(f"LibreOffice a échoué : {detail}")


_CREATED = re.compile(rb"/CreationDate\(D:\d{14}Z'\)")
_STAMPS = re.compile(
    rb"(/ID \[ ?<)([0-9A-F]{32})(>\s?<)([0-9A-F]{32})(>)|(/DocChecksum /)([0-9A-F]{32})"
)


def reproducible_pdf(data: bytes, docx: bytes, day: str) -> bytes:
    """LibreOffice's clock stamps (creation date, /ID, /DocChecksum) replaced, at the same
    length so that the cross-reference offsets stay right, by ``day`` (AAAAMMJJ) and a
    fingerprint of the .docx it comes from."""
    fingerprint = hashlib.sha256(docx).hexdigest()[:32].upper().encode()
    data = _CREATED.sub(f"/CreationDate(D:{day}000000Z')".encode(), data)

    def stamp(match: re.Match[bytes]) -> bytes:
        if match.group(6):
            return match.group(6) + fingerprint
        return match.group(1) + fingerprint + match.group(3) + fingerprint + match.group(5)

    return _STAMPS.sub(stamp, data)
