"""The wording the convention and avenant templates were built from, as data.

The templates (``templates/*.docx``) are the source of truth: legal staff edit them in
Word. This file served to build them once; ``make_templates.py`` lays it out with Word
styles and makes it typographically French. The Pas-de-Calais model convention is seed
001's, word for word outside its blanks (see ``tests/data/seed001_mendings.yaml``).
Items are (style, text), where ``**bold**`` and ``*italic*`` mark runs and ``{{ … }}`` /
``{%p … %}`` are docxtpl tags.
"""

from __future__ import annotations

TITLE = "Title"
H1 = "Heading 1"
H2 = "Heading 2"
P = "Normal"
LEFT = "Normal, aligned left"  # a Normal paragraph that is not justified
LI = "List Bullet"
LI2 = "List Bullet 2"
LI3 = "List Bullet 3"
PLACE = "Lieu et date"  # « Fait à … »: kept on the page of the signatures
CONSOLIDATED = "Version consolidée"  # the mention under the title of a consolidated text
SUBTITLE = "Sous-titre"  # the service's name under an avenant's title
QUOTE = "Citation"  # the new wording of an article, between « »
CTL = "control"  # a {%p … %} paragraph: docxtpl removes it from the output
SIGNATURES = "signatures"  # the signature table
ANNEX_TITLE = "Titre d'annexe"  # a Heading 1 that starts a new page: an annex
AMOUNT = "Montant"  # the amount on the first page of a financial avenant

HEADER = (
    "Convention de prévention spécialisée – Service « {{ service.name }} »"
    "{{ consolidation_header }}"
)

# The model convention of the Pas-de-Calais as the Commission permanente adopted it
# (deliberation n° 2023-601, annex: seed 001, lines 98-445), word for word outside its
# blanks. Only typography differs (apostrophes, no-break spaces, list items in lower case
# ending with « ; » and the last with « . », accents on capitals) and the OCR slips listed
# in tests/data/seed001_mendings.yaml. Each blank of the model (X, ....., JJ mois AAAA,
# xxxx) is a {{ … }} tag: docgen fills it from the YAML. What docgen adds beyond the model
# is outside it: the annex heading of a projet type, the consolidated-version mention, and
# the financial annex after the signatures (the amounts, which the model leaves to the
# deliberation's financial annex).
CONVENTION: list[tuple[str, str]] = [
    # Only in the projet type annexed to a deliberation: whose annex it is.
    (CTL, "{%p if annex %}"),
    (LEFT, "**{{ annex }}**"),
    (
        LEFT,
        "*Projet type de convention : les valeurs propres à chaque service (« …… ») "
        "figurent dans la convention de chacun.*",
    ),
    (CTL, "{%p endif %}"),
    (P, "**{{ departement.signing_service.pole }}**"),
    (P, "**{{ departement.signing_service.direction }}**"),
    (P, "{{ departement.signing_service.service }}"),
    (TITLE, "CONVENTION"),
    # Only in the consolidated version: what it is, and which avenants it integrates.
    (CTL, "{%p if consolidated %}"),
    (CONSOLIDATED, "**Version consolidée – document non contractuel**"),
    (
        CONSOLIDATED,
        "Texte de la convention tel que modifié par {% if integrated|length == 1 %}l'avenant"
        "{% else %}les avenants{% endif %} ci-dessous. Seuls la convention et ses avenants "
        "signés font foi.",
    ),
    (CTL, "{%p for a in integrated %}"),
    (
        CONSOLIDATED,
        "avenant n° {{ a.number }} signé le {{ a.signed }} : {{ a.subject }}"
        "{% if loop.last %}.{% else %} ;{% endif %}",
    ),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    (
        P,
        "**Objet :** Convention de partenariat relative à la mise en œuvre des actions de "
        "prévention spécialisée dans le {{ departement.full_name }}",
    ),
    # Parties
    (
        P,
        "**Entre le {{ departement.full_name }}**, dont le siège est "
        "{% if departement.seat.building %}en l'{{ departement.seat.building }} "
        "{% else %}au {% endif %}{{ departement.seat.street }} {{ departement.seat.postcode }} "
        "{{ departement.seat.city }}, représenté par {{ departement.president.civility }} "
        "**{{ departement.president.full_name }}**, {{ departement_president.title }} du "
        "Conseil départemental, dûment {{ departement_president.authorised }} par délibération "
        "{{ authorisation_assembly }} en date du {{ authorisation_date }}",
    ),
    (P, "ci-après désigné par « le Département »"),
    (P, "d'une part,"),
    (P, "Et"),
    (
        P,
        "**{{ association.name }}**, dont le siège est situé {{ association_address }}, "
        "représentée par {{ association.president.civility }} "
        "**{{ association.president.full_name }}**, {{ association_president.title }}, tant en "
        "vertu des statuts, que de la délibération du conseil d'administration en date du "
        "{{ board_resolution_date }}",
    ),
    (P, "ci-après désigné par l'association"),
    (P, "d'autre part."),
    (CTL, "{%p if commune_parties %}"),
    (P, "Et"),
    (CTL, "{%p for cp in commune_parties %}"),
    (
        P,
        "**Commune {{ cp.commune.name|de }}**, représentée par {{ cp.mayor.person.civility }} "
        "**{{ cp.mayor.person.full_name }}**, {{ cp.mayor.title }}, dûment "
        "{{ cp.mayor.authorised }} par délibération du conseil municipal en date du "
        "{{ cp.resolution_date }}",
    ),
    (P, "ci-après désigné par « la {{ cp.name }} »"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p for party in parties %}"),
    (P, "Et"),
    (
        P,
        "**{{ party.name }}**, représenté par {{ party.representative.civility }} "
        "**{{ party.representative.full_name }}**, {{ party.title }}"
        "{% if party.resolution %}, dûment habilité par délibération en date du "
        "{{ party.resolution|date_long }}{% endif %}"
        "{% if party.designation %}, ci-après désigné par « {{ party.designation }} »"
        "{% endif %}",
    ),
    (CTL, "{%p endfor %}"),
    # Visas
    (CTL, "{%p for visa in visas %}"),
    (P, "**Vu :** {{ visa }}"),
    (CTL, "{%p endfor %}"),
    (
        P,
        "**Vu :** la délibération {{ authorisation_assembly }} en date du "
        "{{ authorisation_date }} autorisant {{ departement_president.the_title }} à signer la "
        "présente convention",
    ),
    (P, "Il a été convenu ce qui suit :"),
    (H1, "Préambule"),
    (
        P,
        "La prévention spécialisée est une mission de service public dont la compétence a été "
        "confiée aux conseils départementaux par la loi du 6 janvier 1986. En vertu de l'article "
        "L121-2 du code de l'action sociale et des familles le {{ departement.full_name }} a "
        "confié au secteur associatif la mission d'intérêt général et d'utilité sociale que "
        "représente la prévention spécialisée. En effet, celle-ci s'inscrit pleinement dans une "
        "mission de protection de l'enfance impulsée par le Département, chef de file de l'action "
        "sociale, qui en assure principalement le financement.",
    ),
    (CTL, "{%p for text in preamble %}"),
    (P, "{{ text }}"),
    (CTL, "{%p endfor %}"),
    (H1, "Article 1 : Champ d'application"),
    (
        P,
        "Dans le cadre de l'habilitation délivrée, en application de l'article L313-8-1 du Code "
        "de l'Action Sociale et des Familles (CASF), au Service de Prévention Spécialisée qu'elle "
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
    (
        LI,
        "{{ staffing.administrative|etp }} d'administratif{% if staffing.others %} ;"
        "{% else %}.{% endif %}",
    ),
    (CTL, "{%p for other in staffing.others %}"),
    (LI, "{{ other.etp|etp }} {{ other.label|de }}{% if loop.last %}.{% else %} ;{% endif %}"),
    (CTL, "{%p endfor %}"),
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
        "croissante sont également identifiés comme un public incontournable à accompagner par "
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
        "L'accompagnement individualisé repose sur la libre adhésion du jeune, il peut se "
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
        "diagnostic territorial partagé établi avec la {{ service.solidarity_house }} avec "
        "l'ensemble des acteurs.",
    ),
    (H1, "Article 3 : Obligations vis-à-vis des financeurs"),
    (
        P,
        "L'association s'engage à réaliser son action dans les conditions définies dans son "
        "projet de service validé par le Département et à affecter le montant de la dotation "
        "globale de ce projet, à l'exclusion de toute autre dépense.",
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
        "compte-rendu de l'emploi de la dotation (production de rapport d'activité, revue de "
        "presse, actes…) et faisant connaître les résultats de son action.",
    ),
    (
        P,
        "Le rapport d'activité (évaluation qualitative et quantitative) établi sur le modèle "
        "proposé {% if departement.activity_report_model_year %}en "
        "{{ departement.activity_report_model_year }}{% else %}par le Département{% endif %} "
        "devra être transmis au Département au plus tard le 30 avril de l'exercice suivant.",
    ),
    (
        P,
        "L'association s'engage à fournir au Département, dans les conditions prévues à "
        "l'article L1611-4 du code général des collectivités territoriales, une copie certifiée "
        "conforme des budgets et de comptes de l'exercice écoulé. Les documents comptables "
        "devront être produits au Département pour le 30 avril de l'exercice suivant celui "
        "auquel ils se rapportent.",
    ),
    (
        P,
        "L'association reconnaît être en règle et souscrire valablement les assurances "
        "inhérentes à la mise en œuvre du projet (responsabilité civile ; ainsi que toute "
        "garantie complémentaire qui pourrait être exigée en relation avec les conditions "
        "réelles de mise en œuvre du projet de service).",
    ),
    (H1, "Article 4 : Obligations et contreparties en matière de communication / charte graphique"),
    (
        P,
        "La structure s'engage à respecter la charte à l'intention des partenaires bénéficiant "
        "d'une aide ou d'un soutien du Conseil départemental {{ departement_de }}, intitulée "
        "« obligations et contreparties en matière de communication », consultable sur le site "
        "internet du Département{% if departement.communication_charter_url %} à l'adresse "
        "suivante : {{ departement.communication_charter_url }}{% endif %} ainsi que la charte "
        "graphique dédiée.",
    ),
    (
        P,
        "Dans cette charte à l'attention des partenaires, la structure s'engage notamment à :",
    ),
    (
        LI,
        "promouvoir l'image du Conseil départemental, en rappelant le soutien du Département et "
        "en faisant apparaître son logo sur les différents supports de communication utilisés "
        "(plaques inaugurales, affiches, insertions publicitaires, supports dématérialisés (web "
        "et réseaux sociaux), dossards et sur tous supports de promotion utilisés lors de la "
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
        "calicots, looks and roll, popup…). Ainsi, la visibilité de l'institution devra être "
        "clairement identifiée durant l'événement.",
    ),
    (H1, "Article 5 : Partenariat"),
    (
        P,
        "Le partenariat est un principe d'action affirmé par l'article 5 de l'arrêté du "
        "4 juillet 1972 « *L'action éducative de ces organismes est menée en collaboration avec "
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
        "médico-social et sanitaires locaux, dans l'intérêt des publics jeunes pris en charge et "
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
        "partenaires, notamment les Maisons des adolescents, Points Accueil et Écoute Jeunes "
        "(P.A.E.J.), les Points Information Jeunesse, l'éducation nationale, les Maisons du "
        "Département Solidarité…",
    ),
    (
        P,
        "Le Service de Prévention Spécialisée peut être représenté lors des séances plénières des "
        "Conseils Locaux de Sécurité et de Prévention de la Délinquance (CLSPD) ou Conseils "
        "Intercommunaux de Sécurité et de Prévention de la Délinquance (CISPD). Les informations "
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
        "MDS concernée, en présence du Directeur de la Maison Départementale Solidarités ou de "
        "son représentant et la Direction Enfance Famille.",
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
        "Les participations des communes ou autres collectivités territoriales au financement "
        "du Service de Prévention Spécialisée « {{ service.name }} » tel que prévu dans le "
        "rapport budgétaire annuel sont réparties entre les signataires concernés comme suit :",
    ),
    (
        LI,
        "Département : {{ funding.shares.departement|percent }}"
        "{% if split.per_commune %} ;{% else %}.{% endif %}",
    ),
    (CTL, "{%p if split.per_commune %}"),
    (LI, "Communes : {{ funding.shares.communes|percent }},"),
    (CTL, "{%p for line in split.per_commune %}"),
    (
        LI2,
        "dont Commune {{ line.commune.name|de }} : {{ line.commune.share|percent }}"
        "{% if loop.last %}.{% else %} ;{% endif %}",
    ),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    (
        P,
        "Des financements complémentaires de la part des communes ou autres collectivités "
        "territoriales peuvent être versées en contrepartie des interventions réalisées sur les "
        "territoires situés en dehors des zones concernées par les financements départementaux.",
    ),
    (
        P,
        "D'autres financements peuvent par ailleurs être recherchés pour des opérations "
        "spécifiques (C.A.F., État…).",
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
        "documents doivent être certifiés et consolidés par un Commissaire aux Comptes.",
    ),
    (
        P,
        "{{ departement_president.role }} du Conseil départemental donne son accord écrit "
        "préalable à tout projet d'investissement et/ou projet d'emprunt, faute de quoi, les "
        "conséquences financières de ceux-ci ne pourront être pris en charge dans la "
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
        "Il ne peut être modifié sans l'accord préalable du Département faute de quoi, les "
        "conséquences financières des modifications non autorisées ne seront pas prises en "
        "charge dans la tarification.",
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
        "Conformément aux dispositions des articles D312-203, D312-204 du Code de l'action "
        "sociale et des familles et de l'article 2 du décret n° 2021-1476 du 12 novembre 2021, le "
        "dispositif d'évaluation applicable aux Services de Prévention Spécialisée est le "
        "suivant :",
    ),
    (
        LI,
        "transmission des évaluations, réalisées par des organismes évaluateurs accrédités par "
        "le Comité français d'accréditation (COFRAC) sur la base de référentiels « qualité » "
        "HAS, selon un rythme quinquennal et au plus tard 2 ans avant la date de fin "
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
        "L'association assistera le Département à s'acquitter de son obligation de donner suite "
        "aux demandes d'exercice des droits des personnes concernées : droit d'accès, de "
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
        "L'association aide le Département pour la réalisation d'analyses d'impact relative à "
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
        "Le renvoi doit s'accompagner de la destruction de toutes les copies existantes dans les "
        "systèmes d'information de l'association. Une fois détruites, l'association doit "
        "justifier par écrit de la destruction.",
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
        "d'audits, y compris des inspections, par le Département ou un autre auditeur qu'elle a "
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
        "préavis par l'un ou l'autre des parties.",
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
    # The consolidated version is a reading aid: nobody signs it.
    (CTL, "{%p if not consolidated %}"),
    (
        PLACE,
        "Fait à {{ signature.place }}, le {{ signature_date }}, en {{ signature_originals }} "
        "exemplaires originaux.",
    ),
    (SIGNATURES, ""),
    (CTL, "{%p endif %}"),
    # The amounts, which the model leaves to the rapport budgétaire and the deliberation's
    # financial annex: an annex of each convention, not of the projet type. An avenant that
    # changes the dotation replaces it.
    (CTL, "{%p if split and not annex %}"),
    (ANNEX_TITLE, "Annexe financière"),
    (
        P,
        "Pour l'exercice {{ funding.year }}, la dotation globale du Service de Prévention "
        "Spécialisée « {{ service.name }} » s'élève à {{ split.dotation|amount_in_words }} "
        "({{ split.dotation|amount(cents) }}), répartie entre les signataires concernés comme "
        "suit :",
    ),
    (
        LI,
        "Département : {{ funding.shares.departement|percent }}, soit "
        "{{ split.departement|amount(cents) }}{% if split.per_commune %} ;{% else %}.{% endif %}",
    ),
    (CTL, "{%p if split.per_commune %}"),
    (
        LI,
        "Communes : {{ funding.shares.communes|percent }}, soit "
        "{{ split.communes|amount(cents) }}, dont :",
    ),
    (CTL, "{%p for line in split.per_commune %}"),
    (
        LI2,
        "Commune {{ line.commune.name|de }} : {{ line.commune.share|percent }}, soit "
        "{{ line.amount|amount(cents) }}{% if loop.last %}.{% else %} ;{% endif %}",
    ),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p endif %}"),
    # Annexes a convention brings (convention.annexes).
    (CTL, "{%p for a in annexes %}"),
    (ANNEX_TITLE, "{{ a.title }}"),
    (CTL, "{%p for text in a.paragraphs %}"),
    (P, "{{ text }}"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endfor %}"),
]

AVENANT_HEADER = (
    "Avenant n° {{ avenant.number }} à la convention de prévention spécialisée – "
    "Service « {{ service.name }} »"
)

# How an avenant states one change of the convention (docgen.kinds.avenant.modifications
# gives the parts: which article, which alinéas, the new wording).
MODIFICATION_VERB = (
    "{% if m.kind == 'replace' %}{{ m.Target }} est remplacé{% if m.feminine %}e{% endif %} "
    "par les dispositions suivantes :"
    "{% elif m.kind == 'replace_range' %}{% if m.count == 1 %}Le {{ m.first }} alinéa de "
    "{{ m.target }} est remplacé{% elif m.count == 2 %}Les {{ m.first }} et {{ m.last }} "
    "alinéas de {{ m.target }} sont remplacés{% else %}Les {{ m.first }} à {{ m.last }} "
    "alinéas de {{ m.target }} sont remplacés{% endif %} par les dispositions suivantes :"
    "{% elif m.kind == 'insert' %}{% if m.after %}Après le {{ m.after }} alinéa de "
    "{{ m.target }}{% else %}Au début de {{ m.target }}{% endif %}, il est inséré "
    "{% if m.added == 1 %}un alinéa ainsi rédigé{% else %}{{ m.added|number_in_words }} "
    "alinéas ainsi rédigés{% endif %} :"
    "{% elif m.kind == 'delete' %}{% if m.count == 1 %}Le {{ m.first }} alinéa de "
    "{{ m.target }} est supprimé.{% elif m.count == 2 %}Les {{ m.first }} et {{ m.last }} "
    "alinéas de {{ m.target }} sont supprimés.{% else %}Les {{ m.first }} à {{ m.last }} "
    "alinéas de {{ m.target }} sont supprimés.{% endif %}"
    "{% elif m.kind == 'add_unit' %}{% if m.after_target %}Après {{ m.after_target }}"
    "{% else %}Au début de la convention{% endif %}, il est inséré {{ m.a_target }} ainsi "
    "rédigé{% if m.feminine %}e{% endif %} :"
    "{% else %}{{ m.Target }} est supprimé{% if m.feminine %}e{% endif %}.{% endif %}"
)

# The model avenant: parties each authorised by their own deliberation for THIS avenant,
# the « Vu » chain, a preamble, one article per change of the convention (its new
# wording between « », exactly as the consolidated version prints it), then the other
# provisions, the payment terms of a financial avenant, and its effect.
AVENANT: list[tuple[str, str]] = [
    # Only when annexed, as a project, to the deliberation that authorises it.
    (CTL, "{%p if annex %}"),
    (LEFT, "**{{ annex }}**"),
    (
        LEFT,
        "*Projet d'avenant : les dates des délibérations des parties et de la signature "
        "(« …… ») sont complétées avant la signature.*",
    ),
    (CTL, "{%p endif %}"),
    (P, "**{{ departement.signing_service.pole }}**"),
    (P, "**{{ departement.signing_service.direction }}**"),
    (P, "{{ departement.signing_service.service }}"),
    (
        TITLE,
        "Avenant n° {{ avenant.number }} à la convention de partenariat relative à la mise en "
        "œuvre des actions de prévention spécialisée dans le {{ departement.full_name }}",
    ),
    (SUBTITLE, "Service de Prévention Spécialisée « {{ service.name }} »"),
    # The amount on the first page of a financial avenant.
    (CTL, "{%p if avenant.dotation %}"),
    (
        AMOUNT,
        "**Montant : {{ split.dotation|amount(cents) }}** – dotation globale de l'exercice "
        "{{ avenant.dotation.year }}, dont {{ split.departement|amount(cents) }} à la charge du "
        "Département",
    ),
    (CTL, "{%p endif %}"),
    (P, "**Objet :** {{ avenant.subject }}"),
    # Parties: those of the convention as in force after this avenant, each authorised by
    # its own deliberation for this avenant.
    (
        P,
        "**Entre le {{ departement.full_name }}**, dont le siège est situé "
        "{{ departement_address }}, représenté par {{ departement.president.civility }} "
        "**{{ departement.president.full_name }}**, {{ departement_president.title }} du "
        "Conseil départemental, dûment "
        '{{ departement.president|accord("habilité", "habilitée") }} par la délibération '
        "{{ authorisation_assembly }} n° {{ authorisation_number }} en date du "
        "{{ authorisation_date }} autorisant la signature du présent avenant,",
    ),
    (P, "ci-après désigné par « le Département »,"),
    (P, "d'une part,"),
    (P, "Et"),
    (CTL, "{%p if association %}"),
    (
        P,
        "**{{ association.name }}**, dont le siège est situé {{ association_address }}, "
        "représentée par {{ association.president.civility }} "
        "**{{ association.president.full_name }}**, {{ association_president.title }}, dûment "
        '{{ association.president|accord("habilité", "habilitée") }} par la délibération du '
        "conseil d'administration en date du {{ association_resolution }} autorisant la "
        "signature du présent avenant,",
    ),
    (P, "ci-après désignée par « l'association »,"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p for cp in commune_parties %}"),
    (
        P,
        "**La {{ cp.name }}**, représentée par {{ cp.mayor.person.civility }} "
        "**{{ cp.mayor.person.full_name }}**, {{ cp.mayor.title }}, dûment "
        '{{ cp.mayor.person|accord("habilité", "habilitée") }} par la délibération du conseil '
        "municipal en date du {{ cp.resolution_date }} autorisant la signature du présent "
        "avenant,",
    ),
    (P, "ci-après désignée par « la {{ cp.name }} »,"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p for op in other_parties %}"),
    (
        P,
        "**{{ op.party.name }}**, représenté par {{ op.party.representative.civility }} "
        "**{{ op.party.representative.full_name }}**, {{ op.party.title }}, dûment "
        '{{ op.party.representative|accord("habilité", "habilitée") }} par la délibération '
        "en date du {{ op.resolution_date }} "
        "autorisant la signature du présent avenant,",
    ),
    (CTL, "{%p endfor %}"),
    (P, "d'autre part,"),
    # The convention, the earlier avenants, the budget vote, the deliberation authorising it.
    (
        P,
        "**Vu** la convention de partenariat relative à la mise en œuvre des actions de "
        "prévention spécialisée signée le {{ convention_signed }} ;",
    ),
    (CTL, "{%p for a in earlier %}"),
    (P, "**Vu** l'avenant n° {{ a.number }} à cette convention, signé le {{ a.signed }} ;"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p if avenant.budget_vote %}"),
    (
        P,
        "**Vu** la délibération {{ budget_vote_assembly }}{% if avenant.budget_vote.number %} "
        "n° {{ avenant.budget_vote.number }}{% endif %} en date du "
        "{{ avenant.budget_vote.date|date_long }}{% if avenant.budget_vote.subject %} "
        "« {{ avenant.budget_vote.subject }} »{% endif %} ;",
    ),
    (CTL, "{%p endif %}"),
    (
        P,
        "**Vu** la délibération {{ authorisation_assembly }} n° {{ authorisation_number }} en "
        "date du {{ authorisation_date }} autorisant la signature du présent avenant ;",
    ),
    (H1, "Préambule"),
    (CTL, "{%p if avenant.preamble %}"),
    (CTL, "{%p for text in avenant.preamble %}"),
    (P, "{{ text }}"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p else %}"),
    (CTL, "{%p if not avenant.budget_vote %}"),
    (
        P,
        "Toute modification de la convention fait l'objet d'un avenant signé par les parties. "
        "Le présent avenant a pour objet : {{ avenant.subject }}.",
    ),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if avenant.budget_vote %}"),
    (
        P,
        "Par délibération en date du {{ avenant.budget_vote.date|date_long }}, "
        "{{ budget_vote_by }} a adopté {% if avenant.budget_vote.subject %}le "
        "{{ avenant.budget_vote.subject|lower }}{% else %}le budget{% endif %}"
        "{% if avenant.dotation.rate is not none %} et fixé à {{ avenant.dotation.rate|percent }} "
        "le taux d'évolution des dépenses des services de prévention spécialisée"
        "{% endif %}{% if avenant.dotation.new_measures %}, ainsi qu'une mesure nouvelle de "
        "{{ avenant.dotation.new_measures|amount(cents) }} pour ce service{% endif %}.",
    ),
    (CTL, "{%p endif %}"),
    (CTL, "{%p if avenant.dotation %}"),
    (
        P,
        "La convention prévoit que les financements qu'elle indique évoluent chaque année en "
        "fonction des mesures nouvelles octroyées dans le cadre de la procédure budgétaire et "
        "du taux d'évolution des dépenses voté par l'Assemblée départementale. Le présent "
        "avenant fixe en conséquence la dotation globale de l'exercice "
        "{{ avenant.dotation.year }} à {{ split.dotation|amount(cents) }}"
        "{% if previous_dotation %}, contre {{ previous_dotation|amount(cents) }} pour "
        "l'exercice {{ previous_year }}{% endif %}.",
    ),
    (CTL, "{%p endif %}"),
    (CTL, "{%p for c in joining %}"),
    (P, "La commune {{ c|de }} devient partie à la convention."),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p for c in leaving %}"),
    (P, "La commune {{ c|de }} cesse d'être partie à la convention."),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endif %}"),
    (P, "Il est convenu ce qui suit :"),
    (CTL, "{%p for m in modifications %}"),
    (
        H1,
        "Article {{ loop.index }} : {% if m.kind == 'add_unit' %}Insertion{% elif "
        "m.kind == 'delete_unit' %}Suppression{% else %}Modification{% endif %} de "
        "{{ m.target }}",
    ),
    (P, MODIFICATION_VERB),
    # The new wording, between « », exactly as the consolidated version prints it.
    (CTL, "{%p for p in m.text %}"),
    (CTL, '{%p if p.style == "heading" %}'),
    (QUOTE, "{% if loop.first %}« {% endif %}**{{ p.text }}**{% if loop.last %} »{% endif %}"),
    (CTL, '{%p elif p.style == "item" %}'),
    (LI2, "{% if loop.first %}« {% endif %}{{ p.text }}{% if loop.last %} »{% endif %}"),
    (CTL, '{%p elif p.style == "subitem" %}'),
    (LI3, "{% if loop.first %}« {% endif %}{{ p.text }}{% if loop.last %} »{% endif %}"),
    (CTL, "{%p else %}"),
    (QUOTE, "{% if loop.first %}« {% endif %}{{ p.text }}{% if loop.last %} »{% endif %}"),
    (CTL, "{%p endif %}"),
    (CTL, "{%p endfor %}"),
    (CTL, "{%p endfor %}"),
    (H1, "Article {{ modifications|length + 1 }} : Autres dispositions"),
    (P, "Les autres dispositions de la convention demeurent inchangées."),
    (CTL, "{%p if avenant.dotation %}"),
    (H1, "Article {{ modifications|length + 2 }} : Modalités de versement"),
    (
        P,
        "La dotation globale de l'exercice {{ avenant.dotation.year }} est versée "
        "{{ departement.payment.terms }}, sous réserve de la disponibilité des crédits. La "
        "part du Département, soit {{ split.departement|amount(cents) }}, est imputée au budget "
        "départemental, {{ departement.payment.imputation }}.",
    ),
    (CTL, "{%p endif %}"),
    (
        H1,
        "Article {{ modifications|length + (3 if avenant.dotation else 2) }} : Prise d'effet",
    ),
    (
        P,
        "Le présent avenant prend effet à la date de sa signature par l'ensemble des parties."
        "{% if avenant.dotation %} Ses dispositions financières s'appliquent à l'exercice "
        "{{ avenant.dotation.year }}.{% endif %}",
    ),
    (
        PLACE,
        "Fait à {{ signature.place }}, le {{ signature_date }}, en {{ signature_originals }} "
        "exemplaires originaux.",
    ),
    (SIGNATURES, ""),
]

# One row per signatory: the Département, the association, then each commune's mayor.
SIGNATURE_ROW = ("{{ s.party }}", "{{ s.officer.role }}", "{{ s.officer.person.full_name }}")
