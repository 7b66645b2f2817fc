"""Fuzz `docgen check` and `docgen build` with hostile contract files (Hypothesis).

    python scripts/fuzz.py --cases 1000 [--seed 7] [--keep dossier/] [--stop]

Each case is one YAML file written beside a copy of the shipped Pas-de-Calais
departement.yaml (or, one case in ten, a broken departement.yaml beside a valid
convention). The file is either generated (shaped by the convention schema with its
examples, or free: nested mappings and lists, random keys and the schema's real keys;
with hostile values: huge strings, control characters, Unicode, Jinja tags,
``& < >``, numbers, dates, empty, null, booleans, deep nesting; and written with
anchors and aliases, tags, duplicate keys), or a mutation of a real contract from
contracts/pas-de-calais/ (a line changed, deleted, duplicated or moved, a type swapped,
a value nested thousands deep, the file cut short), or a real contract whose names and
clauses hold hostile text the schema accepts, so that the Word templates render it.
Then its bytes may get CRLF line ends, a byte order mark, invalid UTF-8, NUL bytes, or
another encoding, and its name may not be UTF-8.

Both commands run in-process through click's CliRunner. A case fails when either
raises anything but SystemExit, exits with a code outside {0, 1, 2}, prints a
traceback, runs longer than a minute, or writes a .docx that python-docx cannot open.
The last line is the summary, in French; the exit code is 1 when a case failed.
``--keep`` writes each failing file there; ``--stop`` stops at the first failure and
lets Hypothesis shrink it to a minimal reproducer. tests/test_hostile.py runs a few
hundred cases of the same generator in the test suite.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "contracts" / "pas-de-calais"
SCHEMA = ROOT / "docgen" / "schemas" / "convention.schema.json"
EXIT_CODES = {0, 1, 2}
CASE_SECONDS = 60


# --------------------------------------------------------------------------- values


def _schema_keys() -> list[str]:
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(SCHEMA.read_text(encoding="utf-8")))
    return sorted(keys)


SCHEMA_KEYS = _schema_keys()

TRICKY = [
    "{{ x }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{% for x in y %}",
    "{%p if x %}",
    "{{r x }}",
    "{#",
    "}}",
    "{{",
    "Dupont & Fils <SARL>",
    "<w:p><w:r><w:t>x</w:t></w:r></w:p>",
    "]]>",
    "&amp;",
    "null",
    "~",
    "true",
    "NO",
    "yes",
    "01000",
    "1e308",
    "-0",
    "NaN",
    ".inf",
    "0x1F",
    "1_000",
    "312345.678",
    "-5",
    "2024-02-30",
    "2024-01-15T10:00:00Z",
    "2024-1-5",
    "12:30",
    "",
    " ",
    "\t",
    "X ETP",
    "JJ/MM/AAAA",
    "…",
    "à compléter",
    "https://x.fr/a?b=1;c=2",
    "a@b.fr",
    "« »",
    " ; : ! ?",
    "\u202e",
    "\ufeff",
    "\u2028",
    "\u00a0",
    "\U0001f600",
    "Ŀ",
    "ǅ",
    "İ",
    "ß",
    "\u0301",
    "62590\n",
    "a\nb",
    "\\",
    '"',
    "'",
    "#",
    ": ",
    "- ",
    "*a",
    "&a",
    "!x",
    "%",
    "@",
    "`",
    "|",
    ">",
]

REPEATED = ["a", "é", "[", "{", "a@", " ", ";", "«", "http://", "X", ".", "x", "\n", "{{ x }}"]

_text = st.text(
    st.characters(codec=None, exclude_categories=()), max_size=40
)  # any code point, surrogates and controls included
scalars: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(TRICKY),
    _text,
    st.builds(
        lambda s, n: s * n,
        st.sampled_from(REPEATED),
        st.one_of(st.integers(1, 100), st.integers(1, 30_000)),
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.dates().map(str),
    st.booleans(),
    st.none(),
)
keys: st.SearchStrategy[str] = st.one_of(
    st.sampled_from(SCHEMA_KEYS), st.sampled_from(TRICKY), st.text(max_size=12)
)


@dataclass
class Deep:
    """A value inside ``depth`` lists or mappings, written in flow style without recursion."""

    value: Any
    depth: int
    as_list: bool


def _deep(child: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value wrapped in many lists or mappings: past the nesting limit, or near it."""
    depths = st.one_of(st.integers(1, 60), st.integers(60, 5000))
    return st.builds(Deep, child, depths, st.booleans())


trees: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=6),
        _deep(children),
    ),
    max_leaves=25,
)


# How hostile one schema-shaped case is: the percentage of its values drawn hostile.
# Shared, so that every value of a case sees the same level: some cases are valid
# contracts with one odd value, others hostile throughout.
_hostility = st.shared(st.sampled_from([0, 1, 3, 10, 40]), key="hostility")


def _or_hostile(shaped: st.SearchStrategy[Any], hostile: st.SearchStrategy[Any]) -> Any:
    return st.tuples(_hostility, st.integers(0, 99)).flatmap(
        lambda drawn: hostile if drawn[1] < drawn[0] else shaped
    )


def _from_schema(node: dict[str, Any], defs: dict[str, Any], depth: int) -> Any:
    """A strategy for values shaped by a schema node: its examples, or hostile values."""
    if "$ref" in node:
        return _from_schema(defs[node["$ref"].rsplit("/", 1)[1]], defs, depth)
    hostile = trees if depth < 3 else scalars
    types = node.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    if "object" in types and "properties" in node:
        required = set(node.get("required", []))
        mandatory = {k: _from_schema(v, defs, depth + 1) for k, v in node["properties"].items()}
        optional = {k: mandatory.pop(k) for k in list(mandatory) if k not in required}
        return _or_hostile(st.fixed_dictionaries(mandatory, optional=optional), hostile)
    if "array" in types and isinstance(node.get("items"), dict):
        items = _from_schema(node["items"], defs, depth + 1)
        return _or_hostile(st.lists(items, max_size=3), hostile)
    examples = list(node.get("enum", [])) + list(node.get("examples", []))
    if examples:
        return _or_hostile(st.sampled_from(examples), scalars)
    return scalars


def schema_trees() -> st.SearchStrategy[Any]:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return _from_schema(schema, schema.get("$defs", {}), 0)


# --------------------------------------------------------------------------- YAML text

_PLAIN = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 .,'()/-]*")


def _double_quoted(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or 0x7F <= code <= 0x9F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        elif code in (0xFFFE, 0xFFFF, 0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _scalar(value: Any, rng: random.Random, odd: float = 0.0) -> str:
    """``value`` as a YAML scalar in a random style; with probability ``odd``, as is."""
    if value is None:
        return rng.choice(["", "~", "null"])
    if isinstance(value, bool):
        return rng.choice(["true", "false"]) if rng.random() < 0.2 else str(value).lower()
    text = str(value)
    if rng.random() < odd:
        return text  # unquoted whatever it holds: may well break the YAML, a case too
    roll = rng.random()
    if roll < 0.5 and _PLAIN.fullmatch(text) and not text.endswith(" "):
        return text
    if roll < 0.7 and "\n" not in text and "\r" not in text and text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return _double_quoted(text)


class _Emitter:
    """Writes a value as YAML. ``odd`` is the probability of each oddity: an anchor, an
    alias, a tag, a duplicate key, a value left unquoted, a second document."""

    def __init__(self, rng: random.Random, odd: float) -> None:
        self.rng, self.odd = rng, odd
        self.anchors: list[str] = []
        self.lines: list[str] = []

    def decorate(self, text: str) -> str:
        rng = self.rng
        if rng.random() >= self.odd:
            return text
        roll = rng.random()
        if roll < 0.4:
            name = f"a{len(self.anchors)}"
            self.anchors.append(name)
            return f"&{name} {text}"
        if roll < 0.7 and self.anchors:
            return "*" + rng.choice(self.anchors)
        return rng.choice(["!!str ", "!!python/object:os.system ", "!custom ", "! "]) + text

    def flow(self, value: Any) -> str:
        if isinstance(value, Deep):
            if value.as_list:
                return "[" * value.depth + self.flow(value.value) + "]" * value.depth
            return "{k: " * value.depth + self.flow(value.value) + "}" * value.depth
        if isinstance(value, dict):
            items = [f"{self.scalar(k)}: {self.flow(v)}" for k, v in value.items()]
            return "{" + ", ".join(items) + "}"
        if isinstance(value, list):
            return "[" + ", ".join(self.flow(v) for v in value) + "]"
        return self.decorate(self.scalar(value))

    def scalar(self, value: Any) -> str:
        return _scalar(value, self.rng, self.odd)

    def block(self, value: dict[Any, Any] | list[Any], indent: int) -> None:
        rng, pad = self.rng, " " * indent
        entries: list[tuple[str, Any]]
        if isinstance(value, dict):
            entries = [(f"{self.scalar(k)}:", v) for k, v in value.items()]
            if entries and rng.random() < self.odd:
                entries.append(rng.choice(entries))  # a duplicate key
        else:
            entries = [("-", v) for v in value]
        for head, item in entries:
            if rng.random() < 0.03:
                self.lines.append(f"{pad}# {rng.choice(TRICKY)!r}")
            if isinstance(item, dict | list) and item and rng.random() < 0.8:
                self.lines.append(f"{pad}{head}")
                if isinstance(item, list) and head != "-" and rng.random() < 0.5:
                    self.block(item, indent)  # "key:\n- a": a list at the key's indentation
                else:
                    self.block(item, indent + 2)
            elif (
                isinstance(item, str)
                and "\n" in item
                and item.replace("\n", "").isprintable()
                and rng.random() < 0.3
            ):
                self.lines.append(f"{pad}{head} |")
                self.lines.extend(f"{pad}  {line}" for line in item.split("\n"))
            else:
                self.lines.append(f"{pad}{head} {self.flow(item)}")


def emit(value: Any, rng: random.Random) -> str:
    """YAML text for ``value``, in randomly chosen styles, with hostile oddities in some
    cases (most stay clean, so that they reach the checks past the YAML)."""
    emitter = _Emitter(rng, rng.choice([0.0, 0.0, 0.005, 0.02, 0.1]))
    if isinstance(value, dict | list) and value and rng.random() < 0.9:
        emitter.block(value, 0)
    else:
        emitter.lines.append(emitter.flow(value))
    if rng.random() < emitter.odd:
        emitter.lines += ["---", "a: b"]
    return "\n".join(emitter.lines) + "\n"


# --------------------------------------------------------------------------- mutations

_REAL_CONVENTIONS = sorted(p for p in SOURCE.glob("*.yaml") if p.name != "departement.yaml")


def _mutate(text: str, rng: random.Random, hostile: Callable[[], Any]) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        if not lines:
            break
        i = rng.randrange(len(lines))
        line = lines[i]
        op = rng.randrange(11)
        key, colon, value = line.partition(":")
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, line)
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3 and colon:
            lines[i] = f"{key}: {_scalar(hostile(), rng, 0.2)}"
        elif op == 4 and colon and value.strip():
            lines[i] = f"{key}: " + rng.choice(
                ["[a, b]", "{a: b}", "[]", "{}", "", "- x", f"[{value.strip()}]", "|\n  x"]
            )
        elif op == 5:
            lines[i] = " " * rng.randint(1, 3) + line if rng.random() < 0.5 else line.lstrip()
        elif op == 6:
            lines = lines[: i + 1]
            lines[-1] = line[: rng.randint(0, len(line))]
        elif op == 7:
            other = rng.choice(_REAL_CONVENTIONS).read_text(encoding="utf-8").split("\n")
            lines.insert(i, rng.choice(other))
        elif op == 8 and colon:
            emitter = _Emitter(rng, 1.0)
            emitter.anchors.append("x")
            lines[i] = f"{key}: {emitter.decorate(value.strip() or 'x')}"
        elif op == 9 and line.lstrip().startswith("- "):
            lines[i] = line.replace("- ", "", 1)
        elif op == 10 and colon:
            depth = rng.choice([rng.randint(1, 60), rng.randint(60, 5000)])
            if rng.random() < 0.5:
                lines[i] = f"{key}: " + "[" * depth + "x" + "]" * depth
            else:
                lines[i] = f"{key}: " + "{a: " * depth + "x" + "}" * depth
    return "\n".join(lines)


# One-line printable text that the schema may well accept, so that the case reaches the
# rules and the Word templates.
_printable = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=60,
)
renderable: st.SearchStrategy[str] = st.one_of(
    st.sampled_from([t for t in TRICKY if t.strip() and t.isprintable()]),
    _printable,
    st.builds(
        lambda s, n: (s * n)[:500],
        st.sampled_from([r for r in REPEATED if r.strip()]),
        st.integers(1, 500),
    ),
    st.lists(st.sampled_from([*TRICKY[:12], "a", " ", "é"]), min_size=1, max_size=8).map("".join),
)
# Free text where a line break is a paragraph: clauses, and the Département's visas.
paragraphs = st.lists(renderable, min_size=1, max_size=4).map("\n".join)


# Lines of the real files that hold free text: names, places, titles, list items.
_FREE_TEXT = re.compile(
    r"\s*(- )?(nom|prenom|territoire|maison_solidarite|rue|ville|batiment|lieu|libelle|"
    r"pole|direction|service|tribunal_administratif): \S|\s+- [A-Za-zÀ-ÿ]"
)


@st.composite
def _values(draw: st.DrawFn, files: list[Path]) -> str:
    """A real file with some of its values replaced by text the schema may accept."""
    lines = draw(st.sampled_from(files)).read_text(encoding="utf-8").split("\n")
    rng = draw(st.randoms(use_true_random=True))
    candidates = [i for i, line in enumerate(lines) if _FREE_TEXT.match(line)]
    for i in rng.sample(candidates, k=min(len(candidates), rng.randint(1, 4))):
        head = lines[i][: lines[i].index(": ") + 2] if ": " in lines[i] else lines[i][:-1]
        if ": " not in lines[i]:
            head = lines[i][: lines[i].index("- ") + 2]
        lines[i] = head + _double_quoted(draw(renderable))
    if rng.random() < 0.5 and files != [SOURCE / "departement.yaml"]:
        clauses = draw(st.lists(st.tuples(renderable, paragraphs), min_size=1, max_size=3))
        lines.append("clauses:")
        for title, text in clauses:
            lines.append(f"  - titre: {_double_quoted(title)}")
            lines.append(f"    texte: {_double_quoted(text)}")
    if rng.random() < 0.5 and files == [SOURCE / "departement.yaml"]:
        lines.append("visas:")
        lines.extend(f"  - {_double_quoted(visa)}" for visa in draw(st.lists(paragraphs)))
    return "\n".join(lines) + "\n"


@st.composite
def _mutations(draw: st.DrawFn, files: list[Path]) -> str:
    source = draw(st.sampled_from(files)).read_text(encoding="utf-8")
    rng = draw(st.randoms(use_true_random=True))
    return _mutate(source, rng, lambda: draw(scalars))


# --------------------------------------------------------------------------- bytes


def _to_bytes(text: str, rng: random.Random) -> bytes:
    """UTF-8 bytes of ``text``, sometimes mangled: CRLF, BOM, bad bytes, other encodings."""
    if rng.random() < 0.1:
        text = text.replace("\n", "\r\n")
    raw = text.encode("utf-8", "surrogatepass")
    roll = rng.random()
    if roll < 0.05:
        raw = b"\xef\xbb\xbf" + raw
    elif roll < 0.08 and raw:
        at = rng.randrange(len(raw))
        raw = (
            raw[:at]
            + rng.choice([b"\xff", b"\xc3", b"\x00", b"\xe2\x80", b"\xed\xa0\x80"])
            + raw[at:]
        )
    elif roll < 0.1:
        raw = text.encode("utf-16")
    elif roll < 0.12:
        raw = text.encode("latin-1", "replace")
    elif roll < 0.15 and raw:
        raw = raw[: rng.randrange(len(raw))]
    return raw


# File names for the convention: a name that is not UTF-8 (its byte kept by Python as a
# lone surrogate), a line break, spaces, accents, a leading dash.
NAMES = [
    "fuzz.yaml",
    "fuzz.yml",
    "caf\udce9.yaml",
    "ligne\nsaut.yaml",
    "avec espaces.yaml",
    "été.yaml",
    "-x.yaml",
    "\u202egnp.yaml",
]


@dataclass
class Case:
    """One hostile file, its name, and which file of the folder it stands for."""

    raw: bytes
    role: str  # "convention" or "departement"
    how: str  # "schema", "free", "mutation" or "values"
    name: str = "fuzz.yaml"

    def __repr__(self) -> str:
        return (
            f"Case(role={self.role!r}, how={self.how!r}, name={self.name!r}, "
            f"raw={self.raw[:2000]!r})"
        )


@st.composite
def cases(draw: st.DrawFn, names: list[str] = NAMES) -> Case:
    role = draw(st.sampled_from(["convention"] * 9 + ["departement"]))
    how = draw(st.sampled_from(["schema", "schema", "free", "mutation", "mutation", "values"]))
    rng = draw(st.randoms(use_true_random=True))
    files = [SOURCE / "departement.yaml"] if role == "departement" else _REAL_CONVENTIONS
    if how == "mutation":
        text = draw(_mutations(files))
    elif how == "values":
        text = draw(_values(files))
    else:
        tree = draw(schema_trees() if how == "schema" else trees)
        text = emit(tree, rng)
    name = draw(st.sampled_from(names[:1] * 6 + names))
    return Case(_to_bytes(text, rng), role, how, name)


# --------------------------------------------------------------------------- running


class Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expired(signum: int, frame: FrameType | None) -> None:
        raise Timeout(f"toujours en cours après {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    check: int
    build: int
    documents: int


def _invoke(args: list[str]) -> int:
    from click.testing import CliRunner

    from docgen.cli import main

    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"docgen {args[0]} : exception {type(result.exception).__name__}\n"
            + "".join(traceback.format_exception(*result.exc_info))  # type: ignore[misc]
        )
    assert result.exit_code in EXIT_CODES, f"docgen {args[0]} : code de sortie {result.exit_code}"
    assert "Traceback" not in result.output, result.output
    return result.exit_code


def run_case(case: Case, workdir: Path) -> Outcome:
    """Check and build ``case`` in a fresh folder under ``workdir``; raise on any failure."""
    import docx

    folder = workdir / "contrats"
    out = workdir / "sortie"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    folder.mkdir(parents=True)
    if case.role == "departement":
        (folder / "departement.yaml").write_bytes(case.raw)
        shutil.copy(SOURCE / "alaj.yaml", folder / "alaj.yaml")
    else:
        shutil.copy(SOURCE / "departement.yaml", folder / "departement.yaml")
        (folder / case.name).write_bytes(case.raw)
    with time_limit(CASE_SECONDS):
        check = _invoke(["check", str(folder)])
        build = _invoke(["build", str(folder), "-o", str(out)])
        documents = sorted(out.rglob("*.docx"))
        for document in documents:
            docx.Document(str(document))
    if check == 0:
        assert build == 0, "check accepte, build refuse"
    return Outcome(check, build, len(documents))


@dataclass
class Summary:
    cases: int = 0
    exits: dict[str, int] = field(default_factory=dict)
    documents: int = 0
    failures: list[tuple[Case, str]] = field(default_factory=list)
    seconds: float = 0.0

    def line(self) -> str:
        failed = len(self.failures)
        codes = ", ".join(f"{code} : {n}" for code, n in sorted(self.exits.items()))
        return (
            f"fuzz : {self.cases} cas, {failed} échec{'s' if failed > 1 else ''} "
            f"({codes} ; {self.documents} documents Word ouverts) en {self.seconds:.0f} s"
        )


def fuzz(count: int, seed: int | None = None, stop: bool = False, quiet: bool = False) -> Summary:
    summary = Summary()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="docgen-fuzz-") as tmp:
        workdir = Path(tmp)

        @settings(
            max_examples=count,
            database=None,
            deadline=None,
            derandomize=seed is None,
            phases=[Phase.generate, Phase.shrink] if stop else [Phase.generate],
            suppress_health_check=list(HealthCheck),
            print_blob=stop,
        )
        @given(case=cases())
        def one(case: Case) -> None:
            summary.cases += 1
            try:
                outcome = run_case(case, workdir)
            except Exception as exc:  # every failure is counted, not raised
                if stop:
                    raise
                summary.failures.append((case, f"{type(exc).__name__}: {exc}"))
                if not quiet:
                    print(f"ÉCHEC : {case!r}\n  {type(exc).__name__}: {exc}", file=sys.stderr)
                return
            key = f"check {outcome.check}/build {outcome.build}"
            summary.exits[key] = summary.exits.get(key, 0) + 1
            summary.documents += outcome.documents

        if seed is not None:
            from hypothesis import seed as seeded

            one = seeded(seed)(one)
        one()
    summary.seconds = time.perf_counter() - start
    return summary


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Fuzz de docgen check et docgen build.", add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")
    parser.add_argument("--cases", type=int, default=500, help="nombre de cas (500)")
    parser.add_argument("--seed", type=int, default=None, help="graine (par défaut : fixe)")
    parser.add_argument("--keep", type=Path, default=None, help="dossier des cas en échec")
    parser.add_argument(
        "--stop", action="store_true", help="s'arrête au premier échec et le réduit"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    summary = fuzz(args.cases, args.seed, args.stop)
    if args.keep is not None and summary.failures:
        args.keep.mkdir(parents=True, exist_ok=True)
        for index, (case, error) in enumerate(summary.failures):
            (args.keep / f"echec-{index:04d}-{case.role}.yaml").write_bytes(case.raw)
            (args.keep / f"echec-{index:04d}.txt").write_text(error, encoding="utf-8")
    print(summary.line())
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
