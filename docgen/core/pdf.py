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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
            results.append(
                converted if day is None else reproducible_pdf(converted, docx, f"{day:%Y%m%d}")
            )
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
            "pdf",
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
