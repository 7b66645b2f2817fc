"""Render step: fill Word templates with the model, in correct French."""

from docgen.render.convention import (
    FIELD_SOURCES,
    convention_context,
    field_table_markdown,
    render_convention,
)
from docgen.render.engine import render_docx, template_for
from docgen.render.parties import BLANK

__all__ = [
    "BLANK",
    "FIELD_SOURCES",
    "convention_context",
    "field_table_markdown",
    "render_convention",
    "render_docx",
    "template_for",
]
