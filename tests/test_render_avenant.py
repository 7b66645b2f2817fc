"""Avenants and consolidated conventions, read back from the .docx as a user would read them."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import docx
import pytest
import yaml
from docx.table import Table

from docgen.core.context import as_mapping
from docgen.core.errors import UsageError
from docgen.core.french import amount_in_words
from docgen.core.resources import templates_dir
from docgen.kinds.avenant.consolidated import consolidation_mention
from docgen.kinds.budget import Revaluation
from docgen.kinds.common import Authorisation, Signature
from docgen.kinds.convention.model import (
    Avenant,
    Convention,
    DotationChange,
    Term,
    TermKind,
)

from . import helpers as render
from .conftest import docx_pdf_text
from .helpers import check_paths, plan_budget
from .test_render import LEFTOVERS, full_text, open_docx, paragraph_texts, styled, template_fields

ROOT = Path(__file__).resolve().parent.parent
AMENDED = ROOT / "tests" / "data" / "contracts" / "amended.yaml"
VALID = ROOT / "tests" / "data" / "contracts" / "valid.yaml"
BUDGET = ROOT / "contracts" / "pas-de-calais" / "budgets" / "2025.yaml"
NBSP, NNBSP = "\u00a0", "\u202f"
CENT = Decimal("0.01")
TITLE = (
    "Avenant n°\u00a0{} à la convention de partenariat relative à la mise en œuvre des actions "
    "de prévention spécialisée dans le Département du Pas-de-Calais"
)


def euros(value: Decimal) -> str:
    """French figures written here without docgen.format: 318 904,93 €, 15 000 €."""
    text = f"{value:,.2f}".replace(",", NNBSP).replace(".", ",").removesuffix(",00")
    return text + NBSP + "€"


def parse_euros(text: str) -> Decimal:
    figures = text.replace(NNBSP, "").replace(NBSP, "").replace("€", "").replace(",", ".")
    return Decimal(figures.replace("\u2212", "-"))


@cache
def amended() -> Convention:
    result = check_paths([AMENDED])
    assert not result.findings, result.findings
    (convention,) = result.conventions
    return convention


@cache
def amended_avenant(number: int) -> docx.document.Document:
    return open_docx(render.render_avenant(amended(), number))


@cache
def budget_revaluations() -> tuple[Revaluation, ...]:
    return plan_budget(BUDGET).revaluations


def split_table(document: docx.document.Document) -> list[list[str]]:
    """Rows of the table of shares and amounts before and after the avenant, below its header."""
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Financeur"]
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows[2:]]


def signature_rows(document: docx.document.Document) -> list[list[str]]:
    table: Table = document.tables[-1]
    return [row.cells[0].text.splitlines() for row in table.rows]


def assert_clean(document: docx.document.Document) -> None:
    text = "\n".join(paragraph_texts(document))  # body, tables, headers and footers
    for leftover in LEFTOVERS:
        assert leftover not in text, leftover
    assert "'" not in text
    assert " :" not in text and " ;" not in text and "« " not in text and " »" not in text


# --- avenant n° 1: a new dotation after a budget vote -----------------------------------------


def test_avenant_1_new_dotation() -> None:
    document = amended_avenant(1)
    text = full_text(document)
    assert styled(document, "Title") == [TITLE.format(1)]
    assert "Service de Prévention Spécialisée «\u202fService d’essai\u202f»" in text
    assert f"Objet{NBSP}: Dotation 2025" in text
    header = document.sections[0].header.paragraphs[0].text
    assert header.startswith("Avenant n°\u00a01 à la convention de prévention spécialisée")
    authorised = "dûment habilité par délibération de la Commission permanente en date du "
    assert authorised + "3 février 2025," in text
    assert "Présidente, dûment habilitée par délibération du conseil d’administration" in text

    body = [p.text for p in document.paragraphs]
    visas = [p for p in body if p.startswith("Vu ")]
    assert visas == [
        f"Vu la convention de partenariat signée le 15 janvier 2024{NNBSP};",
        "Vu la délibération de la Commission permanente n°\u00a02025-045 du 3 février 2025 "
        f"autorisant la signature du présent avenant{NNBSP};",
    ]
    assert f"Il est convenu ce qui suit{NBSP}:" in body
    assert styled(document, "Heading 1") == [
        f"Article 1{NBSP}: Dotation globale de l’exercice 2025",
        f"Article 2{NBSP}: Autres dispositions",
        f"Article 3{NBSP}: Prise d’effet",
    ]

    new, old = Decimal("318904.93"), Decimal("312345.67")
    assert f"L’article 8.1 est modifié comme suit{NBSP}:" in body
    assert (
        f"«{NNBSP}Pour l’exercice 2025, la dotation globale s’élève à trois cent dix-huit mille "
        "neuf cent quatre euros et quatre-vingt-treize centimes (318\u202f904,93\u00a0€)"
    ) in text
    assert euros(new) == "318\u202f904,93\u00a0€"
    assert (
        f"La dotation globale passe ainsi de {euros(old)} pour l’exercice 2024 à {euros(new)} "
        f"pour l’exercice 2025, soit une augmentation de {euros(new - old)}."
    ) in body
    assert euros(new - old) == "6\u202f559,26\u00a0€"
    assert f"2,1{NBSP}%" in text
    assert "taux d’évolution de 2,1\u00a0% voté par l’Assemblée départementale" in text
    assert "sans mesure nouvelle." in text

    # The quotation ends on the last commune's line; the split adds up to the cent.
    lines = styled(document, "List Bullet 3")
    assert lines[-1] == f"Commune d’Achicourt{NBSP}: 2,5{NBSP}%, soit 7\u202f972,62\u00a0€.{NNBSP}»"
    rows = split_table(document)
    assert [row[0] for row in rows] == [
        "Département",
        "Communes",
        "dont Commune d’Arras",
        "dont Commune d’Achicourt",
        "Dotation globale",
    ]
    assert rows[-1][1:] == [
        f"100{NBSP}%",
        euros(old),
        f"100{NBSP}%",
        euros(new),
        "+" + euros(new - old),
    ]
    after = [parse_euros(row[4]) for row in rows]
    assert after[0] + after[1] == after[-1] == new
    assert after[2] + after[3] == after[1]
    for row, share in zip(rows, [95, 5, Decimal("2.5"), Decimal("2.5"), 100], strict=True):
        assert abs(parse_euros(row[4]) - new * share / 100) < CENT
        assert parse_euros(row[5]) == parse_euros(row[4]) - parse_euros(row[2])

    assert "Les autres dispositions de la convention demeurent inchangées." in body
    assert (
        "Le présent avenant prend effet à la date de sa signature, le 20 février 2025. Ses "
        "dispositions financières s’appliquent à l’exercice 2025."
    ) in body
    assert f"Fait à Arras, le 20 février 2025, en {render.BLANK} exemplaires originaux." in body
    parties = signature_rows(document)
    assert len(parties) == 2 + len(amended().communes) == 4
    assert parties[0][:2] == ["Pour le Département du Pas-de-Calais", "Le Président"]
    assert [p[0] for p in parties[2:]] == ["Pour la Commune d’Arras", "Pour la Commune d’Achicourt"]
    assert_clean(document)


# --- avenant n° 2: a third commune, new shares, a new team -------------------------------------


def test_avenant_2_new_commune_and_team() -> None:
    document = amended_avenant(2)
    text = full_text(document)
    body = [p.text for p in document.paragraphs]
    assert styled(document, "Title") == [TITLE.format(2)]
    assert f"Vu l’avenant n°{NBSP}1 signé le 20 février 2025{NNBSP};" in body
    assert [p for p in body if p.startswith("Vu ")][-1].startswith(
        "Vu la délibération de la Commission permanente n°\u00a02025-301 du 2 juin 2025"
    )
    assert (
        "La Commune de Beaurains, représentée par Madame Rose ESSAI, Maire, dûment habilitée par "
        f"délibération du conseil municipal en date du {render.BLANK},"
    ) in body
    assert f"ci-après désignée par «{NNBSP}la Commune de Beaurains{NNBSP}»," in body
    assert styled(document, "Heading 1") == [
        f"Article 1{NBSP}: Communes partenaires et répartition de leur participation",
        f"Article 2{NBSP}: Composition de l’équipe",
        f"Article 3{NBSP}: Autres dispositions",
        f"Article 4{NBSP}: Prise d’effet",
    ]
    assert "La commune de Beaurains devient partie à la convention." in body
    assert "Achicourt et Beaurains, notamment dans le quartier Baudimont." in text

    # New shares and amounts, recomputed here from the YAML.
    data = yaml.safe_load(AMENDED.read_text(encoding="utf-8"))
    dotation = Decimal(str(data["avenants"][0]["modifications"]["dotation"]["montant"]))
    communes = data["avenants"][1]["modifications"]["communes"]
    shares = {c["nom"]: Decimal(str(c["part"])) for c in communes}
    assert shares == {"Arras": 2, "Achicourt": Decimal("1.5"), "Beaurains": Decimal("1.5")}
    part_line = next(li for li in styled(document, "List Bullet 2") if "Communes" in li)
    part = parse_euros(re.search(r"soit (.*?), dont", part_line).group(1))  # type: ignore[union-attr]
    assert part_line.startswith(f"«{NNBSP}Communes{NBSP}: 5{NBSP}%")
    assert abs(part - dotation * sum(shares.values()) / 100) < CENT
    lines = styled(document, "List Bullet 3")
    line_pattern = re.compile(
        r"Commune (?:d’|de )(\S+)\xa0: ([\d,]+)\xa0%, soit ([\d\u202f,]+\xa0€)"
    )
    amounts = []
    for line, (name, share) in zip(lines, shares.items(), strict=True):
        match = line_pattern.match(line)
        assert match, line
        assert match.group(1) == name
        assert Decimal(match.group(2).replace(",", ".")) == share
        amounts.append(parse_euros(match.group(3)))
        assert abs(amounts[-1] - dotation * share / 100) < CENT
    assert sum(amounts) == part
    assert [line.split(", soit")[0].split(NBSP + ": ")[1] for line in lines] == [
        f"2{NBSP}%",
        f"1,5{NBSP}%",
        f"1,5{NBSP}%",
    ]

    rows = split_table(document)
    beaurains = next(row for row in rows if row[0] == "dont Commune de Beaurains")
    assert beaurains[1:3] == ["—", "—"] and beaurains[3] == f"1,5{NBSP}%"
    assert beaurains[5] == "+" + euros(amounts[2])
    arras = next(row for row in rows if row[0] == "dont Commune d’Arras")
    assert arras[1] == f"2,5{NBSP}%" and arras[3] == f"2{NBSP}%"

    assert f"L’article 2 est modifié comme suit{NBSP}:" in body
    team = styled(document, "List Bullet 2")
    assert f"4,5{NBSP}ETP de travailleurs sociaux{NNBSP};" in team
    assert f"soit 6{NBSP}ETP au total.{NNBSP}»" in body
    assert f"L’effectif total passe ainsi de 5,83{NBSP}ETP à 6{NBSP}ETP." in body

    parties = signature_rows(document)
    assert len(parties) == 5
    assert parties[-1][:2] == ["Pour la Commune de Beaurains", "La Maire"]
    assert parties[-1][-1] == "Rose ESSAI"
    assert_clean(document)


def test_avenant_changing_everything_with_draft_values() -> None:
    """Communes, dotation and term in one avenant: articles in order, one split table."""
    convention = amended()
    arras, achicourt, _ = convention.avenants[1].communes or ()
    third = Avenant(
        number=3,
        subject="Départ de Beaurains, dotation 2026 et durée ferme",
        authorisation=Authorisation("Conseil départemental", None, None),
        signature=Signature("Arras", None, None),
        dotation=DotationChange(2026, Decimal("300000")),
        communes=(
            dataclasses.replace(arras, share=Decimal("2.5")),
            dataclasses.replace(
                achicourt, share=Decimal("2.5"), council_resolution=date(2026, 1, 5)
            ),
        ),
        term=Term(date(2026, 1, 1), TermKind.FIXED, years=3, notice_months=3),
    )
    amended3 = dataclasses.replace(convention, avenants=(*convention.avenants, third))
    document = open_docx(render.render_avenant(amended3, 3))
    body = [p.text for p in document.paragraphs]
    assert [h.split(NBSP + ":")[0] for h in styled(document, "Heading 1")] == [
        f"Article {n}" for n in range(1, 6)
    ]
    assert "La commune de Beaurains cesse d’être partie à la convention." in body
    assert "La répartition qui en résulte est fixée à l’article 2." in body
    assert f"Vu l’avenant n°{NBSP}2 signé le 16 juin 2025{NNBSP};" in body
    assert (
        f"Vu la délibération du Conseil départemental n°{NBSP}{render.BLANK} du {render.BLANK} "
        f"autorisant la signature du présent avenant{NNBSP};"
    ) in body
    assert "dûment habilitée par délibération du conseil municipal en date du 5 janvier 2026" in (
        full_text(document)
    )
    rows = split_table(document)
    assert next(r for r in rows if "Beaurains" in r[0])[3:5] == ["—", "—"]
    assert "soit une diminution de 18\u202f904,93\u00a0€." in full_text(document)
    assert not [p for p in body if p.startswith("Ce montant")]
    assert (
        "pour une durée de 3 ans à compter du 1er janvier 2026, soit jusqu’au 31 décembre 2028"
        in (full_text(document))
    )
    assert f"L’article 10 est remplacé par les dispositions suivantes{NBSP}:" in body
    assert (
        "Le présent avenant prend effet à la date de sa signature par l’ensemble des parties."
        in (" ".join(body))
    )
    assert f"Fait à Arras, le {render.BLANK}, en {render.BLANK} exemplaires originaux." in body
    assert len(signature_rows(document)) == 4
    assert_clean(document)


def test_unknown_avenant_number_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="n'a pas d'avenant n° 3"):
        render.render_avenant(amended(), 3)
    with pytest.raises(UsageError) as error:
        render.avenant_context(check_paths([VALID]).conventions[0], 1)
    assert error.value.hint == "elle n'a encore aucun avenant"


# --- the budget avenants of the Pas-de-Calais ---------------------------------------------------


def test_every_pas_de_calais_service_gets_a_budget_avenant() -> None:
    assert len(budget_revaluations()) == 8


@pytest.mark.parametrize("index", range(8))
def test_pas_de_calais_budget_avenant(index: int) -> None:
    revaluation = budget_revaluations()[index]
    convention = dataclasses.replace(
        revaluation.convention, avenants=(*revaluation.convention.avenants, revaluation.avenant)
    )
    document = open_docx(render.render_avenant(convention, revaluation.avenant.number))
    text = full_text(document)
    data = yaml.safe_load(convention.source.read_text(encoding="utf-8"))
    previous = Decimal(str(data["financement"]["dotation"]))
    measures = Decimal(15000) if convention.slug == "rencontres-et-loisirs" else Decimal(0)
    new = (previous * Decimal("1.021")).quantize(CENT, rounding=ROUND_HALF_UP) + measures

    assert styled(document, "Title") == [TITLE.format(1)]
    assert f"Objet{NBSP}: Dotation 2025 après le vote du budget primitif" in text
    assert f"s’élève à {amount_in_words(new)} ({euros(new)})" in text
    assert f"de {euros(previous)} pour l’exercice 2024 à {euros(new)} pour l’exercice 2025" in text
    assert f"soit une augmentation de {euros(new - previous)}." in text
    assert f"Ce montant résulte du vote du budget BP-2025{NBSP}:" in text
    assert f"taux d’évolution de 2,1{NBSP}%" in text
    if measures:
        assert f"puis augmentée des mesures nouvelles de {euros(measures)}." in text
    else:
        assert "sans mesure nouvelle." in text
    rows = split_table(document)
    assert rows[-1][0] == "Dotation globale" and rows[-1][2] == euros(previous)
    assert rows[-1][4] == euros(new)
    parties = 2 + len(convention.communes)
    assert len(signature_rows(document)) == parties
    assert f"le 24 février 2025, en {parties} exemplaires originaux." in text
    assert_clean(document)


# --- the consolidated convention ----------------------------------------------------------------


def test_consolidated_convention_is_the_text_in_force() -> None:
    document = open_docx(render.render_consolidated(amended()))
    text = full_text(document)
    body = [p.text for p in document.paragraphs]
    assert styled(document, "Title") == ["CONVENTION"]
    mention = body[body.index("CONVENTION") + 1].splitlines()
    assert mention == [
        f"Version consolidée intégrant les avenants n°{NBSP}1 et 2",
        f"Avenant n°{NBSP}1 signé le 20 février 2025{NBSP}: Dotation 2025",
        f"Avenant n°{NBSP}2 signé le 16 juin 2025{NBSP}: Arrivée de la commune de Beaurains et "
        "nouvelle équipe",
    ]
    header = document.sections[0].header.paragraphs[0].text
    assert header.endswith("«\u202fService d’essai\u202f» (version consolidée)")
    assert "(318\u202f904,93\u00a0€), soit 302\u202f959,68\u00a0€ pour le Département" in text
    assert "312\u202f345,67" not in text
    communes = [li for li in styled(document, "List Bullet 2") if li.startswith("Commune")]
    assert [li.split(NBSP + ":")[0] for li in communes] == [
        "Commune d’Arras",
        "Commune d’Achicourt",
        "Commune de Beaurains",
    ]
    assert f"Commune d’Arras{NBSP}: 2{NBSP}%, soit 6\u202f378,10\u00a0€{NNBSP};" in communes
    assert f"4,5{NBSP}ETP de travailleurs sociaux{NNBSP};" in styled(document, "List Bullet")
    assert "agent d’entretien" not in text  # the team of avenant n° 2 has none
    assert len(signature_rows(document)) == 5
    assert_clean(document)


def test_consolidation_mention() -> None:
    first, second = amended().avenants
    third = dataclasses.replace(second, number=3)
    assert consolidation_mention(()) == ""
    assert consolidation_mention((first,)) == "Version consolidée intégrant l’avenant n° 1"
    assert consolidation_mention((first, second, third)).endswith("les avenants n° 1 à 3")
    one = open_docx(render.render_consolidated(dataclasses.replace(amended(), avenants=(first,))))
    assert f"Version consolidée intégrant l’avenant n°{NBSP}1" in full_text(one)
    assert f"3,83{NBSP}ETP de travailleurs sociaux{NNBSP};" in styled(one, "List Bullet")


def test_plain_convention_has_no_consolidation_mention() -> None:
    signed = full_text(open_docx(render.render_convention(amended())))
    assert "ersion consolidée" not in signed and "Avenant n°" not in signed
    assert "(312\u202f345,67\u00a0€)" in signed
    valid = check_paths([VALID]).conventions[0]
    assert not valid.avenants
    plain = full_text(open_docx(render.render_convention(valid)))
    assert full_text(open_docx(render.render_consolidated(valid))) == plain
    assert "ersion consolidée" not in plain


# --- the template --------------------------------------------------------------------------------


def test_avenant_fields_document_the_template() -> None:
    assert template_fields(templates_dir() / "avenant.docx") <= set(render.AVENANT_FIELDS)
    context = as_mapping(render.avenant_context(amended(), 1))
    top = {name.split(".")[0].split("[")[0] for name in render.AVENANT_FIELDS}
    assert top == set(context)


# --- as a user sees it ---------------------------------------------------------------------------


def test_libreoffice_prints_the_avenant() -> None:
    text = docx_pdf_text(render.render_avenant(amended(), 2))
    assert "Avenant n° 2 à la convention de partenariat" in text.replace(NBSP, " ")
    assert "Vu l’avenant n° 1 signé le 20 février 2025" in text.replace(NBSP, " ")
    assert "Commune de Beaurains" in text
    assert "Les autres dispositions de la convention demeurent inchangées." in text
    assert "Page 1/" in text
