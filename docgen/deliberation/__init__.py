"""Deliberations: the Commission permanente's or the Conseil départemental's decision that
approves conventions or avenants and authorises their signature, with its annexes.

A deliberation is a YAML file in ``contracts/<département>/deliberations/`` that refers to
the contracts it covers by file name (``conventions: [elp, {service: alaj, avenant: 1}]``)
or by budget vote (``budget: BP-2025``), never by copying them (see ``resolve``).

``docgen check`` checks it (``check``: schema, references, vote, quorum, dates);
``docgen deliberation`` renders it (``build``): the deliberation, its financial annex, the
list of the conventions or avenants to sign, and — when it approves the model
(``approuve_modele: true``) — the projet type de convention, all under
``<sortie>/<département>/deliberations/<numéro>/``, with the JSON for the contrôle de
légalité (``docgen.prefecture``).

The projet type annexed is the Département's convention template itself, filled with
everything the Département's conventions share (its name, president, visas, shares,
articles) and with every value proper to one service left as a visible blank « …… »
(association, communes, staffing, amounts, dates): exactly what the Commission approves,
and what ``docgen build`` then fills for each service (see ``specimen``).
"""

from docgen.deliberation.build import BuiltDeliberation, build_deliberation
from docgen.deliberation.check import check_deliberation, inspect_deliberation
from docgen.deliberation.model import Checked, Covered, Deliberation
from docgen.deliberation.rules import RULE_SUMMARIES

__all__ = [
    "RULE_SUMMARIES",
    "BuiltDeliberation",
    "Checked",
    "Covered",
    "Deliberation",
    "build_deliberation",
    "check_deliberation",
    "inspect_deliberation",
]
