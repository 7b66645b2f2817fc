"""Render step: fill Word templates with the model, in correct French."""

from docgen.render.avenant import AVENANT_FIELDS, avenant_context, render_avenant
from docgen.render.convention import (
    FIELD_SOURCES,
    convention_context,
    field_table_markdown,
    render_consolidated,
    render_convention,
)
from docgen.render.engine import render_docx, template_for
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
