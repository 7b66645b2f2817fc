"""The Département's rules that a JSON Schema cannot express, run on the typed model.

A rule yields ``Violation``s: a field path and a French message. ``docgen.check`` turns
them into findings with the file and line of that field. Every rule has a stable id
(used by ``--format json`` and by a Département to tune it) and a default severity.
"""

from __future__ import annotations

from docgen.core.findings import Severity
from docgen.rules.avenant import AVENANT_RULES
from docgen.rules.base import Rule, Violation
from docgen.rules.budget import budget_violations
from docgen.rules.convention import CONVENTION_RULES, shares_violations

__all__ = [
    "MANDATORY",
    "RULES",
    "STRUCTURAL",
    "Rule",
    "Violation",
    "budget_violations",
    "catalog",
    "shares_violations",
]

RULES: tuple[Rule, ...] = CONVENTION_RULES + AVENANT_RULES

# Findings that come from reading the file rather than from a rule on the model.
STRUCTURAL: dict[str, str] = {
    "yaml-invalid": "le fichier est du YAML valide, en UTF-8, sans alias ni étiquette",
    "unknown-key": "aucune clé inconnue (faute de frappe)",
    "required-field": "les champs obligatoires sont présents",
    "signatory-missing": "chaque partie a un signataire",
    "wrong-type": "chaque valeur a le bon type (texte, liste, champs)",
    "invalid-value": "chaque valeur a le bon format (montant, date, code INSEE, valeurs admises)",
    "empty-value": "aucune valeur vide là où il en faut une",
    "blank-left": "aucun blanc du modèle (X, ....., JJ/MM/AAAA, xxxx, à compléter)",
    "departement-missing": "un departement.yaml dans le dossier de la convention ou au-dessus",
    "budget-service": "un vote du budget ne nomme que des services existants, une fois chacun",
    "signature-incomplete": "avec --for-signature : tout ce que le modèle imprime est renseigné "
    "(dates de signature et de délibérations, numéro, exemplaires)",
    "template-syntax": "les balises des modèles Word sont lisibles",
    "template-unknown-field": "chaque balise d'un modèle Word désigne un champ connu",
    "template-split-tag": "aucune balise d'un modèle Word n'est coupée en morceaux par Word",
}
# Structural findings that are warnings unless a Département raises them.
STRUCTURAL_WARNINGS = frozenset({"template-split-tag"})
# Rules a Département cannot switch off: without them nothing else can be checked.
MANDATORY = frozenset({"yaml-invalid", "departement-missing", "wrong-type", "unknown-key"})


def catalog() -> dict[str, tuple[Severity, str]]:
    """Every rule id, its default severity and what it checks."""
    table = {
        rule_id: (Severity.WARNING if rule_id in STRUCTURAL_WARNINGS else Severity.ERROR, summary)
        for rule_id, summary in STRUCTURAL.items()
    }
    table.update({rule.id: (rule.severity, rule.summary) for rule in RULES})
    # Late import: docgen.deliberation builds on docgen.check, which imports this package.
    from docgen.deliberation.rules import RULE_SUMMARIES

    table.update({rule_id: (Severity.ERROR, text) for rule_id, text in RULE_SUMMARIES.items()})
    return table
