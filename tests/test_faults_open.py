"""The faults of the issue « Faults still open », each reproduced through the command line
(in-process with CliRunner): a finding or a French message, never a traceback, and an
exit code that says what happened."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main

from .conftest import CONTRACTS
from .helpers import check_paths

FOLDER = "contracts/pas-de-calais"
ALAJ = f"{FOLDER}/alaj.yaml"
VOTE = f"{FOLDER}/budgets/2025.yaml"
DELIBERATION = f"{FOLDER}/deliberations/2025-045.yaml"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A contracts repository with the Pas-de-Calais's files, run from its root."""
    shutil.copytree(CONTRACTS / "pas-de-calais", tmp_path / FOLDER)
    (tmp_path / "docgen.toml").write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def edit(path: str, old: str, new: str) -> None:
    file = Path(path)
    text = file.read_text("utf-8")
    assert old in text, old
    file.write_text(text.replace(old, new, 1), "utf-8")


# -- 1. dates past the calendar ------------------------------------------------------------


def test_1_a_start_in_9999_is_a_finding_in_every_command(repo: Path) -> None:
    edit(ALAJ, "debut: 2024-01-01", "debut: 9999-12-31")
    code, output = run("check", ALAJ)
    assert code == 1
    assert "alaj.yaml:45: duree.debut : date invraisemblable : 9999-12-31" in output
    assert "[date-plausible]" in output

    code, output = run("build", FOLDER)
    assert code == 1
    assert "date invraisemblable : 9999-12-31" in output
    assert not list(repo.glob("build/**/*alaj*"))

    code, output = run("budget", "apply", VOTE)
    assert code == 1
    assert "date invraisemblable : 9999-12-31" in output
    assert "budget non appliqué" in output

    code, output = run("deliberation", DELIBERATION)
    assert code == 1
    assert "alaj.yaml ne passe pas docgen check" in output


def test_1_with_the_date_rule_switched_off_the_end_is_left_blank(repo: Path) -> None:
    edit(ALAJ, "debut: 2024-01-01", "debut: 9999-12-31")
    departement = Path(FOLDER, "departement.yaml")
    departement.write_text(
        departement.read_text("utf-8")
        + "regles:\n  date-plausible: {actif: false, raison: conventions anciennes}\n"
        "  term-dates: {actif: false, raison: conventions anciennes}\n",
        "utf-8",
    )
    code, output = run("build", ALAJ)
    assert code == 0, output
    assert (repo / "build" / "pas-de-calais" / "pas-de-calais_alaj_2024_convention.docx").exists()


DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _date_lines(path: Path) -> list[int]:
    lines = path.read_text("utf-8").splitlines()
    return [i for i, line in enumerate(lines) if DATE.search(line) and "#" not in line]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2024-02-29"])
@pytest.mark.parametrize("name", ["alaj.yaml", "budgets/2025.yaml", "deliberations/2025-045.yaml"])
def test_1_every_date_at_the_ends_of_the_calendar_is_checked(
    repo: Path, name: str, day: str
) -> None:
    """Each date of a convention, a vote and a deliberation, set to the calendar's first or
    last day, or to a 29 February (the signature delay added to it): findings only."""
    path = repo / FOLDER / name
    original = path.read_text("utf-8").splitlines(keepends=True)
    for index in _date_lines(path):
        lines = list(original)
        lines[index] = DATE.sub(day, lines[index], count=1)
        path.write_text("".join(lines), "utf-8")
        found = check_paths([path]).findings  # raises on a traceback
        if day != "2024-02-29":
            assert any(day in f.message for f in found), (index, lines[index])


def test_1_the_rules_a_deliberation_is_computed_from_cannot_be_switched_off(repo: Path) -> None:
    """Found on the way: with deliberation-contract switched off, a deliberation citing
    contracts in error covered nothing, and its financial annex was a traceback."""
    edit(ALAJ, "debut: 2024-01-01", "debut: 9999-12-31")
    departement = Path(FOLDER, "departement.yaml")
    departement.write_text(
        departement.read_text("utf-8")
        + "regles:\n  deliberation-contract: {actif: false, raison: essai}\n"
        "  budget-apply: {actif: false, raison: essai}\n",
        "utf-8",
    )
    code, output = run("check")
    assert code == 1
    assert "regles.deliberation-contract" in output and "[rule-setting]" in output
