"""Fill a Word template (docxtpl) safely and make its text typographically French.

Shared by every kind of document. Templates run in a sandbox with autoescape (a value
"Dupont & Fils <SARL>" comes out intact) and StrictUndefined (a misspelt tag fails
instead of printing nothing).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from docgen.core import french as fr
from docgen.core.blank import tolerant
from docgen.core.errors import ResourceError


class _Environment(SandboxedEnvironment):
    """docxtpl calls from_string on every part at every render, and compiling is most of a
    render's time: each distinct XML source is compiled once per process."""

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        # Blank-tolerant: a projet type prints « …… € » where a service's amount goes.
        self.filters.update({name: tolerant(name, f) for name, f in fr.FILTERS.items()})

    def from_string(
        self,
        source: str | nodes.Template,
        globals: MutableMapping[str, Any] | None = None,
        template_class: type[jinja2.Template] | None = None,
    ) -> jinja2.Template:
        if globals is None and template_class is None and isinstance(source, str):
            return _compiled(source)
        return super().from_string(source, globals, template_class)


@lru_cache(maxsize=64)
def _compiled(source: str) -> jinja2.Template:
    return SandboxedEnvironment.from_string(_ENV, source)


_ENV = _Environment()


@lru_cache(maxsize=16)
def _template_bytes(path: Path, mtime_ns: int, size: int) -> bytes:
    # Keyed by mtime and size so that a template edited while docgen runs is read again.
    return path.read_bytes()


def _french(text: str) -> str:
    # YAML values are typed with ' and plain spaces; the template's own text is already right.
    return fr.typography(text.replace("'", "’")).replace("n° ", "n°\u00a0")


def typeset(document: Any) -> None:
    text_parts = ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml")
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.content_type.endswith(text_parts):
            continue
        for node in element.iter(qn("w:t")):
            if node.text:
                node.text = _french(node.text)


def render_docx(template: Path, context: dict[str, object]) -> bytes:
    """The filled template as .docx bytes, its text typeset in French."""
    try:
        stat = template.stat()
        data = _template_bytes(template.resolve(), stat.st_mtime_ns, stat.st_size)
        document = DocxTemplate(io.BytesIO(data))
        document.render(context, jinja_env=_ENV, autoescape=True)
    except (OSError, zipfile.BadZipFile, PackageNotFoundError) as error:
        raise ResourceError(
            f"modèle illisible : {template} ({error})", "régénérez-le ou rouvrez-le dans Word"
        ) from error
    except (jinja2.TemplateError, TypeError, ValueError) as error:
        # A filter given the wrong value (« {{ service.name|amount }} ») is a template slip too.
        raise ResourceError(
            f"le modèle {template} ne peut pas être rempli : {error}",
            "vérifiez ses balises {{ … }} : les noms admis sont dans le README",
        ) from error
    typeset(document.docx)
    out = io.BytesIO()
    document.docx.save(out)
    return out.getvalue()
