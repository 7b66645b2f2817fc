"""Edit or write a Word template in LibreOffice Writer, as a juriste would, from a script.

Runs with the system Python that has LibreOffice's UNO bridge (Debian: ``python3-uno``),
not docgen's: it starts a headless LibreOffice with a private profile, drives it through
UNO, and saves in Word format (« Word 2007-365 »). Two uses:

    /usr/bin/python3 scripts/libreoffice.py edit IN.docx OUT.docx EDITS.json
        EDITS.json: [{"replace": "old text", "by": "new text"},
                     {"after": "text of a paragraph", "style": "Heading 1", "text": "…"}]
    /usr/bin/python3 scripts/libreoffice.py write OUT.docx OUTLINE.txt
        OUTLINE.txt: one paragraph per line, « Style | text » (no style: the body style)

The tests use ``edit`` to prove that a template reworded and extended in LibreOffice is
what docgen renders; the third Département's template was written with ``write``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

USAGE = """utilisation :
  /usr/bin/python3 scripts/libreoffice.py edit ENTRÉE.docx SORTIE.docx MODIFICATIONS.json
  /usr/bin/python3 scripts/libreoffice.py write SORTIE.docx PLAN.txt
(le Python du système, avec le pont UNO de LibreOffice : apt-get install python3-uno)"""

try:
    import uno  # type: ignore[import-not-found]
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
    from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]
except ImportError:
    # Run with docgen's venv Python instead of the system's: say which one, not a traceback.
    if __name__ == "__main__":
        raise SystemExit(f"ce Python n'a pas le pont UNO de LibreOffice.\n{USAGE}") from None
    raise

WORD = "MS Word 2007 XML"


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Writer:
    """A headless LibreOffice, started for one script run and closed after it."""

    def __enter__(self) -> Writer:
        self.folder = Path(tempfile.mkdtemp(prefix="docgen-lo-"))
        port = _free_port()
        program = shutil.which("soffice") or shutil.which("libreoffice")
        if program is None:
            raise SystemExit("LibreOffice est introuvable (apt-get install libreoffice-writer)")
        self.process = subprocess.Popen(
            [
                program,
                f"-env:UserInstallation={(self.folder / 'profile').as_uri()}",
                "--headless",
                "--invisible",
                "--nologo",
                "--norestore",
                f"--accept=socket,host=127.0.0.1,port={port};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                context = resolver.resolve(
                    f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
                )
                break
            except NoConnectException:
                if time.monotonic() > deadline:
                    raise SystemExit("LibreOffice n'a pas répondu en 60 s") from None
                time.sleep(0.3)
        self.desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        return self

    def open(self, path: Path | None) -> object:
        url = path.resolve().as_uri() if path else "private:factory/swriter"
        return self.desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))

    def save(self, document: object, path: Path) -> None:
        document.storeToURL(path.resolve().as_uri(), (_property("FilterName", WORD),))
        document.close(True)

    def __exit__(self, *exc: object) -> None:
        with contextlib.suppress(Exception):  # LibreOffice may already be gone
            self.desktop.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def edit(source: Path, target: Path, edits: list[dict[str, str]]) -> None:
    with Writer() as writer:
        # A copy: LibreOffice leaves a lock file beside what it opens.
        copy = writer.folder / source.name
        shutil.copyfile(source, copy)
        document = writer.open(copy)
        if document is None:
            raise SystemExit(f"LibreOffice n'a pas pu ouvrir {source}")
        try:
            for change in edits:
                if "replace" in change:
                    search = document.createReplaceDescriptor()
                    search.SearchString, search.ReplaceString = change["replace"], change["by"]
                    if document.replaceAll(search) == 0:
                        raise SystemExit(f"texte introuvable : {change['replace']!r}")
                else:
                    style, text = change.get("style", ""), change["text"]
                    _insert_after(document, change["after"], style, text)
        except BaseException:
            document.close(True)
            raise
        writer.save(document, target)


def _insert_after(document: object, anchor: str, style: str, text: str) -> None:
    search = document.createSearchDescriptor()
    search.SearchString = anchor
    found = document.findFirst(search)
    if found is None:
        raise SystemExit(f"paragraphe introuvable : {anchor!r}")
    cursor = found.getText().createTextCursorByRange(found.getEnd())
    cursor.gotoEndOfParagraph(False)
    text_object = cursor.getText()
    text_object.insertControlCharacter(cursor, 0, False)  # PARAGRAPH_BREAK
    if style:
        cursor.setPropertyValue("ParaStyleName", style)
    text_object.insertString(cursor, text, False)


def write(target: Path, outline: list[str]) -> None:
    with Writer() as writer:
        document = writer.open(None)
        text = document.getText()
        cursor = text.createTextCursor()
        first = True
        for line in outline:
            style, _, content = line.partition(" | ") if " | " in line else ("", "", line)
            if not first:
                text.insertControlCharacter(cursor, 0, False)
            first = False
            cursor.setPropertyValue("ParaStyleName", style or "Text Body")
            text.insertString(cursor, content, False)
        writer.save(document, target)


def main(argv: list[str]) -> None:
    if len(argv) == 4 and argv[0] == "edit":
        edits = json.loads(Path(argv[3]).read_text(encoding="utf-8"))
        edit(Path(argv[1]), Path(argv[2]), edits)
    elif len(argv) == 3 and argv[0] == "write":
        outline = Path(argv[2]).read_text(encoding="utf-8").splitlines()
        write(Path(argv[1]), [line for line in outline if line.strip()])
    else:
        raise SystemExit(USAGE)


if __name__ == "__main__":
    os.environ.setdefault("SAL_USE_VCLPLUGIN", "svp")
    main(sys.argv[1:])
