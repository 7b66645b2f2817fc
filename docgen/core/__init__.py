"""docgen's ground floor: what every kind of document builds on.

YAML sources with their lines (``source``), blanks left from a model (``blanks``), JSON
Schema findings (``schema``), findings as values (``findings``), French formatting
(``french``), the Word template engine (``engine``), atomic deterministic writes
(``write``), PDF (``pdf``), and where the shipped schemas and templates are
(``resources``). Nothing here imports from above ``docgen.core``.
"""
