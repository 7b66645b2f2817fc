"""The documentation site: its generated reference follows the code, every relative link
of the README and of docs/ leads to a file, and ``mkdocs build --strict`` passes offline."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.commands.reference import documented_errors, exit_codes_table
from docgen.core.errors import DocgenError

from .conftest import ROOT

DOCS = ROOT / "docs"
# [texte](cible), ![image](cible), <img src="cible">: the targets a reader follows.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|<img [^>]*src=\"([^\"]+)\"")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
CODE = re.compile(r"`[^`\n]*`")


def reference_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "reference_script", ROOT / "scripts" / "reference.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_reference_pages_are_up_to_date() -> None:
    script = reference_script()
    pages = script.pages()
    assert "reference/champs-convention.md" in pages
    assert "reference/yaml-convention.md" in pages
    for path, text in pages.items():
        page = DOCS / path
        assert page.is_file(), f"{path} missing: run python scripts/reference.py --write"
        assert page.read_text(encoding="utf-8") == text, (
            f"{path} out of date: run python scripts/reference.py --write"
        )
    on_disk = {f"reference/{p.name}" for p in (DOCS / "reference").glob("*.md")}
    assert on_disk == set(pages), "a page of docs/reference/ is no longer generated"
    schema = script.SCHEMA.read_text(encoding="utf-8")
    assert script.schema_text(schema) == schema, "run: python scripts/reference.py --write"


def test_the_reference_shows_what_the_filters_actually_print() -> None:
    filters = (DOCS / "reference" / "filtres.md").read_text(encoding="utf-8")
    row = "| `{{ valeur|montant }}` | 312345.67 | « 312\u202f345,67\u00a0€ » |"
    assert row in filters
    assert "« trois cent douze mille trois cent quarante-cinq euros et soixante-sept" in filters


def test_the_schema_pages_give_each_key_its_path_type_and_requirement() -> None:
    convention = (DOCS / "reference" / "yaml-convention.md").read_text(encoding="utf-8")
    row = "| `communes[].nom` | texte | oui | Nom officiel de la commune. | `Carvin` |"
    assert row in convention
    assert "| `association.adresse.code_postal` | code | oui |" in convention
    assert "| `signature.date` | date, ou vide | non |" in convention
    departement = (DOCS / "reference" / "yaml-departement.md").read_text(encoding="utf-8")
    row = "| `regles.<règle>.severite` | texte : `erreur` ou `avertissement` | non |"
    assert row in departement


def every_docgen_error() -> set[type[DocgenError]]:
    import docgen.cli  # noqa: F401  (imports every module that defines an exception)

    found: set[type[DocgenError]] = set()
    todo = [DocgenError]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub.__module__.startswith("docgen."):
                found.add(sub)
                todo.append(sub)
    return found


def test_every_exception_that_stops_docgen_has_its_exit_code_documented() -> None:
    # The workspace's own errors become French error pages, not exit codes.
    commands = [p for p in (ROOT / "docgen").rglob("*.py") if "web" not in p.parts]
    raised = {
        error
        for error in every_docgen_error()
        if any(f"raise {error.__name__}(" in path.read_text(encoding="utf-8") for path in commands)
    }
    assert raised <= set(documented_errors())
    table = exit_codes_table()
    assert "| `1` | un fichier est à corriger |" in table
    assert "| `2` | docgen n’a pas pu s’exécuter |" in table


def test_a_missing_chosen_template_exits_with_the_code_the_page_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docgen.toml").write_text("", encoding="utf-8")
    shutil.copytree(ROOT / "contracts" / "nord", tmp_path / "contracts" / "nord")
    monkeypatch.chdir(tmp_path)  # no templates/: calpae.docx, which it chooses, is missing
    result = CliRunner().invoke(main, ["check", "contracts/nord/calpae-2022.yaml"])
    assert "[template-missing]" in result.output
    (row,) = [line for line in exit_codes_table().splitlines() if "(`modeles:`)" in line]
    assert row.startswith(f"| `{result.exit_code}` |")


def markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


def links(page: Path) -> list[str]:
    text = CODE.sub("", FENCE.sub("", page.read_text(encoding="utf-8")))
    return [a or b for a, b in LINK.findall(text)]


def test_every_relative_link_of_the_readme_and_the_docs_leads_to_a_file() -> None:
    broken = []
    for page in markdown_files():
        for target in links(page):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (page.parent / target.split("#", 1)[0]).resolve()
            # The site is built from docs/: a page cannot link outside it.
            inside = page == ROOT / "README.md" or path.is_relative_to(DOCS)
            if not path.exists() or not inside:
                broken.append(f"{page.relative_to(ROOT)}: {target}")
    assert broken == []
    assert "docs/index.md" in links(ROOT / "README.md")


def sh_lines(text: str) -> list[str]:
    blocks = re.findall(r"^```sh\n(.*?)\n```", text, re.M | re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_install_guide_gives_the_readme_install_commands() -> None:
    """tests/test_package.py runs the README's; the guide must not drift from them."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Installation\n", 1)[1].split("\n## ", 1)[0]
    guide = (DOCS / "administrateur" / "installer.md").read_text(encoding="utf-8")
    assert sh_lines(guide)[: len(sh_lines(section))] == sh_lines(section)


def test_the_site_builds_strictly_and_offline(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    html = (site / "reference" / "regles" / "index.html").read_text(encoding="utf-8")
    assert "amounts-reconcile" in html
    assert '<html lang="fr"' in (site / "index.html").read_text(encoding="utf-8")
    pages = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    assert not any("fonts.googleapis" in page or "fonts.gstatic" in page for page in pages)
