"""What the avenant template sees: the parties with THEIR authorisation to sign this
avenant, the « Vu » chain, what the preamble needs, the amount, and the modifications.

Every word is in the template (``templates/avenant.docx``); this module gives values and
parts. The modifications come from the convention template itself, rendered for the
version before and after the avenant (``docgen.kinds.avenant.modifications``), so the
new wording an avenant quotes is, word for word, what the consolidated version prints.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from docgen.core.context import doc
from docgen.core.errors import UsageError
from docgen.core.french import de
from docgen.core.kind import Run
from docgen.kinds import convention as convention_kind
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.avenant.consolidated import consolidated_context
from docgen.kinds.avenant.modifications import (
    Deferred,
    Modification,
    modifications,
    rendered_units,
)
from docgen.kinds.avenant.parties import effect_date, party_changes, signing
from docgen.kinds.common import (
    ASSEMBLIES,
    BLANK,
    Officer,
    Signature,
    day,
    officer,
)
from docgen.kinds.convention.context import (
    AvenantReference,
    PartiesContext,
    Signatory,
    SignatureRow,
    avenant_references,
    parties_fields,
    signatories,
    signature_rows,
)
from docgen.kinds.convention.model import (
    Avenant,
    Commune,
    Convention,
    Habilitations,
    Party,
    Service,
)
from docgen.kinds.convention.split import DotationSplit, split_dotation

# « de la Commission permanente » → « la Commission permanente » (who voted).
_BY = {"de la ": "la ", "du ": "le "}


@dataclass(frozen=True)
class AvenantCommune:
    name: str = doc("calculé : « Commune » + de + nom (« Commune d’Oignies »)", fr="nom")
    mayor: Officer = doc("maire")
    resolution_date: str = doc(
        f"calculé : avenants[n] → habilitations.communes (« {BLANK} » si vide)",
        fr="date_deliberation",
    )


@dataclass(frozen=True)
class AvenantParty:
    party: Party = doc("parties[]", fr="partie")
    officer: Officer = doc("calculé : representant et qualite", fr="signataire")
    resolution_date: str = doc(
        f"calculé : avenants[n] → habilitations.parties (« {BLANK} » si vide)",
        fr="date_deliberation",
    )


@dataclass(frozen=True)
class AvenantContext(PartiesContext):
    """Everything an avenant template sees."""

    signatories: tuple[Signatory, ...] = doc(
        "calculé : le Département, l’association, chaque commune (celles que l’avenant "
        "retire comprises, à la fin), puis les autres parties",
        fr="signataires",
    )
    signature_rows: tuple[SignatureRow, ...] = doc(
        "calculé : les signataires sur deux colonnes (le Département et l’association à "
        "gauche, les communes à droite, celles que l’avenant retire comprises)",
        fr="lignes_signature",
    )
    avenant: Avenant = doc("avenants[n]", fr="avenant")
    service: Service | None = doc("service")
    association_resolution: str = doc(
        f"calculé : avenants[n] → habilitations.association (« {BLANK} » si vide)",
        fr="date_deliberation_association",
    )
    commune_parties: tuple[AvenantCommune, ...] = doc(
        "calculé : une entrée par commune partie à l’avenant : les communes de la convention "
        "après l’avenant, puis celles qu’il retire (chacune signe l’avenant)",
        fr="communes_parties",
    )
    other_parties: tuple[AvenantParty, ...] = doc(
        "calculé : une entrée par autre partie", fr="autres_parties"
    )
    authorisation_assembly: str = doc(
        "calculé : « de la » ou « du » + avenants[n] → autorisation.instance",
        fr="instance_autorisation",
    )
    authorisation_date: str = doc(
        f"calculé : avenants[n] → autorisation.date (« {BLANK} » si vide)", fr="date_autorisation"
    )
    authorisation_number: str = doc(
        f"calculé : avenants[n] → autorisation.numero (« {BLANK} » si vide)",
        fr="numero_autorisation",
    )
    convention_signed: str = doc(
        f"calculé : signature.date de la convention (« {BLANK} » si vide)",
        fr="date_signature_convention",
    )
    earlier: tuple[AvenantReference, ...] = doc(
        "calculé : les avenants qui précèdent celui-ci", fr="avenants_precedents"
    )
    budget_vote_assembly: str = doc(
        "calculé : « du Conseil départemental »… d’après avenants[n] → vote_budget.instance "
        "(vide sinon)",
        fr="instance_vote_budget",
    )
    budget_vote_by: str = doc(
        "calculé : « le Conseil départemental »… d’après avenants[n] → vote_budget.instance "
        "(vide sinon)",
        fr="instance_vote_budget_sujet",
    )
    previous_year: int | None = doc(
        "calculé : l’exercice de la dotation avant l’avenant", fr="annee_precedente"
    )
    previous_dotation: Decimal | None = doc(
        "calculé : la dotation avant l’avenant", fr="dotation_precedente"
    )
    split: DotationSplit | None = doc(
        "calculé : la répartition de la dotation après l’avenant", fr="repartition_dotation"
    )
    joining: tuple[Commune, ...] = doc(
        "calculé : les communes que l’avenant rend parties à la convention (nom, part ou "
        "contribution…)",
        fr="communes_entrantes",
    )
    leaving: tuple[Commune, ...] = doc(
        "calculé : les communes qui cessent d’être parties à la convention (telles que la "
        "convention les décrivait avant l’avenant)",
        fr="communes_sortantes",
    )
    effect_date: str = doc(
        f"calculé : avenants[n] → date_effet, sinon avenants[n] → signature.date (« {BLANK} » "
        "si vide) : la date à compter de laquelle une commune entre ou sort",
        fr="date_prise_effet",
    )
    modifications: Sequence[Modification] = doc(
        "calculé : une modification de la convention par article ou section changé, "
        "d’après le texte du modèle de convention avant et après l’avenant",
        fr="modifications",
    )
    signature: Signature = doc("avenants[n] → signature", fr="signature")
    signature_date: str = doc(
        f"calculé : avenants[n] → signature.date (« {BLANK} » si vide)", fr="date_signature"
    )
    signature_originals: str = doc(
        f"calculé : avenants[n] → signature.exemplaires (« {BLANK} » si vide)", fr="exemplaires"
    )
    cents: str = doc(
        "calculé : departement.yaml → montants.avenants (« auto » : centimes s’ils ne sont pas "
        "nuls ; « centimes » : toujours)",
        fr="centimes",
    )
    annex: str = doc(
        "calculé : « Annexe 3 à la délibération n° … » en tête d’un projet d’avenant annexé à "
        "la délibération qui l’autorise (vide sinon)",
        fr="annexe",
        default="",
    )


def position(convention: Convention, number: int) -> int:
    for index, avenant in enumerate(convention.avenants):
        if avenant.number == number:
            return index
    known = ", ".join(str(a.number) for a in convention.avenants)
    raise UsageError(
        f"la convention « {convention.slug} » n'a pas d'avenant n° {number}",
        f"ses avenants : n° {known}" if known else "elle n'a encore aucun avenant",
    )


def convention_template(convention: Convention, run: Run) -> Path:
    """The convention template this Département's conventions use."""
    return run.resolve_template(convention.departement.source, convention_kind.TEMPLATE).path


def changes(convention: Convention, index: int, run: Run) -> tuple[Modification, ...]:
    """What avenant ``convention.avenants[index]`` changes in the convention's text."""
    template = convention_template(convention, run)
    before = rendered_units(template, consolidated_context(convention, index, run), run)
    after = rendered_units(template, consolidated_context(convention, index + 1, run), run)
    return modifications(before, after)


def avenant_context(
    convention: Convention, number: int, run: Run, annex: str = ""
) -> AvenantContext:
    """Everything the avenant template sees; with ``annex``, the draft annexed to the
    deliberation that authorises it, as the assembly voted it: what only comes after that
    vote (the other parties' authorisations, the signature, an effect dated by the
    signature) is left blank, so that the act's annex reads the same once the avenant is
    signed and its YAML completed."""
    index = position(convention, number)
    avenant = convention.avenants[index]
    before, after = consolidate(convention, index), consolidate(convention, index + 1)
    parties, moves = signing(convention, index), party_changes(convention, index)
    authorisation, signature = avenant.authorisation, avenant.signature
    habilitations = avenant.habilitations
    if annex:
        habilitations = Habilitations()
        signature = dataclasses.replace(signature, date=None)
        avenant = dataclasses.replace(avenant, habilitations=habilitations, signature=signature)
    budget = ASSEMBLIES.get(avenant.budget_vote.assembly, "") if avenant.budget_vote else ""
    by = next((new + budget[len(old) :] for old, new in _BY.items() if budget.startswith(old)), "")
    dep, association = after.departement, after.association
    funding = before.funding
    return AvenantContext(
        **parties_fields(dep, association),
        signatories=signatories(parties),
        signature_rows=signature_rows(parties),
        avenant=avenant,
        service=after.service,
        association_resolution=day(habilitations.association),
        commune_parties=tuple(
            AvenantCommune(
                f"Commune {de(c.name)}",
                officer(c.mayor, "Maire", "Maire"),
                day(habilitations.commune(c)),
            )
            for c in parties.communes
        ),
        other_parties=tuple(
            AvenantParty(
                p,
                officer(p.representative, p.title, p.title),
                day(habilitations.parties.get(p.key)),
            )
            for p in after.parties
        ),
        authorisation_assembly=ASSEMBLIES.get(
            authorisation.assembly, f"de {authorisation.assembly}"
        ),
        authorisation_date=day(authorisation.date),
        authorisation_number=authorisation.number or BLANK,
        convention_signed=day(convention.signature.date),
        earlier=avenant_references(before.avenants),
        budget_vote_assembly=budget,
        budget_vote_by=by,
        previous_year=funding.year if funding else None,
        previous_dotation=funding.dotation if funding else None,
        split=split_dotation(after),
        joining=moves.joining,
        leaving=moves.leaving,
        effect_date=day(effect_date(avenant)),
        modifications=Deferred(lambda: changes(convention, index, run)),
        signature=signature,
        signature_date=day(signature.date),
        signature_originals=str(signature.originals) if signature.originals else BLANK,
        cents=dep.amounts.avenants,
        annex=annex,
    )
