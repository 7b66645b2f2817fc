"""``docgen init`` and ``docgen new``: a Département and its conventions, started in the
user's own contracts repository, never over an existing file, blanks only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from docgen.cli import main
from docgen.commands import skeletons
from docgen.commands.init import GITHUB_WORKFLOW
from docgen.core.lint import lint_template
from docgen.core.resources import templates_dir
from docgen.core.vocabulary import documented
from docgen.registry import default_registry

from .conftest import DATA, ROOT


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder, the current directory, as a new contracts repository would be."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def findings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.endswith("]")]


def test_init_scaffolds_a_departement(project: Path) -> None:
    code, output = run("init", "nord", "--nom", "Nord", "--article", "du", "--code", "59")
    assert code == 0, output
    names = default_registry().templates()
    expected = [
        "docgen.toml",
        *(f".docgen/schemas/{k}.schema.json" for k in ("budget", "convention", "deliberation")),
        ".docgen/schemas/departement.schema.json",
        "templates/README.md",
        "contracts/nord/departement.yaml",
        *(f"templates/nord/{name}.docx" for name in names),
        ".pre-commit-config.yaml",
        ".github/workflows/contrats.yml",
    ]
    assert [line.removeprefix("créé : ") for line in output.splitlines()[: len(expected)]] == (
        expected
    )
    for name in names:
        copy = project / "templates" / "nord" / f"{name}.docx"
        assert copy.read_bytes() == (templates_dir() / f"{name}.docx").read_bytes()
    text = (project / "contracts" / "nord" / "departement.yaml").read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../.docgen/schemas/departement.schema.json\n"
        "# Département du Nord : "
    )
    assert 'nom: "Nord"                         # sans article' in text
    assert 'code: "59"                          # code officiel' in text
    assert "Pas-de-Calais" not in text.split("# sans article")[0]
    assert "docgen new nord <service>" in output


def test_the_fresh_departement_is_rejected_for_its_blanks_only(project: Path) -> None:
    run("init", "nord", "--nom", "Nord", "--article", "du", "--code", "59")
    code, output = run("check")
    assert code == 1
    lines = findings(output)
    assert lines and all(line.endswith("[blank-left]") for line in lines), output
    assert len(lines) == 18
    assert output.splitlines()[-1] == "1 fichier vérifié : 18 erreurs dans 1 fichier."
    # Without --nom, --article, --code, those are blanks too: nothing is guessed.
    run("init", "somme")
    code, output = run("check", "contracts/somme")
    assert code == 1
    assert len(findings(output)) == 21
    assert all(line.endswith("[blank-left]") for line in findings(output))


def test_the_departement_skeleton_is_every_key_of_the_schema_it_needs(project: Path) -> None:
    run("init", "nord")
    data = yaml.safe_load((project / "contracts/nord/departement.yaml").read_text("utf-8"))
    schema = yaml.safe_load((project / ".docgen/schemas/departement.schema.json").read_bytes())
    assert set(schema["required"]) <= set(data)


def test_what_the_shipped_templates_print_of_departement_yaml_is_in_its_skeleton(
    project: Path,
) -> None:
    # The skeleton had no paiement: the first financial avenant of a new Département
    # failed (template-value-missing) on a key the juriste was never asked for.
    run("init", "nord")
    data = yaml.safe_load((project / "contracts/nord/departement.yaml").read_text("utf-8"))
    assert data["paiement"] == {"modalites": "à compléter", "imputation": "à compléter"}
    printed = set()
    for name, template in default_registry().templates().items():
        docs = documented(template.context)
        for chain in lint_template(templates_dir() / f"{name}.docx", template.context).required:
            source = docs.get(chain, "").removeprefix("departement.yaml → ")
            if source != docs.get(chain, "") and not source.startswith("calculé"):
                printed.add(re.split(r"[. ]", source)[0])
    assert "paiement" in printed
    assert printed <= set(data), printed - set(data)


def test_init_never_overwrites(project: Path) -> None:
    (project / "templates" / "nord").mkdir(parents=True)
    (project / "templates" / "nord" / "convention.docx").write_bytes(b"le modele de la juriste")
    (project / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    code, output = run("init", "nord")
    assert code == 0, output
    assert "conservé (existe déjà) : templates/nord/convention.docx" in output.splitlines()
    assert "conservé (existe déjà) : .pre-commit-config.yaml" in output.splitlines()
    assert (project / "templates/nord/convention.docx").read_bytes() == b"le modele de la juriste"
    assert (project / ".pre-commit-config.yaml").read_text(encoding="utf-8") == "repos: []\n"
    departement = project / "contracts" / "nord" / "departement.yaml"
    departement.write_text("nom: Nord\n", encoding="utf-8")
    code, output = run("init", "nord", "--nom", "Autre")
    assert code == 0
    assert departement.read_text(encoding="utf-8") == "nom: Nord\n"
    assert not [line for line in output.splitlines() if line.startswith("créé")]


def test_init_without_a_departement_prepares_the_repository(project: Path) -> None:
    code, output = run("init")
    assert code == 0, output
    assert (project / "docgen.toml").is_file()
    assert not (project / "contracts").exists()
    assert "docgen init <département>" in output
    code, output = run("check")
    assert code == 2
    assert "aucun dossier contracts/ dans le dépôt de contrats ." in output
    assert "docgen init <département>" in output
    code, output = run("init", "--nom", "Nord")
    assert code == 2
    assert "demandent un DÉPARTEMENT" in output


def test_init_refuses_a_folder_name_that_is_not_a_slug(project: Path) -> None:
    code, output = run("init", "Côtes d'Armor")
    assert code == 2
    assert "par exemple : cotes-d-armor" in output
    assert not (project / "docgen.toml").exists()


def test_init_inside_a_git_repository_but_not_at_its_root_does_not_guess(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / ".git").mkdir()
    (project / "sous-dossier").mkdir()
    monkeypatch.chdir(project / "sous-dossier")
    code, output = run("init", "nord")
    assert code == 2
    assert "n'en est pas la racine" in output
    assert not list(project.rglob("docgen.toml"))
    monkeypatch.chdir(project)
    assert run("init", "nord")[0] == 0
    assert (project / "docgen.toml").exists()


def test_the_ci_snippets_are_the_tested_examples(project: Path) -> None:
    run("init")
    workflow = (project / ".github" / "workflows" / "contrats.yml").read_text(encoding="utf-8")
    assert workflow == GITHUB_WORKFLOW
    assert workflow == (ROOT / "examples" / "ci" / "github-actions.yml").read_text("utf-8")
    (hook,) = yaml.safe_load((project / ".pre-commit-config.yaml").read_text("utf-8"))["repos"]
    (check,) = hook["hooks"]
    assert [*check["entry"].split(), *check["args"]] == ["docgen", "check", "contracts/"]
    assert check["language"] == "system"


def test_the_repositorys_own_files_are_what_init_writes() -> None:
    """This checkout is a contracts repository too: its docgen.toml and templates/README.md
    are those docgen init writes."""
    assert (ROOT / "docgen.toml").read_text(encoding="utf-8") == skeletons.DOCGEN_TOML
    readme = (ROOT / "templates" / "README.md").read_text(encoding="utf-8")
    assert readme == skeletons.TEMPLATES_README


# -- docgen new ------------------------------------------------------------------------


def test_new_writes_the_convention_where_check_expects_it(project: Path) -> None:
    run("init", "nord", "--nom", "Nord", "--article", "du", "--code", "59")
    code, output = run("new", "nord", "quartiers-sud")
    assert code == 0, output
    target = project / "contracts" / "nord" / "quartiers-sud.yaml"
    assert output.splitlines()[0] == "Squelette créé : contracts/nord/quartiers-sud.yaml"
    text = target.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../.docgen/schemas/convention.schema.json\n"
        "# Convention de prévention spécialisée du Département du Nord : un fichier par service."
    )
    assert "Pas-de-Calais" not in text and "Arrageois" not in text and "62" not in text
    assert "templates/nord/" in text and "convention-quartiers-sud.docx" in text
    code, output = run("check")
    assert code == 1
    lines = findings(output)
    assert lines and all(line.endswith("[blank-left]") for line in lines), output
    assert len([line for line in lines if "quartiers-sud.yaml" in line]) == 29


def test_new_refuses_a_departement_that_does_not_exist(project: Path) -> None:
    code, output = run("new", "nord", "quartiers-sud")
    assert code == 2
    assert "aucun departement.yaml dans contracts/nord ni au-dessus" in output
    assert "docgen init nord" in output
    assert not (project / "contracts").exists()


def test_new_with_a_path_and_the_departements_own_share(tmp_path: Path) -> None:
    (tmp_path / "pas-de-calais").mkdir()
    (tmp_path / "pas-de-calais" / "departement.yaml").write_bytes(
        (DATA / "contracts" / "departement.yaml").read_bytes()
    )
    target = tmp_path / "pas-de-calais" / "nouveau.yaml"
    code, output = run("new", str(target))
    assert code == 0, output
    text = target.read_text(encoding="utf-8")
    schema_ref = text.splitlines()[0].split("$schema=")[1]
    assert (target.parent / schema_ref).resolve() == ROOT / "docgen/schemas/convention.schema.json"
    assert "du Département du Pas-de-Calais" in text.splitlines()[1]
    assert "(5 % dans departement.yaml)" in text
    code, output = run("check", str(target))
    assert code == 1
    assert all(line.endswith("[blank-left]") for line in findings(output))


def test_new_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "existant.yaml"
    target.write_text("a: b\n", encoding="utf-8")
    code, output = run("new", str(target))
    assert code == 2
    assert "existe déjà" in output
    assert target.read_text(encoding="utf-8") == "a: b\n"


def test_new_refuses_a_name_that_is_not_a_file_or_a_slug() -> None:
    assert "indiquez le Département et le service" in run("new", "nord")[1]
    code, output = run("new", "nord", "Mon Service")
    assert code == 2
    assert "par exemple : mon-service" in output
    assert "le nom du fichier d'un service s'écrit en minuscules" in output
    code, output = run("new", "nord", "«»")
    assert code == 2
    assert "par exemple : quartiers-sud" in output  # nothing of the name left to suggest
    code, output = run("init", "«»")
    assert "le dossier d'un Département s'écrit" in output
    assert "par exemple : nord" in output
