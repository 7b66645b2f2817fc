"""A template that cannot be filled, explained in French as a ``TemplateFailure``.

Why: whatever stops a rendering — a limit of the sandbox, a refused tag, a misspelt
field, a filter given the wrong value, broken XML — the juriste must read which template,
which tag and what to do, never a Python traceback.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import jinja2

# No stubs for lxml in the dev dependencies; `unused-ignore` keeps mypy quiet once they exist.
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from docgen.core import french as fr
from docgen.core import sandbox
from docgen.core.errors import TemplateFailure
from docgen.core.findings import display_path
from docgen.core.template_errors import explain

RENDER = "template-render"  # the rule of a document that cannot be filled from its template


@contextmanager
def explained(template: Path, context: Mapping[str, object]) -> Iterator[None]:
    """A template that cannot be filled, as a ``TemplateFailure`` saying why in French."""
    shown = display_path(template)

    def failure(message: str, hint: str) -> TemplateFailure:
        return TemplateFailure(message, hint, template=shown, rule=RENDER)

    try:
        yield
    except sandbox.LimitExceeded as error:
        hint = "simplifiez cette balise du modèle (une boucle, un calcul, une répétition)"
        if error.timed:
            hint += " ; pour un modèle très long, la durée admise se règle dans "
            hint += "departement.yaml (limites: rendu_secondes:)"
        raise failure(
            f"le rendu de {shown} a dépassé {error.what}{_at_tag(error.tag)}", hint
        ) from None
    except sandbox.Refused as error:
        raise failure(
            f"le modèle {shown} ne peut pas être rempli : {error.reason}{_at_tag(error.tag)}",
            "un modèle n'imprime que les champs de ses données : corrigez ou retirez la balise",
        ) from None
    except RecursionError:
        raise failure(
            f"le rendu de {shown} a dépassé la profondeur admise des appels (une macro qui "
            "s'appelle elle-même sans fin ?)",
            "corrigez la macro du modèle",
        ) from None
    except MemoryError:
        raise failure(
            f"le rendu de {shown} a dépassé la mémoire disponible",
            "simplifiez le modèle (une boucle, une répétition)",
        ) from None
    except ArithmeticError:
        raise failure(
            f"le modèle {shown} ne peut pas être rempli : un calcul d'une balise est "
            "impossible (division par zéro, nombre hors limites)",
            "corrigez le calcul de la balise",
        ) from None
    except _SLIPS_IN_A_PART as error:
        # A filter given the wrong value (« {{ service.name|amount }} ») is a template slip too,
        # and so is a header that the tags left as broken XML.
        problem = explain(error, fields=context, filters=fr.FILTERS)
        tag = _at_tag(getattr(error, "docgen_tag", ""))
        raise failure(problem.sentence(shown) + tag, problem.hint) from error


# What a tag written wrong raises while it is filled (a filter given the wrong value, a
# field that is not there): a slip of the template's, said in French, not a fault of docgen.
SLIPS: tuple[type[Exception], ...] = (
    jinja2.TemplateError,
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
)


# A header the tags left as broken XML is the template's slip too.
_SLIPS_IN_A_PART: tuple[type[Exception], ...] = (*SLIPS, etree.XMLSyntaxError)


def _at_tag(tag: str) -> str:
    return f", à la balise « {tag} »" if tag else ""
