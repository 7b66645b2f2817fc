"""The Jinja environment every Word template is compiled in, rendered or checked.

One environment for the engine (``docgen.core.engine``) and the template lint
(``docgen.core.lint``), so that ``docgen check`` refuses exactly what ``docgen build``
would: the same parser, the same filters, the same names.

It is docgen's sandbox (``docgen.core.sandbox``): immutable, bounded in time and size,
printing values only, with autoescape (a value "Dupont & Fils <SARL>" comes out intact)
and StrictUndefined (a misspelt tag fails instead of printing nothing). It reads the French
names of ``docgen.core.vocabulary`` (``association.nom`` is the association's ``name``)
and keeps the English names of earlier versions working; the filters are docgen's
French ones (``montant``, ``date_longue``…), Jinja's under French names (``majuscules``),
and the English names of both, which the lint reports.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

import jinja2

from docgen.core import french as fr
from docgen.core import sandbox, vocabulary
from docgen.core.blank import tolerant


class TemplateEnvironment(sandbox.Sandbox):
    """The sandbox templates run in, reading French names."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        name, words = vocabulary.attribute(obj, attribute)
        value = super().getattr(obj, name)
        if isinstance(value, enum.Enum):
            # A choice of the YAML (duree.mode) reads as the YAML writes it: printed, or
            # compared ({% if duree.mode == "ferme" %}), never as a Python object.
            value = value.value
        return words.get(value, value) if words and isinstance(value, str) else value


def environment(finalize: Callable[..., Any] | None = None) -> TemplateEnvironment:
    env = TemplateEnvironment(finalize=finalize)
    # Blank-tolerant: a projet type prints « …… € » where a service's amount goes.
    env.filters.update({name: tolerant(apply) for name, apply in fr.FILTERS.items()})
    for jinja_name, french in fr.JINJA_FILTERS.items():
        env.filters[french] = env.filters[jinja_name]
    for english, french in fr.ENGLISH_FILTERS.items():
        env.filters.setdefault(english, env.filters[french])
    # Only the filters that cannot grow a value out of proportion, each bounded.
    sandbox.bound_filters(env)
    return env


def filter_names(env: jinja2.Environment) -> frozenset[str]:
    """The filters a template should name: docgen's French ones and Jinja's French names."""
    del env
    return frozenset(fr.FILTERS) | frozenset(fr.JINJA_FILTERS.values())
