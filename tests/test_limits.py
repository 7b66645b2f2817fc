"""A hostile or broken file is refused early, with one French finding, in bounded time
and memory: the loader's limits (docgen.core.source.LIMITS)."""

from __future__ import annotations

import contextlib
import signal
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core.blanks import blanks
from docgen.core.source import LIMITS, Limits, LoadError, load_document, parse_document

from .conftest import CONTRACTS

MB = 1_000_000


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Fail the test if the block still runs after ``seconds`` (a POSIX interval timer).

    A bound far above the expected time, so that it never fails on a slow machine but
    does on a quadratic algorithm (which takes minutes on the inputs used here).
    """

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"toujours en cours après {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def memory_below(megabytes: int) -> Iterator[None]:
    """Fail the test if Python allocates more than ``megabytes`` at once in the block."""
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < megabytes * MB, f"{peak / MB:.0f} MB"


def refusal(raw: bytes, limits: Limits = LIMITS) -> LoadError:
    with pytest.raises(LoadError) as caught:
        parse_document(Path("x.yaml"), raw, limits)
    return caught.value


def contract_with_service_name(value: str) -> bytes:
    text = (CONTRACTS / "pas-de-calais" / "alaj.yaml").read_text(encoding="utf-8")
    assert "  nom: ALAJ\n" in text
    return text.replace("  nom: ALAJ\n", f"  nom: {value}\n").encode("utf-8")


# The measured defect: a 200 kB contract whose service.nom is [[[…]]] nested 100,000
# deep grew `docgen check` to 24 GB. The loader kept a path tuple per level for every
# level (quadratic memory), and libyaml's scanner is quadratic in the nesting of flow
# collections (30 s for 100,000 levels) even before that.
def test_nested_bomb_is_refused_at_once_with_its_line() -> None:
    raw = contract_with_service_name("[" * 100_000 + "]" * 100_000)
    assert len(raw) > 200_000
    with deadline(5), memory_below(20):
        error = refusal(raw)
    assert error.rule == "limit-exceeded"
    assert error.line == 8
    assert error.path == ("service", "nom")
    assert "imbrication trop profonde" in error.message
    assert "crochets" in error.hint


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 1000 + "]" * 1000,
        "a: " + "{a: " * 1000 + "}" * 1000,
        "".join(" " * i + "k:\n" for i in range(1000)),
        "a:\n" + "".join(" " * i + "-\n" for i in range(1000)),
    ],
    ids=["flow-lists", "flow-mappings", "block-mappings", "block-lists"],
)
def test_every_kind_of_nesting_is_bounded(text: str) -> None:
    error = refusal(text.encode())
    assert error.rule == "limit-exceeded"
    assert "imbrication" in error.message


def test_depth_limit_is_exact() -> None:
    limits = Limits(depth=3)
    assert parse_document(Path("x.yaml"), b"a: {b: [c]}", limits).data == {"a": {"b": ["c"]}}
    assert "3 niveaux" in refusal(b"a: {b: [[c]]}", limits).message


def test_big_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    # Measured: a 50 MB YAML file was accepted and took 784 MB.
    path = tmp_path / "gros.yaml"
    line = b"- " + b"x" * 97 + b"\n"
    path.write_bytes(b"a:\n" + line * (50 * MB // len(line)))
    with (
        deadline(5),
        memory_below(3 * LIMITS.file_bytes // MB + 2),
        pytest.raises(LoadError) as caught,
    ):
        load_document(path)
    error = caught.value
    assert error.rule == "limit-exceeded"
    assert "trop volumineux" in error.message
    assert "2\u202f000\u202f000 octets" in error.message
    # The line where the limit is reached, so that the user sees how far in it is.
    assert error.line == 20_001


def test_file_size_limit_is_exact() -> None:
    limits = Limits(file_bytes=10)
    assert parse_document(Path("x.yaml"), b"a: 1234567", limits).data == {"a": "1234567"}
    assert refusal(b"a: 12345678", limits).rule == "limit-exceeded"


def test_long_value_is_refused_with_its_field() -> None:
    raw = contract_with_service_name("x" * (LIMITS.value_chars + 1))
    error = refusal(raw)
    assert (error.rule, error.line, error.path) == ("limit-exceeded", 8, ("service", "nom"))
    assert "20\u202f001 caractères, au plus 20\u202f000" in error.message
    assert parse_document(Path("x.yaml"), contract_with_service_name("x" * LIMITS.value_chars))


def test_long_key_is_refused_too() -> None:
    error = refusal(b"a" * (LIMITS.value_chars + 1) + b": 1\n")
    assert error.rule == "limit-exceeded"


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"a: [" + b"1, " * 11 + b"]", "éléments dans cette liste"),
        (b"a:\n" + b"".join(b"  k%d: 1\n" % i for i in range(11)), "champs dans ce bloc"),
        (b"".join(b"- %d\n" % i for i in range(11)), "éléments dans cette liste"),
    ],
)
def test_items_limit(raw: bytes, words: str) -> None:
    error = refusal(raw, Limits(items=10))
    assert error.rule == "limit-exceeded"
    assert words in error.message


def test_items_limit_default_keeps_large_lists() -> None:
    raw = b"a: [" + b"1, " * (LIMITS.items + 1) + b"]"
    assert "5\u202f000" in refusal(raw).message
    items = parse_document(Path("x.yaml"), b"a: [" + b"1, " * LIMITS.items + b"]").data
    assert len(items["a"]) == LIMITS.items


def test_values_limit_counts_every_value() -> None:
    limits = Limits(values=6)
    # mapping, a, list, 1, 2: five values
    assert parse_document(Path("x.yaml"), b"a: [1, 2]", limits)
    assert parse_document(Path("x.yaml"), b"a: [1, 2, 3]", limits)
    error = refusal(b"a: [1, 2, 3, 4]", limits)
    assert error.rule == "limit-exceeded"
    assert "trop de valeurs" in error.message


def test_many_values_are_refused_fast() -> None:
    rows = b"".join(b"- [%s]\n" % b", ".join(b"1" for _ in range(1000)) for _ in range(60))
    with deadline(5), memory_below(60):
        error = refusal(rows)
    assert "50\u202f000" in error.message


def test_blanks_walks_any_depth_without_recursion() -> None:
    # Measured: from about 1,000 levels, RecursionError in blanks().
    data: object = "X ETP"
    for _ in range(100_000):
        data = [data]
    (found,) = list(blanks({"a": data}))
    assert found == (("a", *[0] * 100_000), "X")


def test_cli_refuses_the_bomb_in_french_with_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "contrats"
    folder.mkdir()
    departement = CONTRACTS / "pas-de-calais" / "departement.yaml"
    (folder / "departement.yaml").write_bytes(departement.read_bytes())
    (folder / "bombe.yaml").write_bytes(contract_with_service_name("[" * 100_000 + "]" * 100_000))
    with deadline(20):
        result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 1, result.output
    line = result.output.splitlines()[0]
    assert line.endswith(
        "bombe.yaml:8: service.nom : imbrication trop profonde : plus de 40 "
        "niveaux de listes ou de champs les uns dans les autres → un contrat "
        "n'a que quelques niveaux : vérifiez les crochets [ ], les accolades "
        "{ } et l'indentation de cette ligne [limit-exceeded]"
    )
