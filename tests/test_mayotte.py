"""A third Département of another shape, made with « docgen init », YAML and a template
typed in LibreOffice Writer (templates/mayotte/convention.docx): nothing of it is in
docgen's code. Each test names the point of « Any Département, its own texts » it shows.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest

from docgen.commands.build import build
from docgen.commands.check import check

from .conftest import CONTRACTS, ROOT

MAYOTTE = CONTRACTS / "mayotte"
NBSP, NNBSP = "\u00a0", "\u202f"


def paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in docx.Document(str(path)).paragraphs]


@pytest.fixture(scope="module")
def convention(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, str]]:
    out = tmp_path_factory.mktemp("mayotte")
    result = build([MAYOTTE], out)
    assert result.findings == [] and result.produced == 1
    (written,) = result.written
    assert written.template == "templates/mayotte/convention.docx"
    return paragraphs(written.path)


def text(convention: list[tuple[str, str]]) -> str:
    return "\n".join(t for _, t in convention).replace(NNBSP, " ").replace(NBSP, " ")


def test_nothing_of_it_is_in_docgen() -> None:
    for path in (ROOT / "docgen").rglob("*"):
        if path.is_file() and path.suffix in (".py", ".json", ".toml"):
            content = path.read_text(encoding="utf-8").lower()
            assert "mayotte" not in content and "mamoudzou" not in content, path


def test_seven_articles_of_its_own_template(convention: list[tuple[str, str]]) -> None:
    articles = [t for style, t in convention if style == "Heading 1" and t.startswith("Article")]
    assert [a.split(NBSP)[0] for a in articles] == [f"Article {n}" for n in range(1, 8)]


def test_a_departement_that_takes_de(convention: list[tuple[str, str]]) -> None:  # point 1
    assert "le Département de Mayotte, représenté par" in text(convention)
    assert "tribunal administratif de Mayotte" in text(convention)


def test_grammar_from_civility(convention: list[tuple[str, str]]) -> None:  # point 5
    body = text(convention)
    assert "Madame Zaïna EXEMPLE, Présidente du Conseil départemental, dûment autorisée" in body
    assert "représentée par sa Présidente, Madame Anli EXEMPLE, dûment habilitée" in body
    assert "représentée par son Maire, Monsieur Saïd EXEMPLE, dûment autorisé" in body
    assert "autorisant la Présidente du Conseil départemental à signer" in body


def test_its_own_visas_after_the_departements(convention: list[tuple[str, str]]) -> None:  # 2
    visas = [t for _, t in convention if t.startswith("Vu ")]
    assert visas[0].startswith("Vu le code général des collectivités territoriales")
    assert "convention pluriannuelle d’objectifs et de moyens 2025-2027" in visas[2]
    assert visas[-1].startswith("Vu la délibération n°")


def test_territory_districts_and_end_year(convention: list[tuple[str, str]]) -> None:  # 3
    body = text(convention)
    assert "Service de prévention spécialisée « Mamoudzou Nord » – Mamoudzou" in body
    assert "notamment dans les quartiers Kawéni et Majicavo-Koropa" in body
    assert "pour la période qui suit 2027" in body


def test_no_money_but_a_contribution_in_kind(convention: list[tuple[str, str]]) -> None:  # 7
    body = text(convention)
    assert "par la mise à disposition gratuite de locaux au 3 rue de l’École à Kawéni" in body
    assert "valorisée à neuf mille six cents euros (9 600 €) par an" in body
    assert "dotation" not in body and "%" not in body


def test_numbers_in_words_and_a_fixed_term(convention: list[tuple[str, str]]) -> None:  # 11
    body = text(convention)
    assert "pour une durée ferme de trois ans, du 1er janvier 2025 au 31 décembre 2027" in body
    assert "moyennant un préavis de trois mois" in body


def test_an_annex_of_its_own(convention: list[tuple[str, str]]) -> None:  # point 10
    assert ("Heading 1", f"Annexe 1{NBSP}: Évaluation de l’action") in convention


def test_signatories_in_the_order_its_template_writes(convention: list[tuple[str, str]]) -> None:
    signatures = [t for _, t in convention if t.startswith("Pour ")]  # point 9
    assert [s.split(",")[0] for s in signatures] == [
        "Pour le Département de Mayotte",
        "Pour l’association Jeunesse et Avenir de Mamoudzou",
        "Pour la Commune de Mamoudzou",
    ]


def test_values_required_only_where_the_template_prints_them(tmp_path: Path) -> None:  # 6
    # No seat, data-protection e-mail or split in its departement.yaml; now no INSEE code:
    # its template prints none of them.
    folder = tmp_path / "mayotte"
    shutil.copytree(MAYOTTE, folder)
    contract = folder / "mamoudzou-nord.yaml"
    contract.write_text(contract.read_text("utf-8").replace('    insee: "97611"\n', ""))
    assert check([folder]).findings == []
    # The Pas-de-Calais' template does print the INSEE-free fields it needs: with it, the
    # same convention lacks what that template prints.
    (folder / "mamoudzou-nord.yaml").rename(folder / "autre.yaml")
    shutil.rmtree(tmp_path / "templates", ignore_errors=True)
    rules = {f.rule for f in check([folder]).findings}
    assert rules <= {"template-value-missing"}


def test_a_commune_whose_name_starts_with_a_mute_h(tmp_path: Path) -> None:  # point 4
    folder = tmp_path / "pas-de-calais"
    shutil.copytree(
        CONTRACTS / "pas-de-calais",
        folder,
        ignore=shutil.ignore_patterns("budgets"),
    )
    contract = folder / "alaj.yaml"
    contract.write_text(
        contract.read_text("utf-8")
        .replace("  - nom: Étaples\n", "  - nom: Hénin-Beaumont\n    elision: true\n")
        .replace('insee: "62318"', 'insee: "62427"'),
        "utf-8",
    )
    result = build([contract], tmp_path / "out")
    assert result.findings == []
    body = "\n".join(t for _, t in paragraphs(result.written[0].path))
    assert "Commune d’Hénin-Beaumont" in body and "de Hénin" not in body
