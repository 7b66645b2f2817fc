"""Each fixture in tests/data breaks one rule and says, in its "# attendu :" line,
the exact finding it must produce: line, field path, rule id."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from docgen.core.findings import Severity

from .conftest import CONTRACTS, DATA, ROOT
from .helpers import check_paths

FIXTURES = sorted((DATA / "contracts" / "broken").glob("*.yaml"))
BROKEN = [*FIXTURES, DATA / "encadrement" / "staffing-ratio.yaml"]
EXPECTED = re.compile(rb"# attendu : (\d+) (\S+) ([a-z-]+)")


def expectation(path: Path) -> tuple[int, str, str]:
    if path.name == "yaml-empty.yaml":
        return 1, "", "yaml-invalid"
    match = EXPECTED.search(path.read_bytes())
    assert match, f"{path} has no '# attendu :' line"
    line, field, rule = (g.decode() for g in match.groups())
    return int(line), "" if field == "-" else field, rule


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_each_broken_fixture_gives_exactly_its_finding(path: Path) -> None:
    result = check_paths([path])
    line, field, rule = expectation(path)
    assert [(f.file, f.line, f.path, f.rule) for f in result.findings] == [
        (str(path.relative_to(ROOT)), line, field, rule)
    ]
    # A warning does not stop the convention from being rendered; an error does.
    assert len(result.conventions) == (1 if rule == "commune-departement" else 0)


def test_the_shipped_contracts_are_clean() -> None:
    result = check_paths([CONTRACTS])
    assert result.findings == []
    # The Pas-de-Calais: its Département, 8 conventions, 1 budget vote, 2 deliberations;
    # the Nord (seed 002): its Département and 2 conventions; Mayotte: 2 files.
    assert len(result.conventions) == 11
    assert len(result.files) == 18


def test_valid_fixture_is_clean() -> None:
    result = check_paths([DATA / "contracts" / "valid.yaml"])
    assert result.findings == []
    convention = result.conventions[0]
    assert convention.association.address.postcode == "01000"
    assert convention.association.name == "Dupont & Fils <Association>"


def test_communes_sum_message_matches_the_issue() -> None:
    (finding,) = check_paths([DATA / "contracts" / "broken" / "communes-sum.yaml"]).findings
    assert finding.text().startswith(
        "tests/data/contracts/broken/communes-sum.yaml:34: communes[1].part : "
        "les parts des communes totalisent 4,75\u00a0%, 5\u00a0% attendus"
    )


def test_all_findings_of_all_files_in_one_run() -> None:
    result = check_paths([DATA / "contracts"])
    reported = {f.file for f in result.findings}
    assert len(reported) == len(list((DATA / "contracts" / "broken").glob("*.yaml")))


def test_staffing_ratio_comes_from_the_departement_file() -> None:
    (finding,) = check_paths([DATA / "encadrement" / "staffing-ratio.yaml"]).findings
    assert "au plus 1 pour 6" in finding.message
    # The same staffing passes under the Pas-de-Calais, which declares no ratio.
    assert check_paths([DATA / "contracts" / "valid.yaml"]).findings == []


def test_a_warning_is_not_an_error() -> None:
    (finding,) = check_paths([DATA / "contracts" / "broken" / "commune-departement.yaml"]).findings
    assert finding.severity is Severity.WARNING


def test_a_convention_without_departement_file(tmp_path: Path) -> None:
    lone = tmp_path / "lone.yaml"
    lone.write_bytes((DATA / "contracts" / "valid.yaml").read_bytes())
    rules = [f.rule for f in check_paths([lone]).findings]
    assert rules == ["departement-missing"]


def test_a_convention_of_a_departement_without_its_file_says_what_to_create(
    tmp_path: Path,
) -> None:
    # A pull request that adds the first convention of a new Département.
    lone = tmp_path / "contracts" / "somme" / "amiens.yaml"
    lone.parent.mkdir(parents=True)
    lone.write_bytes((DATA / "contracts" / "valid.yaml").read_bytes())
    (finding,) = check_paths([lone]).findings
    assert finding.rule == "departement-missing"
    assert finding.hint is not None
    assert finding.hint.startswith(
        "créez contracts/somme/departement.yaml (docgen init somme l'écrit, à remplir)"
    )


def test_departement_shares_must_add_up() -> None:
    (finding,) = check_paths([DATA / "departement-split"]).findings
    assert (finding.file, finding.line, finding.path, finding.rule) == (
        "tests/data/departement-split/departement.yaml",
        28,
        "repartition.communes",
        "split-sum",
    )
    assert "totalisent 95\u00a0%, 100\u00a0% attendus" in finding.message


def test_amounts_reconcile_catches_a_split_that_loses_a_cent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import dataclasses

    from docgen.kinds.convention import rules as convention_rules

    real = convention_rules.split_dotation

    def losing_a_cent(conv):  # type: ignore[no-untyped-def]
        split = real(conv)
        if split is None:
            return None
        return dataclasses.replace(split, departement=split.departement - Decimal("0.01"))

    monkeypatch.setattr(convention_rules, "split_dotation", losing_a_cent)
    (finding,) = check_paths([DATA / "contracts" / "valid.yaml"]).findings
    assert (finding.path, finding.rule) == ("financement.dotation", "amounts-reconcile")


def test_for_signature_only_adds_findings_to_the_plain_check(tmp_path: Path) -> None:
    from docgen.commands.check import check as run_check

    # A Département on docgen's stock templates, which print values it does not give.
    stock = tmp_path / "stock"
    shutil.copytree(ROOT / "contracts" / "mayotte", stock / "contracts" / "mayotte")
    (stock / "docgen.toml").write_text("", encoding="utf-8")
    draft = stock / "contracts" / "mayotte" / "mamoudzou-nord.yaml"  # not signed yet
    text = draft.read_text("utf-8").replace("  date: 2025-01-20\n", "  date: ~\n")
    draft.write_text(text.replace("  date: 2024-12-16\n", "  date: ~\n"), "utf-8")
    for paths in ([ROOT / "contracts"], [stock / "contracts"]):
        plain = run_check(paths).findings
        signing = run_check(paths, for_signature=True).findings
        missing = [f for f in plain if f not in signing]
        assert not missing, missing
    plain = run_check([stock / "contracts"]).findings
    assert [f for f in plain if f.rule == "template-value-missing"], plain
    signing = run_check([stock / "contracts"], for_signature=True).findings
    assert [f for f in signing if f.rule == "signature-incomplete"], signing
