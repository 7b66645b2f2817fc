"""Fill a Word template safely, make its text typographically French, write the .docx.

Shared by every kind of document. A template is read only once ``docgen.core.package``
has checked it (any file is safe to read), and filled in ``docgen.core.sandbox``'s
environment: immutable, bounded in time and size, printing values only, with autoescape
(a value "Dupont & Fils <SARL>" comes out intact) and StrictUndefined (a misspelt tag
fails instead of printing nothing). A template that cannot be read or filled is a
``TemplateFailure`` saying why in French.

API: ``render_document(template, context, properties)`` gives the final .docx (what
``normalize_docx(render_docx(template, context), title=…, subject=…, author=…,
created=…)`` gives, byte for byte, in one pass); ``render_docx`` gives it with the
template's own core properties; ``typeset`` typesets a python-docx document in place.

Why: docxtpl's own render re-opens, re-parses and re-cleans the template for every
document, and zips every document twice; here what does not depend on the values is done
once per template.

The package, one concept a module, each importing only those before it:

* ``typography``: French typesetting of the parts' text, the fixed text once, the values'
  nodes marked;
* ``docxtpl_steps``: what docxtpl's render does to a part's XML after Jinja;
* ``preparation``: a template's parts patched, typeset, marked and compiled, once;
* ``failures``: a template that cannot be filled, explained in French;
* ``rendering``: a prepared template filled for one document, then written as a .docx;
* ``trial``: the dry run of ``docgen check``.

Kept from docxtpl 0.20 (its functions relied upon are named, with their source's digest,
in tests/test_docxtpl_contract.py), or not: the core properties docxtpl renders (author, comments,
identifier, language, subject, title) still go through Jinja (once, at preparation, when
they hold no tag); footnotes are rendered but, as before, not typeset (python-docx gives
them no XML element, so the former pass skipped them), and rendered once where docxtpl
rendered them once per section (a second pass that would run tags found in values);
docxtpl's newline before each ``<w:p``, put there for Jinja's error line numbers and
taken out after rendering, is not added.
"""

from docgen.core.engine.rendering import (
    DocumentProperties,
    body_tree,
    render_document,
    render_docx,
)
from docgen.core.engine.trial import trial
from docgen.core.engine.typography import typeset

__all__ = [
    "DocumentProperties",
    "body_tree",
    "render_document",
    "render_docx",
    "trial",
    "typeset",
]
