"""Budget votes: amounts recomputed independently, dry run, all-or-nothing, idempotence."""

from __future__ import annotations

import os
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from docgen.cli import main

from .conftest import CONTRACTS
from .helpers import check_paths, plan_budget

BUDGET = Path("contracts/pas-de-calais/budgets/2025.yaml")
RATE = Decimal("1.021")
MEASURES = {"rencontres-et-loisirs": Decimal("15000")}


def expected_dotations(folder: Path) -> dict[str, Decimal]:
    """New dotations recomputed from the YAML text alone: previous × 1,021, half up, + measures."""
    expected = {}
    for path in sorted(folder.glob("*.yaml")):
        if path.name == "departement.yaml":
            continue
        previous = Decimal(re.search(r"^  dotation: (\S+)$", path.read_text("utf-8"), re.M)[1])  # type: ignore[index]
        grown = (previous * RATE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        expected[path.stem] = grown + MEASURES.get(path.stem, Decimal(0))
    return expected


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped contracts to apply budgets to."""
    shutil.copytree(CONTRACTS / "pas-de-calais", tmp_path / "contracts" / "pas-de-calais")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    # .docgen/ holds the repository's lock (created by the first writing command): no data.
    return {
        str(p): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and ".docgen" not in p.relative_to(folder).parts
    }


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_plan_matches_an_independent_computation() -> None:
    plan = plan_budget(BUDGET)
    expected = expected_dotations(CONTRACTS / "pas-de-calais")
    assert {r.convention.slug: r.new for r in plan.revaluations} == expected
    assert plan.total_new == sum(expected.values())
    assert plan.already_applied == ()


def test_dry_run_prints_the_totals_and_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    code, output = run("budget", "apply", "--dry-run", str(BUDGET))
    assert code == 0, output
    assert snapshot(repo) == before
    assert not (repo / "build").exists()
    total = sum(expected_dotations(repo / "contracts" / "pas-de-calais").values())
    total_line = next(line for line in output.splitlines() if line.startswith("Total"))
    figures = re.findall(r"[\d\u202f]+,\d\d", total_line)
    assert Decimal(figures[1].replace("\u202f", "").replace(",", ".")) == total
    assert "aucun fichier n'a été modifié" in output


def test_apply_appends_one_avenant_per_convention_and_renders_it(repo: Path) -> None:
    folder = repo / "contracts" / "pas-de-calais"
    before = snapshot(folder)
    expected = expected_dotations(folder)
    code, output = run("budget", "apply", str(BUDGET))
    assert code == 0, output
    for name, old in before.items():
        new = Path(name).read_bytes()
        if "/budgets/" in name or "/deliberations/" in name or name.endswith("departement.yaml"):
            assert new == old
        else:
            assert new.startswith(old)  # comments and formatting untouched: only appended
            assert b'budget: "BP-2025"' in new
    result = check_paths([repo / "contracts"])
    assert result.findings == []
    for convention in result.conventions:
        (avenant,) = convention.avenants
        assert avenant.dotation is not None
        assert avenant.dotation.amount == expected[convention.slug]
        docx = (
            repo
            / "build"
            / "pas-de-calais"
            / f"pas-de-calais_{convention.slug}_2025_avenant-1.docx"
        )
        text = "\n".join(p.text for p in Document(str(docx)).paragraphs)
        figures = f"{expected[convention.slug]:,.2f}".replace(",", "\u202f").replace(".", ",")
        assert f"{figures}\u00a0€" in text


def test_the_same_budget_twice_is_a_no_op(repo: Path) -> None:
    assert run("budget", "apply", str(BUDGET))[0] == 0
    after_first = snapshot(repo)
    code, output = run("budget", "apply", str(BUDGET))
    assert code == 0
    assert "déjà appliqué à toutes les conventions" in output
    assert snapshot(repo) == after_first


def test_one_invalid_contract_leaves_every_file_as_it_was(repo: Path) -> None:
    broken = repo / "contracts" / "pas-de-calais" / "elp.yaml"
    broken.write_text(broken.read_text("utf-8").replace("part: 2.5", "part: 2", 1), "utf-8")
    before = snapshot(repo)
    code, output = run("budget", "apply", str(BUDGET))
    assert code == 1
    assert "elp.yaml" in output and "communes-sum" in output
    assert "aucun fichier n'a été modifié" in output
    assert snapshot(repo) == before


def test_a_write_failing_midway_rolls_every_file_back(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(repo / "contracts")
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 4:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    code, output = run("budget", "apply", str(BUDGET))
    assert code == 2
    assert "disque plein : impossible d'écrire le fichier" in output
    monkeypatch.setattr(os, "replace", real_replace)
    assert snapshot(repo / "contracts") == before
    assert not list((repo / "contracts").rglob("*.tmp"))


def test_a_budget_naming_an_unknown_service_is_a_finding(repo: Path) -> None:
    budget = repo / BUDGET
    budget.write_text(
        budget.read_text("utf-8").replace("rencontres-et-loisirs", "rencontres"), "utf-8"
    )
    code, output = run("check", "contracts/")
    assert code == 1
    assert "budgets/2025.yaml:" in output and "mesures_nouvelles[0].service" in output
    assert "[budget-service]" in output


def test_a_vote_applied_to_some_conventions_only_is_refused(repo: Path) -> None:
    elp = repo / "contracts" / "pas-de-calais" / "elp.yaml"
    original = elp.read_bytes()
    assert run("budget", "apply", str(BUDGET))[0] == 0
    elp.write_bytes(original)  # someone removed ELP's avenant by hand
    before = snapshot(repo / "contracts")
    code, output = run("budget", "apply", str(BUDGET))
    assert code == 1
    assert "déjà appliqué à" in output and "rien n'est écrit" in output
    assert snapshot(repo / "contracts") == before


def test_avenants_must_be_the_last_key_to_be_appended_to(repo: Path) -> None:
    alaj = repo / "contracts" / "pas-de-calais" / "alaj.yaml"
    text = alaj.read_text("utf-8")
    head, tail = text.split("financement:", 1)
    alaj.write_text(head + "avenants: []\nfinancement:" + tail, "utf-8")
    before = snapshot(repo / "contracts")
    code, output = run("budget", "apply", str(BUDGET))
    assert code == 1  # a finding of the vote ([budget-apply]), which check reports too
    assert run("check", "contracts/")[0] == 1
    assert "alaj.yaml" in output and "doit être la dernière du fichier" in output
    assert snapshot(repo / "contracts") == before


def test_a_second_vote_of_an_exercise_already_applied_is_refused(repo: Path) -> None:
    assert run("budget", "apply", str(BUDGET))[0] == 0
    text = (repo / BUDGET).read_text("utf-8")
    same_year = repo / BUDGET.with_name("2025-bis.yaml")
    same_year.write_text(text.replace("reference: BP-2025", "reference: BS-2025"), "utf-8")
    before = snapshot(repo)
    for args in (("budget", "apply"), ("budget", "apply", "--simulation"), ("check",)):
        code, output = run(*args, str(same_year))
        assert code == 1, output
        assert (
            "elp.yaml : la dotation de l'exercice 2025 est déjà fixée par l'avenant n° 1 "
            "(vote du budget BP-2025) : le vote BS-2025 la réévaluerait une seconde fois"
        ) in output
        assert "[budget-apply]" in output
    assert snapshot(repo) == before
    earlier = same_year.with_name("2024.yaml")
    earlier.write_text(
        text.replace("reference: BP-2025", "reference: BP-2024").replace(
            "annee: 2025", "annee: 2024"
        ),
        "utf-8",
    )
    code, output = run("budget", "apply", str(earlier))
    assert code == 1, output
    assert "le vote BP-2024 porte sur un exercice antérieur (2024)" in output
    assert snapshot(repo) == {**before, str(earlier): earlier.read_bytes()}


def test_a_vote_changed_after_it_was_applied_is_refused(repo: Path) -> None:
    assert run("budget", "apply", str(BUDGET))[0] == 0
    docx = repo / "build" / "pas-de-calais" / "pas-de-calais_elp_2025_avenant-1.docx"
    applied = "\n".join(p.text for p in Document(str(docx)).paragraphs)
    assert "413\u202f829,92\u00a0€" in applied  # 405 318,24 € × 1,021
    vote = repo / BUDGET
    vote.write_text(vote.read_text("utf-8").replace("taux_evolution: 2.1", "taux_evolution: 2.2"))
    before = snapshot(repo)
    for args in (("budget", "apply"), ("check",)):
        code, output = run(*args, str(vote))
        assert code == 1, output
        assert (
            "elp.yaml : son avenant n° 1, ajouté par le vote BP-2025, ne dit plus ce que le "
            "vote donne : dotation de 413\u202f829,92\u00a0€ au lieu de 414\u202f235,24\u00a0€"
        ) in output
        assert "déjà appliqué" not in output
    assert snapshot(repo) == before
    # The derogations and the measures are compared too: the amount each avenant carries.
    vote.write_text(
        vote.read_text("utf-8").replace("taux_evolution: 2.2", "taux_evolution: 2.1")
        + "derogations: [{service: la-spirale, dotation: 360000, motif: reprise}]\n"
    )
    code, output = run("check", str(vote))
    assert code == 1, output
    assert output.count("[budget-apply]") == 1 and "la-spirale.yaml" in output


def test_an_avenant_open_in_a_word_processor_is_not_replaced(repo: Path) -> None:
    folder = repo / "contracts" / "pas-de-calais"
    before_apply = snapshot(folder)
    assert run("budget", "apply", str(BUDGET))[0] == 0
    # The vote is corrected and applied again, its avenants removed first, while the
    # juriste has ELP's avenant open in LibreOffice.
    for name, data in before_apply.items():
        Path(name).write_bytes(data)
    vote = repo / BUDGET
    vote.write_text(vote.read_text("utf-8").replace("taux_evolution: 2.1", "taux_evolution: 2.2"))
    build = repo / "build" / "pas-de-calais"
    (build / ".~lock.pas-de-calais_elp_2025_avenant-1.docx#").write_text("x,juriste;", "utf-8")
    before = snapshot(repo)
    code, output = run("budget", "apply", str(BUDGET))
    assert code == 2, output
    assert "pas-de-calais_elp_2025_avenant-1.docx est ouvert dans un traitement de texte" in output
    assert snapshot(repo) == before
    text = "\n".join(
        p.text for p in Document(str(build / "pas-de-calais_elp_2025_avenant-1.docx")).paragraphs
    )
    assert "413\u202f829,92\u00a0€" in text  # what the juriste reads is what the file holds
    code, output = run("budget", "apply", "--force", str(BUDGET))
    assert code == 0, output
    text = "\n".join(
        p.text for p in Document(str(build / "pas-de-calais_elp_2025_avenant-1.docx")).paragraphs
    )
    assert "414\u202f235,24\u00a0€" in text
