"""The form's labels (docgen.web.labels): every key of every shipped schema has a French
label of its own, and a key named alike in two blocks gets the label of its block."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from docgen.web.forms import Field, Form, build_form
from docgen.web.labels import ITEMS, LABELS, LABELS_IN
from docgen.web.schema_node import SchemaNode, shipped_schema

SCHEMAS = ["convention", "departement", "budget", "deliberation"]


def keys(
    node: SchemaNode, block: str = "", seen: frozenset[int] = frozenset()
) -> Iterator[tuple[str, str]]:
    """(block, key) of every field the form can show, nested lists and mappings included."""
    if id(node.raw) in seen:
        return
    seen = seen | {id(node.raw)}
    for key, child in node.properties.items():
        if node.raw.get("properties", {}).get(key, {}).get("title"):
            continue
        yield block, key
        yield from keys(child, key, seen)
    if node.is_array:
        yield from keys(node.items, block, seen)
    if node.additional is not None:
        yield from keys(node.additional, block, seen)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_key_of_a_shipped_schema_has_a_french_label(name: str) -> None:
    unlabelled = {
        key
        for block, key in keys(SchemaNode.of(shipped_schema(name)))
        if key != "$schema" and key not in LABELS and (block, key) not in LABELS_IN
    }
    assert unlabelled == set()


def test_the_departement_s_signing_direction_is_a_name_not_a_number_of_etp() -> None:
    departement = build_form(SchemaNode.of(shipped_schema("departement")), {})
    convention = build_form(SchemaNode.of(shipped_schema("convention")), {})

    def label(form: Form, path: str) -> str:
        found = [n.label for n in form.nodes() if isinstance(n, Field) and n.path == path]
        assert len(found) == 1
        return found[0]

    assert label(departement, "service_signataire.direction") == "Direction"
    assert label(departement, "service_signataire.service") == "Service"
    assert label(convention, "effectifs.direction") == "Direction (ETP)"


def test_a_finding_s_path_is_named_as_the_form_names_its_field() -> None:
    schema = SchemaNode.of(shipped_schema("convention"))
    data = {"communes": [{"nom": "Carvin", "part": "-1"}], "effectifs": {"direction": "1"}}
    form = build_form(schema, data)
    assert form.title_of("communes[0].part") == "Communes › Commune 1 : Carvin › Part (%)"
    assert form.title_of("effectifs.direction") == "Effectifs › Direction (ETP)"
    assert form.title_of("inconnu.cle") == "inconnu.cle"  # not in the form: as it is


def test_a_yes_or_no_field_s_help_speaks_of_oui_not_true() -> None:
    form = build_form(SchemaNode.of(shipped_schema("departement")), {})
    (quorum,) = [n for n in form.nodes() if isinstance(n, Field) and n.path == "quorum"]
    assert [text for _, text in quorum.options] == ["—", "oui", "non"]
    assert quorum.help.startswith("Oui : docgen check vérifie le quorum")
    assert "true" not in quorum.help


def options(name: str, path: str, data: dict[str, object] | None = None) -> list[str]:
    form = build_form(SchemaNode.of(shipped_schema(name)), data or {})
    (found,) = [n for n in form.nodes() if isinstance(n, Field) and n.path == path]
    return [text for _, text in found.options]


def test_a_list_of_choices_shows_french_words_never_none() -> None:
    assert options("deliberation", "signature.mode") == ["—", "manuscrite", "électronique"]
    assert options("convention", "duree.mode") == ["—", "reconduction tacite", "ferme"]


def test_an_article_is_offered_once_with_its_typographic_apostrophe() -> None:
    assert options("departement", "article") == ["—", "du", "de la", "de l’", "des", "de", "d’"]
    # A file that writes it with a straight one keeps it, selected.
    assert "de l'" in options("departement", "article", {"article": "de l'"})


def lists(node: SchemaNode, key: str = "", seen: frozenset[int] = frozenset()) -> Iterator[str]:
    if id(node.raw) in seen:
        return
    seen = seen | {id(node.raw)}
    if node.is_array:
        yield key
        yield from lists(node.items, key, seen)
    for name, child in node.properties.items():
        yield from lists(child, name, seen)
    if node.additional is not None:
        yield from lists(node.additional, key, seen)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_list_names_its_elements(name: str) -> None:
    """« Ajouter un membre présent », « Membre présent 3 », never « Élément 3 »."""
    assert {key for key in lists(SchemaNode.of(shipped_schema(name))) if key not in ITEMS} == set()
