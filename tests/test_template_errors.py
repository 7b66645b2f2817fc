"""A template that cannot be filled is explained in French, whatever Jinja said in English."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import docx
import jinja2
import pytest
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen.core import french as fr
from docgen.core.environment import environment
from docgen.core.template_errors import explain
from docgen.core.vocabulary import as_mapping, field_names
from docgen.kinds.convention.context import ConventionContext

from .helpers import check_paths, convention_context
from .test_render import VALID

FIELDS = field_names(ConventionContext)
ENGLISH = ("is undefined", "has no attribute", "No filter", "unexpected", "Encountered", "unsafe")


def failure(source: str, context: dict[str, object] | None = None) -> BaseException:
    """What filling ``source`` raises, in an environment like docgen's engine."""
    env = environment()
    with pytest.raises(Exception) as caught:
        env.from_string(source).render(**(context or {}))
    return caught.value


@pytest.fixture(scope="module")
def context() -> dict[str, object]:
    (convention,) = check_paths([VALID]).conventions
    return as_mapping(convention_context(convention))


def french(error: BaseException, **kwargs: object):  # type: ignore[no-untyped-def]
    problem = explain(error, fields=FIELDS, filters=fr.FILTERS, **kwargs)  # type: ignore[arg-type]
    for text in (problem.message, problem.hint, problem.sentence("modele.docx")):
        assert not any(word in text for word in ENGLISH), text
    return problem


def test_undefined_name_is_named_with_the_closest_field() -> None:
    problem = french(failure("{{ cp_x }}"))
    assert problem.kind == "undefined"
    assert problem.message == "« cp_x » n'est pas un champ connu"
    problem = french(failure("{{ servce.name }}"))
    assert "vouliez-vous dire « service » ?" in problem.hint


def test_unknown_attribute_of_a_context_value(context: dict[str, object]) -> None:
    problem = french(failure("{{ service.nme }}", context))
    assert problem.kind == "attribute"
    assert problem.message.startswith("« nme » n'est pas un champ de cette valeur")
    assert "vouliez-vous dire « name » ?" in problem.hint
    assert french(failure("{{ d.x }}", {"d": {}})).message == (
        "« x » n'est pas un champ de cette valeur"
    )


def test_missing_list_element() -> None:
    problem = french(failure("{{ l[3] }}", {"l": []}))
    assert problem.kind == "element"
    assert "{% for" in problem.hint


def test_unknown_filter_suggests_docgens_own() -> None:
    problem = french(failure("{{ x|montnt }}", {"x": Decimal(1)}))
    assert problem.kind == "filter"
    assert problem.message == "le filtre « montnt » n'existe pas"
    assert problem.hint == "vouliez-vous dire « montant » ?"
    # A misspelt English name of an earlier version: the French name is suggested.
    problem = french(failure("{{ x|amout }}", {"x": Decimal(1)}))
    assert problem.hint == "vouliez-vous dire « montant » ?"
    problem = french(failure("{{ x|zzz }}", {"x": Decimal(1)}))
    assert problem.hint.startswith("filtres de docgen : ")
    assert "montant, montant_complet" in problem.hint
    assert french(failure("{{ x is pair }}", {"x": 1})).kind == "test"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{% for c in l %}{{ c }}", "la balise {% for … %} n'est jamais fermée"),
        ("{% endfor %}", "la balise {% endfor %} ne ferme aucun bloc ouvert"),
        ("{% boucle %}", "la balise {% boucle %} n'existe pas"),
        ("{{ x }", "balise mal formée : « } » arrive là où docgen attend autre chose"),
        ("{{ 1 + }}", "balise mal formée : la fin de la balise arrive là où docgen attend"),
        ("{{ x|join_fr(“, ”) }}", "le caractère « “ » n'a pas sa place dans une balise"),
    ],
)
def test_syntax_errors(source: str, message: str) -> None:
    problem = french(failure(source, {"l": [], "x": 1}))
    assert problem.kind == "syntax"
    assert problem.message.startswith(message)


def test_french_quotes_typed_in_a_tag_say_how_to_type_them() -> None:
    # Word in French turns " into « ; the hint spoke of “ ” only.
    for source in ("{{ x|montant(« centimes ») }}", "{{ « x » }}"):
        problem = french(failure(source, {"x": 1}))
        assert problem.message == "le caractère « « » n'a pas sa place dans une balise"
        assert problem.hint.startswith("Word remplace les guillemets droits par « » en tapant")
        assert 'montant("centimes")' in problem.hint and "{{ service.nom }}" in problem.hint


def test_sandbox_refusal() -> None:
    problem = french(failure("{{ ''.__class__.__mro__ }}"))
    assert problem.kind == "sandbox"
    assert problem.message.startswith("accès refusé à « __class__ »")


def test_a_filter_given_the_wrong_value_and_a_call() -> None:
    assert french(failure("{{ x|amount }}", {"x": "abc"})).kind == "value"
    problem = french(failure("{{ x() }}", {"x": "abc"}))
    assert "parenthèses" in problem.hint


def test_a_word_document_names_the_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Premier paragraphe.")
    document.add_paragraph("Montant : {{ x|amout }} au total.")
    path = tmp_path / "modele.docx"
    document.save(str(path))
    template = DocxTemplate(io.BytesIO(path.read_bytes()))
    env = SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)
    with pytest.raises(jinja2.TemplateError) as caught:
        template.render({"x": 1}, jinja_env=env, autoescape=True)
    problem = french(caught.value)
    assert problem.line == "Montant : {{ x|amout }} au total."
    assert problem.sentence("templates/nord/convention.docx") == (
        "le modèle templates/nord/convention.docx ne peut pas être rempli : le filtre "
        "« amout » n'existe pas, dans le paragraphe « Montant : {{ x|amout }} au total. »"
    )
