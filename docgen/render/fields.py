"""Where each value a template uses comes from in the YAML.

A template may only use these names (``docgen check`` reports any other), and the
README's tables are generated from them, so a newcomer can find which template field is
which YAML field.
"""

from __future__ import annotations

from docgen.render.parties import BLANK

_D = "departement.yaml → "  # fields of the Département's file; the others are the convention's
_BLANK_IF_EMPTY = f"(« {BLANK} » si vide)"

# Where each value a template uses comes from: a template may only use these names.
FIELD_SOURCES: dict[str, str] = {
    "departement.full_name": f"{_D}« Département » + article + nom",
    "departement_de": f"calculé : {_D}article + nom (« du Pas-de-Calais »)",
    "departement_address": f"calculé : {_D}siege (batiment, rue, code_postal ville)",
    "departement.president.civility": f"{_D}president.civilite",
    "departement.president.full_name": f"{_D}president.prenom + president.nom (en capitales)",
    "departement_president.title": f"calculé : « Président(e) », {_D}president.civilite",
    "departement_president.role": f"calculé : « Le Président(e) », {_D}president.civilite",
    "departement_president.the_title": f"calculé : « le Président(e) », {_D}president.civilite",
    "departement_president.authorised": f"calculé : « autorisé(e) », {_D}president.civilite",
    "departement.signing_service.pole": f"{_D}service_signataire.pole",
    "departement.signing_service.direction": f"{_D}service_signataire.direction",
    "departement.signing_service.service": f"{_D}service_signataire.service",
    "departement.visas": f"{_D}visas",
    "departement.visas[]": f"{_D}visas[] (un « Vu » chacun)",
    "departement.court": f"{_D}tribunal_administratif",
    "departement.data_protection_email": f"{_D}delegue_protection_donnees",
    "charter_address": f"calculé : « à l’adresse suivante : » + {_D}site_communication",
    "activity_report_model": f"calculé : « … proposé en » + {_D}modele_rapport_activite",
    "authorisation_assembly": "calculé : « de la » ou « du » + autorisation.instance",
    "authorisation_date": f"autorisation.date {_BLANK_IF_EMPTY}",
    "authorisation_number": f"autorisation.numero {_BLANK_IF_EMPTY}",
    "association.name": "association.nom",
    "association_address": "calculé : association.adresse (batiment, rue, code_postal ville)",
    "association.president.civility": "association.president.civilite",
    "association.president.full_name": "association.president.prenom + nom (en capitales)",
    "association_president.title": "calculé : « Président(e) », association.president.civilite",
    "board_resolution_date": f"association.deliberation_ca {_BLANK_IF_EMPTY}",
    "commune_parties": "calculé : une entrée par élément de communes",
    "commune_parties[].name": "calculé : « Commune » + de + communes[].nom (« Commune d’Oignies »)",
    "commune_parties[].mayor.person.civility": "communes[].maire.civilite",
    "commune_parties[].mayor.person.full_name": "communes[].maire.prenom + communes[].maire.nom",
    "commune_parties[].mayor.title": "calculé : « Maire »",
    "commune_parties[].mayor.authorised": "calculé : « autorisé(e) », communes[].maire.civilite",
    "commune_parties[].resolution_date": f"communes[].deliberation_conseil {_BLANK_IF_EMPTY}",
    "service.name": "service.nom",
    "service.solidarity_house": "service.maison_solidarite",
    "intervention_area": "calculé : communes[].nom (ou service.territoire) + service.quartiers",
    "staffing.management": "effectifs.direction",
    "staffing.social_workers": "effectifs.travailleurs_sociaux",
    "staffing.administrative": "effectifs.administratif",
    "staffing.others": "effectifs.autres",
    "staffing.others[].etp": "effectifs.autres[].etp",
    "staffing.others[].label": "effectifs.autres[].libelle",
    "staffing.total": "calculé : somme de tous les ETP de effectifs",
    "funding.year": "financement.annee",
    "funding.shares.departement": f"financement.repartition.departement, sinon {_D}repartition",
    "funding.shares.communes": f"financement.repartition.communes, sinon {_D}repartition",
    "split.dotation": "financement.dotation",
    "split.departement": "calculé : part du Département de financement.dotation, au centime",
    "split.communes": "calculé : part des communes de financement.dotation, au centime",
    "split.per_commune": "calculé : une ligne par élément de communes",
    "split.per_commune[].commune.name": "communes[].nom",
    "split.per_commune[].commune.share": "communes[].part",
    "split.per_commune[].amount": "calculé : communes[].part de la dotation, au centime",
    "tacit_renewal": "calculé : duree.mode = reconduction_tacite",
    "term.start": "duree.debut",
    "term_duration": "calculé : duree.annees (« d’un an », « de 3 ans »)",
    "term_end": "calculé : duree.fin, sinon duree.debut + duree.annees − 1 jour",
    "term.notice_months": "duree.preavis_mois",
    "extra_articles": "calculé : clauses, numérotées à partir de l’article 15",
    "extra_articles[].number": "calculé : 15, 16, …",
    "extra_articles[].title": "clauses[].titre",
    "extra_articles[].paragraphs": "clauses[].texte",
    "extra_articles[].paragraphs[]": "clauses[].texte, un paragraphe par ligne",
    "signature.place": "signature.lieu",
    "signature_date": f"signature.date {_BLANK_IF_EMPTY}",
    "signature_originals": f"signature.exemplaires {_BLANK_IF_EMPTY}",
    "signatories": "calculé : le Département, l’association, puis chaque commune",
    "signatories[].party": "calculé : « Pour le Département … », « Pour l’association … »…",
    "signatories[].officer.role": "calculé : « Le Président(e) », « Le Maire » selon la civilité",
    "signatories[].officer.person.full_name": "calculé : prenom + nom des présidents et des maires",
    "consolidation": "calculé : « Version consolidée intégrant … » d’après avenants (vide sinon)",
    "consolidation_avenants": "calculé : une ligne par avenant intégré : avenants[].numero, "
    "avenants[].signature.date, avenants[].objet (vide sinon)",
    "consolidation_header": "calculé : « (version consolidée) » en en-tête (vide sinon)",
}

# Names the avenant template shares with the convention's, with the same source.
_SHARED = """departement.signing_service.pole departement.signing_service.direction
departement.signing_service.service departement.full_name departement_address
departement.president.civility departement.president.full_name departement_president.title
service.name association.name association_address association.president.civility
association.president.full_name association_president.title board_resolution_date
commune_parties[].name commune_parties[].mayor.person.civility
commune_parties[].mayor.person.full_name commune_parties[].mayor.title
commune_parties[].resolution_date signatories[].party signatories[].officer.role
signatories[].officer.person.full_name""".split()  # noqa: SIM905 (one block, easy to scan)
_AV, _T = "avenants[n] → ", "calculé : articles[].table[] : "

# Where each value the avenant template uses comes from (FIELD_SOURCES for the convention).
AVENANT_FIELDS: dict[str, str] = {
    **{name: FIELD_SOURCES[name] for name in _SHARED},
    "avenant.number": f"{_AV}numero",
    "avenant.subject": f"{_AV}objet",
    "departement_habilitated": "calculé : « habilité(e) », departement.yaml → president.civilite",
    "association_habilitated": "calculé : « habilité(e) », association.president.civilite",
    "authorisation_assembly": f"calculé : « de la » ou « du » + {_AV}autorisation.instance",
    "authorisation_date": f"{_AV}autorisation.date {_BLANK_IF_EMPTY}",
    "commune_parties": "calculé : une entrée par commune en vigueur après l’avenant",
    "commune_parties[].habilitated": "calculé : « habilité(e) », communes[].maire.civilite",
    "visas": "calculé : la convention, les avenants précédents, la délibération de l’avenant",
    "visas[]": f"calculé : signature.date, avenants[].signature.date, {_AV}autorisation",
    "articles": f"calculé : un article par élément de {_AV}modifications, puis deux articles",
    "articles[].number": "calculé : 1, 2, …",
    "articles[].title": "calculé : d’après la modification",
    "articles[].blocks": "calculé : les alinéas de l’article",
    "articles[].blocks[].style": "calculé : « text », « quote », « item » ou « subitem »",
    "articles[].blocks[].text": "calculé : l’alinéa (la nouvelle rédaction entre « »)",
    "articles[].table": "calculé : parts et montants avant et après l’avenant (vide sinon)",
    "articles[].table[].label": f"{_T}Département, communes, dotation globale",
    "articles[].table[].share_before": f"{_T}part avant l’avenant",
    "articles[].table[].amount_before": f"{_T}montant avant l’avenant, au centime",
    "articles[].table[].share_after": f"{_T}part après l’avenant",
    "articles[].table[].amount_after": f"{_T}montant après l’avenant, au centime",
    "articles[].table[].change": f"{_T}écart (après − avant)",
    "signature.place": f"{_AV}signature.lieu",
    "signature_date": f"{_AV}signature.date {_BLANK_IF_EMPTY}",
    "signature_originals": f"{_AV}signature.exemplaires {_BLANK_IF_EMPTY}",
    "signatories": "calculé : le Département, l’association, chaque commune après l’avenant",
}


def field_table_markdown() -> str:
    """FIELD_SOURCES as the README's Markdown table."""
    rows = [f"| `{name}` | {source} |" for name, source in FIELD_SOURCES.items()]
    return "\n".join(["| Champ du modèle | Champ YAML |", "|---|---|", *rows]) + "\n"
