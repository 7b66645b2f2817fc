"""Hostile input never crashes docgen: hostile file names, and a few hundred fuzzed
contracts (scripts/fuzz.py's generator) through `docgen check` and `docgen build`."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings

from docgen.cli import main
from docgen.core.findings import display_path, field_path, printable

from .conftest import CONTRACTS, ROOT

CASES = 250


def load_fuzz() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docgen_fuzz", ROOT / "scripts" / "fuzz.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


fuzz = load_fuzz()


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result.exit_code, result.output


def folder_with(tmp_path: Path, name: str, content: bytes) -> Path:
    folder = tmp_path / "contrats"
    folder.mkdir()
    shutil.copy(CONTRACTS / "pas-de-calais" / "departement.yaml", folder / "departement.yaml")
    (folder / name).write_bytes(content)
    return folder


# Measured: a file name that is not UTF-8 made printing a finding crash with
# UnicodeEncodeError.
def test_a_file_name_that_is_not_utf8_is_printed_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.yaml")
    folder = folder_with(tmp_path, name, b"a: 1\n")
    code, output = invoke("check", str(folder))
    assert code == 1
    assert "caf\\xe9.yaml:1: a : clé inconnue « a »" in output


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (os.fsdecode(b"caf\xe9.yaml"), "caf\\xe9.yaml"),
        ("ligne\nsaut.yaml", "ligne\\nsaut.yaml"),
        ("tab\t.yaml", "tab\\t.yaml"),
        ("bip\x07.yaml", "bip\\x07.yaml"),
        ("c1\x85.yaml", "c1\\x85.yaml"),
        ("été.yaml", "été.yaml"),
        ("\ud800.yaml", "\\ud800.yaml"),
    ],
)
def test_display_path_is_always_printable(raw: str, shown: str) -> None:
    text = display_path(Path("/nulle-part") / raw)
    assert text == f"/nulle-part/{shown}"
    text.encode("utf-8")


def test_display_path_relative_to_the_current_folder() -> None:
    assert display_path(ROOT / "contracts" / "x.yaml") == "contracts/x.yaml"


def test_field_path_is_printable_and_short() -> None:
    assert field_path(("communes", 2, "part")) == "communes[2].part"
    assert field_path(("a\nb", 0, "\x07")) == "a\\nb[0].\\x07"
    long = field_path(("k" * 1000,))
    assert len(long) == 60 and long.endswith("…")
    assert field_path(()) == ""


def test_printable_keeps_french_text() -> None:
    text = "Hôtel du Département « Arras » – 62\u202f000 €"
    assert printable(text) == text


@pytest.mark.slow
def test_fuzzed_contracts_never_crash_check_or_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cases in a repository of their own: their commands take its lock, not that of
    # this checkout, which the tests running beside this one (pytest -n) take too.
    (tmp_path / "docgen.toml").write_text("", "utf-8")
    monkeypatch.chdir(tmp_path)
    names = list(fuzz.NAMES)

    @settings(
        max_examples=CASES,
        database=None,
        deadline=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=fuzz.cases(names=names))
    def one(case: object) -> None:
        fuzz.run_case(case, tmp_path)

    one()


def test_build_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    contract = (CONTRACTS / "pas-de-calais" / "alaj.yaml").read_bytes()
    folder = folder_with(tmp_path, os.fsdecode(b"caf\xe9.yaml"), contract)
    code, _ = invoke("build", str(folder), "-o", str(tmp_path / "sortie"))
    assert code == 0
