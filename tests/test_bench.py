"""The benchmark (``make bench``) runs, and measures what it says: valid synthetic contracts,
every row of its table, a floor whose documents are real .docx, each target beside its
measure with the right verdict, contexts counted. No timing is asserted."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

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
    "`check-jsonschema` sur les mêmes conventions (schéma seul, un processus)",
    "`check-jsonschema` ÷ `docgen check` (temps)",
    "approche évidente : `safe_load` + `jsonschema.validate()` (schéma seul)",
    "`docgen budget apply` (copie neuve)",
    "mémoire maximale, build",
    "mémoire maximale, reconstruction",
    "mémoire maximale, check",
    "mémoire maximale, check-jsonschema",
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


def _rows(text: str, head: str) -> list[list[str]]:
    """The cells of the rows of the table of ``text`` whose header starts with ``head``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(head))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


@pytest.mark.slow
def test_bench_prints_and_writes_its_table(bench: None, tmp_path: Path) -> None:
    from bench import run

    results = tmp_path / "results.md"
    page = tmp_path / "performances.md"
    shutil.copy(ROOT / "docs" / "performances.md", page)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            *("--n", "3", "--runs", "1", "--no-pdf", "--loop-docs", "2", "--check-docs", "2"),
            *("--out", str(results), "--docs", str(page), "--work", str(tmp_path / "work")),
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
    budget = next(r for r in table.splitlines() if r.startswith("| `docgen budget apply` (copie"))
    assert "non mesuré" not in budget
    assert "- processeur :" in table and "- docgen : commit" in table
    assert "- Python 3." in table and " cœurs" in table
    # check-jsonschema ran on the same 3 conventions
    checker = next(r for r in table.splitlines() if r.startswith("| `check-jsonschema` sur"))
    assert " s · " in checker and "non mesuré" not in checker
    # every target has its verdict; those at 1 000 and 10 000 were not measured with N = 3
    verdicts = {row[0]: row[3] for row in _rows(table, "| objectif | cible |")}
    assert len(verdicts) == 11
    assert verdicts[
        "`docgen check` de 1 000 conventions, simulation du vote du budget comprise"
    ] == ("non mesuré")
    contexts = next(label for label in verdicts if label.startswith("contextes de document"))
    assert verdicts[contexts] in ("tenu", "manqué")
    assert "Contextes construits, par fonction" in table and "`convention_context`" in table
    # the docs page has the same text between its markers, and the rest as it was
    written = page.read_text("utf-8")
    body = table.split("\n", 2)[2]  # without the title
    assert body.strip() in written
    original = (ROOT / "docs" / "performances.md").read_text("utf-8")
    assert written.split(run.DOCS_BEGIN)[0] == original.split(run.DOCS_BEGIN)[0]
    assert written.split(run.DOCS_END)[1] == original.split(run.DOCS_END)[1]
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
    assert "| plancher ÷ docgen (doc/s) | 20,0× | ≤ 2× (1 000) |" in with_jobs
    assert "| `docgen budget apply` (copie neuve) | non mesuré |" in with_jobs
    assert "--jobs 1" not in "\n".join(table([sized], None, jobs=False))


def _sized(count: int, **measured: float) -> Any:
    from bench.measure import Median, Sized

    def median(seconds: float, peak_mb: float = 100.0) -> Median:
        return Median(seconds, peak_mb, 1)

    return Sized(
        count=count,
        documents=count,
        build=median(measured.get("build", 5.0), measured.get("build_mb", 200.0)),
        build_one_job=None,
        loop_docs=100,
        loop=measured.get("loop", 5.0),
        floor=measured.get("floor", 1.0),
        noop=median(measured.get("noop", 0.4)),
        check=median(measured.get("check", 0.9), measured.get("check_mb", 100.0)),
        obvious_files=10,
        obvious=1.0,
        budget=median(measured["budget"]) if "budget" in measured else None,
        checker=median(measured["checker"]) if "checker" in measured else None,
    )


def test_each_target_gets_its_verdict_from_its_measure(bench: None) -> None:
    from bench.measure import Contexts
    from bench.targets import targets

    base = _sized(1000, build=2.5, floor=1.0, check=0.9, checker=3.0, budget=6.0, noop=0.4)
    large = _sized(10_000, build=26.0, check_mb=450.0, build_mb=480.0)
    contexts = Contexts(30, 29, (("docgen.kinds.convention.context.convention_context", 30),))
    found = {t.label: t for t in targets([base, large], None, contexts)}

    def verdict(start: str) -> tuple[str, str]:
        target = next(t for label, t in found.items() if label.startswith(start))
        return target.measured, target.verdict

    assert verdict("`docgen build` de 1 000") == ("2,5× (2,50 s ; plancher 1,00 s)", "manqué")
    assert verdict("`docgen check` de 1 000") == ("0,90 s", "tenu")
    assert verdict("`docgen check` face à") == ("3,3× (3,00 s contre 0,90 s)", "manqué")
    assert verdict("mémoire maximale de `docgen check`") == ("450 Mo", "manqué")
    assert verdict("`docgen budget apply`") == ("6,00 s", "manqué")
    assert verdict("reconstruction") == ("0,40 s", "tenu")
    assert verdict("`docgen build` de 10 000") == ("10,4× (26,00 s)", "tenu")
    assert verdict("contextes") == ("1,03 (30 pour 29 documents)", "tenu")
    assert verdict("`docgen build` face à la boucle") == ("20,0×", "tenu")
    assert verdict("mémoire maximale de `docgen build`") == ("480 Mo", "tenu")
    assert verdict("`docgen build --pdf`")[1] == "non mesuré"


def test_targets_of_an_n_left_out_are_not_measured(bench: None) -> None:
    from bench.targets import targets

    found = targets([_sized(100)], None, None)
    assert [t.verdict for t in found] == ["non mesuré"] * len(found)
    assert "N = 1\u202f000 absent de --n" in found[0].measured
    checker = next(t for t in targets([_sized(1000)], None, None) if "face à `check" in t.label)
    assert checker.measured.startswith("check-jsonschema absent")


def test_the_docs_page_gets_the_tables_between_its_markers(bench: None) -> None:
    from bench import run

    page = f"# Titre\n\navant\n{run.DOCS_BEGIN}\nancien\n{run.DOCS_END}\naprès\n"
    written = run._with_block(page, ["| a | b |", "|---|---|"])
    assert written == (
        f"# Titre\n\navant\n{run.DOCS_BEGIN}\n\n| a | b |\n|---|---|\n\n{run.DOCS_END}\naprès\n"
    )
    assert run._with_block(written, ["x"]).count("| a | b |") == 0
    with pytest.raises(run.BenchError):
        run._with_block("# Titre\n", ["x"])


def test_contexts_are_counted_in_a_build_of_the_shipped_repositories(
    bench: None, tmp_path: Path
) -> None:
    from bench import measure

    contexts = measure.contexts_per_document(tmp_path)
    # every document of the shipped repositories, each needing at least its own context
    assert contexts.documents == len(list((tmp_path / "contexts" / "build").rglob("*.docx")))
    assert contexts.documents >= 20
    assert contexts.built >= contexts.documents
    assert contexts.built == sum(count for _, count in contexts.by_builder)
    names = [name for name, _ in contexts.by_builder]
    assert "docgen.kinds.convention.context.convention_context" in names
    # the builders are docgen's own again afterwards
    from docgen.kinds.convention import context

    assert context.convention_context.__module__ == "docgen.kinds.convention.context"
    assert not hasattr(context.convention_context, "__wrapped__")


def test_a_command_s_peak_memory_is_its_own_not_the_bench_s(bench: None, tmp_path: Path) -> None:
    from bench import measure

    # Forked from a process this large, a command used to report at least 150 MB.
    held = bytearray(150 * 1024 * 1024)
    held[::4096] = b"\x01" * len(held[::4096])
    run = measure.child([sys.executable, "-c", "print('ok')"], tmp_path, "python")
    assert run.output == "ok\n"
    assert 0 < run.peak_mb < 100
    assert len(held) == 150 * 1024 * 1024
    with pytest.raises(measure.BenchError, match=r"python \(exit 3\)"):
        measure.child([sys.executable, "-c", "raise SystemExit(3)"], tmp_path, "python")
