"""The README: a short entry point (what docgen is, its quick start, its installation, the
three ways to use it, links to the documentation site), whose quick start is what CI runs.

Its relative links are checked with those of docs/ in tests/test_docs.py.
"""

from __future__ import annotations

import re

from .conftest import ROOT

README = ROOT / "README.md"
MAX_LINES = 500


def test_the_readme_stays_short() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MAX_LINES, "move the details to a page of docs/"


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    readme = README.read_text(encoding="utf-8")
    quick = readme.split("## Démarrage rapide", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^```sh\n(.*?)\n```", quick, re.M | re.S)
    assert commands == ["make run", "make test"]
    assert "docgen serve" in quick  # the workspace, in the browser, right after make run
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_ci_runs_the_quick_tests_and_the_slow_ones() -> None:
    """make test leaves out the tests marked slow; CI runs them too, so none is dropped."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test test-lent$", ci, re.M)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    quick = makefile.split("\ntest: ", 1)[1].split("\n\n", 1)[0]
    slow = makefile.split("\ntest-lent: ", 1)[1].split("\n\n", 1)[0]
    assert '-m "not slow"' in quick and "-m slow" in slow


def test_the_readme_links_to_each_guide_and_the_generated_reference() -> None:
    readme = README.read_text(encoding="utf-8")
    for page in (
        "docs/espace-de-travail.md",
        "docs/juriste/ecrire-une-convention.md",
        "docs/juriste/modifier-une-clause.md",
        "docs/juriste/preparer-une-signature.md",
        "docs/juriste/lire-une-anomalie.md",
        "docs/administrateur/installer.md",
        "docs/integration-continue.md",
        "docs/reference/champs-convention.md",
        "docs/reference/regles.md",
    ):
        assert f"]({page})" in readme, page
    # docgen's messages send a template author to this section for the admitted fields.
    assert "\n## Les modèles Word\n" in readme
