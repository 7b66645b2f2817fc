"""The avenant a budget vote adds, written as YAML text at the end of its convention's file.

Appended as text, so nothing a user wrote (comments, order, quotes) moves: the file's old
bytes are an exact prefix of the new ones (unless its last line had no line break, or it
ends with a ``...`` marker, which stays last).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from docgen.core.errors import UsageError
from docgen.core.findings import display_path
from docgen.kinds import acts
from docgen.kinds.convention import keys as K
from docgen.kinds.convention.model import Avenant, Convention

_BOM = "\ufeff"


def append_avenant(
    raw: bytes, avenant: Avenant, path: Path, *, parties: Convention | None = None
) -> bytes:
    """The file with ``avenant`` added at the end of its ``avenants:`` list; with
    ``parties`` (the convention it amends), the habilitations each party must give before
    signing, left empty (~) for the user to fill.

    The file keeps its own form: its byte order mark, its line endings (CRLF stays CRLF),
    a last line without line break stays without one, and a YAML document end marker
    (``...``) stays the end of the document, after the avenant."""
    text = raw.decode("utf-8")
    bom = text.startswith(_BOM)
    text = text.removeprefix(_BOM)
    newline = "\r\n" if "\r\n" in text else "\n"
    final_newline = text.endswith(("\n", "\r")) or not text
    lines = text.splitlines()
    end = _document_end(lines)
    lines, tail = lines[:end], lines[end:]
    top_keys = [(i, line.split(":", 1)[0]) for i, line in enumerate(lines) if _is_top_key(line)]
    if top_keys and top_keys[-1][1] == K.AVENANTS:
        index = top_keys[-1][0]
        if lines[index].split(":", 1)[1].strip() in ("", "[]", "~", "null"):
            lines[index] = f"{K.AVENANTS}:"
        else:
            raise UsageError(
                f"{display_path(path)} : la liste « avenants » est écrite sur une ligne",
                "écrivez-la en liste YAML (une ligne « - numero: … » par avenant)",
            )
    elif any(key == K.AVENANTS for _, key in top_keys):
        raise UsageError(
            f"{display_path(path)} : la clé « avenants » doit être la dernière du fichier",
            "déplacez la liste des avenants à la fin du fichier, puis relancez",
        )
    else:
        lines.append(f"{K.AVENANTS}:")
    while lines and lines[-1].strip() == "" and lines[-1] != f"{K.AVENANTS}:":
        lines.pop()
    added = _avenant_lines(avenant) + (_habilitation_lines(parties) if parties else [])
    out = newline.join(lines + added + tail) + (newline if final_newline else "")
    return ((_BOM if bom else "") + out).encode("utf-8")


def _document_end(lines: list[str]) -> int:
    """Where the document ends: the index of a last ``...`` marker followed only by blank
    lines and comments, or the number of lines when there is none."""
    for index in range(len(lines) - 1, -1, -1):
        stripped = lines[index].strip()
        if lines[index].rstrip() == "..." or lines[index].startswith("... #"):
            return index
        if stripped and not stripped.startswith("#"):
            break
    return len(lines)


APPLY_RULE = "budget-apply"


def _is_top_key(line: str) -> bool:
    return bool(line) and not line[0].isspace() and not line.startswith(("#", "-")) and ":" in line


def _avenant_lines(avenant: Avenant) -> list[str]:
    """The avenant as the juriste would write it at the end of ``avenants:`` (the keys are
    the convention's: docgen.kinds.convention.keys)."""
    assert avenant.dotation is not None
    dotation = avenant.dotation
    sig, auth = avenant.signature, avenant.authorisation
    lines = [
        f"  - {K.NUMBER}: {avenant.number}",
        f"    {K.SUBJECT}: {_quote(avenant.subject)}",
        f"    {K.BUDGET}: {_quote(avenant.budget or '')}",
    ]
    vote = avenant.budget_vote
    if vote is not None:
        lines += [
            f"    {K.BUDGET_VOTE}:",
            f"      {K.ASSEMBLY}: {vote.assembly}",
            f"      {K.DATE}: {vote.date.isoformat()}",
        ]
        lines += [f"      {K.NUMBER}: {_quote(vote.number)}"] if vote.number else []
        lines += [f"      {K.SUBJECT}: {_quote(vote.subject)}"] if vote.subject else []
    lines += [
        f"    {K.AUTHORISATION}:",
        f"      {acts.ASSEMBLY}: {auth.assembly}",
        f"      {acts.DATE}: {_date(auth.date)}",
        f"      {acts.NUMBER}: {_quote(auth.number) if auth.number else '~'}",
        f"    {K.SIGNATURE}:",
        *([f"      {acts.PLACE}: {_quote(sig.place)}"] if sig.place else []),
        f"      {acts.DATE}: {_date(sig.date)}",
        f"      {acts.ORIGINALS}: {sig.originals if sig.originals else '~'}",
        f"    {K.CHANGES}:",
        f"      {K.DOTATION}:",
        f"        {K.YEAR}: {dotation.year}",
        f"        {K.AMOUNT}: {dotation.amount}",
    ]
    if dotation.rate is not None:
        lines.append(f"        {K.RATE}: {dotation.rate}")
    if dotation.new_measures is not None:
        lines.append(f"        {K.NEW_MEASURES}: {dotation.new_measures}")
    return lines


def _habilitation_lines(convention: Convention) -> list[str]:
    """Each party's own deliberation authorising the avenant: to fill before signing."""
    if convention.association is None and not convention.communes and not convention.parties:
        return []
    lines = [f"    {K.HABILITATIONS}:  # délibération de chaque partie autorisant CET avenant"]
    if convention.association is not None:
        lines.append(f"      {K.ASSOCIATION}: ~")
    if convention.communes:
        lines.append(f"      {K.COMMUNES}:")
        lines += [f"        {_quote(c.insee or str(c.name))}: ~" for c in convention.communes]
    if convention.parties:
        lines.append(f"      {K.PARTIES}:")
        lines += [f"        {_quote(p.key)}: ~" for p in convention.parties]
    return lines


def _quote(text: str) -> str:
    # JSON strings are valid double-quoted YAML scalars: nothing in them can be misread.
    return json.dumps(text, ensure_ascii=False)


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else "~"
