"""The avenant a budget vote adds, written as YAML text at the end of its convention's file.

Appended as text, so nothing a user wrote (comments, order, quotes) moves: the file's old
bytes are an exact prefix of the new ones.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from docgen.core.errors import UsageError
from docgen.core.findings import display_path
from docgen.core.workspace import Workspace
from docgen.kinds.budget.plan import BudgetPlan
from docgen.kinds.convention.model import Avenant, Convention


def new_file_texts(workspace: Workspace, plan: BudgetPlan) -> dict[Path, tuple[bytes, bytes]]:
    """For each convention file: (its current bytes, its bytes with the avenant appended)."""
    texts = {}
    for revaluation in plan.revaluations:
        path = revaluation.convention.source
        before = workspace.raw(path)
        avenant, amended = revaluation.avenant, revaluation.amended
        texts[path] = (before, append_avenant(before, avenant, path, parties=amended))
    return texts


def append_avenant(
    raw: bytes, avenant: Avenant, path: Path, *, parties: Convention | None = None
) -> bytes:
    """The file with ``avenant`` added at the end of its ``avenants:`` list; with
    ``parties`` (the convention it amends), the habilitations each party must give before
    signing, left empty (~) for the user to fill."""
    text = raw.decode("utf-8")
    lines = text.splitlines()
    top_keys = [(i, line.split(":", 1)[0]) for i, line in enumerate(lines) if _is_top_key(line)]
    if top_keys and top_keys[-1][1] == "avenants":
        index = top_keys[-1][0]
        if lines[index].split(":", 1)[1].strip() in ("", "[]", "~", "null"):
            lines[index] = "avenants:"
        else:
            raise UsageError(
                f"{display_path(path)} : la liste « avenants » est écrite sur une ligne",
                "écrivez-la en liste YAML (une ligne « - numero: … » par avenant)",
            )
    elif any(key == "avenants" for _, key in top_keys):
        raise UsageError(
            f"{display_path(path)} : la clé « avenants » doit être la dernière du fichier",
            "déplacez la liste des avenants à la fin du fichier, puis relancez",
        )
    else:
        lines.append("avenants:")
    while lines and lines[-1].strip() == "" and lines[-1] != "avenants:":
        lines.pop()
    added = _avenant_lines(avenant) + (_habilitation_lines(parties) if parties else [])
    return ("\n".join(lines + added) + "\n").encode("utf-8")


def _is_top_key(line: str) -> bool:
    return bool(line) and not line[0].isspace() and not line.startswith(("#", "-")) and ":" in line


def _avenant_lines(avenant: Avenant) -> list[str]:
    assert avenant.dotation is not None
    dotation = avenant.dotation
    sig, auth = avenant.signature, avenant.authorisation
    lines = [
        f"  - numero: {avenant.number}",
        f"    objet: {_quote(avenant.subject)}",
        f"    budget: {_quote(avenant.budget or '')}",
    ]
    vote = avenant.budget_vote
    if vote is not None:
        lines += [
            "    vote_budget:",
            f"      instance: {vote.assembly}",
            f"      date: {vote.date.isoformat()}",
        ]
        lines += [f"      numero: {_quote(vote.number)}"] if vote.number else []
        lines += [f"      objet: {_quote(vote.subject)}"] if vote.subject else []
    lines += [
        "    autorisation:",
        f"      instance: {auth.assembly}",
        f"      date: {_date(auth.date)}",
        f"      numero: {_quote(auth.number) if auth.number else '~'}",
        "    signature:",
        f"      lieu: {_quote(sig.place)}",
        f"      date: {_date(sig.date)}",
        f"      exemplaires: {sig.originals if sig.originals else '~'}",
        "    modifications:",
        "      dotation:",
        f"        annee: {dotation.year}",
        f"        montant: {dotation.amount}",
    ]
    if dotation.rate is not None:
        lines.append(f"        taux_evolution: {dotation.rate}")
    if dotation.new_measures is not None:
        lines.append(f"        mesures_nouvelles: {dotation.new_measures}")
    return lines


def _habilitation_lines(convention: Convention) -> list[str]:
    """Each party's own deliberation authorising the avenant: to fill before signing."""
    if convention.association is None and not convention.communes and not convention.parties:
        return []
    lines = ["    habilitations:  # délibération de chaque partie autorisant CET avenant"]
    if convention.association is not None:
        lines.append("      association: ~")
    if convention.communes:
        lines.append("      communes:")
        lines += [f"        {_quote(c.insee or str(c.name))}: ~" for c in convention.communes]
    if convention.parties:
        lines.append("      parties:")
        lines += [f"        {_quote(p.key)}: ~" for p in convention.parties]
    return lines


def _quote(text: str) -> str:
    # JSON strings are valid double-quoted YAML scalars: nothing in them can be misread.
    return json.dumps(text, ensure_ascii=False)


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else "~"
