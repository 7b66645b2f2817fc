"""Templates are checked like contracts: unknown fields, tags split by Word, bad syntax."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

from docgen.core.findings import Severity
from docgen.core.lint import lint_template
from docgen.kinds.convention.context import ConventionContext

from .conftest import DATA, TEMPLATES
from .helpers import check_paths, make_project


def make_template(path: Path, *paragraphs: list[str]) -> Path:
    """A .docx whose paragraphs are made of the given runs, as Word would split them."""
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text in runs:
            paragraph.add_run(text)
    document.save(str(path))
    return path


def test_a_clean_template(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["Service « {{ service.nom }} »"])
    report = lint_template(template, ConventionContext)
    assert report.findings == ()
    # Reports name fields as docgen's code reads them.
    assert report.fields == {"service.name"}


def test_a_tag_split_by_word_is_reported_with_its_paragraph(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["Le service {{ service.", "nom }} intervient."])
    (finding,) = lint_template(template, ConventionContext).findings
    assert finding.rule == "template-split-tag"
    assert finding.severity is Severity.WARNING
    assert finding.file.endswith("t.docx")
    assert "{{ service.nom }}" in finding.message
    assert "« Le service {{ service.nom }} intervient. »" in finding.message


def test_a_tag_naming_no_field_gets_a_suggestion_and_its_place(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx",
        ["Article 3 : Financement"],
        ["Le service {{ service.nm }} reçoit {{ financement.dotation|montant }}."],
    )
    (finding,) = lint_template(template, ConventionContext).findings
    assert (finding.rule, finding.severity) == ("template-unknown-field", Severity.ERROR)
    assert finding.message == (
        "la balise « service.nm » ne correspond à aucun champ (« nm » est inconnu) : "
        "vouliez-vous dire « service.nom » ?, dans le paragraphe « Le service {{ service.nm }} "
        "reçoit {{ financement.dotation|montant }}. » (sous « Article 3 : Financement »)"
    )
    assert "docgen modeles champs" in finding.hint


def test_an_unknown_name_in_a_loop_is_suggested_in_french(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx", ["{% for c in communes %}{{ c.nomm }}{% endfor %}"]
    )
    (finding,) = lint_template(template, ConventionContext).findings
    assert "« c.nomm »" in finding.message
    assert "vouliez-vous dire « communes[].nom » ?" in finding.message


def test_english_names_work_with_a_warning_naming_the_french_one(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx",
        ["{% for c in communes %}{{ c.name }}{% endfor %} {{ funding.dotation|amount }}"],
    )
    report = lint_template(template, ConventionContext)
    assert {f.rule for f in report.findings} == {"template-english-name"}
    assert all(f.severity is Severity.WARNING for f in report.findings)
    messages = sorted(f.message.split(", dans")[0] for f in report.findings)
    assert messages == [
        "le filtre « amount » porte le nom anglais d'une version précédente : écrivez « montant »",
        "« c.name » emploie le nom anglais d'une version précédente : écrivez « c.nom »",
        "« funding.dotation » emploie le nom anglais d'une version précédente : écrivez "
        "« financement.dotation »",
    ]
    assert report.fields == {"communes", "communes[].name", "funding.dotation"}


def test_an_unknown_filter_is_found_by_check_as_build_would(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx", ["{{ association.nom|filtre_inconnu }} {{ duree.debut|date_long }}"]
    )
    findings = lint_template(template, ConventionContext).findings
    unknown = [f for f in findings if f.rule == "template-unknown-filter"]
    assert [f.message.split(", dans")[0] for f in unknown] == [
        "le filtre « filtre_inconnu » n'existe pas"
    ]
    assert unknown[0].severity is Severity.ERROR
    # A misspelt filter gets the closest French name.
    template = make_template(tmp_path / "u.docx", ["{{ financement.dotation|montnt }}"])
    (finding,) = lint_template(template, ConventionContext).findings
    assert "le filtre « montnt » n'existe pas : vouliez-vous dire « montant » ?" in (
        finding.message
    )


def test_a_filter_given_the_wrong_kind_of_value(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["{{ service.nom|montant }}"])
    (finding,) = lint_template(template, ConventionContext).findings
    assert finding.rule == "template-filter-value"
    assert finding.message.startswith(
        "le filtre « montant » attend un nombre ou un montant, et « service.nom » est un texte"
    )


def test_broken_syntax_in_french_at_its_paragraph(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx",
        ["Article 5 : Communes"],
        ["{% for c in communes %}{{ c.nom }}"],
    )
    (finding,) = lint_template(template, ConventionContext).findings
    assert finding.rule == "template-syntax"
    assert finding.message.startswith("la balise {% for c in communes %} n'est jamais fermée")
    assert "(sous « Article 5 : Communes »)" in finding.message
    assert finding.hint == "ajoutez {% endfor %} là où le bloc se termine"
    unclosed_if = make_template(tmp_path / "u.docx", ["{% if annexe %}texte"])
    (finding,) = lint_template(unclosed_if, ConventionContext).findings
    assert finding.message.startswith("la balise {% if annexe %} n'est jamais fermée")


def test_a_block_never_closed_is_reported_where_it_opens(tmp_path: Path) -> None:
    # Jinja stops at the end of the document: the finding named its last paragraph, pages
    # away from the {%p if %} the juriste forgot to close.
    template = make_template(
        tmp_path / "t.docx",
        ["Article 4 – Financement"],
        ["{%p if repartition_dotation.par_commune %}"],
        ["Les communes co-financent le service."],
        ["{%p for c in communes %}"],
        ["{{ c.nom }}"],
        ["{%p endfor %}"],
        ["Article 5 – Litiges"],
        ["Tout litige relève du tribunal administratif."],
    )
    (finding,) = lint_template(template, ConventionContext).findings
    assert finding.message == (
        "la balise {% if repartition_dotation.par_commune %} n'est jamais fermée, dans le "
        "paragraphe « {% if repartition_dotation.par_commune %} » (sous « Article 4 – "
        "Financement »)"
    )
    assert finding.hint == "ajoutez {% endif %} là où le bloc se termine"


def test_a_closing_tag_that_does_not_close_the_open_block(tmp_path: Path) -> None:
    for closing, message, hint in [
        (
            "{%p endfor %}",
            "la balise {% endfor %} arrive alors que le bloc {% if … %} ouvert plus haut n'est "
            "pas fermé, dans le paragraphe « {% endfor %} » (sous « Article 4 – Financement »)",
            "fermez d'abord ce bloc par {% endif %}",
        ),
        (
            "{%p end if %}",
            "la balise {% end … %} n'existe pas : le bloc {% if … %} se ferme par {% endif %}, "
            "en un seul mot, dans le paragraphe « {% end if %} »",
            "écrivez {% endif %}, sans espace",
        ),
    ]:
        template = make_template(
            tmp_path / "t.docx",
            ["Article 4 – Financement"],
            ["{%p if repartition_dotation.par_commune %}"],
            ["Les communes co-financent le service."],
            [closing],
            ["Fin."],
        )
        (finding,) = lint_template(template, ConventionContext).findings
        assert finding.message.startswith(message)
        assert finding.hint.startswith(hint)


def test_shipped_templates_are_clean() -> None:
    for kind in ("convention", "avenant"):
        template = TEMPLATES / f"{kind}.docx"
        if template.exists():
            assert lint_template(template, None).findings == (), kind


def test_check_reports_a_departement_template_and_names_it(tmp_path: Path) -> None:
    folder = make_project(tmp_path, "essai", [DATA / "contracts" / "valid.yaml"])
    (tmp_path / "templates" / "essai").mkdir(parents=True)
    make_template(
        tmp_path / "templates" / "essai" / "convention.docx",
        ["{{ departement.nom_complet }} – {{ service.nme }}"],
        ["{{ association.", "nom }}"],
    )
    result = check_paths([folder / "valid.yaml"])
    found = sorted((f.rule, f.file) for f in result.findings)
    assert [rule for rule, _ in found] == ["template-split-tag", "template-unknown-field"]
    assert all(file.endswith("templates/essai/convention.docx") for _, file in found), found
    # The contract itself is fine; the template's error is reported once, for the template.
    assert result.errors() == 1


def test_a_value_is_required_only_where_a_template_prints_it(tmp_path: Path) -> None:
    folder = tmp_path / "essai"
    shutil.copytree(DATA / "contracts", folder, ignore=shutil.ignore_patterns("broken"))
    departement = folder / "departement.yaml"
    text = departement.read_text("utf-8")
    departement.write_text(
        "\n".join(line for line in text.splitlines() if "tribunal_administratif" not in line)
        + "\n",
        "utf-8",
    )
    found = {(f.file.rsplit("/", 1)[-1], f.path, f.rule) for f in check_paths([folder]).findings}
    # The shipped convention template prints the administrative court (article 14).
    assert ("departement.yaml", "tribunal_administratif", "template-value-missing") in found
    (finding,) = [f for f in check_paths([folder]).findings if f.path == "tribunal_administratif"]
    assert "imprime « departement.tribunal_administratif »" in finding.message


def test_a_value_tested_first_is_not_required(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx",
        ["{% if association %}{{ association.nom }}{% endif %}"],
        ["{{ departement.tribunal_administratif|defaut('—') }} {{ service.nom }}"],
        ["{{ financement.totaux.etat }} {{ duree.debut.annee }}"],
    )
    report = lint_template(template, ConventionContext)
    assert report.findings == ()
    assert "association.name" in report.fields
    assert report.required == {"service.name", "funding.totals.etat", "term.start.year"}


def test_an_optional_text_left_out_of_the_yaml_is_required_where_printed(tmp_path: Path) -> None:
    # siren is optional in departement.yaml and reads "" when left out: printed unguarded,
    # the document would say « sous le numéro SIREN . », and check said nothing.
    folder = make_project(tmp_path, "essai", [DATA / "contracts" / "valid.yaml"])
    (tmp_path / "templates" / "essai").mkdir(parents=True)
    make_template(
        tmp_path / "templates" / "essai" / "convention.docx",
        ["Le Département est immatriculé sous le numéro SIREN {{ departement.siren }}."],
        ["{% if departement.siren %}SIREN {{ departement.siren }}{% endif %}"],
    )
    findings = check_paths([folder / "valid.yaml"]).findings
    (finding,) = [f for f in findings if f.rule == "template-value-missing"]
    assert finding.file.endswith("departement.yaml")
    assert finding.path == "siren"
    assert "imprime « departement.siren »" in finding.message
    assert finding.hint.startswith("renseignez siren dans departement.yaml")
    # Given, the value is printed and nothing is reported.
    departement = folder / "departement.yaml"
    departement.write_text(
        departement.read_text("utf-8") + 'siren: "222200014"\n', encoding="utf-8"
    )
    assert not [
        f for f in check_paths([folder / "valid.yaml"]).findings if f.severity.name == "ERROR"
    ]


def _communes_table(path: Path, first: str, last: str) -> Path:
    """A template whose table repeats a row per commune between ``first`` and ``last``."""
    document = docx.Document()
    document.add_paragraph("Article 4 – Financement")
    table = document.add_table(rows=4, cols=2)
    rows = [
        ("Commune", "Montant"),
        (first, ""),
        ("{{ ligne.commune.nom }}", "{{ ligne.montant|montant }}"),
        (last, ""),
    ]
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(str(path))
    return path


def test_a_table_row_loop_typed_with_plain_tags_is_an_error(tmp_path: Path) -> None:
    # {% for %} in one cell and {% endfor %} in another: docxtpl repeats the XML between
    # them, cell ends included; the table came out with an empty row after each commune
    # and check said nothing.
    folder = make_project(tmp_path, "essai", [DATA / "contracts" / "valid.yaml"])
    template = tmp_path / "templates" / "essai" / "convention.docx"
    template.parent.mkdir(parents=True)
    loop = "for ligne in repartition_dotation.par_commune"
    _communes_table(template, f"{{% {loop} %}}", "{% endfor %}")
    (finding,) = [
        f for f in check_paths([folder / "valid.yaml"]).findings if f.file.endswith(".docx")
    ]
    assert (finding.rule, finding.severity) == ("template-syntax", Severity.ERROR)
    assert finding.message.startswith(
        f"la balise « {{% {loop} %}} » et sa fin « {{% endfor %}} » ne sont pas dans la "
        "même case d'un tableau"
    )
    assert f"tapez {{%tr {loop} %}} seul dans la ligne du dessus" in finding.hint
    # build refuses it too, as check does.
    from docgen.commands.build import build

    build([folder / "valid.yaml"], tmp_path / "build", jobs=1)
    assert not list((tmp_path / "build").rglob("*.docx"))
    # Typed as the hint says, the row is repeated once per commune, nothing else.
    _communes_table(template, f"{{%tr {loop} %}}", "{%tr endfor %}")
    assert not [
        f for f in check_paths([folder / "valid.yaml"]).findings if f.file.endswith(".docx")
    ]
    build([folder / "valid.yaml"], tmp_path / "build", jobs=1)
    (produced,) = (tmp_path / "build").rglob("*convention.docx")
    (table,) = docx.Document(str(produced)).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert [row[0] for row in rows] == ["Commune", "Arras", "Achicourt"]
    assert all(row[1].endswith("\u00a0€") for row in rows[1:])


def test_a_fault_far_into_a_long_paragraph_is_shown_with_the_words_around_it(
    tmp_path: Path,
) -> None:
    # The excerpt stopped after 90 characters: the misspelt filter, or the « typed in a
    # tag, was not in it.
    start = "Pour {{ financement.annee }}, la dotation s'élève à "
    long = start + "{{ financement.dotation|montant_en_lettres }} ({{ financement.dotation|"
    for tag, shown in [
        ("montnat }}).", "({{ financement.dotation|montnat }})."),
        ("montant(«centimes») }}).", "|montant(«centimes») }})."),
    ]:
        template = make_template(tmp_path / "t.docx", [long + tag])
        (finding,) = lint_template(template, ConventionContext).findings
        excerpt = finding.message.split("dans le paragraphe « ", 1)[1]
        assert excerpt.startswith("…") and shown in excerpt, finding.message
