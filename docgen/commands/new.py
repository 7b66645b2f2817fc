"""The commented skeleton written by ``docgen new``.

Every value to fill is a blank ("à compléter", "AAAA-MM-JJ") so that ``docgen check``
rejects the file for those blanks only, one finding each, until they are filled.
"""

from __future__ import annotations

import os
from pathlib import Path

from docgen.core.errors import OverwriteRefused, UsageError
from docgen.core.findings import display_path
from docgen.core.resources import schemas_dir
from docgen.core.write import atomic_write_bytes

SKELETON = """\
# yaml-language-server: $schema={schema}
# Convention de prévention spécialisée : un fichier par service.
# Remplacez chaque « à compléter » et chaque « AAAA-MM-JJ », puis lancez : docgen check {name}
# Les montants s'écrivent avec un point décimal (312345.67), les dates AAAA-MM-JJ,
# les codes INSEE et postaux entre guillemets ("62041").

service:
  nom: à compléter                 # nom du service, imprimé entre « »
  territoire: à compléter          # nom usuel du territoire (SPS de …)
  quartiers:
    - à compléter
  maison_solidarite: à compléter   # ex. Maison du Département Solidarité de l'Arrageois

association:
  nom: à compléter
  adresse:
    rue: à compléter
    code_postal: "à compléter"
    ville: à compléter
  president:
    civilite: à compléter          # Monsieur ou Madame
    prenom: à compléter
    nom: à compléter
  deliberation_ca: AAAA-MM-JJ      # délibération du conseil d'administration (vide : ~)

# Une entrée par commune co-financeuse ; « part » en % de la dotation totale.
# Les parts des communes totalisent la part des communes (5 % dans le Pas-de-Calais).
communes:
  - nom: à compléter
    insee: "à compléter"
    maire:
      civilite: à compléter
      prenom: à compléter
      nom: à compléter
    part: à compléter

effectifs:                         # en ETP, décimales admises (3.83)
  direction: à compléter
  travailleurs_sociaux: à compléter
  administratif: à compléter
  # autres:
  #   - libelle: agent d'entretien
  #     etp: 0.5

financement:
  annee: à compléter
  dotation: à compléter            # euros, ex. 312345.67
  # repartition:                   # seulement si elle diffère de celle du Département
  #   departement: 95
  #   communes: 5

duree:
  debut: AAAA-MM-JJ
  mode: reconduction_tacite        # ou « ferme » pour plusieurs années
  annees: 1
  preavis_mois: 6

signature:
  lieu: à compléter
  date: ~                          # date de signature, vide tant qu'elle n'est pas fixée
  exemplaires: ~                   # un original par partie au moins

autorisation:
  instance: Commission permanente
  date: ~                          # date de la délibération qui autorise la signature
  numero: ~
"""


def write_skeleton(path: Path) -> None:
    if path.suffix not in (".yaml", ".yml"):
        raise UsageError(
            f"{display_path(path)} : le fichier doit finir par .yaml",
            "par exemple : docgen new contracts/pas-de-calais/mon-service.yaml",
        )
    if path.exists():
        raise OverwriteRefused(
            f"{display_path(path)} existe déjà : il n'est pas remplacé",
            "choisissez un autre nom de fichier",
        )
    schema = (schemas_dir() / "convention.schema.json").resolve()
    schema_ref = Path(os.path.relpath(schema, path.parent.resolve())).as_posix()
    text = SKELETON.format(schema=schema_ref, name=display_path(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, text.encode("utf-8"))
