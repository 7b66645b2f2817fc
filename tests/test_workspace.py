"""The workspace reads, validates and types each file once per run, whatever cites it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docgen.commands.budget import apply
from docgen.commands.build import build
from docgen.core.workspace import Workspace
from docgen.registry import default_registry

from .conftest import CONTRACTS

BUDGET = Path("contracts/pas-de-calais/budgets/2025.yaml")
DELIBERATION = Path("contracts/pas-de-calais/deliberations/2025-045.yaml")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTRACTS / "pas-de-calais", tmp_path / "contracts" / "pas-de-calais")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def yaml_files(root: Path) -> set[Path]:
    return {p.resolve() for p in (root / "contracts").rglob("*.yaml")}


def test_a_deliberation_citing_a_budget_vote_reads_each_file_once(repo: Path) -> None:
    # 2025-045 covers the avenants of BP-2025 before it is applied: the vote is planned
    # over every convention of the Département, each checked, all from one reading.
    workspace = Workspace(default_registry())
    result = build([DELIBERATION], repo / "out", workspace=workspace)
    # The deliberation, its 8 projets d'avenant, the financial annex and the list.
    assert result.findings == [] and result.produced == 11
    read = set(workspace.reads)
    # Every file, 2023-601 too: each convention looks up the deliberation it cites.
    assert read == yaml_files(repo)
    assert set(workspace.reads.values()) == {1}
    assert set(workspace.validations.values()) == {1}
    # That one is only parsed, for its number and dates: its own check is not this run's.
    other = (repo / "contracts/pas-de-calais/deliberations/2023-601.yaml").resolve()
    assert {path for path, _ in workspace.validations} == read - {other}


def test_applying_a_vote_then_rendering_its_deliberation_reads_each_file_once(
    repo: Path,
) -> None:
    workspace = Workspace(default_registry())
    applied = apply(BUDGET, repo / "out", workspace=workspace)
    assert applied.findings == [] and applied.produced == 8
    rendered = build([DELIBERATION], repo / "out", workspace=workspace)
    assert rendered.findings == [] and rendered.produced == 11
    assert set(workspace.reads.values()) == {1}  # from disk, once each
    # Each version is validated once: the eight conventions as they were, and as written
    # with their new avenant (checked before anything is written).
    assert set(workspace.validations.values()) == {1}
    versions = [path for path, _ in workspace.validations]
    conventions = {p for p in versions if versions.count(p) == 2}
    assert len(conventions) == 8


def test_an_overlaid_file_is_a_new_version(repo: Path) -> None:
    workspace = Workspace(default_registry())
    path = repo / "contracts/pas-de-calais/alaj.yaml"
    before = workspace.entry(path)
    workspace.overlay({path: path.read_bytes().replace(b"dotation: 298764.31", b"dotation: 1")})
    after = workspace.entry(path)
    assert before.model.funding.dotation != after.model.funding.dotation
    assert workspace.reads[path.resolve()] == 1
