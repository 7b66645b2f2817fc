"""Build ``templates/convention.docx`` and ``templates/avenant.docx``, the Word models of a
prévention spécialisée convention and of its avenants.

Run ``python scripts/make_templates.py`` after changing the wording below; commit this
script and both .docx files. Legal staff may also edit the .docx in Word or LibreOffice: it is a
plain document with Word styles and docxtpl tags (``{{ … }}`` values, ``{%p … %}``
paragraph loops, ``{%tr … %}`` table-row loops). The names the tags use are listed in the
README (``docgen.render.FIELD_SOURCES`` for the convention, ``docgen.render.AVENANT_FIELDS``
for the avenant).

The wording is the Pas-de-Calais model convention (seed 001), with its slips fixed. It is
kept here as data: a list of (style, text) items where ``**bold**`` and ``*italic*`` mark
runs. Text is typed with plain spaces and apostrophes and made typographically French at
build time (no-break spaces before « : ; ! ? », inside guillemets and after « n° », ’).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ALIGN_VERTICAL, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docgen.format import typography  # noqa: E402

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x38, 0x64)  # dark blue: headings stay readable in greyscale prints

TITLE = "Title"
H1 = "Heading 1"
H2 = "Heading 2"
P = "Normal"
LI = "List Bullet"
LI2 = "List Bullet 2"
LI3 = "List Bullet 3"
PLACE = "Lieu et date"  # « Fait à … »: kept on the page of the signatures
CONSOLIDATED = "Version consolidée"  # the mention under the title of a consolidated text
SUBTITLE = "Sous-titre"  # the service's name under an avenant's title
QUOTE = "Citation"  # the new wording of an article, between « »
CTL = "control"  # a {%p … %} paragraph: docxtpl removes it from the output
SIGNATURES = "signatures"  # the signature table
SPLIT_TABLE = "split table"  # an avenant's amounts before and after it

HEADER = (
    "Convention de prévention spécialisée – Service « {{ service.name }} »"
    "{{ consolidation_header }}"
)

# The model convention. Values come from the YAML (FIELD_SOURCES in docgen/render/convention.py).
CONVENTION: list[tuple[str, str]] = [
    (P, "**{{ departement.signing_service.pole }}**"),
    (P, "**{{ departement.signing_service.direction }}**"),
    (P, "{{ departement.signing_service.service }}"),
    (TITLE, "CONVENTION"),
    # Only in the consolidated text (docgen.render.render_consolidated): which avenants it includes.
    (CTL, "{%p if consolidation %}"),
    (CONSOLIDATED, "**{{ consolidation }}**\n{{ consolidation_avenants }}"),  # a line each
    (CTL, "{%p endif %}"),
    (
        P,
        "**Objet :** Convention de partenariat relative à la mise en œuvre des actions de "
        "prévention spécialisée dans le {{ departement.full_name }}",
    ),
    # Parties
    (
        P,
        "**Entre le {{ departement.full_name }}**, dont le siège est situé "
        "{{ departement_address }}, représenté par {{ departement.president.civility }} "
        "**{{ departement.president.full_name }}**, {{ departement_president.title }} du "
        "Conseil départemental, dûment {{ departement_president.authorised }} par délibération "
        "{{ authorisation_assembly }} en date du {{ authorisation_date }},",
    ),
    (P, "ci-après désigné par « le Département »,"),
    (P, "d'une part,"),
    (P, "Et"),
    (
        P,
        "**{{ association.name }}**, dont le siège est situé {{ association_address }}, "
        "représentée par {{ association.president.civility }} "
        "**{{ association.president.full_name }}**, {{ association_president.title }}, tant en "
        "vertu des statuts que de la délibération du conseil d'administration en date du "
        "{{ board_resolution_date }},",
    ),
    (P, "ci-après désignée par « l'association »,"),
    (P, "d'autre part,"),
    (CTL, "{%p if commune_parties %}"),
    (P, "Et"),
    (CTL, "{%p for cp in commune_parties %}"),
    (
        P,
        "**La {{ cp.name }}**, représentée par {{ cp.mayor.person.civility }} "
        "**{{ cp.mayor.person.full_name }}**, {{ cp.mayor.title }}, dûment "
        "{{ cp.mayor.authorised }} par délibération du conseil municipal en date du "
        "{{ cp.resolution_date }},",
    ),
    (P, "ci-après désignée par « la {{ cp.name }} »,"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    # Visas
    (CTL, "{%p for visa in departement.visas %}"),
    (P, "**Vu :** {{ visa }} ;"),
    (CTL, "{%p endfor %}"),
    (
        P,
        "**Vu :** la délibération n° {{ authorisation_number }} {{ authorisation_assembly }} en "
        "date du {{ authorisation_date }} autorisant {{ departement_president.the_title }} du "
        "Conseil départemental à signer la présente convention.",
    ),
    (P, "Il a été convenu ce qui suit :"),
    (H1, "Préambule"),
    (
        P,
        "La prévention spécialisée est une mission de service public dont la compétence a été "
        "confiée aux conseils départementaux par la loi du 6 janvier 1986. En vertu de l'article "
        "L121-2 du code de l'action sociale et des familles, le {{ departement.full_name }} a "
        "confié au secteur associatif la mission d'intérêt général et d'utilité sociale que "
        "représente la prévention spécialisée. En effet, celle-ci s'inscrit pleinement dans une "
        "mission de protection de l'enfance impulsée par le Département, chef de file de l'action "
        "sociale, qui en assure principalement le financement.",
    ),
    (H1, "Article 1 : Champ d'application"),
    (
        P,
        "Dans le cadre de l'habilitation délivrée, en application de l'article L313-8-1 du code "
        "de l'action sociale et des familles (CASF), au Service de Prévention Spécialisée qu'elle "
        "gère, l'association s'engage dans une collaboration étroite avec le "
        "{{ departement.full_name }} et les autres partenaires signataires de la présente "
        "convention.",
    ),
    (
        P,
        "À ce titre, elle accepte, à la date de la signature de ce document, la mission de "
        "service public qu'elle assure dans le cadre des dispositions législatives et "
        "réglementaires et des orientations définies par le Conseil départemental "
        "{{ departement_de }} en matière de prévention spécialisée.",
    ),
    (H1, "Article 2 : Principes d'intervention"),
    (
        P,
        "La prévention spécialisée est une intervention sociale à finalité éducative en direction "
        "des jeunes et des groupes de jeunes, en voie de marginalisation ou déjà marginalisés, "
        "menée dans leur milieu de vie naturel. Elle relève de cinq grands principes fondateurs "
        "qui la distinguent d'autres interventions dans le domaine du travail social :",
    ),
    (LI, "la libre adhésion ;"),
    (LI, "l'absence de mandat nominatif ;"),
    (LI, "le respect de l'anonymat ;"),
    (LI, "la pratique non institutionnelle ;"),
    (LI, "le partenariat."),
    (P, "Le Service de Prévention Spécialisée « {{ service.name }} » est composé de :"),
    (LI, "{{ staffing.management|etp }} de direction ;"),
    (LI, "{{ staffing.social_workers|etp }} de travailleurs sociaux ;"),
    (LI, "{{ staffing.administrative|etp }} d'administratif ;"),
    (CTL, "{%p for other in staffing.others %}"),
    (LI, "{{ other.etp|etp }} {{ other.label|de }} ;"),
    (CTL, "{%p endfor %}"),
    (P, "soit {{ staffing.total|etp }} au total."),
    (H2, "2.1 Public cible"),
    (
        P,
        "Le rôle de la prévention spécialisée est défini par les articles L121-2, L121-6 et "
        "L221-1 du code de l'action sociale et des familles et consiste à « prévenir la "
        "marginalisation et à faciliter l'insertion ou la promotion sociale des jeunes et des "
        "familles dans les lieux où se manifestent des risques d'inadaptation sociale ».",
    ),
    (
        P,
        "La prévention spécialisée accompagne généralement des adolescents et jeunes majeurs en "
        "difficulté (personnelle, affective, relationnelle, d'insertion…) et/ou en "
        "tensions/ruptures avec leur environnement (familial, scolaire, social…) ou qui risquent "
        "de s'y retrouver si aucune action préventive et socio-éducative n'est conduite de "
        "manière adaptée.",
    ),
    (
        P,
        "Le {{ departement.full_name }} s'est fixé comme objectif d'intervenir, en priorité, sur "
        "la tranche d'âge de la préadolescence (11-16 ans). Le travail avec la famille est à "
        "conduire en parallèle de la relation de confiance établie avec le jeune.",
    ),
    (
        P,
        "Les jeunes de 16 à 21 ans révolus, subissant exclusion, précarité et marginalisation "
        "croissante, sont également identifiés comme un public incontournable à accompagner par "
        "la prévention spécialisée.",
    ),
    (
        P,
        "Les méthodes d'action prennent des formes diverses et appropriées : travail de rue, "
        "local, atelier, action globale ou individuelle, information, animation. Le travail de "
        "rue représente l'axe d'action privilégié.",
    ),
    (
        P,
        "Elles pourront varier dans le temps, en fonction de l'évolution du quartier, du projet "
        "éducatif et de l'évaluation.",
    ),
    (
        P,
        "L'accompagnement individualisé repose sur la libre adhésion du jeune ; il peut se "
        "présenter sous plusieurs formes, être ponctuel ou sur une longue durée. "
        "L'accompagnement se base ainsi sur un travail avec et autour de l'environnement du "
        "jeune, en vue de soutenir l'avenir des jeunes, tout en prévenant et accompagnant les "
        "ruptures de parcours. C'est une approche dite globale.",
    ),
    (H2, "2.2 Diagnostic territorial et cadre géographique d'intervention"),
    (
        P,
        "L'équipe éducative du Service de Prévention Spécialisée « {{ service.name }} » exerce "
        "son action pour une durée indéterminée sur le territoire {{ intervention_area }}.",
    ),
    (
        P,
        "Le cadre géographique d'intervention est susceptible d'être modifié après consultation "
        "du Département, de la Direction Enfance Famille et de la (des) commune(s) "
        "d'implantation en fonction des besoins définis dans un diagnostic partagé et des "
        "orientations du Département en matière de prévention spécialisée. L'intervention pourra "
        "s'étendre aux lieux où les jeunes se trouvent habituellement après concertation avec le "
        "{{ departement.full_name }} et le Service de Prévention Spécialisée.",
    ),
    (
        P,
        "Le Service de Prévention Spécialisée « {{ service.name }} » participe à la construction "
        "d'une observation territoriale et sociale préalable à toute intervention et constitue un "
        "diagnostic territorial partagé établi avec la {{ service.solidarity_house }} et "
        "l'ensemble des acteurs.",
    ),
    (H1, "Article 3 : Obligations vis-à-vis des financeurs"),
    (
        P,
        "L'association s'engage à réaliser son action dans les conditions définies dans son "
        "projet de service validé par le Département et à affecter le montant de la dotation "
        "globale à ce projet, à l'exclusion de toute autre dépense.",
    ),
    (
        P,
        "Plus généralement, l'association s'engage à porter immédiatement à la connaissance du "
        "Département tout fait de nature à entraîner la non-réalisation ou la réalisation "
        "partielle de la mission ayant fait l'objet d'une participation et à accepter le contrôle "
        "des services du Département.",
    ),
    (
        P,
        "En outre, elle s'engage à communiquer tous documents permettant d'établir un "
        "compte rendu de l'emploi de la dotation (production de rapport d'activité, revue de "
        "presse, actes…) et faisant connaître les résultats de son action.",
    ),
    (
        P,
        "Le rapport d'activité (évaluation qualitative et quantitative) établi "
        "{{ activity_report_model }} devra être transmis au Département au plus tard le "
        "30 avril de l'exercice suivant.",
    ),
    (
        P,
        "L'association s'engage à fournir au Département, dans les conditions prévues à "
        "l'article L1611-4 du code général des collectivités territoriales, une copie certifiée "
        "conforme des budgets et des comptes de l'exercice écoulé. Les documents comptables "
        "devront être produits au Département pour le 30 avril de l'exercice suivant celui "
        "auquel ils se rapportent.",
    ),
    (
        P,
        "L'association reconnaît être en règle et souscrire valablement les assurances "
        "inhérentes à la mise en œuvre du projet (responsabilité civile, ainsi que toute garantie "
        "complémentaire qui pourrait être exigée en relation avec les conditions réelles de mise "
        "en œuvre du projet de service).",
    ),
    (H1, "Article 4 : Obligations et contreparties en matière de communication / charte graphique"),
    (
        P,
        "La structure s'engage à respecter la charte à l'intention des partenaires bénéficiant "
        "d'une aide ou d'un soutien du Conseil départemental {{ departement_de }}, intitulée "
        "« obligations et contreparties en matière de communication », consultable sur le site "
        "internet du Département{{ charter_address }}, ainsi que la charte graphique dédiée.",
    ),
    (
        P,
        "Dans cette charte à l'attention des partenaires, la structure s'engage notamment à :",
    ),
    (
        LI,
        "promouvoir l'image du Conseil départemental, en rappelant le soutien du Département et "
        "en faisant apparaître son logo sur les différents supports de communication utilisés "
        "(plaques inaugurales, affiches, insertions publicitaires, supports dématérialisés – web "
        "et réseaux sociaux –, dossards et tous supports de promotion utilisés lors de la "
        "manifestation, communiqués et dossiers de presse) ;",
    ),
    (
        LI,
        "associer le Département aux différents points presse et présentations officielles qui "
        "seraient organisés dans le cadre du contrat de partenariat. Le choix des dates retenues "
        "devra s'effectuer impérativement dans les conditions arrêtées d'un commun accord entre "
        "la structure et le Département ;",
    ),
    (
        LI,
        "permettre au Département d'installer des supports de communication sur l'ensemble des "
        "sites où se dérouleront les manifestations et autres opérations de promotion (flammes, "
        "calicots, roll-up, pop-up…). Ainsi, la visibilité de l'institution devra être clairement "
        "identifiée durant l'événement.",
    ),
    (H1, "Article 5 : Partenariat"),
    (
        P,
        "Le partenariat est un principe d'action affirmé par l'article 5 de l'arrêté du "
        "4 juillet 1972 : « *L'action éducative de ces organismes est menée en collaboration avec "
        "les services sociaux, les groupements et établissements socio-éducatifs et "
        "culturels.* »",
    ),
    (
        P,
        "L'association garde sa liberté d'action quant aux voies et moyens à mettre en œuvre pour "
        "atteindre les objectifs fixés contractuellement dans le respect des dispositions prévues "
        "par l'autorisation et en adéquation avec le public en risque de marginalisation ciblé et "
        "non pris en compte par des structures existantes. Elle s'engage à établir les meilleures "
        "relations avec les établissements, services et organismes à caractère social, "
        "médico-social et sanitaire locaux, dans l'intérêt des publics jeunes pris en charge et "
        "de leurs familles.",
    ),
    (
        P,
        "L'équipe éducative veille à maintenir la spécificité de son action par rapport aux "
        "structures d'animation et de loisirs existant déjà à proximité.",
    ),
    (
        P,
        "Le Service de Prévention Spécialisée a vocation à s'appuyer sur un réseau large de "
        "partenaires, notamment les Maisons des adolescents, les Points Accueil et Écoute Jeunes "
        "(PAEJ), les Points Information Jeunesse, l'Éducation nationale, les Maisons du "
        "Département Solidarité…",
    ),
    (
        P,
        "Le Service de Prévention Spécialisée peut être représenté lors des séances plénières des "
        "Conseils locaux de sécurité et de prévention de la délinquance (CLSPD) ou Conseils "
        "intercommunaux de sécurité et de prévention de la délinquance (CISPD). Les informations "
        "échangées dans le cadre de ces instances sont de nature générale et ne peuvent en aucun "
        "cas concerner des informations confidentielles ni a fortiori des informations à "
        "caractère secret.",
    ),
    (H1, "Article 6 : Modalités de contrôle"),
    (
        P,
        "Le contrôle de la mise en œuvre de la présente convention est exercé par les services "
        "départementaux.",
    ),
    (
        P,
        "Ce contrôle peut s'effectuer sur pièces et, en cas de besoin, sur place. L'association "
        "doit tenir à la disposition des services du Département tout élément nécessaire à "
        "l'évaluation du projet ayant fait l'objet d'une participation.",
    ),
    (H1, "Article 7 : Comité de pilotage – suivi de l'activité"),
    (
        P,
        "Le pilotage du dispositif de prévention spécialisée est assuré pour le "
        "{{ departement.full_name }} par le {{ departement.signing_service.service }}. Ce dernier "
        "organisera a minima une fois par an le comité de pilotage départemental.",
    ),
    (
        P,
        "A minima, une rencontre partenariale Maison du Département Solidarité (MDS) et Service "
        "de Prévention Spécialisée (SPS) sera organisée à l'initiative du SPS, avec le site de la "
        "MDS concernée, en présence du directeur de la Maison du Département Solidarité ou de son "
        "représentant et de la Direction Enfance Famille.",
    ),
    (
        P,
        "Un comité des financeurs sera organisé une fois par an à l'initiative du Service de "
        "Prévention Spécialisée.",
    ),
    (H1, "Article 8 : Dispositions financières et administratives"),
    (H2, "8.1 Modalité de calcul et de versement de la dotation"),
    (
        P,
        "{{ departement_president.role }} du Conseil départemental fixe chaque année la "
        "tarification des prestations fournies par le Service de Prévention Spécialisée "
        "conformément aux dispositions du CASF.",
    ),
    (
        P,
        "Pour l'exercice {{ funding.year }}, la dotation globale s'élève à "
        "{{ split.dotation|amount_full }}, soit {{ split.departement|amount }} pour le "
        "Département et {{ split.communes|amount }} pour les communes.",
    ),
    (
        P,
        "Les participations des communes ou autres collectivités territoriales au financement "
        "du Service de Prévention Spécialisée « {{ service.name }} », telles que prévues dans le "
        "rapport budgétaire annuel, sont réparties entre les signataires concernés comme suit :",
    ),
    (
        LI,
        "Département : {{ funding.shares.departement|percent }}, soit "
        "{{ split.departement|amount }} ;",
    ),
    (CTL, "{%p if commune_parties %}"),
    (
        LI,
        "Communes : {{ funding.shares.communes|percent }}, soit {{ split.communes|amount }}, "
        "dont :",
    ),
    (CTL, "{%p for line in split.per_commune %}"),
    (
        LI2,
        "Commune {{ line.commune.name|de }} : {{ line.commune.share|percent }}, soit "
        "{{ line.amount|amount }} ;",
    ),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    (
        P,
        "Des financements complémentaires de la part des communes ou autres collectivités "
        "territoriales peuvent être versés en contrepartie des interventions réalisées sur les "
        "territoires situés en dehors des zones concernées par les financements départementaux.",
    ),
    (
        P,
        "D'autres financements peuvent par ailleurs être recherchés pour des opérations "
        "spécifiques (CAF, État…).",
    ),
    (
        P,
        "Ces financements complémentaires font l'objet de conventions spécifiques annexées qui "
        "respectent les principes de la présente convention.",
    ),
    (
        P,
        "Les financements indiqués dans la présente convention sont susceptibles d'évoluer "
        "chaque année en fonction d'une part des éventuelles mesures nouvelles octroyées dans le "
        "cadre de la procédure budgétaire et d'autre part du taux d'évolution des dépenses voté "
        "par l'Assemblée départementale à l'occasion de l'approbation du budget.",
    ),
    (
        P,
        "Ce taux permettra notamment de compenser les effets de l'inflation et des "
        "revalorisations salariales qui s'imposent aux gestionnaires d'établissements et "
        "services sociaux et médico-sociaux (ESSMS).",
    ),
    (
        P,
        "Le financement départemental ainsi calculé fait l'objet d'un versement par dotation "
        "mensuelle.",
    ),
    (H2, "8.2 Documents administratifs, budgétaires et comptables"),
    (
        P,
        "L'association adresse aux signataires de la présente convention pour le 31 octobre de "
        "chaque année le budget prévisionnel de l'année suivante.",
    ),
    (
        P,
        "Elle doit également produire, avant le 30 avril de l'année en cours, le compte "
        "administratif de l'année précédente.",
    ),
    (
        P,
        "Ces documents, conformément aux modèles proposés par les services départementaux, "
        "incluent :",
    ),
    (LI, "l'organigramme du personnel ;"),
    (LI, "le tableau d'amortissement ;"),
    (LI, "l'échéancier des emprunts ;"),
    (LI, "les investissements."),
    (
        P,
        "Le bilan financier de l'association ainsi que le rapport d'activité annuel du Service "
        "de Prévention Spécialisée sont joints au compte administratif chaque année. Ces "
        "documents doivent être certifiés et consolidés par un commissaire aux comptes.",
    ),
    (
        P,
        "{{ departement_president.role }} du Conseil départemental donne son accord écrit "
        "préalable à tout projet d'investissement et/ou projet d'emprunt, faute de quoi les "
        "conséquences financières de ceux-ci ne pourront être prises en charge dans la "
        "tarification.",
    ),
    (
        P,
        "L'association conserve une entière liberté de choix quant au recrutement des personnels "
        "sous réserve du respect du tableau des effectifs et du droit du travail et de "
        "l'exigence de diplôme de travail social nécessaire à l'exercice des missions propres.",
    ),
    (
        P,
        "Le tableau des effectifs ne peut être modifié sans l'accord préalable du Département, "
        "faute de quoi les conséquences financières des modifications non autorisées ne seront "
        "pas prises en charge dans la tarification.",
    ),
    (
        P,
        "Le contrôle de l'application des dispositions de la convention collective applicable au "
        "personnel implique la tenue dans le service, pour chaque agent, d'un dossier individuel "
        "comportant les renseignements d'état civil de l'agent, son curriculum vitae complet, "
        "copie des diplômes, indication des dates d'entrée dans la profession et dans le service "
        "et de la date d'accession aux divers échelons.",
    ),
    (H2, "8.3 Évaluation des Services de Prévention Spécialisée"),
    (
        P,
        "Conformément aux dispositions des articles D312-203 et D312-204 du code de l'action "
        "sociale et des familles et de l'article 2 du décret n° 2021-1476 du 12 novembre 2021, le "
        "dispositif d'évaluation applicable aux Services de Prévention Spécialisée est le "
        "suivant :",
    ),
    (
        LI,
        "transmission des évaluations, réalisées par des organismes évaluateurs accrédités par "
        "le Comité français d'accréditation (COFRAC) sur la base de référentiels « qualité » de "
        "la HAS, selon un rythme quinquennal et au plus tard deux ans avant la date de fin "
        "d'autorisation ;",
    ),
    (
        LI,
        "l'évaluation interne n'est plus exigée mais elle est remplacée par la mise en œuvre "
        "d'une « démarche d'amélioration continue de la qualité ». Les actions engagées à ce "
        "titre devront être mentionnées dans le rapport annuel d'activité des SPS ;",
    ),
    (
        LI,
        "une programmation pluriannuelle pour chaque ESSMS est réalisée par les autorités en "
        "charge de délivrer les autorisations. Le 1er arrêté de programmation concernant les "
        "ESSMS autorisés par le {{ departement.full_name }} a été publié le 18 janvier 2023 et "
        "concerne les ESSMS devant rendre leur évaluation entre le 1er juillet 2023 et le "
        "31 décembre 2027. Cette programmation quinquennale sera actualisée annuellement au "
        "31 décembre pour tenir compte de changements éventuels intervenus dans la situation des "
        "ESSMS concernés.",
    ),
    (H1, "Article 9 : Protection des données à caractère personnel"),
    (
        P,
        "L'association est autorisée à traiter pour le compte du Département les données à "
        "caractère personnel nécessaires pour le projet du jeune s'inscrivant dans la démarche "
        "poursuivie par les Services de Prévention Spécialisée :",
    ),
    (
        LI,
        "la nature des opérations réalisées sur les données est : la mise en œuvre du projet du "
        "jeune ;",
    ),
    (
        LI,
        "les finalités du traitement sont : l'accompagnement, le suivi des jeunes et "
        "l'évaluation du dispositif ;",
    ),
    (
        LI,
        "les données à caractère personnel traitées sont : le nom, le prénom, l'adresse "
        "postale, le numéro de téléphone ;",
    ),
    (LI, "la catégorie de personnes concernées est : le jeune."),
    (H2, "Obligations de l'organisme vis-à-vis du Département"),
    (P, "L'association s'engage à :"),
    (
        LI,
        "traiter les données uniquement pour la ou les seule(s) finalité(s) qui fait/font "
        "l'objet de la prestation et notamment à ne pas les commercialiser ;",
    ),
    (
        LI,
        "si l'association considère qu'une instruction constitue une violation du règlement "
        "européen sur la protection des données ou de toute autre disposition du droit de "
        "l'Union ou du droit des États membres relative à la protection des données, elle en "
        "informe immédiatement le Département. En outre, si l'association est tenue de procéder "
        "à un transfert de données vers un pays tiers ou à une organisation internationale, en "
        "vertu du droit de l'Union ou du droit de l'État membre auquel elle est soumise, elle "
        "doit informer le Département de cette obligation juridique avant le traitement, sauf si "
        "le droit concerné interdit une telle information pour des motifs importants d'intérêt "
        "public ;",
    ),
    (
        LI,
        "garantir la confidentialité des données à caractère personnel traitées dans le cadre "
        "de la présente convention ;",
    ),
    (
        LI,
        "veiller à ce que les personnes autorisées à traiter les données à caractère personnel "
        "en vertu de la présente convention :",
    ),
    (
        LI2,
        "s'engagent à respecter la confidentialité ou soient soumises à une obligation légale "
        "appropriée de confidentialité ;",
    ),
    (
        LI2,
        "reçoivent la formation nécessaire en matière de protection des données à caractère "
        "personnel ;",
    ),
    (
        LI,
        "prendre en compte, s'agissant de ses outils, produits, applications ou services, les "
        "principes de protection des données dès la conception et de protection des données par "
        "défaut ;",
    ),
    (LI, "sous-traitance : aucune sous-traitance n'est autorisée."),
    (H2, "Droit d'information des personnes concernées"),
    (
        P,
        "Il appartient au Département de fournir l'information aux personnes concernées par les "
        "opérations de traitement au moment de la collecte des données.",
    ),
    (H2, "Exercice des droits des personnes"),
    (
        P,
        "L'association aide le Département à s'acquitter de son obligation de donner suite aux "
        "demandes d'exercice des droits des personnes concernées : droit d'accès, de "
        "rectification, d'effacement et d'opposition, droit à la limitation du traitement, droit "
        "à la portabilité des données, droit de ne pas faire l'objet d'une décision individuelle "
        "automatisée (y compris le profilage). Lorsque les personnes concernées exercent auprès "
        "de l'association des demandes d'exercice de leurs droits, l'association doit adresser "
        "ces demandes dès réception par courrier électronique à "
        "{{ departement.data_protection_email }}.",
    ),
    (H2, "Notification des violations de données à caractère personnel"),
    (
        P,
        "L'association notifie au Département toute violation de données à caractère personnel "
        "dans un délai maximum de 24 heures après en avoir pris connaissance et par le moyen "
        "suivant : {{ departement.data_protection_email }}. Cette notification est accompagnée "
        "de toute documentation utile afin de permettre au Département, si nécessaire, de "
        "notifier cette violation à l'autorité de contrôle compétente.",
    ),
    (H2, "Aide de l'association dans le cadre du respect par le Département de ses obligations"),
    (
        P,
        "L'association aide le Département pour la réalisation d'analyses d'impact relatives à "
        "la protection des données. L'association aide le Département pour la réalisation de la "
        "consultation préalable de l'autorité de contrôle.",
    ),
    (H2, "Mesures de sécurité"),
    (P, "L'association s'engage à mettre en œuvre les mesures de sécurité suivantes :"),
    (LI, "la pseudonymisation et le chiffrement des données à caractère personnel ;"),
    (
        LI,
        "les moyens permettant de garantir la confidentialité, l'intégrité, la disponibilité et "
        "la résilience constantes des systèmes et des services de traitement ;",
    ),
    (
        LI,
        "les moyens permettant de rétablir la disponibilité des données à caractère personnel et "
        "l'accès à celles-ci dans des délais appropriés en cas d'incident physique ou technique ;",
    ),
    (
        LI,
        "une procédure visant à tester, à analyser et à évaluer régulièrement l'efficacité des "
        "mesures techniques et organisationnelles pour assurer la sécurité du traitement.",
    ),
    (
        P,
        "Dans la mesure où l'article 32 du règlement européen sur la protection des données "
        "prévoit que la mise en œuvre des mesures de sécurité incombe au Département et à "
        "l'association, il est recommandé de déterminer précisément les responsabilités de "
        "chacune des parties au regard des mesures à mettre en œuvre.",
    ),
    (H2, "Sort des données"),
    (
        P,
        "Au terme de la prestation de services relatifs au traitement de ces données, "
        "l'association s'engage à détruire toutes les données à caractère personnel.",
    ),
    (
        P,
        "La destruction doit s'accompagner de celle de toutes les copies existantes dans les "
        "systèmes d'information de l'association. Une fois les données détruites, l'association "
        "doit justifier par écrit de la destruction.",
    ),
    (H2, "Délégué à la protection des données"),
    (
        P,
        "L'association communique au Département le nom et les coordonnées de son délégué à la "
        "protection des données, s'il en a désigné un conformément à l'article 37 du règlement "
        "européen sur la protection des données.",
    ),
    (H2, "Registre des catégories d'activités de traitement"),
    (
        P,
        "L'association déclare tenir par écrit un registre de toutes les catégories d'activités "
        "de traitement effectuées pour le compte du Département comprenant :",
    ),
    (
        LI,
        "le nom et les coordonnées du Département pour le compte duquel elle agit, des "
        "éventuels sous-traitants et, le cas échéant, du délégué à la protection des données ;",
    ),
    (LI, "les catégories de traitements effectués pour le compte du Département ;"),
    (
        LI,
        "le cas échéant, les transferts de données à caractère personnel vers un pays tiers ou "
        "à une organisation internationale, y compris l'identification de ce pays tiers ou de "
        "cette organisation internationale et, dans le cas des transferts visés à l'article 49, "
        "paragraphe 1, deuxième alinéa du règlement européen sur la protection des données, les "
        "documents attestant de l'existence de garanties appropriées ;",
    ),
    (
        LI,
        "dans la mesure du possible, une description générale des mesures de sécurité "
        "techniques et organisationnelles, y compris entre autres, selon les besoins :",
    ),
    (LI2, "la pseudonymisation et le chiffrement des données à caractère personnel ;"),
    (
        LI2,
        "des moyens permettant de garantir la confidentialité, l'intégrité, la disponibilité et "
        "la résilience constantes des systèmes et des services de traitement ;",
    ),
    (
        LI2,
        "des moyens permettant de rétablir la disponibilité des données à caractère personnel et "
        "l'accès à celles-ci dans des délais appropriés en cas d'incident physique ou technique ;",
    ),
    (
        LI2,
        "une procédure visant à tester, à analyser et à évaluer régulièrement l'efficacité des "
        "mesures techniques et organisationnelles pour assurer la sécurité du traitement.",
    ),
    (H2, "Documentation"),
    (
        P,
        "L'association met à la disposition du Département la documentation nécessaire pour "
        "démontrer le respect de toutes ses obligations et pour permettre la réalisation "
        "d'audits, y compris des inspections, par le Département ou un autre auditeur qu'il a "
        "mandaté, et contribuer à ces audits.",
    ),
    (H2, "Obligations du Département vis-à-vis de l'association"),
    (P, "Le Département s'engage à :"),
    (LI, "permettre à l'association de réaliser les opérations précédemment visées ;"),
    (
        LI,
        "documenter par écrit toute instruction concernant le traitement des données par "
        "l'association ;",
    ),
    (
        LI,
        "veiller, au préalable et pendant toute la durée du traitement, au respect des "
        "obligations prévues par le règlement européen sur la protection des données de la part "
        "de l'association ;",
    ),
    (
        LI,
        "superviser le traitement, y compris réaliser les audits et les inspections auprès de "
        "l'association.",
    ),
    (H1, "Article 10 : Période d'application de la convention"),
    (CTL, "{%p if tacit_renewal %}"),
    (
        P,
        "La présente convention entre en vigueur à la date de sa signature. Elle est conclue "
        "pour une durée {{ term_duration }} à compter du {{ term.start|date_long }} et "
        "renouvelable chaque année par tacite reconduction.",
    ),
    (CTL, "{%p else %}"),
    (
        P,
        "La présente convention entre en vigueur à la date de sa signature. Elle est conclue "
        "pour une durée {{ term_duration }} à compter du {{ term.start|date_long }}, soit "
        "jusqu'au {{ term_end|date_long }} inclus.",
    ),
    (CTL, "{%p endif %}"),
    (
        P,
        "Elle peut être dénoncée à tout moment par l'une des parties après un préavis de "
        "{{ term.notice_months }} mois donné par lettre recommandée.",
    ),
    (H1, "Article 11 : Clause de renonciation"),
    (
        P,
        "L'association renonce, pour elle-même et pour ses membres, ses ayants droit et ayants "
        "cause, à toute réclamation financière ultérieure envers le Département pour toute "
        "action entrant dans le champ d'application de la présente convention.",
    ),
    (H1, "Article 12 : Avenant"),
    (
        P,
        "Toute modification de la présente convention fera l'objet d'un avenant signé par les "
        "parties.",
    ),
    (H1, "Article 13 : Résiliation"),
    (
        P,
        "La présente convention pourra être résiliée unilatéralement par le Département dans le "
        "cas où la mission confiée n'est pas exécutée dans des conditions conformes à ses "
        "dispositions.",
    ),
    (P, "Les dirigeants de l'association sont entendus préalablement."),
    (
        P,
        "La résiliation prend effet un mois après la réception de sa notification par lettre "
        "recommandée avec avis de réception. Ce délai est compté de quantième à quantième. Le "
        "jour de la réception de la notification ne compte pas. Ce délai n'est pas susceptible "
        "de prorogation.",
    ),
    (
        P,
        "En cas de déclaration inexacte, la présente convention pourra être résiliée sans "
        "préavis par l'une ou l'autre des parties.",
    ),
    (H1, "Article 14 : Règlement des litiges"),
    (
        P,
        "En cas de litige, les parties s'engagent à rechercher une solution amiable. À défaut, "
        "les litiges qui pourraient résulter de l'application des présentes seront portés "
        "devant le tribunal administratif {{ departement.court|de }}.",
    ),
    # Articles a Département or a service adds (convention.clauses), numbered from 15.
    (CTL, "{%p for article in extra_articles %}"),
    (H1, "Article {{ article.number }} : {{ article.title }}"),
    (CTL, "{%p for text in article.paragraphs %}"),
    (P, "{{ text }}"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endfor %}"),
    (
        PLACE,
        "Fait à {{ signature.place }}, le {{ signature_date }}, en {{ signature_originals }} "
        "exemplaires originaux.",
    ),
    (SIGNATURES, ""),
]

AVENANT_HEADER = (
    "Avenant n° {{ avenant.number }} à la convention de prévention spécialisée – "
    "Service « {{ service.name }} »"
)

# The model avenant. Its articles are prepared in Python (docgen/render/avenant.py): one per
# change, then the standard closing articles; AVENANT_FIELDS there documents every name.
AVENANT: list[tuple[str, str]] = [
    (P, "**{{ departement.signing_service.pole }}**"),
    (P, "**{{ departement.signing_service.direction }}**"),
    (P, "{{ departement.signing_service.service }}"),
    (
        TITLE,
        "Avenant n° {{ avenant.number }} à la convention de partenariat relative à la mise en "
        "œuvre des actions de prévention spécialisée dans le {{ departement.full_name }}",
    ),
    (SUBTITLE, "Service de Prévention Spécialisée « {{ service.name }} »"),
    (P, "**Objet :** {{ avenant.subject }}"),
    # Parties: those of the convention as in force after this avenant.
    (
        P,
        "**Entre le {{ departement.full_name }}**, dont le siège est situé "
        "{{ departement_address }}, représenté par {{ departement.president.civility }} "
        "**{{ departement.president.full_name }}**, {{ departement_president.title }} du "
        "Conseil départemental, dûment {{ departement_habilitated }} par délibération "
        "{{ authorisation_assembly }} en date du {{ authorisation_date }},",
    ),
    (P, "ci-après désigné par « le Département »,"),
    (P, "d'une part,"),
    (P, "Et"),
    (
        P,
        "**{{ association.name }}**, dont le siège est situé {{ association_address }}, "
        "représentée par {{ association.president.civility }} "
        "**{{ association.president.full_name }}**, {{ association_president.title }}, dûment "
        "{{ association_habilitated }} par délibération du conseil d'administration en date du "
        "{{ board_resolution_date }},",
    ),
    (P, "ci-après désignée par « l'association »,"),
    (P, "d'autre part,"),
    (CTL, "{%p if commune_parties %}"),
    (P, "Et"),
    (CTL, "{%p for cp in commune_parties %}"),
    (
        P,
        "**La {{ cp.name }}**, représentée par {{ cp.mayor.person.civility }} "
        "**{{ cp.mayor.person.full_name }}**, {{ cp.mayor.title }}, dûment {{ cp.habilitated }} "
        "par délibération du conseil municipal en date du {{ cp.resolution_date }},",
    ),
    (P, "ci-après désignée par « la {{ cp.name }} »,"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    # The convention, the earlier avenants, the deliberation authorising this one.
    (CTL, "{%p for visa in visas %}"),
    (P, "**Vu** {{ visa }}"),
    (CTL, "{%p endfor %}"),
    (P, "Il est convenu ce qui suit :"),
    (CTL, "{%p for article in articles %}"),
    (H1, "Article {{ article.number }} : {{ article.title }}"),
    (CTL, "{%p for block in article.blocks %}"),
    (CTL, '{%p if block.style == "quote" %}'),
    (QUOTE, "{{ block.text }}"),
    # List items are only in quoted wording: one level deeper, aligned with the quotation.
    (CTL, '{%p elif block.style == "item" %}'),
    (LI2, "{{ block.text }}"),
    (CTL, '{%p elif block.style == "subitem" %}'),
    (LI3, "{{ block.text }}"),
    (CTL, "{%p else %}"),
    (P, "{{ block.text }}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p if article.table %}"),
    (SPLIT_TABLE, ""),
    (CTL, "{%p endif %}"),
    (CTL, "{%p endfor %}"),
    (
        PLACE,
        "Fait à {{ signature.place }}, le {{ signature_date }}, en {{ signature_originals }} "
        "exemplaires originaux.",
    ),
    (SIGNATURES, ""),
]

# Columns of an avenant's split table: who, then share and amount before and after, change.
SPLIT_HEADER = ("Financeur", "Avant l'avenant", "Après l'avenant", "Écart")
SPLIT_SUBHEADER = ("", "Part", "Montant", "Part", "Montant", "")
SPLIT_ROW = (
    "{{ row.label }}",
    "{{ row.share_before }}",
    "{{ row.amount_before }}",
    "{{ row.share_after }}",
    "{{ row.amount_after }}",
    "{{ row.change }}",
)
SPLIT_WIDTHS = (Cm(5.2), Cm(1.5), Cm(2.8), Cm(1.5), Cm(2.8), Cm(2.8))

# One row per signatory: the Département, the association, then each commune's mayor.
SIGNATURE_ROW = ("{{ s.party }}", "{{ s.officer.role }}", "{{ s.officer.person.full_name }}")

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_MARKUP = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")


def french(text: str) -> str:
    """Typographic French for static text, leaving Jinja tags exactly as written."""
    tags: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tags.append(match.group(0))
        # Letters only: typography() treats a tag like the word it will become.
        return f"JINJATAG{chr(ord('a') + len(tags) - 1)}Z"

    hidden = _TAG.sub(hide, text)
    hidden = typography(hidden.replace("'", "’")).replace("n° ", "n°\u00a0")
    for index, tag in enumerate(tags):
        hidden = hidden.replace(f"JINJATAG{chr(ord('a') + index)}Z", tag)
    return hidden


def add_runs(paragraph: Paragraph, text: str) -> None:
    """Add ``text`` as runs; a tag never spans two runs, so Word keeps it whole."""
    segments: list[tuple[str, str]] = []  # (text, "" | "bold" | "italic")
    position = 0
    for match in _MARKUP.finditer(text):
        segments.append((text[position : match.start()], ""))
        bold = match.group(1) is not None
        segments.append((match.group(1) if bold else match.group(2), "bold" if bold else "italic"))
        position = match.end()
    segments.append((text[position:], ""))
    # Typeset the paragraph as a whole (« *citation* », **Vu :**), then give each character
    # back to its run: typography() only changes spaces and apostrophes, one for one.
    plain = "".join(chunk for chunk, _ in segments)
    owners = [i for i, (chunk, _) in enumerate(segments) for c in chunk if not c.isspace()]
    pieces = [""] * len(segments)
    current, index = 0, 0
    for char in french(plain):
        if not char.isspace():
            current, index = owners[index], index + 1
        pieces[current] += char
    for piece, (_, kind) in zip(pieces, segments, strict=True):
        if piece:
            run = paragraph.add_run(piece)
            run.bold = kind == "bold" or None
            run.italic = kind == "italic" or None


def set_font(style: BaseStyle, size: float, bold: bool | None = None) -> None:
    # The stock styles name theme fonts (asciiTheme…), which win over w:ascii in Word.
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    style.font.name = FONT
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    rpr.get_or_add_rFonts().set(qn("w:cs"), FONT)
    style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (PAGE, NUMPAGES): Word and LibreOffice update it when laying out."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
            continue
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)
        if kind == "separate":
            paragraph.add_run("1")


def setup_styles(document: DocxDocument) -> None:
    styles = document.styles
    # French by default, so Word's spelling checker and hyphenation work on the text.
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:  # the stock template has one (en-US); w:rPr allows a single w:lang
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")
    lang.set(qn("w:eastAsia"), "fr-FR")
    # Styles legal staff add later inherit Arial too, not the theme's Calibri.
    fonts = rpr.find(qn("w:rFonts"))
    fonts.attrib.clear()
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)

    normal = styles["Normal"]
    set_font(normal, 11)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1

    title = styles["Title"]
    set_font(title, 20, bold=True)
    title.font.color.rgb = ACCENT
    border = title.element.pPr.find(qn("w:pBdr"))
    if border is not None:
        title.element.pPr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(18)
    title.paragraph_format.space_after = Pt(18)

    for name, size, before, after in (("Heading 1", 12, 18, 6), ("Heading 2", 11, 12, 4)):
        heading = styles[name]
        set_font(heading, size, bold=True)
        heading.font.color.rgb = ACCENT
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        heading.paragraph_format.space_before = Pt(before)
        heading.paragraph_format.space_after = Pt(after)
        heading.paragraph_format.keep_with_next = True

    place = styles.add_style(PLACE, WD_STYLE_TYPE.PARAGRAPH)
    place.base_style = normal
    place.paragraph_format.space_before = Pt(18)
    place.paragraph_format.space_after = Pt(12)
    place.paragraph_format.keep_with_next = True

    for name in ("List Bullet", "List Bullet 2"):
        # With contextualSpacing (stock), only the last item of a list gets this space.
        styles[name].paragraph_format.space_after = Pt(6)
    for name in ("Header", "Footer"):
        set_font(styles[name], 8)
        styles[name].font.color.rgb = RGBColor(0x59, 0x59, 0x59)

    consolidated = styles.add_style(CONSOLIDATED, WD_STYLE_TYPE.PARAGRAPH)
    consolidated.base_style = normal
    consolidated.font.italic = True
    consolidated.font.color.rgb = ACCENT
    consolidated.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    consolidated.paragraph_format.space_after = Pt(12)


def setup_avenant_styles(document: DocxDocument) -> None:
    """The styles only an avenant uses: its long title, the service's name, quotations."""
    styles = document.styles
    set_font(styles["Title"], 15, bold=True)
    subtitle = styles.add_style(SUBTITLE, WD_STYLE_TYPE.PARAGRAPH)
    subtitle.base_style = styles["Normal"]
    set_font(subtitle, 12, bold=True)
    subtitle.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.paragraph_format.space_after = Pt(18)
    quote = styles.add_style(QUOTE, WD_STYLE_TYPE.PARAGRAPH)
    quote.base_style = styles["Normal"]
    quote.paragraph_format.left_indent = Cm(0.635)  # where List Bullet 2 puts its bullet
    styles[LI3].paragraph_format.space_after = Pt(6)


def setup_page(document: DocxDocument, header_text: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.add_run(french(header_text))

    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    add_field(footer, "PAGE")
    footer.add_run("/")
    add_field(footer, "NUMPAGES")


def add_signature_table(document: DocxDocument) -> None:
    table = document.add_table(rows=3, cols=2)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (Cm(8.3), Cm(8.3))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    table.cell(0, 0).paragraphs[0].add_run("{%tr for s in signatories %}")
    table.cell(2, 0).paragraphs[0].add_run("{%tr endfor %}")

    row = table.rows[1]
    row.height = Cm(3.5)
    # A signatory's name and signature box must stay on one page.
    # w:cantSplit must come before w:trHeight in w:trPr, or Word reports the file as damaged.
    row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))
    cell = row.cells[0]
    party, role, name = SIGNATURE_ROW
    cell.paragraphs[0].add_run(french(party)).bold = True
    cell.add_paragraph(french(role))
    cell.add_paragraph()
    cell.add_paragraph()
    cell.add_paragraph(french(name)).runs[0].bold = True
    for paragraph in cell.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    row.cells[1].paragraphs[0].add_run(french("Signature :")).italic = True


def _cell_text(cell: _Cell, text: str, bold: bool, right: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_after = Pt(0)
    if text:
        run = paragraph.add_run(french(text))
        run.bold = bold or None
        run.font.size = Pt(9)


def add_split_table(document: DocxDocument) -> None:
    """Shares and amounts of each funder before and after an avenant, and the change."""
    table = document.add_table(rows=5, cols=len(SPLIT_WIDTHS))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, SPLIT_WIDTHS, strict=True):
        column.width = width  # w:gridCol, which LibreOffice follows
    for row in table.rows:
        for cell, width in zip(row.cells, SPLIT_WIDTHS, strict=True):
            cell.width = width
    head = table.rows[0].cells
    head[1].merge(head[2])
    head[3].merge(head[4])
    for cell, text in zip((head[0], head[1], head[3], head[5]), SPLIT_HEADER, strict=True):
        _cell_text(cell, text, bold=True, right=False)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for cell, text in zip(table.rows[1].cells, SPLIT_SUBHEADER, strict=True):
        _cell_text(cell, text, bold=True, right=False)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for column in (0, 5):  # « Financeur » and « Écart » span both header rows
        merged = table.cell(0, column).merge(table.cell(1, column))
        merged.vertical_alignment = WD_ALIGN_VERTICAL.CENTER
        for extra in merged.paragraphs[1:]:
            merged._tc.remove(extra._p)
    for index in (0, 1):  # repeated at the top of each page the table runs onto
        table.rows[index]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table.cell(2, 0).paragraphs[0].add_run("{%tr for row in article.table %}")
    for column, (cell, text) in enumerate(zip(table.rows[3].cells, SPLIT_ROW, strict=True)):
        _cell_text(cell, text, bold=False, right=column > 0)
    table.cell(4, 0).paragraphs[0].add_run("{%tr endfor %}")


def _build(items: list[tuple[str, str]], header: str, title: str, avenant: bool) -> DocxDocument:
    document = Document()
    setup_styles(document)
    if avenant:
        setup_avenant_styles(document)
    setup_page(document, header)
    props = document.core_properties
    props.title = title
    props.author = "docgen"
    props.language = "fr-FR"
    body = document.element.body
    # The stock template starts with one empty paragraph.
    for paragraph in list(document.paragraphs):
        body.remove(paragraph._p)
    for style, text in items:
        if style == SIGNATURES:
            add_signature_table(document)
        elif style == SPLIT_TABLE:
            add_split_table(document)
        elif style == CTL:
            document.add_paragraph().add_run(text)
        else:
            add_runs(document.add_paragraph(style=style), text)
    return document


def build() -> DocxDocument:
    """The model convention."""
    title = "Convention de partenariat – prévention spécialisée"
    return _build(CONVENTION, HEADER, title, avenant=False)


def build_avenant() -> DocxDocument:
    """The model avenant to a convention."""
    title = "Avenant à une convention de partenariat – prévention spécialisée"
    return _build(AVENANT, AVENANT_HEADER, title, avenant=True)


def main() -> None:
    directory = ROOT / "templates"
    directory.mkdir(parents=True, exist_ok=True)
    for name, document in (("convention", build()), ("avenant", build_avenant())):
        target = directory / f"{name}.docx"
        document.save(str(target))
        print(f"écrit : {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
