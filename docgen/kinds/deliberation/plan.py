"""What a deliberation decides and what it annexes, numbered, each decision with the
annexes that hold what it approves.

An article exists because the file asks for it, and so does an annex: ``decision:``
lists the articles (``approuver: modele``, ``autoriser: conventions``…) and
``annexes:`` the annexes, in the act's order. Without them, both are derived from what
the deliberation explicitly approves, and nothing else: the projet type when it approves
the model (``approuve_modele: true``), one projet per avenant it authorises, and the
articles that approve the model and authorise the signature of what it covers. Neither
a financial annex nor a list of the acts to sign, nor an article that imputes the
expense, is ever added unless the file lists it.

A decision does not say which annex holds what it approves: the plan finds it (the annex
of the projet type, of each convention, of each avenant, of the supplied documents it
names), so « jointes en annexes 1 et 4 » always points at the annexes that hold them.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from docgen.core.rules import Violation
from docgen.kinds.convention.split import split_dotation
from docgen.kinds.deliberation.model import (
    AnnexKind,
    AnnexRequest,
    Covered,
    DecisionRequest,
    Deliberation,
    PlannedAnnex,
    PlannedDecision,
)
from docgen.kinds.departement import Departement

ANNEXES = "deliberation-annexes"


@dataclass
class Plan:
    annexes: list[PlannedAnnex] = field(default_factory=list)
    decisions: list[PlannedDecision] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)


def annex_requests(deliberation: Deliberation, covered: Sequence[Covered]) -> list[AnnexRequest]:
    """The annexes the file lists, or those its decision explicitly approves."""
    if deliberation.annex_requests is not None:
        return list(deliberation.annex_requests)
    found = []
    if deliberation.approves_model:
        found.append(AnnexRequest(AnnexKind.MODEL, ()))
    if any(item.avenant is not None for item in covered):
        found.append(AnnexRequest(AnnexKind.AVENANT, (), every_avenant=True))
    return found


def decision_requests(
    deliberation: Deliberation, covered: Sequence[Covered]
) -> list[DecisionRequest]:
    """The articles the file lists, or: approve the model, authorise the signature."""
    if deliberation.decision_requests is not None:
        return list(deliberation.decision_requests)
    found = []
    if deliberation.approves_model:
        found.append(DecisionRequest("approuver", "modele", ()))
    if any(item.avenant is None for item in covered):
        found.append(DecisionRequest("autoriser", "conventions", ()))
    if any(item.avenant is not None for item in covered):
        found.append(DecisionRequest("autoriser", "avenants", ()))
    return found


def plan(deliberation: Deliberation, covered: Sequence[Covered], departement: Departement) -> Plan:
    result = Plan()
    result.annexes = list(_annexes(annex_requests(deliberation, covered), covered, result))
    for number, request in enumerate(decision_requests(deliberation, covered), 1):
        decision = _decision(number, request, covered, departement, result)
        if decision is not None:
            result.decisions.append(decision)
    cited = {n for d in result.decisions for n in (*d.annexes, *d.financial, *d.lists)}
    requests = annex_requests(deliberation, covered)
    for annex, where in zip(result.annexes, _annex_places(requests, covered), strict=True):
        if annex.number not in cited:
            result.violations.append(
                Violation(
                    where,
                    f"l'annexe {annex.number} ({_label(annex, covered)}) n'est citée par aucun "
                    "article de la décision",
                    "ajoutez à « decision » l'article qui l'approuve, ou retirez-la des annexes",
                )
            )
    return result


def _label(annex: PlannedAnnex, covered: Sequence[Covered]) -> str:
    if annex.kind is AnnexKind.DOCUMENT:
        return f"« {annex.title} »"
    if annex.kind in (AnnexKind.CONVENTION, AnnexKind.AVENANT):
        return covered[annex.covered[0]].label
    return {
        AnnexKind.MODEL: "le projet type de convention",
        AnnexKind.FINANCIAL: "l'annexe financière",
        AnnexKind.LIST: "la liste des actes à signer",
    }[annex.kind]


def _annex_places(
    requests: Sequence[AnnexRequest], covered: Sequence[Covered]
) -> Iterator[tuple[str | int, ...]]:
    """Where each planned annex is asked for (``projets_avenants`` asks for several)."""
    for request in requests:
        if request.every_avenant:
            for item in covered:
                if item.avenant is not None:
                    yield request.where
        elif request.kind is None:
            continue
        elif request.kind is not AnnexKind.CONVENTION or _convention(request, covered) is not None:
            yield request.where


def _convention(request: AnnexRequest, covered: Sequence[Covered]) -> int | None:
    (slug,) = request.services
    return next(
        (i for i, c in enumerate(covered) if c.avenant is None and c.convention.slug == slug),
        None,
    )


def _annexes(
    requests: Sequence[AnnexRequest], covered: Sequence[Covered], result: Plan
) -> Iterator[PlannedAnnex]:
    number = 0
    keys: set[str] = set()
    everything = tuple(range(len(covered)))
    for request in requests:
        kind = request.kind
        if kind is None:
            result.violations.append(
                Violation(
                    request.where,
                    "cette annexe ne dit pas ce qu'elle contient",
                    "écrivez « convention: … », « annexe_financiere: … », « liste: … » ou "
                    "« document: … » (avec sa « cle »)",
                )
            )
            continue
        if request.every_avenant:
            for index, item in enumerate(covered):
                if item.avenant is not None:
                    number += 1
                    yield PlannedAnnex(number, AnnexKind.AVENANT, (index,))
            continue
        if kind is AnnexKind.CONVENTION:
            found = _convention(request, covered)
            if found is None:
                result.violations.append(
                    Violation(
                        request.where,
                        f"la convention « {request.services[0]} » n'est pas parmi celles que la "
                        "délibération couvre",
                        "ajoutez-la à « conventions », ou corrigez le nom du fichier",
                    )
                )
                continue
            number += 1
            yield PlannedAnnex(number, kind, (found,))
            continue
        if kind is AnnexKind.DOCUMENT and request.key in keys:
            result.violations.append(
                Violation(
                    request.where,
                    f"la clé « {request.key} » désigne déjà une autre annexe",
                    "donnez à chaque document annexé sa propre clé",
                )
            )
        keys.add(request.key)
        held = everything
        if request.services:
            held = tuple(i for i, c in enumerate(covered) if c.convention.slug in request.services)
            unknown = set(request.services) - {covered[i].convention.slug for i in held}
            if unknown:
                result.violations.append(
                    Violation(
                        request.where,
                        f"« {', '.join(sorted(unknown))} » n'est pas parmi les contrats que la "
                        "délibération couvre",
                        "citez les fichiers des conventions couvertes (« conventions »)",
                    )
                )
        number += 1
        if kind in (AnnexKind.MODEL, AnnexKind.DOCUMENT):
            held = ()
        yield PlannedAnnex(number, kind, held, request.title, request.key)


def _decision(
    number: int,
    request: DecisionRequest,
    covered: Sequence[Covered],
    departement: Departement,
    result: Plan,
) -> PlannedDecision | None:
    annexes = result.annexes

    def numbers(kind: AnnexKind, items: Sequence[int] = ()) -> tuple[int, ...]:
        return tuple(
            a.number
            for a in annexes
            if a.kind is kind and (not items or set(a.covered) & set(items))
        )

    def wrong(message: str, hint: str) -> None:
        result.violations.append(Violation(request.where, message, hint))

    target, verb = request.target, request.verb
    if not verb:
        wrong(
            "un article de la décision a un verbe et un seul",
            "écrivez « approuver: … », « autoriser: … » ou « imputer: depense »",
        )
        return None
    acts: tuple[int, ...] = ()
    held: tuple[int, ...] = ()
    if target == "modele":
        held = numbers(AnnexKind.MODEL)
        if not held:
            wrong(
                "l'article approuve le projet type de convention, mais aucune annexe ne le "
                "contient",
                "ajoutez « projet_type » à « annexes »",
            )
    elif target in ("conventions", "avenants"):
        wanted_avenant = target == "avenants"
        acts = tuple(i for i, c in enumerate(covered) if (c.avenant is not None) == wanted_avenant)
        if not acts:
            wrong(
                f"l'article porte sur les {target}, mais la délibération n'en couvre aucun"
                + ("e" if target == "conventions" else ""),
                "citez-les dans « conventions » (ou « budget »), ou retirez l'article",
            )
        kind = AnnexKind.AVENANT if wanted_avenant else AnnexKind.CONVENTION
        held = tuple(a.number for a in annexes if a.kind is kind and a.covered[0] in acts)
        if verb == "approuver":
            annexed = {a.covered[0] for a in annexes if a.kind is kind}
            for index in acts:
                if index not in annexed:
                    wrong(
                        f"l'article approuve {covered[index].label}, jointe en annexe, mais "
                        "aucune annexe ne la contient",
                        f"ajoutez « {kind.value}: {covered[index].convention.slug} » à « annexes »"
                        if not wanted_avenant
                        else "ajoutez « projets_avenants » à « annexes »",
                    )
        elif not held and not wanted_avenant:
            held = numbers(AnnexKind.MODEL)  # « dans les termes du projet joint en annexe »
    elif target == "documents":
        by_key = {a.key: a.number for a in annexes if a.kind is AnnexKind.DOCUMENT}
        for key in request.keys:
            if key not in by_key:
                wrong(
                    f"aucune annexe n'a la clé « {key} »",
                    f"clés des documents annexés : {', '.join(sorted(by_key)) or 'aucune'}",
                )
        held = tuple(by_key[k] for k in request.keys if k in by_key)
        acts = tuple(range(len(covered)))
    elif target == "depense":
        acts = tuple(range(len(covered)))
        if not any(split_dotation(item.version) for item in covered):
            wrong(
                "l'article impute la dépense, mais aucun acte couvert ne fixe de dotation à "
                "répartir entre le Département et les communes",
                "retirez l'article, ou citez les conventions qui fixent une dotation",
            )
        if departement.payment is None:
            wrong(
                "l'article impute la dépense, mais departement.yaml ne dit pas sur quelle ligne "
                "du budget",
                "ajoutez paiement.imputation à departement.yaml, ou retirez l'article",
            )
    return PlannedDecision(
        number=number,
        verb=verb,
        target=target,
        covered=acts,
        annexes=held,
        financial=numbers(AnnexKind.FINANCIAL, acts) if acts else (),
        lists=numbers(AnnexKind.LIST, acts) if acts else (),
        wording=request.wording,
    )
