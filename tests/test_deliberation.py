"""Deliberations: checks (one fixture per broken rule), rendering, annexes, prefecture JSON.

Amounts are recomputed here from the YAML text alone (BaseLoader: every value a string)
with Decimal and an independent largest-remainder split, then compared with the tables
read back from the .docx.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from click.testing import CliRunner

from docgen.cli import main
from docgen.commands.budget import apply as apply_budget
from docgen.core.digests import sha256
from docgen.core.lint import lint_template
from docgen.core.pdf import stamp_dates
from docgen.core.vocabulary import as_mapping
from docgen.kinds.deliberation.context import (
    deliberation_context,
    financial_annex_context,
    signing_list_context,
)
from docgen.kinds.deliberation.model import AnnexKind

from .conftest import CONTRACTS, DATA, ROOT, SCHEMAS, TEMPLATES, require_libreoffice
from .helpers import (
    build_deliberation,
    check_paths,
    inspect_deliberation,
    invoke,
    new_file_texts,
    plan_budget,
)

PAS_DE_CALAIS = CONTRACTS / "pas-de-calais"
SHIPPED = PAS_DE_CALAIS / "deliberations" / "2023-601.yaml"
BUDGET_VOTE = PAS_DE_CALAIS / "deliberations" / "2025-045.yaml"
ESSAI = DATA / "deliberations" / "essai"
BROKEN = sorted((ESSAI / "broken" / "deliberations").glob("*.yaml"))
EXPECTED = re.compile(r"# attendu : (\d+) (\S+) ([a-z-]+)")
SEED_ORDER = [
    "presence-et-action-sociale",
    "maurice-schumann",
    "elp",
    "la-spirale",
    "alaj",
    "avenir-des-cites",
    "recherche-et-action-sociales",
    "rencontres-et-loisirs",
]


def plain(text: str) -> str:
    """Document text with the typography undone: plain spaces and apostrophes."""
    return text.replace("\u202f", " ").replace("\u00a0", " ").replace("’", "'")


def euros(text: str) -> Decimal:
    """« 1 234,56 € » → Decimal("1234.56")."""
    return Decimal(plain(text).replace(" ", "").replace("€", "").replace(",", "."))


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)
    return data


def apportion(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Largest remainder to the cent; ties go to the first listed."""
    cents = int(total * 100)
    exact = [Decimal(cents) * w / sum(weights) for w in weights]
    floors = [int(e) for e in exact]
    order = sorted(range(len(weights)), key=lambda i: floors[i] - exact[i])
    for i in order[: cents - sum(floors)]:
        floors[i] += 1
    return [Decimal(c) / 100 for c in floors]


def expected_split(dotation: Decimal, communes: list[dict[str, Any]]) -> dict[str, Any]:
    shares = [Decimal(c["part"]) for c in communes]
    departement, part = apportion(dotation, [Decimal(95), sum(shares, Decimal(0))])
    return {
        "dotation": dotation,
        "departement": departement,
        "communes": part,
        "per_commune": dict(
            zip([c["nom"] for c in communes], apportion(part, shares), strict=True)
        ),
    }


def rows(table: Any) -> list[list[str]]:
    return [[plain(cell.text) for cell in row.cells] for row in table.rows]


def body_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return plain("\n".join(parts))


def build(path: Path, out: Path, **options: bool) -> dict[str, Path]:
    built = build_deliberation(path, out, **options)
    assert built.findings == []
    return {w.path.name: w.path for w in built.written}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build(SHIPPED, tmp_path_factory.mktemp("out"))


# 2023-601 with the two annexes the act does not have, as a Département that wants them
# lists them: its article 2 then sends to them.
WITH_ANNEXES = """annexes:
  - projet_type
  - annexe_financiere
  - liste
"""


@pytest.fixture(scope="module")
def annexed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("repo")
    folder = root / "contracts" / "pas-de-calais"
    shutil.copytree(PAS_DE_CALAIS, folder)
    path = folder / "deliberations" / "2023-601.yaml"
    text = path.read_text("utf-8")
    assert "annexes:\n  - projet_type\n" in text
    path.write_text(text.replace("annexes:\n  - projet_type\n", WITH_ANNEXES), "utf-8")
    return build(path, root / "out")


# ---------------------------------------------------------------------------- checks


def described(schema: dict[str, Any], where: str = "") -> list[str]:
    """Paths of the fields (the root aside) that lack a French description or examples."""
    missing = [] if not where or {"description", "examples"} <= set(schema) else [where]
    for key, sub in (schema.get("properties") or {}).items():
        missing += described(sub, f"{where}.{key}")
    if isinstance(schema.get("items"), dict):
        missing += described(schema["items"], f"{where}[]")
    return missing


def test_every_field_of_a_deliberation_is_described_with_examples() -> None:
    schema = json.loads((SCHEMAS / "deliberation.schema.json").read_text("utf-8"))
    assert described(schema) == []
    assert schema["additionalProperties"] is False
    departement = json.loads((SCHEMAS / "departement.schema.json").read_text("utf-8"))
    for key in ("classification", "quorum", "membres_en_exercice"):
        assert described(departement["properties"][key], key) == []


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_broken_deliberation_gives_exactly_its_finding(path: Path) -> None:
    match = EXPECTED.search(path.read_text("utf-8"))
    assert match, f"{path} has no '# attendu :' line"
    line, field, rule = match.groups()
    found = [(f.file, f.line, f.path, f.rule) for f in check_paths([path]).findings]
    assert found == [(str(path.relative_to(ROOT)), int(line), "" if field == "-" else field, rule)]


def test_every_new_rule_has_a_broken_fixture() -> None:
    rules = {m.group(3) for p in BROKEN if (m := EXPECTED.search(p.read_text("utf-8")))}
    assert {
        "deliberation-reference",
        "deliberation-contract",
        "vote-count",
        "quorum",
        "deliberation-dates",
        "deliberation-annexes",
    } <= rules


def test_the_fixture_deliberations_and_the_shipped_ones_are_clean() -> None:
    assert check_paths([ESSAI / "deliberations"]).findings == []
    result = check_paths([CONTRACTS])
    assert result.findings == []
    assert sum(1 for f in result.files if f.parent.name == "deliberations") == 3


def test_a_vote_that_does_not_add_up_is_reported_with_file_line_and_field() -> None:
    path = ESSAI / "broken" / "deliberations" / "vote-sum.yaml"
    (finding,) = check_paths([path]).findings
    assert finding.text().startswith(
        "tests/data/deliberations/essai/broken/deliberations/vote-sum.yaml:33: vote : "
        "le vote compte 9 membres (pour 6, contre 0, abstention 0, ne prennent pas part 0, "
        "absents sans délégation 3) mais la délibération nomme 8 membres"
    )


def test_a_missing_contract_is_reported_with_file_line_and_field() -> None:
    path = ESSAI / "broken" / "deliberations" / "reference-missing.yaml"
    (finding,) = check_paths([path]).findings
    assert finding.text() == (
        "tests/data/deliberations/essai/broken/deliberations/reference-missing.yaml:33: "
        "conventions[1] : aucune convention « nowhere » dans ce Département → conventions "
        "connues : amended, unstated, valid, wrong-shares [deliberation-reference]"
    )


def test_a_deliberation_outside_a_departement(tmp_path: Path) -> None:
    lone = tmp_path / "deliberations" / "2023-601.yaml"
    lone.parent.mkdir()
    lone.write_bytes(SHIPPED.read_bytes())
    assert [f.rule for f in check_paths([lone]).findings] == ["departement-missing"]


def test_nothing_is_rendered_when_the_deliberation_has_an_error(tmp_path: Path) -> None:
    built = build_deliberation(
        ESSAI / "broken" / "deliberations" / "contract-broken.yaml", tmp_path / "out"
    )
    assert [f.rule for f in built.findings] == ["deliberation-contract"]
    assert built.written == []
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the 8 conventions


def test_the_shipped_deliberation_renders_its_documents(shipped: dict[str, Path]) -> None:
    # The act has one annex, the projet type: no financial annex, no list, no article 3.
    assert sorted(shipped) == [
        "2023-601_annexe-1_projet-type-de-convention.docx",
        "2023-601_deliberation.docx",
        "2023-601_prefecture.json",
    ]
    folder = shipped["2023-601_deliberation.docx"].parent
    assert folder.parts[-3:] == ("pas-de-calais", "deliberations", "2023-601")
    text = body_text(shipped["2023-601_deliberation.docx"])
    for expected in (
        "Délibération de la Commission permanente du Conseil départemental",
        "Réunion du 11 décembre 2023",
        "Présidence de Monsieur Jean-Claude LEROY",
        "Secrétaire : M. Claude BACHELET",
        "Étaient présents : M. Jean-Claude LEROY, Mme Mireille HINGREZ-CÉRÉDA,",
        "Excusé(s) sans voix délibérative : M. Jean-Louis COTTIGNY, M. Michel DAGBERT,",
        "(n° 2023-601)",
        "La Commission permanente du Conseil départemental du Pas-de-Calais,",
        "Vu le rapport du Président du Conseil départemental, ci-annexé ;",
        "Vu l'avis de la 2e commission « Solidarités humaines » rendu lors de sa réunion en "
        "date du 27 novembre 2023 ;",
        "DÉCIDE :",
        "Article 1 :",
        "De valider le projet type de convention de partenariat relative à la mise en œuvre "
        "des actions de prévention spécialisée, dans les termes du projet joint en annexe à la "
        "présente délibération.",
        "Article 2 :",
        "avec les 8 Services de Prévention Spécialisée (SPS) et les communes co-financeuses "
        "mentionnées ci-dessous, les conventions précisant",
        "Pour : 42 voix (Groupe Socialiste, Républicain et Citoyen ; Groupe Communiste et "
        "Républicain ; Groupe Union pour le Pas-de-Calais ; Groupe Rassemblement National ; "
        "Non-inscrit)",
        "Contre : 0 voix",
        "Absents sans délégation de vote : 2 (Groupe Socialiste, Républicain et Citoyen ; "
        "Groupe Rassemblement National)",
        "(Adopté)",
        "Arras, le 11 décembre 2023",
        "Maryline VINCLAIRE",
        "Envoi au contrôle de légalité le : 3 janvier 2024",
    ):
        assert expected in text, expected
    assert "{{" not in text and "{%" not in text
    assert "quorum" not in text  # the Pas-de-Calais' file does not ask for it
    # Nothing the act does not state: no third article, no annexes 2 and 3, no count of
    # the members represented (42 votes for, 31 present: the act does not say the rest).
    for absent in (
        "Article 3",
        "annexe 2",
        "annexe 3",
        "représenté",
        "Au moment du vote",
        "Suffrages exprimés",
        "De dire que la dépense",
    ):
        assert absent not in text, absent


def test_article_2_table_lists_the_services_from_the_contracts(shipped: dict[str, Path]) -> None:
    (table,) = docx.Document(str(shipped["2023-601_deliberation.docx"])).tables[:1]
    header, *body = rows(table)
    assert header == [
        "Service de Prévention Spécialisée",
        "Structures gestionnaires",
        "Communes d'intervention et co-financeuses",
    ]
    expected = []
    for slug in SEED_ORDER:
        data = raw(PAS_DE_CALAIS / f"{slug}.yaml")
        expected.append(
            [
                f"« {data['service']['nom']} »",
                plain(data["association"]["nom"]),
                "\n".join(c["nom"] for c in data["communes"]),
            ]
        )
    assert body == expected


def test_annexes_the_file_lists_are_cited_by_the_article(annexed: dict[str, Path]) -> None:
    assert sorted(annexed) == [
        "2023-601_annexe-1_projet-type-de-convention.docx",
        "2023-601_annexe-2_annexe-financiere.docx",
        "2023-601_annexe-3_liste-des-conventions.docx",
        "2023-601_deliberation.docx",
        "2023-601_prefecture.json",
    ]
    text = body_text(annexed["2023-601_deliberation.docx"])
    # Three annexes: the projet type is cited by its number.
    assert "dans les termes du projet joint en annexe 1 à la présente délibération." in text
    assert (
        "Le montant de chaque dotation et sa répartition entre le Département et les communes "
        "figurent à l'annexe 2 ; les parties et les signataires de chaque convention, à "
        "l'annexe 3." in text
    )


def test_financial_annex_reconciles_with_the_contracts(annexed: dict[str, Path]) -> None:
    (table,) = docx.Document(str(annexed["2023-601_annexe-2_annexe-financiere.docx"])).tables
    header, *body, total = rows(table)
    assert header[2:] == ["Dotation", "Part du Département (95 %)", "Part des communes (5 %)"]
    expected: list[list[object]] = []
    sums = [Decimal(0)] * 3
    for slug in SEED_ORDER:
        data = raw(PAS_DE_CALAIS / f"{slug}.yaml")
        split = expected_split(Decimal(data["financement"]["dotation"]), data["communes"])
        label = f"« {data['service']['nom']} » – {data['association']['nom']}"
        amounts = [split["dotation"], split["departement"], split["communes"]]
        expected.append([label, data["financement"]["annee"], *amounts])
        for commune in data["communes"]:
            expected.append([commune["nom"], split["per_commune"][commune["nom"]]])
        sums = [a + b for a, b in zip(sums, amounts, strict=True)]
        assert split["departement"] + split["communes"] == split["dotation"]
        assert sum(split["per_commune"].values()) == split["communes"]
    got: list[list[object]] = []
    for row in body:
        if row[0].startswith("dont Commune"):
            name = re.sub(r"^dont Commune d(?:e |')(.*) \([\d,]+ %\)$", r"\1", row[0])
            assert row[1:4] == ["", "", ""]
            got.append([name, euros(row[4])])
        else:
            got.append([row[0], row[1], *(euros(cell) for cell in row[2:])])
    assert got == expected
    assert total[0] == "Total"
    assert [euros(cell) for cell in total[2:]] == sums
    assert sums[1] + sums[2] == sums[0]
    # One style of amount in the whole annex: the communes' parts have cents, so every
    # amount shows them (268 450,00 €), never « 268 450 € » beside « 13 422,50 € ».
    cells = [c for r in [*body, total] for c in r[2:] if c]
    assert cells and all(re.search(r"\d,\d\d €$", c) for c in cells), cells


def test_the_list_names_parties_and_signatories(annexed: dict[str, Path]) -> None:
    (table,) = docx.Document(str(annexed["2023-601_annexe-3_liste-des-conventions.docx"])).tables
    header, *body = rows(table)
    assert header == [
        "Service de prévention spécialisée",
        "Acte",
        "Parties",
        "Signataires",
        "Signature prévue",
    ]
    assert len(body) == 8
    first = raw(PAS_DE_CALAIS / "presence-et-action-sociale.yaml")
    service, act, parties, signatories, signature = body[0]
    assert service == f"« {first['service']['nom']} »"
    # A dotation of the list has cents (312 345,67 €): all of them show theirs.
    assert act == "Convention de partenariat\nDotation 2024 : 268 450,00 €"
    assert parties.splitlines()[0] == "Département du Pas-de-Calais"
    assert signatories.splitlines()[0] == (
        "Pour le Département du Pas-de-Calais : Jean-Claude LEROY, Président"
    )
    assert f"Pour la Commune d'Arras : {first['communes'][0]['maire']['prenom']}" in signatories
    assert signature == "Arras, le 15 janvier 2024"


def test_the_model_annexed_is_the_template_with_blanks(shipped: dict[str, Path]) -> None:
    text = body_text(shipped["2023-601_annexe-1_projet-type-de-convention.docx"])
    assert text.startswith(
        "Annexe 1 à la délibération n° 2023-601 de la Commission permanente du 11 décembre 2023"
    )
    assert "CONVENTION" in text
    assert "Entre le Département du Pas-de-Calais" in text
    assert (
        "dûment autorisé par délibération de la Commission permanente en date du 11 décembre "
        "2023" in text
    )
    assert "…… ETP de direction" in text
    assert "Département : 95 % ;" in text
    assert text.count("dont Commune de …… : …… %") == 2  # « Dont Commune X / Y ...% »
    assert "Fait à ……, le ……" in text
    assert "Annexe financière" not in text  # amounts are each convention's, not the model's
    for slug in SEED_ORDER:  # nothing of any one service
        assert raw(PAS_DE_CALAIS / f"{slug}.yaml")["association"]["nom"] not in text


def test_prefecture_json_lists_every_document_with_its_sha256(shipped: dict[str, Path]) -> None:
    data = json.loads(shipped["2023-601_prefecture.json"].read_text("utf-8"))
    folder = shipped["2023-601_prefecture.json"].parent
    assert data["acte"] == {
        "nature": {"code": 1, "sigle": "DE", "libelle": "Délibérations"},
        "numero": "2023-601",
        "date": "2023-12-11",
        "objet": "Convention de partenariat relative à la mise en œuvre des actions de "
        "prévention spécialisée dans le Département du Pas-de-Calais",
        "instance": "Commission permanente",
        "classification": {"code": "8.2", "matieres": [8, 2]},  # from departement.yaml
    }
    assert data["collectivite"] == {
        "nom": "Département du Pas-de-Calais",
        "code_departement": "062",
        "siren": None,
    }
    assert data["transmission"] == {"envoi": "2024-01-03", "publication": "2024-01-03"}
    pieces = [data["document"], *data["annexes"]]
    assert [p.get("numero") for p in pieces] == [None, 1]
    listed = {p["docx"]["fichier"] for p in pieces}
    assert listed == {name for name in shipped if name.endswith(".docx")}
    for piece in pieces:
        file = folder / piece["docx"]["fichier"]
        assert piece["docx"]["sha256"] == sha256(file.read_bytes())
        assert piece["docx"]["octets"] == file.stat().st_size
        assert piece["pdf"] is None


def test_output_is_deterministic(shipped: dict[str, Path], tmp_path: Path) -> None:
    again = build(SHIPPED, tmp_path)
    assert {n: p.read_bytes() for n, p in again.items()} == {
        n: p.read_bytes() for n, p in shipped.items()
    }
    # Rebuilt (--force: not « à jour »), every file comes out the same and is not rewritten.
    statuses = {w.status for w in build_deliberation(SHIPPED, tmp_path, force=True).written}
    assert statuses == {"unchanged"}


def test_templates_use_only_what_the_contexts_give() -> None:
    checked, found = inspect_deliberation(BUDGET_VOTE)
    assert checked is not None and not found
    (financial,) = [a for a in checked.annexes if a.kind is AnnexKind.FINANCIAL]
    (signing,) = [a for a in checked.annexes if a.kind is AnnexKind.LIST]
    contexts = {
        "deliberation": deliberation_context(checked),
        "annexe-financiere": financial_annex_context(checked, financial),
        "liste-conventions": signing_list_context(checked, signing),
    }
    for name, context in contexts.items():
        report = lint_template(TEMPLATES / f"{name}.docx", None)
        assert report.findings == ()
        used = {re.split(r"[.\[]", field)[0] for field in report.fields}
        assert used <= set(as_mapping(context)), (name, used - set(as_mapping(context)))


# ------------------------------------------------------------ the Nord-style form


def test_a_departement_that_checks_the_quorum_prints_it(tmp_path: Path) -> None:
    files = build(ESSAI / "deliberations" / "2023-601.yaml", tmp_path)
    text = body_text(files["2023-601_deliberation.docx"])
    assert "Absents représentés : Mme Fanny FABRE donne pouvoir à M. Jean-Claude LEROY." in text
    assert "Membres en exercice : 9" in text
    assert "Le quorum a été vérifié." in text
    # Counts the file does not state are not printed, not even when they can be guessed.
    assert "Au moment du vote" not in text and "Suffrages exprimés" not in text
    data = json.loads(files["2023-601_prefecture.json"].read_text("utf-8"))
    assert data["acte"]["classification"] == {"code": "8.2", "matieres": [8, 2]}
    assert data["collectivite"]["siren"] == "226200012"


def test_an_avenant_is_annexed_with_the_dotation_before_and_after(tmp_path: Path) -> None:
    files = build(ESSAI / "deliberations" / "2025-301.yaml", tmp_path)
    assert "2025-301_annexe-1_projet-avenant-2_amended.docx" in files
    assert "2025-301_annexe-3_liste-des-avenants.docx" in files
    (table,) = docx.Document(str(files["2025-301_annexe-2_annexe-financiere.docx"])).tables
    header, service, *communes, total = rows(table)
    assert header[1:4] == ["Avenant", "Dotation précédente", "Nouvelle dotation"]
    assert service[1] == "Avenant n° 2 (2025)"
    # Avenant 2 keeps the dotation of avenant 1 and adds Beaurains.
    assert [euros(c) for c in service[2:]] == [
        Decimal("318904.93"),
        Decimal("318904.93"),
        Decimal("302959.68"),
        Decimal("15945.25"),
    ]
    assert [c[0] for c in communes] == [
        "dont Commune d'Arras (2 %)",
        "dont Commune d'Achicourt (1,5 %)",
        "dont Commune de Beaurains (1,5 %)",
    ]
    assert sum(euros(c[5]) for c in communes) == euros(service[5]) == euros(total[5])


# --------------------------------------------------------------- a budget vote


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTRACTS / "pas-de-calais", tmp_path / "contracts" / "pas-de-calais")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def budget_annex(out: Path) -> list[list[str]]:
    annex = out / "pas-de-calais/deliberations/2025-045/2025-045_annexe-9_annexe-financiere.docx"
    (table,) = docx.Document(str(annex)).tables
    return rows(table)


def test_a_budget_vote_is_covered_before_and_after_it_is_applied(repo: Path) -> None:
    deliberation = Path("contracts/pas-de-calais/deliberations/2025-045.yaml")
    build(deliberation, repo / "planned")
    applied = apply_budget(Path("contracts/pas-de-calais/budgets/2025.yaml"), repo)
    assert applied.produced == 8
    assert check_paths([Path("contracts")]).findings == []
    build(deliberation, repo / "applied")
    planned, table = budget_annex(repo / "planned"), budget_annex(repo / "applied")
    assert planned == table
    _header, *body, total = table
    services = [r for r in body if not r[0].startswith("dont ")]
    assert len(services) == 8
    sums = [Decimal(0)] * 4
    for slug in sorted(p.stem for p in PAS_DE_CALAIS.glob("*.yaml")):
        if slug == "departement":
            continue
        data = raw(PAS_DE_CALAIS / f"{slug}.yaml")
        previous = Decimal(data["financement"]["dotation"])
        new = (previous * Decimal("1.021")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        new += Decimal(15000) if slug == "rencontres-et-loisirs" else 0
        split = expected_split(new, data["communes"])
        row = next(r for r in services if r[0].startswith(f"« {data['service']['nom']} »"))
        amounts = [previous, new, split["departement"], split["communes"]]
        assert row[1] == "Avenant n° 1 (2025)"
        assert [euros(c) for c in row[2:]] == amounts
        sums = [a + b for a, b in zip(sums, amounts, strict=True)]
    assert [euros(c) for c in total[2:]] == sums


def test_an_annexed_draft_avenant_stays_as_voted_once_the_avenant_is_signed(repo: Path) -> None:
    # The act of 3 February 2025 annexes the drafts it approves: a signature of the 24th and
    # each party's own authorisation, filled in later, are not what the assembly voted.
    deliberation = Path("contracts/pas-de-calais/deliberations/2025-045.yaml")
    apply_budget(Path("contracts/pas-de-calais/budgets/2025.yaml"), repo)
    name = "2025-045_annexe-1_projet-avenant-1_alaj.docx"
    voted = build(deliberation, repo / "voted")[name]
    text = body_text(voted)
    assert "Fait à Arras, le ……, en 3 exemplaires originaux." in text
    assert "24 février 2025" not in text
    alaj = repo / "contracts" / "pas-de-calais" / "alaj.yaml"
    before = alaj.read_text("utf-8")
    signed = before.replace("      association: ~", "      association: 2025-02-10")
    assert signed != before
    alaj.write_text(signed, "utf-8")
    assert body_text(build(deliberation, repo / "signed")[name]) == text
    own = invoke("build", "contracts/pas-de-calais/alaj.yaml", "-o", str(repo / "own"))
    assert own[0] == 0, own[1]
    (avenant,) = (repo / "own").rglob("*alaj*avenant-1*.docx")
    assert "Fait à Arras, le 24 février 2025, en 3 exemplaires originaux." in body_text(avenant)
    assert "10 février 2025" in body_text(avenant)


def test_a_budget_vote_applied_to_some_conventions_only(repo: Path) -> None:
    plan = plan_budget(Path("contracts/pas-de-calais/budgets/2025.yaml"))
    path, (_, amended) = next(iter(new_file_texts(plan).items()))
    path.write_bytes(amended)
    (finding,) = check_paths([Path("contracts/pas-de-calais/deliberations/2025-045.yaml")]).findings
    assert (finding.line, finding.path, finding.rule) == (81, "budget", "deliberation-reference")
    assert "n'est appliqué qu'à 1 conventions sur 8" not in finding.message
    assert "qu'à 1 convention sur 8" in finding.message


# -------------------------------------------------------------------- CLI and PDF


def test_the_cli_renders_and_reports(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["deliberation", str(SHIPPED), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("créé : ") == 3
    broken = ESSAI / "broken" / "deliberations" / "vote-sum.yaml"
    result = CliRunner().invoke(main, ["deliberation", str(broken), "-o", str(tmp_path)])
    assert result.exit_code == 1
    assert "vote-sum.yaml:33: vote : le vote compte 9 membres" in result.output


def test_pdf_stamps_are_replaced_at_the_same_length() -> None:
    stamped = (
        b"/CreationDate(D:20261123115356Z')>>\n/ID [ <C52F0218A08D0DE997401A759579D3CA>\n"
        b"<C52F0218A08D0DE997401A759579D3CA> ]\n/DocChecksum /FC68CD5698043960B3401D60BCB88352\n"
    )
    other = (
        stamped.replace(b"115356", b"120001").replace(b"C52F", b"0000").replace(b"FC68", b"1111")
    )
    first = stamp_dates(stamped, b"docx", "20231211")
    assert first == stamp_dates(other, b"docx", "20231211")
    assert len(first) == len(stamped)
    assert b"/CreationDate(D:20231211000000Z')" in first


@pytest.mark.slow
def test_pdf_through_libreoffice(tmp_path: Path) -> None:
    require_libreoffice()
    files = build(BUDGET_VOTE, tmp_path, to_pdf=True)
    deliberation = files["2025-045_deliberation.pdf"]
    assert deliberation.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(deliberation), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    text = plain(text)
    assert "DÉLIBÉRATION DE LA COMMISSION PERMANENTE" in text
    assert "RÉUNION DU 3 FÉVRIER 2025" in text
    assert "Pour : 43 voix" in text
    assert "(Adopté)" in text
    assert "Page 1/" in text
    data = json.loads(files["2025-045_prefecture.json"].read_text("utf-8"))
    for piece in [data["document"], *data["annexes"]]:
        file = deliberation.parent / piece["pdf"]["fichier"]
        assert piece["pdf"]["sha256"] == sha256(file.read_bytes())


# ------------------------------------------------------ every shipped act, read back

_REFERENCE = re.compile(r"\bannexes? (\d+(?:(?:, | et | à )\d+)*)")


def _numbers(text: str) -> set[int]:
    """« 1 », « 2 et 5 », « 1 à 8 », « 1, 3 et 5 » → the numbers they name."""
    found: set[int] = set()
    for part in re.split(r", | et ", text):
        if " à " in part:
            first, last = part.split(" à ")
            found |= set(range(int(first), int(last) + 1))
        else:
            found.add(int(part))
    return found


def _columns_agree(table: Any) -> list[str]:
    """The columns of a table that mix « 352 900 € » and « 360 310,90 € »."""
    mixed = []
    grid = [[plain(cell.text) for cell in row.cells] for row in table.rows]
    for column in range(max(len(r) for r in grid)):
        amounts = [r[column] for r in grid if column < len(r) and r[column].endswith(" €")]
        styles = {bool(re.search(r",\d\d €$", a)) for a in amounts}
        if len(styles) > 1:
            mixed.append(" | ".join(amounts))
    return mixed


def test_the_shipped_documents_read_back(tmp_path: Path) -> None:
    """``docgen build --force contracts/``, then every deliberation read back: its number,
    the annexes its articles cite, its tables, and no count the file does not state."""
    result = CliRunner().invoke(main, ["build", "--force", "contracts/", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folders = sorted(p for p in tmp_path.glob("*/deliberations/*") if p.is_dir())
    assert [f.name for f in folders] == ["310724", "2023-601", "2025-045"]
    for folder in folders:
        number = folder.name
        source = next(
            p for p in CONTRACTS.glob("*/deliberations/*.yaml") if str(raw(p)["numero"]) == number
        )
        data = raw(source)
        export = json.loads((folder / f"{number}_prefecture.json").read_text("utf-8"))
        assert export["acte"]["numero"] == number
        acknowledged = (data.get("transmission") or {}).get("accuse")
        if acknowledged:
            assert acknowledged.split("-")[3] == number.replace("-", "_")
        annexes = {a["numero"] for a in export["annexes"]}
        assert annexes == set(range(1, len(annexes) + 1)), number
        text = body_text(folder / f"{number}_deliberation.docx")
        cited = set().union(*(_numbers(m.group(1)) for m in _REFERENCE.finditer(text)))
        if annexes == {1} and "joint en annexe à la présente délibération" in text:
            cited.add(1)  # the act's only annex: « le projet joint en annexe », as 2023-601
        assert cited <= annexes, (number, cited - annexes)
        # An annex the act has is cited by it (the Nord's report cites them too).
        assert annexes <= cited, (number, annexes - cited)
        stated = data["vote"]
        if "presents" not in stated:
            assert "Au moment du vote" not in text, number
        if "procurations" not in stated:
            assert not re.search(r"\d+ représentés?\b", text), number
            assert "Nombre de procurations" not in text, number
        for document in sorted(folder.glob("*.docx")):
            for table in docx.Document(str(document)).tables:
                assert _columns_agree(table) == [], document.name
    # The conventions the Nord's act authorises cite it by its one number.
    for name in ("calpae-2022", "bassin-minier-2022"):
        convention = body_text(tmp_path / "nord" / f"nord_{name}_2022_convention.docx")
        assert "Vu la délibération n° 310724 " in convention


def test_a_column_that_mixes_amount_styles_is_seen() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=2)
    for row, (name, value) in zip(
        table.rows,
        [("Service", "Dotation"), ("ELP", "352 900 €"), ("ALAJ", "360 310,90 €")],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = name, value
    assert _columns_agree(table) == ["352 900 € | 360 310,90 €"]
    table.rows[1].cells[1].text = "352 900,00 €"
    assert _columns_agree(table) == []


def test_an_acknowledgement_of_another_day_gives_the_sitting_date_in_french(repo: Path) -> None:
    path = repo / "contracts" / "pas-de-calais" / "deliberations" / "2025-045.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("-20250203-2025_045-", "-20250204-2025_045-"), "utf-8")
    (found,) = [f for f in check_paths([path]).findings if f.rule == "deliberation-dates"]
    assert found.message == (
        "l'accusé de réception « 062-226200012-20250204-2025_045-DE » porte la date "
        "20250204, la séance est du 3 février 2025 (20250203)"
    )
