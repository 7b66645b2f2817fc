"""What a draft avenant may leave blank but an avenant to sign must state.

Each party signs an avenant on the strength of its own deliberation authorising THIS
avenant — the Département's (``autorisation``), the association's board, each commune's
council, each other party's (``habilitations``) —; the convention's authorisations do
not carry over, and a commune the avenant removes signs it too. A value is required
where the avenant template prints it. An avenant with all of them is signed: only those
are integrated in the consolidated version (``is_signed``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from docgen.core.french import de
from docgen.core.rules import Violation
from docgen.core.source import FieldPath
from docgen.kinds.avenant.consolidate import consolidate
from docgen.kinds.avenant.parties import signing
from docgen.kinds.convention.model import Avenant, Convention

Values = Callable[[Convention, int, Avenant], list[tuple[FieldPath, object, str]]]


def _habilitations(
    convention: Convention, index: int, avenant: Avenant
) -> list[tuple[FieldPath, object, str]]:
    where: FieldPath = ("avenants", index, "habilitations")
    found: list[tuple[FieldPath, object, str]] = []
    for commune in signing(convention, index).communes:  # those it removes sign it too
        day: date | None = avenant.habilitations.commune(commune)
        key = commune.insee or str(commune.name)
        found.append(
            (
                (*where, "communes", key),
                day,
                f"la date de la délibération du conseil municipal {de(commune.name)} "
                f"autorisant l'avenant n° {avenant.number}",
            )
        )
    return found


# Values a draft may leave empty, by the template field that prints them (as « …… »).
DRAFT_FIELDS: dict[str, Values] = {
    "signature_date": lambda c, i, a: [
        (("avenants", i, "signature", "date"), a.signature.date, "la date de signature")
    ],
    "signature_originals": lambda c, i, a: [
        (
            ("avenants", i, "signature", "exemplaires"),
            a.signature.originals,
            "le nombre d'exemplaires originaux",
        )
    ],
    "authorisation_date": lambda c, i, a: [
        (
            ("avenants", i, "autorisation", "date"),
            a.authorisation.date,
            "la date de la délibération qui autorise la signature de l'avenant",
        )
    ],
    "authorisation_number": lambda c, i, a: [
        (
            ("avenants", i, "autorisation", "numero"),
            a.authorisation.number,
            "le numéro de la délibération qui autorise la signature de l'avenant",
        )
    ],
    "association_resolution": lambda c, i, a: [
        (
            ("avenants", i, "habilitations", "association"),
            a.habilitations.association,
            "la date de la délibération du conseil d'administration de l'association "
            f"autorisant l'avenant n° {a.number}",
        )
        for _ in [c.association]
        if c.association is not None
    ],
    "commune_parties[].resolution_date": _habilitations,
    "other_parties[].resolution_date": lambda c, i, a: [
        (
            ("avenants", i, "habilitations", "parties", p.key),
            a.habilitations.parties.get(p.key),
            f"la date de la délibération de {p.name} autorisant l'avenant n° {a.number}",
        )
        for p in consolidate(c, i + 1).parties
    ],
}


# What makes an avenant signed rather than a draft: its date, the Département's
# authorisation and each party's own (the number of originals changes nothing).
SIGNED_WITH = (
    "signature_date",
    "authorisation_date",
    "authorisation_number",
    "association_resolution",
    "commune_parties[].resolution_date",
    "other_parties[].resolution_date",
)


def is_signed(convention: Convention, index: int) -> bool:
    """Whether avenant ``convention.avenants[index]`` is signed: dated, and every party's
    authorisation to sign it known. A draft's values are printed as « …… »."""
    avenant = convention.avenants[index]
    return all(
        value is not None
        for name in SIGNED_WITH
        for _, value, _ in DRAFT_FIELDS[name](convention, index, avenant)
    )


def missing_for_signature(
    convention: Convention, fields: frozenset[str], template: str
) -> Iterator[Violation]:
    """What ``template`` would print as a blank for each avenant of this convention."""
    for index, avenant in enumerate(convention.avenants):
        for name, values in DRAFT_FIELDS.items():
            if name not in fields:
                continue
            for path, value, what in values(convention, index, avenant):
                if value is None:
                    own = "habilitations" in path
                    yield Violation(
                        path,
                        f"avenant n° {avenant.number} : {what} manque : le modèle {template} "
                        "imprimerait « …… »",
                        "complétez ce champ avant la signature"
                        + (
                            " : chaque partie signe un avenant en vertu de SA délibération qui "
                            "l'autorise (celle de la convention ne vaut pas pour ses avenants)"
                            if own
                            else ""
                        ),
                    )
