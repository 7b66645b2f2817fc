"""The YAML keys of a convention's avenants (``avenants:``, at the end of its file): one
home for the convention's reader and for the text ``budget apply`` appends
(docgen.kinds.budget.text); tests/test_vocabulary_keys.py checks them against
``convention.schema.json``."""

from __future__ import annotations

from docgen.kinds.acts import ASSEMBLY as ASSEMBLY
from docgen.kinds.acts import DATE as DATE
from docgen.kinds.acts import NUMBER as NUMBER

AVENANTS = "avenants"

# avenants[]
SUBJECT = "objet"
BUDGET = "budget"  # the reference of the budget vote it applies
BUDGET_VOTE = "vote_budget"
AUTHORISATION = "autorisation"
SIGNATURE = "signature"
HABILITATIONS = "habilitations"
PREAMBLE = "preambule"
EFFECT_DATE = "date_effet"
CHANGES = "modifications"
AVENANT_KEYS = (
    NUMBER,
    SUBJECT,
    BUDGET,
    BUDGET_VOTE,
    AUTHORISATION,
    SIGNATURE,
    HABILITATIONS,
    PREAMBLE,
    EFFECT_DATE,
    CHANGES,
)

# avenants[].vote_budget
BUDGET_VOTE_KEYS = (ASSEMBLY, DATE, NUMBER, SUBJECT)

# avenants[].modifications
DOTATION = "dotation"
COMMUNES = "communes"
STAFFING = "effectifs"
TERM = "duree"
CHANGE_KEYS = (DOTATION, COMMUNES, STAFFING, TERM)

# avenants[].modifications.dotation
YEAR = "annee"
AMOUNT = "montant"
RATE = "taux_evolution"
NEW_MEASURES = "mesures_nouvelles"
DOTATION_KEYS = (YEAR, AMOUNT, RATE, NEW_MEASURES)

# avenants[].habilitations
ASSOCIATION = "association"
PARTIES = "parties"
HABILITATION_KEYS = (ASSOCIATION, COMMUNES, PARTIES)
