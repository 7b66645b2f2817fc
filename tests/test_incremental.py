"""Incremental builds: only what changed is rebuilt; the rest is « à jour » and not read.

Each test builds a copy of the repository's contracts and templates (the three
Départements: 29 documents), changes one thing, builds again, and reads which documents
the second build wrote (the « créé / mis à jour / inchangé » lines name every document
rendered) and its closing line.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core import incremental
from docgen.core.digest_cache import CACHE_NAME

from .conftest import ROOT

ALL = 29  # Word documents of the three Départements (see test_build)
RENDERED = re.compile(r"^(?:créé|mis à jour|inchangé) : (\S+)", re.M)
CLOSING = re.compile(r"^(\d+) documents? construits?, (\d+) à jour, (\d+) en échec, en \d+,\d s$")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*args: str) -> tuple[int, str, list[str], tuple[int, int, int]]:
    """Exit code, output, the documents rendered (.docx, under build/), closing counts."""
    result = CliRunner().invoke(main, ["build", "--jobs", "1", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    closing = CLOSING.match(result.output.splitlines()[-1])
    assert closing, result.output
    rendered = sorted(p for p in RENDERED.findall(result.output) if p.endswith(".docx"))
    counts = (int(closing[1]), int(closing[2]), int(closing[3]))
    return result.exit_code, result.output, rendered, counts


def manifest(repo: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((repo / "build" / "manifest.json").read_text(encoding="utf-8"))


def texts(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def test_a_rebuild_with_nothing_changed_renders_nothing(repo: Path) -> None:
    code, _, rendered, counts = build()
    assert code == 0 and len(rendered) == ALL and counts == (ALL, 0, 0)
    before = {p: p.read_bytes() for p in (repo / "build").rglob("*.docx")}
    code, output, rendered, counts = build()
    assert code == 0, output
    assert rendered == [] and counts == (0, ALL, 0)
    assert "0 document construit, 29 à jour, 0 en échec" in output
    assert {p: p.read_bytes() for p in (repo / "build").rglob("*.docx")} == before


def test_the_manifest_records_origin_and_inputs_of_each_document(repo: Path) -> None:
    build()
    files = manifest(repo)["files"]
    entry = files["pas-de-calais/pas-de-calais_alaj_2024_convention.docx"]
    assert entry["origin"] == "contracts/pas-de-calais/alaj.yaml"
    assert re.fullmatch(r"[0-9a-f]{64}", entry["inputs"])
    record = manifest(repo)["sources"]["contracts/pas-de-calais/alaj.yaml|standard"]
    assert record["inputs"] == entry["inputs"]
    read = record["read"]
    # What its check read: itself, its Département's file, the templates it is filled from.
    assert "file:contracts/pas-de-calais/alaj.yaml" in read
    assert "file:contracts/pas-de-calais/departement.yaml" in read
    assert any(k.startswith("template:") and k.endswith("convention.docx") for k in read)
    # The deliberation 2025-045 cites the budget vote and every convention it annexes.
    deliberation = manifest(repo)["sources"][
        "contracts/pas-de-calais/deliberations/2025-045.yaml|standard"
    ]["read"]
    assert "file:contracts/pas-de-calais/budgets/2025.yaml" in deliberation
    assert "file:contracts/pas-de-calais/alaj.yaml" in deliberation


def test_editing_a_contract_rebuilds_it_and_what_cites_it(repo: Path) -> None:
    build()
    mayotte = repo / "contracts" / "mayotte" / "mamoudzou-nord.yaml"
    mayotte.write_bytes(mayotte.read_bytes() + b"\n# relu\n")
    _, _, rendered, counts = build()
    assert rendered == ["build/mayotte/mayotte_mamoudzou-nord_2025_convention.docx"]
    assert counts == (1, ALL - 1, 0)


def test_editing_a_convention_rebuilds_the_deliberations_that_cite_it(repo: Path) -> None:
    build()
    sources = {f"build/{n}": e.get("origin") for n, e in manifest(repo)["files"].items()}
    alaj = repo / "contracts" / "pas-de-calais" / "alaj.yaml"
    alaj.write_text(alaj.read_text("utf-8").replace("Arras", "Lens", 1), "utf-8")
    _, _, rendered, counts = build()
    origins = {sources[name] for name in rendered}
    assert origins == {
        "contracts/pas-de-calais/alaj.yaml",
        "contracts/pas-de-calais/deliberations/2023-601.yaml",
        "contracts/pas-de-calais/deliberations/2025-045.yaml",
    }
    assert counts == (len(rendered), ALL - len(rendered), 0)


def test_changing_a_template_rebuilds_exactly_the_documents_that_use_it(repo: Path) -> None:
    build()
    users = sorted(
        f"build/{name}"
        for name, entry in manifest(repo)["files"].items()
        if entry.get("template") == "templates/nord/calpae.docx"
    )
    # The convention, and the same convention annexed to the deliberation that approves it.
    assert users == [
        "build/nord/deliberations/310724/310724_annexe-1_convention_calpae-2022.docx",
        "build/nord/nord_calpae-2022_2022_convention.docx",
    ]
    # A deliberation's documents are rendered together: all of its own come again.
    together = sorted(
        f"build/{name}"
        for name in manifest(repo)["files"]
        if name.startswith("nord/deliberations/") and name.endswith(".docx")
    )
    template = repo / "templates" / "nord" / "calpae.docx"
    before = {name: (repo / name).read_bytes() for name in together}
    template.write_bytes(_replaced(template.read_bytes(), "Entre</w:t>", "Entre nous</w:t>"))
    _, output, rendered, counts = build()
    assert rendered == sorted({*users, *together}), output
    assert counts == (1 + len(together), ALL - 1 - len(together), 0)
    assert all("Entre nous" in texts(repo / user) for user in users)
    changed = [name for name in together if (repo / name).read_bytes() != before[name]]
    assert changed == [u for u in users if u in together]


def test_changing_a_departement_file_rebuilds_that_departement_only(repo: Path) -> None:
    build()
    nord = {f"build/{n}" for n in manifest(repo)["files"] if n.startswith("nord/")}
    nord_docx = sorted(n for n in nord if n.endswith(".docx"))
    departement = repo / "contracts" / "nord" / "departement.yaml"
    departement.write_bytes(departement.read_bytes() + b"\n# relu\n")
    _, _, rendered, counts = build()
    assert rendered == nord_docx
    assert counts == (len(nord_docx), ALL - len(nord_docx), 0)


def test_a_document_whose_contract_is_gone_is_an_orphan_and_stays(repo: Path) -> None:
    build()
    (repo / "contracts" / "mayotte" / "mamoudzou-nord.yaml").unlink()
    document = repo / "build" / "mayotte" / "mayotte_mamoudzou-nord_2025_convention.docx"
    code, output, rendered, counts = build()
    assert code == 0, output
    assert rendered == [] and counts == (0, ALL - 1, 0)
    assert (
        "orphelin : build/mayotte/mayotte_mamoudzou-nord_2025_convention.docx (son fichier "
        "contracts/mayotte/mamoudzou-nord.yaml n'existe plus ; le document est conservé)"
    ) in output
    assert document.exists()
    document.unlink()  # deleted by the user: no longer reported
    _, output, _, _ = build()
    assert "orphelin" not in output


def test_force_rebuilds_everything(repo: Path) -> None:
    build()
    _, output, rendered, counts = build("--force")
    assert len(rendered) == ALL and counts == (ALL, 0, 0)
    assert output.count("inchangé : ") == 32  # the same bytes: not rewritten


def test_a_document_edited_by_hand_is_not_up_to_date(repo: Path) -> None:
    build()
    document = repo / "build" / "mayotte" / "mayotte_mamoudzou-nord_2025_convention.docx"
    document.write_bytes(b"edited")
    refused = CliRunner().invoke(main, ["build", "--jobs", "1"])
    assert refused.exit_code == 2  # rendered again, then refused: a hand edit needs --force
    assert "modifié à la main" in refused.output
    # Named from the repository, as every other message names a file.
    assert "Le fichier build/mayotte/mayotte_mamoudzou-nord_2025_convention.docx" in refused.output
    _, _, rendered, _ = build("--force")
    assert "build/mayotte/mayotte_mamoudzou-nord_2025_convention.docx" in rendered
    assert texts(document)


def test_a_deleted_document_is_rebuilt(repo: Path) -> None:
    build()
    document = repo / "build" / "mayotte" / "mayotte_mamoudzou-nord_2025_convention.docx"
    document.unlink()
    _, _, rendered, counts = build()
    assert rendered == ["build/mayotte/mayotte_mamoudzou-nord_2025_convention.docx"]
    assert counts == (1, ALL - 1, 0)


def test_warnings_of_an_up_to_date_file_are_reported_again(repo: Path) -> None:
    alaj = repo / "contracts" / "pas-de-calais" / "alaj.yaml"
    alaj.write_text(alaj.read_text("utf-8").replace('insee: "62318"', 'insee: "59318"'), "utf-8")
    misnamed = repo / "templates" / "pas-de-calais" / "convnetion.docx"
    misnamed.parent.mkdir()
    shutil.copy(repo / "templates" / "mayotte" / "convention.docx", misnamed)
    code, first, _, _ = build()
    assert code == 0
    warnings = sorted(line for line in first.splitlines() if "(avertissement)" in line)
    assert any("[commune-departement]" in w for w in warnings), first
    assert any("[template-name]" in w for w in warnings), first
    code, again, rendered, counts = build()
    assert code == 0 and rendered == [] and counts == (0, ALL, 0)
    assert sorted(line for line in again.splitlines() if "(avertissement)" in line) == warnings


def test_a_file_in_error_is_checked_again_and_counted_failed(repo: Path) -> None:
    build()
    alaj = repo / "contracts" / "pas-de-calais" / "alaj.yaml"
    alaj.write_text(alaj.read_text("utf-8").replace('insee: "62318"', "insee: 62318x"), "utf-8")
    for _ in range(2):
        code, output, _, counts = build()
        assert code == 1
        assert "alaj.yaml" in output
        assert counts[2] >= 1


def test_other_options_are_recorded_apart(repo: Path) -> None:
    build()

    def render(*args: str) -> str:
        result = CliRunner().invoke(
            main, ["render", "contracts/mayotte/mamoudzou-nord.yaml", *args]
        )
        assert result.exit_code == 0, result.output
        return result.output.splitlines()[-1]

    assert render().startswith("0 document construit, 1 à jour")
    # The text in force is made with other options: built, and then recorded apart.
    assert render("--consolidee").startswith("1 document construit, 0 à jour")
    assert render("--consolidee").startswith("0 document construit, 1 à jour")
    assert render().startswith("0 document construit, 1 à jour")


def test_records_of_another_docgen_version_are_not_trusted(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build()
    monkeypatch.setattr(incremental, "docgen_version", lambda: "99.0")
    _, _, rendered, counts = build()
    assert len(rendered) == ALL and counts == (ALL, 0, 0)


def _replaced(data: bytes, old: str, new: str) -> bytes:
    """A .docx with ``old`` replaced by ``new`` in its body, once."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info)
            if info.filename == "word/document.xml":
                text = content.decode("utf-8")
                assert old in text
                content = text.replace(old, new, 1).encode("utf-8")
            zout.writestr(info, content)
    return out.getvalue()


def _same_size_same_date(path: Path, data: bytes) -> None:
    """Rewrite ``path`` with ``data`` (of its size), its modification date put back."""
    before = path.stat()
    assert len(data) == before.st_size
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns


def _cached(repo: Path) -> dict[str, list[object]]:
    content = json.loads((repo / ".docgen" / CACHE_NAME).read_text("utf-8"))
    return content["files"]  # type: ignore[no-any-return]


def test_a_contract_rewritten_with_its_size_and_date_is_rebuilt(repo: Path) -> None:
    build()
    build()  # nothing to do: the digests of the files it stats are kept with their stat
    mayotte = repo / "contracts" / "mayotte" / "mamoudzou-nord.yaml"
    assert str(mayotte.resolve()) in _cached(repo)
    data = mayotte.read_bytes()
    _same_size_same_date(mayotte, data.replace(b"rue du Commerce", b"rue du Marchand", 1))
    _, _, rendered, counts = build()
    assert rendered == ["build/mayotte/mayotte_mamoudzou-nord_2025_convention.docx"]
    assert counts == (1, ALL - 1, 0)
    document = repo / "build" / "mayotte" / "mayotte_mamoudzou-nord_2025_convention.docx"
    assert "rue du Marchand" in texts(document)


def test_a_document_rewritten_with_its_size_and_date_is_not_up_to_date(repo: Path) -> None:
    build()
    build()
    document = repo / "build" / "mayotte" / "mayotte_mamoudzou-nord_2025_convention.docx"
    assert str(document.resolve()) in _cached(repo)
    data = document.read_bytes()
    _same_size_same_date(document, data[:-1] + bytes([data[-1] ^ 1]))
    refused = CliRunner().invoke(main, ["build", "--jobs", "1"])
    assert refused.exit_code == 2, refused.output  # rendered again: a hand edit is refused
    assert "modifié à la main" in refused.output


def test_a_document_deleted_after_a_build_with_nothing_to_do_is_rebuilt(repo: Path) -> None:
    build()
    build()
    document = repo / "build" / "mayotte" / "mayotte_mamoudzou-nord_2025_convention.docx"
    document.unlink()
    _, _, rendered, counts = build()
    assert rendered == ["build/mayotte/mayotte_mamoudzou-nord_2025_convention.docx"]
    assert counts == (1, ALL - 1, 0)


NO_OP = """
import sys
from docgen.cli import main
try:
    main(["build", "--quiet"], prog_name="docgen")
except SystemExit as stop:
    code = stop.code
heavy = ("jinja2", "docxtpl", "docx", "lxml", "jsonschema", "fastjsonschema", "num2words",
         "yaml", "pikepdf", "docgen.core.workspace", "docgen.core.engine", "docgen.registry")
print(code, sorted(name for name in heavy if name in sys.modules))
"""


def test_a_build_with_nothing_to_do_imports_nothing_that_reads_or_renders(repo: Path) -> None:
    build()
    done = subprocess.run(
        [sys.executable, "-c", NO_OP], cwd=repo, capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[-2].startswith(f"0 document construit, {ALL} à jour, 0 en échec"), lines
    assert lines[-1] == "0 []", done.stdout + done.stderr


def test_a_build_that_checks_a_file_imports_what_it_needs(repo: Path) -> None:
    build()
    mayotte = repo / "contracts" / "mayotte" / "mamoudzou-nord.yaml"
    mayotte.write_bytes(mayotte.read_bytes() + b"\n# relu\n")
    done = subprocess.run(
        [sys.executable, "-c", NO_OP], cwd=repo, capture_output=True, text=True, check=True
    )
    assert "1 document construit" in done.stdout, done.stdout + done.stderr
    assert "'docxtpl'" in done.stdout.splitlines()[-1] and "'yaml'" in done.stdout
