"""What a juriste checks before the Département signs, on the documents docgen builds.

Deliberations: the prefecture's acknowledgement and dates, the convocation, the quorum,
members in office only when the act states them, the counts at the vote, suffrages
exprimés and majority, « Signé », the acts authorised « dans les termes du projet joint en
annexe » with the projects annexed, the total commitment « à hauteur de … € » and its
imputation. Signatures: never before the authorising deliberation is enforceable (CGCT
L3131-1). Typography: superscript ordinals, dates that never break, one amount style.
"""

from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from lxml import etree

from docgen.core.french import typography
from docgen.core.ordinals import ordinal_segments, superscript_paragraph, superscript_tree
from docgen.core.wordml import W
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.convention.split import split_dotation

from .conftest import CONTRACTS, DATA
from .helpers import build_deliberation, check_paths, plan_budget, render_avenant

PAS_DE_CALAIS = CONTRACTS / "pas-de-calais"
BUDGET_VOTE = PAS_DE_CALAIS / "deliberations" / "2025-045.yaml"
MODEL_VOTE = PAS_DE_CALAIS / "deliberations" / "2023-601.yaml"
NBSP, NNBSP = "\u00a0", "\u202f"


def plain(text: str) -> str:
    return text.replace(NNBSP, " ").replace(NBSP, " ").replace("’", "'")


def euros(value: Decimal) -> str:
    text = f"{value:,.2f}".replace(",", " ").replace(".", ",").removesuffix(",00")
    return text + " €"


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return plain("\n".join(parts))


@pytest.fixture(scope="module")
def budget_vote(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = build_deliberation(BUDGET_VOTE, tmp_path_factory.mktemp("out"))
    assert built.findings == []
    return {w.path.name: w.path for w in built.written}


# --- the deliberation that authorises the avenants ------------------------------------


def test_the_deliberation_states_what_a_published_act_states(budget_vote: dict[str, Path]) -> None:
    text = document_text(budget_vote["2025-045_deliberation.docx"])
    for expected in (
        "Accusé de réception de la préfecture : 062-226200012-20250203-2025_045-DE",
        "Date de réception en préfecture le : 5 février 2025",
        "Envoi au contrôle de légalité le : 5 février 2025",
        "Publication électronique le : 5 février 2025",
        "Suite à la convocation en date du 17 janvier 2025",
        "Le quorum a été vérifié.",
        "(Adopté)",
        "Signé électroniquement",
        "Vu la délibération n° 2024-512 du Conseil départemental en date du 16 décembre 2024 "
        "« Budget primitif 2025 » ;",
    ):
        assert expected in text, expected
    # Members in office are a fact of the assembly the act does not state: not printed,
    # and never the sum of the attendance lists (34 + 9 + 1 + 4 = 48). Nor the members
    # represented at the vote (43 votes, 34 present): the file does not state them.
    assert "Membres en exercice" not in text
    assert "représenté" not in text and "Au moment du vote" not in text


def test_the_avenants_are_authorised_in_the_terms_of_the_projects_annexed(
    budget_vote: dict[str, Path],
) -> None:
    text = document_text(budget_vote["2025-045_deliberation.docx"])
    plan = plan_budget(PAS_DE_CALAIS / "budgets" / "2025.yaml")
    shares = [split_dotation(consolidate(r.amended)) for r in plan.revaluations]
    departement = sum((s.departement for s in shares if s), Decimal(0))
    dotations = sum((s.dotation for s in shares if s), Decimal(0))
    assert (
        "les avenants à leurs conventions de partenariat relatives à la mise en œuvre des actions "
        "de prévention spécialisée, dans les termes des projets joints en annexes 1 à 8 à la "
        f"présente délibération, à hauteur de {euros(departement)} pour la part du Département"
    ) in text.replace("\n", " ")
    assert (
        f"De dire que la dépense correspondante, soit {euros(departement)} pour la part du "
        "Département, est imputée au budget départemental, chapitre 65 (dépenses "
        "d'intervention), fonction 51 (famille et enfance), sous réserve de la disponibilité "
        "des crédits"
    ) in text.replace("\n", " ")
    table = docx.Document(str(budget_vote["2025-045_deliberation.docx"])).tables[1]
    header, row = [[plain(c.text) for c in r.cells] for r in table.rows]
    assert header[-1] == "Engagement du Département"
    assert row[1:] == ["2025", euros(dotations), euros(dotations - departement), euros(departement)]
    # Each project annexed is the avenant itself, with the annex heading above it, as the
    # assembly voted it: its signature, to come, is left blank.
    for number, revaluation in enumerate(plan.revaluations, 1):
        slug = revaluation.convention.slug
        annex = budget_vote[f"2025-045_annexe-{number}_projet-avenant-1_{slug}.docx"]
        projet = docx.Document(str(annex)).paragraphs
        assert plain(projet[0].text) == (
            f"Annexe {number} à la délibération n° 2025-045 de la Commission permanente du "
            "3 février 2025"
        )
        alone = docx.Document(io.BytesIO(render_avenant(revaluation.amended, 1))).paragraphs
        signed = "Fait à Arras, le 24\u00a0février\u00a02025,"
        assert signed in [p.text[: len(signed)] for p in alone]
        voted = [p.text.replace(signed, "Fait à Arras, le ……,") for p in alone]
        assert [p.text for p in projet[2:]] == voted
    # The financial annex and the list are there because the file lists them, and the
    # article sends to them by their numbers.
    assert (
        "Le montant de chaque dotation et sa répartition entre le Département et les communes "
        "figurent à l'annexe 9 ; les parties et les signataires de chaque avenant, à "
        "l'annexe 10."
    ) in text


def test_the_model_deliberation_says_signed_and_no_members_in_office(
    tmp_path: Path,
) -> None:
    built = build_deliberation(MODEL_VOTE, tmp_path)
    assert built.findings == []
    text = document_text(
        tmp_path / "pas-de-calais/deliberations/2023-601/2023-601_deliberation.docx"
    )
    assert "Signé" in text and "Signé électroniquement" not in text
    assert "Membres en exercice" not in text and "quorum" not in text
    # 42 votes for, 31 present: the act does not say how many were represented.
    assert "représenté" not in text and "Au moment du vote" not in text


# --- when an act may be signed ----------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTRACTS / "pas-de-calais", tmp_path / "contracts" / "pas-de-calais")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_signature_before_the_deliberation_is_enforceable_is_an_error(repo: Path) -> None:
    """Deliberation 2023-601 was transmitted and published on 3 January 2024: a convention
    signed on 20 December 2023 was signed before it was enforceable (CGCT L3131-1). The
    convention says so itself, checked alone or in its folder."""
    elp = Path("contracts/pas-de-calais/elp.yaml")
    _set(elp, "  date: 2024-01-15\n", "  date: 2023-12-20\n")
    for paths in ([elp], [Path("contracts")]):
        found = check_paths(paths).findings
        (finding,) = [f for f in found if f.file == str(elp)]
        assert (finding.line, finding.path, finding.rule) == (
            58,
            "signature.date",
            "signature-enforceable",
        )
        assert "signée le 20 décembre 2023" in finding.message
        assert "exécutoire, le 3 janvier 2024" in finding.message and "L3131-1" in finding.message
        assert finding.severity.value == "erreur"  # with or without --pour-signature
    # The deliberation that covers it: a contract that does not pass, not the same again.
    covering = [f for f in check_paths([Path("contracts")]).findings if f.file != str(elp)]
    assert {(f.file, f.rule) for f in covering} == {
        ("contracts/pas-de-calais/deliberations/2023-601.yaml", "deliberation-contract"),
        ("contracts/pas-de-calais/deliberations/2025-045.yaml", "deliberation-contract"),
    }


def test_for_signature_a_deliberation_must_be_transmitted_and_published(repo: Path) -> None:
    delib = Path("contracts/pas-de-calais/deliberations/2025-045.yaml")
    _set(delib, "  envoi: 2025-02-05\n", "  envoi: ~\n")
    assert check_paths([delib]).findings == []  # a draft is not transmitted yet
    (finding,) = check_paths([delib], for_signature=True).findings
    assert (finding.path, finding.rule) == ("transmission.envoi", "signature-incomplete")
    assert "n'est pas encore exécutoire" in finding.message


def test_budget_avenants_signed_before_the_deliberation_is_enforceable(repo: Path) -> None:
    vote = Path("contracts/pas-de-calais/budgets/2025.yaml")
    _set(vote, "    date: 2025-02-24\n", "    date: 2025-02-04\n")
    found = check_paths([Path("contracts/pas-de-calais/deliberations/2025-045.yaml")]).findings
    assert {f.rule for f in found} == {"deliberation-enforceable"}
    assert len(found) == 8  # each planned avenant


# --- implausible values and invariants ---------------------------------------------------


def test_implausible_dates_and_staffing_are_findings() -> None:
    broken = DATA / "contracts" / "broken"
    (date,) = check_paths([broken / "date-implausible.yaml"]).findings
    assert (date.path, date.rule) == ("signature.date", "date-plausible")
    assert "9999-12-31" in date.message
    (staff,) = check_paths([broken / "staffing-zero.yaml"]).findings
    assert (staff.path, staff.rule) == ("effectifs", "staffing-plausible")


def test_a_signature_years_after_its_authorisation_is_implausible(repo: Path) -> None:
    elp = Path("contracts/pas-de-calais/elp.yaml")
    _set(elp, "  date: 2024-01-15\n", "  date: 2027-01-15\n")
    found = [f for f in check_paths([elp]).findings if f.rule == "date-plausible"]
    assert [f.path for f in found] == ["signature.date"]
    assert "plus de 2 ans après la délibération" in found[0].message


def test_a_departement_cannot_switch_off_the_communes_sum(repo: Path) -> None:
    departement = Path("contracts/pas-de-calais/departement.yaml")
    text = departement.read_text("utf-8")
    departement.write_text(
        text + "regles:\n  communes-sum: {actif: false, raison: essai}\n", "utf-8"
    )
    found = check_paths([departement]).findings
    (setting,) = [f for f in found if f.rule == "rule-setting"]
    assert setting.path == "regles.communes-sum"
    assert "ne peut être ni désactivée ni affaiblie" in setting.message


# --- one amount style per document, set by the Département ------------------------------


def test_amounts_are_written_one_way_in_a_document(repo: Path) -> None:
    """« 352 900 € » never sits beside « 360 310,90 € »: with montants « auto », a document
    where one amount has cents writes every amount with its cents."""
    model = Path("contracts/pas-de-calais/deliberations/2023-601.yaml")
    _set(model, "annexes:\n  - projet_type\n", "annexes:\n  - projet_type\n  - annexe_financiere\n")
    built = build_deliberation(model, repo / "out")
    assert built.findings == []
    text = document_text(
        repo / "out/pas-de-calais/deliberations/2023-601/2023-601_annexe-2_annexe-financiere.docx"
    )
    data: dict[str, Any] = yaml.safe_load(
        (PAS_DE_CALAIS / "presence-et-action-sociale.yaml").read_text("utf-8")
    )
    assert data["financement"]["dotation"] == 268450  # a whole amount
    assert "268 450,00 €" in text and "268 450 €" not in text
    built = build_deliberation(BUDGET_VOTE.relative_to(CONTRACTS.parent), repo / "vote")
    assert built.findings == []
    vote = docx.Document(
        str(repo / "vote/pas-de-calais/deliberations/2025-045/2025-045_deliberation.docx")
    )
    amounts = [plain(r.cells[-1].text) for r in vote.tables[0].rows[1:]]
    assert len(amounts) == 8
    assert all(a.endswith(" €") and a[-5] == "," for a in amounts), amounts


# --- typography ---------------------------------------------------------------------------


def test_a_date_never_breaks_across_lines() -> None:
    assert typography("du 11 décembre 2023") == f"du 11{NBSP}décembre{NBSP}2023"
    assert typography("le 1er janvier 2024 ;") == f"le 1er{NBSP}janvier{NBSP}2024{NNBSP};"
    assert typography("en 2023 et 12 pommes") == "en 2023 et 12 pommes"
    once = typography("du 11 décembre 2023")
    assert typography(once) == once


def paragraph(*runs: tuple[str, str]) -> etree._Element:
    """A w:p with runs (text, extra rPr XML)."""
    body = "".join(
        f"<w:r><w:rPr>{rpr}</w:rPr><w:t xml:space='preserve'>{text}</w:t></w:r>"
        for text, rpr in runs
    )
    return etree.fromstring(
        f"<w:p xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>{body}</w:p>"
    )


def runs(p: etree._Element) -> list[tuple[str, bool, bool]]:
    """(text, superscript, bold) of each run."""
    out = []
    for run in p.iter(f"{W}r"):
        align = run.find(f"{W}rPr/{W}vertAlign")
        sup = align is not None and align.get(f"{W}val") == "superscript"
        bold = run.find(f"{W}rPr/{W}b") is not None
        out.append(("".join(t.text or "" for t in run.iter(f"{W}t")), sup, bold))
    return out


def test_ordinals_are_set_in_superscript() -> None:
    p = paragraph(("Le 1er arrêté du 2e trimestre, la 1re fois", "<w:b/>"))
    assert superscript_paragraph(p) == 1
    assert runs(p) == [
        ("Le 1", False, True),
        ("er", True, True),
        (" arrêté du 2", False, True),
        ("e", True, True),
        (" trimestre, la 1", False, True),
        ("re", True, True),
        (" fois", False, True),
    ]
    assert superscript_paragraph(p) == 0  # idempotent


def test_what_is_not_an_ordinal_stays_as_it_is() -> None:
    for text in ("n° 2023-601", "article L121-2", "8.1 Modalité", "2e5", "B2e", "12 heures"):
        assert [piece for piece, sup in ordinal_segments(text) if sup] == [], text
    p = paragraph(("article 8.1 et n° 2", ""), ("1er", "<w:vertAlign w:val='superscript'/>"))
    assert superscript_tree(p) == 0


def test_rendered_values_get_superscript_ordinals(budget_vote: dict[str, Path]) -> None:
    """The renderer calls docgen.core.ordinals on each document: the « 2e commission » and
    « 1er juillet 2021 » of the deliberation's « Vu » come out in superscript, and a second
    pass changes nothing."""
    document = docx.Document(str(budget_vote["2025-045_deliberation.docx"]))
    supers = [run.text for p in document.paragraphs for run in p.runs if run.font.superscript]
    assert supers[:2] == ["er", "e"]
    before = [p.text for p in document.paragraphs]
    assert superscript_tree(document.element.body) == 0
    assert [p.text for p in document.paragraphs] == before


def test_the_templates_static_ordinals_are_in_superscript() -> None:
    from .helpers import template_for

    convention = check_paths([DATA / "contracts" / "valid.yaml"]).conventions[0]
    document = docx.Document(str(template_for(convention.departement)))
    supers = [run.text for p in document.paragraphs for run in p.runs if run.font.superscript]
    assert supers.count("er") >= 2  # « Le 1er arrêté », « 1er juillet 2023 »… (article 8.3)


def test_the_signature_guide_shows_an_avenant_and_a_deliberation() -> None:
    guide = CONTRACTS.parent / "docs" / "juriste" / "preparer-une-signature.md"
    text = guide.read_text("utf-8")
    assert "## Ce que vérifie un juriste avant de signer" in text
    for name in ("avenant", "deliberation"):
        assert f"](../images/{name}.png)" in text
        image = guide.parent.parent / "images" / f"{name}.png"
        assert image.read_bytes().startswith(b"\x89PNG")


def test_budget_apply_writes_the_budget_vote_and_the_habilitations_to_fill(repo: Path) -> None:
    from docgen.commands.budget import apply

    applied = apply(Path("contracts/pas-de-calais/budgets/2025.yaml"), repo / "out")
    assert applied.findings == [] and applied.produced == 8
    elp = Path("contracts/pas-de-calais/elp.yaml")
    tail = elp.read_text("utf-8").split("avenants:\n", 1)[1]
    assert (
        "    vote_budget:\n      instance: Conseil départemental\n      date: 2024-12-16\n"
        '      numero: "2024-512"\n      objet: "Budget primitif 2025"\n'
    ) in tail
    assert '      association: ~\n      communes:\n        "62160": ~\n        "62758": ~\n' in tail
    assert check_paths([elp]).findings == []  # a draft
    missing = {f.path for f in check_paths([elp], for_signature=True).findings}
    assert missing == {
        "avenants[0].habilitations.association",
        "avenants[0].habilitations.communes.62160",
        "avenants[0].habilitations.communes.62758",
    }
    _set(elp, "      association: ~\n", "      association: 2025-02-10\n")
    _set(elp, '        "62160": ~\n', '        "62160": 2025-02-12\n')
    _set(elp, '        "62758": ~\n', '        "62758": 2025-02-13\n')
    assert check_paths([elp], for_signature=True).findings == []


def test_a_budget_vote_with_an_implausible_date(repo: Path) -> None:
    vote = Path("contracts/pas-de-calais/budgets/2025.yaml")
    _set(vote, "    date: 2025-02-24\n", "    date: 2205-02-24\n")
    found = [f for f in check_paths([vote]).findings if f.rule == "budget-dates"]
    assert [f.path for f in found] == ["avenants.signature.date"]
