"""The Word template is the source of truth: reworded and extended in LibreOffice Writer,
saved, it is what docgen renders — no Python, no script to rerun.

LibreOffice is driven through its UNO bridge by ``scripts/libreoffice.py`` (Debian's
python3-uno, for the system Python), as a juriste would type: replace a sentence of an
article, add an article with the « Titre 1 » style and a paragraph holding a tag.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from docgen.commands.build import build
from docgen.commands.check import check
from docgen.core.resources import templates_dir

from .conftest import CONTRACTS, ROOT

SYSTEM_PYTHON = "/usr/bin/python3"


def require_uno() -> None:
    if shutil.which("soffice") and Path(SYSTEM_PYTHON).exists():
        probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
        if probe.returncode == 0:
            return
    if os.environ.get("DOCGEN_REQUIRE_LIBREOFFICE"):
        pytest.fail("LibreOffice or python3-uno is missing (DOCGEN_REQUIRE_LIBREOFFICE is set)")
    pytest.skip("apt-get install -y libreoffice-writer-nogui python3-uno")


def test_a_template_edited_in_libreoffice_is_what_docgen_renders(tmp_path: Path) -> None:
    require_uno()
    project = tmp_path / "depot"
    shutil.copytree(CONTRACTS / "pas-de-calais", project / "contracts" / "pas-de-calais")
    (project / "docgen.toml").write_text("", encoding="utf-8")
    edits = tmp_path / "edits.json"
    edits.write_text(
        json.dumps(
            [
                {
                    "replace": "L’association renonce, pour elle-même",
                    "by": "L’association renonce expressément, pour elle-même",
                },
                {
                    "after": "seront portés devant le tribunal administratif",
                    "style": "Heading 1",
                    "text": "Article 15 : Clause ajoutée dans LibreOffice",
                },
                {
                    "after": "Article 15 : Clause ajoutée dans LibreOffice",
                    "text": "Les parties se réunissent chaque année à {{ signature.lieu }}.",
                },
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    own = project / "templates" / "pas-de-calais" / "convention.docx"
    own.parent.mkdir(parents=True)
    script = ROOT / "scripts" / "libreoffice.py"
    default = templates_dir() / "convention.docx"
    subprocess.run(
        [SYSTEM_PYTHON, str(script), "edit", str(default), str(own), str(edits)],
        check=True,
        timeout=180,
    )
    contract = project / "contracts" / "pas-de-calais" / "alaj.yaml"
    assert check([contract]).findings == []
    result = build([contract], project / "build")
    assert result.findings == [] and result.produced == 1
    (written,) = result.written
    assert written.template is not None and "templates/pas-de-calais" in written.template
    document = docx.Document(str(written.path))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Normal", "Les parties se réunissent chaque année à Arras.") in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings[-1] == "Article 15\u00a0: Clause ajoutée dans LibreOffice"
    body = "\n".join(text for _, text in paragraphs)
    assert "L’association renonce expressément, pour elle-même" in body
