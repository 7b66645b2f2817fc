from __future__ import annotations

from pathlib import Path

import pytest

from docgen.core.source import LoadError, parse_document


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
