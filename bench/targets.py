"""docgen's speed targets, each beside what the bench measured: « tenu », « manqué », or
« non mesuré » when this run did not measure it (an N left out, a tool not installed).

The targets of issue 19 (one pipeline per file) first, then the earlier ones still kept.
The bench measures and says; no test asserts a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.measure import PDF_BATCH, Contexts, Pdf, Sized
from bench.numbers import integer, number, ratio, seconds

HELD = "tenu"
MISSED = "manqué"
UNMEASURED = "non mesuré"
# The N the targets speak of.
BASE = 1000
LARGE = 10_000


@dataclass(frozen=True)
class Target:
    label: str
    goal: str
    measured: str  # the figure, or why it was not measured
    held: bool | None  # None: not measured

    @property
    def verdict(self) -> str:
        return UNMEASURED if self.held is None else HELD if self.held else MISSED


def targets(sizes: Sequence[Sized], pdf: Pdf | None, contexts: Contexts | None) -> list[Target]:
    found: list[Target] = []
    by_count = {s.count: s for s in sizes}
    base = by_count.get(BASE)

    def at(
        count: int,
        label: str,
        goal: str,
        figure: Callable[[Sized], tuple[float, str] | str],
        held: Callable[[float], bool],
    ) -> None:
        """A target at one N: ``figure`` gives the value and its text, or why it is not
        measured."""
        size = by_count.get(count)
        if size is None:
            why = f"N = {integer(count)} absent de --n"
            found.append(Target(label, goal, why, None))
            return
        measured = figure(size)
        if isinstance(measured, str):
            found.append(Target(label, goal, measured, None))
        else:
            found.append(Target(label, goal, measured[1], held(measured[0])))

    def build_over_floor(s: Sized) -> tuple[float, str]:
        value = s.build.seconds / s.floor
        return value, f"{ratio(value)} ({seconds(s.build.seconds)} ; plancher {seconds(s.floor)})"

    at(
        BASE,
        "`docgen build` de 1 000 conventions, au regard du plancher",
        "≤ 2× le temps du plancher",
        build_over_floor,
        lambda value: value <= 2,
    )
    at(
        BASE,
        "`docgen check` de 1 000 conventions, simulation du vote du budget comprise",
        "≤ 1 s",
        lambda s: (s.check.seconds, seconds(s.check.seconds)),
        lambda value: value <= 1,
    )

    def against_checker(s: Sized) -> tuple[float, str] | str:
        if s.checker is None:
            return "check-jsonschema absent (pip install -e '.[dev]')"
        value = s.checker.seconds / s.check.seconds
        against = f"{seconds(s.checker.seconds)} contre {seconds(s.check.seconds)}"
        return value, f"{ratio(value)} ({against})"

    at(
        BASE,
        "`docgen check` face à `check-jsonschema` sur les mêmes 1 000 conventions",
        "≥ 4× plus rapide",
        against_checker,
        lambda value: value >= 4,
    )
    at(
        LARGE,
        "mémoire maximale de `docgen check` à 10 000 conventions",
        "≤ 400 Mo",
        lambda s: (s.check.peak_mb, f"{number(s.check.peak_mb)} Mo"),
        lambda value: value <= 400,
    )

    def budget(s: Sized) -> tuple[float, str] | str:
        if s.budget is None:
            return "au-delà de --budget-max"
        return s.budget.seconds, seconds(s.budget.seconds)

    at(
        BASE,
        "`docgen budget apply` de 1 000 conventions",
        "≤ 5 s",
        budget,
        lambda value: value <= 5,
    )
    at(
        BASE,
        "reconstruction sans changement de 1 000 conventions",
        "≤ 0,5 s",
        lambda s: (s.noop.seconds, seconds(s.noop.seconds)),
        lambda value: value <= 0.5,
    )

    def scaling(s: Sized) -> tuple[float, str] | str:
        if base is None:
            return "N = 1 000 absent de --n"
        value = s.build.seconds / base.build.seconds
        return value, f"{ratio(value)} ({seconds(s.build.seconds)})"

    at(
        LARGE,
        "`docgen build` de 10 000 conventions, au regard de 1 000",
        "≤ 10,5× le temps de 1 000",
        scaling,
        lambda value: value <= 10.5,
    )
    goal = "≤ 1,5 (un avenant demande aussi sa convention modifiée)"
    label = "contextes de document construits par document écrit (dépôts livrés, build forcé)"
    if contexts is None:
        found.append(Target(label, goal, "--no-contexts", None))
    else:
        text = (
            f"{number(contexts.per_document, 2)} ({integer(contexts.built)} pour "
            f"{integer(contexts.documents)} documents)"
        )
        found.append(Target(label, goal, text, contexts.per_document <= 1.5))

    # Earlier targets, still kept.
    def over_loop(s: Sized) -> tuple[float, str]:
        value = (s.documents / s.build.seconds) / (s.loop_docs / s.loop)
        return value, ratio(value)

    at(
        BASE,
        "`docgen build` face à la boucle docxtpl écrite à la main (1 000, doc/s)",
        "≥ 10×",
        over_loop,
        lambda value: value >= 10,
    )
    at(
        LARGE,
        "mémoire maximale de `docgen build` à 10 000 conventions",
        "< 500 Mo",
        lambda s: (s.build.peak_mb, f"{number(s.build.peak_mb)} Mo"),
        lambda value: value < 500,
    )
    label = f"`docgen build --pdf` face à un `soffice` par document ({PDF_BATCH} conventions)"
    if pdf is None:
        found.append(Target(label, "≥ 5×", "LibreOffice absent, ou --no-pdf", None))
    else:
        value = pdf.single / (pdf.batch.seconds / PDF_BATCH)
        found.append(Target(label, "≥ 5×", ratio(value), value >= 5))
    return found


def table(found: Sequence[Target]) -> list[str]:
    lines = ["| objectif | cible | mesuré | verdict |", "|---|---|---|---|"]
    lines += [f"| {t.label} | {t.goal} | {t.measured} | {t.verdict} |" for t in found]
    return lines
