"""A convention's life as one timeline: authorisations, enforceability, signatures.

Each fixture of tests/data/timeline/broken/ breaks one rule of the order of dates and
says, on its line 2, the finding it must give (line, field, rule). They live in a
Département with one deliberation file (deliberations/2023-601.yaml, enforceable on
3 January 2024) and one deliberation declared external (2025-045): checked alone or with
their folder, each fixture gives the same findings.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core.findings import Finding, Severity
from docgen.kinds.convention.timeline import Step, timeline

from .conftest import CONTRACTS, DATA, ROOT
from .helpers import check_paths

FOLDER = DATA / "timeline"
FIXTURES = sorted((FOLDER / "broken").glob("*.yaml"))
EXPECTED = re.compile(rb"# attendu : (\d+) (\S+) ([a-z-]+)")


def expectation(path: Path) -> tuple[int, str, str]:
    match = EXPECTED.search(path.read_bytes())
    assert match, f"{path} has no '# attendu :' line"
    line, field, rule = (g.decode() for g in match.groups())
    return int(line), field, rule


def where(findings: list[Finding]) -> list[tuple[str, int | None, str, str]]:
    return [(f.file, f.line, f.path, f.rule) for f in findings]


@pytest.fixture(scope="module")
def folder_findings() -> list[Finding]:
    return check_paths([FOLDER]).findings


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.stem)
def test_each_fixture_gives_its_finding_alone_and_in_its_folder(
    path: Path, folder_findings: list[Finding]
) -> None:
    line, field, rule = expectation(path)
    name = str(path.relative_to(ROOT))
    alone = check_paths([path]).findings
    assert where(alone) == [(name, line, field, rule)]
    # The file checked alone reads its Département's deliberations as its folder does.
    assert [f for f in folder_findings if f.file == name] == alone


def test_the_folder_gives_nothing_else(folder_findings: list[Finding]) -> None:
    assert {f.file for f in folder_findings} == {str(p.relative_to(ROOT)) for p in FIXTURES}, (
        "valid.yaml, its deliberation and the Département are clean"
    )


def _only(name: str, *, for_signature: bool = False) -> Finding:
    (finding,) = check_paths(
        [FOLDER / "broken" / f"{name}.yaml"], for_signature=for_signature
    ).findings
    return finding


# -- the messages: both dates, in French, and what to do --------------------------------


def test_an_authorisation_after_the_signature_names_both_dates() -> None:
    finding = _only("late-authorisation")
    assert finding.message == (
        "l'avenant n° 1 est signé le 24 février 2025, avant la délibération du conseil "
        "d'administration de l'association du 10 mars 2025 "
        "(avenants[0].habilitations.association) qui l'autorise"
    )
    assert "corrigez la date de signature" in finding.hint
    assert finding.severity is Severity.ERROR  # both dates are given: with or without signing


def test_an_authorisation_before_the_budget_vote_it_applies() -> None:
    finding = _only("early-authorisation")
    assert finding.message == (
        "la délibération du conseil municipal d’Arras du 1er juin 2024, qui autorise "
        "l'avenant n° 1, est antérieure au vote du budget qu'il applique, le 16 décembre "
        "2024 (avenants[0].vote_budget.date)"
    )
    assert "faites délibérer à nouveau" in finding.hint


def test_an_avenant_authorised_before_the_convention_is_signed() -> None:
    finding = _only("authorised-before-convention")
    assert "du 10 janvier 2024" in finding.message
    assert "antérieure à la signature de la convention qu'il modifie, le 15 janvier 2024 " in (
        finding.message
    )


def test_a_signature_before_enforceability_names_transmission_and_publication() -> None:
    finding = _only("signed-before-enforceable")
    assert finding.message == (
        "la convention est signée le 20 décembre 2023, avant que la délibération n° 2023-601 "
        "de la Commission permanente soit exécutoire, le 3 janvier 2024 (transmission au "
        "contrôle de légalité le 3 janvier 2024, publication le 3 janvier 2024 : "
        "deliberations/2023-601.yaml ; CGCT L3131-1)"
    )
    assert finding.severity is Severity.ERROR


def test_every_party_authorises_before_the_convention_is_signed() -> None:
    finding = _only("commune-authorises-late")
    assert "du conseil municipal d’Achicourt du 20 janvier 2024" in finding.message
    assert "(communes[1].deliberation_conseil)" in finding.message


def test_the_cited_date_is_the_deliberations_own() -> None:
    finding = _only("deliberation-mismatch")
    assert "du 12 décembre 2023, mais deliberations/2023-601.yaml la date du 11 décembre " in (
        finding.message
    )


# -- a deliberation cited but absent ------------------------------------------------------


def test_an_absent_deliberation_is_a_warning_and_an_error_for_signature() -> None:
    plain = _only("absent-deliberation")
    assert plain.severity is Severity.WARNING
    assert plain.message.startswith(
        "la délibération n° 2025-300 de la Commission permanente, qui autorise l'avenant "
        "n° 1, n'est pas dans le dépôt"
    )
    assert "quand l'avenant n° 1 a été signé, le 4 mars 2025" in plain.message
    assert "deliberations_externes: [{numero: 2025-300," in plain.hint
    signing = [
        f
        for f in check_paths(
            [FOLDER / "broken" / "absent-deliberation.yaml"], for_signature=True
        ).findings
        if f.rule == "deliberation-absent"
    ]
    assert [(f.line, f.path, f.severity) for f in signing] == [
        (plain.line, plain.path, Severity.ERROR)
    ]


def _departement_copy(tmp_path: Path, extra: str) -> Path:
    """The fixtures' Département in ``tmp_path``, its departement.yaml ending with ``extra``."""
    copy = tmp_path / "timeline"
    shutil.copytree(FOLDER, copy)
    departement = copy / "departement.yaml"
    departement.write_text(departement.read_text("utf-8") + extra, "utf-8")
    return copy


DECLARED = """  - numero: 2025-300
    date: 2025-03-03
    transmission: {sent}
    publication: {published}
"""


def test_a_deliberation_declared_external_is_not_absent(tmp_path: Path) -> None:
    copy = _departement_copy(tmp_path, DECLARED.format(sent="2025-03-04", published="2025-03-04"))
    contract = copy / "broken" / "absent-deliberation.yaml"
    assert check_paths([contract]).findings == []
    signing = check_paths([contract], for_signature=True).findings
    assert "deliberation-absent" not in {f.rule for f in signing}


def test_a_declared_deliberation_has_its_enforceability_checked(tmp_path: Path) -> None:
    copy = _departement_copy(tmp_path, DECLARED.format(sent="2025-03-05", published="2025-03-04"))
    (finding,) = check_paths([copy / "broken" / "absent-deliberation.yaml"]).findings
    assert (finding.path, finding.rule) == ("avenants[0].signature.date", "signature-enforceable")
    assert "exécutoire, le 5 mars 2025" in finding.message
    assert "departement.yaml, deliberations_externes[1]" in finding.message


def test_for_signature_a_declared_deliberation_must_be_transmitted(tmp_path: Path) -> None:
    copy = _departement_copy(tmp_path, DECLARED.format(sent="~", published="2025-03-04"))
    contract = copy / "broken" / "absent-deliberation.yaml"
    assert check_paths([contract]).findings == []  # a draft: the date is not known yet
    (finding,) = [
        f
        for f in check_paths([contract], for_signature=True).findings
        if f.path == "avenants[0].autorisation.numero"
    ]
    assert finding.rule == "signature-incomplete"
    assert "n'est pas encore exécutoire" in finding.message
    assert "sa date de transmission au contrôle de légalité manque" in finding.message


def test_a_declared_deliberation_is_transmitted_after_its_vote(tmp_path: Path) -> None:
    copy = _departement_copy(tmp_path, DECLARED.format(sent="2025-03-01", published="2025-03-04"))
    found = [f for f in check_paths([copy]).findings if f.file.endswith("departement.yaml")]
    assert [(f.path, f.rule) for f in found] == [
        ("deliberations_externes[1].transmission", "deliberation-dates")
    ]


def test_a_departement_tunes_the_new_rules(tmp_path: Path) -> None:
    copy = _departement_copy(
        tmp_path,
        "regles:\n"
        "  signature-enforceable: {actif: false, raison: contrôle fait par le service juridique}\n"
        "  deliberation-absent: {severite: erreur, raison: toutes nos délibérations sont ici}\n",
    )
    assert check_paths([copy / "broken" / "signed-before-enforceable.yaml"]).findings == []
    (absent,) = check_paths([copy / "broken" / "absent-deliberation.yaml"]).findings
    assert absent.severity is Severity.ERROR


# -- the timeline itself ---------------------------------------------------------------------


def test_the_timeline_of_a_convention_orders_its_events() -> None:
    (convention,) = check_paths([FOLDER / "valid.yaml"]).conventions
    events = timeline(convention).events
    assert [(e.day, e.step) for e in events] == [
        (date(2023, 11, 20), Step.AUTHORISATION),  # the association's board
        (date(2023, 12, 11), Step.AUTHORISATION),  # the Département's deliberation
        (date(2024, 1, 1), Step.EFFECT),
        (date(2024, 1, 3), Step.TRANSMISSION),
        (date(2024, 1, 3), Step.PUBLICATION),
        (date(2024, 1, 15), Step.SIGNATURE),
        (date(2024, 12, 31), Step.END),
    ]
    (stage,) = timeline(convention).stages
    assert stage.enforceable == date(2024, 1, 3)
    assert stage.citation.decision is not None
    assert stage.citation.decision.origin == "deliberations/2023-601.yaml"
    assert events[1].where == ("autorisation", "date")
    assert events[3].origin == "deliberations/2023-601.yaml" and events[3].where == ()


def test_an_avenant_stage_carries_its_own_authorisations_and_what_it_applies() -> None:
    (convention,) = check_paths([DATA / "contracts" / "amended.yaml"]).conventions
    first = timeline(convention).stages[1]
    assert first.label == "l'avenant n° 1"
    assert [(e.day, e.where[-1]) for e in first.authorisations] == [
        (date(2025, 2, 3), "date"),
        (date(2025, 1, 22), "association"),
        (date(2025, 1, 27), "62041"),
        (date(2025, 1, 30), "Achicourt"),
    ]
    assert "Achicourt" in first.authorisations[-1].what
    assert [b.event.day for b in first.bases] == [date(2024, 12, 16), date(2024, 1, 15)]
    assert first.citation.decision is not None and first.citation.decision.external
    assert first.effect is None  # in force from its signature
    dated = replace(convention.avenants[0], effect=date(2025, 3, 1))
    effect = timeline(replace(convention, avenants=(dated,))).stages[1].effect
    assert effect is not None and effect.step is Step.EFFECT
    assert (effect.day, effect.where) == (date(2025, 3, 1), ("avenants", 0, "date_effet"))


# -- the shipped repositories -----------------------------------------------------------------


def test_for_signature_the_shipped_contracts_lack_only_the_nords_signature_dates() -> None:
    found = check_paths([CONTRACTS], for_signature=True).findings
    assert where(found) == [
        ("contracts/nord/bassin-minier-2022.yaml", 74, "signature.date", "signature-incomplete"),
        ("contracts/nord/calpae-2022.yaml", 111, "signature.date", "signature-incomplete"),
    ]


# -- incremental builds -------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTRACTS / "pas-de-calais", tmp_path / "contracts" / "pas-de-calais")
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


RENDERED = re.compile(r"^(?:créé|mis à jour|inchangé) : build/pas-de-calais/(\S+)\.docx", re.M)
CONVENTIONS = 8  # of the Pas-de-Calais


def build() -> tuple[int, str, list[str]]:
    result = CliRunner().invoke(main, ["build", "--jobs", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output, RENDERED.findall(result.output)


def conventions(rendered: list[str]) -> list[str]:
    return [name for name in rendered if name.endswith("_convention")]


def test_a_changed_deliberation_checks_again_the_conventions_that_cite_it(repo: Path) -> None:
    code, output, rendered = build()
    assert code == 0 and len(conventions(rendered)) == CONVENTIONS, output
    assert build()[2] == []  # nothing changed: nothing checked again
    deliberation = repo / "contracts/pas-de-calais/deliberations/2023-601.yaml"
    text = deliberation.read_text("utf-8")
    deliberation.write_text(text.replace("  envoi: 2024-01-03\n", "  envoi: 2024-01-20\n"), "utf-8")
    code, output, _ = build()
    assert code == 1
    late = re.findall(
        r"^contracts/pas-de-calais/(\S+)\.yaml:\d+: signature\.date : .*"
        r"\[signature-enforceable\]$",
        output,
        re.M,
    )
    assert len(late) == CONVENTIONS, output


def test_a_deliberation_added_clears_the_warning_of_the_conventions(repo: Path) -> None:
    deliberation = repo / "contracts/pas-de-calais/deliberations/2023-601.yaml"
    kept = deliberation.read_bytes()
    deliberation.unlink()
    code, output, rendered = build()
    assert code == 0 and output.count("[deliberation-absent]") == CONVENTIONS, output
    code, output, rendered = build()
    assert rendered == [] and output.count("[deliberation-absent]") == CONVENTIONS
    deliberation.write_bytes(kept)
    code, output, rendered = build()
    assert code == 0 and "[deliberation-absent]" not in output, output
    assert len(conventions(rendered)) == CONVENTIONS
