"""What a rule is, and the findings that reading a file gives before any rule runs.

A rule has a stable id (printed in every finding, used by ``--format json`` and by a
Département's ``regles:``), the kind of file it checks, a default severity, whether a
Département may tune it, a French summary for the README, and a function from the kind's
typed model to ``Violation``s. Every rule is declared once, by its kind (or here, for the
findings of reading and validating a file), and gathered in one registry
(``docgen.core.kind.Registry``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from docgen.core.findings import Finding, Severity, field_path
from docgen.core.source import Document, FieldPath

ANY_KIND = "*"  # a finding any file can give: YAML, schema, template, setting


@dataclass(frozen=True)
class Violation:
    """What a rule found: where in the file (field path) and what to do, in French."""

    path: FieldPath
    message: str
    hint: str = ""


M = TypeVar("M")  # the typed model of the kind a rule checks


@dataclass(frozen=True)
class Rule(Generic[M]):
    id: str
    kind: str  # the kind whose typed model ``check`` receives; ANY_KIND for structural findings
    severity: Severity
    summary: str  # French, for the README's table of rules
    check: Callable[[M], Iterable[Violation]] | None = None  # None: given by reading the file
    # False for the invariants the computed amounts and the reading itself depend on: a
    # Département may tune thresholds and severities, never switch those off.
    tunable: bool = True
    # Its severity under --pour-signature, when it differs: what a draft may still lack
    # (a warning) a signed act may not (an error).
    signing: Severity | None = None

    def severity_for(self, for_signature: bool) -> Severity:
        return self.signing if for_signature and self.signing is not None else self.severity


def structural(rule_id: str, summary: str, *, severity: Severity = Severity.ERROR) -> Rule[Any]:
    return Rule(rule_id, ANY_KIND, severity, summary)


def invariant(rule_id: str, summary: str) -> Rule[Any]:
    return Rule(rule_id, ANY_KIND, Severity.ERROR, summary, tunable=False)


# Findings that come from reading and validating a file, or from a template, rather than
# from a rule on a typed model.
STRUCTURAL_RULES: tuple[Rule[Any], ...] = (
    invariant("yaml-invalid", "le fichier est du YAML valide, en UTF-8, sans alias ni étiquette"),
    invariant(
        "limit-exceeded",
        "le fichier reste dans les limites (taille, profondeur, longueur d'une valeur, "
        "nombre d'éléments, nombre d'anomalies)",
    ),
    invariant(
        "invalid-character",
        "aucun caractère de contrôle ni caractère invalide dans une valeur",
    ),
    invariant(
        "bidi-control",
        "aucun caractère invisible qui change le sens d'écriture (U+202A à U+202E, U+2066 à "
        "U+2069) dans une valeur : le document l'imprimerait dans un autre ordre",
    ),
    invariant("unknown-key", "aucune clé inconnue (faute de frappe)"),
    invariant("required-field", "les champs obligatoires sont présents"),
    structural("signatory-missing", "chaque partie a un signataire"),
    invariant("wrong-type", "chaque valeur a le bon type (texte, liste, champs)"),
    invariant(
        "invalid-value",
        "chaque valeur a le bon format (montant, date, code INSEE, valeurs admises)",
    ),
    structural("empty-value", "aucune valeur vide là où il en faut une"),
    structural("blank-left", "aucun blanc du modèle (X, ....., JJ/MM/AAAA, xxxx, à compléter)"),
    invariant(
        "departement-missing",
        "un departement.yaml dans le dossier du fichier ou au-dessus",
    ),
    structural(
        "signature-incomplete",
        "avec --pour-signature : tout ce que le modèle imprime est renseigné (dates de "
        "signature et de délibérations, numéro, exemplaires)",
    ),
    invariant(
        "template-unreadable",
        "chaque modèle Word est un document Word lisible : zip, XML et parties intactes, "
        "dans les limites de taille (« modèle illisible »)",
    ),
    invariant(
        "template-render",
        "chaque document se remplit sans erreur, dans les limites de rendu : durée (5 s "
        "par défaut), taille des textes, listes et nombres qu'une balise calcule",
    ),
    invariant("template-syntax", "les balises des modèles Word sont lisibles"),
    invariant("template-unknown-field", "chaque balise d'un modèle Word désigne un champ connu"),
    invariant("template-unknown-filter", "chaque filtre d'un modèle Word existe"),
    invariant(
        "template-filter-value",
        "chaque filtre d'un modèle Word reçoit la sorte de valeur qu'il met en forme (un "
        "montant pour « montant », une date pour « date_longue »)",
    ),
    structural(
        "template-english-name",
        "un modèle Word emploie les noms français des champs et des filtres, pas les noms "
        "anglais des versions précédentes (docgen modeles migrer les réécrit)",
        severity=Severity.WARNING,
    ),
    invariant(
        "template-value-missing",
        "chaque valeur qu'un modèle imprime est donnée par les fichiers (une valeur n'est "
        "exigée que là où le modèle l'imprime)",
    ),
    structural(
        "template-split-tag",
        "aucune balise d'un modèle Word n'est coupée en morceaux par Word",
        severity=Severity.WARNING,
    ),
    invariant(
        "template-missing",
        "un modèle Word choisi par une convention (modeles:) existe dans le dossier du Département",
    ),
    structural(
        "template-name",
        "chaque fichier du dossier templates/ du dépôt sert : nom d'un modèle connu, dossier "
        "d'un Département, ou modèle choisi par une convention",
        severity=Severity.WARNING,
    ),
    invariant(
        "rule-setting",
        "un Département ne désactive ni n'affaiblit une règle dont dépendent les montants",
    ),
)


# A document is not rendered from a template with one of these findings: filling it would
# fail, or go past a rendering limit, whatever the data; or a tag names what does not
# exist (a field, a filter), which docgen check already refuses: the template's finding
# says where, and each file it would have filled says only that it was not.
BLOCKING_TEMPLATE_RULES = frozenset(
    {
        "template-unreadable",
        "template-render",
        "template-syntax",
        "template-unknown-field",
        "template-unknown-filter",
    }
)


def finding_at(
    doc: Document, violation: Violation, rule: Rule[Any], *, for_signature: bool = False
) -> Finding:
    """The finding of ``violation`` in ``doc``, at the line of its field."""
    return Finding(
        doc.name,
        doc.line_of(violation.path),
        field_path(violation.path),
        rule.id,
        violation.message,
        violation.hint,
        rule.severity_for(for_signature),
    )
