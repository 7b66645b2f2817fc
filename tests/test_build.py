"""docgen build / render: file names, determinism, partial failures, hand edits, PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main
from docgen.core.progress import Progress, closing_line

from .conftest import CONTRACTS, DATA, ROOT, pdf_text, require_libreoffice

SLUGS = [
    "alaj",
    "avenir-des-cites",
    "elp",
    "la-spirale",
    "maurice-schumann",
    "presence-et-action-sociale",
    "recherche-et-action-sociales",
    "rencontres-et-loisirs",
]


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_build_writes_the_eight_conventions_with_stable_names(tmp_path: Path) -> None:
    code, output = run("build", "contracts/", "--sortie", str(tmp_path))
    assert code == 0, output
    names = sorted(p.name for p in (tmp_path / "pas-de-calais").glob("*.docx"))
    assert names == [f"pas-de-calais_{slug}_2024_convention.docx" for slug in SLUGS]
    # The deliberations of the Département are rendered too (2023-601: 2 documents, the act
    # and the projet type it annexes; 2025-045: 11, with the 8 projets d'avenant it
    # annexes), with the prefecture's JSON; the Nord's 2 conventions and its deliberation
    # (5 documents: the act, and the 2 conventions and their financial annexes it
    # annexes), Mayotte's one.
    assert "29 documents construits, 0 à jour, 0 en échec, en " in output
    assert (tmp_path / "manifest.json").exists()
    document = Document(str(tmp_path / "pas-de-calais" / names[-1]))
    assert document.core_properties.title == "Convention de partenariat – Rencontres et Loisirs"
    assert document.core_properties.author == "Département du Pas-de-Calais"


def test_same_inputs_give_byte_identical_documents(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert run("build", "contracts/", "-o", str(first))[0] == 0
    assert run("build", "contracts/", "-o", str(second))[0] == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*.docx"))
    assert len(files) == 29
    for rel in files:
        assert (first / rel).read_bytes() == (second / rel).read_bytes(), rel


@pytest.mark.slow
def test_rebuilding_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    assert run("build", "contracts/", "-o", str(tmp_path))[0] == 0
    code, output = run("build", "contracts/", "-o", str(tmp_path), "--force")
    assert code == 0
    assert output.count("inchangé : ") == 32  # 29 documents and 3 JSON
    assert "29 documents construits, 0 à jour, 0 en échec" in output


def test_build_renders_the_valid_and_reports_the_others(tmp_path: Path) -> None:
    source = tmp_path / "contracts"
    shutil.copytree(DATA / "contracts", source, ignore=shutil.ignore_patterns("broken"))
    shutil.copy(DATA / "contracts" / "broken" / "communes-sum.yaml", source / "wrong.yaml")
    code, output = run("build", str(source), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "wrong.yaml:34: communes[1].part" in output
    rendered = sorted(p.name for p in (tmp_path / "out").rglob("*.docx"))
    assert rendered == [  # avenants are rendered with their convention
        "contracts_amended_2024_convention.docx",
        "contracts_amended_2025_avenant-1.docx",
        "contracts_amended_2025_avenant-2.docx",
        "contracts_draft_2024_convention.docx",
        "contracts_valid_2024_convention.docx",
    ]


def test_a_document_edited_by_hand_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "pas-de-calais" / "pas-de-calais_elp_2024_convention.docx"
    assert run("render", "contracts/pas-de-calais/elp.yaml", "-o", str(tmp_path))[0] == 0
    target.write_bytes(target.read_bytes() + b"hand edit")
    code, output = run("render", "contracts/pas-de-calais/elp.yaml", "-o", str(tmp_path))
    assert code == 2
    assert "modifié à la main" in output and "--force" in output
    assert target.read_bytes().endswith(b"hand edit")
    code, _ = run("render", "contracts/pas-de-calais/elp.yaml", "-o", str(tmp_path), "--force")
    assert code == 0
    assert not target.read_bytes().endswith(b"hand edit")


def test_render_pdf_through_libreoffice(tmp_path: Path) -> None:
    require_libreoffice()
    code, output = run(
        "render", "contracts/pas-de-calais/la-spirale.yaml", "--pdf", "-o", str(tmp_path)
    )
    assert code == 0, output
    pdf = tmp_path / "pas-de-calais" / "pas-de-calais_la-spirale_2024_convention.pdf"
    words = pdf_text(pdf.read_bytes())
    assert "Article 14" in words and "La Spirale" in words and "Calais" in words


def test_render_pdf_without_libreoffice_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    code, output = run("render", "contracts/pas-de-calais/elp.yaml", "--pdf", "-o", str(tmp_path))
    assert code == 2
    assert "LibreOffice est introuvable" in output
    assert "apt-get install -y libreoffice-writer-nogui" in output
    assert not list(tmp_path.rglob("*.docx"))


@pytest.mark.slow
def test_every_convention_opens_in_libreoffice(tmp_path: Path) -> None:
    require_libreoffice()
    assert run("build", "contracts/", "-o", str(tmp_path))[0] == 0
    documents = sorted(str(p) for p in (tmp_path / "pas-de-calais").glob("*.docx"))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *documents,
        ],
        capture_output=True,
        check=True,
        timeout=600,
    )
    for slug in SLUGS:
        pdf = tmp_path / "pdf" / f"pas-de-calais_{slug}_2024_convention.pdf"
        words = pdf_text(pdf.read_bytes())
        headings = [f"Article {n} :" for n in range(1, 15)]
        positions = [words.find(h) for h in headings]  # split() also splits on U+00A0
        assert all(p >= 0 for p in positions), (slug, headings, positions)
        assert positions == sorted(positions), slug


def test_render_consolidated(tmp_path: Path) -> None:
    code, output = run(
        "render", str(DATA / "contracts" / "amended.yaml"), "--consolidated", "-o", str(tmp_path)
    )
    assert code == 0, output
    (path,) = tmp_path.rglob("*.docx")
    assert path.name == "contracts_amended_2025_convention-consolidee.docx"
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Version consolidée" in text and "318\u202f904,93\u00a0€" in text


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_on_a_terminal_only() -> None:
    terminal, log = _Terminal(), io.StringIO()
    for stream in (terminal, log):
        bar = Progress(3, "Rendu", enabled=True, stream=stream)
        for _ in range(3):
            bar.advance()
        bar.close()
    assert "Rendu [" in terminal.getvalue() and "3/3" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")  # erased: the output stays clean
    assert log.getvalue() == ""
    quiet = _Terminal()
    bar = Progress(3, "Rendu", enabled=False, stream=quiet)
    bar.advance(3)
    bar.close()
    assert quiet.getvalue() == ""


def test_the_closing_line_is_french() -> None:
    assert closing_line(1, 0, 0, 0.04) == "1 document construit, 0 à jour, 0 en échec, en 0,0 s"
    assert closing_line(1234, 5, 2, 12.345) == (
        "1\u202f234 documents construits, 5 à jour, 2 en échec, en 12,3 s"
    )


def test_a_build_reports_its_closing_line_last(tmp_path: Path) -> None:
    code, output = run("build", "contracts/mayotte", "-o", str(tmp_path), "-q")
    assert code == 0, output
    *_, where, closing = output.splitlines()
    assert "créé : " not in output  # --quiet: no list of files
    assert where == f"Documents dans {tmp_path}/"
    assert re.fullmatch(r"1 document construit, 0 à jour, 0 en échec, en \d+,\d s", closing)


def test_a_template_naming_an_unknown_field_is_said_once_and_its_files_not_rendered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Measured: the template's finding, then the same fault again as the file's render
    # failure, and « 2 fichiers non rendus » for one convention (the template counted).
    shutil.copytree(CONTRACTS / "mayotte", tmp_path / "contracts" / "mayotte")
    shutil.copytree(ROOT / "templates" / "mayotte", tmp_path / "templates" / "mayotte")
    (tmp_path / "docgen.toml").write_text("", "utf-8")
    template = tmp_path / "templates" / "mayotte" / "convention.docx"
    document = Document(str(template))
    document.paragraphs[3].insert_paragraph_before("Nom : {{ association.nmo }}")
    document.save(str(template))
    monkeypatch.chdir(tmp_path)
    code, output = run("build", "contracts/mayotte", "--jobs", "1")
    assert code == 1, output
    assert output.count("« nmo »") == 1  # the template's own finding, with its place
    assert "vouliez-vous dire « association.nom » ?" in output
    assert (
        "contracts/mayotte/mamoudzou-nord.yaml: documents non produits : le modèle "
        "templates/mayotte/convention.docx est en erreur (voir ce modèle)"
    ) in output
    assert "1 fichier non rendu (voir ci-dessus)" in output
    assert "0 document construit, 0 à jour, 1 en échec" in output
    assert not (tmp_path / "build").exists() or not list((tmp_path / "build").rglob("*.docx"))
