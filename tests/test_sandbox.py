"""The sandbox templates are filled in (docgen/core/sandbox/), through the engine: it is
immutable, prints values only, and bounds what a tag may build and how long a document
may take; a tag past a limit is a French « template-render » failure naming the tag, and
``engine.trial`` (docgen check's dry run) finds the tags past a limit whatever the data."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from docgen.core import engine, sandbox
from docgen.core.engine import render_docx
from docgen.core.errors import TemplateFailure
from docgen.core.sandbox import Limits
from docgen.core.sandbox.limits import BUDGET, FREE, duration

from .conftest import TEMPLATES


def template(tmp_path: Path, *paragraphs: str, name: str = "modele.docx") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path = tmp_path / name
    document.save(str(path))
    return path


def body_text(data: bytes) -> str:
    import io

    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def failure(path: Path, context: dict[str, object] | None = None, **limits: float) -> str:
    with pytest.raises(TemplateFailure) as raised:
        render_docx(path, context or {}, Limits(**limits) if limits else None)  # type: ignore[arg-type]
    assert raised.value.rule == "template-render"
    assert raised.value.template.endswith("modele.docx")
    return raised.value.message


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("{{ 9**(9**9) }}", "la taille admise d'un nombre (9 ** 387420489"),
        ("{{ (2**5000) * (2**6000) }}", "la taille admise d'un nombre"),
        ("{{ 'a' * 10**10 }}", "la taille admise d'un texte ('a' * 10000000000 : plus de 1"),
        ("{{ [1] * 10**9 }}", "la taille admise d'une liste"),
        ("{{ range(10**9)|list|length }}", "la taille admise d'une liste (range(1000000000)"),
        ("{{ range(10**30)|length }}", "la taille admise d'une liste"),
        (
            "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
            "la taille admise d'une liste (range(100000) : plus de 10\u202f000 éléments)",
        ),
        ("{{ ('ab' * 400000) ~ ('ab' * 400000) }}", "la taille admise d'un texte (~"),
        ("{{ range(10000)|join('x' * 1000) }}", "la taille admise d'un texte (|join"),
        ("{{ ('x' * 1000)|replace('x', 'y' * 1000) }}", "la taille admise d'un texte (|replace"),
        ("{{ ('ab' * 1000).replace('a', 'y' * 1000) }}", "la taille admise d'un texte (replace"),
        ("{{ (1).to_bytes(10**9, 'big') }}", "la taille admise d'un nombre donné à une fonction"),
        (
            "{% macro m(s) %}{{ m(s ~ s) }}{% endmacro %}{{ m('a') }}",
            "la taille admise d'un texte (~",
        ),
    ],
)
def test_a_tag_past_a_size_limit_is_stopped_and_named(tmp_path: Path, tag: str, words: str) -> None:
    path = template(tmp_path, "Avant.", tag, "Après.")
    message = failure(path)
    assert message.startswith(f"le rendu de {path} a dépassé ")
    assert words in message
    assert ", à la balise « {" in message


def test_a_long_loop_stops_at_the_time_limit_in_any_thread(tmp_path: Path) -> None:
    loops = "{% for i in range(10000) %}{% for j in range(10000) %}x{% endfor %}{% endfor %}"
    path = template(tmp_path, loops)
    expected = (
        f"le rendu de {path} a dépassé 0,2 seconde, à la balise « {{% for j in range(10000) %}} »"
    )
    assert failure(path, seconds=0.2) == expected
    # No signal: a web server may render from a thread.
    found: list[str] = []

    def render() -> None:
        try:
            render_docx(path, {}, Limits(seconds=0.2))
        except TemplateFailure as error:
            found.append(error.message)

    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
    assert found == [expected]


def test_the_default_time_limit_is_five_seconds() -> None:
    assert sandbox.DEFAULT.seconds == 5
    assert duration(5) == "5 secondes"
    assert duration(1) == "1 seconde"
    assert duration(2.5) == "2,5 secondes"


def test_a_part_past_its_output_size_is_stopped(tmp_path: Path) -> None:
    path = template(tmp_path, "{% for i in range(100) %}0123456789{% endfor %}")
    assert "0123456789" * 100 in body_text(render_docx(path, {}))
    message = failure(path, output=500)
    assert "la taille admise d'un document (500 caractères pour word/document.xml)" in message


def test_a_macro_calling_itself_for_ever_is_stopped(tmp_path: Path) -> None:
    path = template(tmp_path, "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}")
    assert "la profondeur admise des appels" in failure(path)


def test_a_division_by_zero_is_explained(tmp_path: Path) -> None:
    path = template(tmp_path, "{{ 1 / zero }}")
    assert "un calcul d'une balise est impossible" in failure(path, {"zero": 0})


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("{{ ''.upper }}", "la balise imprime une fonction (upper), et non une valeur"),
        ("{{ range }}", "la balise imprime une fonction (_range)"),
        ("{{ dict }}", "la balise imprime une classe (dict)"),
        ("{{ liste }}", "la balise imprime une liste"),
        ("{{ ''.upper|string }}", "la balise donne une fonction (upper) là où il faut une valeur"),
        ("{{ 'x' ~ ''.upper }}", "la balise imprime une fonction (upper)"),
        ("{{ [''.upper]|join }}", "la balise donne une fonction (upper)"),
        ("{{ {'a': ''.upper}|string }}", "la balise donne une fonction (upper)"),
        ("{{ liste|string }}", "la balise imprime une liste"),
        ("{{ '%s' % 1 }}", "la mise en forme par « % » n'est pas admise"),
    ],
)
def test_a_tag_prints_values_never_python_objects(tmp_path: Path, tag: str, words: str) -> None:
    path = template(tmp_path, tag)
    message = failure(path, {"liste": [1, 2]})
    assert message.startswith(f"le modèle {path} ne peut pas être rempli : {words}")
    assert "0x" not in message  # no address of an object


@pytest.mark.parametrize(
    ("tag", "attribute"),
    [
        ("{{ liste.append(3) }}", "append"),
        ("{{ liste.pop() }}", "pop"),
        ("{{ {'a': 1}.update({'b': 2}) }}", "update"),
        ("{{ ''.format_map }}", "format_map"),
        ("{{ '{0}'.format(liste) }}", "format"),
        ("{{ 'a'.center(10) }}", "center"),
        ("{{ ''.__class__ }}", "__class__"),
    ],
)
def test_the_sandbox_is_immutable(tmp_path: Path, tag: str, attribute: str) -> None:
    path = template(tmp_path, tag)
    message = failure(path, {"liste": [1, 2]})
    assert f"accès refusé à « {attribute} »" in message


@pytest.mark.parametrize("tag", ["{{ namespace }}", "{{ cycler(1) }}", "{{ lipsum() }}"])
def test_jinja_globals_holding_state_are_gone(tmp_path: Path, tag: str) -> None:
    path = template(tmp_path, tag)
    assert "n'est pas un champ connu" in failure(path)


@pytest.mark.parametrize("name", ["center", "format", "indent", "wordwrap", "pprint", "batch"])
def test_jinja_filters_that_grow_a_value_are_gone(tmp_path: Path, name: str) -> None:
    path = template(tmp_path, f"{{{{ 'a'|{name}(1000000000) }}}}")
    assert f"le filtre « {name} » n'existe pas" in failure(path)


def test_what_templates_do_still_works(tmp_path: Path) -> None:
    path = template(
        tmp_path,
        "{{ 2 ** 10 }} {{ 'ab' * 3 }} {{ range(3)|join(', ') }} {{ liste|length }}",
        "{{ 'x' ~ 1 ~ montant }} {{ 10 % 3 }} {{ liste|sum }} {{ ([1, 2] + [3])|length }}",
        "{% for i in liste %}{{ loop.index }}/{{ loop.length }} {% endfor %}",
        "{{ montant|amount }} {{ nom|upper }} {{ nom.upper() }} {{ nom|replace('a', 'o') }}",
    )
    context = {"liste": [1, 2], "montant": Decimal("1234.5"), "nom": "Lens"}
    assert body_text(render_docx(path, context)).splitlines() == [
        "1024 ababab 0, 1, 2 2",
        "x11234.5 1 3 3",
        "1/2 2/2 ",
        "1\u202f234,50\u00a0€ LENS LENS Lens",
    ]


def test_the_dry_run_finds_tags_past_a_limit_whatever_the_data(tmp_path: Path) -> None:
    path = template(
        tmp_path,
        "{% for c in communes %}{% if c.nom %}{{ c.nom }} : {{ 'a' * 10**10 }}{% endif %}",
        "{% endfor %}",
    )
    with pytest.raises(TemplateFailure) as raised:
        engine.trial(path)
    assert raised.value.rule == "template-render"
    assert "la taille admise d'un texte ('a' * 10000000000" in raised.value.message
    assert "à la balise « {{ 'a' * (10 ** 10) }} »" in raised.value.message


@pytest.mark.parametrize(
    "tag",
    [
        "{{ inconnu|amount }}",  # a field the lint names; a filter given a placeholder
        "{{ 'a' * (montant|int) }}",  # a limit only the data can reach: build finds it
        "{% for x in liste %}{{ x.y.z }}{% endfor %}",
        "{{ a b }}",  # the lint says it (template-syntax)
    ],
)
def test_the_dry_run_leaves_what_depends_on_the_data(tmp_path: Path, tag: str) -> None:
    engine.trial(template(tmp_path, tag))


@pytest.mark.parametrize("name", sorted(p.name for p in TEMPLATES.glob("*.docx")))
def test_the_shipped_templates_pass_the_dry_run(name: str) -> None:
    engine.trial(TEMPLATES / name)


def test_limits_of_an_enclosing_rendering_are_kept() -> None:
    outer = Limits(seconds=7)
    with sandbox.limited(outer), sandbox.limited():
        assert BUDGET.get().limits is outer
    assert BUDGET.get() is FREE
