"""The files ``docgen init`` and ``docgen new`` write, commented in French.

Every value a person must give is a blank (« à compléter », « AAAA-MM-JJ ») that
``docgen check`` reports (``blank-left``), one finding each, until it is filled: nothing is
prefilled with a plausible value that would pass unnoticed. Placeholders are ``{name}``,
replaced by ``fill`` (the texts hold no other braces).
"""

from __future__ import annotations

import re

BLANK = "à compléter"


def fill(text: str, **values: str) -> str:
    """``text`` with each ``{name}`` replaced (an unknown name is a mistake in docgen); a
    comment after it stays in its column."""

    def replace(match: re.Match[str]) -> str:
        value = values[match[1]]
        if match[2] is None:
            return value
        width = len(match[0]) - 1  # up to the comment's « # »
        return value.ljust(width - 1) + " #"

    return re.sub(r"\{([a-z_]+)\}( +#)?", replace, text)


DOCGEN_TOML = """\
# docgen.toml : ce fichier marque la racine d'un dépôt de contrats (écrit par docgen init).
# docgen le cherche en remontant depuis le dossier courant, puis depuis chaque fichier :
#   contracts/<département>/   les fichiers YAML (departement.yaml, une convention par service…)
#   templates/<département>/   les modèles Word propres au Département (sinon templates/,
#                              sinon ceux livrés avec docgen)
#   build/                     les documents produits (docgen build)
# Il ne contient aucun réglage pour l'instant : les règles se règlent dans departement.yaml.
"""

DEPARTEMENT = """\
# yaml-language-server: $schema={schema}
# {title} : ce que partagent ses conventions de prévention spécialisée.
# Écrit par « docgen init » : remplacez chaque « à compléter », puis lancez : docgen check
# Tant qu'un blanc reste, docgen check le signale (règle blank-left) et ne rend rien.
# Seuls nom, article, code et president sont toujours exigés : supprimez ce que vos
# modèles Word n'impriment pas (siège, service signataire, tribunal, délégué, répartition,
# « Vu ») ; docgen check dit quelle valeur manque si un modèle l'imprime.

nom: {nom}                          # sans article : Nord, Pas-de-Calais, Somme, Aisne
article: {article}                  # du, de la, de l', des, de (« Département du Nord »)
code: {code}                        # code officiel géographique, entre guillemets : "59", "2A"

president:                          # président(e) du Conseil départemental, qui signe
  civilite: à compléter             # Monsieur ou Madame
  prenom: à compléter
  nom: à compléter

siege:                              # adresse du siège du Département
  batiment: à compléter             # facultatif (Hôtel du Département) : sinon, supprimez la ligne
  rue: à compléter
  code_postal: "à compléter"        # 5 chiffres entre guillemets
  ville: à compléter

service_signataire:                 # le service qui suit les conventions (en-tête)
  pole: à compléter
  direction: à compléter
  service: à compléter

tribunal_administratif: à compléter     # ville du tribunal administratif compétent
delegue_protection_donnees: à compléter # adresse électronique du délégué (RGPD)
classification: "à compléter"           # matière @CTES des délibérations ("8.2" : Aide sociale)

# Répartition par défaut de la dotation, en % (une convention peut la changer) ; à
# supprimer si vos conventions ne répartissent pas de dotation.
repartition:
  departement: à compléter
  communes: à compléter             # 0 si les communes ne co-financent pas

# Comment la dotation est versée, et sur quelle imputation : l'avenant financier et la
# délibération qui engage la dépense l'impriment ; à supprimer si vos conventions ne
# versent pas de dotation.
paiement:
  modalites: à compléter            # par douzièmes, chaque mois
  imputation: à compléter           # chapitre 65, fonction 51 (famille et enfance)

# Les « Vu » de la convention type, dans l'ordre ; docgen ajoute le dernier (la délibération
# qui autorise la signature) d'après chaque convention.
visas:
  - à compléter

# Facultatif :
# site_communication: https://…     # page des contreparties de communication
# modele_rapport_activite: 2024     # année du modèle de rapport d'activité
# siren: "000000000"                # SIREN du Département
# quorum: true                      # docgen check vérifie le quorum des délibérations
# membres_en_exercice:
#   commission_permanente: 48
#   conseil_departemental: 78
# ratio_encadrement: {educatifs: 6, direction_max: 1, administratif_max: 1}
# limites: {rendu_secondes: 10}    # durée admise pour remplir un document (5 s par défaut)
# regles:                           # régler une règle, toujours avec une raison
#   commune-departement:
#     severite: erreur
#     raison: toutes nos communes sont dans le Département
"""

CONVENTION_HEAD = """\
# yaml-language-server: $schema={schema}
# Convention de prévention spécialisée {of_departement} : un fichier par service.
# Remplacez chaque « à compléter » et chaque « AAAA-MM-JJ », puis lancez : docgen check {name}
# Les montants s'écrivent avec un point décimal (312345.67), les dates AAAA-MM-JJ, les codes
# INSEE et postaux entre guillemets (5 chiffres).
"""

# The convention's blocks, by YAML key, in the file's order. ``docgen new`` keeps those the
# Département's convention template prints (and those every convention needs).
CONVENTION_BLOCKS: dict[str, str] = {
    "service": """\
service:
  nom: à compléter                 # nom du service, imprimé entre « »
  territoire: à compléter          # nom usuel du territoire (SPS de …)
  quartiers:
    - à compléter
  maison_solidarite: à compléter   # la structure territoriale du Département dont relève le service
""",
    "association": """\
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
""",
    "communes": """\
{communes_comment}
communes:
  - nom: à compléter
    insee: "à compléter"
    maire:
      civilite: à compléter
      prenom: à compléter
      nom: à compléter
{commune_money}""",
    "effectifs": """\
effectifs:                         # en ETP, décimales admises (3.83)
  direction: à compléter
  travailleurs_sociaux: à compléter
  administratif: à compléter
  # autres:
  #   - libelle: agent d'entretien
  #     etp: 0.5
""",
    "financement": """\
financement:
  annee: à compléter
  dotation: à compléter            # euros, ex. 312345.67
  # repartition:                   # seulement si elle diffère de celle du Département
  #   departement: à compléter
  #   communes: à compléter
""",
    "duree": """\
duree:
  debut: AAAA-MM-JJ
  mode: à compléter                # reconduction_tacite (chaque année) ou ferme
  annees: à compléter              # 1 en reconduction tacite ; la durée si ferme
  preavis_mois: à compléter        # préavis de dénonciation, en mois
""",
    "signature": """\
signature:
  lieu: à compléter
  date: ~                          # date de signature, vide tant qu'elle n'est pas fixée
  exemplaires: ~                   # un original par partie au moins
""",
    "autorisation": """\
autorisation:
  instance: à compléter            # Commission permanente ou Conseil départemental
  date: ~                          # date de la délibération qui autorise la signature
  numero: ~
""",
}
# Every convention has these, whatever its template prints: its term and the deliberation
# that authorises its signature.
CONVENTION_ALWAYS = frozenset({"duree", "autorisation"})

COMMUNES_SHARE = """\
# Une entrée par commune co-financeuse ; « part » en % de la dotation totale.
# {communes_share}"""
COMMUNES_IN_KIND = """\
# Une entrée par commune partie à la convention ; ce qu'elle apporte en nature."""
COMMUNE_SHARE = """\
    part: à compléter
"""
COMMUNE_IN_KIND = """\
    contribution: à compléter      # ce que la commune apporte (des locaux prêtés…)
    valorisation: ~                # sa valeur en euros, si la convention l'écrit
"""

CONVENTION_LEFT_OUT = """\
# Le modèle de convention du Département ({template})
# n'imprime pas {keys} : {absent} dans ce squelette. Une convention sans argent n'a ni
# « financement » ni « part » des communes : c'est admis, et docgen check ne demande une
# valeur que si un modèle l'imprime.
"""

CONVENTION_TAIL = """\
# Facultatif : un modèle Word propre à cette convention, dans {templates}
# modeles:
#   convention: convention-{service}.docx
"""


PRE_COMMIT = """\
# .pre-commit-config.yaml (écrit par docgen init) : vérifie tous les contrats à chaque commit,
# avec le docgen installé sur le poste (pipx install …). Activez-le une fois : pre-commit install
# Tous les contrats, pas seulement les fichiers modifiés : changer un departement.yaml ou un
# modèle Word peut rendre fausses les conventions qui en dépendent ; et à chaque commit, même
# celui qui ne fait que supprimer un contrat (une délibération peut le citer).
repos:
  - repo: local
    hooks:
      - id: docgen-check
        name: docgen check (contrats de prévention spécialisée)
        entry: docgen check
        args: [contracts/]
        language: system
        always_run: true
        pass_filenames: false
"""

TEMPLATES_README = """\
# Modèles Word du dépôt de contrats

docgen remplit, pour chaque document, le premier modèle qui existe :

1. celui qu'une convention choisit (`modeles: {convention: mon-modele.docx}`), dans
   `templates/<dossier du Département>/` ;
2. `templates/<dossier du Département>/<nom>.docx` (par exemple `templates/nord/convention.docx`) ;
3. `templates/<nom>.docx`, commun à tous les Départements du dépôt ;
4. le modèle livré avec docgen.

Les noms : `convention.docx`, `avenant.docx`, `deliberation.docx`, `annexe-financiere.docx`,
`liste-conventions.docx`, en minuscules. Un fichier mal nommé (`Convention.docx`,
`convention.doc`) ou un dossier qui n'est celui d'aucun Département est signalé par
`docgen check` (avertissement `template-name`) : il ne serait jamais utilisé.
`docgen init <département>` y copie les modèles livrés, à modifier dans Word.
"""
