from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from docgen.core import french as fr
from docgen.core.engine import render_docx
from docgen.core.errors import ResourceError
from docgen.core.lint import lint_template
from docgen.core.resources import templates_dir
from docgen.core.vocabulary import as_mapping, field_docs
from docgen.kinds.common import Person
from docgen.kinds.convention.model import Clause, Convention, Term, TermKind
from docgen.kinds.convention.split import split_dotation
from docgen.registry import default_registry

from . import helpers as render
from .conftest import docx_pdf_text
from .helpers import check_paths

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = ROOT / "contracts" / "pas-de-calais"
VALID = ROOT / "tests" / "data" / "contracts" / "valid.yaml"
NBSP, NNBSP = "\u00a0", "\u202f"

ARTICLES = [
    "Article 1 : Champ d’application",
    "Article 2 : Principes d’intervention",
    "Article 3 : Obligations vis-à-vis des financeurs",
    "Article 4 : Obligations et contreparties en matière de communication / charte graphique",
    "Article 5 : Partenariat",
    "Article 6 : Modalités de contrôle",
    "Article 7 : Comité de pilotage – suivi de l’activité",
    "Article 8 : Dispositions financières et administratives",
    "Article 9 : Protection des données à caractère personnel",
    "Article 10 : Période d’application de la convention",
    "Article 11 : Clause de renonciation",
    "Article 12 : Avenant",
    "Article 13 : Résiliation",
    "Article 14 : Règlement des litiges",
]
ARTICLES = [heading.replace(" :", NBSP + ":") for heading in ARTICLES]
SUB_ARTICLES = ["2.1 Public cible", "8.1 Modalité", "8.2 Documents", "8.3 Évaluation"]
LEFTOVERS = ["{{", "}}", "{%", "%}", "X ETP", "JJ/MM/AAAA", ".....", "Commune X", "Prénom NOM"]


@cache
def _checked(path: Path) -> tuple[Convention, ...]:
    result = check_paths([path])
    assert not result.findings, result.findings
    return tuple(result.conventions)


# The service files of contracts/pas-de-calais (budgets/ and departement.yaml are not).
SLUGS = sorted(p.stem for p in CONTRACTS.glob("*.yaml") if p.name != "departement.yaml")


def pas_de_calais(slug: str) -> Convention:
    conventions = {c.slug: c for c in _checked(CONTRACTS)}
    assert sorted(conventions) == SLUGS
    return conventions[slug]


def valid() -> Convention:
    return _checked(VALID)[0]


@cache
def _rendered(slug: str) -> bytes:
    return render.render_convention(pas_de_calais(slug))


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def paragraph_texts(document: docx.document.Document) -> list[str]:
    """Text of every paragraph of the body (tables included), headers and footers."""
    texts = []
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.content_type.endswith(
            ("document.main+xml", "header+xml", "footer+xml")
        ):
            continue
        for p in element.iter(qn("w:p")):
            # A no-break hyphen (« Pas-de-Calais ») is an element of its own: read as « - ».
            nodes = p.iter(qn("w:t"), qn("w:noBreakHyphen"))
            texts.append("".join(n.text or "" if n.tag == qn("w:t") else "-" for n in nodes))
    return texts


def full_text(document: docx.document.Document) -> str:
    return "\n".join(paragraph_texts(document))


def styled(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def signature_blocks(document: docx.document.Document) -> list[str]:
    """The signature grid (the last table): the left column (Département, association),
    then the right one (communes), each block's lines joined by newlines."""
    table = document.tables[-1]
    columns = [[row.cells[i].text for row in table.rows] for i in range(len(table.columns))]
    return [text for column in columns for text in column if text.strip()]


def test_every_pas_de_calais_service_is_rendered() -> None:
    assert len(SLUGS) >= 8


@pytest.mark.parametrize("slug", SLUGS)
def test_pas_de_calais_conventions(slug: str) -> None:
    convention = pas_de_calais(slug)
    document = open_docx(_rendered(slug))
    text = full_text(document)
    dep, association = convention.departement, convention.association

    assert styled(document, "Title") == ["CONVENTION"]
    body = [p.text for p in document.paragraphs]
    assert body[:3] == [
        dep.signing_service.pole,
        dep.signing_service.direction.replace("'", "’"),
        dep.signing_service.service.replace("'", "’"),
    ]
    assert f"Entre le {dep.full_name}" in text
    assert f"représenté par Monsieur {dep.president.full_name}" in text
    assert f"{association.name}, dont le siège est situé" in text
    assert association.president.full_name in text
    assert "ci-après désigné par l’association" in text  # as the model says (seed 001)
    for commune in convention.communes:
        name = f"Commune {fr.de(commune.name)}"
        assert f"{name}, représentée par {commune.mayor.civility} " in text
        assert commune.mayor.full_name in text
        assert f"ci-après désigné par «{NNBSP}la {name}{NNBSP}»" in text

    headings = styled(document, "Heading 1")
    assert headings[0] == "Préambule"
    assert [h for h in headings if h.startswith("Article ")] == ARTICLES
    subheadings = styled(document, "Heading 2")
    for prefix in SUB_ARTICLES:
        assert sum(h.startswith(prefix) for h in subheadings) == 1
    assert "Sort des données" in subheadings
    assert "Obligations du Département vis-à-vis de l’association" in subheadings

    visas = [p for p in body if p.startswith(f"Vu{NBSP}:")]
    assert len(visas) == len(dep.visas) + 1
    assert (
        "la délibération de la Commission permanente en date du 11\u00a0décembre\u00a02023 "
        "autorisant le Président à signer la présente convention"
    ) in text

    bullets = styled(document, "List Bullet")
    staffing = convention.staffing
    assert f"{fr.etp(staffing.social_workers)} de travailleurs sociaux{NNBSP};" in bullets
    assert f"{fr.etp(staffing.management)} de direction{NNBSP};" in bullets
    for index, other in enumerate(staffing.others):
        end = "." if index == len(staffing.others) - 1 else f"{NNBSP};"
        assert f"{fr.etp(other.etp)} {fr.de(other.label)}{end}".replace("'", "’") in bullets

    # Article 8.1 states the shares as the model does; the amounts are in the financial
    # annex of the convention (the model leaves them to the rapport budgétaire).
    split = split_dotation(convention)
    assert f"Département{NBSP}: 95{NBSP}%{NNBSP};" in bullets
    assert styled(document, "Titre d'annexe") == ["Annexe financière"]
    assert (
        f"la dotation globale du Service de Prévention Spécialisée «{NNBSP}"
        f"{convention.service.name}{NNBSP}» s’élève à {fr.amount_in_words(split.dotation)} "
        f"({fr.amount(split.dotation)}), répartie entre les signataires concernés comme suit"
    ).replace("'", "’") in text
    assert f"Département{NBSP}: 95{NBSP}%, soit {fr.amount(split.departement)}{NNBSP};" in bullets
    lines = styled(document, "List Bullet 2")
    for index, line in enumerate(split.per_commune):
        end = "." if index == len(split.per_commune) - 1 else f"{NNBSP};"
        assert (
            f"dont Commune {fr.de(line.commune.name)}{NBSP}: {fr.percent(line.commune.share)}{end}"
            in lines
        )
        expected = (
            f"Commune {fr.de(line.commune.name)}{NBSP}: {fr.percent(line.commune.share)}, "
            f"soit {fr.amount(line.amount)}{end}"
        )
        assert expected in lines

    assert "à compter du 1er\u00a0janvier\u00a02024 et renouvelable chaque année" in text
    assert "en date du 11\u00a0décembre\u00a02023" in text
    assert "en date du 20\u00a0novembre\u00a02023" in text
    assert (
        f"Fait à Arras, le 15\u00a0janvier\u00a02024, en {convention.signature.originals} "
        "exemplaires"
    ) in text
    assert "tribunal administratif de Lille." in text
    assert "delegue.protection.donnees@pasdecalais.fr" in text
    assert "https://www.pasdecalais.fr/Partenaires/Contreparties-communication" in text

    parties = signature_blocks(document)
    assert len(parties) == 2 + len(convention.communes)
    assert parties[0].splitlines()[:2] == [f"Pour le {dep.full_name}", "Le Président"]
    assert parties[0].splitlines()[-1] == dep.president.full_name
    assert association.president.full_name in parties[1]
    for row, commune in zip(parties[2:], convention.communes, strict=True):
        role = "La Maire" if commune.mayor.civility == "Madame" else "Le Maire"
        assert row.splitlines()[:2] == [f"Pour la Commune {fr.de(commune.name)}", role]
        assert row.splitlines()[-1] == commune.mayor.full_name

    footer = document.sections[0].footer._element.xml
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer)
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    assert f"«{NNBSP}{convention.service.name}{NNBSP}»" in header

    for leftover in LEFTOVERS:
        assert leftover not in text, leftover
    assert render.BLANK not in text.replace("conseil municipal en date du ……", "")
    assert "'" not in text
    assert " :" not in text and " ;" not in text


def test_values_with_xml_characters_come_out_intact() -> None:
    convention = valid()
    assert convention.association.name == "Dupont & Fils <Association>"
    association = dataclasses.replace(
        convention.association,
        name="Dupont & Fils <SARL>",
        president=Person("Madame", "Anne-Lise", "D'Arc & <b>Co</b>"),
    )
    data = render.render_convention(dataclasses.replace(convention, association=association))
    document = open_docx(data)
    text = full_text(document)
    assert "Dupont & Fils <SARL>, dont le siège est situé" in text
    assert "Pour l’association Dupont & Fils <SARL>" in text
    assert "Anne-Lise D’ARC & <B>CO</B>" in text
    # Nothing leaked into the XML as markup.
    assert b"<SARL>" not in data


def test_feminine_signatories_and_yaml_typography() -> None:
    convention = valid()
    clauses = (
        Clause("Clause de revoyure", "Les parties se réunissent l'an prochain : à mi-parcours.\n"),
        Clause("Annexes", "Première ligne ; suite !\n\nSeconde ligne « citée »"),
    )
    document = open_docx(render.render_convention(dataclasses.replace(convention, clauses=clauses)))
    headings = styled(document, "Heading 1")
    assert headings[-2:] == [
        f"Article 15{NBSP}: Clause de revoyure",
        f"Article 16{NBSP}: Annexes",
    ]
    body = [p.text for p in document.paragraphs]
    start = body.index(headings[-2])
    assert body[start + 1] == f"Les parties se réunissent l’an prochain{NBSP}: à mi-parcours."
    assert body[start + 3 : start + 5] == [
        f"Première ligne{NNBSP}; suite{NNBSP}!",
        f"Seconde ligne «{NNBSP}citée{NNBSP}»",
    ]
    parties = [block.splitlines() for block in signature_blocks(document)]
    assert parties[1][:2] == ["Pour l’association Dupont & Fils <Association>", "La Présidente"]
    assert parties[2][1] == "Le Maire" and parties[3][1] == "La Maire"
    text = full_text(document)
    assert "représentée par Madame ANNE ESSAI" not in text  # full_name upper-cases the last name
    assert "représentée par Madame Anne ESSAI, Présidente, tant en vertu des statuts" in text
    assert "Lise ESSAI, Maire, dûment autorisée par délibération" in text


def test_draft_fields_print_a_visible_blank() -> None:
    convention = valid()
    draft = dataclasses.replace(
        convention,
        signature=dataclasses.replace(convention.signature, date=None, originals=None),
        authorisation=dataclasses.replace(convention.authorisation, date=None, number=None),
        association=dataclasses.replace(convention.association, board_resolution=None),
    )
    text = full_text(open_docx(render.render_convention(draft)))
    assert f"Fait à Arras, le {render.BLANK}, en {render.BLANK} exemplaires originaux." in text
    assert f"de la Commission permanente en date du {render.BLANK} autorisant" in text
    assert f"conseil d’administration en date du {render.BLANK}\n" in text
    assert "{{" not in text


def test_fixed_term() -> None:
    convention = valid()
    term = Term(date(2024, 1, 1), TermKind.FIXED, years=3, notice_months=3)
    text = full_text(
        open_docx(render.render_convention(dataclasses.replace(convention, term=term)))
    )
    assert "pour une durée de 3 ans à compter du 1er\u00a0janvier\u00a02024, soit jusqu’au " in text
    assert "31\u00a0décembre\u00a02026 inclus." in text
    assert "tacite reconduction" not in text
    assert "préavis de 3 mois" in text


def test_no_commune() -> None:
    convention = valid()
    funding = dataclasses.replace(
        convention.funding,
        shares=dataclasses.replace(convention.funding.shares, departement=Decimal(100)),
    )
    alone = dataclasses.replace(convention, communes=(), funding=funding)
    document = open_docx(render.render_convention(alone))
    assert len(signature_blocks(document)) == 2
    assert not [line for line in styled(document, "List Bullet 2") if "Commune" in line]
    assert not [line for line in styled(document, "List Bullet") if "Communes" in line]
    assert "sur le territoire d’Arras, notamment dans le quartier Baudimont." in full_text(document)


def test_context_names() -> None:
    context = as_mapping(render.convention_context(valid()))
    for name in ("departement", "association", "service", "communes", "effectifs", "financement"):
        assert name in context
    for name in ("duree", "signature", "autorisation", "clauses", "repartition_dotation"):
        assert name in context
    assert context["reconduction_tacite"] is True
    assert context["departement_de"] == "du Pas-de-Calais"
    # The English names of earlier versions are still there, for their templates.
    assert context["funding"] is context["financement"]


def test_template_for_prefers_the_departement_folder(tmp_path: Path) -> None:
    folder = render.make_project(tmp_path, "essai", [VALID])
    (convention,) = check_paths([folder / "valid.yaml"]).conventions
    departement = convention.departement
    assert render.template_for(departement) == templates_dir() / "convention.docx"
    (tmp_path / "templates" / "essai").mkdir(parents=True)
    shared = tmp_path / "templates" / "convention.docx"
    shutil.copy(templates_dir() / "convention.docx", shared)
    assert render.template_for(departement) == shared
    own = tmp_path / "templates" / "essai" / "convention.docx"
    _write_template(own, "Modèle propre : {{ association.name }}")
    assert render.template_for(departement) == own
    text = full_text(open_docx(render.render_convention(convention)))
    assert text.startswith(f"Modèle propre{NBSP}: Dupont & Fils <Association>")
    # An edited template is read again, not served from the cache.
    _write_template(own, "Deuxième version : {{ service.name }}")
    os.utime(own, ns=(1, 1))
    text = full_text(open_docx(render.render_convention(convention)))
    assert text.startswith(f"Deuxième version{NBSP}: Service d’essai")


def _write_template(path: Path, text: str) -> None:
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{{ ''.__class__.__mro__ }}", "accès refusé à « __class__ »"),
        ("{{ association.nm }}", "« nm » n'est pas un champ"),
        ("{{ inconnu }}", "« inconnu » n'est pas un champ connu"),
        ("{{ association.nom|nofilter }}", "nofilter"),
        # An English name of an earlier version still renders; a misspelt one does not.
        ("{{ association.nme }}", "« nme » n'est pas un champ"),
    ],
)
def test_bad_templates_raise_resource_errors(tmp_path: Path, tag: str, message: str) -> None:
    path = tmp_path / "convention.docx"
    _write_template(path, tag)
    context = as_mapping(render.convention_context(valid()))
    with pytest.raises(ResourceError, match=re.escape(message)):
        render_docx(path, context)


def test_missing_template_file(tmp_path: Path) -> None:
    with pytest.raises(ResourceError, match="modèle illisible"):
        render_docx(tmp_path / "absent.docx", {})
    (tmp_path / "broken.docx").write_text("not a zip")
    with pytest.raises(ResourceError, match="modèle illisible"):
        render_docx(tmp_path / "broken.docx", {})


def test_rendering_twice_gives_the_same_text() -> None:
    first = full_text(open_docx(render.render_convention(valid())))
    second = full_text(open_docx(render.render_convention(valid())))
    assert first == second


# --- the template itself -------------------------------------------------------------

_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def template_fields(template: Path) -> set[str]:
    """Name/attribute chains of every tag; a loop variable is named by its list:
    ``{% for s in signatories %}{{ s.party }}`` gives "signatories" and "signatories[].party"."""
    return set(lint_template(template, None).fields)


def test_field_walker_resolves_loop_variables(tmp_path: Path) -> None:
    path = tmp_path / "t.docx"
    _write_template(path, "{% for s in signatories %}{{ s.officer.role|upper }}{% endfor %}")
    assert template_fields(path) == {"signatories", "signatories[].officer.role"}


def test_every_template_field_is_documented_by_its_typed_context() -> None:
    templates = sorted(templates_dir().rglob("*.docx"))
    known = {
        name: {d.name for d in field_docs(t.context)}
        for name, t in default_registry().templates().items()
    }
    assert set(known) == {t.stem for t in templates}
    for template in templates:
        fields = template_fields(template)
        assert fields <= known[template.stem], (template, fields - known[template.stem])
    assert template_fields(templates_dir() / "avenant.docx") <= set(render.AVENANT_FIELDS)
    assert template_fields(templates_dir() / "convention.docx") <= set(render.FIELD_SOURCES)


def test_field_table_markdown() -> None:
    table = render.field_table_markdown().splitlines()
    assert table[0] == "| Champ du modèle | Champ YAML |"
    assert len(table) == 2 + len(render.FIELD_SOURCES)
    assert "| `association.president.prenom` | association.president.prenom |" in (
        render.field_table_markdown()
    )
    assert "| `association.president.nom_complet` | association.president → calculé : " in (
        render.field_table_markdown()
    )


def test_template_is_built_with_styles_and_french_typography() -> None:
    document = docx.Document(str(templates_dir() / "convention.docx"))
    assert document.styles["Normal"].font.name == "Arial"
    statics = [_TAG.sub("", text) for text in paragraph_texts(document)]
    for text in statics:
        assert "'" not in text, text
        assert not re.search(r" [:;!?»]|« ", text), text
    headings = styled(document, "Heading 1")
    assert [h for h in headings if re.match(r"Article \d+\xa0", h)] == ARTICLES
    # Tags are whole inside one run, so Word and docxtpl see them intact.
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.text.count("{{") == run.text.count("}}"), run.text
            assert run.text.count("{%") == run.text.count("%}"), run.text


# --- as a user sees it --------------------------------------------------------------


def test_libreoffice_opens_the_rendered_convention() -> None:
    convention = pas_de_calais("rencontres-et-loisirs")
    text = docx_pdf_text(_rendered(convention.slug))
    assert " ".join(convention.association.name.split()) in text
    assert "Article 14" in text
    assert "Page 1/" in text
