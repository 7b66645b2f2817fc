"""Timing helpers: docgen's commands in a subprocess (wall time and their own peak memory),
``check-jsonschema`` likewise, the in-process references (the hand-written docxtpl loop,
the floor), and the count of document contexts a build makes."""

from __future__ import annotations

import functools
import importlib.util
import json
import pkgutil
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FunctionType, ModuleType
from typing import Any

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

ROOT = Path(__file__).resolve().parent.parent
PDF_BATCH = 20  # conventions of the PDF measure
LAUNCHER = ROOT / "bench" / "launch.py"


class BenchError(Exception):
    """A measured command failed: the bench stops and says which and why."""


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float  # the process's own peak resident memory (and its children's, if any)
    output: str


def docgen(args: Sequence[str], cwd: Path) -> Run:
    """Run ``docgen ARGS`` in ``cwd``; its wall time and its own peak memory."""
    return child([sys.executable, "-m", "docgen", *args], cwd, f"docgen {' '.join(args)}")


def child(argv: Sequence[str], cwd: Path, name: str) -> Run:
    """Run ``argv`` in ``cwd``; its wall time and its own peak memory, as ``bench.launch``
    measures them (not forked from this process, whose own peak it would inherit)."""
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "measured.json"
        launcher = [sys.executable, "-S", str(LAUNCHER), str(report)]
        process = subprocess.run([*launcher, *argv], cwd=cwd, stdout=log, stderr=log)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        if process.returncode != 0 or not report.exists():
            tail = "\n".join(output.splitlines()[-15:])
            raise BenchError(f"{name[:200]} (exit {process.returncode}):\n{tail}")
        measured = json.loads(report.read_text("utf-8"))
    return Run(measured["seconds"], measured["peak_kb"] / 1024, output)


def has_check_jsonschema() -> bool:
    return importlib.util.find_spec("check_jsonschema") is not None


def check_jsonschema(paths: Sequence[Path], cwd: Path) -> Run:
    """``check-jsonschema``, the schema-only tool a CI would run without docgen, on the
    conventions ``paths`` against docgen's convention schema read from its file (no
    network): one process, its default settings (formats checked, JavaScript regular
    expressions)."""
    files = [str(path.relative_to(cwd)) for path in paths]
    argv = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(CONVENTION_SCHEMA)]
    return child([*argv, *files], cwd, "check-jsonschema")


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


@dataclass(frozen=True)
class Sized:
    """What was measured on one N."""

    count: int  # conventions
    documents: int  # Word documents one build renders
    build: Median
    build_one_job: Median | None  # when docgen build has --jobs
    loop_docs: int
    loop: float
    floor: float
    noop: Median
    check: Median
    obvious_files: int
    obvious: float  # seconds for obvious_files conventions
    budget: Median | None  # None: not measured at this N (--budget-max)
    checker: Median | None = None  # check-jsonschema on the conventions; None: not installed


@dataclass(frozen=True)
class Pdf:
    batch: Median  # docgen build --pdf on PDF_BATCH conventions
    library: float  # docgen's own batch (docx_to_pdf_batch, one worker) on their .docx
    single: float  # seconds per document, one soffice per document


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


CONVENTION_SCHEMA = ROOT / "docgen/schemas/convention.schema.json"


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


@dataclass(frozen=True)
class Contexts:
    """The document contexts one forced build made, and the documents it wrote."""

    built: int
    documents: int
    by_builder: tuple[tuple[str, int], ...]  # builder, contexts it made; most first

    @property
    def per_document(self) -> float:
        return self.built / self.documents


def contexts_per_document(work: Path) -> Contexts:
    """How many document contexts a forced ``docgen build`` of the shipped repositories
    (Pas-de-Calais, Nord, Mayotte: conventions, avenants, deliberations and their annexes)
    builds per document it writes: the check of what each template prints, the planning and
    the rendering each used to build their own.

    Counted in this process, with one job, without touching docgen's code: each context
    builder of ``docgen.kinds`` (``context_builders``) is wrapped wherever a module holds
    it, and a call made from inside another builder (the consolidated convention built
    from ``convention_context``) counts as part of its caller's one context. A pipeline
    that counts its own plans may replace this function; the bench only reads
    ``Contexts``."""
    from docgen.commands.build import build  # in-process: the counters see every call

    repo = work / "contexts"
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    for name in ("contracts", "templates"):
        shutil.copytree(ROOT / name, repo / name)
    shutil.copy(ROOT / "docgen.toml", repo / "docgen.toml")
    with _counting(context_builders()) as counts:
        result = build([repo / "contracts"], repo / "build", force=True, jobs=1)
    if result.findings:
        raise BenchError(f"the shipped repositories have findings: {result.findings[:3]}")
    documents = len(list((repo / "build").rglob("*.docx")))
    if not documents:
        raise BenchError("the build of the shipped repositories wrote no document")
    return Contexts(sum(counts.values()), documents, tuple(counts.most_common()))


def context_builders() -> dict[FunctionType, str]:
    """Every function of ``docgen.kinds`` that builds the context a Word template receives:
    by convention, a public function whose name ends in ``_context`` (its dotted name)."""
    import docgen.kinds

    for info in pkgutil.walk_packages(docgen.kinds.__path__, "docgen.kinds."):
        importlib.import_module(info.name)
    found: dict[FunctionType, str] = {}
    for module in _docgen_modules():
        if not module.__name__.startswith("docgen.kinds."):
            continue
        for name, value in vars(module).items():
            own = isinstance(value, FunctionType) and value.__module__ == module.__name__
            if own and name.endswith("_context") and not name.startswith("_"):
                found[value] = f"{module.__name__}.{name}"
    if not found:
        raise BenchError("no context builder found in docgen.kinds (*_context functions)")
    return found


@contextmanager
def _counting(builders: dict[FunctionType, str]) -> Iterator[Counter[str]]:
    counts: Counter[str] = Counter()
    depth = [0]

    def wrapped(function: FunctionType, name: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def counted(*args: Any, **kwargs: Any) -> Any:
            if depth[0] == 0:
                counts[name] += 1
            depth[0] += 1
            try:
                return function(*args, **kwargs)
            finally:
                depth[0] -= 1

        return counted

    wrappers = {function: wrapped(function, name) for function, name in builders.items()}
    replaced: list[tuple[ModuleType, str, FunctionType]] = []
    for module in _docgen_modules():
        for attribute, value in list(vars(module).items()):
            if isinstance(value, FunctionType) and value in wrappers:
                setattr(module, attribute, wrappers[value])
                replaced.append((module, attribute, value))
    try:
        yield counts
    finally:
        for module, attribute, value in replaced:
            setattr(module, attribute, value)


def _docgen_modules() -> list[ModuleType]:
    return [m for n, m in list(sys.modules.items()) if n.startswith("docgen.") and m]
