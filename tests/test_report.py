from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core.findings import Severity
from docgen.report import render_report

from .conftest import DATA, SCHEMAS
from .helpers import check_paths

BROKEN = DATA / "contracts" / "broken"
MIXED = [
    BROKEN / "communes-sum.yaml",
    BROKEN / "commune-departement.yaml",
    DATA / "contracts" / "valid.yaml",
]


def test_json_is_stable_and_complete() -> None:
    document = json.loads(render_report(check_paths(MIXED), "json"))
    assert document["version"] == 1
    assert document["summary"] == {
        "files": 3,
        "errors": 1,
        "warnings": 1,
        "text": "3 fichiers vérifiés : 1 erreur et 1 avertissement dans 2 fichiers.",
    }
    assert document["findings"][1] == {
        "file": "tests/data/contracts/broken/communes-sum.yaml",
        "line": 34,
        "column": None,
        "path": "communes[1].part",
        "rule": "communes-sum",
        "severity": "erreur",
        "message": "les parts des communes totalisent 4,75\u00a0%, 5\u00a0% attendus",
        "hint": "ajustez les parts pour qu'elles fassent 5\u00a0% ensemble",
    }
    assert document["findings"][0]["severity"] == "avertissement"


def test_junit_has_one_case_per_contract_and_parses_back() -> None:
    root = ET.fromstring(render_report(check_paths(MIXED), "junit").encode("utf-8"))
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "0")
    cases = {case.get("name"): case for case in suite.findall("testcase")}
    assert set(cases) == {str(p.relative_to(DATA.parent.parent)) for p in MIXED}
    failure = cases["tests/data/contracts/broken/communes-sum.yaml"].find("failure")
    assert failure is not None
    assert failure.get("type") == "communes-sum"
    assert "communes-sum.yaml:34: communes[1].part" in (failure.text or "")
    # A warning is reported but does not fail its case.
    warned = cases["tests/data/contracts/broken/commune-departement.yaml"]
    assert warned.find("failure") is None
    assert "commune-departement" in (warned.findtext("system-out") or "")
    assert list(cases["tests/data/contracts/valid.yaml"]) == []


def test_github_workflow_commands() -> None:
    lines = render_report(check_paths(MIXED), "github").splitlines()
    assert lines[0].startswith(
        "::warning file=tests/data/contracts/broken/commune-departement.yaml,line=29,"
        "title=commune-departement::communes[1].insee : le code INSEE 59350"
    )
    assert lines[1].startswith(
        "::error file=tests/data/contracts/broken/communes-sum.yaml,line=34,title=communes-sum::"
        "communes[1].part : les parts des communes totalisent 4,75\u00a0%25, 5\u00a0%25 attendus"
    )
    assert lines[2] == "3 fichiers vérifiés : 1 erreur et 1 avertissement dans 2 fichiers."


def test_ci_reports_name_files_from_the_repository_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GitHub places an annotation by the file's path in the repository: run from a
    # subfolder, a path from the current folder would annotate nothing.
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "contracts" / "nord"
    folder.mkdir(parents=True)
    shutil.copy(DATA / "contracts" / "departement.yaml", folder)
    shutil.copy(BROKEN / "communes-sum.yaml", folder)
    monkeypatch.chdir(folder)
    github = CliRunner().invoke(main, ["check", "--format", "github", "communes-sum.yaml"])
    assert github.exit_code == 1
    assert github.stdout.startswith(
        "::error file=contracts/nord/communes-sum.yaml,line=34,title=communes-sum::"
    )
    junit = CliRunner().invoke(main, ["check", "--format", "junit", "."])
    cases = ET.fromstring(junit.stdout.encode("utf-8")).iter("testcase")
    assert {(c.get("name"), c.get("file")) for c in cases} == {
        ("communes-sum.yaml", "contracts/nord/communes-sum.yaml"),
        ("departement.yaml", "contracts/nord/departement.yaml"),
    }


def test_text_groups_by_file() -> None:
    text = render_report(check_paths(MIXED), "text")
    first, blank, second, summary = text.splitlines()
    assert (
        "commune-departement.yaml:29" in first and blank == "" and "communes-sum.yaml:34" in second
    )
    assert summary.startswith("3 fichiers vérifiés")


def test_strict_makes_warnings_fail() -> None:
    path = str(BROKEN / "commune-departement.yaml")
    assert CliRunner().invoke(main, ["check", path]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "--strict", path]).exit_code == 1


def test_strict_fails_warnings_in_every_ci_format() -> None:
    # A CI report that shows every contract passed while --strict fails the job would
    # leave the juriste looking for what failed.
    path = str(BROKEN / "commune-departement.yaml")
    junit = CliRunner().invoke(main, ["check", "--strict", "--format", "junit", path])
    assert junit.exit_code == 1
    (suite,) = ET.fromstring(junit.stdout.encode("utf-8")).findall("testsuite")
    assert suite.get("failures") == "1"
    (case,) = suite.findall("testcase")
    failure = case.find("failure")
    assert failure is not None
    assert (failure.get("message"), failure.get("type")) == (
        "1 avertissement",
        "commune-departement",
    )
    github = CliRunner().invoke(main, ["check", "--strict", "--format", "github", path])
    assert github.exit_code == 1
    first, last = github.stdout.splitlines()
    assert first.startswith("::error file=tests/data/contracts/broken/commune-departement.yaml,")
    assert last.endswith("Avec --strict, les avertissements font échouer la vérification.")
    # Without --strict, the same warning passes, and says so.
    relaxed = CliRunner().invoke(main, ["check", "--format", "junit", path])
    assert relaxed.exit_code == 0
    assert 'failures="0"' in relaxed.stdout


def test_for_signature_requires_what_the_template_prints() -> None:
    draft = DATA / "contracts" / "draft.yaml"
    assert check_paths([draft]).findings == []
    found = check_paths([draft], for_signature=True).sorted_findings()
    assert [(f.line, f.path, f.rule) for f in found] == [
        (21, "communes[0].deliberation_conseil", "signature-incomplete"),
        (28, "communes[1].deliberation_conseil", "signature-incomplete"),
        (52, "signature.date", "signature-incomplete"),
        (53, "signature.exemplaires", "signature-incomplete"),
        (56, "autorisation.date", "signature-incomplete"),
        # The model convention cites the authorising deliberation by its date (seed 001).
    ]
    assert CliRunner().invoke(main, ["check", "--for-signature", str(draft)]).exit_code == 1
    # The Pas-de-Calais conventions are signed; the Nord's are projects, as in the seed.
    assert check_paths([Path("contracts/pas-de-calais")], for_signature=True).findings == []


def test_departement_settings_switch_off_and_raise_rules() -> None:
    result = check_paths([DATA / "overrides"])
    # staffing-ratio is switched off; commune-departement is raised from warning to error.
    assert [(f.rule, f.severity) for f in result.findings] == [
        ("commune-departement", Severity.ERROR)
    ]
    # The same staffing under the Nord's file (no settings) breaks the ratio.
    assert [f.rule for f in check_paths([DATA / "encadrement"]).findings] == ["staffing-ratio"]


def test_a_setting_needs_a_reason_and_a_known_rule(tmp_path: Path) -> None:
    text = (DATA / "overrides" / "departement.yaml").read_text(encoding="utf-8")
    text = text.replace("    raison: ratio suspendu pendant la renégociation du CPOM\n", "")
    text = text.replace("  commune-departement:", "  commune-departemnt:")
    (tmp_path / "departement.yaml").write_text(text, encoding="utf-8")
    rules = sorted(f.rule for f in check_paths([tmp_path]).findings)
    assert rules == ["invalid-value", "required-field"]


def test_departement_schema_names_every_tunable_rule() -> None:
    import json

    from docgen.commands.reference import rule_ids
    from docgen.registry import default_registry

    schema = json.loads((SCHEMAS / "departement.schema.json").read_text("utf-8"))
    enum = schema["properties"]["regles"]["propertyNames"]["enum"]
    assert enum == rule_ids(default_registry())


def test_departement_settings_apply_to_deliberations(tmp_path: Path) -> None:
    import shutil

    essai = tmp_path / "essai"
    shutil.copytree(DATA / "deliberations" / "essai", essai)
    departement = essai / "departement.yaml"
    departement.write_text(
        departement.read_text("utf-8")
        + "regles:\n  vote-count:\n    severite: avertissement\n"
        + "    raison: décompte des voix repris par le service des assemblées\n",
        "utf-8",
    )
    (finding,) = check_paths([essai / "broken" / "deliberations" / "vote-sum.yaml"]).findings
    assert (finding.rule, finding.severity) == ("vote-count", Severity.WARNING)


def _with_settings(tmp_path: Path, settings: str) -> Path:
    import shutil

    from .conftest import CONTRACTS

    folder = tmp_path / "pas-de-calais"
    shutil.copytree(CONTRACTS / "pas-de-calais", folder)
    departement = folder / "departement.yaml"
    departement.write_text(departement.read_text("utf-8") + "regles:\n" + settings, "utf-8")
    return folder


def test_settings_apply_to_budget_votes_too(tmp_path: Path) -> None:
    folder = _with_settings(
        tmp_path, "  budget-service:\n    actif: false\n    raison: services renommés en 2025\n"
    )
    budget = folder / "budgets" / "2025.yaml"
    budget.write_text(budget.read_text("utf-8").replace("rencontres-et-loisirs", "inconnu"))
    assert check_paths([folder]).findings == []


def test_an_invariant_cannot_be_switched_off(tmp_path: Path) -> None:
    folder = _with_settings(
        tmp_path, "  communes-sum:\n    actif: false\n    raison: parts négociées à part\n"
    )
    alaj = folder / "alaj.yaml"
    alaj.write_text(alaj.read_text("utf-8").replace("part: 5", "part: 4"), "utf-8")
    findings = check_paths([folder]).findings
    found = {(f.file.rsplit("/", 1)[-1], f.path, f.rule) for f in findings}
    assert ("alaj.yaml", "communes[0].part", "communes-sum") in found  # still checked
    assert ("departement.yaml", "regles.communes-sum", "rule-setting") in found
    (setting,) = [f for f in check_paths([folder]).findings if f.rule == "rule-setting"]
    assert "ne peut être ni désactivée ni affaiblie" in setting.message
