"""The YAML keys of what every act states: the deliberation that authorises its signature
(``autorisation``) and the signature itself (``signature``), in a convention, an avenant
and a budget vote alike. Their readers are in ``docgen.kinds.common``."""

from __future__ import annotations

# autorisation:
ASSEMBLY = "instance"
DATE = "date"
NUMBER = "numero"
AUTHORISATION_KEYS = (ASSEMBLY, DATE, NUMBER)

# signature:
PLACE = "lieu"
ORIGINALS = "exemplaires"
SIGNATURE_KEYS = (PLACE, DATE, ORIGINALS)
