"""The benchmark (``make bench``) runs, and measures what it says: valid synthetic contracts,
every row of its table, a floor whose documents are real .docx. No timing is asserted."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

ROOT = Path(__file__).resolve().parent.parent

ROWS = (
    "documents Word rendus par `docgen build`",
    "`docgen build` (commande complète)",
    "`docgen build` − `docgen check` (rendu et écriture, estimés)",
    "boucle docxtpl écrite à la main",
    "plancher (zip, parties inchangées copiées)",
    "docgen ÷ boucle (doc/s)",
    "plancher ÷ docgen (doc/s)",
    "reconstruction sans changement",
    "`docgen check` (commande complète)",
    "approche évidente : `safe_load` + `jsonschema.validate()` (schéma seul)",
    "`docgen budget apply` (copie neuve)",
    "mémoire maximale, build",
    "mémoire maximale, reconstruction",
    "mémoire maximale, check",
    "mémoire maximale, budget apply",
)


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(ROOT))


def docgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "docgen", *args], cwd=cwd, capture_output=True, text=True
    )


def test_synthetic_contracts_are_valid_and_distinct(bench: None, tmp_path: Path) -> None:
    from bench import corpus

    paths = corpus.make_repository(tmp_path, 10)  # every shipped convention, and 2 again

    checked = docgen("check", "contracts", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "12 fichiers vérifiés : aucune anomalie." in checked.stdout
    simulated = docgen("budget", "apply", "--simulation", str(corpus.VOTE), cwd=tmp_path)
    assert simulated.returncode == 0, simulated.stdout + simulated.stderr
    texts = [p.read_text("utf-8") for p in paths]
    assert len(set(texts)) == 10
    # alaj-00001 and alaj-00009 come from the same shipped file, and still differ
    first, ninth = texts[0], texts[8]
    assert "nom: ALAJ 1\n" in first and "nom: ALAJ 9\n" in ninth
    assert "dotation: 298764.31\n" in first and "dotation: 298772.39\n" in ninth
    assert "insee: '62" in first


def test_floor_writes_a_docx_with_the_values(bench: None, tmp_path: Path) -> None:
    from bench import corpus, floor, measure

    corpus.make_repository(tmp_path, 2)
    items = measure.items(tmp_path / "contracts")
    given = measure.floor_input(items)
    seconds = measure.floor_run(items[0].template, given, tmp_path)

    assert seconds > 0
    with zipfile.ZipFile(tmp_path / "00000.docx") as package:
        assert package.testzip() is None
        core = package.read(floor.CORE).decode("utf-8")
    assert f"<dc:title>{items[0].title}</dc:title>" in core
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "00000.docx")).paragraphs)
    assert "Association Liens et Actions des Jeunes (antenne 1)" in text


@pytest.mark.slow
def test_bench_prints_and_writes_its_table(tmp_path: Path) -> None:
    results = tmp_path / "results.md"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            *("--n", "3", "--runs", "1", "--no-pdf", "--loop-docs", "2", "--check-docs", "2"),
            *("--out", str(results), "--work", str(tmp_path / "work")),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    table = results.read_text("utf-8")
    assert done.stdout == table + "\n"
    labels = [line.split(" | ")[0].removeprefix("| ") for line in table.splitlines()]
    for row in ROWS:
        assert row in labels, row
    assert "| documents Word rendus par `docgen build` | 3 |" in table
    assert "(sur 2)" in table
    budget = next(line for line in table.splitlines() if "`docgen budget apply`" in line)
    assert "non mesuré" not in budget
    assert "- processeur :" in table and "- docgen : commit" in table
    # the budget was applied to a copy: the bench's own repository keeps its conventions
    assert "avenants:" not in (
        tmp_path / "work/n3/contracts/pas-de-calais/alaj-00001.yaml"
    ).read_text("utf-8")
    assert "avenants:" in (
        tmp_path / "work/n3-budget/contracts/pas-de-calais/alaj-00001.yaml"
    ).read_text("utf-8")


def test_table_has_the_jobs_row_when_docgen_has_jobs(bench: None) -> None:
    """The ``--jobs 1`` row, which only runs once ``docgen build`` offers ``--jobs``."""
    from bench.measure import Median
    from bench.run import Sized, table

    def median(seconds: float) -> Median:
        return Median(seconds, 100.0, 3)

    sized = Sized(
        count=10,
        documents=10,
        build=median(2.0),
        build_one_job=median(4.0),
        loop_docs=5,
        loop=5.0,
        floor=0.1,
        noop=median(0.5),
        check=median(1.0),
        obvious_files=5,
        obvious=1.0,
        budget=None,
    )
    with_jobs = "\n".join(table([sized], None, jobs=True))
    assert "| `docgen build --jobs 1` | 4,00 s · 2 doc/s |" in with_jobs
    assert "| `docgen build` (commande complète) | 2,00 s · 5 doc/s |" in with_jobs
    assert "| docgen ÷ boucle (doc/s) | 5,0× | ≥ 10× |" in with_jobs
    assert "| plancher ÷ docgen (doc/s) | 20,0× | ≤ 3× |" in with_jobs
    assert "| `docgen budget apply` (copie neuve) | non mesuré |" in with_jobs
    assert "--jobs 1" not in "\n".join(table([sized], None, jobs=False))
