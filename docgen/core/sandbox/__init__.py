"""The sandbox Word templates are filled in: immutable, and bounded in time and size.

A template is code a juriste writes: it must never hang docgen, exhaust its memory or
print Python's insides. On top of Jinja's immutable sandbox (no ``append``, ``update``,
``pop``; no attribute starting with ``_``):

* no ``format``/``format_map`` (nor ``center``, ``ljust``… that pad to any width) on a
  text, no ``%`` formatting, no ``namespace``/``cycler``/``joiner``/``lipsum``, and only
  the Jinja filters that cannot grow a value out of proportion (``FILTERS_KEPT``);
* a tag prints values only — a text, a number, a date, Word XML (RichText): printing a
  function, a class, a module, a list or any other object is refused, and so is handing
  a function to a filter or to ``~`` (which would print its address);
* sizes: ``range`` of at most ``Limits.items`` elements, ``'a' * n``, ``[x] * n``, ``+``
  and ``~`` give at most ``Limits.text`` characters (``items`` elements), ``**`` and
  ``*`` on integers at most ``Limits.bits`` bits, a function given a number larger than
  ``Limits.text`` (a width) is refused, and each part of a document renders to at most
  ``Limits.output`` characters;
* time: every document has a deadline (``Limits.seconds``, 5 s unless its Département
  says otherwise), checked by the hooks every tag goes through — each ``{{ }}``, each
  ``{% if %}`` and ``{% set %}``, each turn of each ``{% for %}`` loop, each call,
  attribute, item, operator and filter, each piece of output — so that any long loop
  hits it, in any thread (no signal: a web server may render from a thread).

A tag past a limit raises ``LimitExceeded`` (what was exceeded, in French, and the tag as
written); a refusal raises ``Refused``. The engine turns both into a finding; the
document is not written.

The hooks know which tag is running because every template is compiled from a tree in
which each tag first records itself (``tags.Bounds``); the rendered text is the same, byte
for byte.

``limited(limits, dry=True)`` is the dry run of ``docgen check``: every name, attribute
or item that does not exist is a ``Placeholder`` standing for any value (true, iterable
once, printing nothing), every filter or call given one gives one, so that each tag runs
once whatever the data and a tag past a limit whatever the data is found before any
document is rendered.

The package, one concept a module, each importing only those before it:

* ``limits``: ``Limits``, the budget of the document being filled, ``limited``,
  ``render``, and the two exceptions;
* ``dry_run``: the ``Placeholder`` of a dry run, and ``risky`` (which templates need one);
* ``measures``: what a tag may print, and how large what it builds may grow;
* ``tags``: the tree in which each tag records itself, and its text for messages;
* ``filters``: the filters kept, bounded, and the hooks the compiled tags call;
* ``environment``: ``Sandbox``, Jinja's immutable sandbox with those checks.
"""

from docgen.core.sandbox.dry_run import PLACEHOLDER, Placeholder, risky
from docgen.core.sandbox.environment import Sandbox
from docgen.core.sandbox.filters import FILTERS_KEPT, bound_filters
from docgen.core.sandbox.limits import DEFAULT, LimitExceeded, Limits, Refused, limited, render

__all__ = [
    "DEFAULT",
    "FILTERS_KEPT",
    "PLACEHOLDER",
    "LimitExceeded",
    "Limits",
    "Placeholder",
    "Refused",
    "Sandbox",
    "bound_filters",
    "limited",
    "render",
    "risky",
]
