"""Turn a .docx into PDF with LibreOffice, as a user's office suite would open it."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
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
    program = require_libreoffice()
    with tempfile.TemporaryDirectory(prefix="docgen-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        # A private profile: two conversions at once must not share (and lock) one.
        profile = (folder / "profile").as_uri()
        command = [
            program,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            raise ResourceError(f"LibreOffice n'a pas répondu en {timeout} s") from None
        except subprocess.CalledProcessError as exc:
            detail = exc.stderr.decode("utf-8", "replace").strip()
            raise ResourceError(f"LibreOffice a échoué : {detail}") from None
        result = folder / "document.pdf"
        if not result.exists():
            raise ResourceError("LibreOffice n'a pas produit de PDF", _INSTALL_HINT)
        converted = result.read_bytes()
    return converted if day is None else reproducible_pdf(converted, data, f"{day:%Y%m%d}")


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
