"""JSON Schema findings: one per fact, each naming its own key; patterns anchored the same
way in Python (jsonschema's re.search) and in JavaScript (the YAML language server)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from docgen.core.findings import Finding
from docgen.core.schema import schema_findings
from docgen.core.source import parse_document

from .conftest import DATA, ROOT
from .test_limits import deadline

SCHEMAS = sorted((ROOT / "docgen" / "schemas").glob("*.schema.json"))
VALID = (DATA / "contracts" / "valid.yaml").read_text(encoding="utf-8")
END = r"(?![\s\S])"
# String fields where a line break is text: the rest are one line (names, places, titles).
MULTI_LINE = {
    ("convention", "/properties/clauses/items/properties/texte"),
    ("convention", "/properties/annexes/items/properties/texte"),
    ("deliberation", "/properties/signature/properties/signataire/properties/qualite"),
    ("deliberation", "/properties/visas/items"),
    ("departement", "/properties/visas/items"),
    ("departement", "/properties/regles/additionalProperties/properties/raison"),
}


def findings(text: str, kind: str = "convention") -> list[Finding]:
    doc = parse_document(Path("x.yaml"), text.encode("utf-8"))
    return schema_findings(doc, kind)


def valid_with(old: str, new: str) -> str:
    assert old in VALID
    return VALID.replace(old, new, 1)


def string_fields() -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, JSON pointer, subschema) of every property that may be a string."""
    out: list[tuple[str, str, dict[str, Any]]] = []

    def walk(kind: str, node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            types = node.get("type")
            types = [types] if isinstance(types, str) else types or []
            if "string" in types and "/examples" not in pointer:
                out.append((kind, pointer, node))
            for key, value in node.items():
                walk(kind, value, f"{pointer}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(kind, value, f"{pointer}/{index}")

    for path in SCHEMAS:
        walk(path.name.split(".")[0], json.loads(path.read_text(encoding="utf-8")), "")
    return out


def patterns() -> list[str]:
    return sorted({node["pattern"] for _, _, node in string_fields() if "pattern" in node})


def test_the_shipped_fixture_is_clean() -> None:
    assert findings(VALID) == []


# Measured: a file "a: 1" gave eight findings, all naming « service ».
def test_each_missing_key_is_named_once() -> None:
    found = findings("a: 1\n")
    missing = [f for f in found if f.rule == "required-field"]
    # Only these are required by the schema; the rest only where a template prints them.
    assert [f.path for f in missing] == [
        "duree",
        "autorisation",
    ]
    for finding in missing:
        assert finding.message == f"champ obligatoire manquant : « {finding.path} »"
        assert finding.hint.startswith(f"ajoutez « {finding.path}: … »")
    assert [(f.path, f.rule) for f in found if f.rule != "required-field"] == [("a", "unknown-key")]


def test_missing_keys_in_a_nested_object_are_each_named() -> None:
    text = valid_with("  president:\n    civilite: Madame\n    prenom: Anne\n    nom: Essai\n", "")
    text = text.replace('    code_postal: "01000"\n', "")
    found = findings(text)
    assert sorted((f.path, f.rule) for f in found) == [
        ("association.adresse.code_postal", "required-field"),
        ("association.president", "signatory-missing"),
    ]


def test_each_unknown_key_is_named() -> None:
    found = findings(valid_with("  territoire: Arras\n", "  territoire: Arras\n  x1: 1\n  x2: 2\n"))
    assert [(f.path, f.line, f.message) for f in found] == [
        ("service.x1", 6, "clé inconnue « x1 »"),
        ("service.x2", 7, "clé inconnue « x2 »"),
    ]


def test_a_misspelt_key_is_reported_once() -> None:
    found = findings(valid_with("  territoire: Arras", "  teritoire: Arras"))
    assert [(f.path, f.rule, f.hint) for f in found] == [
        ("service.teritoire", "unknown-key", "vouliez-vous dire « territoire » ?")
    ]


# Measured: a datetime-looking date was reported twice (pattern, then format).
@pytest.mark.parametrize("value", ["2024-01-15 10:00:00", "2024-1-5", "2024-01-15T10:00:00Z"])
def test_a_wrong_date_is_one_finding(value: str) -> None:
    found = findings(valid_with("  date: 2024-01-15", f"  date: {value}"))
    assert [(f.path, f.rule, f.message) for f in found] == [
        ("signature.date", "invalid-value", f"valeur « {value} » invalide")
    ]


def test_an_impossible_date_is_one_finding() -> None:
    found = findings(valid_with("  date: 2024-01-15", "  date: 2024-02-30"))
    assert [(f.path, f.rule) for f in found] == [("signature.date", "invalid-value")]


# Measured: code_postal "62590\n" passed ^[0-9]{5}$ and printed a line break in an address.
@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ('code_postal: "01000"', 'code_postal: "01000\\n"', "association.adresse.code_postal"),
        ('insee: "62041"', 'insee: "62041\\n"', "communes[0].insee"),
        ("dotation: 312345.67", 'dotation: "312345.67\\n"', "financement.dotation"),
        ("  debut: 2024-01-01", '  debut: "2024-01-01\\n"', "duree.debut"),
        ("  nom: Service d'essai", '  nom: "Service\\nd\'essai"', "service.nom"),
        ("  nom: Service d'essai", "  nom: |\n    Service d'essai", "service.nom"),
        ("    ville: Arras", '    ville: "Arras\\r"', "association.adresse.ville"),
        ("    ville: Arras", '    ville: "Arras\\L"', "association.adresse.ville"),
        ("    prenom: Anne", '    prenom: "\\nAnne"', "association.president.prenom"),
        ("  lieu: Arras", '  lieu: "Arras\\n"', "signature.lieu"),
        ("  numero: 2023-601", '  numero: "2023-601\\n"', "autorisation.numero"),
    ],
)
def test_line_breaks_are_refused_in_one_line_fields(old: str, new: str, path: str) -> None:
    (finding,) = findings(valid_with(old, new))
    assert (finding.path, finding.rule) == (path, "invalid-value")
    assert "\n" not in finding.text()


def test_a_line_break_gets_its_own_message() -> None:
    (finding,) = findings(valid_with("  nom: Service d'essai", "  nom: |\n    Service d'essai"))
    assert (
        finding.message == "retour à la ligne interdit dans cette valeur : « Service d'essai\\n »"
    )
    assert "|-" in finding.hint


def test_line_breaks_stay_text_where_they_are_paragraphs() -> None:
    text = VALID + "clauses:\n  - titre: Revoyure\n    texte: |\n      Un.\n      Deux.\n"
    assert findings(text) == []


@pytest.mark.parametrize("value", ['" "', '"\\t"', '"\\u00a0"'])
def test_a_name_of_spaces_is_empty(value: str) -> None:
    (finding,) = findings(valid_with("    ville: Arras", f"    ville: {value}"))
    assert (finding.path, finding.rule) == ("association.adresse.ville", "empty-value")
    assert finding.message == "valeur vide (rien que des espaces)"


def test_names_may_hold_spaces_and_tabs() -> None:
    assert findings(valid_with("    ville: Arras", '    ville: " Arras\\tCedex "')) == []


def test_a_too_long_name_is_refused() -> None:
    (finding,) = findings(valid_with("    ville: Arras", "    ville: " + "A" * 501))
    assert (finding.path, finding.rule) == ("association.adresse.ville", "invalid-value")
    assert finding.message == "valeur trop longue : 501 caractères, au plus 500"


def test_a_long_wrong_value_is_quoted_short() -> None:
    (finding,) = findings(valid_with("  annee: 2024", "  annee: " + "9" * 5000))
    assert finding.path == "financement.annee"
    assert len(finding.message) < 100
    assert finding.message.endswith("…» invalide") or "…" in finding.message


def test_a_short_reason_is_too_short_not_empty() -> None:
    departement = (DATA / "contracts" / "departement.yaml").read_text(encoding="utf-8")
    text = departement + "regles:\n  blank-left:\n    actif: false\n    raison: ok\n"
    (finding,) = findings(text, "departement")
    assert finding.path == "regles.blank-left.raison"
    assert finding.message == "valeur trop courte : au moins 3 caractères"


def test_every_pattern_is_anchored_at_both_ends_without_dollar() -> None:
    for pattern in patterns():
        assert pattern.startswith("^"), pattern
        assert pattern.endswith(END), pattern
        # "$" also matches before a final newline in Python; "\d" matches any Unicode digit
        # in Python but only 0-9 in JavaScript.
        assert "$" not in pattern and "\\d" not in pattern, pattern
        re.compile(pattern)


def test_every_one_line_field_refuses_line_breaks() -> None:
    for kind, pointer, node in string_fields():
        if pointer.endswith("/$schema") or "enum" in node or (kind, pointer) in MULTI_LINE:
            continue
        assert "pattern" in node, f"{kind} {pointer}: no pattern"
        for text in ("a\n", "a\nb", "\na", "a\r", "a\u2028b"):
            assert not re.search(node["pattern"], text), (kind, pointer, text)


def test_patterns_are_linear() -> None:
    long = ["a" * 20_000, "a@" * 10_000, "1" * 20_000 + "\n", " " * 20_000, "a." * 10_000]
    with deadline(10):
        for pattern in patterns():
            for text in long:
                re.search(pattern, text)


SAMPLES = [
    "62590",
    "62590\n",
    "62590\r\n",
    "2024-01-15",
    "2024-01-15\n",
    "٢٠٢٤-٠١-١٥",
    "Arras",
    "Arras\n",
    "A\nB",
    " ",
    "\u00a0",
    "",
    "x@y.fr",
    "x@y.fr\n",
    "https://a.fr/b",
    "https://a.fr\n",
    "2023-601",
    "2A004",
    "8.2",
    "a\u2028b",
]


def test_python_and_javascript_read_every_pattern_alike(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node absent : apt-get install -y nodejs")
    cases = [(pattern, sample) for pattern in patterns() for sample in SAMPLES]
    script = tmp_path / "regex.js"
    # JSON Schema's patterns are ECMA-262 regular expressions, with the "u" flag.
    script.write_text(
        'const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));\n'
        'console.log(JSON.stringify(cases.map(([p, s]) => new RegExp(p, "u").test(s))));\n',
        encoding="utf-8",
    )
    out = subprocess.run(
        [node, str(script)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    javascript = json.loads(out.stdout)
    python = [bool(re.search(p, s)) for p, s in cases]
    assert [c for c, js, py in zip(cases, javascript, python, strict=True) if js != py] == []
    assert not any(py for (_, s), py in zip(cases, python, strict=True) if "\n" in s)


def _commands(group: Any) -> Any:
    for command in group.commands.values():
        yield command
        if hasattr(command, "commands"):
            yield from _commands(command)


def test_a_schema_names_docgen_s_options_in_french() -> None:
    """A description, shown in the editor, the workspace's form and the reference pages,
    names an option as ``--help`` does (``--pour-signature``), never by its English alias."""
    from docgen.cli import main

    aliases = {a for c in _commands(main) for p in c.params for a in getattr(p, "aliases", ())}
    folder = Path(__file__).resolve().parents[1] / "docgen" / "schemas"
    named = {
        option
        for path in folder.glob("*.schema.json")
        for option in re.findall(r"--[a-z][a-z-]+", path.read_text(encoding="utf-8"))
    }
    assert aliases and named
    assert named & aliases == set()


# Measured: each of these said only « valeur … invalide », and the juriste had to guess.
@pytest.mark.parametrize(
    ("old", "new", "path", "message", "hint"),
    [
        (
            "  date: 2024-01-15",
            "  date: 2024-02-30",
            "signature.date",
            "date impossible « 2024-02-30 » : ce mois n'a que 29 jours",
            "vérifiez le jour et le mois",
        ),
        (
            "  date: 2024-01-15",
            "  date: 2023-13-01",
            "signature.date",
            "date impossible « 2023-13-01 » : il n'y a pas de mois 13",
            "AAAA-MM-JJ",
        ),
        (
            "  date: 2024-01-15",
            "  date: 15/01/2024",
            "signature.date",
            "date « 15/01/2024 » écrite comme dans un document",
            "écrivez « 2024-01-15 »",
        ),
        (
            "dotation: 312345.67",
            "dotation: trois cent mille",
            "financement.dotation",
            "« trois cent mille » n'est pas un nombre : écrivez-le en chiffres",
            "exemple : 312345.67",
        ),
        (
            "dotation: 312345.67",
            "dotation: -312345.67",
            "financement.dotation",
            "nombre négatif « -312345.67 » : ce champ n'admet pas de signe moins",
            "exemple : 312345.67",
        ),
        (
            "dotation: 312345.67",
            "dotation: 312 345,67 €",
            "financement.dotation",
            "valeur « 312 345,67 € » écrite comme dans un document",
            "écrivez « 312345.67 »",
        ),
        (
            "dotation: 312345.67",
            "dotation: 312345.675",
            "financement.dotation",
            "valeur « 312345.675 » trop précise : 2 décimales au plus (un montant "
            "s'écrit au centime près)",
            "arrondissez-la : écrivez « 312345.68 »",
        ),
        (
            "dotation: 312345.67",
            "dotation: 312 345,675 €",
            "financement.dotation",
            "valeur « 312 345,675 € » trop précise : 2 décimales au plus (un montant "
            "s'écrit au centime près)",
            "arrondissez-la : écrivez « 312345.68 »",
        ),
    ],
)
def test_a_refused_value_says_what_is_wrong_and_what_to_write(
    old: str, new: str, path: str, message: str, hint: str
) -> None:
    (found,) = findings(valid_with(old, new))
    assert (found.path, found.rule, found.message) == (path, "invalid-value", message)
    assert hint in found.hint


def test_a_french_date_that_does_not_exist_is_not_offered_back() -> None:
    (found,) = findings(valid_with("  date: 2024-01-15", "  date: 31/02/2024"))
    assert found.message == "date impossible « 31/02/2024 » : ce mois n'a que 29 jours"
    assert "écrivez" not in found.hint
