"""What ``check`` reports of a budget vote that ``budget apply`` would refuse: found one
convention at a time, in the worker that checks it, and put together in the vote's
findings exactly as the apply's trial of the whole vote gives them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from docgen.commands.budget_trial import trial
from docgen.commands.check import check
from docgen.commands.check_votes import Votes
from docgen.core import parallel
from docgen.core.findings import Finding, Severity
from docgen.core.workspace import Workspace
from docgen.kinds import budget as budget_kind
from docgen.kinds.budget import Budget
from docgen.registry import default_registry

from .conftest import CONTRACTS
from .helpers import new_file_texts, plan_budget

FOLDER = Path("contracts/pas-de-calais")
VOTE = FOLDER / "budgets" / "2025.yaml"
APPLIED = ("avenir-des-cites", "maurice-schumann")  # their avenant of the vote is written
UNAPPENDABLE = "elp"  # its avenants: key is not the file's last: the avenant cannot be added


@pytest.fixture
def refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The Pas-de-Calais, where applying the vote is refused for every reason at once: it
    is applied to two conventions already, one convention cannot take its avenant, and it
    signs the others' avenants before their conventions (after its own date is changed)."""
    shutil.copytree(CONTRACTS / "pas-de-calais", tmp_path / FOLDER)
    monkeypatch.chdir(tmp_path)
    for path, (_, amended) in new_file_texts(plan_budget(VOTE)).items():
        if path.stem in APPLIED:
            path.write_bytes(amended)
    elp = FOLDER / f"{UNAPPENDABLE}.yaml"
    head, tail = elp.read_text("utf-8").split("financement:", 1)
    elp.write_text(f"{head}avenants: []\nfinancement:{tail}", "utf-8")
    text = VOTE.read_text("utf-8")
    VOTE.write_text(text.replace("    date: 2025-02-24", "    date: 2023-06-01"), "utf-8")
    return tmp_path


def apply_refusals() -> tuple[Finding, ...]:
    """What ``budget apply`` refuses: its trial of the whole vote at once."""
    ws = Workspace(default_registry())
    planned = budget_kind.plan_in(ws, VOTE)
    assert planned.plan is not None, planned.findings
    return trial(ws, planned.plan).findings


def vote_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule == budget_kind.APPLY_RULE]


def named(findings: list[Finding]) -> list[str]:
    """The conventions the vote's findings name, in their order (once per finding)."""
    return [
        m[1]
        for f in findings
        if (m := re.match(r"contracts/pas-de-calais/(\S+)\.yaml :", f.message))
    ]


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork on this system")
def test_one_job_or_two_give_the_refusals_of_budget_apply_in_its_order(refused: Path) -> None:
    expected = list(apply_refusals())
    tried = [
        c.stem
        for c in sorted(FOLDER.glob("*.yaml"))
        if c.stem not in APPLIED and c.stem != "departement"
    ]
    assert "déjà appliqué à avenir-des-cites, maurice-schumann" in expected[0].message
    # The convention that cannot take its avenant first, then each of the others twice
    # (its avenant signed before the convention, and before the deliberation that
    # authorises it), in the conventions' order: what ``trial`` gives, vote as a whole.
    others = [c for c in tried if c != UNAPPENDABLE]
    assert named(expected) == [UNAPPENDABLE] + [c for c in others for _ in range(2)]

    one = check([Path("contracts")], jobs=1).findings
    two = check([Path("contracts")], jobs=2).findings
    assert two == one  # every finding, in the same order, whatever the number of workers
    assert vote_findings(one) == expected
    # Only the vote named: its conventions are tried in tasks of their own.
    assert vote_findings(check([VOTE], jobs=2).findings) == expected
    assert vote_findings(check([VOTE, FOLDER / "alaj.yaml"], jobs=1).findings) == expected


def test_a_vote_one_of_whose_conventions_has_an_error_is_not_tried(refused: Path) -> None:
    alaj = FOLDER / "alaj.yaml"
    alaj.write_text(
        alaj.read_text("utf-8").replace("  date: 2024-01-15", "  date: 2024-13-15", 1), "utf-8"
    )
    findings = check([Path("contracts")], jobs=1).findings
    assert any(f.file.endswith("alaj.yaml") and f.severity is Severity.ERROR for f in findings)
    assert vote_findings(findings) == []  # the convention's error is reported, not the vote


def test_the_conventions_tried_one_by_one_give_the_findings_of_the_vote_tried_at_once(
    refused: Path,
) -> None:
    # ``check`` drops a finding given twice: here the vote's findings are seen as made.
    ws = Workspace(default_registry())
    files = ws.discover([Path("contracts")])
    votes = Votes(ws, files)
    looks = {(lk.vote, ws.resolved(lk.convention)): lk for path in files for lk in votes.look(path)}
    budget = ws.entry(VOTE).valid
    assert isinstance(budget, Budget)
    amended = votes.amended(budget, looks)
    tried = {(a.look.vote, ws.resolved(a.look.convention)): votes.trial(a) for a in amended}
    assert votes.refusals(budget, looks, tried) == list(apply_refusals())
