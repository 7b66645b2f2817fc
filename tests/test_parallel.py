"""Parallel rendering: the same bytes whatever the number of workers, and whatever was
rebuilt incrementally; workers' errors come back as docgen's own messages."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core import parallel
from docgen.core.errors import DocgenError, ResourceError

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="no fork on this system")


def copy_repo(root: Path) -> Path:
    shutil.copytree(ROOT / "contracts", root / "contracts")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "docgen.toml").write_text("", encoding="utf-8")
    return root


def build(root: Path, *args: str) -> str:
    result = CliRunner().invoke(
        main, ["build", str(root / "contracts"), "-o", str(root / "build"), *args]
    )
    assert result.exit_code == 0, result.output
    return result.output


def outputs(root: Path) -> dict[str, bytes]:
    """Every file built but the manifest (it records paths, which differ between copies)."""
    folder = root / "build"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "manifest.json"
    }


@pytest.mark.slow
def test_one_process_two_workers_and_incremental_give_the_same_bytes(tmp_path: Path) -> None:
    single = copy_repo(tmp_path / "single")
    assert "29 documents construits" in build(single, "--jobs", "1")
    workers = copy_repo(tmp_path / "workers")
    assert "29 documents construits" in build(workers, "-j", "2")
    assert outputs(single) == outputs(workers)
    assert len(outputs(single)) == 32  # 29 documents and 3 JSON for the prefecture

    # Incremental: built, then a contract edited, then built again with two workers…
    incremental = copy_repo(tmp_path / "incremental")
    build(incremental, "-j", "2")
    for root in (incremental, single):
        alaj = root / "contracts" / "pas-de-calais" / "alaj.yaml"
        alaj.write_text(alaj.read_text("utf-8").replace("Arras", "Lens", 1), "utf-8")
    again = build(incremental, "-j", "2")
    assert "29 documents construits" not in again and " à jour" in again
    # … is what a full one-process build of the edited contracts gives.
    shutil.rmtree(single / "build")
    build(single, "--jobs", "1")
    assert outputs(incremental) == outputs(single)
    document = docx.Document(
        str(incremental / "build/pas-de-calais/pas-de-calais_alaj_2024_convention.docx")
    )
    assert "Lens" in "\n".join(p.text for p in document.paragraphs)


def test_results_come_back_in_order_from_the_workers() -> None:
    tasks = list(range(200))
    results = list(parallel.render_in_order(tasks, lambda n: (n * n, os.getpid()), 2))
    assert [r[0] for r in results] == [n * n for n in tasks]
    assert results[0][1] == os.getpid()  # the first is rendered here, before the fork
    assert {pid for _, pid in results[1:]} - {os.getpid()}  # the rest by the workers


def test_a_docgen_error_in_a_worker_is_raised_in_the_parent() -> None:
    def render(n: int) -> int:
        if n == 150:
            raise ResourceError("modèle illisible", "vérifiez le modèle")
        return n

    seen = []
    with pytest.raises(DocgenError) as raised:
        for value in parallel.render_in_order(list(range(300)), render, 2):
            seen.append(value)
    assert raised.value.format_message() == "modèle illisible\n  → vérifiez le modèle"
    assert raised.value.exit_code == 2
    assert seen == list(range(150))  # everything before it, in order


def test_one_job_renders_in_this_process() -> None:
    pids = set(parallel.render_in_order(list(range(5)), lambda _: os.getpid(), 1))
    assert pids == {os.getpid()}


def test_a_process_running_other_threads_is_never_forked() -> None:
    """docgen serve checks the repository from a request's thread: a fork there would
    inherit the locks the other threads hold, and could wait on them forever."""
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        pids = set(parallel.render_in_order(list(range(50)), lambda _: os.getpid(), 2))
    finally:
        release.set()
        other.join()
    assert pids == {os.getpid()}
    # Alone again, the same call spreads over the workers.
    assert set(parallel.render_in_order(list(range(50)), lambda _: os.getpid(), 2)) - {os.getpid()}
