"""Timing helpers: docgen's commands in a subprocess (wall time and their own peak memory),
and the in-process references (the hand-written docxtpl loop, the floor)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml
from docxtpl import DocxTemplate

from bench import floor
from docgen.commands.check import check
from docgen.core import pdf
from docgen.core.environment import environment
from docgen.core.vocabulary import as_mapping
from docgen.core.workspace import Workspace
from docgen.registry import default_registry


class BenchError(Exception):
    """A measured command failed: the bench stops and says which and why."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the process's own peak resident memory (and its children's, if any)
    output: str


def docgen(args: Sequence[str], cwd: Path) -> Run:
    """Run ``docgen ARGS`` in ``cwd``; its wall time and its own peak memory.

    ``os.wait4`` gives the rusage of that one child (with the children it waited for,
    such as LibreOffice), where ``RUSAGE_CHILDREN`` would give the largest of all the
    children this process ever had."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "docgen", *args], cwd=cwd, stdout=log, stderr=log
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if process.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:])
        raise BenchError(f"docgen {' '.join(args)} (exit {process.returncode}):\n{tail}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def command(args: Sequence[str], cwd: Path) -> float:
    """Any other command's wall time (LibreOffice)."""
    start = time.perf_counter()
    done = subprocess.run(list(args), cwd=cwd, capture_output=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"{args[0]} (exit {done.returncode}): {done.stderr.decode()[-500:]}")
    return time.perf_counter() - start


@dataclass(frozen=True)
class Median:
    seconds: float
    peak_mb: float  # the highest of the runs
    runs: int


def median(action: Callable[[], Run], runs: int) -> Median:
    done = [action() for _ in range(runs)]
    return Median(
        statistics.median(r.seconds for r in done), max(r.peak_mb for r in done), len(done)
    )


def median_seconds(action: Callable[[], float], runs: int) -> float:
    return statistics.median(action() for _ in range(runs))


@dataclass(frozen=True)
class Item:
    """One document as docgen's build hands it to the engine."""

    template: Path
    context: dict[str, object]
    title: str


def items(contracts: Path) -> list[Item]:
    """Every Word document ``docgen build contracts`` renders, with its template and its
    context, taken from docgen as ``docgen.commands.build`` takes them."""
    ws = Workspace(default_registry())
    result = check([contracts], workspace=ws)
    if result.findings:
        raise BenchError(f"the synthetic contracts have findings: {result.findings[:3]}")
    found = []
    for entry in result.payload:  # type: ignore[attr-defined]
        if entry.valid is None:
            continue
        for planned in ws.plan(entry).documents:  # the plan the build renders
            assert planned.template is not None
            context = as_mapping(planned.document.context)
            found.append(Item(planned.template.path, context, planned.document.properties.title))
    return found


def loop(documents: Sequence[Item], out: Path) -> float:
    """The hand-written loop, as its docs show it: a fresh ``DocxTemplate`` per document,
    ``render``, ``save``; with the sandboxed, autoescaping environment and docgen's French
    filters the templates need (without them they do not render)."""
    env = environment()
    start = time.perf_counter()
    for index, item in enumerate(documents):
        document = DocxTemplate(item.template)
        document.render(item.context, jinja_env=env)
        document.save(out / f"{index:05d}.docx")
    return time.perf_counter() - start


@dataclass(frozen=True)
class FloorInput:
    template: floor.Template
    values: list[list[str]]
    titles: list[str]


def floor_input(documents: Sequence[Item]) -> FloorInput:
    """Everything the floor needs, made before it is timed (one template: the bench's
    documents are all conventions of one Département)."""
    paths = {item.template for item in documents}
    if len(paths) != 1:
        raise BenchError(f"the floor takes one template, not {len(paths)}")
    template = floor.read_template(paths.pop())
    return FloorInput(
        template,
        [floor.values_for(template, item.context) for item in documents],
        [item.title for item in documents],
    )


def floor_run(path: Path, given: FloorInput, out: Path) -> float:
    """The floor, timed from the one read of the template to the last file written."""
    start = time.perf_counter()
    template = floor.read_template(path)
    for index, (values, title) in enumerate(zip(given.values, given.titles, strict=True)):
        floor.write_document(template, values, title, out / f"{index:05d}.docx")
    return time.perf_counter() - start


CONVENTION_SCHEMA = Path(__file__).resolve().parent.parent / "docgen/schemas/convention.schema.json"


def obvious_check(paths: Sequence[Path]) -> float:
    """What ``docgen check`` replaces, the obvious way: ``yaml.safe_load`` then
    ``jsonschema.validate()`` on each file (the schema re-checked against its meta-schema
    at every call; no rule, no line numbers)."""
    schema = json.loads(CONVENTION_SCHEMA.read_text("utf-8"))
    start = time.perf_counter()
    for path in paths:
        data = yaml.safe_load(path.read_text("utf-8"))
        # safe_load makes dates and numbers; docgen's schema reads every scalar as text
        jsonschema.validate(json.loads(json.dumps(data, default=str)), schema)
    return time.perf_counter() - start


def pdf_batch(documents: Sequence[Path]) -> float:
    """docgen's own PDF batch (``docgen.core.pdf.docx_to_pdf_batch``), one worker."""
    data = [(path.read_bytes(), None) for path in documents]
    start = time.perf_counter()
    pdf.docx_to_pdf_batch(data, jobs=1)
    return time.perf_counter() - start
