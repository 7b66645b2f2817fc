from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
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
    assert output == "18 fichiers vérifiés : aucune anomalie.\n"


def test_check_defaults_to_contracts() -> None:
    assert run("check") == (0, "18 fichiers vérifiés : aucune anomalie.\n")


def test_check_of_a_folder_without_contracts_is_no_success(tmp_path: Path) -> None:
    # A CI pointed at the wrong folder must not pass (a .YAML file is read: test_sources).
    (tmp_path / "LISEZMOI.md").write_text("x\n", encoding="utf-8")
    (tmp_path / "Convention.json").write_text("{}\n", encoding="utf-8")
    for fmt in ("texte", "json", "junit", "github"):
        result = CliRunner().invoke(main, ["check", "--format", fmt, str(tmp_path)])
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert "aucun fichier .yaml à vérifier dans" in result.stderr


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


COMMANDS = ("budget", "build", "check", "deliberation", "init", "new", "render")


def test_help_shows_each_commands_summary_whole() -> None:
    code, output = run("--help")
    assert code == 0
    listed = output.split("Commandes :", 1)[1]
    assert "..." not in listed and "…" not in listed, listed
    for name in COMMANDS:
        command = main.commands[name]  # type: ignore[attr-defined]
        assert command.short_help, name
        line = next(line for line in listed.splitlines() if line.strip().startswith(name))
        assert line.split(name, 1)[1].strip() == command.short_help, line


def options_of(*command: str) -> list[str]:
    code, output = run(*command, "--help")
    assert code == 0, output
    return re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", output.split("Options :", 1)[1])


def test_option_names_are_french_and_old_spellings_hidden() -> None:
    english = {"--for-signature", "--consolidated", "--dry-run", "--output"}
    seen: set[str] = set()
    for command in [(c,) for c in COMMANDS if c != "budget"] + [("budget", "apply")]:
        seen |= set(options_of(*command))
    assert not seen & english, seen & english
    assert {"--pour-signature", "--consolidee", "--simulation", "--sortie", "--nom"} <= seen


def test_old_english_spellings_still_work(tmp_path: Path) -> None:
    valid = str(DATA / "contracts" / "valid.yaml")
    assert run("check", "--for-signature", valid) == run("check", "--pour-signature", valid)
    assert run("check", "--format", "text", valid) == run("check", "--format", "texte", valid)
    code, output = run("render", "--consolidated", "-o", str(tmp_path), valid)
    assert code == 0, output
    vote = "contracts/pas-de-calais/budgets/2025.yaml"
    assert run("budget", "apply", "--dry-run", vote) == run("budget", "apply", "--simulation", vote)


def test_usage_errors_are_french() -> None:
    for argv in (["check", "--format", "xml"], ["render"], ["budget"], ["init", "--article", "le"]):
        code, output = run(*argv)
        assert code == 2, argv
        for english in ("Usage", "Error", "Missing", "Invalid", "is not one of", "Try "):
            assert english not in output, (argv, output)


def test_a_reader_that_stops_reading_gets_no_message(monkeypatch: pytest.MonkeyPatch) -> None:
    # Measured: « docgen budget apply --simulation … | head » ended on « opération impossible
    # sur un fichier : Broken pipe. »
    real_echo = click.echo

    def echo(message: object = None, *args: object, err: bool = False, **kwargs: object) -> None:
        if not err:
            raise BrokenPipeError(32, "Broken pipe")
        real_echo(message, err=err)

    monkeypatch.setattr(click, "echo", echo)
    result = CliRunner().invoke(main, ["modeles", "filtres"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Broken pipe" not in result.output and "impossible" not in result.output
