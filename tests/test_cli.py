from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from docgen.cli import main

from .conftest import DATA


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_check_contracts_is_clean_with_a_one_line_summary() -> None:
    code, output = run("check", "contracts/")
    assert code == 0
    assert output == "12 fichiers vérifiés : aucune anomalie.\n"


def test_check_defaults_to_contracts() -> None:
    assert run("check") == (0, "12 fichiers vérifiés : aucune anomalie.\n")


def test_check_broken_contract_exits_1_with_file_line_field() -> None:
    code, output = run("check", str(DATA / "contracts" / "broken" / "communes-sum.yaml"))
    assert code == 1
    first, summary = output.splitlines()
    assert first.startswith("tests/data/contracts/broken/communes-sum.yaml:34: communes[1].part : ")
    assert first.endswith("[communes-sum]")
    assert summary == "1 fichier vérifié : 1 erreur dans 1 fichier."


def test_warnings_alone_exit_0() -> None:
    code, output = run("check", str(DATA / "contracts" / "broken" / "commune-departement.yaml"))
    assert code == 0
    assert "(avertissement)" in output


def test_missing_path_exits_2_without_traceback() -> None:
    code, output = run("check", "nulle-part/")
    assert code == 2
    assert "nulle-part : chemin introuvable" in output
    assert "Traceback" not in output


def test_bad_option_exits_2_in_french() -> None:
    code, output = run("check", "--nope")
    assert code == 2
    assert "option inconnue" in output


def test_help_is_french() -> None:
    code, output = run("--help")
    assert code == 0
    assert "Utilisation :" in output
    assert "Vérifie les contrats" in output
    assert "Afficher cette aide et quitter." in output


def test_unreadable_yaml_is_a_finding_not_a_traceback() -> None:
    code, output = run("check", str(DATA / "contracts" / "broken" / "yaml-not-utf8.yaml"))
    assert code == 1
    assert "UTF-8" in output
    assert "Traceback" not in output


def test_new_writes_a_skeleton_rejected_only_for_its_blanks(tmp_path: Path) -> None:
    target = tmp_path / "pas-de-calais" / "nouveau.yaml"
    (tmp_path / "pas-de-calais").mkdir()
    (tmp_path / "pas-de-calais" / "departement.yaml").write_bytes(
        (DATA / "contracts" / "departement.yaml").read_bytes()
    )
    code, output = run("new", str(target))
    assert code == 0, output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    schema_ref = text.splitlines()[0].split("$schema=")[1]
    assert (target.parent / schema_ref).resolve().name == "convention.schema.json"
    assert (target.parent / schema_ref).resolve().exists()
    code, output = run("check", str(target))
    assert code == 1
    lines = output.splitlines()[:-1]
    assert lines and all(line.endswith("[blank-left]") for line in lines), lines
    assert len(lines) == 29


def test_new_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "existant.yaml"
    target.write_text("a: b\n", encoding="utf-8")
    code, output = run("new", str(target))
    assert code == 2
    assert "existe déjà" in output
    assert target.read_text(encoding="utf-8") == "a: b\n"
