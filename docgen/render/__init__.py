"""Render step: fill Word templates with the model, in correct French."""

from docgen.core.engine import render_docx
from docgen.render.avenant import avenant_context, render_avenant
from docgen.render.convention import convention_context, render_consolidated, render_convention
from docgen.render.engine import template_for
from docgen.render.fields import AVENANT_FIELDS, FIELD_SOURCES, field_table_markdown
from docgen.render.parties import BLANK

__all__ = [
    "AVENANT_FIELDS",
    "BLANK",
    "FIELD_SOURCES",
    "avenant_context",
    "convention_context",
    "field_table_markdown",
    "render_avenant",
    "render_consolidated",
    "render_convention",
    "render_docx",
    "template_for",
]
