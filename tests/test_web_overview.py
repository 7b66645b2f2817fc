"""The repository at a glance (docgen.web.overview), as the home page shows it."""

from __future__ import annotations

from pathlib import Path

from docgen.core.project import Project
from docgen.web.overview import overview
from docgen.web.repository import Repository

from .conftest import CONTRACTS


def repository(root: Path, departement: str) -> Repository:
    (root / "docgen.toml").write_text("", encoding="utf-8")
    folder = root / "contracts" / "calvados"
    folder.mkdir(parents=True)
    (folder / "departement.yaml").write_text(departement, encoding="utf-8")
    return Repository(Project(root, "docgen.toml"))


def test_a_departement_with_blanks_left_is_shown_by_its_name(tmp_path: Path) -> None:
    text = (CONTRACTS / "pas-de-calais" / "departement.yaml").read_text(encoding="utf-8")
    assert "nom: Pas-de-Calais" in text and "tribunal_administratif: Lille" in text
    with_blank = text.replace("nom: Pas-de-Calais", "nom: Calvados", 1).replace(
        "tribunal_administratif: Lille", "tribunal_administratif: à compléter"
    )
    (view,) = overview(repository(tmp_path, with_blank)).departements
    assert view.of_kind("departement")[0].errors  # the blank: its model is not made
    assert (view.folder, view.title) == ("calvados", "Calvados")
