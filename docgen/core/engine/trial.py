"""The dry run of a template (``docgen check``): its tags filled once with placeholders.

Why: a tag past a limit whatever the data must be found before any document is rendered,
and most templates cannot have one; so the tags are looked at first
(``sandbox.risky``) and only a template that could is prepared and filled.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2.exceptions import SecurityError

from docgen.core import sandbox
from docgen.core.engine.failures import RENDER, SLIPS, explained
from docgen.core.engine.preparation import Part, prepared_template
from docgen.core.engine.typography import unescape
from docgen.core.errors import TemplateFailure
from docgen.core.package import Package, open_template


def trial(template: Path, limits: sandbox.Limits | None = None) -> None:
    """Fill each templated part of ``template`` once with placeholders standing for any
    value, within ``limits``: a tag past a limit whatever the data (a loop over a
    constant range, a power, a repetition) is a ``TemplateFailure`` before any document is
    rendered (``docgen check``). What depends on the data, or on a tag's syntax, is left
    to the template lint and to rendering; an unreadable template is a failure too.

    Only a template whose tags could do so (``sandbox.risky``: a call, a macro, ``*``…)
    is prepared and filled: looking at its tags costs far less than preparing it."""
    package = open_template(template)
    if not any(sandbox.risky(_tags(package.read(name))) for name in _templated(package)):
        return
    try:
        with explained(template, {}):
            prepared = prepared_template(template)
    except TemplateFailure as failure:
        if failure.rule == RENDER:
            return  # a tag's syntax: the lint says it
        raise
    with explained(template, {}), sandbox.limited(limits, dry=True):
        for member in prepared.members:
            if not isinstance(member, Part):
                continue
            try:
                sandbox.render(member.template, {}, member.name)
            except _SLIPS_OR_CALCULATIONS as error:
                if isinstance(error, SecurityError):  # refused whatever the data
                    raise
                continue  # not a limit: what the data would give decides


# A calculation on a placeholder (a division by what stands for any value) is no limit.
_SLIPS_OR_CALCULATIONS: tuple[type[Exception], ...] = (*SLIPS, ArithmeticError)

# The parts the engine fills: the body, headers, footers, footnotes, core properties.
_TEMPLATED = (
    "document.main+xml",
    "header+xml",
    "footer+xml",
    "footnotes+xml",
    "core-properties+xml",
)
_XML_TAG = re.compile(r"<[^>]*>")
_DOCXTPL_PREFIX = re.compile(r"\{([{%#])(-?)\s*(?:p|tr|tc|r)\s")


def _templated(package: Package) -> list[str]:
    return [name for name, kind in package.types.items() if kind.endswith(_TEMPLATED)]


def _tags(xml: bytes) -> str:
    """The text of an XML part, tags of Word and docxtpl's prefixes (``{%p``, ``{%tr``…)
    taken out: what Jinja would see of its own tags, near enough to look at them."""
    text = unescape(_XML_TAG.sub("", xml.decode("utf-8")))
    return _DOCXTPL_PREFIX.sub(r"{\1\2 ", text)
