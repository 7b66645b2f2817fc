"""One pipeline per file: each document's context is made once, and check, build and
budget apply go through the same plan (``Workspace.plan``), counted; the findings and the
bytes do not depend on the number of workers."""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.commands import budget as budget_command
from docgen.commands.build import build
from docgen.commands.check import check
from docgen.core import parallel
from docgen.core.plan import Plan
from docgen.core.workspace import Entry, Workspace
from docgen.registry import default_registry

from .conftest import DATA, ROOT

VOTE = Path("contracts/pas-de-calais/budgets/2025.yaml")
# Every function that makes a Word document's context (a convention's also makes the
# versions an avenant compares: the convention as signed, then as amended).
CONTEXT_BUILDERS = (
    "convention_context",
    "avenant_context",
    "deliberation_context",
    "financial_annex_context",
    "signing_list_context",
    "specimen_context",
)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for part in ("contracts", "templates"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


class Counted:
    """The context builders and the plans of a run, counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.contexts: Counter[str] = Counter()
        self.planned = 0  # Word documents in the plans made
        # Plans made, by run and file version (check's simulation of a budget vote is a
        # run of its own: the vote's new texts beside the files as they are).
        self.plans: Counter[tuple[int, Path, str]] = Counter()
        for name, module, original in _builders():
            monkeypatch.setattr(module, name, self._counting(name, original))
        made = Workspace.plan

        def plan(ws: Workspace, entry: Entry, options: object = None) -> Plan:
            before = sum(ws.plans.values())
            found = made(ws, entry, options)  # type: ignore[arg-type]
            if sum(ws.plans.values()) > before:
                self.planned += len(found.documents)
                self.plans[(id(ws), entry.path.resolve(), entry.digest)] += 1
            return found

        monkeypatch.setattr(Workspace, "plan", plan)

    def _counting(self, name: str, original: Callable[..., object]) -> Callable[..., object]:
        @functools.wraps(original)
        def counted(*args: object, **kwargs: object) -> object:
            self.contexts[name] += 1
            return original(*args, **kwargs)

        return counted

    @property
    def built(self) -> int:
        return sum(self.contexts.values())


def _builders() -> Iterator[tuple[str, object, Callable[..., object]]]:
    """Each builder in every module of docgen that holds it by name."""
    originals: dict[str, object] = {}
    for module_name in ("docgen.kinds.convention.context", "docgen.kinds.avenant.context"):
        module = sys.modules[module_name]
        for name in CONTEXT_BUILDERS:
            if hasattr(module, name):
                originals[name] = getattr(module, name)
    deliberation = sys.modules["docgen.kinds.deliberation.context"]
    for name in CONTEXT_BUILDERS:
        if hasattr(deliberation, name):
            originals.setdefault(name, getattr(deliberation, name))
    specimen = sys.modules["docgen.kinds.deliberation.specimen"]
    originals["specimen_context"] = specimen.specimen_context
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("docgen."):
            continue
        for name, original in originals.items():
            if getattr(module, name, None) is original:
                yield name, module, original  # type: ignore[misc]


def test_a_forced_build_makes_each_context_once(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = Counted(monkeypatch)
    result = build([Path("contracts")], Path("build"), force=True, jobs=1)
    assert result.produced == 29
    assert set(counted.plans.values()) == {1}  # one plan per file, checked and built from it
    assert counted.planned == 29
    # Each document's context once; the avenants of the Pas-de-Calais' 2025 deliberation
    # add the text of their convention as amended (the text as signed is the convention's
    # own context, shared).
    assert counted.built <= 1.5 * counted.planned, counted.contexts
    assert counted.contexts["avenant_context"] == 8
    assert counted.contexts["deliberation_context"] == 3


def test_budget_apply_makes_each_avenant_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    result = budget_command.apply(VOTE, Path("build"))
    assert result.produced == 8, result.findings
    # Each convention as it is and as amended, each planned once: the check of the new
    # text plans its avenant, which is what is rendered.
    assert set(counted.plans.values()) == {1}
    assert counted.planned == 8 + 2 * 8
    assert counted.contexts["avenant_context"] == 8
    assert counted.built <= 1.5 * counted.planned, counted.contexts


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork on this system")
def test_budget_apply_reads_each_new_text_in_the_worker_that_renders_its_avenant(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(budget_command, "default_jobs", lambda: 2)
    ws = Workspace(default_registry())
    result = budget_command.apply(VOTE, Path("build"), workspace=ws)
    assert result.produced == 8, result.findings
    conventions = [p for p in VOTE.parent.parent.glob("*.yaml") if p.name != "departement.yaml"]
    amended = [(ws.resolved(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in conventions]
    # The parent reads each convention as it was (the plan), and only the first new text:
    # its avenant is rendered before the workers are forked; each worker reads the others.
    assert sum(ws.validations[key] for key in amended) == 1


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork on this system")
def test_budget_apply_with_one_job_or_two_writes_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = []
    for jobs in (1, 2):
        root = tmp_path / f"jobs-{jobs}"
        for part in ("contracts", "templates"):
            shutil.copytree(ROOT / part, root / part)
        (root / "docgen.toml").write_text("", encoding="utf-8")
        monkeypatch.chdir(root)
        monkeypatch.setattr(budget_command, "default_jobs", lambda jobs=jobs: jobs)
        assert budget_command.apply(VOTE, Path("build")).produced == 8
        written.append(
            {
                p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*"))
                if p.is_file() and ".docgen" not in p.relative_to(root).parts
            }
        )
    assert written[0] == written[1]
    assert sum(name.startswith("build/") and name.endswith(".docx") for name in written[0]) == 8


def test_check_and_build_share_the_plan(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = Counted(monkeypatch)
    ws = Workspace(default_registry())
    check([Path("contracts")], workspace=ws)
    checked = Counter(counted.plans)
    assert checked and set(checked.values()) == {1}, [
        k[1].name for k, v in checked.items() if v > 1
    ]
    contexts = Counter(counted.contexts)
    build([Path("contracts")], Path("build"), force=True, jobs=1, workspace=ws)
    assert counted.plans == checked  # the build renders the plans the check made
    # No document's context is made again; rendering its 8 avenants compares the text of
    # each convention as signed (its own context, shared) with the text as amended.
    assert counted.contexts - contexts == Counter({"convention_context": 8})


@pytest.mark.skipif(not parallel.can_fork(), reason="no fork on this system")
def test_one_job_or_two_give_the_same_findings_and_bytes(tmp_path: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        root = tmp_path / f"jobs-{jobs}"
        for part in ("contracts", "templates"):
            shutil.copytree(ROOT / part, root / part)
        (root / "docgen.toml").write_text("", encoding="utf-8")
        for broken in ("communes-sum.yaml", "blank-date.yaml", "invalid-date.yaml"):
            shutil.copy(DATA / "contracts" / "broken" / broken, root / "contracts" / "nord")
        run = CliRunner().invoke(
            main, ["build", str(root / "contracts"), "-o", str(root / "build"), "-j", jobs]
        )
        assert run.exit_code == 1, run.output
        text = re.sub(r"en [0-9,]+ s", "", run.output.replace(str(root), "ROOT"))
        files = {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted((root / "build").rglob("*"))
            if p.is_file() and p.name != "manifest.json"
        }
        outputs.append((text, files))
    (one, one_files), (two, two_files) = outputs
    assert "communes-sum.yaml" in one and "invalid-date.yaml" in one
    assert one == two
    assert one_files == two_files and len(one_files) == 32
