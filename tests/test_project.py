"""The contracts repository: its root, and which Word template each document comes from.

Precedence, for a document of the Département whose folder is ``essai``: the file a
convention names (``modeles:``), ``templates/essai/<name>.docx``, ``templates/<name>.docx``,
then docgen's own. A file of ``templates/`` that nothing would use is a warning.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.core.project import Project, current_project, find_root, project_of
from docgen.core.resources import templates_dir
from docgen.core.workspace import Workspace
from docgen.kinds import avenant as avenant_kind
from docgen.kinds import convention as convention_kind
from docgen.registry import default_registry

from .conftest import DATA, ROOT
from .helpers import check_paths, make_project

VALID = DATA / "contracts" / "valid.yaml"
AMENDED = DATA / "contracts" / "amended.yaml"


def word(path: Path, text: str) -> Path:
    """A one-paragraph Word template."""
    path.parent.mkdir(parents=True, exist_ok=True)
    document = docx.Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def resolved(convention_file: Path, template: str = "convention") -> tuple[str, str]:
    """(origin, label) of the template a convention's documents of ``template`` use."""
    workspace = Workspace(default_registry())
    entry = workspace.entry(convention_file)
    assert not entry.errors, entry.errors
    found = workspace.template_for(entry, default_registry().templates()[template])
    return found.origin, found.label


# -- the root --------------------------------------------------------------------------


def test_docgen_toml_marks_the_root_before_any_git(tmp_path: Path) -> None:
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    inner = tmp_path / "contrats" / "nord"
    inner.mkdir(parents=True)
    (tmp_path / "contrats" / ".git").mkdir()  # a nearer git repository does not win
    found = find_root(inner)
    assert found is not None and (found.root, found.marker) == (tmp_path, "docgen.toml")


def test_else_the_nearest_git_even_a_worktree_file(tmp_path: Path) -> None:
    (tmp_path / ".git").write_text("gitdir: ailleurs\n", encoding="utf-8")
    (tmp_path / "contracts").mkdir()
    found = find_root(tmp_path / "contracts")
    assert found is not None and (found.root, found.marker) == (tmp_path, ".git")


def test_else_the_current_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if find_root(tmp_path) is not None:  # pragma: no cover - a marker above the temp folder
        pytest.skip(f"{find_root(tmp_path)} marks the temporary folder")
    monkeypatch.chdir(tmp_path)
    assert current_project() == Project(tmp_path.resolve(), "")
    assert current_project().templates == tmp_path.resolve() / "templates"


def test_a_file_belongs_to_the_project_above_it_not_to_the_current_one(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "autre", "essai", [VALID])
    assert project_of(folder / "valid.yaml").root == tmp_path / "autre"
    assert current_project().root == ROOT  # the tests run from the checkout, itself marked
    assert project_of(tmp_path / "nulle-part" / "x.yaml").root == ROOT


def test_check_and_build_default_to_the_roots_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(tmp_path, "essai", [VALID])
    monkeypatch.chdir(tmp_path / "contracts" / "essai")  # anywhere inside the repository
    checked = CliRunner().invoke(main, ["check"])
    assert checked.exit_code == 0, checked.output
    assert checked.output == "2 fichiers vérifiés : aucune anomalie.\n"
    built = CliRunner().invoke(main, ["build"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "build" / "manifest.json").exists()
    *_, where, closing = built.output.splitlines()
    assert where == "Documents dans ../../build/"
    assert re.fullmatch(r"1 document construit, 0 à jour, 0 en échec, en \d+,\d s", closing)


# -- which template --------------------------------------------------------------------


def test_precedence_docgen_then_repository_then_departement_then_convention(
    tmp_path: Path,
) -> None:
    folder = make_project(tmp_path, "essai", [VALID])
    convention = folder / "valid.yaml"
    assert resolved(convention) == ("docgen", "docgen/templates/convention.docx")
    word(tmp_path / "templates" / "convention.docx", "Dépôt : {{ service.name }}")
    assert resolved(convention) == ("depot", "templates/convention.docx")
    word(tmp_path / "templates" / "essai" / "convention.docx", "Département : {{ service.name }}")
    assert resolved(convention) == ("departement", "templates/essai/convention.docx")
    word(tmp_path / "templates" / "essai" / "quartiers.docx", "Propre : {{ service.name }}")
    with convention.open("a", encoding="utf-8") as handle:
        handle.write("modeles:\n  convention: quartiers.docx\n")
    assert resolved(convention) == ("modeles", "templates/essai/quartiers.docx")
    # Another Département's templates are not this one's.
    word(tmp_path / "templates" / "autre" / "convention.docx", "Autre")
    assert resolved(convention, "avenant") == ("docgen", "docgen/templates/avenant.docx")


def test_each_document_says_which_template_it_came_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project(tmp_path, "essai", [VALID, AMENDED])
    word(tmp_path / "templates" / "essai" / "propre.docx", "Convention propre : {{ service.name }}")
    with (folder / "amended.yaml").open("a", encoding="utf-8") as handle:
        handle.write("modeles:\n  convention: propre.docx\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    convention = next(line for line in lines if "_valid_" in line and "convention.docx" in line)
    assert convention.endswith(" (modèle : docgen/templates/convention.docx)"), convention
    own = next(line for line in lines if "_amended_" in line and "_convention.docx" in line)
    assert own.endswith(" (modèle : templates/essai/propre.docx)"), own
    avenant = next(line for line in lines if "avenant-1" in line)
    assert avenant.endswith(" (modèle : docgen/templates/avenant.docx)"), avenant
    manifest = json.loads((tmp_path / "build" / "manifest.json").read_text(encoding="utf-8"))
    templates = {
        name.rsplit("/", 1)[-1]: entry["template"] for name, entry in manifest["files"].items()
    }
    assert templates["essai_amended_2024_convention.docx"] == "templates/essai/propre.docx"
    assert templates["essai_valid_2024_convention.docx"] == ("docgen/templates/convention.docx")
    document = docx.Document(
        str(tmp_path / "build" / "essai" / "essai_amended_2024_convention.docx")
    )
    assert document.paragraphs[0].text.startswith("Convention propre")


def test_a_template_a_convention_names_must_exist(tmp_path: Path) -> None:
    folder = make_project(tmp_path, "essai", [VALID])
    word(tmp_path / "templates" / "essai" / "quartiers-nord.docx", "x")
    with (folder / "valid.yaml").open("a", encoding="utf-8") as handle:
        handle.write(
            "modeles:\n  convention: quartiers-nrod.docx\n  avenant: avenant-propre.docx\n"
        )
    result = check_paths([folder / "valid.yaml"])
    end = len(VALID.read_text(encoding="utf-8").splitlines())
    found = sorted((f.rule, f.path, f.line) for f in result.findings)
    assert found == [
        ("template-missing", "modeles.avenant", end + 3),
        ("template-missing", "modeles.convention", end + 2),
        ("template-name", "", None),  # quartiers-nord.docx: no convention names it
    ], result.findings
    convention = next(f for f in result.findings if f.path == "modeles.convention")
    assert convention.message == (
        "le modèle choisi « quartiers-nrod.docx » n’existe pas dans templates/essai/"
    )
    assert "vouliez-vous dire « quartiers-nord.docx » ?" in convention.hint


def test_modeles_takes_only_file_names() -> None:
    schema = json.loads((ROOT / "docgen" / "schemas" / "convention.schema.json").read_text("utf-8"))
    modeles = schema["properties"]["modeles"]
    assert set(modeles["properties"]) == {"convention", "avenant"}
    assert modeles["additionalProperties"] is False


def test_misnamed_templates_are_warnings(tmp_path: Path) -> None:
    folder = make_project(tmp_path, "essai", [VALID])
    templates = tmp_path / "templates"
    word(templates / "essai" / "Convention.docx", "x")  # capital letter
    word(templates / "essai" / "lettre.docx", "x")  # no document of that name
    word(templates / "essai" / "propre.docx", "x")  # chosen by the convention: fine
    word(templates / "essai" / "~$nvention.docx", "x")  # Word's lock file: ignored
    (templates / "essai" / "convention.doc").write_bytes(b"old Word")
    word(templates / "esai" / "convention.docx", "x")  # a Département folder misspelt
    word(templates / "avenantt.docx", "x")
    (templates / "README.md").write_text("notes\n", encoding="utf-8")
    with (folder / "valid.yaml").open("a", encoding="utf-8") as handle:
        handle.write("modeles:\n  convention: propre.docx\n")
    result = check_paths([folder])
    assert result.errors() == 0, result.findings
    found = {Path(f.file).relative_to(templates).as_posix(): f for f in result.findings}
    assert sorted(found) == [
        "avenantt.docx",
        "esai",
        "essai/Convention.docx",
        "essai/convention.doc",
        "essai/lettre.docx",
    ]
    assert {f.rule for f in found.values()} == {"template-name"}
    assert all(f.severity.value == "avertissement" for f in found.values())
    assert found["essai/Convention.docx"].hint.startswith("renommez-le convention.docx")
    assert found["avenantt.docx"].hint.startswith("renommez-le avenant.docx")
    assert found["esai"].hint == "renommez-le essai/"
    assert found["essai/convention.doc"].message == "format .doc non lu par docgen"
    assert "modeles:" in found["essai/lettre.docx"].hint
    # A warning: check passes, --strict does not.
    assert CliRunner().invoke(main, ["check", str(folder)]).exit_code == 0
    assert CliRunner().invoke(main, ["check", "--strict", str(folder)]).exit_code == 1


def test_a_departement_of_the_repository_not_in_this_run_is_known(tmp_path: Path) -> None:
    folder = make_project(tmp_path, "essai", [VALID])
    other = make_project(tmp_path, "autre", [VALID])
    word(tmp_path / "templates" / "autre" / "convention.docx", "x")
    word(tmp_path / "templates" / "autre" / "propre.docx", "x")
    with (other / "valid.yaml").open("a", encoding="utf-8") as handle:
        handle.write("modeles:\n  convention: propre.docx\n")
    assert check_paths([folder]).findings == []
    word(tmp_path / "templates" / "autre" / "inutile.docx", "x")
    (finding,) = check_paths([folder]).findings
    assert finding.file.endswith("templates/autre/inutile.docx")


def test_a_departement_may_tune_the_warning(tmp_path: Path) -> None:
    folder = make_project(tmp_path, "essai", [VALID])
    word(tmp_path / "templates" / "essai" / "brouillon.docx", "x")
    text = (folder / "departement.yaml").read_text(encoding="utf-8")
    (folder / "departement.yaml").write_text(
        text + "regles:\n  template-name: {actif: false, raison: brouillons de la juriste}\n",
        encoding="utf-8",
    )
    assert check_paths([folder]).findings == []


def test_the_shipped_templates_are_package_data() -> None:
    assert templates_dir() == ROOT / "docgen" / "templates"
    for name, template in default_registry().templates().items():
        assert template.folder is None
        assert (templates_dir() / f"{name}.docx").is_file(), name
    # The repository's own templates/ holds a Département's overrides (the Nord's), never
    # defaults: nothing at its top level.
    assert not any((ROOT / "templates").glob("*.docx")), "templates/ holds overrides only"
    assert convention_kind.TEMPLATE.name == "convention"
    assert avenant_kind.TEMPLATE.name == "avenant"


def test_budget_apply_uses_the_conventions_own_avenant_template(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ROOT / "contracts", tmp_path / "contracts")
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    folder = tmp_path / "contracts" / "pas-de-calais"
    word(
        tmp_path / "templates" / "pas-de-calais" / "avenant-elp.docx",
        "Avenant propre n° {{ avenant.number }}",
    )
    text = (folder / "elp.yaml").read_text(encoding="utf-8")
    assert "avenants:" not in text
    (folder / "elp.yaml").write_text(text + "modeles:\n  avenant: avenant-elp.docx\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["budget", "apply", "contracts/pas-de-calais/budgets/2025.yaml"]
    )
    assert result.exit_code == 0, result.output
    line = next(
        line for line in result.output.splitlines() if "_elp_" in line and "avenant" in line
    )
    assert line.endswith("(modèle : templates/pas-de-calais/avenant-elp.docx)"), line
