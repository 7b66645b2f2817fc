"""Checking one file: what ``Workspace.entry`` gives (an ``Entry``), and the steps that
make its findings: the file parsed, its blanks and its schema (``validate``), the kind's
rules on its typed model (``rule_findings``), the values its documents' templates print
and the files do not give (``missing_values``, from the file's plan), capped so that a
hostile file cannot flood the terminal."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.core import blanks
from docgen.core.context import missing_all
from docgen.core.findings import Finding, Severity, field_path, printable
from docgen.core.kind import Kind
from docgen.core.lint import TemplateReport, is_known
from docgen.core.plan import Plan
from docgen.core.rules import Rule, finding_at
from docgen.core.schema import schema_findings
from docgen.core.source import (
    Document,
    FieldPath,
    LoadError,
    bidi_findings,
    load_finding,
    parse_document,
    shown,
)
from docgen.core.template import Template
from docgen.core.vocabulary import documented, french_chain

MAX_FINDINGS_PER_FILE = 200  # a hostile file must not flood the terminal, or the memory


@dataclass
class Entry:
    """One file of the run: its kind, its data, its typed model and its findings."""

    path: Path
    kind: Kind[Any]
    digest: str = ""
    doc: Document | None = None
    model: Any = None  # the typed model, when the file could be read (even with findings)
    governor: Path | None = None  # the Département file that governs this one
    findings: list[Finding] = field(default_factory=list)
    # What checking this file read (docgen.core.recorder), its governor's reads included.
    inputs: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def valid(self) -> Any:
        """The typed model if the file has no error (what documents are made from), or None."""
        return None if self.errors else self.model


def validate(
    path: Path, raw: bytes, schema: str | Path | None
) -> tuple[Document | None, list[Finding]]:
    """``raw`` parsed with its lines; its blanks left from a model, its invisible
    direction controls, and what its schema refuses (a blank is not refused twice)."""
    try:
        doc = parse_document(path, raw)
    except LoadError as error:
        return None, [load_finding(path, error)]
    left = list(blanks.blanks(doc.data))
    found = [
        Finding(
            doc.name,
            doc.line_of(where),
            field_path(where),
            "blank-left",
            f"blanc du modèle à remplir : « {shown(_value(doc, where))} »",
            "remplacez-le par la vraie valeur",
        )
        for where, _blank in left
    ]
    found += bidi_findings(doc)
    if schema is not None:
        skip = frozenset(where for where, _ in left)
        found += schema_findings(doc, schema, skip)
    return doc, found


def rule_findings(
    doc: Document, rules: Iterable[Rule[Any]], model: Any, *, for_signature: bool
) -> list[Finding]:
    """The findings of the kind's rules on its typed model."""
    found = []
    for rule in rules:
        assert rule.check is not None
        found += [
            finding_at(doc, violation, rule, for_signature=for_signature)
            for violation in rule.check(model)
        ]
    return found


def missing_values(
    entry: Entry,
    plan: Plan,
    lint: Callable[[Path, Template], TemplateReport],
    governor_doc: Callable[[], Document | None],
) -> list[Finding]:
    """What a template would print of a value the files do not give (it would read
    "None"): a value is required exactly where a template prints it. Read from the
    file's plan: the contexts its documents are rendered from."""
    found: dict[tuple[str, str], Finding] = {}
    for planned in plan.documents:
        if planned.template is None:
            continue
        output, path = planned.document, planned.template.path
        report = lint(path, output.template)
        docs = documented(output.template.context)
        known = frozenset(docs)
        chains = sorted(c for c in report.required if is_known(c, known))
        texts = frozenset(c for c in chains if _yaml_key(docs.get(c, "")))
        for absent in missing_all(output.context, chains, texts):
            chain = french_chain(output.template.context, absent)
            finding = _missing(entry, governor_doc, path, chain, docs.get(absent, ""))
            found.setdefault((finding.file, absent), finding)
    return list(found.values())


_YAML_KEY = re.compile(r"[a-z_]+(\.[a-z_]+)*")


def _yaml_key(text: str) -> bool:
    """The field is a YAML key's own value (« departement.yaml → siren »), not computed:
    "" there is a key left out, never a value docgen chose to print as nothing."""
    return bool(_YAML_KEY.fullmatch(text.split("→", 1)[-1].strip()))


def _missing(
    entry: Entry,
    governor_doc: Callable[[], Document | None],
    template: Path,
    chain: str,
    text: str,
) -> Finding:
    """``chain`` (the template's French name) is printed and has no value: the finding
    names the YAML key to fill, where the documentation of the field says which."""
    doc = entry.doc
    yaml = text
    if "departement.yaml" in text and entry.governor is not None:
        doc = governor_doc()
        yaml = text.split("→", 1)[-1].strip()
    assert doc is not None
    plain = bool(_YAML_KEY.fullmatch(yaml))
    path: FieldPath = tuple(yaml.split(".")) if plain else ()
    name = printable(doc.path.name)
    if plain:
        where, fill = f" (clé {yaml})", f"renseignez {yaml} dans {name}"
    else:
        where, fill = (f" ({yaml})" if yaml else ""), "renseignez-le"
    return Finding(
        doc.name,
        doc.line_of(path),
        yaml if plain else "",
        "template-value-missing",
        f"le modèle {template.name} imprime « {chain} », que {name} ne donne pas{where}",
        f"{fill}, ou, dans le modèle, placez cette balise sous {{% if {chain} %}}…{{% endif %}}",
    )


def capped(found: list[Finding]) -> list[Finding]:
    if len(found) <= MAX_FINDINGS_PER_FILE:
        return found
    kept = found[:MAX_FINDINGS_PER_FILE]
    last = kept[-1]
    return [
        *kept,
        Finding(
            last.file,
            None,
            "",
            "limit-exceeded",
            f"{len(found) - MAX_FINDINGS_PER_FILE} autres anomalies non affichées",
            "corrigez d'abord celles-ci : le fichier est sans doute très abîmé",
        ),
    ]


def _value(doc: Document, where: tuple[str | int, ...]) -> str:
    value = doc.data
    for part in where:
        value = value[part]
    return str(value)
