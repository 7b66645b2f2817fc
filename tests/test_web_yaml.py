"""The form's data written back into YAML (docgen.web.yamledit): only the changed values
change, and every text reads back as docgen reads it."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest

from docgen.core.source import parse_document
from docgen.web.form_actions import apply_action
from docgen.web.form_reading import read_form
from docgen.web.forms import Field, Form, Group, build_form
from docgen.web.schema_node import SchemaNode, shipped_schema
from docgen.web.yamledit import EditRefused, editable, rewrite

from .conftest import CONTRACTS

CONVENTION = CONTRACTS / "pas-de-calais" / "rencontres-et-loisirs.yaml"
SCHEMA = SchemaNode.of(shipped_schema("convention"))


def posted(data: Any, origins: Any = None) -> dict[str, str]:
    """What the browser posts for a form showing ``data``, untouched."""
    return posted_of(build_form(SCHEMA, data, origins))


def posted_of(form: Form) -> dict[str, str]:
    """What the browser posts for ``form``, untouched."""
    out: dict[str, str] = {}
    for node in form.nodes():
        if isinstance(node, Field) and node.widget != "readonly":
            out[node.pointer] = node.value
        elif isinstance(node, Group) and node.kind in ("list", "map") and not node.note:
            out["#" + node.pointer] = "1"
            if node.kind == "map":
                out.update({"@" + c.pointer: "1" for c in node.children})
        elif isinstance(node, Group) and node.kind == "item":
            out["@" + node.pointer] = node.origin
    return out


def edit(raw: bytes, changes: dict[str, str], path: Path = CONVENTION, action: str = "") -> bytes:
    old = parse_document(path, raw).data
    form = posted(old)
    data, origins = read_form(SCHEMA, form, old)
    if action:
        data, _ = apply_action(action, SCHEMA, data, origins)
        form = posted(data, origins)
    form.update(changes)
    data, origins = read_form(SCHEMA, form, old)
    new = rewrite(raw, path, old, data, origins, SCHEMA)
    assert parse_document(path, new).data == data
    return new


def changed(before: bytes, after: bytes) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(
            before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and not line.startswith(("---", "+++"))
    ]


def test_the_form_of_a_file_posted_untouched_gives_its_data_back() -> None:
    raw = CONVENTION.read_bytes()
    old = parse_document(CONVENTION, raw).data
    data, _ = read_form(SCHEMA, posted(old), old)
    assert data == old
    assert edit(raw, {}) == raw


@pytest.mark.parametrize(
    ("pointer", "value", "lines"),
    [
        (
            "/effectifs/travailleurs_sociaux",
            "4",
            ["-  travailleurs_sociaux: 3", "+  travailleurs_sociaux: 4"],
        ),
        ("/communes/0/part", "1,5", ["-    part: 1.25", "+    part: 1.5"]),  # French decimal
        ("/service/nom", "true", ["-  nom: Rencontres et Loisirs", '+  nom: "true"']),
        ("/service/territoire", "2024", ["-  territoire: Oignies", '+  territoire: "2024"']),
        ("/signature/lieu", "2024-01-01", ["-  lieu: Arras", '+  lieu: "2024-01-01"']),
        (
            "/association/adresse/code_postal",
            "01000",
            ['-    code_postal: "62590"', '+    code_postal: "01000"'],
        ),
        ("/signature/date", "2024-02-01", ["-  date: 2024-01-15", "+  date: 2024-02-01"]),
        ("/signature/date", "", ["-  date: 2024-01-15", "+  date: ~"]),
        (
            "/association/nom",
            "Les « Amis » : 2e",
            ["-  nom: Association Rencontres et Loisirs", "+  nom: 'Les « Amis » : 2e'"],
        ),
    ],
)
def test_one_value_changed_changes_one_line_as_docgen_reads_it(
    pointer: str, value: str, lines: list[str]
) -> None:
    raw = CONVENTION.read_bytes()
    assert changed(raw, edit(raw, {pointer: value})) == lines


def test_comments_and_other_values_are_kept_when_an_element_is_removed() -> None:
    raw = CONVENTION.read_bytes()
    after = edit(raw, {}, action="retirer:/communes/1")
    lines = changed(raw, after)
    assert all(line.startswith("-") for line in lines) and len(lines) == 8
    assert "Courrières" not in after.decode() and after.decode().startswith(raw.decode()[:300])


def test_an_element_added_is_written_in_the_file_s_layout() -> None:
    raw = CONVENTION.read_bytes()
    after = edit(
        raw,
        {"/clauses/0/titre": "Clause de revoyure", "/clauses/0/texte": "Ligne 1\r\nLigne 2"},
        action="ajouter:/clauses",
    )
    assert changed(raw, after) == [
        "+clauses:",
        "+  - titre: Clause de revoyure",
        "+    texte: |-",
        "+      Ligne 1",
        "+      Ligne 2",
    ]


def test_a_file_whose_layout_cannot_be_kept_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "convention.yaml"
    raw = b"service:\n  nom: .....\n"  # ruamel.yaml would quote it
    assert editable(raw) is not None
    with pytest.raises(EditRefused):
        rewrite(raw, path, {"service": {"nom": "....."}}, {"service": {"nom": "x"}}, {}, SCHEMA)


def field_at(data: Any, pointer: str) -> Field:
    found = [
        node
        for node in build_form(SCHEMA, data).nodes()
        if isinstance(node, Field) and node.pointer == pointer
    ]
    assert len(found) == 1
    return found[0]


def test_a_date_is_shown_and_typed_the_french_way() -> None:
    raw = CONVENTION.read_bytes()
    date = field_at(parse_document(CONVENTION, raw).data, "/signature/date")
    assert (date.widget, date.value, date.example) == ("date", "15/01/2024", "15/01/2024")
    start = field_at(parse_document(CONVENTION, raw).data, "/duree/debut")
    assert start.help == "Date de début."  # not « (AAAA-MM-JJ) », beside « JJ/MM/AAAA »
    assert changed(raw, edit(raw, {"/signature/date": "1/2/2024"})) == [
        "-  date: 2024-01-15",
        "+  date: 2024-02-01",
    ]
    # A day that does not exist is written as typed, for docgen check to name it.
    assert changed(raw, edit(raw, {"/signature/date": "31/02/2024"}))[-1] == "+  date: 2024-02-31"


def test_the_skeleton_s_date_blank_is_an_empty_field_that_changes_nothing_left_empty() -> None:
    raw = CONVENTION.read_bytes().replace(
        b"deliberation_ca: 2023-11-20", b"deliberation_ca: AAAA-MM-JJ"
    )
    old = parse_document(CONVENTION, raw).data
    assert field_at(old, "/association/deliberation_ca").value == ""
    assert edit(raw, {}) == raw
    assert changed(raw, edit(raw, {"/association/deliberation_ca": "20/11/2023"})) == [
        "-  deliberation_ca: AAAA-MM-JJ",
        "+  deliberation_ca: 2023-11-20",
    ]


DELIBERATION = CONTRACTS / "pas-de-calais" / "deliberations" / "2025-045.yaml"
DELIBERATION_SCHEMA = SchemaNode.of(shipped_schema("deliberation"))


@pytest.mark.parametrize(
    "path", sorted(CONTRACTS.glob("*/deliberations/*.yaml")), ids=lambda p: p.stem
)
def test_a_deliberation_s_short_forms_are_fields_not_values_to_correct(path: Path) -> None:
    """``rapport: 18``, ``conventions: [elp, …]``, ``annexes: [liste, …]`` are what the
    schema admits: fields of the form, never « valeur inattendue : corrigez-la »."""
    raw = path.read_bytes()
    old = parse_document(path, raw).data
    form = build_form(DELIBERATION_SCHEMA, old)
    odd = [
        node.path
        for node in form.nodes()
        if (isinstance(node, Group) and node.note)
        or (isinstance(node, Field) and node.widget == "readonly")
    ]
    assert odd == []
    data, origins = read_form(DELIBERATION_SCHEMA, posted_of(form), old)
    assert data == old
    assert rewrite(raw, path, old, data, origins, DELIBERATION_SCHEMA) == raw


def test_a_deliberation_s_report_number_is_changed_in_its_field() -> None:
    raw = DELIBERATION.read_bytes()
    old = parse_document(DELIBERATION, raw).data
    form = posted_of(build_form(DELIBERATION_SCHEMA, old))
    assert form["/rapport"] == "18"
    data, origins = read_form(DELIBERATION_SCHEMA, {**form, "/rapport": "19"}, old)
    new = rewrite(raw, DELIBERATION, old, data, origins, DELIBERATION_SCHEMA)
    assert changed(raw, new) == ["-rapport: 18", "+rapport: 19"]


DEPARTEMENT = CONTRACTS / "mayotte" / "departement.yaml"
DEPARTEMENT_SCHEMA = SchemaNode.of(shipped_schema("departement"))
RULES = (
    "regles:\n"
    "  commune-departement:\n"
    "    severite: erreur\n"
    "    raison: toutes nos communes sont dans le Département\n"
)


def departement_with_rules() -> tuple[bytes, Any]:
    raw = DEPARTEMENT.read_bytes() + RULES.encode("utf-8")
    return raw, parse_document(DEPARTEMENT, raw).data


def test_a_rule_s_setting_is_a_block_of_fields_not_a_value_to_correct() -> None:
    # Measured: « valeur inattendue (un bloc de champs) : corrigez-la dans le fichier YAML ».
    _, old = departement_with_rules()
    form = build_form(DEPARTEMENT_SCHEMA, old)
    (rules,) = [n for n in form.nodes() if isinstance(n, Group) and n.path == "regles"]
    assert rules.kind == "map" and rules.blocks
    (entry,) = rules.children
    assert isinstance(entry, Group) and entry.label == "commune-departement"
    values = {c.path: c.value for c in entry.children if isinstance(c, Field)}
    assert (
        values.items()
        >= {
            "regles.commune-departement.severite": "erreur",
            "regles.commune-departement.raison": "toutes nos communes sont dans le Département",
        }.items()
    )
    assert all(c.widget != "readonly" for c in entry.children if isinstance(c, Field))
    data, _ = read_form(DEPARTEMENT_SCHEMA, posted_of(form), old)
    assert data == old


def test_a_rule_s_setting_is_changed_added_and_removed_in_the_form() -> None:
    raw, old = departement_with_rules()
    form = posted_of(build_form(DEPARTEMENT_SCHEMA, old))
    reason = "/regles/commune-departement/raison"
    data, origins = read_form(DEPARTEMENT_SCHEMA, {**form, reason: "nos communes"}, old)
    assert data["regles"]["commune-departement"]["raison"] == "nos communes"
    new = rewrite(raw, DEPARTEMENT, old, data, origins, DEPARTEMENT_SCHEMA)
    assert changed(raw, new) == [
        "-    raison: toutes nos communes sont dans le Département",
        "+    raison: nos communes",
    ]
    data, _ = read_form(DEPARTEMENT_SCHEMA, {**form, "+k/regles": "blank-left"}, old)
    assert data["regles"]["blank-left"] == {}  # its fields shown next, with their findings
    emptied = {**form, reason: "", "/regles/commune-departement/severite": ""}
    data, _ = read_form(DEPARTEMENT_SCHEMA, emptied, old)
    assert "commune-departement" not in data.get("regles", {})
