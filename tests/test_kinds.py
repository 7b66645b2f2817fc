"""Adding a kind is one folder plus one registry line: a toy kind declared under tests/
(a notification letter to each commune) gets check, build, template lint and its rows in
the reference tables without any change to docgen."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import docx
import pytest

from docgen.commands.build import build
from docgen.commands.check import check
from docgen.commands.reference import fields_table, rule_ids, rules_table
from docgen.core.kind import Registry, RegistryError
from docgen.registry import DEFAULT_KINDS

from . import toy_kind
from .conftest import CONTRACTS

REGISTRY = Registry((*DEFAULT_KINDS, toy_kind.KIND))  # the one registry line


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / "contracts" / "pas-de-calais"
    shutil.copytree(CONTRACTS / "pas-de-calais", folder)
    letters = folder / "notifications"
    letters.mkdir()
    (letters / "alaj.yaml").write_text(
        "convention: alaj\ndate: 2024-02-01\nobjet: Notification de la convention\n", "utf-8"
    )
    return folder


def test_check_reads_validates_and_applies_the_new_kinds_rules(repo: Path) -> None:
    assert check([repo], registry=REGISTRY).findings == []
    late = repo / "notifications" / "trop-tot.yaml"
    late.write_text("convention: elp\ndate: 2023-12-01\nobjet: Notification\n", "utf-8")
    typo = repo / "notifications" / "faute.yaml"
    typo.write_text("convention: elp\ndate: 2024-02-01\nobjt: Notification\n", "utf-8")
    findings = check([repo], registry=REGISTRY).findings
    found = sorted((f.file.rsplit("/", 1)[-1], f.line, f.rule) for f in findings)
    assert found == [
        ("faute.yaml", 3, "unknown-key"),  # « objet » misspelt: one finding, not two
        ("trop-tot.yaml", 2, "notification-date"),
    ]


def test_without_its_registry_line_the_folder_is_read_as_conventions(repo: Path) -> None:
    rules = {f.rule for f in check([repo / "notifications"]).findings}
    assert "required-field" in rules  # a letter is not a valid convention


def test_build_renders_one_letter_per_commune(repo: Path, tmp_path: Path) -> None:
    result = build([repo], tmp_path / "out", registry=REGISTRY)
    assert result.findings == []
    letter = tmp_path / "out" / "pas-de-calais" / "pas-de-calais_alaj_notification-62318.docx"
    text = "\n".join(p.text for p in docx.Document(str(letter)).paragraphs)
    assert "La Maire de la Commune d’Étaples" in text
    assert "Le 1er\u00a0février\u00a02024" in text  # a date never breaks across lines
    assert "«\u202fALAJ\u202f»" in text
    assert "pour 5\u00a0% de la dotation" in text


def test_the_template_is_linted_against_its_typed_context(repo: Path, tmp_path: Path) -> None:
    folder = tmp_path / "toy"
    folder.mkdir()
    document = docx.Document()
    document.add_paragraph("{{ commune.nomm }} {{ date|date_longue }}")
    document.save(str(folder / "notification.docx"))
    template = dataclasses.replace(toy_kind.TEMPLATE, folder=folder)
    kind = dataclasses.replace(toy_kind.KIND, templates=(template,))
    registry = Registry((*DEFAULT_KINDS, kind))
    findings = [f for f in check([repo], registry=registry).findings]
    (finding,) = findings
    assert finding.rule == "template-unknown-field"
    assert finding.message.startswith(
        "la balise « commune.nomm » ne correspond à aucun champ (« nomm » est inconnu) : "
        "vouliez-vous dire « commune.nom » ?"
    )


def test_its_rules_and_fields_reach_the_reference_tables() -> None:
    assert "notification-date" in rule_ids(REGISTRY)
    assert "| `notification-date` | une lettre de notification | erreur |" in rules_table(REGISTRY)
    table = fields_table(REGISTRY, "notification")
    assert "| `commune.nom` | communes[] de la convention.nom |" in table
    assert "| `maire.personne.nom_complet` |" in table


def test_two_kinds_or_rules_with_one_name_are_refused() -> None:
    with pytest.raises(RegistryError):
        Registry((*DEFAULT_KINDS, DEFAULT_KINDS[1]))
