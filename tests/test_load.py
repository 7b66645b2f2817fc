from __future__ import annotations

from pathlib import Path

import pytest

from docgen.core.source import LoadError, load_finding, parse_document


def load(text: str) -> dict[str, object]:
    doc = parse_document(Path("x.yaml"), text.encode("utf-8"))
    assert isinstance(doc.data, dict)
    return doc.data


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        ("cp: 01000", "01000"),  # PyYAML's safe_load gives 512
        ("code: 01234", "01234"),
        ("pays: NO", "NO"),
        ("reponse: yes", "yes"),
        ("taux: 1.10", "1.10"),
        ("heure: 12:30", "12:30"),
        ("date: 2024-03-15", "2024-03-15"),
        ("montant: 312345.67", "312345.67"),
        ("vide:", None),
        ("nul: ~", None),
        ("vrai: true", True),
        ("faux: false", False),
        ('cite: "true"', "true"),
    ],
)
def test_scalars_keep_their_text(yaml_text: str, expected: object) -> None:
    assert next(iter(load(yaml_text).values())) == expected


def test_lines_of_fields() -> None:
    doc = parse_document(
        Path("x.yaml"), b"# comment\ncommunes:\n  - nom: A\n    part: 1\n  - nom: B\n    part: 2\n"
    )
    assert doc.line_of(("communes",)) == 2
    assert doc.line_of(("communes", 1)) == 5
    assert doc.line_of(("communes", 1, "part")) == 6
    assert doc.line_of(("communes", 1, "absent")) == 5  # nearest parent


def test_byte_order_mark_is_ignored() -> None:
    assert load("\ufeffa: b") == {"a": "b"}


@pytest.mark.parametrize(
    ("raw", "line", "words"),
    [
        (b"a: 1\na: 2\n", 2, "deux fois"),
        (b"a: &x [1]\nb: *x\n", 2, "alias"),
        (b"a: !!python/object:os.system x\n", 1, "!!python/object"),
        (b"a: !custom x\n", 1, "!custom"),
        (b"a: \xe9\n", 1, "UTF-8"),
        (b"", 1, "vide"),
        (b"# only a comment\n", 1, "vide"),
        (b"a:\n\tb: 1\n", 2, "tabulation"),
        (b"a: [1, 2\n", 1, "YAML invalide"),
    ],
)
def test_bad_input_is_a_load_error_with_its_line(raw: bytes, line: int, words: str) -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), raw)
    assert caught.value.line == line
    assert words in caught.value.message


def test_alias_bomb_is_refused_before_expansion() -> None:
    bomb = "a: &a ['x','x']\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n"
    with pytest.raises(LoadError):
        parse_document(Path("x.yaml"), bomb.encode())


# Control characters used to vanish silently from the documents (Word cannot hold them);
# written raw in the file they gave an English message without a line.
@pytest.mark.parametrize(
    ("raw", "line", "path", "code"),
    [
        (b'service:\n  nom: "A\\x07B"\n', 2, ("service", "nom"), "U+0007"),
        (b'a: "x\\0y"\n', 1, ("a",), "U+0000"),
        (b'a: ok\nb: "\\u0092"\n', 2, ("b",), "U+0092"),  # cp1252 apostrophe decoded wrongly
        (b'a: "\\x7f"\n', 1, ("a",), "U+007F"),
        (b'a: "\\x85"\n', 1, ("a",), "U+0085"),
        (b'a: "\\uffff"\n', 1, ("a",), "U+FFFF"),
        (b'"k\\x01": 1\n', 1, ("k\x01",), "U+0001"),
        (b"a: ok\nservice:\n  nom: A\x01B\n", 3, ("service", "nom"), "U+0001"),
        (b"a: |\n  ligne\n  deux\x1bfin\n", 3, ("a",), "U+001B"),
        (b"a: x\x7fy\n", 1, ("a",), "U+007F"),
        (b"a: b\r\nc: x\x00y\r\n", 2, ("c",), "U+0000"),
        (b"a: b\rc: x\x00y\r", 2, ("c",), "U+0000"),  # old Mac line ends, as libyaml counts
        (b"# \x0c\na: b\n", 1, (), "U+000C"),  # in a comment: no field
        (b"a\x00:\x00 \x00b\x00\n\x00", 1, (), "U+0000"),  # UTF-16 read as UTF-8
        (b"\x00\x01\x02\x03binaire", 1, (), "U+0000"),
    ],
)
def test_control_characters_are_refused_with_line_and_field(
    raw: bytes, line: int, path: tuple[str | int, ...], code: str
) -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), raw)
    error = caught.value
    assert (error.rule, error.line, error.path) == ("invalid-character", line, path)
    assert f"caractère de contrôle {code} interdit" in error.message
    assert error.hint


def test_nul_suggests_a_binary_or_utf16_file() -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), b"a\x00:\x00 \x00b\x00")
    assert "binaire ou encodé en UTF-16" in caught.value.hint


def test_other_control_characters_are_counted() -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), b"a: \x01\nb: \x02\nc: \x03\n")
    assert caught.value.message.endswith("(2 autres plus loin dans le fichier)")


def test_tab_newline_and_carriage_return_are_text() -> None:
    assert load('a: "x\\ty\\nz\\r"') == {"a": "x\ty\nz\r"}


def test_utf16_file_is_named() -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), "a: b\n".encode("utf-16"))
    assert (caught.value.line, caught.value.rule) == (1, "yaml-invalid")
    assert "UTF-16" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b'a: "\\q"\n', "barre oblique inverse"),
        (b'a: "\\x4"\n', "incomplète"),
        (b'a: "\\ud800"\n', "ne désigne aucun caractère"),
        (b"a: @b\n", "caractère réservé"),
        (b"a: *\n", "nom d'ancre ou d'alias"),
        (b"a: [}\n", "crochet ou accolade mal placé"),
        (b"%YAML 2.0\n---\na: b\n", "version de YAML"),
        (b"a: >\n x\n\ty\n", "tabulation"),
    ],
)
def test_libyaml_problems_are_explained_in_french(raw: bytes, words: str) -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), raw)
    assert caught.value.line == 1 or words == "tabulation"
    assert words in caught.value.message


def test_duplicate_key_is_quoted_on_one_line() -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), b'"a\\nb": 1\n"a\\nb": 2\n')
    assert "« a\\nb »" in caught.value.message


def test_load_finding_carries_rule_and_field() -> None:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), b'service:\n  nom: "\\x07"\n')
    finding = load_finding(Path("x.yaml"), caught.value)
    assert (finding.line, finding.path, finding.rule) == (2, "service.nom", "invalid-character")
