"""The transmission of a deliberation to the contrôle de légalité (@CTES), as JSON.

``docgen deliberation`` writes ``<numéro>_prefecture.json`` beside the documents: what a
télétransmission operator needs to file the act, and the fingerprint of every file, so
that what is sent can be checked against what docgen produced. Deterministic: sorted
keys, no clock, only values from the data and the files.

Fields (French keys, like the YAML):

- ``format`` (``"docgen-controle-legalite"``) and ``version`` (1): this layout;
- ``collectivite``: ``nom`` (« Département du Pas-de-Calais »), ``code_departement``
  (3 characters, « 062 », as in the acknowledgement identifier), ``siren`` (from
  departement.yaml, or null);
- ``acte``: ``nature`` (``code`` 1, ``sigle`` « DE », ``libelle`` « Délibérations »),
  ``numero`` (the internal number: 15 characters at most, letters, digits, - and _),
  ``date`` (of the meeting, AAAA-MM-JJ), ``objet``, ``instance`` (the assembly) and
  ``classification``: ``code`` (« 8.2 ») and ``matieres`` ([8, 2], the CodeMatiere1…5 of
  the @CTES envelope), from the deliberation or else departement.yaml; null when neither
  declares one (add ``classification`` to departement.yaml before transmitting);
- ``transmission``: ``envoi`` and ``publication`` dates when the deliberation states them;
- ``document``: the deliberation itself; ``annexes``: one entry per annex, in order, with
  its ``numero`` and ``titre``. Each has ``docx`` and ``pdf``: ``fichier`` (the name in the
  same folder), ``sha256`` and ``octets``; ``pdf`` is null when built without ``--pdf``
  (@CTES takes PDF: build with ``--pdf``, which makes PDF/A-2b, before transmitting). An
  annex the services supply (``annexes: [{document: …}]``: fiches-actions…) has
  ``fourni: true`` and null ``docx`` and ``pdf``: its file is added by hand when the act is
  transmitted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from docgen.core.digests import sha256
from docgen.kinds.deliberation.model import Checked

FORMAT = "docgen-controle-legalite"
VERSION = 1
NATURE = {"code": 1, "sigle": "DE", "libelle": "Délibérations"}


@dataclass(frozen=True)
class FileEntry:
    name: str
    data: bytes

    def as_json(self) -> dict[str, object]:
        return {"fichier": self.name, "sha256": sha256(self.data), "octets": len(self.data)}


@dataclass(frozen=True)
class Piece:
    """A document sent: the deliberation (``annex`` None) or one of its annexes."""

    title: str
    annex: int | None
    docx: FileEntry
    pdf: FileEntry | None

    def as_json(self) -> dict[str, object]:
        entry: dict[str, object] = {
            "titre": self.title,
            "docx": self.docx.as_json(),
            "pdf": self.pdf.as_json() if self.pdf else None,
        }
        if self.annex is not None:
            entry["numero"] = self.annex
        return entry


@dataclass(frozen=True)
class Supplied:
    """An annex docgen does not produce: a document the services supply."""

    annex: int
    title: str

    def as_json(self) -> dict[str, object]:
        return {
            "numero": self.annex,
            "titre": self.title,
            "fourni": True,
            "docx": None,
            "pdf": None,
        }


def transmission(
    checked: Checked, pieces: list[Piece], supplied: list[Supplied] | None = None
) -> dict[str, object]:
    d, dep = checked.deliberation, checked.departement
    code = d.classification or dep.classification or None
    main = next(p for p in pieces if p.annex is None)
    return {
        "format": FORMAT,
        "version": VERSION,
        "collectivite": {
            "nom": dep.full_name,
            "code_departement": dep.code.rjust(3, "0"),
            "siren": dep.siren or None,
        },
        "acte": {
            "nature": NATURE,
            "numero": d.number,
            "date": d.date.isoformat(),
            "objet": d.subject,
            "instance": d.assembly,
            "classification": {"code": code, "matieres": [int(n) for n in code.split(".")]}
            if code
            else None,
        },
        "transmission": {
            "envoi": d.sent.isoformat() if d.sent else None,
            "publication": d.published.isoformat() if d.published else None,
        },
        "document": main.as_json(),
        "annexes": [
            entry
            for _, entry in sorted(
                [(p.annex, p.as_json()) for p in pieces if p.annex is not None]
                + [(s.annex, s.as_json()) for s in supplied or ()],
                key=lambda pair: pair[0],
            )
        ],
    }


def transmission_json(
    checked: Checked, pieces: list[Piece], supplied: list[Supplied] | None = None
) -> bytes:
    data = transmission(checked, pieces, supplied)
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)
    # A file name that is not UTF-8 (its bytes kept as lone surrogates) becomes a JSON
    # escape (\udce9) that reads back as the same name, rather than a crash.
    return (text + "\n").encode("utf-8", "backslashreplace")
