"""The YAML keys of a budget vote (``budgets/<année>.yaml``), one home for its reader,
its rules and the text ``budget apply`` writes; tests/test_vocabulary_keys.py checks them
against ``budget.schema.json``."""

from __future__ import annotations

from docgen.kinds.acts import ASSEMBLY as ASSEMBLY
from docgen.kinds.acts import DATE as DATE
from docgen.kinds.acts import NUMBER as NUMBER

SCHEMA = "$schema"
REFERENCE = "reference"
YEAR = "annee"
RATE = "taux_evolution"
VOTE = "vote"
AVENANTS = "avenants"
NEW_MEASURES = "mesures_nouvelles"
DEROGATIONS = "derogations"
TOP_KEYS = (SCHEMA, REFERENCE, YEAR, RATE, VOTE, AVENANTS, NEW_MEASURES, DEROGATIONS)

# vote: the session that voted the budget
SUBJECT = "objet"
VOTE_KEYS = (ASSEMBLY, DATE, NUMBER, SUBJECT)

# avenants: what every avenant of the vote states
AUTHORISATION = "autorisation"
SIGNATURE = "signature"
AVENANTS_KEYS = (SUBJECT, AUTHORISATION, SIGNATURE)

# mesures_nouvelles[] and derogations[]: one line per service
SERVICE = "service"
AMOUNT = "montant"  # a new measure's amount
DOTATION = "dotation"  # a derogation's dotation
REASON = "motif"
MEASURE_KEYS = (SERVICE, AMOUNT, REASON)
DEROGATION_KEYS = (SERVICE, DOTATION, REASON)
