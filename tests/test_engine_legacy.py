"""docgen's former rendering path, kept verbatim to check the engine against it (no tests here).

``render_docx`` as it was: docxtpl's ``DocxTemplate.render`` with the sandboxed
environment, then ``typeset`` over every w:t, then python-docx's save; ``normalize_docx``
as it was: the zip read and written again through ``zipfile``. One rule came after it and
is in both paths: the no-break hyphens of proper names (``fr.no_break_hyphens``, then
``no_break_hyphens_tree``).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Mapping, MutableMapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from docgen.core import french as fr
from docgen.core.docx_zip import _rewrite_core, _w3cdtf
from docgen.core.environment import TemplateEnvironment, environment
from docgen.core.hyphens import no_break_hyphens_tree
from docgen.core.ordinals import superscript_tree


class _Environment(TemplateEnvironment):
    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.filters.update(environment().filters)

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


def _french(text: str) -> str:
    text = fr.no_break_hyphens(fr.typography(text.replace("'", "’")))
    return text.replace("n° ", "n°\u00a0")


def typeset(document: Any) -> None:
    text_parts = ("document.main+xml", "header+xml", "footer+xml", "footnotes+xml")
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is None or not part.content_type.endswith(text_parts):
            continue
        for node in element.iter(qn("w:t")):
            if node.text:
                node.text = _french(node.text)
        superscript_tree(element)
        no_break_hyphens_tree(element)


def render_docx(template: Path, context: Mapping[str, object]) -> bytes:
    document = DocxTemplate(io.BytesIO(template.read_bytes()))
    document.render(dict(context), jinja_env=_ENV, autoescape=True)
    typeset(document.docx)
    out = io.BytesIO()
    document.docx.save(out)
    return out.getvalue()


def normalize_docx(
    data: bytes, *, title: str, subject: str, author: str, created: datetime.datetime
) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zin:
        entries = [(info.filename, zin.read(info)) for info in zin.infolist()]
    entries.sort(key=lambda entry: entry[0] != "[Content_Types].xml")
    properties = {
        "dc:title": title,
        "dc:subject": subject,
        "dc:creator": author,
        "cp:lastModifiedBy": author,
        "cp:revision": "1",
        "dcterms:created": _w3cdtf(created),
        "dcterms:modified": _w3cdtf(created),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name, content in entries:
            if name == "docProps/core.xml":
                content = _rewrite_core(content, properties)
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zout.writestr(info, content, compresslevel=6)
    return out.getvalue()
