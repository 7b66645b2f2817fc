"""What a draft convention may leave blank but a convention to sign must state.

A value is required before signature only where the template prints it: the template
lint tells which fields it uses, and each field below names the YAML values behind it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docgen.core.french import de
from docgen.core.rules import Violation
from docgen.core.source import FieldPath
from docgen.kinds.convention.model import Convention

DraftValues = Callable[[Convention], list[tuple[FieldPath, object, str]]]

# Values a draft may leave empty, by the template field that prints them (as « …… »).
DRAFT_FIELDS: dict[str, DraftValues] = {
    "signature_date": lambda c: [(("signature", "date"), c.signature.date, "la date de signature")],
    "signature_originals": lambda c: [
        (("signature", "exemplaires"), c.signature.originals, "le nombre d'exemplaires originaux")
    ],
    "authorisation_date": lambda c: [
        (
            ("autorisation", "date"),
            c.authorisation.date,
            "la date de la délibération qui autorise la signature",
        )
    ],
    "authorisation_number": lambda c: [
        (
            ("autorisation", "numero"),
            c.authorisation.number,
            "le numéro de la délibération qui autorise la signature",
        )
    ],
    "board_resolution_date": lambda c: [
        (
            ("association", "deliberation_ca"),
            c.association.board_resolution,
            "la date de la délibération du conseil d'administration de l'association",
        )
        for _ in [c.association]
        if c.association is not None
    ],
    "commune_parties[].resolution_date": lambda c: [
        (
            ("communes", index, "deliberation_conseil"),
            commune.council_resolution,
            f"la date de la délibération du conseil municipal {de(commune.name)}",
        )
        for index, commune in enumerate(c.communes)
    ],
}


def missing_for_signature(
    convention: Convention, fields: frozenset[str], template: str
) -> Iterator[Violation]:
    """What ``template`` would print as a blank for this convention."""
    for name, values in DRAFT_FIELDS.items():
        if name not in fields:
            continue
        for path, value, what in values(convention):
            if value is None:
                yield Violation(
                    path,
                    f"{what} manque : le modèle {template} imprimerait « …… »",
                    "complétez ce champ avant la signature",
                )
