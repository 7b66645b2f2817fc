"""The shipped deliberations are the acts as voted.

Deliberation n° 2023-601 of the Commission permanente du Pas-de-Calais (seed 001) and the
Nord's deliberation of 27 June 2022 with its report (seed 002) are rendered from
``contracts/`` and compared with the published acts, section by section (session, title
or object, visas, decision, vote, signature, report) and article by article, word for
word. What is compared, and what may differ, is in ``tests/data/seed_deliberations.yaml``:
the sections and the annexes of each act, the extraction accidents corrected in the seed
text, and the tolerated differences, each with its reason. Typography is not compared
(``normalise``, the one place where texts are made comparable): case and accents, spaces
and punctuation, ordinal suffixes, dates in figures read as the same date in words.

Any other difference fails the test, and so does an article added or removed.
"""

from __future__ import annotations

import re
import shutil
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

from docgen.core.french import date_long
from docgen.kinds.deliberation.model import AnnexKind

from .conftest import CONTRACTS, DATA, ROOT
from .helpers import build_deliberation, inspect_deliberation

SEEDS = DATA / "seed_deliberations.yaml"
_MONTHS = re.compile(r"\b(\d{1,2})/(\d{2})/(\d{4})\b")
_ORDINAL = re.compile(r"\b(\d+)(?:ème|eme|e)\b")
_TOKEN = re.compile(r"[^\W_]+")


@cache
def seeds() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(SEEDS.read_text("utf-8"))
    return data


# ------------------------------------------------------------------- one normalisation


def _date(match: re.Match[str]) -> str:
    import datetime

    day, month, year = (int(g) for g in match.groups())
    return date_long(datetime.date(year, month, day))


def normalise(text: str) -> list[str]:
    """The words of ``text``, typography aside: dates in figures written in words, ordinal
    suffixes alike (« 2ème », « 2e »), no accents, no case, no punctuation."""
    text = _MONTHS.sub(_date, text)
    text = _ORDINAL.sub(r"\1e", text)
    text = unicodedata.normalize("NFD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = []
    for token in _TOKEN.findall(text.casefold()):
        # « L3121 », « 11004OP011 »: letters and digits apart, as the act's « L.3121 ».
        words += re.findall(r"\d+|[^\W\d_]+", token)
    return words


# ------------------------------------------------------------------- the two texts


@dataclass(frozen=True)
class Para:
    """A paragraph: its words, and whether it is an indent (« - … », a bulleted item)."""

    words: tuple[str, ...]
    bullet: bool = False


def _unmarkdown(line: str) -> str:
    line = re.sub(r"<!--.*?-->", " ", line)
    line = re.sub(r"<sup>(.*?)</sup>", r"\1", line)  # « 2<sup>ème</sup> » is « 2ème »
    line = re.sub(r"</?(?:b|p|br ?/?)>", " ", line)
    line = re.sub(r"^\s*#+\s*", "", line)
    return line.replace("**", " ").replace("|", " ")


def seed_paragraphs(name: str) -> list[Para]:
    """The published act: one paragraph per line of the extraction, corrections applied."""
    text = (DATA / seeds()["actes"][name]["seed"]).read_text("utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"[ \t]+", " ", text)
    for correction in seeds()["corrections"]:
        if correction["acte"] == name:
            assert correction["seed"] in text, correction
            text = text.replace(correction["seed"], correction["texte"])
    found = []
    for line in text.splitlines():
        bullet = bool(re.match(r"^\s*-(\s|$)", line))
        words = normalise(_unmarkdown(re.sub(r"^\s*-\s*", "", line) if bullet else line))
        if words:  # a wordless line (an empty indent, the signature's dots) says nothing
            found.append(Para(tuple(words), bullet))
    return found


def docgen_paragraphs(path: Path) -> list[Para]:
    """The rendered act, body paragraphs in reading order (table cells included)."""
    document = docx.Document(str(path))
    found = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            items = [Paragraph(element, document)]
        elif element.tag == qn("w:tbl"):
            items = [Paragraph(p, document) for p in element.iter(qn("w:p"))]
        else:
            continue
        for paragraph in items:
            words = normalise(paragraph.text)
            style = paragraph.style.name if paragraph.style is not None else ""
            if words:
                found.append(Para(tuple(words), "List Bullet" in style))
    return found


# ------------------------------------------------------------------- sections, articles


def sections(name: str, paragraphs: list[Para]) -> dict[str, list[Para]]:
    """The act cut where each section of the data file begins; a section that cannot be
    found is an error of the rendering (an assertion names it)."""
    starts = []
    position = 0
    for section in seeds()["actes"][name]["sections"]:
        marker = tuple(normalise(section["debut"]))
        index = next(
            (
                i
                for i in range(position, len(paragraphs))
                if paragraphs[i].words[: len(marker)] == marker
            ),
            None,
        )
        assert index is not None, f"{name} : section « {section['nom']} » introuvable"
        starts.append((section["nom"], index))
        position = index + 1 if marker else index
    ends = [index for _, index in starts[1:]] + [len(paragraphs)]
    return {nom: paragraphs[start:end] for (nom, start), end in zip(starts, ends, strict=True)}


def articles(name: str, decision: list[Para]) -> tuple[list[Para], list[list[Para]]]:
    """The decision's preamble (« Après en avoir délibéré, DÉCIDE : ») and its articles:
    « Article N » and what follows, or each indent."""
    if seeds()["actes"][name]["articles"] == "tirets":
        return [p for p in decision if not p.bullet], [[p] for p in decision if p.bullet]
    preamble: list[Para] = []
    found: list[list[Para]] = []
    for paragraph in decision:
        if (
            paragraph.words[:1] == ("article",)
            and paragraph.words[1:2]
            and paragraph.words[1].isdigit()
        ):
            found.append([paragraph])
        elif found:
            found[-1].append(paragraph)
        else:
            preamble.append(paragraph)
    return preamble, found


# ------------------------------------------------------------------- differences


@dataclass(frozen=True)
class Difference:
    section: str
    seed: str
    docgen: str
    context: str

    def __str__(self) -> str:
        return f"[{self.section}] {self.seed!r} → {self.docgen!r} (… {self.context} …)"


def differences(section: str, seed: list[Para], ours: list[Para]) -> list[Difference]:
    import difflib

    theirs = [w for p in seed for w in p.words]
    mine = [w for p in ours for w in p.words]
    found = []
    matcher = difflib.SequenceMatcher(None, theirs, mine, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        context = " ".join(theirs[max(0, i1 - 6) : i2 + 6])
        found.append(Difference(section, " ".join(theirs[i1:i2]), " ".join(mine[j1:j2]), context))
    return found


def compare(name: str, rendered: Path) -> tuple[list[Difference], int, int]:
    """The differences between the act and docgen's, and the number of articles of each."""
    theirs = sections(name, seed_paragraphs(name))
    mine = sections(name, docgen_paragraphs(rendered))
    found: list[Difference] = []
    counts = (0, 0)
    for section in theirs:
        if section != "décision":
            found += differences(section, theirs[section], mine[section])
            continue
        seed_preamble, seed_articles = articles(name, theirs[section])
        our_preamble, our_articles = articles(name, mine[section])
        counts = (len(seed_articles), len(our_articles))
        found += differences(section, seed_preamble, our_preamble)
        for seed_article, our_article in zip(seed_articles, our_articles, strict=False):
            found += differences(section, seed_article, our_article)
    return found, *counts


def tolerated(name: str) -> list[dict[str, str]]:
    return [e for e in seeds()["ecarts"] if e["acte"] == name]


def untolerated(name: str, found: list[Difference]) -> tuple[list[Difference], list[Any]]:
    """The differences no entry of ``ecarts`` explains, and the entries nothing used."""
    allowed = tolerated(name)
    used = set()
    left = []
    for difference in found:
        match = next(
            (
                i
                for i, e in enumerate(allowed)
                if e["section"] == difference.section
                and " ".join(normalise(e["seed"])) == difference.seed
                and " ".join(normalise(e["docgen"])) == difference.docgen
            ),
            None,
        )
        if match is None:
            left.append(difference)
        else:
            used.add(match)
    return left, [e for i, e in enumerate(allowed) if i not in used]


# ------------------------------------------------------------------- the acts


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("acts")
    found = {}
    for name, act in seeds()["actes"].items():
        built = build_deliberation(ROOT / act["fichier"], out)
        assert built.findings == []
        found[name] = {w.path.name: w.path for w in built.written}
    return found


@pytest.mark.parametrize("name", list(seeds()["actes"]))
def test_the_deliberation_is_the_act_as_voted(
    name: str, rendered: dict[str, dict[str, Path]]
) -> None:
    found, seed_articles, our_articles = compare(name, rendered[name][f"{name}_deliberation.docx"])
    assert our_articles == seed_articles, f"{our_articles} articles, l'acte en a {seed_articles}"
    left, unused = untolerated(name, found)
    assert left == [], "\n".join(map(str, left))
    assert unused == [], f"écarts admis qui ne se produisent plus : {unused}"


@pytest.mark.parametrize("name", list(seeds()["actes"]))
def test_the_annexes_are_those_of_the_act(name: str, rendered: dict[str, dict[str, Path]]) -> None:
    act = seeds()["actes"][name]
    checked, found = inspect_deliberation(ROOT / act["fichier"])
    assert checked is not None and not found
    got = []
    for annex in checked.annexes:
        entry: dict[str, object] = {"numero": annex.number, "sorte": annex.kind.value}
        if annex.kind in (AnnexKind.CONVENTION, AnnexKind.FINANCIAL):
            (item,) = [checked.covered[i] for i in annex.covered]
            entry["convention"] = item.convention.slug
        got.append(entry)
    assert got == act["annexes"]
    # Each annex docgen produces is a file numbered as the act numbers it; the services
    # supply the others (the Nord's fiches-actions).
    produced = {
        int(m.group(1))
        for file in rendered[name]
        if (m := re.match(rf"{re.escape(name)}_annexe-(\d+)_", file))
    }
    supplied = {a["numero"] for a in act["annexes"] if a["sorte"] == "document"}
    assert produced == {a["numero"] for a in act["annexes"]} - supplied


def test_each_correction_and_each_difference_says_why() -> None:
    for entry in [*seeds()["corrections"], *seeds()["ecarts"]]:
        assert entry["acte"] in seeds()["actes"]
        assert len(entry["raison"]) > 60, entry  # a reason a juriste can check
    for entry in seeds()["ecarts"]:
        assert normalise(entry["seed"]) != normalise(entry["docgen"])


# ------------------------------------------------------------------- the check can fail


def test_the_comparison_sees_an_article_added(tmp_path: Path) -> None:
    """2023-601 with the article that imputed the expense (what docgen printed before):
    the comparison counts three articles where the act has two."""
    folder = tmp_path / "contracts" / "pas-de-calais"
    shutil.copytree(CONTRACTS / "pas-de-calais", folder)
    path = folder / "deliberations" / "2023-601.yaml"
    text = path.read_text("utf-8")
    old = "  - autoriser: conventions\n"
    assert old in text
    path.write_text(text.replace(old, old + "  - imputer: depense\n", 1), "utf-8")
    built = build_deliberation(path, tmp_path / "out")
    assert built.findings == []
    rendered = {w.path.name: w.path for w in built.written}["2023-601_deliberation.docx"]
    _, seed_articles, our_articles = compare("2023-601", rendered)
    assert (seed_articles, our_articles) == (2, 3)


def test_the_comparison_sees_an_article_removed_or_a_changed_word(
    rendered: dict[str, dict[str, Path]],
) -> None:
    theirs = sections("310724", seed_paragraphs("310724"))["décision"]
    mine = sections("310724", docgen_paragraphs(rendered["310724"]["310724_deliberation.docx"]))
    ours = mine["décision"]
    _, seed_articles = articles("310724", theirs)
    _, our_articles = articles("310724", ours)
    assert len(seed_articles) == len(our_articles) == 3
    # The fiches-actions' indent removed, as docgen rendered it before.
    _, fewer = articles("310724", [p for p in ours if "fiches" not in p.words])
    assert len(fewer) == 2
    # « jointes en annexe 2 » for the conventions (annex 2 holds the fiches-actions).
    second = our_articles[1][0]
    words = list(second.words)
    index = words.index("annexes")
    wrong = Para((*words[:index], "annexe", "2", *words[index + 4 :]), True)
    (difference,) = differences("décision", seed_articles[1], [wrong])
    assert difference.seed == "annexes 1 et 4" and difference.docgen == "annexe 2"


def test_normalise_reads_typography_alike() -> None:
    assert normalise("réunion en date du 27/11/2023") == normalise(
        "réunion en date du 27 novembre 2023"
    )
    assert normalise(_unmarkdown("la 2<sup>ème</sup> commission")) == normalise("la 2e commission")
    assert normalise("la 2ème commission") == normalise("la 2e commission")
    assert normalise("DEPARTEMENT DU PAS-DE-CALAIS") == normalise("Département du Pas-de-Calais")
    assert normalise("L.3121-14") == normalise("L3121-14")
    assert normalise("relative") != normalise("relatives")
