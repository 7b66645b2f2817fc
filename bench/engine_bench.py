"""How fast docgen's engine fills the convention template, against two references.

Run: ``.venv/bin/python bench/engine_bench.py [--docs N] [--repeat R]``. One process, N
distinct conventions (the 8 of ``contracts/pas-de-calais`` again and again, each copy with
its own service name and dotation, so that no document is a repeat of another), rendered:

(a) engine — ``render_document``: the final deterministic .docx (typeset, properties set);
(b) loop — the hand-written docxtpl loop, ``DocxTemplate(path).render(context,
    jinja_env=env); save()``, with a sandboxed, autoescaping environment carrying docgen's
    filters: no typography, no fixed properties, no deterministic zip;
(c) floor — one read of the template's zip, then per document a zip whose document.xml
    is an already rendered XML (deflated) and whose other members are copied
    pre-compressed: what no engine can beat without skipping the compression.

Each is timed ``--repeat`` times, interleaved (the typography caches emptied before each
run of (a)); the medians are printed as documents per second, by the wall clock and by the
process's CPU time (steadier when other work shares the machine), with the ratios.

``--pdf N`` also converts N conventions to PDF: a few one LibreOffice per document (as
before), then all of them in batches (``docx_to_pdf_batch``), with 1 and ``--jobs``
workers. ``--french-fix`` measures the change proposed for docgen/core/french.py.

Figures measured with it are in the docstrings of docgen/core/engine.py and pdf.py.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import os
import re
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.check import check_paths  # noqa: E402
from docgen.core import engine  # noqa: E402
from docgen.core import french as fr  # noqa: E402
from docgen.core.pdf import docx_to_pdf, docx_to_pdf_batch  # noqa: E402
from docgen.core.write import ZipMember, write_zip, zip_member  # noqa: E402
from docgen.model import Convention  # noqa: E402
from docgen.render import convention_context, template_for  # noqa: E402

CONTRACTS = ROOT / "contracts" / "pas-de-calais"


def contexts(count: int) -> tuple[Path, list[dict[str, object]]]:
    conventions = check_paths([CONTRACTS]).conventions
    if not conventions:
        raise SystemExit(f"no convention under {CONTRACTS}")
    result = []
    for index in range(count):
        base: Convention = conventions[index % len(conventions)]
        variant = dataclasses.replace(
            base,
            service=dataclasses.replace(base.service, name=f"{base.service.name} {index}"),
            funding=dataclasses.replace(
                base.funding, dotation=base.funding.dotation + Decimal(index)
            ),
        )
        result.append(convention_context(variant))
    return template_for(conventions[0].departement, "convention"), result


def properties(context: dict[str, object]) -> engine.DocumentProperties:
    """Each document's own title, as docgen.build gives it."""
    service = context["service"]
    assert hasattr(service, "name")
    return engine.DocumentProperties(
        f"Convention de partenariat – {service.name}",
        "Prévention spécialisée",
        "Département du Pas-de-Calais",
        datetime(2025, 1, 1),
    )


def run_engine(template: Path, items: list[dict[str, object]]) -> None:
    engine._french_piece.cache_clear()
    engine._typeset_escaped.cache_clear()
    engine._finished_member.cache_clear()
    for context in items:
        engine.render_document(template, context, properties(context))


def loop_environment() -> jinja2.Environment:
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(fr.FILTERS)
    return env


def run_loop(template: Path, items: list[dict[str, object]]) -> None:
    env = loop_environment()
    for context in items:
        document = DocxTemplate(template)
        document.render(context, jinja_env=env)
        document.save(io.BytesIO())


def floor_inputs(template: Path, items: list[dict[str, object]]) -> list[bytes]:
    """Each document's final document.xml, rendered by the engine beforehand."""
    xmls = []
    for context in items:
        data = engine.render_document(template, context, properties(context))
        with zipfile.ZipFile(io.BytesIO(data)) as rendered:
            xmls.append(rendered.read("word/document.xml"))
    return xmls


def run_floor(template: Path, xmls: list[bytes]) -> None:
    with zipfile.ZipFile(template) as package:  # one read of the template
        members: list[ZipMember | None] = [
            None
            if info.filename == "word/document.xml"
            else zip_member(info.filename, package.read(info))
            for info in package.infolist()
        ]
    for xml in xmls:
        write_zip(
            member if member is not None else zip_member("word/document.xml", xml)
            for member in members
        )


def timed(runs: dict[str, Callable[[], None]], repeat: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) seconds of each run, the runs interleaved so that a busy machine
    (2 cores, shared) weighs on all of them alike."""
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in runs}


def bench_pdf(template: Path, items: list[dict[str, object]], single: int, jobs: int) -> None:
    """PDF per document: one LibreOffice per document (the former way) against batches."""
    day = date(2025, 1, 1)
    documents = [
        engine.render_document(template, context, properties(context)) for context in items
    ]
    start = time.perf_counter()
    for data in documents[:single]:
        docx_to_pdf(data, day)
    one_by_one = (time.perf_counter() - start) / single
    print(f"PDF, {len(documents)} documents, wall clock:")
    print(f"  one LibreOffice per document      {one_by_one:6.2f} s/document")
    for workers in sorted({1, jobs}):
        start = time.perf_counter()
        docx_to_pdf_batch([(data, day) for data in documents], jobs=workers)
        batch = (time.perf_counter() - start) / len(documents)
        print(
            f"  batch, {workers} worker(s)                {batch:6.2f} s/document"
            f"  ({one_by_one / batch:4.1f}x the documents per second)"
        )


def apply_french_fix() -> None:
    """The change proposed for docgen/core/french.py (not made there: another module's
    owner): fr.typography scans every text four times for URLs and e-mail addresses to
    leave alone, which is most of its cost; none can be there without "@", "://" or
    "www.". Applied here to this process only, to measure it."""
    scan_all = fr._outside_protected

    def outside_protected(
        pattern: re.Pattern[str], text: str, replace: Callable[[re.Match[str]], str]
    ) -> str:
        if "@" not in text and "://" not in text and "www." not in text:
            return pattern.sub(replace, text)
        return scan_all(pattern, text, replace)

    fr._outside_protected = outside_protected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200, help="documents per run (200)")
    parser.add_argument("--loop-docs", type=int, default=40, help="for the slow loop (40)")
    parser.add_argument("--repeat", type=int, default=5, help="runs, median kept (5)")
    parser.add_argument("--pdf", type=int, default=0, metavar="N", help="also PDF: N docs")
    parser.add_argument("--pdf-single", type=int, default=5, help="converted one by one (5)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="PDF workers")
    parser.add_argument(
        "--french-fix", action="store_true", help="with the change proposed for french.py"
    )
    args = parser.parse_args()

    template, items = contexts(args.docs)
    if args.french_fix:
        before = [engine.render_document(template, c, properties(c)) for c in items[:16]]
        apply_french_fix()
        engine._french_piece.cache_clear()
        engine._typeset_escaped.cache_clear()
        after = [engine.render_document(template, c, properties(c)) for c in items[:16]]
        assert after == before, "the French fix changed a document"
        print("with the change proposed for docgen/core/french.py (same documents)")
    xmls = floor_inputs(template, items)
    engine.render_document(
        template, items[0], properties(items[0])
    )  # preparation: once per process
    loop_items = items[: args.loop_docs]
    run_loop(template, loop_items[:2])  # imports, first compilations

    medians = timed(
        {
            "engine": lambda: run_engine(template, items),
            "loop": lambda: run_loop(template, loop_items),
            "floor": lambda: run_floor(template, xmls),
        },
        args.repeat,
    )
    counts = {"engine": args.docs, "loop": len(loop_items), "floor": args.docs}
    print(
        f"{template.name}: {args.docs} distinct documents (loop: {len(loop_items)}), "
        f"median of {args.repeat} interleaved runs, one process"
    )
    rates: dict[str, tuple[float, float]] = {}
    for name, (wall, cpu) in medians.items():
        rates[name] = (counts[name] / wall, counts[name] / cpu)
        print(
            f"  {name:7s} {rates[name][0]:7.1f} documents/s ({1000 / rates[name][0]:6.2f} ms)"
            f"   CPU: {rates[name][1]:7.1f} documents/s ({1000 / rates[name][1]:6.2f} ms)"
        )
    for label, index in (("wall", 0), ("CPU", 1)):
        loop = rates["engine"][index] / rates["loop"][index]
        floor = rates["floor"][index] / rates["engine"][index]
        print(
            f"  {label:4s}: engine = {loop:5.1f}x the loop (target >= 10), "
            f"floor = {floor:4.2f}x the engine (target <= 3)"
        )
    if args.pdf:
        pdf_template, pdf_items = contexts(args.pdf)
        bench_pdf(pdf_template, pdf_items, min(args.pdf_single, args.pdf), args.jobs)


if __name__ == "__main__":
    main()
