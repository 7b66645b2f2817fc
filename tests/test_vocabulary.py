"""One vocabulary: a template reads the YAML's own keys, and French names for computed values."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core.engine import render_docx
from docgen.core.lint import lint_template
from docgen.core.vocabulary import (
    as_mapping,
    attribute,
    field_docs,
    members,
    resolve,
)
from docgen.kinds.avenant.context import AvenantContext
from docgen.kinds.avenant.modifications import Modification
from docgen.kinds.common import Person
from docgen.kinds.convention.context import ConventionContext
from docgen.registry import default_registry

from .conftest import CONTRACTS, DATA, ROOT
from .helpers import convention_context
from .test_render import valid

ENGLISH = DATA / "templates"  # the shipped templates as an earlier version wrote them


def write_template(path: Path, *paragraphs: str) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def text_of(data: bytes, tmp_path: Path) -> str:
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    return "\n".join(p.text for p in docx.Document(str(out)).paragraphs)


def test_every_name_of_every_template_context_is_french_and_unique() -> None:
    for template in default_registry().templates().values():
        names = [d.name for d in field_docs(template.context)]
        assert len(names) == len(set(names)), template.name
        for name in names:
            for part in re.split(r"[.\[\]*]+", name):
                # French words in YAML style: no accent, no capital but « Le », « Cible »…
                assert re.fullmatch(r"[a-z_]+|Le|Le_titre|Cible", part) or not part, name


def test_yaml_keys_are_the_template_names() -> None:
    docs = {d.english: d.name for d in field_docs(ConventionContext)}
    assert docs["association.name"] == "association.nom"
    assert docs["funding.dotation"] == "financement.dotation"
    assert docs["association.president.first_name"] == "association.president.prenom"
    assert docs["departement.president.full_name"] == "departement.president.nom_complet"
    assert docs["departement.president.feminine"] == "departement.president.feminin"
    assert docs["term.start.year"] == "duree.debut.annee"
    assert docs["split.per_commune[].amount"] == "repartition_dotation.par_commune[].montant"


def test_a_chain_resolves_in_either_language() -> None:
    french = resolve(ConventionContext, "communes[].maire.nom")
    assert (french.english, french.english_names) == ("communes[].mayor.last_name", ())
    english = resolve(ConventionContext, "communes[].mayor.last_name")
    assert english.french == "communes[].maire.nom"
    assert english.english_names == ("mayor", "last_name")
    unknown = resolve(ConventionContext, "association.nmo")
    assert (unknown.known, unknown.unknown, unknown.suggestion) == (False, "nmo", "association.nom")


def test_a_value_that_is_a_word_reads_in_french_by_its_french_name() -> None:
    member = members(Modification)["kind"]
    assert member.french == "nature"
    assert member.values["add_unit"] == "ajout_article"
    assert attribute(Modification.__new__(Modification), "nature") == ("kind", member.values)
    assert attribute(Person("Madame", "Claire", "Exemple"), "prenom") == ("first_name", {})


def test_the_top_level_names_are_french_and_english() -> None:
    names = as_mapping(convention_context(valid()))
    assert names["financement"] is names["funding"]
    assert names["repartition_dotation"] is names["split"]
    assert {m.french for m in members(ConventionContext).values()} <= set(names)


def test_a_template_in_french_prints_the_values(tmp_path: Path) -> None:
    path = write_template(
        tmp_path / "convention.docx",
        "{{ association.nom }} – {{ departement.president.nom_complet }}",
        "Dotation : {{ financement.dotation|montant }} "
        "({{ financement.dotation|montant_en_lettres }})",
        "{% if departement.president.feminin %}La Présidente{% else %}Le Président{% endif %}",
        "Du {{ duree.debut|date_longue }} ({{ duree.debut|date_courte }}), "
        "{{ duree.annees|en_lettres }} an(s), {{ effectifs.direction|etp }}",
        "{% for c in communes %}{{ c.nom|majuscules }} : {{ c.part|pourcentage }}"
        "{% if not loop.last %} ; {% endif %}{% endfor %}",
        "{{ 1|ordinal }} avenant",
    )
    context = as_mapping(convention_context(valid()))
    text = text_of(render_docx(path, context), tmp_path)
    assert "Dupont & Fils <Association> – Jean-Claude LEROY" in text
    assert "Dotation\u00a0: 312\u202f345,67\u00a0€ (trois cent douze mille" in text
    assert "Le Président" in text and "La Présidente" not in text
    assert "Du 1er\u00a0janvier\u00a02024 (01/01/2024), un an(s), 1\u00a0ETP" in text
    assert "ARRAS\u00a0: 2,5\u00a0%" in text.replace("\u202f", "\u00a0")
    assert "1er avenant" in text
    assert lint_template(path, ConventionContext).findings == ()


def test_a_choice_of_the_yaml_prints_and_compares_as_the_yaml_writes_it(tmp_path: Path) -> None:
    # duree.mode was a Python enum: printed, build failed (« un objet (TermKind) ») while
    # check said nothing; compared, {% if duree.mode == "ferme" %} was never true.
    path = write_template(
        tmp_path / "convention.docx",
        "Mode : {{ duree.mode }}.",
        '{% if duree.mode == "reconduction_tacite" %}Reconduite chaque année.'
        "{% else %}Durée ferme.{% endif %}",
    )
    context = as_mapping(convention_context(valid()))
    text = text_of(render_docx(path, context), tmp_path)
    assert text == "Mode\u00a0: reconduction_tacite.\nReconduite chaque année."
    assert lint_template(path, ConventionContext).findings == ()


def test_an_english_template_renders_the_same_bytes_as_its_french_version(tmp_path: Path) -> None:
    context = as_mapping(convention_context(valid()))
    french = ROOT / "docgen" / "templates" / "convention.docx"
    english = ENGLISH / "convention-v0.docx"
    assert render_docx(english, context) == render_docx(french, context)
    warnings = lint_template(english, ConventionContext).findings
    assert warnings and {f.rule for f in warnings} == {"template-english-name"}
    assert lint_template(french, ConventionContext).findings == ()


def test_the_shipped_templates_use_only_french_names() -> None:
    registry = default_registry().templates()
    shipped = [*sorted((ROOT / "docgen" / "templates").glob("*.docx"))]
    shipped += sorted((ROOT / "templates").rglob("*.docx"))
    for path in shipped:
        stem = path.stem if path.stem in registry else "convention"
        if path.parent.name == "nord" and path.stem in registry:
            stem = path.stem
        report = lint_template(path, registry[stem].context)
        assert report.findings == (), (path, report.findings)


# -- docgen modeles ------------------------------------------------------------------------


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(CONTRACTS, tmp_path / "contracts")
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_modeles_champs_lists_the_french_names_with_examples(repository: Path) -> None:
    code, output = run("modeles", "champs")
    assert code == 0, output
    lines = output.splitlines()
    assert lines[0].startswith("Champs du modèle convention.docx (Convention) — exemples tirés")
    row = next(line for line in lines if line.startswith("association.nom "))
    assert "association.nom" in row and "ex. « " in row
    assert any(line.startswith("financement.dotation ") and "ex. " in line for line in lines)
    assert not any(line.startswith("association.name") for line in lines)
    mode = next(line for line in lines if line.startswith("duree.mode "))
    assert mode.endswith("ex. « reconduction_tacite »"), mode  # not « TermKind.TACIT_RENEWAL »
    code, output = run("modeles", "champs", "avenant")
    assert code == 0
    assert any(line.startswith("modifications[].nature ") for line in output.splitlines())


def test_modeles_champs_for_a_file_and_in_markdown(repository: Path) -> None:
    code, output = run("modeles", "champs", "templates/nord/calpae.docx", "--sorte", "convention")
    assert code == 0, output
    code, output = run("modeles", "champs", "convention", "--format", "markdown")
    assert output.splitlines()[:2] == ["| Champ du modèle | D'où vient la valeur |", "|---|---|"]
    assert "| `association.president.prenom` | association.president.prenom |" in output
    code, output = run("modeles", "champs", "lettre.docx")
    assert code == 2
    assert "--sorte" in output


def test_modeles_filtres(repository: Path) -> None:
    code, output = run("modeles", "filtres")
    assert code == 0
    assert "{{ valeur|montant }} avec 312345.67  →  312\u202f345,67\u00a0€" in output
    assert "date_longue" in output and "majuscules (upper)" in output


def test_modeles_migrer_rewrites_an_english_template_in_french(repository: Path) -> None:
    own = repository / "templates" / "pas-de-calais" / "convention.docx"
    own.parent.mkdir(parents=True)
    shutil.copy(ENGLISH / "convention-v0.docx", own)
    english = own.read_bytes()
    code, output = run("check", "contracts/pas-de-calais")
    assert code == 0, output  # English names still work: warnings only
    assert "[template-english-name]" in output
    code, output = run("build", "contracts/pas-de-calais", "--sortie", "before")
    assert code == 0, output

    code, output = run("modeles", "migrer", "templates/pas-de-calais/convention.docx")
    assert code == 0, output
    assert "balise(s) réécrite(s) en français" in output
    assert "association.name" not in output or "nom" in output
    backup = own.with_name("convention.avant-migration.docx")
    assert backup.read_bytes() == english
    code, output = run("check", "contracts/pas-de-calais")
    assert code == 0 and "[template-english-name]" not in output, output
    code, output = run("build", "contracts/pas-de-calais", "--sortie", "after", "--force")
    assert code == 0, output
    before = sorted((repository / "before").rglob("*.docx"))
    assert before
    for path in before:
        after = repository / "after" / path.relative_to(repository / "before")
        assert after.read_bytes() == path.read_bytes(), path.name

    # Twice: nothing to rewrite, and the first copy is kept.
    code, output = run("modeles", "migrer", "templates/pas-de-calais/convention.docx")
    assert code == 0 and "déjà en français" in output
    assert backup.read_bytes() == english
    # The copy is known for what it is: not reported as a misnamed template.
    code, output = run("check", "contracts/pas-de-calais")
    assert code == 0 and "avant-migration" not in output, output


def test_modeles_migrer_joins_a_tag_word_split(repository: Path, tmp_path: Path) -> None:
    path = repository / "templates" / "convention.docx"
    path.parent.mkdir()
    document = docx.Document()
    paragraph = document.add_paragraph()
    for piece in ("Service {{ service.", "name }} et {{ funding.dotation|amount }}"):
        paragraph.add_run(piece).bold = True
    document.save(str(path))
    code, output = run("modeles", "migrer", "templates/convention.docx")
    assert code == 0, output
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert text == "Service {{ service.nom }} et {{ financement.dotation|montant }}"
    runs = docx.Document(str(path)).paragraphs[0].runs
    assert all(run.bold for run in runs)
    assert lint_template(path, ConventionContext).findings == ()


def test_modeles_migrer_refuses_what_is_no_template(repository: Path) -> None:
    (repository / "notes.txt").write_text("x", encoding="utf-8")
    code, output = run("modeles", "migrer", "notes.txt", "--sorte", "convention")
    assert code == 2 and "n'est pas un modèle Word .docx" in output
    (repository / "faux.docx").write_text("pas un zip", encoding="utf-8")
    code, output = run("modeles", "migrer", "faux.docx", "--sorte", "convention")
    assert code == 2 and "modèle illisible" in output
    code, output = run("modeles", "migrer", "absent.docx", "--sorte", "convention")
    assert code == 2 and "introuvable" in output


def test_the_avenant_template_of_an_earlier_version_migrates_its_values(tmp_path: Path) -> None:
    from docgen.core.migration import migrate

    migration = migrate((ENGLISH / "avenant-v0.docx").read_bytes(), AvenantContext)
    out = tmp_path / "avenant.docx"
    out.write_bytes(migration.data)
    assert lint_template(out, AvenantContext).findings == ()
    assert "ajout_article" in text_of(migration.data, tmp_path)
    assert out.read_bytes() == (ROOT / "docgen" / "templates" / "avenant.docx").read_bytes() or (
        lint_template(out, AvenantContext).fields
        == lint_template(ROOT / "docgen" / "templates" / "avenant.docx", AvenantContext).fields
    )
