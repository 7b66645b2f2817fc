"""Templates are checked like contracts: unknown fields, tags split by Word, bad syntax."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

from docgen.core.findings import Severity
from docgen.core.lint import lint_template

from .conftest import DATA, TEMPLATES
from .helpers import FIELD_SOURCES, check_paths, make_project


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
    template = make_template(tmp_path / "t.docx", ["Service « {{ service.name }} »"])
    report = lint_template(template, frozenset(FIELD_SOURCES))
    assert report.findings == ()
    assert report.fields == {"service.name"}


def test_a_tag_split_by_word_is_reported_with_its_paragraph(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["Le service {{ service.", "name }} intervient."])
    (finding,) = lint_template(template, frozenset(FIELD_SOURCES)).findings
    assert finding.rule == "template-split-tag"
    assert finding.severity is Severity.WARNING
    assert finding.file.endswith("t.docx")
    assert "{{ service.name }}" in finding.message
    assert "« Le service {{ service.name }} intervient. »" in finding.message


def test_a_tag_naming_no_field(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["{{ service.nom }} et {{ association.name }}"])
    (finding,) = lint_template(template, frozenset(FIELD_SOURCES)).findings
    assert (finding.rule, finding.severity) == ("template-unknown-field", Severity.ERROR)
    assert "« service.nom »" in finding.message


def test_broken_syntax(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["{% for c in communes %}{{ c.name }}"])
    rules = [f.rule for f in lint_template(template, frozenset(FIELD_SOURCES)).findings]
    assert rules == ["template-syntax"]


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
        ["{{ departement.full_name }} – {{ service.nme }}"],
        ["{{ association.", "name }}"],
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
    assert "imprime « departement.court »" in finding.message


def test_a_value_tested_first_is_not_required(tmp_path: Path) -> None:
    template = make_template(
        tmp_path / "t.docx",
        ["{% if association %}{{ association.name }}{% endif %}"],
        ["{{ departement.court|default('—') }} {{ service.name }}"],
        ["{{ funding.totals.etat }} {{ term.start.year }}"],
    )
    report = lint_template(template, frozenset(FIELD_SOURCES))
    assert report.findings == ()
    assert "association.name" in report.fields
    assert report.required == {"service.name", "funding.totals.etat", "term.start.year"}
