"""Rules on avenants: each changes something, in order, after the convention, reconciled."""

from __future__ import annotations

from collections.abc import Iterator

from docgen.core.findings import Severity, field_path
from docgen.core.french import date_long
from docgen.core.rules import Rule, Violation
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.convention.chronology import (
    authorised_before_bases,
    signed_before_authorisations,
)
from docgen.kinds.convention.model import Convention, TermKind
from docgen.kinds.convention.rules import communes_share_violations, reconciles
from docgen.kinds.convention.split import split_dotation
from docgen.kinds.convention.timeline import timeline


def _something_changes(conv: Convention) -> Iterator[Violation]:
    for index, avenant in enumerate(conv.avenants):
        if not avenant.changes:
            yield Violation(
                ("avenants", index, "modifications"),
                f"l'avenant n° {avenant.number} ne modifie rien",
                "indiquez sous « modifications » la dotation, les communes, les effectifs ou "
                "la durée qui changent",
            )


def _numbers_follow(conv: Convention) -> Iterator[Violation]:
    for index, avenant in enumerate(conv.avenants):
        if avenant.number != index + 1:
            yield Violation(
                ("avenants", index, "numero"),
                f"avenant n° {avenant.number} en position {index + 1}",
                f"numérotez les avenants 1, 2, 3… dans l'ordre : celui-ci est le n° {index + 1}",
            )


def _dates_in_order(conv: Convention) -> Iterator[Violation]:
    """Each avenant is signed after the convention and the avenants before it, and after
    each party's authorisation of this avenant (its own, not the convention's)."""
    stages = timeline(conv).stages
    previous = stages[0].signature
    for stage in stages[1:]:
        signed = stage.signature
        if signed is not None and previous is not None and signed.day < previous.day:
            yield Violation(
                signed.where,
                f"{stage.label} est signé le {date_long(signed.day)}, avant "
                f"{previous.stated} ({field_path(previous.where)})",
                "un avenant se signe après la convention et les avenants qui le précèdent",
            )
        yield from signed_before_authorisations(stage)
        if signed is not None:
            previous = signed


def _authorised_after_bases(conv: Convention) -> Iterator[Violation]:
    for stage in timeline(conv).stages[1:]:
        yield from authorised_before_bases(stage)


def _shares_still_add_up(conv: Convention) -> Iterator[Violation]:
    for index, avenant in enumerate(conv.avenants):
        shares = consolidate(conv, index + 1).funding
        if avenant.communes is not None and shares is not None and shares.shares is not None:
            yield from communes_share_violations(
                avenant.communes,
                shares.shares.communes,
                ("avenants", index, "modifications", "communes"),
            )


def _one_avenant_per_budget(conv: Convention) -> Iterator[Violation]:
    seen: dict[str, int] = {}
    for index, avenant in enumerate(conv.avenants):
        if avenant.budget is None:
            continue
        if avenant.budget in seen:
            yield Violation(
                ("avenants", index, "budget"),
                f"le budget {avenant.budget} a déjà donné l'avenant n° {seen[avenant.budget]}",
                "supprimez cet avenant en double",
            )
        seen.setdefault(avenant.budget, avenant.number)


def _dotation_years(conv: Convention) -> Iterator[Violation]:
    year = conv.year
    for index, avenant in enumerate(conv.avenants):
        if avenant.dotation is None:
            continue
        if avenant.dotation.year < year:
            yield Violation(
                ("avenants", index, "modifications", "dotation", "annee"),
                f"dotation {avenant.dotation.year} après une dotation {year}",
                "un avenant fixe la dotation d'un exercice égal ou postérieur",
            )
        if avenant.dotation.amount <= 0:
            yield Violation(
                ("avenants", index, "modifications", "dotation", "montant"),
                "la nouvelle dotation doit être supérieure à zéro",
                "indiquez le montant annuel en euros",
            )
        year = max(year, avenant.dotation.year)


def _amounts_reconcile(conv: Convention) -> Iterator[Violation]:
    for index in range(len(conv.avenants)):
        split = split_dotation(consolidate(conv, index + 1))
        if split is not None and not reconciles(split):
            yield Violation(
                ("avenants", index, "modifications"),
                "la répartition ne retombe pas sur la dotation au centime près",
                "signalez ce cas à l'équipe docgen : c'est une anomalie du calcul",
            )


def _term_wording(conv: Convention) -> Iterator[Violation]:
    for index, avenant in enumerate(conv.avenants):
        term = avenant.term
        if term is not None and term.kind is TermKind.TACIT_RENEWAL and term.years != 1:
            yield Violation(
                ("avenants", index, "modifications", "duree", "annees"),
                f"l'avenant n° {avenant.number} fixe une durée de {term.years} ans en "
                "reconduction tacite : la convention dirait « conclue pour une durée de "
                f"{term.years} ans … et renouvelable chaque année »",
                "pour une durée de plusieurs années, mettez mode: ferme ; pour une "
                "reconduction tacite, annees: 1",
            )


KIND = "avenant"

AVENANT_RULES: tuple[Rule[Convention], ...] = (
    Rule(
        "avenant-empty",
        KIND,
        Severity.ERROR,
        "un avenant modifie quelque chose",
        _something_changes,
    ),
    Rule(
        "avenant-number",
        KIND,
        Severity.ERROR,
        "avenants numérotés 1, 2, 3… dans l'ordre",
        _numbers_follow,
    ),
    Rule(
        "avenant-dates",
        KIND,
        Severity.ERROR,
        "un avenant est signé après la convention, l'avenant précédent et la délibération "
        "de chaque partie qui autorise cet avenant (autorisation, habilitations)",
        _dates_in_order,
    ),
    Rule(
        "avenant-authorisation-dates",
        KIND,
        Severity.ERROR,
        "chaque délibération qui autorise un avenant suit ce qu'il met en œuvre : le vote du "
        "budget qu'il applique, la signature de la convention qu'il modifie",
        _authorised_after_bases,
    ),
    Rule(
        "avenant-communes-sum",
        KIND,
        Severity.ERROR,
        "les parts des communes d'un avenant font la part des communes",
        _shares_still_add_up,
        tunable=False,
    ),
    Rule(
        "avenant-budget",
        KIND,
        Severity.ERROR,
        "un seul avenant par vote du budget",
        _one_avenant_per_budget,
    ),
    Rule(
        "avenant-dotation",
        KIND,
        Severity.ERROR,
        "la dotation d'un avenant est positive et d'un exercice non antérieur",
        _dotation_years,
    ),
    Rule(
        "avenant-term",
        KIND,
        Severity.ERROR,
        "la durée fixée par un avenant est ferme, ou d'un an en reconduction tacite",
        _term_wording,
    ),
    Rule(
        "avenant-reconcile",
        KIND,
        Severity.ERROR,
        "les montants de chaque version consolidée retombent sur la dotation au centime",
        _amounts_reconcile,
        tunable=False,
    ),
)
