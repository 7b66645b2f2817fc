"""The model convention is reproduced as the Commission permanente adopted it.

Annex 1 of deliberation n° 2023-601 (the projet type, rendered from
``templates/convention.docx``) is compared, word for word, with the model convention of
seed 001 (``tests/data/seed001_model.md``). The only differences allowed are:

- the model's blanks (« X », « ..... », « JJ mois AAAA »…), which each convention fills;
- the values docgen prints (every ``{{ … }}`` of the template): the rendering marks them,
  so a value stands for the words of the model it replaces (the President's name);
- the corrections listed, with their reason, in ``tests/data/seed001_mendings.yaml``.

Words are compared, not typography: case, accents on capitals, punctuation, apostrophes
and no-break spaces are the Imprimerie nationale's business, not the vote's.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from docgen.core.environment import environment
from docgen.core.vocabulary import as_mapping
from docgen.kinds.deliberation.context import annexes_of, heading
from docgen.kinds.deliberation.specimen import specimen_context

from .conftest import CONTRACTS, DATA
from .helpers import inspect_deliberation, template_for

MENDINGS = DATA / "seed001_mendings.yaml"
DELIBERATION = CONTRACTS / "pas-de-calais" / "deliberations" / "2023-601.yaml"
BLANK = "⟦⟧"  # a blank of the model, or a value docgen prints
_TOKEN = re.compile(rf"{BLANK}|[^\W\d_]+|\d+")
_VALUE = re.compile(r"⟦[^⟦⟧]*⟧")


@cache
def mendings() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(MENDINGS.read_text("utf-8"))
    return data


def unmarkdown(text: str) -> str:
    """The seed's markdown removed: comments, <sup>, links, bold, headings, bullets."""
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<sup>(.*?)</sup>", r"\1", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = text.replace("**", "").replace("*", "")
    lines = []
    for line in text.splitlines():
        line = re.sub(r"^\s*#+\s*", "", line)
        line = re.sub(r"^\s*-\s+(o\s+)?", "", line)
        lines.append(line.strip())
    return "\n".join(lines)


def _blank_pattern(phrase: str) -> re.Pattern[str]:
    start = r"\b" if phrase[0].isalnum() else ""
    end = r"\b" if phrase[-1].isalnum() else ""
    return re.compile(start + re.escape(phrase) + end)


def words(text: str) -> list[str]:
    """Lower-case words and numbers; a capital's accent is typography (« À », « État »)."""
    out = []
    for token in _TOKEN.findall(text):
        if token == BLANK:
            out.append(token)
            continue
        plain = "".join(unicodedata.normalize("NFD", c)[0] if c.isupper() else c for c in token)
        out.append(plain.casefold())
    return out


@dataclass
class Seed:
    text: str  # markdown removed, corrections applied, blanks marked
    unused: list[str]  # corrections whose seed text was not found


def seed_text() -> Seed:
    data = mendings()
    text = unmarkdown((MENDINGS.parent / data["modele"]).read_text("utf-8"))
    text = re.sub(r"[ \t]+", " ", text)
    unused = []
    for correction in data["corrections"]:
        if correction["seed"] not in text:
            unused.append(correction["seed"])
        text = text.replace(correction["seed"], correction["texte"])
    for phrase in data["blancs"]:
        text = _blank_pattern(phrase).sub(f" {BLANK} ", text)
    return Seed(text, unused)


def _marking_environment() -> SandboxedEnvironment:
    """docgen's filters, with every printed value wrapped in ⟦ ⟧."""

    def mark(value: object) -> str:
        return f"⟦{value}⟧"

    return environment(finalize=mark)


def _paragraphs(document: Any) -> list[str]:
    """Body paragraphs in reading order, table cells included."""
    texts = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            texts.append(Paragraph(element, document).text)
        elif element.tag == qn("w:tbl"):
            texts += [Paragraph(p, document).text for p in element.iter(qn("w:p"))]
    return texts


@cache
def projet_type_text() -> str:
    """Annex 1 of deliberation n° 2023-601 as docgen renders it, each value marked,
    from the first line of the model (the signing service's pôle) on."""
    checked, found = inspect_deliberation(DELIBERATION)
    assert checked is not None and not found, found
    annex = next(a for a in annexes_of(checked) if a.kind == "convention")
    context = specimen_context(checked, heading(checked, annex))
    template = DocxTemplate(str(template_for(checked.departement)))
    template.render(as_mapping(context), jinja_env=_marking_environment(), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    paragraphs = _paragraphs(docx.Document(io.BytesIO(out.getvalue())))
    pole = checked.departement.signing_service.pole  # type: ignore[union-attr]
    start = next(i for i, text in enumerate(paragraphs) if text.startswith(f"⟦{pole}"))
    return "\n".join(paragraphs[start:])


@dataclass
class Difference:
    model: list[str]  # words of the adopted text
    docgen: list[str]  # words of docgen's projet type
    context: str

    def __str__(self) -> str:
        return f"{' '.join(self.model)!r} → {' '.join(self.docgen)!r} (… {self.context} …)"


@dataclass
class Words:
    """Words to compare, which of them a value printed, and for each gap between words
    (before the first, between two, after the last) whether a blank stands there."""

    words: list[str]
    values: list[bool]
    gaps: list[bool]


def split_blanks(tokens: list[str]) -> Words:
    found: list[str] = []
    gaps = [False]
    for token in tokens:
        if token == BLANK:
            gaps[-1] = True
        else:
            found.append(token)
            gaps.append(False)
    return Words(found, [False] * len(found), gaps)


def split_values(text: str) -> Words:
    """Docgen's text: the words of each ⟦value⟧ are flagged; a value without words (a blank
    « …… » of the projet type) marks its gap."""
    out = Words([], [], [False])
    position = 0
    for match in [*_VALUE.finditer(text), None]:
        static = text[position : match.start() if match else len(text)]
        for word in words(static):
            out.words.append(word)
            out.values.append(False)
            out.gaps.append(False)
        if match is None:
            break
        inside = words(match.group(0)[1:-1])
        if not inside:
            out.gaps[-1] = True
        for word in inside:
            out.words.append(word)
            out.values.append(True)
            out.gaps.append(False)
        position = match.end()
    return out


def differences(model: Words, ours: Words) -> list[Difference]:
    """What differs outside the blanks. Words of the model may give way to a value docgen
    prints (the President's name for « Jean-Claude Leroy », a blank « …… » for « X »);
    docgen may add words where the model has a blank (« Commune X » filled as « Commune
    d'Arras, représentée par … »). Anything else changes the voted text."""
    theirs, mine = model.words, ours.words
    found = []
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        added = [w for w, value in zip(mine[j1:j2], ours.values[j1:j2], strict=True) if not value]
        blank_filled = not added or any(model.gaps[i1 : i2 + 1])
        value = any(ours.values[j1:j2]) or any(ours.gaps[j1 : j2 + 1])
        replaced_by_value = i1 == i2 or value
        if blank_filled and replaced_by_value:
            continue
        context = " ".join(theirs[max(0, i1 - 8) : i2 + 8])
        found.append(Difference(theirs[i1:i2], mine[j1:j2], context))
    return found


def model_words() -> Words:
    return split_blanks(words(seed_text().text))


def docgen_words() -> Words:
    return split_values(projet_type_text())


def test_the_projet_type_is_the_adopted_model_word_for_word() -> None:
    assert seed_text().unused == [], "corrections whose seed text is not in the model"
    found = differences(model_words(), docgen_words())
    assert found == [], "\n".join(map(str, found))


def _edited(ours: Words, index: int, new: list[str]) -> Words:
    return Words(
        [*ours.words[:index], *new, *ours.words[index + 1 :]],
        [*ours.values[:index], *[False] * len(new), *ours.values[index + 1 :]],
        [*ours.gaps[: index + 1], *[False] * len(new), *ours.gaps[index + 2 :]],
    )


def test_the_comparison_sees_a_changed_word() -> None:
    """The check is not vacuous: the silent edits of the old template would each fail it."""
    model, ours = model_words(), docgen_words()
    for old, new in (
        ("assistera", ["aide"]),  # « L'association assistera » → « aide »
        ("sanitaires", ["sanitaire"]),
        ("renvoi", ["destruction"]),  # « Le renvoi doit s'accompagner… » rewritten
        ("ce", ["à", "ce"]),  # « de la dotation globale de ce projet » → « à ce projet »
    ):
        index = ours.words.index(old)
        (difference,) = differences(model, _edited(ours, index, new))
        assert difference.docgen != difference.model
    # « au plus tard 2 ans avant la date de fin d'autorisation » → « deux ans »
    index = next(
        i for i, w in enumerate(ours.words) if ours.words[i : i + 3] == ["2", "ans", "avant"]
    )
    assert differences(model, _edited(ours, index, ["deux"]))


@pytest.mark.parametrize("correction", mendings()["corrections"], ids=lambda c: c["texte"])
def test_each_correction_says_what_and_why(correction: dict[str, str]) -> None:
    assert set(correction) == {"seed", "texte", "raison"}
    assert correction["seed"] != correction["texte"]
    assert len(correction["raison"]) > 40  # a reason a juriste can check


def test_the_model_is_the_seed_as_published() -> None:
    model = (MENDINGS.parent / mendings()["modele"]).read_text("utf-8")
    assert "**Pôle Solidarités**" in model and model.rstrip().endswith("**Prénom NOM**")
    assert "L'association assistera le Département" in model
    assert isinstance(Path(MENDINGS), Path)
