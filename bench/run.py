"""docgen's benchmark: ``make bench`` (``python -m bench``), one run, every measure side by side.

For each N (``--n 100 1000``; ``make bench N="100 1000 10000"``) it writes a synthetic
contracts repository (``bench.corpus``: N valid conventions of one Département and a
budget vote not yet applied), checks that ``docgen check`` passes on it, then measures:

* ``docgen build`` (the real command, in a subprocess, into an empty folder), and
  ``--jobs 1`` as well when ``docgen build --help`` offers ``--jobs``;
* the hand-written docxtpl loop on the same template and the same contexts (taken from
  docgen as the build hands them to its engine, before the clock starts), on at most
  ``--loop-docs`` documents;
* the floor (``bench.floor``): one read of the template, then each document's zip with
  only document.xml (values put in by plain string replacement) and core.xml deflated;
* the no-op rebuild (``docgen build`` again, nothing changed), ``docgen check`` (with the
  simulation of the budget vote), ``check-jsonschema`` on the same conventions, and
  ``docgen budget apply`` on a fresh copy of the repository;
* the peak memory of each command (its own, through ``os.wait4`` in ``bench.launch``).

Once per run, the document contexts a forced build of the shipped repositories makes per
document (``measure.contexts_per_document``).

Then PDF on 20 conventions: ``docgen build --pdf`` against one ``soffice --convert-to pdf``
per document (each with its own profile), timed on 5 documents and extrapolated to 20.

Every figure is the median of ``--runs`` runs (3). Each target is printed beside its
measure, « tenu » or « manqué » (``bench.targets``), then the table of every measure; both
go to stdout, to ``bench/results.md`` and into ``docs/performances.md`` between its two
markers, with the machine. ``--profile`` adds where the time of a build of 200 goes.
Nothing is asserted about speed: the bench measures.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench import corpus, measure, targets
from bench.measure import PDF_BATCH, BenchError, Contexts, Median, Pdf, Sized
from bench.numbers import integer as _int
from bench.numbers import number as _num
from bench.numbers import ratio as _ratio
from bench.numbers import seconds as _sec
from bench.profile import Profile, profile_build

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.md"
DOCS = ROOT / "docs" / "performances.md"
# The part of DOCS the bench writes, between these two lines.
DOCS_BEGIN = "<!-- début : écrit par python -m bench -->"
DOCS_END = "<!-- fin : écrit par python -m bench -->"
NOTES = "<!-- notes : ce qui suit est conservé quand python -m bench réécrit ce fichier -->"
CONTRACTS = "contracts"
PDF_SINGLE = 5


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Banc d'essai de docgen : N contrats synthétiques, chaque mesure côte à côte.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument(
        "--n", type=int, nargs="+", default=[100, 1000], help="nombres de contrats (100 1000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="passages par mesure, médiane (3)")
    parser.add_argument(
        "--runs-large",
        type=int,
        default=1,
        help="passages par mesure à partir de N = 5 000, où un passage prend des minutes (1)",
    )
    parser.add_argument(
        "--loop-docs", type=int, default=100, help="boucle docxtpl : au plus (100) documents"
    )
    parser.add_argument(
        "--check-docs", type=int, default=100, help="vérification évidente : au plus (100) fichiers"
    )
    parser.add_argument(
        "--budget-max",
        type=int,
        default=1000,
        help="budget apply seulement jusqu'à ce N (1000)",
    )
    parser.add_argument("--no-pdf", action="store_true", help="sans la mesure du PDF")
    parser.add_argument(
        "--profile", action="store_true", help="où va le temps d'un build de 200 conventions"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="le tableau (bench/results.md)")
    parser.add_argument(
        "--docs",
        type=Path,
        default=DOCS,
        help="la page où écrire aussi les objectifs et le tableau (docs/performances.md)",
    )
    parser.add_argument(
        "--no-contexts",
        action="store_true",
        help="sans le compte des contextes construits par document",
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="dossier de travail (temporaire par défaut)"
    )
    return parser.parse_args()


def has_jobs() -> bool:
    done = subprocess.run(
        [sys.executable, "-m", "docgen", "build", "--help"], capture_output=True, text=True
    )
    return "--jobs" in done.stdout


def measure_size(work: Path, count: int, args: argparse.Namespace, jobs: bool) -> Sized:
    runs = args.runs if count < 5000 else args.runs_large
    repo = work / f"n{count}"
    conventions = corpus.make_repository(repo, count)
    say(f"N = {count} : dépôt synthétique écrit dans {repo}")
    checked = measure.median(lambda: measure.docgen(["check", CONTRACTS], repo), runs)
    say(f"  docgen check : {checked.seconds:.2f} s")
    checker = None
    if measure.has_check_jsonschema():
        checker = measure.median(lambda: measure.check_jsonschema(conventions, repo), runs)
        say(f"  check-jsonschema : {checker.seconds:.2f} s")
    checked_by_hand = conventions[: args.check_docs]
    obvious = measure.median_seconds(lambda: measure.obvious_check(checked_by_hand), runs)

    def fresh_build(*extra: str) -> measure.Run:
        out = repo / "build"
        shutil.rmtree(out, ignore_errors=True)
        return measure.docgen(["build", CONTRACTS, "-o", str(out), *extra], repo)

    build = measure.median(fresh_build, runs)
    say(f"  docgen build : {build.seconds:.2f} s")
    one_job = measure.median(lambda: fresh_build("--jobs", "1"), runs) if jobs else None
    noop = measure.median(
        lambda: measure.docgen(["build", CONTRACTS, "-o", str(repo / "build")], repo), runs
    )
    say(f"  reconstruction sans changement : {noop.seconds:.2f} s")
    documents = len(list((repo / "build").rglob("*.docx")))

    items = measure.items(repo / CONTRACTS)
    if len(items) != documents:
        raise BenchError(f"docgen build wrote {documents} documents, the bench has {len(items)}")
    sample = items[: args.loop_docs]
    scratch = work / "scratch"
    measure.loop(sample[:2], _empty(scratch))  # imports, first compilations
    loop = measure.median_seconds(lambda: measure.loop(sample, _empty(scratch)), runs)
    say(f"  boucle docxtpl ({len(sample)} documents) : {loop:.2f} s")
    given = measure.floor_input(items)
    template = items[0].template
    floor = measure.median_seconds(
        lambda: measure.floor_run(template, given, _empty(scratch)), runs
    )
    say(f"  plancher : {floor:.2f} s")

    budget = None
    if count <= args.budget_max:

        def apply() -> measure.Run:
            copy = work / f"n{count}-budget"
            shutil.rmtree(copy, ignore_errors=True)
            corpus.copy_repository(repo, copy)
            run = measure.docgen(["budget", "apply", str(corpus.VOTE), "-o", "build"], copy)
            made = len(list((copy / "build").rglob("*.docx")))
            if made != count:
                raise BenchError(f"budget apply wrote {made} avenants for {count} conventions")
            return run

        budget = measure.median(apply, runs)
        say(f"  docgen budget apply : {budget.seconds:.2f} s")
    shutil.rmtree(scratch, ignore_errors=True)
    return Sized(
        count,
        documents,
        build,
        one_job,
        len(sample),
        loop,
        floor,
        noop,
        checked,
        len(checked_by_hand),
        obvious,
        budget,
        checker,
    )


def measure_pdf(work: Path, runs: int) -> Pdf | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        say("PDF : LibreOffice absent, non mesuré")
        return None
    repo = work / "pdf"
    corpus.make_repository(repo, PDF_BATCH)

    def batch() -> measure.Run:
        shutil.rmtree(repo / "build", ignore_errors=True)
        return measure.docgen(["build", CONTRACTS, "--pdf", "-o", "build"], repo)

    batched = measure.median(batch, runs)
    built = sorted((repo / "build").rglob("*.docx"))
    library = measure.median_seconds(lambda: measure.pdf_batch(built), runs)
    documents = built[:PDF_SINGLE]
    seconds = 0.0
    for index, document in enumerate(documents):
        profile = work / f"lo-profile-{index}"
        target = _empty(work / f"lo-out-{index}")
        seconds += measure.command(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(target),
                str(document),
            ],
            work,
        )
        if not list(target.glob("*.pdf")):
            raise BenchError(f"soffice made no PDF of {document.name}")
    pdf = Pdf(batched, library / len(built), seconds / len(documents))
    say(f"PDF : {pdf.batch.seconds / PDF_BATCH:.2f} s/doc en lot, {pdf.single:.2f} s/doc un à un")
    return pdf


def machine() -> list[str]:
    model = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    head = _git("rev-parse", "--short", "HEAD")
    engine = _git("log", "-1", "--format=%h", "--", "docgen")  # the code measured
    dirty = " (docgen/ modifié depuis)" if _git("status", "--porcelain", "--", "docgen") else ""
    return [
        f"- processeur : {model}, {os.cpu_count()} cœurs",
        f"- Python {platform.python_version()} ({platform.system()} {platform.release()})",
        f"- docgen : commit {head or '?'} (docgen/ tel qu'au commit {engine or '?'}){dirty}",
    ]


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else ""


def table(sizes: Sequence[Sized], pdf: Pdf | None, jobs: bool) -> list[str]:
    head = "| mesure | " + " | ".join(f"N = {_int(s.count)}" for s in sizes) + " | objectif |"
    lines = [head, "|---|" + "---|" * len(sizes) + "---|"]

    def row(label: str, cells: Sequence[str], goal: str = "") -> None:
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {goal} |")

    def rate(seconds: float, count: int) -> str:
        return f"{_num(count / seconds)} doc/s"

    row("documents Word rendus par `docgen build`", [_int(s.documents) for s in sizes])
    row(
        "`docgen build` (commande complète)",
        [f"{_sec(s.build.seconds)} · {rate(s.build.seconds, s.documents)}" for s in sizes],
    )
    if jobs:
        row(
            "`docgen build --jobs 1`",
            [
                f"{_sec(s.build_one_job.seconds)} · {rate(s.build_one_job.seconds, s.documents)}"
                if s.build_one_job
                else "–"
                for s in sizes
            ],
        )
    row(
        "`docgen build` − `docgen check` (rendu et écriture, estimés)",
        [
            rate(s.build.seconds - s.check.seconds, s.documents)
            if s.build.seconds > s.check.seconds
            else "–"
            for s in sizes
        ],
    )
    row(
        "boucle docxtpl écrite à la main",
        [f"{rate(s.loop, s.loop_docs)} (sur {_int(s.loop_docs)})" for s in sizes],
    )
    row("plancher (zip, parties inchangées copiées)", [rate(s.floor, s.documents) for s in sizes])
    row(
        "docgen ÷ boucle (doc/s)",
        [_ratio((s.documents / s.build.seconds) / (s.loop_docs / s.loop)) for s in sizes],
        "≥ 10×",
    )
    row(
        "plancher ÷ docgen (doc/s)",
        [_ratio((s.documents / s.floor) / (s.documents / s.build.seconds)) for s in sizes],
        "≤ 2× (1 000)",
    )
    row("reconstruction sans changement", [_sec(s.noop.seconds) for s in sizes], "≤ 0,5 s (1 000)")
    row(
        "`docgen check` (commande complète)",
        [f"{_sec(s.check.seconds)} · {_num(s.count / s.check.seconds)} fichiers/s" for s in sizes],
        "≤ 1 s (1 000)",
    )
    row(
        "`check-jsonschema` sur les mêmes conventions (schéma seul, un processus)",
        [
            f"{_sec(s.checker.seconds)} · {_num(s.count / s.checker.seconds)} fichiers/s"
            if s.checker
            else "non mesuré"
            for s in sizes
        ],
    )
    row(
        "`check-jsonschema` ÷ `docgen check` (temps)",
        [_ratio(s.checker.seconds / s.check.seconds) if s.checker else "–" for s in sizes],
        "≥ 4× (1 000)",
    )
    row(
        "approche évidente : `safe_load` + `jsonschema.validate()` (schéma seul)",
        [
            f"{_num(s.obvious_files / s.obvious)} fichiers/s (sur {_int(s.obvious_files)})"
            for s in sizes
        ],
    )
    row(
        "`docgen budget apply` (copie neuve)",
        [_sec(s.budget.seconds) if s.budget else "non mesuré" for s in sizes],
        "≤ 5 s (1 000)",
    )
    if len(sizes) > 1:
        # The target compares 10,000 with 1,000: the base is 1,000 when it was measured.
        base = next((s for s in sizes if s.count == 1000), sizes[0])
        row(
            f"temps de build ÷ celui de N = {_int(base.count)}",
            [_ratio(s.build.seconds / base.build.seconds) for s in sizes],
            "10 000 ≤ 10,5× 1 000",
        )
    memory: list[tuple[str, list[Median | None]]] = [
        ("build", [s.build for s in sizes]),
        ("reconstruction", [s.noop for s in sizes]),
        ("check", [s.check for s in sizes]),
        ("check-jsonschema", [s.checker for s in sizes]),
        ("budget apply", [s.budget for s in sizes]),
    ]
    for label, measured in memory:
        row(
            f"mémoire maximale, {label}",
            [f"{_num(m.peak_mb)} Mo" if m else "–" for m in measured],
            {"build": "< 500 Mo (10 000)", "check": "≤ 400 Mo (10 000)"}.get(label, ""),
        )
    row("médiane de", [f"{s.build.runs} passage(s)" for s in sizes])
    if pdf is not None:
        per_doc = pdf.batch.seconds / PDF_BATCH
        lines += [
            "",
            f"| PDF, {PDF_BATCH} conventions | s/document | documents/s |",
            "|---|---|---|",
            f"| `docgen build --pdf` (un lot, DOCX compris) | {_num(per_doc, 2)} s "
            f"| {_num(1 / per_doc, 2)} |",
            f"| `docx_to_pdf_batch` de docgen, un LibreOffice pour les {PDF_BATCH} .docx "
            f"| {_num(pdf.library, 2)} s | {_num(1 / pdf.library, 2)} |",
            f"| un `soffice --convert-to pdf` par document, profil neuf (mesuré sur "
            f"{PDF_SINGLE}, extrapolé à {PDF_BATCH} : {_sec(pdf.single * PDF_BATCH)}) "
            f"| {_num(pdf.single, 2)} s | {_num(1 / pdf.single, 2)} |",
            f"| rapport `docgen build --pdf` ÷ un par document (doc/s) "
            f"| {_ratio(pdf.single / per_doc)} | objectif ≥ 5× |",
            f"| rapport `docx_to_pdf_batch` ÷ un par document (doc/s) "
            f"| {_ratio(pdf.single / pdf.library)} | |",
            f"| mémoire maximale de `docgen build --pdf` (LibreOffice compris) "
            f"| {_num(pdf.batch.peak_mb)} Mo | |",
        ]
    return lines


def profile_lines(result: Profile) -> list[str]:
    lines = [
        "",
        f"Où va le temps d'un `docgen build --jobs 1` de 200 conventions (cProfile, un processus, "
        f"{_sec(result.total)} profilées) :",
        "",
        "| étape du build | temps cumulé | part |",
        "|---|---|---|",
        *(
            f"| {label} | {_sec(seconds)} | {_num(100 * seconds / result.total)} % |"
            for label, seconds in result.phases
        ),
        "",
        "| module (temps propre ; une fonction intégrée compte pour son appelant) | temps | part |",
        "|---|---|---|",
    ]
    for group, seconds in result.groups:
        lines.append(f"| {group} | {_sec(seconds)} | {_num(100 * seconds / result.total)} % |")
    lines += ["", "| fonction (temps cumulé) | cumulé | propre |", "|---|---|---|"]
    for name, cumulative, own in result.top:
        lines.append(f"| `{name}` | {_sec(cumulative)} | {_sec(own)} |")
    return lines


def kept_notes(path: Path) -> str:
    """What the table file holds from its notes' mark on (measurements kept by hand)."""
    try:
        text = path.read_text("utf-8")
    except OSError:
        return ""
    return "\n" + text[text.index(NOTES) :] if NOTES in text else ""


def main() -> int:
    args = options()
    try:
        page = args.docs.read_text("utf-8")
        _with_block(page, [])  # its markers are there, before minutes of measures
    except (OSError, BenchError) as error:
        print(f"banc d'essai impossible : {args.docs} : {error}", file=sys.stderr)
        return 2
    jobs = has_jobs()
    with tempfile.TemporaryDirectory(prefix="docgen-bench-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        try:
            sizes = [measure_size(work, n, args, jobs) for n in args.n]
            pdf = None if args.no_pdf else measure_pdf(work, args.runs)
            contexts = None if args.no_contexts else measure.contexts_per_document(work)
            if contexts is not None:
                say(f"contextes par document : {contexts.per_document:.2f}")
            profiled = None
            if args.profile:
                repo = work / "profile"
                corpus.make_repository(repo, 200)
                profiled = profile_build(repo / CONTRACTS, repo / "build")
        except BenchError as error:
            print(f"banc d'essai interrompu : {error}", file=sys.stderr)
            return 2
    body = [
        *machine(),
        f"- `docgen build --jobs` : {'proposé, mesuré' if jobs else 'absent'}",
        f"- commande : `{' '.join(['python -m bench', *sys.argv[1:]])}`",
        "",
        *targets.table(targets.targets(sizes, pdf, contexts)),
        *(context_lines(contexts) if contexts else []),
        "",
        "Toutes les mesures :",
        "",
        *table(sizes, pdf, jobs),
        *(profile_lines(profiled) if profiled else []),
    ]
    text = "\n".join(["# docgen : banc d'essai", "", *body]) + "\n"
    print(text)
    args.out.write_text(text + kept_notes(args.out), "utf-8")
    args.docs.write_text(_with_block(page, body), "utf-8")
    return 0


def context_lines(contexts: Contexts) -> list[str]:
    built = ", ".join(
        f"`{name.rsplit('.', 1)[1]}` {_int(count)}" for name, count in contexts.by_builder
    )
    return ["", f"Contextes construits, par fonction (hors appels de l'une par l'autre) : {built}."]


def _with_block(page: str, body: Sequence[str]) -> str:
    """``page`` with ``body`` between its markers (each alone on its line, once)."""
    lines = page.splitlines()
    if lines.count(DOCS_BEGIN) != 1 or lines.count(DOCS_END) != 1:
        raise BenchError(f"il faut une ligne « {DOCS_BEGIN} » puis une ligne « {DOCS_END} »")
    begin, end = lines.index(DOCS_BEGIN), lines.index(DOCS_END)
    if end < begin:
        raise BenchError(f"« {DOCS_END} » vient avant « {DOCS_BEGIN} »")
    return "\n".join([*lines[: begin + 1], "", *body, "", *lines[end:]]) + "\n"


def say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _empty(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


if __name__ == "__main__":
    sys.exit(main())
