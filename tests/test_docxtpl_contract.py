"""What docgen takes from docxtpl beyond its documented API, named one by one.

The engine (docgen/core/engine/) calls docxtpl's XML preparation (patch_xml,
fix_tables) and reproduces what its render does after Jinja (resolve_listing,
render_properties, render_xml_part, fix_docpr_ids, build_xml); the template lint calls
init_docx, get_xml, get_headers_footers and get_part_xml. None of these is documented,
so pyproject.toml pins docxtpl<0.21 and this test holds the source of each as docxtpl
0.20 has it: a new docxtpl that changes one fails here, naming it, before a document
comes out different. Compare the new source with the engine's use of it, then update the
digest.
"""

from __future__ import annotations

import hashlib
import inspect

import pytest
from docxtpl import DocxTemplate

RELIED_UPON = {
    "patch_xml": "59341311e906ccb2677eed6f7877253333edcb57a86129f0040340c565895dd6",
    "fix_tables": "da467aabccf452e47567fa088649de9f6f21e04fe4ae4c2706906a352c3f7a58",
    "resolve_listing": "20441608d64f33fd8c5964aff475aa9972d071bf282c6c42b9db4be0091d7bca",
    "render_properties": "41396f7eb8af1c43d9d2c99ee19487cc764d351b58b523074198901628b312fb",
    "render_xml_part": "b762e42956e6709cb26409bb4d4bc5e0660ea28675427bca8fb667d743b6a05d",
    "fix_docpr_ids": "3a606189fb525cb9caa6c3747c695a5273b43c362ebc6d21536b20aa68408aca",
    "build_xml": "210792ef9e97b524c4527d7dcf8b93dd5b575908ae6bb27471e83c4a0ff9c362",
    "init_docx": "4d3e69a6f75ee38719f1b95be79f0eaaeeb292fa6bb27f8d085018639e135a63",
    "get_xml": "f19337a3de8a89fab23cf91cdd2525eb92e26e48c354f1bdcae0177b86b18624",
    "get_headers_footers": "76198a38d79c4b601c6725be6d01c9294c211b8c358b7b6629e8c0cde5b5bf04",
    "get_part_xml": "d954944d4375cfc5bf5ae0fb2d77094fe0561d8f969f0dafdea2aa599896eee8",
}


@pytest.mark.parametrize("name", sorted(RELIED_UPON))
def test_docxtpl_still_has_what_the_engine_relies_upon(name: str) -> None:
    function = getattr(DocxTemplate, name, None)
    assert function is not None, f"docxtpl no longer has DocxTemplate.{name}"
    digest = hashlib.sha256(inspect.getsource(function).encode()).hexdigest()
    assert digest == RELIED_UPON[name], (
        f"docxtpl changed DocxTemplate.{name}: read its new source against "
        "docgen/core/engine/ and docgen/core/lint.py before moving the pin"
    )


def test_the_header_and_footer_uris_the_lint_reads() -> None:
    assert DocxTemplate.HEADER_URI.endswith("/header")
    assert DocxTemplate.FOOTER_URI.endswith("/footer")
