"""Avenants of every kind, each read back from the .docx as a juriste reads it.

- A commune that leaves is a party to the avenant that removes it: it is named among the
  parties, signs it under its own deliberation (required by ``--pour-signature``), and an
  article states its withdrawal and from when; the consolidated version names it among
  the former parties, with the date and the avenant.
- A commune that joins likewise: an article states its accession, its share and from when.
- Staffing and duration: one article per change of the convention, the whole new text; a
  fixed term of three years is not « renouvelable chaque année ».
- A financial avenant pays the Département's share as article 8.1 says: it changes
  nothing it does not state.
- After each kind, the consolidated version carries the new text, and the old is gone; it
  integrates only signed avenants, and names the drafts it leaves out.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import pytest

from docgen.core.french import PlaceName
from docgen.kinds.common import Authorisation, Signature
from docgen.kinds.convention.model import (
    Avenant,
    Commune,
    Convention,
    DotationChange,
    Staffing,
    StaffLine,
    Term,
    TermKind,
)

from . import helpers as render
from .conftest import CONTRACTS, DATA, ROOT
from .helpers import check_paths, make_project, plan_budget
from .test_render import full_text, open_docx, styled
from .test_render_avenant import (
    AMENDED,
    BUDGET,
    NBSP,
    amended,
    assert_clean,
    assert_found_in_consolidated,
    body,
    consolidated_units,
    day,
    euros,
    signed,
    upto,
)

LEAVING = """\
  - numero: 3
    objet: Retrait de la commune de Beaurains
    date_effet: 2025-10-01
    autorisation:
      instance: Commission permanente
      date: 2025-09-01
      numero: 2025-410
    signature:
      lieu: Arras
      date: 2025-09-15
      exemplaires: 5
    habilitations:
      association: 2025-08-20
      communes:
        "62041": 2025-08-25
        "62004": 2025-08-26
        "62099": 2025-08-27
    modifications:
      communes:
        - nom: Arras
          insee: "62041"
          maire: {civilite: Monsieur, prenom: Paul, nom: Essai}
          part: 2.5
        - nom: Achicourt
          insee: "62004"
          maire: {civilite: Madame, prenom: Lise, nom: Essai}
          part: 2.5
"""
BEAURAINS_OWN = '        "62099": 2025-08-27\n'


def write_leaving(folder: Path, avenant: str = LEAVING) -> Path:
    """amended.yaml with an avenant n° 3 that removes Beaurains, in a contracts repository."""
    project = make_project(folder, "essai", source=DATA / "contracts" / "departement.yaml")
    path = project / "amended.yaml"
    path.write_text(AMENDED.read_text(encoding="utf-8") + avenant, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def leaving(tmp_path_factory: pytest.TempPathFactory) -> Convention:
    path = write_leaving(tmp_path_factory.mktemp("leaving"))
    signing = check_paths([path], for_signature=True).findings
    assert [f for f in signing if f.path.startswith("avenants")] == []  # every party's own
    result = check_paths([path])
    assert result.findings == []
    (convention,) = result.conventions
    return convention


def third(subject: str, **changes: object) -> Convention:
    """amended.yaml with an avenant n° 3 making ``changes``, signed by every party."""
    base = amended()
    avenant = Avenant(
        number=3,
        subject=subject,
        authorisation=Authorisation("Commission permanente", date(2025, 9, 1), "2025-410"),
        signature=Signature("Arras", date(2025, 9, 15), 5),
        **changes,  # type: ignore[arg-type]
    )
    return signed(dataclasses.replace(base, avenants=(*base.avenants, avenant)))


@cache
def staffing_change() -> Convention:
    team = Staffing(
        Decimal(1), Decimal(5), Decimal("0.5"), (StaffLine("agent d'entretien", Decimal(1)),)
    )
    return third("Renfort de l’équipe éducative", staffing=team)


@cache
def three_year_term() -> Convention:
    term = Term(date(2026, 1, 1), TermKind.FIXED, years=3, notice_months=6)
    return third("Durée ferme de trois ans", term=term)


EVERY_PARTY = [
    "Pour le Département du Pas-de-Calais",
    "Pour l’association Dupont & Fils <Association>",
    "Pour la Commune d’Arras",
    "Pour la Commune d’Achicourt",
    "Pour la Commune de Beaurains",
]


def articles_of(document: docx.document.Document) -> list[str]:
    return [h for h in styled(document, "Heading 1") if h.startswith("Article")]


def signature_parties(document: docx.document.Document) -> list[str]:
    """The first line of each signature block, column by column."""
    table = document.tables[-1]
    blocks = [row.cells[i].text for i in range(2) for row in table.rows]
    return [text.splitlines()[0] for text in blocks if text.strip()]


# --- a commune leaves ----------------------------------------------------------------------


def test_a_commune_leaving_signs_the_avenant_that_removes_it(leaving: Convention) -> None:
    document = open_docx(render.render_avenant(leaving, 3))
    lines = body(document)
    assert (
        "La Commune de Beaurains, représentée par Madame Rose ESSAI, Maire, dûment habilitée par "
        f"la délibération du conseil municipal en date du {day('27 août 2025')} autorisant la "
        "signature du présent avenant,"
    ) in lines
    assert articles_of(document) == [
        f"Article 1{NBSP}: Retrait de la commune de Beaurains",
        f"Article 2{NBSP}: Modification de l’article 2.2",
        f"Article 3{NBSP}: Modification de l’article 8.1",
        f"Article 4{NBSP}: Modification de l’annexe financière",
        f"Article 5{NBSP}: Autres dispositions",
        f"Article 6{NBSP}: Prise d’effet",
    ]
    withdrawal = lines[lines.index(articles_of(document)[0]) + 1]
    assert withdrawal == (
        "La commune de Beaurains cesse d’être partie à la convention à compter du "
        f"{day('1er octobre 2025')}. Sa participation au financement du service, de 1,5{NBSP}% "
        "de la dotation globale, prend fin à la même date."
    )
    assert f"Le présent avenant prend effet le {day('1er octobre 2025')}." in lines
    # The remaining communes' new shares, stated as changes of article 8.1 and the annex.
    assert assert_found_in_consolidated(document, leaving) == 3
    assert signature_parties(document) == EVERY_PARTY
    assert "Rose ESSAI" in document.tables[-1].rows[-1].cells[1].text
    assert f"Fait à Arras, le {day('15 septembre 2025')}, en 5 exemplaires originaux." in lines
    assert_clean(document)


def test_the_leaving_communes_own_authorisation_is_required(tmp_path: Path) -> None:
    path = write_leaving(tmp_path, LEAVING.replace(BEAURAINS_OWN, ""))
    assert check_paths([path]).findings == []  # a draft may leave it blank
    found = check_paths([path], for_signature=True).findings
    (finding,) = [f for f in found if f.path.startswith("avenants")]
    assert (finding.path, finding.rule) == (
        "avenants[2].habilitations.communes.62099",
        "signature-incomplete",
    )
    assert "conseil municipal de Beaurains autorisant l'avenant n° 3" in finding.message
    (convention,) = check_paths([path]).conventions
    document = open_docx(render.render_avenant(convention, 3))
    assert (
        "La Commune de Beaurains, représentée par Madame Rose ESSAI, Maire, dûment habilitée par "
        f"la délibération du conseil municipal en date du {render.BLANK} autorisant la "
        "signature du présent avenant,"
    ) in body(document)


def test_the_consolidated_version_names_the_former_parties(leaving: Convention) -> None:
    document = open_docx(render.render_consolidated(leaving))
    text, lines = full_text(document), body(document)
    assert styled(document, "Version consolidée")[-2:] == [
        f"avenant n°{NBSP}3 signé le {day('15 septembre 2025')}, prenant effet le "
        f"{day('1er octobre 2025')}{NBSP}: Retrait de la commune de Beaurains.",
        "La commune de Beaurains a cessé d’être partie à la convention le "
        f"{day('1er octobre 2025')} (avenant n°{NBSP}3).",
    ]
    parties = [p for p in lines if p.startswith("Commune ") and "représentée par" in p]
    assert [p.split(",")[0] for p in parties] == ["Commune d’Arras", "Commune d’Achicourt"]
    assert f"Commune d’Arras{NBSP}: 2,5{NBSP}%, soit 7\u202f972,63{NBSP}€" in text
    assert "Beaurains" not in "\n".join(consolidated_units(leaving)["Annexe financière"])
    assert_clean(document)


# --- a commune joins -----------------------------------------------------------------------


def test_a_commune_joining_signs_and_is_a_party_of_the_consolidated_version() -> None:
    document = open_docx(render.render_avenant(amended(), 2))
    assert articles_of(document)[0] == f"Article 1{NBSP}: Adhésion de la commune de Beaurains"
    assert signature_parties(document) == EVERY_PARTY
    consolidated = body(open_docx(render.render_consolidated(amended())))
    assert (
        "Commune de Beaurains, représentée par Madame Rose ESSAI, Maire, dûment autorisée par "
        f"délibération du conseil municipal en date du {day('28 mai 2025')}"
    ) in consolidated  # its deliberation authorising the avenant that made it a party


def test_a_commune_joining_in_kind_says_its_contribution() -> None:
    base = amended()
    premises = Commune(
        name=PlaceName("Dainville"),
        insee="62263",
        mayor=base.communes[0].mayor,
        share=None,
        contribution="la mise à disposition gratuite d’un local",
        valuation=Decimal(4800),
    )
    communes = (*(base.avenants[1].communes or ()), premises)
    convention = third("Arrivée de Dainville", communes=communes)
    lines = body(open_docx(render.render_avenant(convention, 3)))
    assert (
        f"La commune de Dainville adhère à la convention à compter du {day('15 septembre 2025')}. "
        "Elle y contribue par la mise à disposition gratuite d’un local, valorisée à "
        f"4\u202f800{NBSP}€ par an."
    ) in lines


# --- staffing and duration ---------------------------------------------------------------------


def test_a_staffing_change_replaces_the_alineas_of_the_team() -> None:
    convention = staffing_change()
    document = open_docx(render.render_avenant(convention, 3))
    assert articles_of(document) == [
        f"Article 1{NBSP}: Modification de l’article 2",
        f"Article 2{NBSP}: Autres dispositions",
        f"Article 3{NBSP}: Prise d’effet",
    ]
    assert (
        "Les neuvième et dixième alinéas de l’article 2 sont remplacés par les dispositions "
        f"suivantes{NBSP}:"
    ) in body(document)
    assert assert_found_in_consolidated(document, convention) == 1
    team = consolidated_units(convention)[f"Article 2{NBSP}: Principes d’intervention"]
    assert f"5{NBSP}ETP de travailleurs sociaux\u202f;" in team
    assert f"4,5{NBSP}ETP de travailleurs sociaux\u202f;" not in team
    assert f"1{NBSP}ETP d’agent d’entretien." in team
    assert signature_parties(document) == EVERY_PARTY
    assert_clean(document)


def test_a_three_year_fixed_term_is_not_renewed_each_year() -> None:
    convention = three_year_term()
    document = open_docx(render.render_avenant(convention, 3))
    lines = body(document)
    assert (
        f"Le premier alinéa de l’article 10 est remplacé par les dispositions suivantes{NBSP}:"
        in (lines)
    )
    assert (
        "«\u202fLa présente convention entre en vigueur à la date de sa signature. Elle est "
        f"conclue pour une durée de 3 ans à compter du {day('1er janvier 2026')}, soit "
        f"jusqu’au {day('31 décembre 2028')} inclus.\u202f»"
    ) in lines
    assert assert_found_in_consolidated(document, convention) == 1
    consolidated = full_text(open_docx(render.render_consolidated(convention)))
    for text in (full_text(document), consolidated):
        assert "renouvelable" not in text and "tacite" not in text
    assert signature_parties(document) == EVERY_PARTY
    assert "renouvelable chaque année par tacite reconduction" in full_text(
        open_docx(render.render_consolidated(amended()))
    )


def test_a_term_of_three_years_renewed_each_year_is_refused(tmp_path: Path) -> None:
    avenant = LEAVING.replace("Retrait de la commune de Beaurains", "Durée").split(
        "    modifications:"
    )[0]
    avenant += "    modifications:\n      duree: {debut: 2026-01-01, mode: reconduction_tacite, "
    avenant += "annees: 3, preavis_mois: 6}\n"
    (finding,) = check_paths([write_leaving(tmp_path, avenant)]).findings
    assert (finding.path, finding.rule) == (
        "avenants[2].modifications.duree.annees",
        "avenant-term",
    )
    assert "renouvelable chaque année" in finding.message and "mode: ferme" in finding.hint


# --- a financial avenant -----------------------------------------------------------------------


def test_a_financial_avenant_pays_the_departements_share_as_article_8_1_says() -> None:
    document = open_docx(render.render_avenant(amended(), 1))
    lines = body(document)
    assert not [h for h in articles_of(document) if "8.1" in h]  # 8.1 is not changed…
    heading = f"Article 3{NBSP}: Modalités de versement"
    payment = lines[lines.index(heading) + 1]
    assert payment.startswith(
        "Conformément à la convention, la part du Département dans la dotation globale de "
        f"l’exercice 2025, soit {euros(Decimal('302959.68'))}, est versée par douzièmes, "
        "chaque mois, sous réserve de la disponibilité des crédits."
    )
    assert not [p for p in lines if p.startswith("La dotation globale")]  # …nor extended
    article = consolidated_units(amended())["8.1 Modalité de calcul et de versement de la dotation"]
    assert (
        "Le financement départemental ainsi calculé fait l’objet d’un versement par dotation "
        "mensuelle."
    ) in article
    assert signature_parties(document) == EVERY_PARTY[:-1]  # Beaurains joins with n° 2


# --- the consolidated version after each kind --------------------------------------------------

KINDS: dict[str, Callable[[], Convention]] = {
    "dotation": lambda: upto(amended(), 1),
    "adhésion et effectifs": amended,
    "effectifs": staffing_change,
    "durée": three_year_term,
}


@pytest.mark.parametrize("kind", KINDS)
def test_the_consolidated_version_carries_each_kind_of_change(kind: str) -> None:
    convention = KINDS[kind]()
    document = open_docx(render.render_avenant(convention, len(convention.avenants)))
    assert assert_found_in_consolidated(document, convention) >= 1


def test_the_consolidated_version_carries_a_withdrawal(leaving: Convention) -> None:
    document = open_docx(render.render_avenant(leaving, 3))
    assert assert_found_in_consolidated(document, leaving) == 3


# --- only signed avenants ----------------------------------------------------------------------


def test_the_consolidated_version_integrates_only_signed_avenants() -> None:
    base = amended()
    draft = Avenant(
        number=3,
        subject="Dotation 2026",
        authorisation=Authorisation("Commission permanente", None, None),
        signature=Signature("Arras", date(2026, 2, 20), None),  # a date, but nobody's authority
        dotation=DotationChange(2026, Decimal("330000")),
    )
    document = open_docx(
        render.render_consolidated(dataclasses.replace(base, avenants=(*base.avenants, draft)))
    )
    text = full_text(document)
    assert styled(document, "Version consolidée")[2:] == [
        f"avenant n°{NBSP}1 signé le {day('20 février 2025')}{NBSP}: Dotation 2025\u202f;",
        f"avenant n°{NBSP}2 signé le {day('16 juin 2025')}{NBSP}: Arrivée de la commune de "
        "Beaurains et nouvelle équipe.",
        f"Projet d’avenant n°{NBSP}3, non signé, non intégré{NBSP}: Dotation 2026.",
    ]
    assert euros(Decimal("318904.93")) in text and euros(Decimal(330000)) not in text
    assert "20 février 2026" not in text.replace(NBSP, " ")


def test_a_convention_whose_only_avenant_is_a_draft_is_printed_as_signed() -> None:
    revaluation = plan_budget(BUDGET).revaluations[0]  # the avenant a budget vote drafts
    assert revaluation.avenant.signature.date is not None  # its planned date of signature
    document = open_docx(render.render_consolidated(revaluation.amended))
    assert styled(document, "Version consolidée") == [
        "Version consolidée – document non contractuel",
        f"Texte de la convention telle que signée{NBSP}: aucun de ses avenants n’est encore "
        "signé. Seuls la convention et ses avenants signés font foi.",
        f"Projet d’avenant n°{NBSP}1, non signé, non intégré{NBSP}: Dotation 2025 après le vote "
        "du budget primitif.",
    ]
    text = full_text(document)
    assert "signé le" not in text
    assert euros(revaluation.previous) in text and euros(revaluation.new) not in text
    header = document.sections[0].header.paragraphs[0].text
    assert header.endswith("(version consolidée)")


# --- the examples of the documentation ---------------------------------------------------------


CITED_BY_THE_EXAMPLES = """
deliberations_externes:
  - {numero: 2025-301, date: 2025-06-02, transmission: 2025-06-04, publication: 2025-06-04}
  - {numero: 2025-612, date: 2025-11-17, transmission: 2025-11-19, publication: 2025-11-19}
  - {numero: 2026-110, date: 2026-03-02, transmission: 2026-03-04, publication: 2026-03-04}
  - {numero: 2026-250, date: 2026-06-01, transmission: 2026-06-03, publication: 2026-06-03}
"""


def test_the_examples_of_the_documentation_are_valid_avenants(tmp_path: Path) -> None:
    """docs/avenants.md gives one YAML example per kind of avenant, in order, for the
    convention « Avenir des Cités »: together they are clean, even for signature."""
    page = (ROOT / "docs" / "avenants.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", page, re.S)
    assert len(blocks) == 5
    folder = tmp_path / "contracts" / "pas-de-calais"
    folder.mkdir(parents=True)
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    shutil.copy(CONTRACTS / "pas-de-calais" / "departement.yaml", folder)
    shutil.copytree(CONTRACTS / "pas-de-calais" / "deliberations", folder / "deliberations")
    # The deliberations the examples cite that the Pas-de-Calais does not ship.
    with (folder / "departement.yaml").open("a", encoding="utf-8") as departement:
        departement.write(CITED_BY_THE_EXAMPLES)
    path = folder / "avenir-des-cites.yaml"
    source = (CONTRACTS / "pas-de-calais" / "avenir-des-cites.yaml").read_text(encoding="utf-8")
    path.write_text(source + "avenants:\n" + "".join(blocks), encoding="utf-8")
    assert check_paths([path], for_signature=True).findings == []
    (convention,) = check_paths([path]).conventions
    lines = body(open_docx(render.render_avenant(convention, 2)))
    assert (
        "La commune de Sallaumines cesse d’être partie à la convention à compter du "
        f"{day('1er juillet 2025')}. Sa participation au financement du service, de "
        f"1,66{NBSP}% de la dotation globale, prend fin à la même date."
    ) in lines
