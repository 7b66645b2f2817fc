"""Turn a .docx into PDF with LibreOffice, as a user's office suite would open it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from docgen.errors import ResourceError

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


def docx_to_pdf(data: bytes, timeout: int = 180) -> bytes:
    """PDF bytes of a .docx, converted in a private LibreOffice profile."""
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
        return result.read_bytes()
