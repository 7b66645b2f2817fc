"""Every document of the shipped repositories, the budget vote applied, is the one
recorded (scripts/golden.py): a change of the code meant to leave the documents as they
were (the pipeline, a cache, a new module) is proved to. A change meant to change them
records them again with ``python scripts/golden.py --write``, and the diff of
tests/data/golden/documents.json shows which."""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path

from .conftest import ROOT

_spec = importlib.util.spec_from_file_location("golden", ROOT / "scripts" / "golden.py")
assert _spec and _spec.loader
golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(golden)


def test_the_documents_are_those_recorded(tmp_path: Path) -> None:
    recorded = json.loads(golden.RECORD.read_text("utf-8"))
    found = golden.documents(tmp_path)
    assert len(found) == 37  # the 29 of the shipped build, and the vote's 8 avenants
    changed = sorted(k for k in found.keys() | recorded.keys() if found.get(k) != recorded.get(k))
    assert changed == [], (
        "documents différents de ceux enregistrés (python scripts/golden.py --write "
        f"s'ils doivent l'être) : {changed}"
    )


def test_a_changed_member_changes_the_digest(tmp_path: Path) -> None:
    one, other = tmp_path / "a.docx", tmp_path / "b.docx"
    for path, text in ((one, b"<w:t>352 900</w:t>"), (other, b"<w:t>352 901</w:t>")):
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", text)
    assert golden.digest(one) != golden.digest(other)
