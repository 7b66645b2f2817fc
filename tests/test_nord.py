"""The Nord's documents of seed 002, from contracts/nord/ and the Nord's own templates:
no Python is specific to the Nord. Amounts are recomputed here from the seed's figures."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from docgen.commands.build import build

from .conftest import CONTRACTS

NORD = CONTRACTS / "nord"
NNBSP, NBSP = "\u202f", "\u00a0"

# Annex 3 of seed 002 (CALPAE 2022): État and CD 59 parts by fiche.
CALPAE = {
    "Fiche 1": (0, 0),
    "Fiche 2": (87_070, 87_070),
    "Fiche 3": (52_275, 52_275),
    "Fiche 4": (134_188, 134_188),
    "Fiche 5": (8_566_045, 8_566_045),
    "Fiche 6": (400_000, 400_000),
    "Fiche 7": (775_300, 775_300),
    "Fiche 8": (1_413_456, 1_413_456),
    "Fiche 9": (760_500, 760_500),
    "Fiche 10": (1_008_970, 1_008_970),
    "Fiche 11": (0, 0),
    "Fiche 12": (0, 38_676),
    "Fiche 13": (0, 70_000),
    "Fiche 14": (0, 210_560),
}


def euros(value: int) -> str:
    return f"{value:,}".replace(",", NNBSP) + NBSP + "€"


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nord")
    result = build([NORD / "calpae-2022.yaml", NORD / "bassin-minier-2022.yaml"], out)
    assert result.findings == [] and result.produced == 2
    return out / "nord"


def test_the_calpae_states_the_amounts_of_the_seed(built: Path) -> None:
    text = text_of(built / "nord_calpae-2022_2022_convention.docx")
    state = sum(e for e, _ in CALPAE.values())
    departement = sum(d for _, d in CALPAE.values())
    assert (state, departement) == (13_197_804, 13_517_040)  # the seed's totals
    assert f"Montant{NBSP}: {euros(state)}" in text
    assert f"s’élève à un montant de {euros(state)}" in text
    assert (
        f"est de {euros(state + departement)}. Pour cette année, le soutien financier de "
        f"l’État est de {euros(state)}, et le soutien financier du Département du Nord est "
        f"de {euros(departement)}."
    ) in text
    # Article 4 lists the actions the État pays, numbered in order, with their amounts.
    actions = re.findall(r"Action (\d+)\u00a0: .*?pour un montant de ([\d\u202f]+)\u00a0€", text)
    paid = [e for e, _ in CALPAE.values() if e]
    assert [int(n) for n, _ in actions] == list(range(1, len(paid) + 1))
    assert [int(a.replace(NNBSP, "")) for _, a in actions] == paid
    assert "L’État, représenté par M. Georges-François LECLERC" in text


def test_the_bassin_minier_has_its_four_parties_and_its_lines(built: Path) -> None:
    text = text_of(built / "nord_bassin-minier-2022_2022_convention.docx")
    assert "représenté par Monsieur Georges-François LECLERC" in text
    assert "et par Monsieur Louis LE FRANC, Préfet du Département du Pas-de-Calais" in text
    assert "Le Département du Pas-de-Calais, représenté par Monsieur Jean-Claude LEROY" in text
    state = [45_139, 70_854, 42_181, 54_460, 60_000, 227_366]  # annex 6 of seed 002
    departement = [45_139, 70_854, 42_181, 54_460, 60_000, 973_250]
    assert sum(state) == 500_000  # « 500 000 € pour le Bassin minier » in the deliberation
    assert (
        f"s’élève à {euros(sum(state))}, celle du Département du Nord à {euros(sum(departement))}"
    ) in text


def test_stated_totals_are_checked_against_the_lines(tmp_path: Path) -> None:
    from .helpers import check_paths

    folder = tmp_path / "nord"
    shutil.copytree(NORD, folder)
    calpae = folder / "calpae-2022.yaml"
    calpae.write_text(calpae.read_text("utf-8").replace("etat: 13197804", "etat: 13197805"))
    (finding,) = check_paths([calpae]).findings
    assert (finding.path, finding.rule) == ("financement.totaux_declares.etat", "funding-lines")
    assert "13\u202f197\u202f805" in finding.message and "écart" in finding.message


@pytest.fixture(scope="module")
def deliberation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nord-deliberation")
    result = build([NORD / "deliberations" / "2022-241.yaml"], out)
    # The act and the annexes docgen produces: the two conventions (1, 4) and their
    # financial annexes (3, 6); the services supply the fiches-actions (2, 5).
    assert result.findings == [] and result.produced == 5
    return out / "nord" / "deliberations" / "310724"


def test_the_deliberation_states_the_session_and_the_vote_of_the_seed(deliberation: Path) -> None:
    text = text_of(deliberation / "310724_deliberation.docx")
    for expected in (
        "Accusé de réception de la préfecture : 059-225900018-20220627-310724-DE-1-1",
        "Date de réception en préfecture le 11 juillet 2022",
        "Suite à la convocation en date du 10 juin 2022",
        "Nombre de membres en exercice : 82",
        "Vu le rapport DGASOL/2022/241",
        "Vu l’avis en date du 20 juin 2022 de la Commission Lutte contre les exclusions",
        "DÉCIDE à l’unanimité :",
        "Le quorum a été vérifié à l’appel de l’affaire à 15 h 57.",
        "Au moment du vote, 49 Conseillers départementaux étaient présents.",
        "Nombre de procurations : 10",
        "Absents sans procuration : 23",
        "Ont pris part au vote : 59 (y compris les votants par procuration)",
        "Total des suffrages exprimés : 59",
        "Majorité des suffrages exprimés : 30",
        "Pour : 59 (Groupe Union Pour le Nord – ",
        "Contre : 0",
        "Signé électroniquement",
        "Régis RICHARD",
    ):
        assert plain(expected) in plain(text), expected
    # 52 present + 9 represented + 4 excused + 17 absent = the 82 members in office.
    present = plain(text).split("Étaient présents : ")[1].split("\n")[0].rstrip(".")
    assert len(present.split(", ")) == 52


def test_the_decision_approves_the_fiches_and_the_conventions_in_their_annexes(
    deliberation: Path,
) -> None:
    paragraphs = docx.Document(str(deliberation / "310724_deliberation.docx")).paragraphs
    decided = [plain(p.text) for p in paragraphs if p.style.name == "List Bullet"][:3]
    both = (
        "au titre de l’engagement du Département du Nord à la stratégie de prévention et de "
        "lutte contre la pauvreté et celle de l’engagement pour le Bassin Minier « territoire "
        "démonstrateur »"
    )
    assert decided == [
        plain(
            f"d’approuver les fiches-actions pour 2022 {both}, jointes en annexes 2 et 5 du "
            "rapport ;"
        ),
        plain(
            f"d’approuver les conventions {both}, jointes en annexes 1 et 4 du rapport, ainsi "
            "que leurs annexes financières (annexes 3 et 6 du rapport) ;"
        ),
        plain(
            "d’autoriser Monsieur le Président à signer les conventions financières au titre de "
            f"2022, à hauteur de {euros(13_197_804)} pour l’engagement du Département du Nord à "
            f"la stratégie de prévention et de lutte contre la pauvreté et de {euros(500_000)} "
            "pour l’engagement pour le Bassin Minier « territoire démonstrateur » en annexes 1 "
            "et 4 du rapport."
        ),
    ]
    # Each annex holds what the decision says it holds.
    assert (deliberation / "310724_annexe-1_convention_calpae-2022.docx").exists()
    assert (deliberation / "310724_annexe-4_convention_bassin-minier-2022.docx").exists()
    data = json.loads((deliberation / "310724_prefecture.json").read_text("utf-8"))
    supplied = [a for a in data["annexes"] if a.get("fourni")]
    assert [a["numero"] for a in supplied] == [2, 5]
    assert all(a["titre"].startswith("Fiches-actions 2022") for a in supplied)
    assert [a["numero"] for a in data["annexes"]] == [1, 2, 3, 4, 5, 6]


def test_one_number_for_the_act_in_every_document_that_cites_it(
    deliberation: Path, built: Path
) -> None:
    """The number the prefecture acknowledged: the deliberation's, its annexes', and the
    one the conventions it authorises cite."""
    data = json.loads((deliberation / "310724_prefecture.json").read_text("utf-8"))
    assert data["acte"]["numero"] == "310724"
    for name in ("calpae-2022", "bassin-minier-2022"):
        convention = text_of(built / f"nord_{name}_2022_convention.docx")
        annexed = text_of(deliberation / next(f.name for f in deliberation.glob(f"*_{name}.docx")))
        for text in (convention, annexed):
            assert "Vu la délibération n° 310724" in plain(text)
            assert "DGASOL/2022/241" not in text
    headers = [
        plain(docx.Document(str(f)).sections[0].header.paragraphs[0].text)
        for f in sorted(deliberation.glob("*_annexe-financiere.docx"))
    ]
    assert headers == [
        "Délibération du 27 juin 2022 – Département du Nord – annexe 3",
        "Délibération du 27 juin 2022 – Département du Nord – annexe 6",
    ]


def test_the_report_and_its_engagements_table_follow_the_act(deliberation: Path) -> None:
    document = docx.Document(str(deliberation / "310724_deliberation.docx"))
    text = plain("\n".join(p.text for p in document.paragraphs))
    report = text.split("CONSEIL DÉPARTEMENTAL Réunion du 27 juin 2022")[1]
    assert "En conséquence, je propose au Conseil départemental :" in report
    assert "de m’autoriser à signer les conventions financières au titre de 2022" in plain(report)
    assert report.rstrip().endswith("Christian POIRET\nPrésident du Département du Nord")
    # The act's signature, a row that cannot split across pages, then the engagements.
    signature, table = document.tables
    assert plain(signature.rows[0].cells[0].text).endswith("Régis RICHARD")
    assert [[plain(c.text) for c in r.cells] for r in table.rows[2:]] == [
        ["11004OP011", "11004E07", "", "", plain("5\u202f661\u202f418")],
        ["12002OP018", "12002E17", "", "", plain("8\u202f036\u202f386")],
    ]


def plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def rows(path: Path) -> list[list[str]]:
    document = docx.Document(str(path))
    found = []
    for table in document.tables:
        for row in table.rows:
            # A merged cell is repeated by python-docx: keep each cell once, not each text.
            cells = row.cells
            found.append(
                [c.text for i, c in enumerate(cells) if i == 0 or c._tc is not cells[i - 1]._tc]
            )
    return found


def amount(text: str) -> int:
    return int(text.replace(NNBSP, "").replace(NBSP, "").replace("€", ""))


def test_the_financial_annexes_have_the_seed_tables(deliberation: Path) -> None:
    table = rows(deliberation / "310724_annexe-3_annexe-financiere.docx")
    lines = {r[0]: r for r in table if r[0].startswith("Fiche ") and len(r) == 5}
    for fiche, (state, departement) in CALPAE.items():
        row = lines[fiche]
        assert [amount(c) for c in row[2:]] == [state, departement, state + departement]
    (total,) = [r for r in table if r[0] == "Total"]
    assert [amount(c) for c in total[1:]] == [13_197_804, 13_517_040, 26_714_844]
    socle = next(r for r in table if r[0] == "Total Engagements du socle")
    assert [amount(c) for c in socle[1:]] == [8_839_578, 8_839_578, 17_679_156]
    subtotals = [[amount(c) for c in r[1:]] for r in table if r[0] == "sous-total"]
    assert subtotals == [
        [87_070, 87_070, 174_140],
        [186_463, 186_463, 372_926],
        [8_566_045, 8_566_045, 17_132_090],
    ]
    # Annex 6: the Bassin minier's actions, État 500 000 € in all. The seed prints a total
    # of 90 277 € for action 1's two parts of 45 139 €: docgen computes 90 278 €.
    table = rows(deliberation / "310724_annexe-6_annexe-financiere.docx")
    action1 = next(r for r in table if r[0] == "Action 1")
    assert [amount(c) for c in action1[2:]] == [45_139, 45_139, 90_278]
    (total,) = [r for r in table if r[0] == "Total"]
    assert [amount(c) for c in total[1:]] == [500_000, 1_245_884, 1_745_884]
    # Whole euros, all of them: no « ,00 » unless the Département asks for it.
    assert not [c for r in table for c in r if c.endswith(f",00{NBSP}€")]


def test_the_departement_sets_the_amounts_of_its_annexes(tmp_path: Path) -> None:
    folder = tmp_path / "contracts" / "nord"
    shutil.copytree(NORD, folder)
    departement = folder / "departement.yaml"
    departement.write_text(
        departement.read_text("utf-8") + "montants:\n  annexes: centimes\n", "utf-8"
    )
    result = build([folder / "deliberations" / "2022-241.yaml"], tmp_path / "out")
    assert result.findings == []
    annex = tmp_path / "out/nord/deliberations/310724/310724_annexe-6_annexe-financiere.docx"
    cells = [c for r in rows(annex)[1:] for c in r[2:]]
    assert cells and all(c.endswith(f",00{NBSP}€") for c in cells), cells
